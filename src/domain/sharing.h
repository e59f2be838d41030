/*
 * sharing.h — the open-sharing figures of large instruments (开放共享评价
 * 考核), counted the way China's national evaluation counts them, per
 * instrument, organisation, city, region or the whole community and year:
 *
 *   effective hours (有效工作机时)   checked-in time of completed bookings
 *   external service hours (对外服务机时)   … by users of other organisations
 *   cross-region service hours        … by users of organisations in other regions
 *   sharing rate (共享率)             external ÷ effective
 *   users and organisations served, income (fees), user ratings (1-5)
 *
 * A booking counts in the China Standard Time year of its check-in.
 * Instruments (kind "instrument", not retired) below the yearly quota —
 * 1,400 hours for general-purpose instruments, 800 for specialised ones —
 * are under-used; in the current year the quota is pro-rated to the part
 * of the year gone by.  Facilities have no quota.
 *
 * The figures of an instrument, organisation, city or region are public
 * (aggregates, no personal details).  The per-instrument report is for
 * system administrators and the community office (all regions),
 * coordinators (their region) and organisation administrators (their
 * organisation).
 */
#ifndef DOMAIN_SHARING_H
#define DOMAIN_SHARING_H

#include <jansson.h>
#include "domain/domain.h"
#include "store/booking.h"

#define QUOTA_GENERAL_HOURS 1400
#define QUOTA_SPECIAL_HOURS 800
#define SHARING_YEAR_MIN 2000
#define SHARING_YEAR_MAX 2100

enum sharing_level { SHARING_INSTRUMENT, SHARING_ORG, SHARING_CITY, SHARING_REGION,
		     SHARING_ALL };

struct sharing_figures {
	enum sharing_level level;
	int64_t id;                    /* instrument or organisation */
	const char *code;              /* city or region */
	const char *name_zh, *name_en;
	int64_t year;
	double year_fraction;          /* of the year gone by: the quota's share */
	int64_t instruments, with_quota, under_quota;
	int64_t effective_s, external_s, cross_s, income_fen, completed;
	int64_t users, orgs, external_orgs, ratings;
	double sharing_rate, rating_avg;
	/* an instrument's own */
	const char *quota_class;       /* NULL for facilities */
	int64_t quota_hours;           /* pro-rated; 0 for facilities */
	int under;                     /* below its quota */
};

/* The year of now, and a check of a year parameter. */
int64_t sharing_current_year(int64_t now);
int sharing_check_year(int64_t year, struct derr *e);
/* The quotas in seconds for year as of now (pro-rated in the current
 * year, 0 for a year to come). */
void sharing_quotas(int64_t year, int64_t now, int64_t *general_s, int64_t *special_s,
		    double *fraction);

/* The figures of one scope: id for an instrument or organisation, code for
 * a city or region.  DERR_NOT_FOUND if it does not exist. */
int sharing_figures_get(struct ctx *c, enum sharing_level level, int64_t id, const char *code,
			int64_t year, int64_t now, struct sharing_figures *out, struct derr *e);
json_t *sharing_json(const struct sharing_figures *f);

struct sharing_query {
	const char *region, *city;
	int64_t org_id;
	int64_t year;
	int under_quota;
	int ascending;
	int64_t page, per_page;
};
/* The per-instrument report (see above for who may read it). */
int sharing_report(struct ctx *c, const struct sharing_query *q, int64_t now,
		   struct usage_row **out, size_t *n, int64_t *total, struct derr *e);
json_t *usage_row_json(const struct usage_row *u, int64_t year, int64_t now);

#endif
