/*
 * orcid.h — ORCID iDs (https://orcid.org): sixteen characters in four
 * groups, 0000-0002-1825-0097, the last a check character computed with
 * ISO/IEC 7064 MOD 11-2 over the fifteen digits before it ("X" stands
 * for ten).
 */
#ifndef CORE_ORCID_H
#define CORE_ORCID_H

#include <stddef.h>

#define ORCID_LEN 19             /* 0000-0000-0000-000X */

enum orcid_result {
	ORCID_OK = 0,
	ORCID_BAD_FORM = -1,     /* not 16 digits (last may be X) in 4 groups */
	ORCID_BAD_CHECKSUM = -2, /* well formed, wrong check character */
};

/*
 * Checks s[0..len) and writes its canonical form (upper-case X, with
 * hyphens, NUL-terminated) into out.  Accepted spellings: the canonical
 * one, the sixteen characters without hyphens, a lower-case x, and the
 * iD written as a URL (https://orcid.org/..., http:// or orcid.org/...).
 * Nothing is written to out unless the result is ORCID_OK.
 */
enum orcid_result orcid_parse(const char *s, size_t len, char out[ORCID_LEN + 1]);

/* The check character ('0'..'9' or 'X') of fifteen digits. */
char orcid_check_char(const char digits[15]);

#endif
