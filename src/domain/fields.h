/*
 * fields.h — one description of a record's input fields, used to validate
 * both JSON documents (the API) and form posts (the web pages), so the two
 * can never disagree on what is allowed.
 *
 * A spec is an array of struct field ending with a NULL name.  Each field
 * says where in the record its value goes (offsetof), its type and bounds.
 * Unset values: TEXT and ENUM become NULL, INT becomes 0, NUM becomes -1.
 */
#ifndef DOMAIN_FIELDS_H
#define DOMAIN_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/arena.h"
#include "domain/catalog.h"
#include "domain/domain.h"

enum ftype { FT_TEXT, FT_INT, FT_NUM, FT_ENUM };

#define F_REQUIRED  1u   /* must be present and non-empty on create/replace */
#define F_MULTILINE 2u   /* newlines and tabs allowed */
#define F_READONLY  4u   /* listed for output/forms only; input refuses it */

struct field {
	const char *name;
	enum ftype type;
	unsigned flags;
	size_t offset;
	int64_t min, max;          /* TEXT: max characters; INT/NUM: range */
	const struct term *vocab;  /* ENUM: allowed keys */
	const char *zh, *en;       /* labels */
};

enum fields_mode {
	FIELDS_CREATE,   /* required fields must be present */
	FIELDS_REPLACE,  /* as create; absent optional fields become unset */
	FIELDS_PATCH,    /* only the fields present change */
};

/* Applies obj's members to rec.  Refuses (-1, e names the field): an
 * unknown or read-only member, a wrong JSON type, text that is not valid
 * UTF-8 or holds control characters, too long, a number out of range, an
 * enum key not in the vocabulary, a missing required field.  Text is
 * trimmed and copied into a.  On failure rec may be partly written: apply
 * to a scratch copy. */
int fields_apply(const struct field *spec, json_t *obj, void *rec,
		 struct arena *a, enum fields_mode mode, struct derr *e);

/* Builds a JSON object from form pairs (n keys and values, all strings):
 * members the spec knows are converted to their type (an empty value is
 * null), others are ignored.  NULL with e filled if a number is malformed. */
json_t *fields_from_pairs(const struct field *spec, const char *const *keys,
			  const char *const *vals, size_t n, struct derr *e);

/* The field named name, or NULL. */
const struct field *fields_find(const struct field *spec, const char *name);
/* The field's label in lang. */
const char *field_label(const struct field *f, const char *lang);

/* Checks that s is valid UTF-8 without control characters (newline and tab
 * allowed when multiline) and at most max characters: 0, or -1 with e set
 * for field. */
int text_check(const char *s, size_t len, int multiline, int64_t max,
	       const char *field, struct derr *e);

#endif
