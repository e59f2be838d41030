/*
 * search_kinds.h — the registry of what the platform-wide search finds:
 * one entry per kind of record, saying what it is called, where its page
 * is, how much its matches weigh, what its category values mean, which
 * words name it in a type: filter, and who may find its restricted
 * (not public) records.
 *
 * The index side of a kind — how its document is built from its rows and
 * kept in step with them — is a view and triggers in the store (see
 * store/search.h).  Plugging a new kind in takes:
 *   1. a migration with its view search_src_<kind> and its triggers;
 *   2. the view's line in rebuild_views[] (store/search_index.c);
 *   3. its entry in search_kinds[] (search_kinds.c);
 *   4. a query of the relevance set (tests/relevance/queries.tsv).
 */
#ifndef DOMAIN_SEARCH_KINDS_H
#define DOMAIN_SEARCH_KINDS_H

#include <stddef.h>
#include <stdint.h>
#include "domain/catalog.h"
#include "domain/domain.h"
#include "store/search.h"

struct search_kind {
	const char *key;             /* search_item.kind, and the API's "type" */
	const char *zh, *en;         /* what one record is called */
	const char *url;             /* its page, with %lld for the record's id;
					NULL: no page of its own */
	double weight;               /* multiplies the score of its matches */
	const struct term *categories;   /* labels of its category values, or NULL */
	const char *const *aliases;  /* more words for it in type: (NULL-ended) */
	/* Fills g and returns 1 if the actor may find restricted records of
	 * this kind (some or all, as g says); 0 if only public ones.  NULL:
	 * the kind has no restricted records. */
	int (*grant)(const struct ctx *c, struct search_grant *g);
};

extern const struct search_kind search_kinds[];
extern const size_t nsearch_kinds;

/* The kind with this key, or NULL. */
const struct search_kind *search_kind_find(const char *key);
/* The kind a word names in a type: filter: its key, its Chinese or
 * English label (any case), or an alias; NULL if none. */
const struct search_kind *search_kind_named(const char *word);
/* The label of a category value of kind k in lang ("en" or Chinese);
 * the value itself when the kind has no vocabulary or no such value. */
const char *search_kind_category(const struct search_kind *k, const char *value,
				 const char *lang);

#endif
