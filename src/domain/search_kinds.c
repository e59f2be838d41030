/*
 * search_kinds.c — the kinds the platform-wide search finds (see
 * search_kinds.h for what an entry says and what adding one takes).
 */
#include <string.h>
#include "core/util.h"
#include "domain/contract.h"
#include "domain/expert.h"
#include "domain/industry.h"
#include "domain/round.h"
#include "domain/search_kinds.h"
#include "core/banned.h"

/* Technology contracts are never public.  Who reads one is the rule of
 * contract.c (may_read), restated here for the index's terms: the
 * system administrators and the community office every contract, a
 * region's coordinator those with a party in the region, an
 * organisation's people those their organisation signed. */
static int grant_contract(const struct ctx *c, struct search_grant *g)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		g->scope = SEARCH_SEE_ALL;
		return 1;
	case ROLE_COORDINATOR:
		if (!c->user->region_code)
			return 0;
		g->scope = SEARCH_SEE_REGION;
		g->region = c->user->region_code;
		return 1;
	case ROLE_ORG_ADMIN:
	case ROLE_MEMBER:
		if (c->user->org_id <= 0)
			return 0;
		g->scope = SEARCH_SEE_ORG;
		g->org_id = c->user->org_id;
		return 1;
	default:
		return 0;
	}
}

/* Challenges not yet published are for the system administrators, the
 * office, their region's coordinator and their poster (challenge.c's
 * challenge_may_see_all); the index names no poster of an anonymous one,
 * so its people find it on their own pages, not here. */
static int grant_challenge(const struct ctx *c, struct search_grant *g)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		g->scope = SEARCH_SEE_ALL;
		return 1;
	case ROLE_COORDINATOR:
		if (!c->user->region_code)
			return 0;
		g->scope = SEARCH_SEE_REGION;
		g->region = c->user->region_code;
		return 1;
	case ROLE_ORG_ADMIN:
	case ROLE_MEMBER:
		if (c->user->org_id <= 0)
			return 0;
		g->scope = SEARCH_SEE_ORG;
		g->org_id = c->user->org_id;
		return 1;
	default:
		return 0;
	}
}

/* Guide items that are not yet public (not funded in a closed round) are
 * for the consultation's participants (round.c). */
static int grant_guide_item(const struct ctx *c, struct search_grant *g)
{
	if (!c->user || !round_may_take_part(c))
		return 0;
	g->scope = SEARCH_SEE_ALL;
	return 1;
}

static const char *const instrument_aliases[] = { "仪器", "instruments", NULL };
static const char *const facility_aliases[] = { "设施", "大科学装置", "facilities", NULL };
static const char *const org_aliases[] = { "organisation", "organization", "单位", "机构",
					   "organisations", "organizations", NULL };
static const char *const expert_aliases[] = { "专家", "人才", "experts", NULL };
static const char *const guide_aliases[] = { "指南", "guide", "guide-item", "guide_items", NULL };
static const char *const contract_aliases[] = { "合同", "技术合同", "contracts", NULL };
static const char *const project_aliases[] = { "项目", "联合攻关", "projects", NULL };
static const char *const challenge_aliases[] = { "榜单", "揭榜挂帅", "challenges", NULL };

/* Weights: the shared instruments, facilities and organisations are what
 * most searches are for; experts, guide items and contracts are many
 * and wordy (guide items of a round are often near copies), so at equal
 * text their records come a little later.  Tuned on the relevance set
 * (tests/relevance/). */
const struct search_kind search_kinds[] = {
	{ "instrument", "大型科研仪器", "Instrument", "/instruments/%lld", 1.0,
	  vocab_category, instrument_aliases, NULL },
	{ "facility", "重大科技基础设施", "Facility", "/instruments/%lld", 1.2,
	  vocab_category, facility_aliases, NULL },
	{ "org", "单位", "Organisation", "/orgs/%lld", 1.2,
	  vocab_org_kind, org_aliases, NULL },
	{ "expert", "专家", "Expert", "/experts/%lld", 0.9,
	  vocab_expert_title, expert_aliases, NULL },
	{ "guide_item", "指南条目", "Guide item", "/guide-items/%lld", 0.8,
	  vocab_industry, guide_aliases, grant_guide_item },
	{ "contract", "技术合同", "Technology contract", "/contracts/%lld", 0.8,
	  vocab_tech_field, contract_aliases, grant_contract },
	/* public, as their pages (migration 8) */
	{ "project", "联合攻关项目", "Joint project", "/projects/%lld", 0.9,
	  vocab_industry, project_aliases, NULL },
	{ "challenge", "榜单", "Challenge", "/challenges/%lld", 0.9,
	  vocab_industry, challenge_aliases, grant_challenge },
};
const size_t nsearch_kinds = ARRAY_SIZE(search_kinds);

const struct search_kind *search_kind_find(const char *key)
{
	for (size_t i = 0; key && i < nsearch_kinds; i++)
		if (strcmp(search_kinds[i].key, key) == 0)
			return &search_kinds[i];
	return NULL;
}

const struct search_kind *search_kind_named(const char *word)
{
	for (size_t i = 0; word && i < nsearch_kinds; i++) {
		const struct search_kind *k = &search_kinds[i];
		if (str_ieq(k->key, word) || strcmp(k->zh, word) == 0 || str_ieq(k->en, word))
			return k;
		for (const char *const *a = k->aliases; a && *a; a++)
			if (str_ieq(*a, word))
				return k;
	}
	return NULL;
}

const char *search_kind_category(const struct search_kind *k, const char *value,
				 const char *lang)
{
	if (!k || !k->categories || !value)
		return value;
	return vocab_label(k->categories, value, lang);
}
