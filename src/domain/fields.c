/*
 * fields.c — spec-driven validation of JSON objects and form posts.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "core/utf8.h"
#include "core/util.h"
#include "domain/fields.h"
#include "core/banned.h"

const struct field *fields_find(const struct field *spec, const char *name)
{
	for (; spec->name; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

const char *field_label(const struct field *f, const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? f->en : f->zh;
}

int text_check(const char *s, size_t len, int multiline, int64_t max,
	       const char *field, struct derr *e)
{
	size_t i = 0, chars = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (!k)
			return derr_set(e, DERR_INVALID, "bad_encoding", field,
					"%s is not valid UTF-8", field);
		if ((cp < 0x20 && !(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) ||
		    cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return derr_set(e, DERR_INVALID, "control_character", field,
					"%s contains a control character", field);
		i += k;
		chars++;
	}
	if (max > 0 && chars > (size_t)max)
		return derr_set(e, DERR_INVALID, "too_long", field,
				"%s is longer than %lld characters", field, (long long)max);
	return 0;
}

static void set_unset(const struct field *f, void *rec)
{
	char *p = (char *)rec + f->offset;
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM: *(const char **)p = NULL; break;
	case FT_INT: *(int64_t *)p = 0; break;
	case FT_NUM: *(double *)p = -1; break;
	}
}

static int apply_one(const struct field *f, json_t *v, void *rec, struct arena *a,
		     struct derr *e)
{
	char *p = (char *)rec + f->offset;

	if (json_is_null(v)) {
		if (f->flags & F_REQUIRED)
			return derr_set(e, DERR_INVALID, "required", f->name,
					"%s is required", f->name);
		set_unset(f, rec);
		return 0;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM: {
		const char *s;
		size_t len;
		if (!json_is_string(v))
			return derr_set(e, DERR_INVALID, "wrong_type", f->name,
					"%s must be a string", f->name);
		s = json_string_value(v);
		len = json_string_length(v);
		if (memchr(s, '\0', len))
			return derr_set(e, DERR_INVALID, "control_character", f->name,
					"%s contains a NUL character", f->name);
		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		if (!len) {
			if (f->flags & F_REQUIRED)
				return derr_set(e, DERR_INVALID, "required", f->name,
						"%s is required", f->name);
			set_unset(f, rec);
			return 0;
		}
		if (f->type == FT_ENUM) {
			char *k = arena_strndup(a, s, len);
			const struct term *t = k ? vocab_find(f->vocab, k) : NULL;
			if (!t)
				return derr_set(e, DERR_INVALID, "not_allowed", f->name,
						"%s must be one of the listed values", f->name);
			*(const char **)p = t->key;
			return 0;
		}
		if (text_check(s, len, !!(f->flags & F_MULTILINE), f->max, f->name, e) < 0)
			return -1;
		if (!(*(const char **)p = arena_strndup(a, s, len)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return 0;
	}
	case FT_INT: {
		json_int_t n;
		if (json_is_real(v) && floor(json_real_value(v)) == json_real_value(v)) {
			/* a whole number written as 1e20: too big, not the wrong kind */
			if (fabs(json_real_value(v)) >= 9e15)
				return derr_set(e, DERR_INVALID, "out_of_range", f->name,
						"%s must be between %lld and %lld", f->name,
						(long long)f->min, (long long)f->max);
			n = (json_int_t)json_real_value(v);
		} else if (!json_is_integer(v))
			return derr_set(e, DERR_INVALID, "wrong_type", f->name,
					"%s must be an integer", f->name);
		else
			n = json_integer_value(v);
		if (n < f->min || n > f->max)
			return derr_set(e, DERR_INVALID, "out_of_range", f->name,
					"%s must be between %lld and %lld", f->name,
					(long long)f->min, (long long)f->max);
		*(int64_t *)p = n;
		return 0;
	}
	case FT_NUM: {
		double d;
		if (!json_is_number(v))
			return derr_set(e, DERR_INVALID, "wrong_type", f->name,
					"%s must be a number", f->name);
		d = json_number_value(v);
		if (!isfinite(d) || d < (double)f->min || d > (double)f->max)
			return derr_set(e, DERR_INVALID, "out_of_range", f->name,
					"%s must be between %lld and %lld", f->name,
					(long long)f->min, (long long)f->max);
		*(double *)p = d;
		return 0;
	}
	}
	return derr_set(e, DERR_INTERNAL, "internal", f->name, "bad field spec");
}

int fields_apply(const struct field *spec, json_t *obj, void *rec,
		 struct arena *a, enum fields_mode mode, struct derr *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL,
				"the body must be a JSON object");
	json_object_foreach(obj, key, v) {
		const struct field *f = fields_find(spec, key);
		if (!f || (f->flags & F_READONLY)) {
			char name[48];
			/* at most 40 characters, cut back to a whole one that fits */
			size_t n = utf8_prefix(key, strlen(key), 40);
			while (n > sizeof name - 1 || (n && ((unsigned char)key[n] & 0xC0) == 0x80))
				n--;
			memcpy(name, key, n);
			name[n] = '\0';
			if (!utf8_valid(name, n))
				name[0] = '\0';
			return derr_set(e, DERR_INVALID, f ? "read_only" : "unknown_field",
					name, f ? "%s cannot be set" : "unknown field %s", name);
		}
	}
	for (const struct field *f = spec; f->name; f++) {
		if (f->flags & F_READONLY)
			continue;
		v = json_object_get(obj, f->name);
		if (!v) {
			if (mode != FIELDS_PATCH && (f->flags & F_REQUIRED))
				return derr_set(e, DERR_INVALID, "required", f->name,
						"%s is required", f->name);
			if (mode == FIELDS_REPLACE)
				set_unset(f, rec);
			continue;
		}
		if (apply_one(f, v, rec, a, e) < 0)
			return -1;
	}
	return 0;
}

/* Copies s without surrounding white space into t (size tsize): 0, or -1
 * if it does not fit. */
static int trimmed(const char *s, char *t, size_t tsize)
{
	size_t k;
	while (isspace((unsigned char)*s))
		s++;
	k = strlen(s);
	while (k && isspace((unsigned char)s[k - 1]))
		k--;
	if (k >= tsize)
		return -1;
	memcpy(t, s, k);
	t[k] = '\0';
	return 0;
}

json_t *fields_from_pairs(const struct field *spec, const char *const *keys,
			  const char *const *vals, size_t n, struct derr *e)
{
	json_t *obj = json_object();
	if (!obj) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct field *f = fields_find(spec, keys[i]);
		char t[64];
		json_t *v;
		int64_t x;
		double d;

		if (!f || (f->flags & F_READONLY))
			continue;
		if (f->type == FT_INT || f->type == FT_NUM) {
			int bad = trimmed(vals[i], t, sizeof t) < 0;
			if (!bad && !*t)
				v = json_null();
			else if (!bad && f->type == FT_INT &&
				 parse_i64(t, INT64_MIN, INT64_MAX, &x) == 0)
				v = json_integer(x);
			else if (!bad && f->type == FT_NUM &&
				 parse_double(t, -1e18, 1e18, &d) == 0)
				v = json_real(d);
			else {
				derr_set(e, DERR_INVALID, "wrong_type", f->name,
					 f->type == FT_INT ? "%s must be an integer"
							   : "%s must be a number", f->name);
				json_decref(obj);
				return NULL;
			}
		} else {
			/* kept as bytes: fields_apply's text check refuses
			 * invalid UTF-8 with the field's name */
			v = json_stringn_nocheck(vals[i], strlen(vals[i]));
		}
		if (!v || json_object_set_new(obj, f->name, v) < 0) {
			derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}
