/*
 * figures_bench.c — the time to recompute every figure of the dashboard
 * from scratch (the whole community and each region: headline figures,
 * flows, trend, top lists; domain/figures.c) on a database, with the cache
 * emptied first, and the time of a cached read for comparison.
 *
 * Built and run by bench/dashboard.sh against the optimised objects:
 *
 *   ./build/figures_bench DB [year] [runs]     (default: last year, 5 runs)
 *
 * Prints the best, median and worst of the runs in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/arena.h"
#include "core/cst.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/figures.h"
#include "domain/institute.h"
#include "store/store.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char err[256];
	struct store *st;
	struct arena a = ARENA_INIT;
	struct ctx c = { 0 };
	struct derr e = { 0 };
	int64_t now = now_unix();
	int64_t year = argc > 2 ? strtoll(argv[2], NULL, 10) : cst_year(now) - 1;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	double t[64], hit = 0;

	if (argc < 2 || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: figures_bench DB [year] [runs <= 64]\n");
		return 2;
	}
	log_threshold = LOG_WARN;
	if (!(st = store_open(argv[1], 1, 0, err, sizeof err))) {
		fprintf(stderr, "figures_bench: %s\n", err);
		return 1;
	}
	c.db = store_acquire(st);
	c.a = &a;
	for (int i = 0; i < runs; i++) {
		int64_t t0 = now_usec_mono();
		json_t *r;
		if (figures_recompute_all(&c, year, now, &e) < 0 ||
		    !(r = institute_ranking_doc(&c, year, &e))) {
			fprintf(stderr, "figures_bench: %s\n", e.message);
			return 1;
		}
		json_decref(r);
		t[i] = (double)(now_usec_mono() - t0) / 1000.0;
		figures_cache_clear();
		arena_free(&a);
	}
	/* a cached read: what a page costs once the figures are made */
	json_decref(dashboard_doc(&c, year, NULL, now, &e));
	{
		int64_t t0 = now_usec_mono();
		for (int i = 0; i < 100000; i++)
			json_decref(dashboard_doc(&c, year, NULL, now, &e));
		hit = (double)(now_usec_mono() - t0) / 100000.0;   /* µs per read */
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp);
	printf("recompute every figure (community + %d regions, flows, ranking) for %lld:"
	       " best %.1f ms, median %.1f ms, worst %.1f ms over %d runs\n", 4, (long long)year,
	       t[0], t[runs / 2], t[runs - 1], runs);
	printf("cached dashboard read: %.2f µs on average over 100,000 reads\n", hit);
	figures_cache_clear();
	arena_free(&a);
	store_release(st, c.db);
	store_close(st);
	return 0;
}
