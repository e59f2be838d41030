/*
 * market.h — the store side of the technology market (技术合同), the
 * flows between regions, the institutes registered under innovation
 * centres with their yearly assessment scheme (统一考核), the page-view
 * counters of the dashboard, and the row counts /metrics reports.
 *
 * Conventions are those of store.h: 0 on success, 1 for a "get" of a
 * missing row, a negative db_rc on failure; strings of records read belong
 * to the arena passed in.  Nothing here opens a transaction: the domain
 * brackets each logical change with store_begin()/store_commit().
 *
 * Money is whole yuan (CNY), as instrument values are.  A contract keeps
 * the regions of its seller and buyer as they were when it was registered,
 * so the flows of a year do not move when an organisation moves later.
 */
#ifndef STORE_MARKET_H
#define STORE_MARKET_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

/* ---- contracts ---------------------------------------------------------- */

struct contract {
	int64_t id;
	const char *kind;              /* development transfer licensing consulting service */
	const char *title;
	int64_t amount_cny, income_cny;
	int64_t seller_org_id, buyer_org_id;
	const char *seller_region, *buyer_region;
	const char *signed_on;         /* YYYY-MM-DD, China Standard Time */
	int64_t year;                  /* of signed_on */
	const char *field;             /* key of vocab_tech_field */
	const char *state;             /* submitted verified returned */
	const char *reason;            /* why it was returned, else NULL */
	int64_t registered_by, decided_by, decided_at;   /* 0 = none */
	int64_t created_at, updated_at;
	/* joined on read */
	const char *seller_zh, *seller_en, *buyer_zh, *buyer_en;
};

int store_contract_insert(struct db *db, const struct contract *c, int64_t *id);
/* Writes every column but id, registered_by and created_at. */
int store_contract_update(struct db *db, const struct contract *c);
int store_contract_get(struct db *db, struct arena *a, int64_t id, struct contract *out);

struct contract_filter {
	int64_t year;                  /* 0 = any */
	const char *state, *kind, *field;   /* NULL = any */
	const char *region;            /* either party in this region */
	const char *seller_region;     /* the seller in this region (review queues) */
	int64_t org_id;                /* either party is this organisation, 0 = any */
	int64_t offset, limit;         /* limit 0 = no limit (exports) */
};
/* Newest signing first. */
int store_contract_list(struct db *db, struct arena *a, const struct contract_filter *f,
			struct contract **out, size_t *n, int64_t *total);

/* The organisation with exactly this Chinese name: its id, 0 if none, <0
 * on error (for imports that name parties). */
int64_t store_org_by_name(struct db *db, const char *name_zh);

/* ---- flows (verified contracts) ---------------------------------------- */

struct flow_cell {
	int64_t year;
	const char *seller_region, *buyer_region;
	int64_t count, amount_cny, income_cny;
};
/* Counts and sums of verified contracts per year in [from, to] and
 * (seller region, buyer region) pair that has any: one scan of the
 * covering index gives every region's matrix and trend. */
int store_flow_pairs(struct db *db, struct arena *a, int64_t from, int64_t to,
		     struct flow_cell **out, size_t *n);

enum flow_top { FLOW_TOP_FIELD, FLOW_TOP_SELLER, FLOW_TOP_BUYER };
struct flow_rank {
	const char *key;               /* field key, or NULL for organisations */
	int64_t org_id;
	const char *name_zh, *name_en, *region_code;
	int64_t count, amount_cny;
};
/* The year's cross-region verified contracts grouped by field, seller or
 * buyer, largest amount first (with region: a party in it). */
int store_flow_top(struct db *db, struct arena *a, enum flow_top by, int64_t year,
		   const char *region, int64_t limit, struct flow_rank **out, size_t *n);

/* ---- institutes and the assessment scheme ------------------------------- */

struct institute_row {
	int64_t org_id, centre_id, registered_at;
	const char *name_zh, *name_en, *region_code, *city_code, *region_zh, *region_en,
		   *city_zh, *city_en, *centre_zh, *centre_en;
	/* the year's verified contracts it sold (filled when year > 0) */
	int64_t contracts, income_cny;
};
int store_institute_put(struct db *db, int64_t org_id, int64_t centre_id, int64_t at);
/* 1 if it was not registered. */
int store_institute_delete(struct db *db, int64_t org_id);
/* 1 if not registered. */
int store_institute_get(struct db *db, int64_t org_id, int64_t *centre_id);
/* Every registered institute by region and name, with its contract
 * figures of year (0 = leave them at 0). */
int store_institute_list(struct db *db, struct arena *a, int64_t year,
			 struct institute_row **out, size_t *n);

struct assess_weight {
	const char *indicator;
	int64_t weight;
};
/* The scheme of a year, by indicator; *n = 0 when none was set. */
int store_assess_get(struct db *db, struct arena *a, int64_t year,
		     struct assess_weight **out, size_t *n);
/* Replaces the scheme of a year. */
int store_assess_put(struct db *db, int64_t year, const struct assess_weight *w, size_t n);

/* ---- page views --------------------------------------------------------- */

/* Adds views to (day, kind), day = CST days since 1970-01-01. */
int store_page_views_add(struct db *db, int64_t day, const char *kind, int64_t views);
/* Views counted on days <= until_day. */
int64_t store_page_views_total(struct db *db, int64_t until_day);

/* ---- figures per region (codes[k] gives out[k]) ------------------------ */

/* Seconds of checked-in use of instruments of region (NULL = all) in year
 * by users of organisations in other regions, per region: out[k] for
 * codes[k] (the bookings' running totals, store/booking.h's usage_year;
 * instruments retired since count, the year's use happened). */
int store_cross_seconds(struct db *db, int64_t year, const char *const *codes, size_t n,
			int64_t *out);
/* Instruments and facilities not retired and their value, per region. */
int store_instrument_regions(struct db *db, const char *const *codes, size_t n,
			     int64_t *instruments, int64_t *facilities, int64_t *value_cny);

/* ---- /metrics ----------------------------------------------------------- */

struct store_counts {
	int64_t instruments, organisations, accounts, bookings, contracts;
};
int store_counts_get(struct db *db, struct store_counts *out);

#endif
