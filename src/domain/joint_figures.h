/*
 * joint_figures.h — the figures of joint research: fiscal funds for joint
 * projects by region and year, the enterprise funds and social capital
 * they drew in, cross-region projects and consortia, and challenges
 * published, answered and solved.
 *
 * Definitions (one place, used by the page, the API, the dashboard's
 * providers and the institutes' assessment):
 *   money         funding lines of the year (project_funding.year), by the
 *                 line's region: the fiscal region for fiscal funds, the
 *                 funder's for the rest.  "Social capital drawn in" on the
 *                 dashboard is enterprise funds plus other social capital;
 *                 leverage is that sum over the fiscal funds.
 *   joint projects  cross-region projects (members in two regions or
 *                 more) running in the year (start <= year <= end); with a
 *                 region, those with a member in it.
 *   consortia     cross-region consortia founded in or before the year.
 *   challenges    published in the year (China Standard Time); answered:
 *                 of those, the ones with a response that was not
 *                 withdrawn; solved: a response selected in the year.
 *                 With a region: posted from it.
 */
#ifndef DOMAIN_JOINT_FIGURES_H
#define DOMAIN_JOINT_FIGURES_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/figures.h"

/* Providers for the dashboard's registry (figures.c): value and last year's. */
int joint_fig_fiscal(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e);
int joint_fig_enterprise(struct ctx *c, const struct figure_scope *s, int64_t *v,
			 int64_t *prev, struct derr *e);
/* Enterprise funds plus other social capital. */
int joint_fig_social(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e);
int joint_fig_projects(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		       struct derr *e);
int joint_fig_consortia(struct ctx *c, const struct figure_scope *s, int64_t *v,
			int64_t *prev, struct derr *e);
int joint_fig_published(struct ctx *c, const struct figure_scope *s, int64_t *v,
			int64_t *prev, struct derr *e);
int joint_fig_answered(struct ctx *c, const struct figure_scope *s, int64_t *v,
		       int64_t *prev, struct derr *e);
int joint_fig_solved(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     struct derr *e);

/* For the institutes' assessment: cross-region projects the organisation
 * leads running in year; challenges it solved (its response selected) in
 * year.  0 or -1 with e set. */
int joint_led_count(struct ctx *c, int64_t org_id, int64_t year, int64_t *n, struct derr *e);
int joint_solved_count(struct ctx *c, int64_t org_id, int64_t year, int64_t *n,
		       struct derr *e);

/*
 * {year, region, figures: {fiscal_cny, enterprise_cny, social_cny,
 * drawn_cny, leverage, joint_projects, joint_projects_started, consortia,
 * challenges_published, challenges_answered, challenges_solved}, prev: {the
 * same for the year before}, by_region: [{code, name_zh, name_en, ...the
 * same figures}], trend: [{year, ...}] for the five years to year}.
 * Cached until the next write like the dashboard (figures.h); the caller
 * owns one reference.  DERR_INVALID naming year or region.
 */
json_t *joint_figures_doc(struct ctx *c, int64_t year, const char *region, struct derr *e);

#endif
