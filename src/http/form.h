/*
 * form.h — parsing of outside input that arrives as text: query strings,
 * application/x-www-form-urlencoded bodies and Cookie headers.
 *
 * Parsers copy into the given arena and never fail on hostile input: they
 * return -1 only when a limit is passed (too many pairs, arena exhausted).
 * Keys and values are percent-decoded ('+' is a space in forms and query
 * strings); a malformed escape is kept literally.  Decoded values may hold
 * any bytes, including NUL and invalid UTF-8: validation is the domain's.
 */
#ifndef HTTP_FORM_H
#define HTTP_FORM_H

#include <stddef.h>
#include "core/arena.h"

#define FORM_MAX_PAIRS 256

struct kv {
	const char *key, *val;
	size_t key_len, val_len;     /* decoded lengths (values may hold NUL) */
};

/* Parses "a=1&b=x+y" (len bytes, not NUL-terminated) into *out. */
int form_parse(struct arena *a, const char *s, size_t len, struct kv **out, size_t *n);
/* Parses a Cookie header "a=1; b=2" (no percent-decoding). */
int cookie_parse(struct arena *a, const char *s, size_t len, struct kv **out, size_t *n);
/* The first value for key, or NULL. */
const char *kv_get(const struct kv *kv, size_t n, const char *key);
/* The value's decoded length for the first key match, or 0. */
size_t kv_len(const struct kv *kv, size_t n, const char *key);
/* Percent-encodes s for a URL query value into the arena. */
char *url_encode(struct arena *a, const char *s);

#endif
