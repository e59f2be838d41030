/*
 * utf8.h — UTF-8 helpers: strict decoding, encoding, validation, and
 * cutting text at character boundaries.  Every function takes an explicit
 * byte length and never reads past it; none needs a terminating NUL and
 * none allocates.
 *
 * "Strict" means RFC 3629: overlong forms, UTF-16 surrogates (U+D800..DFFF),
 * code points above U+10FFFF and truncated sequences are all invalid.
 */
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the character at the start of s[0..len).  On success stores the
 * code point in *cp and returns the number of bytes it occupies (1..4).
 * Returns 0 (and leaves *cp untouched) if len is 0 or the bytes there are
 * not a valid, shortest-form, non-surrogate sequence; callers usually skip
 * one byte and go on.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Returns 1 if all of s[0..len) is valid UTF-8 (an empty string is), else 0. */
int utf8_valid(const char *s, size_t len);

/*
 * Writes the UTF-8 form of cp into out (no NUL) and returns its length
 * (1..4); returns 0 and writes nothing for a surrogate or cp > U+10FFFF.
 */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * Returns the byte length of the longest prefix of s[0..len) that holds at
 * most max_chars whole characters: cutting there never splits a valid
 * sequence.  An invalid byte counts as one character of its own.
 */
size_t utf8_prefix(const char *s, size_t len, size_t max_chars);

/* Returns the number of characters in s[0..len); invalid bytes count one each. */
size_t utf8_chars(const char *s, size_t len);

#endif
