/*
 * joint_figures.c — money, projects, consortia and challenges counted for
 * a year and a region, for the dashboard, the institutes' assessment and
 * the figures page.  See joint_figures.h.
 */
#include <string.h>
#include "core/cst.h"
#include "domain/joint_figures.h"
#include "store/challenge.h"
#include "store/project.h"
#include "store/store.h"
#include "core/banned.h"

#define TREND_YEARS 5

/* Everything counted for one year and region. */
struct year_figs {
	int64_t fiscal, enterprise, social, projects, started, consortia;
	int64_t published, answered, solved;
};

static int funds(struct ctx *c, const char *region, int64_t year, struct year_figs *f,
		 struct derr *e)
{
	struct funds_row *rows;
	size_t n;
	int rc = store_funds_by_region(c->db, c->a, region, year, year, &rows, &n);
	if (rc < 0)
		return derr_store(e, rc, "adding up funds");
	for (size_t i = 0; i < n; i++) {
		f->fiscal += rows[i].fiscal_cny;
		f->enterprise += rows[i].enterprise_cny;
		f->social += rows[i].social_cny;
	}
	return 0;
}

static int count(int64_t v, int64_t *out, struct derr *e, const char *what)
{
	if (v < 0)
		return derr_store(e, (int)v, what);
	*out = v;
	return 0;
}

static int year_figs(struct ctx *c, const char *region, int64_t year, struct year_figs *f,
		     struct derr *e)
{
	int rc;
	memset(f, 0, sizeof *f);
	if (funds(c, region, year, f, e) < 0 ||
	    count(store_joint_running(c->db, region, year), &f->projects, e, "counting projects") < 0 ||
	    count(store_joint_started(c->db, region, year), &f->started, e, "counting projects") < 0 ||
	    count(store_consortia_count(c->db, region, year), &f->consortia, e, "counting consortia") < 0)
		return -1;
	rc = store_challenge_figures(c->db, region, cst_year_start(year), cst_year_start(year + 1),
				     &f->published, &f->answered, &f->solved);
	return rc < 0 ? derr_store(e, rc, "counting challenges") : 0;
}

/* ---- the dashboard's providers --------------------------------------------- */

/* Runs year_figs for the year and the one before; pick chooses the value. */
static int both(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		int64_t (*pick)(const struct year_figs *), struct derr *e)
{
	struct year_figs now, last;
	if (year_figs(c, s->region, s->year, &now, e) < 0 ||
	    year_figs(c, s->region, s->year - 1, &last, e) < 0)
		return -1;
	*v = pick(&now);
	*prev = pick(&last);
	return 0;
}

static int64_t p_fiscal(const struct year_figs *f) { return f->fiscal; }
static int64_t p_enterprise(const struct year_figs *f) { return f->enterprise; }
static int64_t p_drawn(const struct year_figs *f) { return f->enterprise + f->social; }
static int64_t p_projects(const struct year_figs *f) { return f->projects; }
static int64_t p_consortia(const struct year_figs *f) { return f->consortia; }
static int64_t p_published(const struct year_figs *f) { return f->published; }
static int64_t p_answered(const struct year_figs *f) { return f->answered; }
static int64_t p_solved(const struct year_figs *f) { return f->solved; }

int joint_fig_fiscal(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e)
{
	return both(c, s, v, prev, p_fiscal, e);
}

int joint_fig_enterprise(struct ctx *c, const struct figure_scope *s, int64_t *v,
			 int64_t *prev, struct derr *e)
{
	return both(c, s, v, prev, p_enterprise, e);
}

int joint_fig_social(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e)
{
	return both(c, s, v, prev, p_drawn, e);
}

int joint_fig_projects(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		       struct derr *e)
{
	return both(c, s, v, prev, p_projects, e);
}

int joint_fig_consortia(struct ctx *c, const struct figure_scope *s, int64_t *v,
			int64_t *prev, struct derr *e)
{
	return both(c, s, v, prev, p_consortia, e);
}

int joint_fig_published(struct ctx *c, const struct figure_scope *s, int64_t *v,
			int64_t *prev, struct derr *e)
{
	return both(c, s, v, prev, p_published, e);
}

int joint_fig_answered(struct ctx *c, const struct figure_scope *s, int64_t *v,
		       int64_t *prev, struct derr *e)
{
	return both(c, s, v, prev, p_answered, e);
}

int joint_fig_solved(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e)
{
	return both(c, s, v, prev, p_solved, e);
}

int joint_led_count(struct ctx *c, int64_t org_id, int64_t year, int64_t *n, struct derr *e)
{
	return count(store_joint_led(c->db, org_id, year), n, e, "counting projects led");
}

int joint_solved_count(struct ctx *c, int64_t org_id, int64_t year, int64_t *n,
		       struct derr *e)
{
	return count(store_challenges_won(c->db, org_id, cst_year_start(year),
					  cst_year_start(year + 1)), n, e, "counting challenges solved");
}

/* ---- the figures document ----------------------------------------------------- */

static json_t *figs_json(const struct year_figs *f, int with_leverage)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"fiscal_cny", (json_int_t)f->fiscal, "enterprise_cny", (json_int_t)f->enterprise,
		"social_cny", (json_int_t)f->social, "drawn_cny", (json_int_t)(f->enterprise + f->social),
		"joint_projects", (json_int_t)f->projects, "joint_projects_started", (json_int_t)f->started,
		"consortia", (json_int_t)f->consortia, "challenges_published", (json_int_t)f->published,
		"challenges_answered", (json_int_t)f->answered, "challenges_solved", (json_int_t)f->solved);
	if (j && with_leverage)
		json_object_set_new(j, "leverage", f->fiscal > 0
				    ? json_real((double)(f->enterprise + f->social) / (double)f->fiscal)
				    : json_null());
	return j;
}

static json_t *compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct year_figs now, last;
	struct region *rs;
	size_t nr;
	json_t *byregion = json_array(), *trend = json_array(), *doc;
	int rc;

	if (!byregion || !trend)
		goto oom;
	if (year_figs(c, region, year, &now, e) < 0 || year_figs(c, region, year - 1, &last, e) < 0)
		goto fail;
	if ((rc = store_region_list(c->db, c->a, 0, &rs, &nr)) < 0) {
		derr_store(e, rc, "listing regions");
		goto fail;
	}
	for (size_t i = 0; i < nr; i++) {
		struct year_figs f;
		json_t *row;
		if (year_figs(c, rs[i].code, year, &f, e) < 0)
			goto fail;
		if (!(row = figs_json(&f, 1)))
			goto oom;
		json_object_set_new(row, "code", json_string(rs[i].code));
		json_object_set_new(row, "name_zh", json_string(rs[i].name_zh));
		json_object_set_new(row, "name_en", json_string(rs[i].name_en));
		json_array_append_new(byregion, row);
	}
	for (int64_t y = year - TREND_YEARS + 1; y <= year; y++) {
		struct year_figs f;
		json_t *row;
		if (y == year)
			f = now;
		else if (y == year - 1)
			f = last;
		else if (year_figs(c, region, y, &f, e) < 0)
			goto fail;
		if (!(row = figs_json(&f, 1)))
			goto oom;
		json_object_set_new(row, "year", json_integer(y));
		json_array_append_new(trend, row);
	}
	doc = json_pack("{s:I, s:s?, s:o, s:o, s:o, s:o}", "year", (json_int_t)year,
			"region", region, "figures", figs_json(&now, 1), "prev", figs_json(&last, 1),
			"by_region", byregion, "trend", trend);
	if (!doc)
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return doc;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
fail:
	json_decref(byregion);
	json_decref(trend);
	return NULL;
}

json_t *joint_figures_doc(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	if (region && !*region)
		region = NULL;
	if (figures_check_scope(c, year, region, e) < 0)
		return NULL;
	return figures_cached(c, "joint", year, region, compute, e);
}
