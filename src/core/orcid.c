/*
 * orcid.c — ORCID iD syntax and its ISO/IEC 7064 MOD 11-2 check
 * character.  See orcid.h.
 */
#include <string.h>
#include "core/orcid.h"
#include "core/banned.h"

char orcid_check_char(const char digits[15])
{
	int total = 0, r;
	for (int i = 0; i < 15; i++)
		total = (total + (digits[i] - '0')) * 2;
	r = (12 - total % 11) % 11;
	return r == 10 ? 'X' : (char)('0' + r);
}

enum orcid_result orcid_parse(const char *s, size_t len, char out[ORCID_LEN + 1])
{
	static const char *const prefixes[] = {
		"https://orcid.org/", "http://orcid.org/", "orcid.org/",
	};
	char d[16];
	size_t n = 0, groups = 0;

	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t k = strlen(prefixes[i]);
		if (len > k && strncmp(s, prefixes[i], k) == 0) {
			s += k;
			len -= k;
			break;
		}
	}
	/* either 16 characters, or 4 groups of 4 joined by hyphens */
	if (len != 16 && len != 19)
		return ORCID_BAD_FORM;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (len == 19 && i % 5 == 4) {
			if (ch != '-')
				return ORCID_BAD_FORM;
			groups++;
			continue;
		}
		if (n == 15 && (ch == 'x' || ch == 'X'))
			ch = 'X';
		else if (ch < '0' || ch > '9')
			return ORCID_BAD_FORM;
		d[n++] = ch;
	}
	if (n != 16 || (len == 19 && groups != 3))
		return ORCID_BAD_FORM;
	if (orcid_check_char(d) != d[15])
		return ORCID_BAD_CHECKSUM;
	for (int g = 0, k = 0; g < 4; g++) {
		memcpy(out + k, d + g * 4, 4);
		k += 4;
		if (g < 3)
			out[k++] = '-';
	}
	out[ORCID_LEN] = '\0';
	return ORCID_OK;
}
