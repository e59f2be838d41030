/*
 * community.h — loading a community's regions and cities from its data
 * file (data/community/yrd.tsv is the Yangtze River Delta).
 */
#ifndef DOMAIN_COMMUNITY_H
#define DOMAIN_COMMUNITY_H

#include "domain/domain.h"

/* Reads path and writes its regions and cities in one transaction.
 * Lines: "region\tCODE\tNAME_ZH\tNAME_EN", "city\tCODE\tREGION\tNAME_ZH\tNAME_EN",
 * "community\tNAME_ZH\tNAME_EN"; '#' starts a comment.  Codes are six
 * digits (GB/T 2260).  A bad line fails the whole load, naming the line. */
int community_load(struct ctx *c, const char *path, struct derr *e);

#endif
