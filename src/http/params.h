/*
 * params.h — query-string parameter sets that both the pages and the API
 * read, so a catalogue link and an API call mean the same thing.
 */
#ifndef HTTP_PARAMS_H
#define HTTP_PARAMS_H

#include "domain/instrument.h"
#include "http/request.h"

/* Reads q, region, city, category, kind, status, sharing, org, value_min,
 * value_max, sort, page, per_page.  -1 after answering 400 for a malformed
 * number (the handler returns at once). */
int params_instrument_query(struct req *r, struct instrument_query *q);

/* The talent pool's list and export filters (domain/expert.h): q (a name
 * prefix), region, city, title, discipline, org, page, per_page.  -1
 * after answering 400 for a malformed number. */
struct expert_query;
int params_expert_query(struct req *r, struct expert_query *q);

/* The platform-wide search (domain/search.h): q, type, region, city,
 * category, org, year, page, per_page (default 10).  -1 after answering
 * 400 for a malformed or out-of-range number. */
struct search_request;
int params_search_request(struct req *r, struct search_request *q);

#endif
