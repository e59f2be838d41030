/*
 * industry.h — the community's shared industrial fields (产业领域), in
 * which regions exchange project guides and challenge lists.  A closed
 * vocabulary (domain/catalog.h's struct term): the key is what the store
 * and the API carry.  Consultation rounds choose their fields from it;
 * projects and challenges (issue 6) can use it too.
 */
#ifndef DOMAIN_INDUSTRY_H
#define DOMAIN_INDUSTRY_H

#include "domain/catalog.h"

extern const struct term vocab_industry[];

/* The term whose key, Chinese or English label is s (labels ignoring
 * ASCII case), or NULL: imports accept labels as people write them. */
const struct term *industry_find(const char *s);

#endif
