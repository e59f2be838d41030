/*
 * project.h — the store side of cross-region joint projects (联合攻关项目)
 * and innovation consortia (创新联合体): projects with their member
 * organisations, experts, funding lines, milestones and outputs; consortia
 * with their members; and the figures counted from them.
 *
 * The tables project and project_expert were made by the talent pool's
 * migration (4) and are extended by migration 6 (migrate.c): the talent
 * pool reads them for expert finding and panel draws.  Projects it made
 * for its demo have no member rows: readers fall back on lead_org_id.
 *
 * Conventions are those of store.h: 0 on success, 1 for a "get" of a
 * missing row, a negative db_rc on failure (DB_CONSTRAINT when a unique or
 * reference check refused the row); strings of records read belong to the
 * arena passed in.  Nothing here opens a transaction: the domain brackets
 * each logical change with store_begin()/store_commit().
 *
 * Money is whole yuan.  A member keeps the region its organisation had
 * when it joined, so a year's figures do not move when an organisation
 * moves later (as technology contracts do).  project.regions is the
 * number of distinct regions among the members, kept by
 * store_project_set_members(); a project is cross-region when it is >= 2.
 */
#ifndef STORE_PROJECT_H
#define STORE_PROJECT_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

/* An organisation taking part (in a project, a response or a consortium). */
struct party {
	int64_t org_id;
	const char *role;              /* projects, responses: lead member;
					  consortia: lead upstream downstream research other */
	const char *region_code;       /* as registered */
	/* joined on read */
	const char *name_zh, *name_en, *kind, *region_zh, *region_en;
};

/* An expert taking part. */
struct person {
	int64_t expert_id;
	const char *role;              /* lead co_lead member */
	/* joined on read */
	const char *name, *name_en, *org_zh, *org_en;
	int64_t org_id, account_id;    /* account_id 0 = none */
};

struct funding_line {
	int64_t id;
	const char *source;            /* fiscal enterprise social */
	const char *region_code;       /* fiscal: the funding region; others: the funder's */
	int64_t year, amount_cny;
	const char *note;
	const char *region_zh, *region_en;   /* joined */
};

struct milestone {
	int64_t id, project_id, seq;
	const char *title;
	const char *due_on;            /* YYYY-MM-DD */
	const char *status;            /* planned in_progress done cancelled */
	const char *done_on;           /* YYYY-MM-DD or NULL */
	const char *note;
	int64_t updated_at;
};

struct project_output {
	int64_t id, project_id;
	const char *kind;              /* patent paper standard product software other */
	const char *title, *ref;
	int64_t year;                  /* 0 = not given */
	int64_t created_at;
};

struct project {
	int64_t id;
	const char *title, *title_en, *summary;
	const char *field;             /* key of vocab_industry, or NULL */
	const char *status;            /* planned active completed terminated */
	int64_t lead_org_id, start_year, end_year;   /* end_year 0 = open */
	int64_t consortium_id, challenge_id;         /* 0 = none */
	int64_t total_cny, regions, created_by, created_at, updated_at;
	/* joined on read */
	const char *lead_zh, *lead_en, *lead_region, *consortium_name;
	int64_t fiscal_cny, enterprise_cny, social_cny;   /* sums of the lines */
	/* filled by store_project_children() */
	struct party *members;
	size_t nmembers;
	struct person *experts;
	size_t nexperts;
	struct funding_line *funding;
	size_t nfunding;
	struct milestone *milestones;
	size_t nmilestones;
	struct project_output *outputs;
	size_t noutputs;
};

/* Inserts the row (children separately); *id gets the new id. */
int store_joint_project_insert(struct db *db, const struct project *p, int64_t *id);
/* Rewrites the project's own columns (not id, challenge_id, created_*). */
int store_joint_project_update(struct db *db, const struct project *p);
/* Deletes the project and its children; 1 if there is no such row. */
int store_joint_project_delete(struct db *db, int64_t id);
/* The row with its joins (children not filled). */
int store_joint_project_get(struct db *db, struct arena *a, int64_t id, struct project *out);
/* Fills members, experts, funding, milestones and outputs of p. */
int store_project_children(struct db *db, struct arena *a, struct project *p);

/* Replace the project's members / experts / funding lines by the given
 * ones (regions of members are read from their organisations now), and
 * recount project.regions. */
int store_project_set_members(struct db *db, int64_t id, const struct party *m, size_t n);
int store_project_set_experts(struct db *db, int64_t id, const struct person *x, size_t n);
int store_project_set_funding(struct db *db, int64_t id, const struct funding_line *f,
			      size_t n);

struct project_filter {
	const char *q;                 /* words of the title (LIKE), NULL = any */
	const char *region;            /* a member (or the lead) in this region */
	const char *field, *status;
	int64_t org_id;                /* a member or the lead, 0 = any */
	int64_t consortium_id;         /* 0 = any */
	int cross_region;              /* 1: only projects with members in >= 2 regions */
	int64_t year;                  /* running in that year, 0 = any */
	int64_t offset, limit;
};
/* Newest first. */
int store_joint_project_list(struct db *db, struct arena *a, const struct project_filter *f,
			     struct project **out, size_t *n, int64_t *total);

/* ---- milestones and outputs --------------------------------------------- */

/* seq is given the next number of the project. */
int store_milestone_insert(struct db *db, const struct milestone *m, int64_t *id);
/* Writes title, due_on, status, done_on and note. */
int store_milestone_update(struct db *db, const struct milestone *m);
int store_milestone_delete(struct db *db, int64_t id);
int store_milestone_get(struct db *db, struct arena *a, int64_t id, struct milestone *out);
int store_output_insert(struct db *db, const struct project_output *o, int64_t *id);
int store_output_delete(struct db *db, int64_t id);
int store_output_get(struct db *db, struct arena *a, int64_t id, struct project_output *out);

/* 1 if the account is linked to an expert holding the lead role in the
 * project, 0 if not, <0 on error. */
int store_project_is_lead_expert(struct db *db, int64_t project_id, int64_t account_id);

/* ---- consortia ---------------------------------------------------------- */

struct consortium {
	int64_t id;
	const char *name, *name_en, *field, *description;
	int64_t lead_org_id, founded_year, regions, created_by, created_at, updated_at;
	/* joined on read */
	const char *lead_zh, *lead_en, *lead_region;
	int64_t nmembers, nprojects;
	struct party *members;         /* filled by get */
	size_t nmember_rows;
};

int store_consortium_insert(struct db *db, const struct consortium *k, int64_t *id);
int store_consortium_update(struct db *db, const struct consortium *k);
int store_consortium_delete(struct db *db, int64_t id);
/* With its members. */
int store_consortium_get(struct db *db, struct arena *a, int64_t id, struct consortium *out);
/* Replaces the members (the lead is one of them, role lead) and recounts
 * regions. */
int store_consortium_set_members(struct db *db, int64_t id, const struct party *m, size_t n);
struct consortium_filter {
	const char *region, *field;
	int64_t org_id;                /* a member, 0 = any */
	int64_t offset, limit;
};
int store_consortium_list(struct db *db, struct arena *a, const struct consortium_filter *f,
			  struct consortium **out, size_t *n, int64_t *total);
/* The id of the consortium with this exact name, 0 if none, <0 on error. */
int64_t store_consortium_by_name(struct db *db, const char *name);

/* ---- figures ------------------------------------------------------------ */

/* One year's money by source, and per region. */
struct funds_row {
	int64_t year;
	const char *region_code;       /* NULL in totals */
	int64_t fiscal_cny, enterprise_cny, social_cny;
};
/* Sums of funding lines of years [from, to] per (year, region), ordered
 * by year then region; with region, only lines of that region. */
int store_funds_by_region(struct db *db, struct arena *a, const char *region, int64_t from,
			  int64_t to, struct funds_row **out, size_t *n);
/* Cross-region projects running in year (a member in region, when given). */
int64_t store_joint_running(struct db *db, const char *region, int64_t year);
/* Cross-region projects started in year. */
int64_t store_joint_started(struct db *db, const char *region, int64_t year);
/* Cross-region consortia founded in or before year. */
int64_t store_consortia_count(struct db *db, const char *region, int64_t year);
/* Cross-region projects the organisation leads, running in year. */
int64_t store_joint_led(struct db *db, int64_t org_id, int64_t year);

#endif
