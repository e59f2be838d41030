/*
 * demo.h — the demo community: the real organisations and facilities the
 * Yangtze River Delta community is known for (the TSV files in data/demo/), plus
 * realistic generated ones, deterministic for a seed.
 *
 * At scale 1: every real organisation and facility, 250 generated
 * organisations over all 41 cities and 5,000 instruments; counts of
 * generated rows scale linearly (fractions allowed), so --scale 10 gives
 * about 46,000 instruments worth about 50 billion yuan, as the real
 * platform lists.
 */
#ifndef DOMAIN_DEMO_H
#define DOMAIN_DEMO_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_opts {
	double scale;
	uint64_t seed;
	const char *dir;             /* folder of the demo TSV files */
	/* called now and then with what is being made and how far along */
	void (*progress)(void *arg, const char *what, int64_t done, int64_t total);
	void *arg;
};

struct demo_result {
	int64_t orgs, instruments, value_cny, accounts;
	char password[32];           /* the generated password of the demo accounts */
};

/* Fills an empty, migrated store whose community is loaded.  Runs in
 * batches of write transactions; on failure the store holds only whole
 * batches and e says what went wrong. */
int demo_generate(struct ctx *c, const struct demo_opts *o, struct demo_result *out,
		  struct derr *e);

#endif
