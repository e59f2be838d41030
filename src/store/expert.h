/*
 * expert.h — the store side of the talent pool: expert profiles and their
 * disciplines, the change clock that keeps in-memory indexes in step,
 * declared conflicts of interest, the projects experts took part in (the
 * tables are the projects capability's; we only read them and let the
 * demo fill them), and review-panel draws with their members.
 *
 * Conventions are those of store.h: 0 on success, 1 for a "get" of a
 * missing row, a negative db_rc on failure (DB_CONSTRAINT when a unique
 * or reference check refused the row); strings of records read belong to
 * the arena passed in.  Nothing here opens a transaction: the domain
 * brackets each logical change with store_begin()/store_commit().
 *
 * Every write to a profile (insert, update, new disciplines, delete)
 * takes the next value of the change clock (expert.rev; deletions leave
 * their id and rev in expert_gone), so that a reader can ask "what
 * changed since rev R" cheaply: store_expert_clock() and
 * store_expert_scan().
 */
#ifndef STORE_EXPERT_H
#define STORE_EXPERT_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

struct expert {
	int64_t id;
	const char *name, *name_en;
	int64_t org_id;
	const char *title;             /* academician professor associate
					  senior_engineer engineer other */
	const char *keywords;          /* research keywords, one per line */
	const char *keywords_en;       /* the same in English, one per line */
	const char *biography;
	int64_t papers, patents, projects, awards;   /* achievements, counted */
	const char *orcid;             /* canonical 0000-0000-0000-000X, or NULL */
	const char *email, *phone;     /* personal: see domain/expert.h */
	int64_t account_id;            /* the expert's own account, 0 = none */
	const char *disciplines;       /* GB/T 13745 codes, space-separated */
	int64_t rev, created_at, updated_at;
	/* joined on read */
	const char *org_zh, *org_en, *region_code, *city_code;
	const char *region_zh, *region_en, *city_zh, *city_en;
};

struct expert_filter {
	const char *name;              /* prefix of the Chinese or English name */
	const char *region, *city, *title;
	const char *discipline;        /* a code: 3 digits matches its children */
	int64_t org_id;                /* 0 = any */
	int64_t offset, limit;
};

/* Inserts the row (its disciplines separately); *id gets the new id. */
int store_expert_insert(struct db *db, const struct expert *x, int64_t *id);
/* Rewrites every column but id and created_at; 1 if there is no such row. */
int store_expert_update(struct db *db, const struct expert *x);
/* The disciplines of an expert inserted in the same transaction (its
 * rev is new already). */
int store_expert_add_disciplines(struct db *db, int64_t id, const char *const *codes, size_t n);
/* Replaces the expert's disciplines by codes[0..n) and takes a new rev. */
int store_expert_set_disciplines(struct db *db, int64_t id, const char *const *codes,
				 size_t n);
/* Links the profile to an account (0 unlinks); takes a new rev. */
int store_expert_link_account(struct db *db, int64_t id, int64_t account_id);
/* Deletes the profile (disciplines, conflicts and project roles go with
 * it) and records it in expert_gone; 1 if there is no such row. */
int store_expert_delete(struct db *db, int64_t id);
int store_expert_get(struct db *db, struct arena *a, int64_t id, struct expert *out);
/* The profile linked to the account; 1 if none. */
int store_expert_by_account(struct db *db, struct arena *a, int64_t account_id,
			    struct expert *out);
/* The id of the expert with this identity (name, organisation, ORCID iD
 * or none), 0 if none, <0 on error. */
int64_t store_expert_identity(struct db *db, const char *name, int64_t org_id,
			      const char *orcid);
/* The id of the expert with this ORCID iD, 0 if none, <0 on error. */
int64_t store_expert_by_orcid(struct db *db, const char *orcid);
/* One page of profiles by name, newest first when no name is given. */
int store_expert_list(struct db *db, struct arena *a, const struct expert_filter *f,
		      struct expert **out, size_t *n, int64_t *total);
/* Calls fn for every profile the filter selects (offset and limit
 * ignored), in id order, with records whose strings live in a scratch
 * arena cleared between rows.  fn's non-zero return stops the walk and
 * is returned. */
int store_expert_each(struct db *db, const struct expert_filter *f,
		      int (*fn)(void *arg, const struct expert *x), void *arg);
/* Fetches many profiles by id, in the order of ids; missing ones are
 * skipped.  *n is the number found. */
int store_expert_get_many(struct db *db, struct arena *a, const int64_t *ids, size_t nids,
			  struct expert **out, size_t *n);
int64_t store_expert_count(struct db *db);
/* The id of the organisation with this Chinese or English name (exact),
 * 0 if none, <0 on error.  For importers, which name organisations. */
int64_t store_org_id_by_name(struct db *db, const char *name);

/* ---- the change clock --------------------------------------------------- */

/* The latest rev handed out, and the database's epoch (a random number
 * fixed at its creation, so a reader can tell databases apart). */
int store_expert_clock(struct db *db, int64_t *rev, int64_t *epoch);

/* What the expert index needs of one profile. */
struct expert_brief {
	int64_t id, org_id, rev;
	const char *region_code, *city_code, *title;
	const char *keywords, *keywords_en, *disciplines;
};
/* Calls fn for each profile with rev > since, in rev order; the record's
 * strings are valid during the call only.  fn's non-zero return stops
 * the walk and is returned. */
int store_expert_scan(struct db *db, int64_t since,
		      int (*fn)(void *arg, const struct expert_brief *b), void *arg);
/* The ids of profiles deleted with rev > since. */
int store_expert_gone(struct db *db, struct arena *a, int64_t since, int64_t **ids,
		      size_t *n);

/* ---- projects (tables owned by the projects capability) ----------------- */

struct expert_project {
	int64_t id, expert_id;
	const char *title, *role, *status;
	int64_t start_year, end_year;  /* 0 = not set */
	const char *lead_org_zh, *lead_org_en;
};
/* The projects of the expert, newest first; leads_only: roles lead and
 * co_lead only. */
int store_expert_projects(struct db *db, struct arena *a, int64_t expert_id, int leads_only,
			  size_t limit, struct expert_project **out, size_t *n);
/* For the demo and tests: a project and one expert's role in it. */
int store_project_insert(struct db *db, const char *title, int64_t lead_org_id,
			 int64_t start_year, int64_t end_year, const char *status, int64_t *id);
int store_project_member_put(struct db *db, int64_t project_id, int64_t expert_id,
			     const char *role);

/* ---- conflicts of interest ---------------------------------------------- */

struct expert_conflict {
	int64_t id, expert_id, org_id, other_id, created_at;   /* org_id/other_id 0 = not that kind */
	const char *reason;
	const char *org_zh, *org_en, *other_name;              /* joined */
};
int store_conflict_insert(struct db *db, const struct expert_conflict *c, int64_t *id);
int store_conflict_get(struct db *db, struct arena *a, int64_t id, struct expert_conflict *out);
int store_conflict_delete(struct db *db, int64_t id);
int store_conflict_list(struct db *db, struct arena *a, int64_t expert_id,
			struct expert_conflict **out, size_t *n);

/* Experts who held a lead or co_lead role in a project in which one of
 * applicants[0..napp) held one too, and which was running in since_year
 * or later (end year, else start year, else always).  Sorted ids. */
int store_coleaders(struct db *db, struct arena *a, const int64_t *applicants, size_t napp,
		    int64_t since_year, int64_t **out, size_t *n);
/* Experts with a declared conflict with one of orgs[0..norgs) or
 * experts[0..nexp), in either direction (an applicant who declared a
 * conflict with the expert counts too).  Sorted ids. */
int store_conflicted(struct db *db, struct arena *a, const int64_t *orgs, size_t norgs,
		     const int64_t *experts, size_t nexp, int64_t **out, size_t *n);

/* ---- review-panel draws ------------------------------------------------- */

struct panel_draw {
	int64_t id, n, created_by, created_at;
	const char *item, *request, *seed, *pool;   /* request and pool: JSON */
	const char *created_by_name;                /* joined */
};

struct panel_member {
	int64_t draw_id, seq, expert_id, replaces, declined_at;   /* replaces 0 = none */
	int64_t decline_order;         /* 1, 2, ... in the order members declined; 0 = not */
	const char *reason;
	/* joined; NULL when the profile was deleted since */
	const char *name, *org_zh, *org_en, *region_code, *title;
};

int store_draw_insert(struct db *db, const struct panel_draw *d, int64_t *id);
int store_draw_get(struct db *db, struct arena *a, int64_t id, struct panel_draw *out);
int store_draw_list(struct db *db, struct arena *a, int64_t offset, int64_t limit,
		    struct panel_draw **out, size_t *n, int64_t *total);
int store_member_insert(struct db *db, const struct panel_member *m);
/* Marks member seq declined, numbering the declines of the draw in
 * order; 1 if there is no such member or it had declined already. */
int store_member_decline(struct db *db, int64_t draw_id, int64_t seq, const char *reason,
			 int64_t at);
int store_member_list(struct db *db, struct arena *a, int64_t draw_id,
		      struct panel_member **out, size_t *n);

#endif
