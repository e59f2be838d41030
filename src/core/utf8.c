/*
 * utf8.c — UTF-8 helpers (see utf8.h).  The decoder is the single place
 * that decides what valid UTF-8 is; everything else here loops over it.
 */
#include "core/utf8.h"
#include "core/banned.h"

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
	} else {
		return 0;	/* continuation byte, C0/C1 or F5..FF */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		return 0;	/* overlong */
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Length of the character at s (1 for an invalid byte); len must be > 0. */
static size_t char_len(const char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if ((unsigned char)s[0] < 0x80)
		return 1;
	n = utf8_decode(s, len, &cp);
	return n ? n : 1;
}

size_t utf8_prefix(const char *s, size_t len, size_t max_chars)
{
	size_t i = 0, k = 0;

	while (i < len && k < max_chars) {
		i += char_len(s + i, len - i);
		k++;
	}
	return i;
}

size_t utf8_chars(const char *s, size_t len)
{
	size_t i = 0, k = 0;

	while (i < len) {
		i += char_len(s + i, len - i);
		k++;
	}
	return k;
}
