/*
 * expert.h — the talent pool (科技人才库): expert profiles, their declared
 * conflicts of interest, and an expert's own data.
 *
 * A profile: name, organisation (and so region and city), title,
 * disciplines (GB/T 13745 codes, domain/discipline.h), research keywords
 * in Chinese and English, biography, achievements as counts (papers,
 * patents, projects, awards), ORCID iD (checksum validated) and contact
 * details (email, phone), optionally linked to the expert's own account.
 *
 * Who may do what:
 *  - read a profile without contact details: anyone;
 *  - contact details are personal information: the expert (their linked
 *    account), the region coordinators of the expert's region, the
 *    community office and system administrators may see them, and every
 *    view writes an audit entry (expert_contact());
 *  - add a profile: system administrators and the office for any
 *    organisation, a coordinator for those of their region, an
 *    organisation administrator for their own;
 *  - change or delete one: the same, and the expert themself (who cannot
 *    move it to another organisation or relink it);
 *  - an expert exports (expert_export_mine()) and deletes their own data;
 *  - the command line (no user, no client address) acts as the system
 *    and may do all of this.
 *
 * Validation (DERR_INVALID naming the field): the field spec below; at
 * least one and at most EXPERT_MAX_DISCIPLINES known discipline codes;
 * keywords (a JSON array of strings, or one string separated by ；;,，、
 * or new lines) at most EXPERT_MAX_KEYWORDS of at most 40 characters;
 * an ORCID iD in the form 0000-0002-1825-0097 with the right check
 * character (code "bad_checksum" when only that is wrong); a plausible
 * email and phone number.  DERR_CONFLICT (code "duplicate") when the
 * same name at the same organisation with the same ORCID iD (or both
 * without) exists already, or the ORCID iD is someone else's.
 *
 * Every write is one transaction with its audit entry; the audit records
 * whether contact details were set, never their values.
 */
#ifndef DOMAIN_EXPERT_H
#define DOMAIN_EXPERT_H

#include <jansson.h>
#include "domain/catalog.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/expert.h"

#define EXPERT_MAX_DISCIPLINES 5
#define EXPERT_MAX_KEYWORDS 20
#define EXPERT_KEYWORD_CHARS 40

extern const struct field expert_fields[];
extern const struct term vocab_expert_title[];

/* ---- validation, shared with the importer ------------------------------- */

/* Applies in (a JSON object: expert_fields plus "keywords",
 * "keywords_en" and "disciplines") to x without touching the database:
 * normalises keywords to one per line, disciplines to sorted codes
 * separated by spaces, the ORCID iD to its canonical form.  Strings go
 * to c->a.  x may be partly written on failure. */
int expert_parse(struct ctx *c, json_t *in, struct expert *x, enum fields_mode mode,
		 struct derr *e);
/* Splits a space-separated list (x->disciplines) into c->a strings. */
int expert_codes(struct ctx *c, const char *list, const char ***codes, size_t *n);
/* Splits a one-per-line list (x->keywords) into c->a strings. */
int expert_lines(struct ctx *c, const char *list, const char ***lines, size_t *n);

/* ---- reading ------------------------------------------------------------ */

/* The profile without contact details (email and phone are NULL). */
int expert_get(struct ctx *c, int64_t id, struct expert *out, struct derr *e);
/* The profile with contact details, for those who may see them (else
 * DERR_FORBIDDEN / DERR_UNAUTHORIZED); writes the audit entry of the
 * view. */
int expert_contact(struct ctx *c, int64_t id, struct expert *out, struct derr *e);
/* May the actor see this expert's contact details / change the profile?
 * (For showing links; the calls above check again.) */
int expert_may_see_contact(const struct ctx *c, const struct expert *x);
int expert_may_edit(const struct ctx *c, const struct expert *x);
/* May the actor add experts at all (to some organisation)?  To those of
 * this organisation, which lies in region? */
int expert_may_add(const struct ctx *c);
int expert_may_manage(const struct ctx *c, int64_t org_id, const char *region);

/* A search of the pool by name and filters. */
struct expert_query {
	const char *name;                /* prefix of the Chinese or English name */
	const char *region, *city, *title, *discipline;
	int64_t org_id;
	int64_t page, per_page;          /* 1-based; per_page 1..100 */
};
struct expert_page {
	struct expert *items;
	size_t n;
	int64_t total;
	/* per item: the projects the expert leads or co-leads (at most 5) */
	struct expert_project **leads;
	size_t *nleads;
};
int expert_list(struct ctx *c, const struct expert_query *q, struct expert_page *out,
		struct derr *e);

/* ---- writing ------------------------------------------------------------ */

int expert_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
int expert_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
		  struct derr *e);
int expert_delete(struct ctx *c, int64_t id, struct derr *e);

/* The actor's own profile, with contact details (DERR_NOT_FOUND if the
 * account is linked to none). */
int expert_mine(struct ctx *c, struct expert *out, struct derr *e);
/* Everything held about the actor as an expert, as one JSON document:
 * the profile with contact details, declared conflicts, projects and the
 * review panels they were drawn for.  Audited.  NULL with e set. */
json_t *expert_export_mine(struct ctx *c, struct derr *e);

/* ---- conflicts of interest ---------------------------------------------- */

/* Declares that the expert must not review work of an organisation
 * ({"org_id": N}) or of another expert ({"expert_id": N}), with an
 * optional "reason".  Allowed to those who may edit the profile. */
int expert_conflict_add(struct ctx *c, int64_t expert_id, json_t *in, int64_t *id,
			struct derr *e);
int expert_conflict_remove(struct ctx *c, int64_t conflict_id, struct derr *e);
/* Declared conflicts are seen by those who may edit the profile. */
int expert_conflicts(struct ctx *c, int64_t expert_id, struct expert_conflict **out,
		     size_t *n, struct derr *e);
json_t *expert_conflict_json(const struct expert_conflict *k);

/* ---- JSON --------------------------------------------------------------- */

/* The profile as the API gives it; contact details only when
 * with_contact.  NULL on ENOMEM. */
json_t *expert_json(const struct expert *x, int with_contact);
json_t *expert_project_json(const struct expert_project *p);

#endif
