/*
 * instrument.h — the catalogue of shared large research instruments and
 * major facilities (大型科研仪器与重大科技基础设施).
 *
 * Anyone may read.  An organisation administrator creates, edits and
 * retires the instruments of their own organisation and no one else's; a
 * system administrator any.  Every change is audited.
 */
#ifndef DOMAIN_INSTRUMENT_H
#define DOMAIN_INSTRUMENT_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/fields.h"
#include "domain/search.h"
#include "store/store.h"

extern const struct field instrument_fields[];

/* A catalogue query as the user states it; strings may be NULL. */
struct instrument_query {
	const char *q;                   /* search words, see text/query.h */
	const char *region, *city, *category, *kind, *status, *sharing, *sort;
	int64_t org_id;                  /* 0 = any */
	int64_t value_min, value_max;    /* -1 = no bound */
	int64_t page, per_page;          /* 1-based; per_page 1..100 */
};
#define INSTRUMENT_QUERY_INIT { .value_min = -1, .value_max = -1, .page = 1, .per_page = 20 }

/* One page of a catalogue query, and what the search words became. */
struct instrument_page {
	struct instrument *items;
	size_t n;
	int64_t total;
	struct search search;
};

/* Validates the query (unknown sort or vocabulary keys, bad ranges give
 * DERR_INVALID naming the parameter) and lists one page.  Retired
 * instruments are left out unless status asks for them ("retired" or "all").
 * Filters written in q (region:上海) narrow the explicit ones. */
int instrument_list(struct ctx *c, const struct instrument_query *q,
		    struct instrument_page *out, struct derr *e);
int instrument_get(struct ctx *c, int64_t id, struct instrument *out, struct derr *e);
int instrument_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
int instrument_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
		      struct derr *e);
int instrument_delete(struct ctx *c, int64_t id, struct derr *e);
/* May the actor change this instrument?  (For showing edit links; the
 * write calls check again.) */
int instrument_may_edit(const struct ctx *c, int64_t org_id);
json_t *instrument_json(const struct instrument *in);

#endif
