/*
 * pinyin.c — lookups in the generated table of pinyin initials (see
 * pinyin.h; the table is src/text/pinyin_table.h, made by
 * scripts/gen-pinyin.sh).
 */
#include <stdint.h>
#include "text/pinyin.h"
#include "text/pinyin_table.h"
#include "core/banned.h"

uint32_t pinyin_initials(uint32_t cp)
{
	if (cp < PINYIN_FIRST || cp > PINYIN_LAST)
		return 0;
	return pinyin_initials_table[cp - PINYIN_FIRST];
}

int pinyin_has_initial(uint32_t cp, int c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (c < 'a' || c > 'z')
		return 0;
	return (pinyin_initials(cp) >> (c - 'a')) & 1u;
}
