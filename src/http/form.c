/*
 * form.c — query-string, form and cookie parsing.  See form.h.
 */
#include <string.h>
#include "http/form.h"
#include "core/banned.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..len) into a fresh NUL-terminated arena string. */
static char *decode(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	char *d = arena_alloc(a, len + 1), *p = d;
	if (!d)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		int h, l;
		if (s[i] == '+')
			*p++ = ' ';
		else if (s[i] == '%' && i + 2 < len && (h = hexval(s[i + 1])) >= 0 &&
			 (l = hexval(s[i + 2])) >= 0) {
			*p++ = (char)(h * 16 + l);
			i += 2;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	*outlen = (size_t)(p - d);
	return d;
}

static int split(struct arena *a, const char *s, size_t len, char sep, int pct,
		 struct kv **out, size_t *n)
{
	size_t cap = 0, i = 0;
	struct kv *v = NULL;

	*out = NULL;
	*n = 0;
	while (i < len) {
		size_t start = i, eq = (size_t)-1, end;
		while (i < len && s[i] != sep) {
			if (s[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		end = i++;
		if (!pct)   /* cookies: skip the blank after ';' */
			while (start < end && s[start] == ' ')
				start++;
		if (start == end)
			continue;
		if (*n == FORM_MAX_PAIRS)
			return -1;
		if (*n == cap) {
			struct kv *nv;
			cap = cap ? cap * 2 : 8;
			if (!(nv = arena_alloc(a, cap * sizeof *nv)))
				return -1;
			if (*n)
				memcpy(nv, v, *n * sizeof *nv);
			v = nv;
		}
		if (eq == (size_t)-1 || eq >= end)
			eq = end;
		if (pct) {
			v[*n].key = decode(a, s + start, eq - start, &v[*n].key_len);
			v[*n].val = decode(a, s + (eq < end ? eq + 1 : end),
					   eq < end ? end - eq - 1 : 0, &v[*n].val_len);
		} else {
			v[*n].key = arena_strndup(a, s + start, eq - start);
			v[*n].key_len = eq - start;
			v[*n].val = arena_strndup(a, s + (eq < end ? eq + 1 : end),
						  eq < end ? end - eq - 1 : 0);
			v[*n].val_len = eq < end ? end - eq - 1 : 0;
		}
		if (!v[*n].key || !v[*n].val)
			return -1;
		(*n)++;
		*out = v;
	}
	return 0;
}

int form_parse(struct arena *a, const char *s, size_t len, struct kv **out, size_t *n)
{
	return split(a, s, len, '&', 1, out, n);
}

int cookie_parse(struct arena *a, const char *s, size_t len, struct kv **out, size_t *n)
{
	return split(a, s, len, ';', 0, out, n);
}

const char *kv_get(const struct kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].val;
	return NULL;
}

size_t kv_len(const struct kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].val_len;
	return 0;
}

char *url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	char *d = arena_alloc(a, len * 3 + 1), *p = d;
	if (!d)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return d;
}
