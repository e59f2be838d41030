/*
 * demo_market.h — the demo community's technology market, institutes and
 * visits: five past years of technology contracts and this year's so far,
 * with cross-region flows of the size the community publishes (at scale
 * 10 about 14,000 verified contracts between the regions in the latest
 * complete year, up about 26.7 % on the year before; counts scale
 * linearly), as many contracts inside the regions, a few this year still
 * submitted or returned; the institutes registered under the YRD national
 * technology innovation centre with an assessment scheme for every year;
 * and a year of daily page views.  Called by demo_generate() (demo.c)
 * after the bookings; deterministic for a seed, relative to now.
 */
#ifndef DOMAIN_DEMO_MARKET_H
#define DOMAIN_DEMO_MARKET_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_market_result {
	int64_t contracts, cross_latest, cross_before, institutes;
};

int demo_market(struct ctx *c, double scale, uint64_t seed, int64_t now,
		struct demo_market_result *out, struct derr *e);

#endif
