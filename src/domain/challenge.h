/*
 * challenge.h — enterprise technical challenges (揭榜挂帅 榜单): an
 * enterprise's hard technical problem, reviewed by its region's
 * coordinator, published, answered by teams anywhere in the region, and
 * solved when the poster selects one response (揭榜), which turns the
 * challenge into a joint project whose members are the response's
 * consortium (project.h).
 *
 * The challenge document: {"title", "statement", "indicators", "field",
 * "budget_cny", "deadline" (YYYY-MM-DD, the last day responses are taken,
 * China Standard Time), "open_to": all|regions, "regions": [codes],
 * "ip_terms": poster|team|shared|negotiated, "ip_note", "anonymous":
 * true|false, "poster_org_id" (an enterprise; the actor's organisation by
 * default)}.  The response document: {"lead_org_id", "members": [org ids],
 * "experts": [{"expert_id", "role"}], "plan", "budget_cny"}.
 *
 * States: submitted → published (by the coordinator) or returned (with a
 * reason; a change resubmits it) → closed (by the poster, nobody
 * selected) or selected (by the poster: one response selected, the
 * project made).  Responses: submitted → shortlisted → selected, or
 * withdrawn by their team before the deadline, or declined when another
 * is selected or the challenge closes.
 *
 * Who may do what:
 *   draft       accounts of an enterprise for it; a region coordinator for
 *               an enterprise of their region; system administrators.
 *   change      while submitted or returned: the poster (below), the
 *               region's coordinator, system administrators.
 *   publish, return
 *               only the coordinator of the poster's region.
 *   shortlist, select, close
 *               only the poster: the account that drafted it and the
 *               administrators of the poster enterprise.
 *   respond     accounts of the lead organisation (system administrators
 *               for any), while published and before the deadline, once
 *               per lead organisation; not the poster itself; when the
 *               challenge names regions, the lead must be in one of them.
 *   withdraw    the response's author, its lead organisation's
 *               administrators, system administrators; before the deadline.
 *   read        published, closed and selected challenges: anyone (the
 *               poster hidden when anonymous); others: the poster's side,
 *               the region's coordinator, the office, system
 *               administrators.  Responses: those same people see all;
 *               a team sees its own.
 * Refusals: a deadline in the past, regions named without open_to
 * regions (or none with it), responding after the deadline or twice,
 * shortlisting or selecting a withdrawn response, deciding on someone
 * else's challenge.  Every write is audited; publishing puts the
 * challenge in the duplicate detector's history, closing and selection
 * take it out (and selection puts the project in), in the same
 * transaction.
 */
#ifndef DOMAIN_CHALLENGE_H
#define DOMAIN_CHALLENGE_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/expert_match.h"
#include "domain/fields.h"
#include "store/challenge.h"

#define CHALLENGE_MAX_CNY 100000000000LL    /* 100 billion yuan */
#define CHALLENGE_MAX_DAYS 1100             /* a deadline at most ~3 years on */

extern const struct term vocab_challenge_state[];
extern const struct term vocab_ip_terms[];
extern const struct term vocab_open_to[];
extern const struct term vocab_response_state[];
extern const struct field challenge_fields[];
extern const struct field response_fields[];

int challenge_create(struct ctx *c, json_t *in, int64_t now, int64_t *id, struct derr *e);
int challenge_update(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e);
int challenge_publish(struct ctx *c, int64_t id, int64_t now, struct derr *e);
/* reason: 1-500 characters. */
int challenge_return(struct ctx *c, int64_t id, const char *reason, int64_t now,
		     struct derr *e);
int challenge_close(struct ctx *c, int64_t id, int64_t now, struct derr *e);
/* DERR_NOT_FOUND also when the actor may not read it. */
int challenge_get(struct ctx *c, int64_t id, struct challenge *out, struct derr *e);

struct challenge_query {
	const char *q, *field, *region, *state;
	int open;                      /* published and before the deadline */
	int mine;                      /* posted by the actor's organisation (any state) */
	int review;                    /* waiting for the actor's review */
	int responded;                 /* the actor's organisation responded */
	int64_t page, per_page, now;
};
/* What the actor may read, narrowed by q. */
int challenge_list(struct ctx *c, const struct challenge_query *q, struct challenge **out,
		   size_t *n, int64_t *total, struct derr *e);

int challenge_may_create(const struct ctx *c);
int challenge_may_edit(const struct ctx *c, const struct challenge *k);
int challenge_may_review(const struct ctx *c, const struct challenge *k);
int challenge_may_decide(const struct ctx *c, const struct challenge *k);
int challenge_may_see_all(const struct ctx *c, const struct challenge *k);
/* Published and before the deadline, and the actor could respond. */
int challenge_may_respond(const struct ctx *c, const struct challenge *k, int64_t now);
/* As the actor may see it (the poster hidden when anonymous). */
json_t *challenge_json(const struct ctx *c, const struct challenge *k, int64_t now);

int response_create(struct ctx *c, int64_t challenge_id, json_t *in, int64_t now, int64_t *id,
		    struct derr *e);
int response_withdraw(struct ctx *c, int64_t id, int64_t now, struct derr *e);
int response_shortlist(struct ctx *c, int64_t id, int64_t now, struct derr *e);
/* Selects the response: the challenge is solved and becomes a project
 * (*project_id).  Other live responses are declined. */
int response_select(struct ctx *c, int64_t id, int64_t now, int64_t *project_id,
		    struct derr *e);
/* DERR_NOT_FOUND also when the actor may not see it. */
int response_get(struct ctx *c, int64_t id, struct response *out, struct derr *e);
/* The responses of k the actor may see, with members and experts. */
int response_list(struct ctx *c, const struct challenge *k, struct response **out, size_t *n,
		  struct derr *e);
int response_may_withdraw(const struct ctx *c, const struct challenge *k,
			  const struct response *x, int64_t now);
json_t *response_json(const struct response *x);

/* ---- recommendations (challenge_match.c) --------------------------------- */

struct reco_org {
	int64_t org_id;
	const char *name_zh, *name_en, *region_code, *region_zh, *region_en;
	int64_t experts, instruments;    /* how many of the recommended are its own */
	double score;
};
struct challenge_reco {
	struct match_result experts;     /* from the talent pool's expert finding */
	int experts_available;           /* 0: expert finding could not answer */
	const char *experts_note;        /* why, when it could not */
	const char *instrument_query;    /* the catalogue query that was run */
	struct instrument *instruments;
	size_t ninstruments;
	struct reco_org *orgs;
	size_t norgs;
};
/*
 * Experts, shared instruments and organisations that fit the challenge,
 * best first (at most limit of each, 1..20): experts through the talent
 * pool's matching of the challenge's text (those of the poster left out,
 * and when the challenge names regions, those of other regions); instruments
 * through the catalogue's full-text search for the text's words (any of
 * them, ranked by BM25); organisations from the owners of both, scored by
 * the experts' scores and one point per instrument.  Everything in c->a.
 */
int challenge_recommend(struct ctx *c, const struct challenge *k, size_t limit,
			struct challenge_reco *out, struct derr *e);
json_t *challenge_reco_json(const struct challenge_reco *r);

#endif
