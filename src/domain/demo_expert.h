/*
 * demo_expert.h — the demo talent pool: generated experts with realistic
 * Chinese names (data/demo/people.tsv), titles in the proportions of a
 * provincial expert pool, disciplines and research keywords in Chinese
 * and English from data/demo/expert_topics.tsv, achievements, ORCID iDs
 * for about four in ten, and contact details; placed at the demo's
 * universities, institutes, laboratories, centres and enterprises across
 * all 41 cities; plus joint projects with leads, co-leads and members (so
 * a name search shows what an expert leads and the draws' co-leading
 * rule has data), and the account "expert" linked to one profile.
 *
 * demo_generate() calls it with 20,000 × scale experts; `shenrong
 * experts generate` calls it to build the benchmark's two million.
 * Deterministic for a seed.
 */
#ifndef DOMAIN_DEMO_EXPERT_H
#define DOMAIN_DEMO_EXPERT_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_expert_result {
	int64_t experts, projects, accounts;
};

/* Adds count experts (and count/8 projects) to a store whose community
 * and organisations exist; dir is the folder of the demo TSV files.
 * With password, also the member account "expert" (unless it exists)
 * linked to the first generated expert.  Commits in batches; on failure
 * the store holds whole batches only. */
int demo_experts(struct ctx *c, int64_t count, uint64_t seed, const char *dir,
		 const char *password,
		 void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		 void *arg, struct demo_expert_result *out, struct derr *e);

#endif
