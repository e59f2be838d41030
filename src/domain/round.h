/*
 * round.h — the pre-approval consultation (立项前会商): rounds, the draft
 * guide items the regions submit, the overlap report, the decisions, and
 * the consolidated list.
 *
 * A round is opened by the community office (or a system administrator)
 * for a year and a set of industrial fields (domain/industry.h), with the
 * thresholds of its report.  While it is open, each region's coordinator
 * submits, edits and withdraws their region's items — one by one (form or
 * API) or as a whole sheet (round_import(), CSV or XLSX) — and the office
 * may do so for any region.  Everyone who takes part (coordinators, the
 * office, administrators) reads every region's items: that is the point.
 *
 * The report is computed as items arrive, in the item's own transaction:
 *   - round pairs: an item and an item of ANOTHER region of the round,
 *     at the suspected level or above (duplicate, suspected), or, within
 *     one field, topically related (level "related": candidates for joint
 *     funding, grouped into clusters that span regions);
 *   - history pairs: an item and a funded project, an open challenge or a
 *     funded item of an earlier round, at the suspected level or above.
 * Editing an item computes its pairs again (a pair that still overlaps
 * keeps its decision); changing the thresholds computes the round again.
 *
 * Decisions, on each duplicate or suspected pair: merge (round pairs: one
 * item is kept, the other is merged into it), cofund (both funded jointly;
 * with a history document: joint funding with the existing project), keep
 * (both stay, with a reason) or withdraw (one item leaves the round).
 * Only the coordinators of the regions involved (the regions of the two
 * sides) and the office or administrators may decide; an item may be
 * merged away or withdrawn only by its own region's coordinator (or the
 * office).  Merge and withdraw are final; keep and cofund may be changed
 * while the round is open.
 *
 * Closing (office): refused while a duplicate or suspected pair between
 * two live items has no decision.  The live items become funded and join
 * the history; the round's consolidated list (funded items, with what was
 * merged into them and who co-funds them) is published as a page and an
 * XLSX workbook.  Everything is audited.
 */
#ifndef DOMAIN_ROUND_H
#define DOMAIN_ROUND_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/overlap.h"

struct ovq;

extern const struct field round_fields[];
extern const struct field item_fields[];
extern const struct term vocab_round_state[];
extern const struct term vocab_item_state[];
extern const struct term vocab_decision[];
extern const struct term vocab_level[];

#define ROUND_MAX_FIELDS 16
#define ROUND_BUDGET_MAX 10000000     /* 万元: 1,000 亿元 */

/* May the actor see the round's drafts and report (coordinators, office,
 * administrators)?  Closed rounds' lists are public. */
int round_may_take_part(const struct ctx *c);
/* May the actor open rounds, change their settings and close them? */
int round_may_run(const struct ctx *c);
/* May the actor submit or change items of region in an open round? */
int round_may_edit_region(const struct ctx *c, const char *region);

/* ---- rounds ------------------------------------------------------------- */

/* Opens a round from JSON {year, title, fields: [keys], suspect?,
 * duplicate?, related?}. */
int round_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
/* Changes title, year, fields or thresholds of an open round (a PATCH);
 * new thresholds compute the round's report again. */
int round_update(struct ctx *c, int64_t id, json_t *in, struct derr *e);
int round_get(struct ctx *c, int64_t id, struct overlap_round *out, struct derr *e);
/* Rounds the actor may see: all for participants, closed ones for others. */
int round_list(struct ctx *c, struct overlap_round **out, size_t *n, struct derr *e);
int round_close(struct ctx *c, int64_t id, struct derr *e);
json_t *round_json(const struct overlap_round *r);

/* ---- items -------------------------------------------------------------- */

/* Adds an item from JSON {region?, field, title, content, indicators?,
 * budget_wan?}; region defaults to the coordinator's own. */
int item_create(struct ctx *c, int64_t round_id, json_t *in, int64_t *id, struct derr *e);
/* A PATCH of field, title, content, indicators, budget_wan. */
int item_update(struct ctx *c, int64_t id, json_t *in, struct derr *e);
/* Withdraws the item from its round (its own region or the office). */
int item_withdraw(struct ctx *c, int64_t id, struct derr *e);
int item_get(struct ctx *c, int64_t id, struct guide_item *out, struct derr *e);
int item_list(struct ctx *c, int64_t round_id, const char *region, struct guide_item **out,
	      size_t *n, struct derr *e);
json_t *item_json(const struct guide_item *it);

/* ---- the report --------------------------------------------------------- */

/* A group of related items of one field from several regions. */
struct round_cluster {
	const char *field;
	int64_t *items;              /* guide item ids */
	size_t n;
	int regions;
};

struct round_report {
	struct overlap_pair *pairs;  /* duplicate and suspected, best first */
	size_t npairs;
	struct round_cluster *clusters;
	size_t nclusters;
};

/* The round's report: scope "round", "history" or NULL for both. */
int round_report(struct ctx *c, int64_t round_id, const char *scope,
		 struct round_report *out, struct derr *e);
int pair_get(struct ctx *c, int64_t id, struct overlap_pair *out, struct derr *e);
/* The pair's passages: byte ranges of each part of side a that occur in
 * side b, and the reverse (in c->a). */
struct pair_passages {
	struct hl_range *a[3], *b[3];
	size_t na[3], nb[3];
};
int pair_passages(struct ctx *c, const struct overlap_pair *p, struct pair_passages *out,
		  struct derr *e);
/* Records a decision from JSON {decision, item?, reason?}. */
int pair_decide(struct ctx *c, int64_t id, json_t *in, struct derr *e);
/* May the actor decide this pair? */
int pair_may_decide(const struct ctx *c, const struct overlap_pair *p);
json_t *pair_json(const struct overlap_pair *p);

/* Computes and stores the overlaps of one round document (inside the
 * caller's transaction; doc is its overlap_doc row id, q its prepared
 * text). */
int round_pairs_for_item(struct ctx *c, const struct overlap_round *r, int64_t doc,
			 const char *region, const char *field, struct ovq *q, struct derr *e);
/* Computes and stores the overlaps of a history document with the items
 * of every open round (inside the caller's transaction). */
int round_pairs_for_history(struct ctx *c, int64_t doc, struct ovq *q, struct derr *e);

/* ---- the consolidated list ---------------------------------------------- */

struct list_entry {
	struct guide_item item;
	int64_t *merged;             /* items merged into this one */
	size_t nmerged;
	int64_t *cofunded;           /* items and documents funded jointly with it */
	size_t ncofunded;
	const char *cofund_titles;   /* their titles, joined with "；" */
};

/* The consolidated list: the live items of the round with their notes.
 * Public for a closed round; participants only while it is open. */
int round_list_entries(struct ctx *c, int64_t round_id, struct list_entry **out, size_t *n,
		       struct derr *e);
/* The consolidated list as an XLSX workbook, appended to out (columns
 * headed in both languages). */
int round_list_xlsx(struct ctx *c, int64_t round_id, struct buf *out, struct derr *e);

/* ---- import ------------------------------------------------------------- */

#define ROUND_IMPORT_MAX_ROWS 5000
#define ROUND_IMPORT_MAX_ERRORS 500

struct round_import_error {
	size_t line;                 /* CSV line or sheet row */
	const char *field;           /* column key, or "" for the row */
	const char *code;
	const char *message;
};

struct round_import_result {
	size_t rows, imported;
	struct round_import_error *errors;
	size_t nerrors;              /* listed (at most ROUND_IMPORT_MAX_ERRORS) */
	size_t bad_rows;             /* all bad rows */
};

/*
 * Imports a sheet of items (CSV, or XLSX told by its bytes) for region
 * (NULL: the coordinator's own; a 区域/region column may name each row's).
 * Header: 标题/title, 领域/field, 研究内容/content, 考核指标/indicators,
 * 预算（万元）/budget_wan, in any order.  Every row is checked as
 * item_create() checks one, and every bad row is listed in out.  With
 * dry_run nothing is written and 0 is returned.  Otherwise, if any row is
 * bad, nothing is imported and -1 comes back (DERR_INVALID, code
 * "bad_rows", the message naming the lines); if all are good they are
 * added in one transaction, each with its overlaps, with one audit entry.
 */
int round_import(struct ctx *c, int64_t round_id, const char *region, const void *data,
		 size_t len, int dry_run, struct round_import_result *out, struct derr *e);

#endif
