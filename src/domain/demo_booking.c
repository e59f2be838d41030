/*
 * demo_booking.c — the demo's availability and a year of bookings.  See
 * demo_booking.h.
 *
 * Rows go straight to the store in large write transactions (no audit:
 * nobody acted), in time order per instrument, so the rows that hold an
 * instrument never overlap — the database's trigger checks it anyway.
 * The figures are recounted from the bookings at the end
 * (store_usage_rebuild), as a bulk load should.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/cst.h"
#include "core/rng.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/demo_booking.h"
#include "store/booking.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 20000
#define HISTORY_DAYS 365
#define FUTURE_DAYS 30

/* A standard normal deviate (Box-Muller). */
static double rnd_normal(struct rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);
	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static const char *const regions[] = { "310000", "320000", "330000", "340000" };
#define NREGIONS 4

struct gen {
	struct ctx *c;
	struct derr *e;
	struct rng r;
	int64_t now, batch;
	/* organisations by id: region index, researcher accounts */
	int64_t max_org;
	int *org_region;
	int64_t *user_first, *user_count;      /* into users[] */
	int64_t *users;                        /* account ids, grouped by organisation */
	int64_t nusers, users_cap;
	/* per region: organisations that have researchers */
	int64_t *region_orgs[NREGIONS];
	int64_t region_norgs[NREGIONS];
	struct demo_booking_result *res;
};

static int row(struct gen *g)
{
	int rc;
	if (g->batch == 0 && (rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "starting a batch");
	if (++g->batch >= BATCH) {
		g->batch = 0;
		if ((rc = store_commit(g->c->db)) < 0)
			return derr_store(g->e, rc, "committing a batch");
	}
	return 0;
}

static int batch_end(struct gen *g)
{
	int rc;
	if (!g->batch)
		return 0;
	g->batch = 0;
	return (rc = store_commit(g->c->db)) < 0 ? derr_store(g->e, rc, "committing a batch") : 0;
}

static int fail(struct gen *g, int rc, const char *what)
{
	if (g->batch) {
		store_rollback(g->c->db);
		g->batch = 0;
	}
	return g->e->kind ? -1 : derr_store(g->e, rc, what);
}

static int region_index(const char *code)
{
	for (int i = 0; i < NREGIONS; i++)
		if (code && !strcmp(code, regions[i]))
			return i;
	return 0;
}

/* Researchers: one to four members in every organisation (more in
 * universities and institutes); the demo's "researcher" joins USTC's. */
static int make_users(struct gen *g, const char *password)
{
	struct org_filter f = { .limit = 1000000 };
	struct org *os;
	size_t n;
	int64_t total;
	char hash[128];
	struct account researcher;
	int rc, have_researcher;

	if ((rc = store_org_list(g->c->db, g->c->a, &f, &os, &n, &total)) < 0)
		return derr_store(g->e, rc, "reading organisations");
	for (size_t i = 0; i < n; i++)
		if (os[i].id > g->max_org)
			g->max_org = os[i].id;
	g->org_region = calloc((size_t)g->max_org + 1, sizeof *g->org_region);
	g->user_first = calloc((size_t)g->max_org + 1, sizeof *g->user_first);
	g->user_count = calloc((size_t)g->max_org + 1, sizeof *g->user_count);
	for (int k = 0; k < NREGIONS; k++)
		g->region_orgs[k] = calloc(n + 1, sizeof *g->region_orgs[k]);
	g->users_cap = (int64_t)n * 5 + 8;
	g->users = calloc((size_t)g->users_cap, sizeof *g->users);
	if (!g->org_region || !g->user_first || !g->user_count || !g->users ||
	    !g->region_orgs[0] || !g->region_orgs[1] || !g->region_orgs[2] || !g->region_orgs[3])
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (auth_hash(password, hash) < 0)
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "cannot hash the password");
	have_researcher = store_account_by_name(g->c->db, g->c->a, "researcher", &researcher, NULL) == 0;
	for (size_t i = 0; i < n; i++) {
		const struct org *o = &os[i];
		int big = !strcmp(o->kind, "university") || !strcmp(o->kind, "institute") ||
			  !strcmp(o->kind, "lab");
		int64_t k = !strcmp(o->kind, "government") ? 0 : rng_range(&g->r, 1, big ? 4 : 2);
		int ri = region_index(o->region_code);
		g->org_region[o->id] = ri;
		g->user_first[o->id] = g->nusers;
		for (int64_t j = 0; j < k; j++) {
			struct account a = { 0 };
			int64_t id;
			a.username = arena_printf(g->c->a, "r%06lld-%lld", (long long)o->id, (long long)j + 1);
			a.display_name = arena_printf(g->c->a, "%s 科研人员 %lld", o->name_zh, (long long)j + 1);
			a.role = "member";
			a.org_id = o->id;
			if ((rc = row(g)) < 0 || (rc = store_account_insert(g->c->db, &a, hash, &id)) < 0)
				return fail(g, rc, "adding researchers");
			g->users[g->nusers++] = id;
			g->res->accounts++;
		}
		if (have_researcher && researcher.org_id == o->id) {
			g->users[g->nusers++] = researcher.id;
			k++;
		}
		g->user_count[o->id] = k;
		if (k)
			g->region_orgs[ri][g->region_norgs[ri]++] = o->id;
	}
	return batch_end(g);
}

static int64_t user_of(struct gen *g, int64_t org)
{
	return g->users[g->user_first[org] + (int64_t)(rng_next(&g->r) % (uint64_t)g->user_count[org])];
}

/* Whose booking: the owner's own people, another organisation of the
 * region, or one of another region.  Fills the account and its
 * organisation; returns the fee class. */
static const char *requester(struct gen *g, int64_t owner, int64_t *account, int64_t *org)
{
	double x = rng_unit(&g->r);
	int ri = g->org_region[owner];
	if (x < 0.7 && g->user_count[owner]) {
		*org = owner;
		*account = user_of(g, owner);
		return "internal";
	}
	if (x < 0.9 && g->region_norgs[ri] > 1) {
		do
			*org = g->region_orgs[ri][rng_next(&g->r) % (uint64_t)g->region_norgs[ri]];
		while (*org == owner);
		*account = user_of(g, *org);
		return "external";
	}
	{
		int other = (ri + 1 + (int)(rng_next(&g->r) % (NREGIONS - 1))) % NREGIONS;
		for (int k = 0; k < NREGIONS && !g->region_norgs[other]; k++)
			other = (other + 1) % NREGIONS;
		*org = g->region_orgs[other][rng_next(&g->r) % (uint64_t)g->region_norgs[other]];
		if (*org == owner && g->user_count[owner]) {
			*account = user_of(g, owner);
			return "internal";
		}
		*account = user_of(g, *org);
		return other == ri ? "external" : "cross_region";
	}
}

/* ---- one instrument ------------------------------------------------------ */

struct inst_plan {
	const struct bookable *in;
	struct booking_rules rules;
	struct opening hours[14];
	size_t nhours;
	int64_t blackout_day;           /* a future day closed for maintenance, or 0 */
	double hours_year;              /* the use it sees in a year */
	int64_t session_min, session_max;   /* a booking's length, in half hours */
	double fee_cross;
};

static int specialised(const char *category)
{
	return !strcmp(category, "marine") || !strcmp(category, "atmospheric") ||
	       !strcmp(category, "geo") || !strcmp(category, "special");
}

static void plan(struct gen *g, const struct bookable *in, struct inst_plan *p)
{
	double x = rng_unit(&g->r), pat, hours;
	int facility = !strcmp(in->kind, "facility");
	memset(p, 0, sizeof *p);
	p->in = in;
	p->rules.instrument_id = in->id;
	p->rules.min_minutes = 30;
	p->rules.max_minutes = facility ? 2880 : 720;
	p->rules.horizon_days = x < 0.3 ? 30 : x < 0.8 ? 60 : 90;
	x = rng_unit(&g->r);
	p->rules.buffer_minutes = x < 0.6 ? 0 : x < 0.85 ? 15 : 30;
	x = rng_unit(&g->r);
	p->rules.approval = x < 0.55 ? "required" : x < 0.85 ? "untrained" : "none";
	p->rules.approve_below = rng_unit(&g->r) < 0.3 ? 500 : -1;
	p->rules.no_show_minutes = 30;
	p->rules.quota_class = specialised(in->category) ? "specialised" : "general";
	x = rng_unit(&g->r);
	p->fee_cross = in->fee_external < 0 ? -1
		     : x < 0.6 ? in->fee_external : (double)((int64_t)(in->fee_external * 1.2 / 10) * 10);
	p->rules.fee_cross_region = p->fee_cross;
	p->rules.updated_at = g->now;
	/* how much it is used through the platform: a few instruments are in
	 * demand all year (most of them above their quota), a quarter see
	 * regular use, most only a booking now and then */
	x = rng_unit(&g->r);
	if (x < 0.03) {
		hours = 2600.0 * exp(0.25 * rnd_normal(&g->r));
		p->session_min = 12, p->session_max = 24;        /* 6-12 h, in half hours */
	} else if (x < 0.25) {
		hours = 100.0 * exp(0.5 * rnd_normal(&g->r));
		p->session_min = 4, p->session_max = 16;         /* 2-8 h */
	} else {
		hours = 25.0 * rng_unit(&g->r);
		p->session_min = 4, p->session_max = 12;         /* 2-6 h */
	}
	if (facility) {
		hours = 3000.0 + 2000.0 * rng_unit(&g->r);
		p->session_min = 16, p->session_max = 48;        /* 8-24 h */
	}
	p->hours_year = hours;
	/* opening hours: weekdays 08:30-17:30 mostly; some long days;
	 * some Saturdays; facilities round the clock.  Weekdays 09:00-12:00
	 * and 14:00-17:00 are always open. */
	pat = rng_unit(&g->r);
	for (int wd = 1; wd <= 7; wd++) {
		if (facility) {
			p->hours[p->nhours++] = (struct opening){ wd, 0, 1440 };
		} else if (x < 0.03) {   /* in demand: long days, Saturdays too */
			if (wd <= 6)
				p->hours[p->nhours++] = (struct opening){ wd, 480, 1320 };
		} else if (wd <= 5 && pat < 0.7) {
			p->hours[p->nhours++] = (struct opening){ wd, 510, 1050 };
		} else if (wd <= 5 && pat < 0.9) {
			p->hours[p->nhours++] = (struct opening){ wd, 480, 720 };
			p->hours[p->nhours++] = (struct opening){ wd, 810, 1260 };
		} else if (wd <= 6 && pat >= 0.9) {
			p->hours[p->nhours++] = (struct opening){ wd, 540, 1020 };
		}
	}
	if (rng_unit(&g->r) < 0.15)
		p->blackout_day = cst_day(g->now) + rng_range(&g->r, 3, FUTURE_DAYS);
}

static double rate_for(const struct inst_plan *p, const char *fee_class)
{
	double r = !strcmp(fee_class, "internal") ? p->in->fee_internal
		 : !strcmp(fee_class, "external") ? p->in->fee_external
		 : p->fee_cross >= 0 ? p->fee_cross : p->in->fee_external;
	return r < 0 ? 0 : r;
}

/* One booking (and its series of one) from s to e. */
static int add_booking(struct gen *g, const struct inst_plan *p, int64_t s, int64_t e_)
{
	struct booking_series sr = { 0 };
	struct booking b;
	int64_t account, org;
	const char *cls = requester(g, p->in->org_id, &account, &org);
	double x = rng_unit(&g->r);
	int rc;

	memset(&b, 0, sizeof b);
	sr.account_id = account;
	sr.org_id = org;
	sr.region_code = regions[g->org_region[org]];
	sr.purpose = x < 0.3 ? "样品形貌与成分表征" : x < 0.55 ? "课题组常规测试" : x < 0.75
		   ? "联合攻关项目样品分析" : x < 0.9 ? "企业产品检测" : "方法开发与仪器培训";
	sr.frequency = "once";
	sr.repeat_every = 1;
	sr.occurrences = 1;
	sr.resources = 1;
	sr.created_at = s - rng_range(&g->r, 1, 14) * DAY_SECONDS;
	if (sr.created_at > g->now)
		sr.created_at = g->now;
	b.occurrence = 1;
	b.instrument_id = p->in->id;
	b.account_id = account;
	b.start_at = s;
	b.end_at = e_;
	b.hold_start = s;
	b.hold_end = e_ + p->rules.buffer_minutes * 60;
	b.fee_class = cls;
	b.rate = rate_for(p, cls);
	b.fee_fen = -1;
	b.no_show_at = s + 30 * 60 < e_ ? s + 30 * 60 : e_;
	b.created_at = sr.created_at;
	b.updated_at = e_ < g->now ? e_ : sr.created_at;
	x = rng_unit(&g->r);
	if (e_ <= g->now) {
		if (x < 0.92) {
			int64_t in_at = s + rng_range(&g->r, 0, 15) * 60;
			int64_t out_at = e_ - rng_range(&g->r, -20, 40) * 60;
			if (out_at <= in_at + 600)
				out_at = in_at + 600;
			b.state = "completed";
			b.checked_in_at = in_at;
			b.checked_out_at = out_at;
			b.fee_fen = llround(b.rate * 100.0 * (double)(out_at - in_at) / 3600.0);
			b.updated_at = out_at;
			if (rng_unit(&g->r) < 0.4) {
				double y = rng_unit(&g->r);
				b.rating = y < 0.55 ? 5 : y < 0.85 ? 4 : y < 0.95 ? 3 : 2;
				b.rated_at = out_at + 3600;
				b.rating_comment = b.rating >= 4 ? "仪器状态良好，老师指导耐心" : "预约排队较久";
			}
			g->res->completed++;
		} else if (x < 0.96) {
			b.state = "cancelled";
			b.reason = "cancelled by the requester";
		} else if (x < 0.98) {
			b.state = "no_show";
			b.reason = "no check-in in time; the slot was released";
		} else {
			b.state = "rejected";
			b.reason = "样品不符合仪器要求";
		}
	} else {
		b.state = x < 0.7 ? "approved" : "requested";
		b.remind_at = s - g->now > 86400 ? s - 86400 : 0;
		b.due_at = !strcmp(b.state, "approved") && b.remind_at ? b.remind_at : b.no_show_at;
		if (!strcmp(b.state, "approved"))
			b.decided_at = sr.created_at;
	}
	if ((rc = row(g)) < 0 || (rc = store_series_insert(g->c->db, &sr, &b.series_id)) < 0 ||
	    (rc = row(g)) < 0 || (rc = store_booking_insert(g->c->db, &b, &b.id)) < 0)
		return fail(g, rc, "adding a booking");
	if (!strcmp(b.state, "requested") &&
	    (rc = store_notify_org_admins(g->c->db, p->in->org_id, "request_received", b.id,
					  sr.created_at)) < 0)
		return fail(g, rc, "adding a notification");
	g->res->bookings++;
	return 0;
}

/* The bookings of one instrument, day by day: as many a day as its yearly
 * use asks for, one after another from a random point of each window. */
static int book_instrument(struct gen *g, const struct inst_plan *p)
{
	int64_t first = cst_day(g->now) - HISTORY_DAYS, last = cst_day(g->now) + FUTURE_DAYS;
	int future_ok = !strcmp(p->in->status, "in_service");
	int64_t free_from = 0;     /* the end of the last booking's buffer */
	double mean = (double)(p->session_min + p->session_max) * 900.0, per_day;
	int open_days = 0, rc;

	for (int wd = 1; wd <= 7; wd++)
		for (size_t w = 0; w < p->nhours; w++)
			if (p->hours[w].weekday == wd) {
				open_days++;
				break;
			}
	if (!open_days)
		return 0;
	per_day = p->hours_year * 3600.0 / mean / (365.0 * open_days / 7.0);
	for (int64_t day = first; day <= last; day++) {
		int wd = cst_weekday(day);
		int64_t k = (int64_t)per_day + (rng_unit(&g->r) < per_day - (double)(int64_t)per_day);
		if (day == p->blackout_day)
			continue;
		if (day > cst_day(g->now) && !future_ok)
			break;
		for (size_t w = 0; w < p->nhours && k > 0; w++) {
			int64_t cur, close;
			if (p->hours[w].weekday != wd)
				continue;
			cur = cst_day_start(day) + p->hours[w].open_minute * 60;
			close = cst_day_start(day) + p->hours[w].close_minute * 60;
			if (cur < free_from)
				cur = free_from;
			/* a single booking starts anywhere in the window */
			if (k == 1 && close - cur > 7200)
				cur += rng_range(&g->r, 0, (close - cur - 3600) / 1800) * 1800;
			while (k > 0 && cur + 1800 <= close) {
				int64_t len = rng_range(&g->r, p->session_min, p->session_max) * 1800;
				int64_t gap = rng_range(&g->r, 0, 2) * 900;
				if (cur + gap + len > close)
					len = (close - cur - gap) / 1800 * 1800;
				if (len < 1800)
					break;
				cur += gap;
				/* no booking starts between now and an hour from now */
				if (cur + len > g->now - 1800 && cur < g->now + 3600) {
					cur += len;
					continue;
				}
				if ((rc = add_booking(g, p, cur, cur + len)) < 0)
					return rc;
				k--;
				cur += len + p->rules.buffer_minutes * 60;
				free_from = cur;
			}
		}
	}
	return 0;
}

int demo_bookings(struct ctx *c, uint64_t seed, int64_t now, const char *password,
		  void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		  void *arg, struct demo_booking_result *out, struct derr *e)
{
	struct gen g;
	struct bookable *ins;
	size_t n;
	int rc = -1;

	memset(&g, 0, sizeof g);
	memset(out, 0, sizeof *out);
	g.c = c;
	g.e = e;
	g.r.s = seed ^ 0x5DEECE66Dull;
	g.now = now;
	g.res = out;
	store_bulk_mode(c->db, 1);
	if (make_users(&g, password) < 0)
		goto done;
	if ((rc = store_bookable_list(c->db, c->a, &ins, &n)) < 0) {
		rc = derr_store(e, rc, "reading instruments");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct inst_plan p;
		plan(&g, &ins[i], &p);
		if ((rc = row(&g)) < 0 || (rc = store_rules_put(c->db, &p.rules)) < 0 ||
		    (rc = store_hours_replace(c->db, ins[i].id, p.hours, p.nhours)) < 0) {
			rc = fail(&g, rc, "adding availability");
			goto done;
		}
		if (p.blackout_day) {
			struct blackout b = { 0 };
			b.instrument_id = ins[i].id;
			b.kind = "maintenance";
			b.start_at = cst_day_start(p.blackout_day);
			b.end_at = b.start_at + DAY_SECONDS;
			b.reason = "年度维护保养";
			b.created_at = now;
			if ((rc = row(&g)) < 0 || (rc = store_blackout_insert(c->db, &b, NULL)) < 0) {
				rc = fail(&g, rc, "adding a blackout");
				goto done;
			}
		}
		if (strcmp(ins[i].status, "retired") != 0 && g.nusers &&
		    (rc = book_instrument(&g, &p)) < 0)
			goto done;
		if (progress && i % 500 == 0)
			progress(arg, "bookings", (int64_t)i, (int64_t)n);
	}
	if ((rc = batch_end(&g)) < 0)
		goto done;
	if (progress)
		progress(arg, "bookings", (int64_t)n, (int64_t)n);
	if ((rc = store_begin(c->db)) < 0 || (rc = store_usage_rebuild(c->db)) < 0 ||
	    (rc = store_commit(c->db)) < 0) {
		store_rollback(c->db);
		rc = derr_store(e, rc, "counting the figures");
		goto done;
	}
	rc = 0;
done:
	store_bulk_mode(c->db, 0);
	free(g.org_region);
	free(g.user_first);
	free(g.user_count);
	free(g.users);
	for (int k = 0; k < NREGIONS; k++)
		free(g.region_orgs[k]);
	return rc;
}
