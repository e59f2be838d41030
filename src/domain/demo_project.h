/*
 * demo_project.h — the demo community's joint research: the community's
 * real examples (data/demo/projects.tsv, consortia.tsv, challenges.tsv:
 * the 6-inch GaN materials project of 江苏第三代半导体研究院 with 13
 * teams, superalloys, the super surface electron microscope, automotive
 * chips, the wide-area cloud PLC trial on CENI's deterministic network;
 * enterprise challenges such as 6-inch SiC substrates, high-speed silicon
 * photonics and ultra-low-temperature LNG materials), plus generated ones
 * for the seven years to now, scaled so that at --scale 10 a year holds
 * about 200 million yuan of fiscal funds drawing in about 1 billion yuan
 * of enterprise funds and social capital, about 40 new cross-region
 * projects and 60 challenges.  Every project and published challenge is
 * put in the duplicate detector's history.  Also the accounts
 * jsgan-admin (lead of the GaN project: edits its milestones) and
 * zttc-admin (poster of the silicon photonics challenge).
 *
 * Called by demo_generate() (demo.c) after the talent pool; rows go
 * straight to the store in one transaction (no audit: nobody acted);
 * deterministic for a seed, relative to now.
 */
#ifndef DOMAIN_DEMO_PROJECT_H
#define DOMAIN_DEMO_PROJECT_H

#include <stdint.h>
#include "domain/domain.h"

struct demo_project_result {
	int64_t projects, consortia, challenges, responses, accounts;
};

int demo_projects(struct ctx *c, double scale, uint64_t seed, const char *dir, int64_t now,
		  const char *password,
		  void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		  void *arg, struct demo_project_result *out, struct derr *e);

#endif
