/*
 * catalog.h — the closed vocabularies of the community, with their
 * Chinese and English labels: instrument categories (top level of the
 * national classification of large research instruments), kinds, status,
 * sharing modes, organisation kinds and roles.
 *
 * A vocabulary is a NULL-terminated array of struct term; the key is what
 * the store and the API carry.
 */
#ifndef DOMAIN_CATALOG_H
#define DOMAIN_CATALOG_H

struct term {
	const char *key, *zh, *en;
};

extern const struct term vocab_category[];
extern const struct term vocab_instrument_kind[];
extern const struct term vocab_status[];
extern const struct term vocab_sharing[];
extern const struct term vocab_org_kind[];
extern const struct term vocab_role[];

/* The term with this key, or NULL. */
const struct term *vocab_find(const struct term *v, const char *key);
/* The label in lang ("en" or anything else = Chinese); the key itself if
 * the vocabulary has no such term. */
const char *vocab_label(const struct term *v, const char *key, const char *lang);

/* 1 if s is a valid unified social credit code (GB 32100-2015, with its
 * check character), else 0. */
int uscc_valid(const char *s);

#endif
