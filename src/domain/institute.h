/*
 * institute.h — integrated management (一体化管理) of the research
 * institutes (专业研究所) registered under an innovation centre, and their
 * unified assessment (统一考核).
 *
 * An institute is an organisation of kind "institute" registered under an
 * organisation of kind "centre" (the institute keeps its own parent, as
 * JITRI's institutes do).  The community office (role office, or a system
 * administrator) registers and unregisters them and sets, per year, one
 * assessment scheme: indicators with whole-number weights adding up to
 * 100, applied in the same way to every institute of every region.
 *
 * The ranking of a year computes each indicator's value per institute
 * from live data and scores it as a share of the best:
 *
 *     score(i, k) = weight(k) × value(i, k) / max over institutes of value(·, k)
 *     total(i)    = Σ over k of score(i, k)            (0 … 100)
 *
 * (an indicator nobody has yet scores 0 for everyone).  The values come
 * from the technology market (contracts), the bookings (hours its
 * instruments served others), joint research (joint_figures.h: projects
 * led, challenges solved) and the talent pool (its experts).  An
 * indicator whose data were not kept would be 0 for every institute and
 * marked "not yet available" on the page.
 */
#ifndef DOMAIN_INSTITUTE_H
#define DOMAIN_INSTITUTE_H

#include <jansson.h>
#include "domain/domain.h"

struct indicator {
	const char *key, *zh, *en;
	const char *unit;              /* count cny hours */
	int available;                 /* 0: its data is not kept yet */
	const char *note_zh, *note_en;
};
extern const struct indicator indicators[];
extern const size_t nindicators;

/* May the actor set schemes and register institutes? */
int institute_may_manage(const struct ctx *c);
/* Registers org_id (kind institute) under centre_id (kind centre), or
 * moves it to another centre.  Audited. */
int institute_register(struct ctx *c, int64_t org_id, int64_t centre_id, struct derr *e);
int institute_unregister(struct ctx *c, int64_t org_id, struct derr *e);

/*
 * Sets the scheme of year from a JSON object {"weights": {indicator:
 * weight, ...}}: known indicators, each weight a whole number 1-100, the
 * weights adding up to exactly 100.  Refusals name the field (weights, or
 * the indicator).  Audited.
 */
int assess_scheme_set(struct ctx *c, int64_t year, json_t *in, struct derr *e);
/* {year, set, weights: {indicator: weight}, total} — set is false and the
 * weights empty when the office has not set the year's scheme. */
json_t *assess_scheme_json(struct ctx *c, int64_t year, struct derr *e);

/*
 * The ranking of a year (cached like the dashboard, see figures.h):
 * {year, scheme_set, indicators: [{key, name_zh, name_en, unit, weight,
 * available, note_zh, note_en, max}], institutes: [{rank, org_id, name_zh,
 * name_en, region, region_zh, region_en, city_zh, city_en, centre_id,
 * centre_zh, values: {k: v}, scores: {k: s}, total}]}.  The caller owns one
 * reference.
 */
json_t *institute_ranking_doc(struct ctx *c, int64_t year, struct derr *e);

#endif
