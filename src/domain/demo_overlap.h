/*
 * demo_overlap.h — the demo's pre-approval consultation: four closed
 * rounds (2021-2024) whose 20,000 × scale funded guide items, across the
 * four regions and sixteen industrial fields, are the history; about 3 %
 * of them repeat an item of another region with small changes, as
 * regions do.  Their texts are built from data/overlap/demo_topics.tsv
 * (topics, technical terms and applications per field) with the phrasing
 * of real guides.  Then one open round, 2025, with the hand-written items
 * of data/overlap/pairs.tsv submitted by the four regions' coordinators:
 * cross-region duplicates, partial copies and rewordings, items that
 * repeat the history, and related items of one field — so the report,
 * the clusters and the decisions all have something to show.
 * Deterministic for a seed.
 */
#ifndef DOMAIN_DEMO_OVERLAP_H
#define DOMAIN_DEMO_OVERLAP_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_overlap_result {
	int64_t history, rounds, items, pairs;
};

/* dir is the folder of the demo TSV files (data/demo); the overlap data
 * is read from its sibling data/overlap.  Needs the community and the
 * demo accounts (coord-sh, coord-js, coord-zj, coord-ah). */
int demo_overlap(struct ctx *c, double scale, uint64_t seed, const char *dir,
		 void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		 void *arg, struct demo_overlap_result *out, struct derr *e);

#endif
