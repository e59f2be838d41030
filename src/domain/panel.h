/*
 * panel.h — review-panel draws (专家抽取): for an item under review, N
 * experts who meet the constraints, drawn at random in a way anyone can
 * re-run and nobody can rig.
 *
 * A draw request (JSON, see panel_draw()):
 *   item             what is reviewed (required)
 *   text             its description: candidates are ranked by how well
 *                    their profiles match it (expert_index.h)
 *   n                panel size, 1..50 (required)
 *   disciplines      GB/T 13745 codes: candidates are the experts filed
 *                    under them (a first-level code takes its children);
 *                    without, candidates are the experts the text matches
 *   titles           allowed titles (default: any)
 *   region_min       {"310000": 1, ...}: at least so many from a region
 *   region_max       {"340000": 2, ...}: at most so many from a region
 *   org_max          at most so many from one organisation
 *   applicants       expert ids of the applicants: nobody from their
 *                    organisations, nobody who co-led (lead or co_lead) a
 *                    project with one of them that ran in the last five
 *                    years, nobody with a declared conflict with them or
 *                    their organisations (either direction), and not they
 *   exclude_orgs, exclude_experts   further exclusions
 *   pool             how many of the best-ranked qualified experts to
 *                    draw from (default max(5n, 20), at most 1000)
 *
 * How: the qualified candidates are ranked by relevance (ties broken by a
 * hash of the seed, not by id); the pool is the best `pool` of them, plus
 * for each region minimum the best 5×min of that region.  A 256-bit seed
 * from libsodium's randombytes shuffles the pool (ChaCha20 stream,
 * randombytes_buf_deterministic, Fisher-Yates with rejection sampling);
 * region minimums are filled first, in region-code order, then the other
 * places, each from the front of the shuffled pool, skipping whoever
 * would break org_max or a region_max.  The draw records the request (as
 * canonical JSON, with the year the five years count back from), the
 * seed and the pool (each candidate's id, organisation and region at the
 * time), so the same panel follows from the record alone.
 *
 * A member who declines is replaced by the first expert in the shuffled
 * pool not yet invited who keeps the panel within its constraints (from
 * the declined member's region first if a region minimum is no longer
 * met); declines are numbered, so replaying them replays replacements.
 *
 * Re-running (panel_rerun()) recomputes the pool from today's data and
 * compares it with the recorded one, replays the draw and the
 * replacements from the record, and says whether each is the same.
 *
 * An impossible draw is refused with DERR_INVALID whose field names the
 * constraint that emptied the pool, and a message counting the
 * candidates after each constraint.  Nothing is written then.
 *
 * Who: system administrators, the community office and region
 * coordinators draw, read, decline for members and re-run.  Every draw,
 * decline and re-run writes an audit entry.
 */
#ifndef DOMAIN_PANEL_H
#define DOMAIN_PANEL_H

#include <jansson.h>
#include "domain/domain.h"
#include "store/expert.h"

#define PANEL_MAX_N 50
#define PANEL_MAX_POOL 1000
#define PANEL_COLEAD_YEARS 5

int panel_may_draw(const struct ctx *c);

/* Draws a panel for the request; *id is the new draw. */
int panel_draw(struct ctx *c, json_t *request, int64_t *id, struct derr *e);
int panel_get(struct ctx *c, int64_t id, struct panel_draw *d, struct panel_member **m,
	      size_t *nm, struct derr *e);
int panel_list(struct ctx *c, int64_t page, int64_t per_page, struct panel_draw **out,
	       size_t *n, int64_t *total, struct derr *e);
/* Records that the member (by expert id) declines, with an optional
 * reason, and invites a replacement: *replacement is its expert id, or 0
 * when the pool has nobody left who fits. */
int panel_decline(struct ctx *c, int64_t draw_id, int64_t expert_id, const char *reason,
		  int64_t *replacement, struct derr *e);

struct panel_rerun {
	int same_pool, same_panel, same_replacements;
	int64_t *panel;              /* the panel as replayed from the record */
	size_t npanel;
	int64_t *replacements;       /* replayed replacements, in decline order (0 = none) */
	size_t nreplacements;
	int64_t *added, *removed;    /* pool today vs the record (at most 50 each) */
	size_t nadded, nremoved;
	int64_t pool_now, pool_then;
};
int panel_rerun(struct ctx *c, int64_t id, struct panel_rerun *out, struct derr *e);

json_t *panel_json(const struct panel_draw *d, const struct panel_member *m, size_t nm);
json_t *panel_rerun_json(int64_t id, const struct panel_rerun *r);

#endif
