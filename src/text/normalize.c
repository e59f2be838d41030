/*
 * normalize.c — code-point folding and character classes (see normalize.h).
 *
 * The only state is the traditional→simplified table, built once per
 * process under pthread_once from OpenCC's data and read-only afterwards.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <opencc/opencc.h>
#include "core/utf8.h"
#include "text/normalize.h"
#include "core/banned.h"

/* OpenCC's text dictionary, where a distribution ships it (-D to move) */
#ifndef TS_TEXT_FILE
#define TS_TEXT_FILE "/usr/share/opencc/TSCharacters.txt"
#endif
#define TS_CONFIG "t2s.json"
#define TS_CONFIG_PATH "/usr/share/opencc/t2s.json"

struct ts_pair {
	uint32_t from, to;
};

static pthread_once_t ts_once = PTHREAD_ONCE_INIT;
static struct ts_pair *ts_map;		/* sorted by .from */
static size_t ts_len;
static uint64_t ts_bmp[65536 / 64];	/* BMP keys present in ts_map */

/* ------------------------------------------------------------------ */
/* Building the table                                                  */
/* ------------------------------------------------------------------ */

struct ts_build {
	struct ts_pair *v;
	size_t len, cap;
};

static int build_add(struct ts_build *b, uint32_t from, uint32_t to)
{
	struct ts_pair *p;
	size_t cap;

	if (from == to || !text_is_han(from))
		return 0;
	if (b->len == b->cap) {
		cap = b->cap ? b->cap * 2 : 4096;
		p = realloc(b->v, cap * sizeof(*p));
		if (!p)
			return -1;
		b->v = p;
		b->cap = cap;
	}
	b->v[b->len].from = from;
	b->v[b->len].to = to;
	b->len++;
	return 0;
}

/* Decodes s[0..len) as exactly one code point; 0 if it is not. */
static uint32_t single_cp(const char *s, size_t len)
{
	uint32_t cp;

	if (utf8_decode(s, len, &cp) != len || len == 0)
		return 0;
	return cp;
}

/*
 * Reads OpenCC's text dictionary: "trad\tsimp [alt ...]" per line.  Keeps a
 * line when trad is one code point and its first candidate is one other
 * code point.  Returns 0 if the file was read, -1 if it is not there.
 */
static int load_text_file(struct ts_build *b, const char *path)
{
	FILE *f;
	char *line = NULL, *tab, *end;
	size_t cap = 0;
	ssize_t n;
	uint32_t from, to;
	int ret = -1;

	f = fopen(path, "r");
	if (!f)
		return -1;
	while ((n = getline(&line, &cap, f)) > 0) {
		tab = memchr(line, '\t', (size_t)n);
		if (!tab)
			continue;
		end = tab + 1;
		while (end < line + n && *end != ' ' && *end != '\n' &&
		       *end != '\r' && *end != '\t')
			end++;
		from = single_cp(line, (size_t)(tab - line));
		to = single_cp(tab + 1, (size_t)(end - tab - 1));
		if (from && to && build_add(b, from, to) < 0)
			goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(f);
	return ret;
}

static const uint32_t han_ranges[][2] = {
	{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF },
	{ 0x20000, 0x2FA1F }, { 0x30000, 0x323AF },
};

/*
 * Asks libopencc's t2s converter (TSPhrases + TSCharacters) to convert
 * every ideograph, one per line, in a single call; a line that comes back
 * as one different code point is a mapping.  Phrases cannot match across
 * the newlines, so this reads exactly the character dictionary.
 */
static int load_opencc(struct ts_build *b)
{
	opencc_t oc;
	char *in = NULL, *conv = NULL, *p, *q, *pe, *qe;
	size_t i, n = 0, cap = 0;
	uint32_t cp, from, to;
	int ret = -1;

	oc = opencc_open(TS_CONFIG);
	if (oc == (opencc_t)-1)
		oc = opencc_open(TS_CONFIG_PATH);
	if (oc == (opencc_t)-1)
		return -1;
	for (i = 0; i < sizeof(han_ranges) / sizeof(han_ranges[0]); i++)
		cap += (han_ranges[i][1] - han_ranges[i][0] + 1) * 5;
	in = malloc(cap + 1);
	if (!in)
		goto out;
	for (i = 0; i < sizeof(han_ranges) / sizeof(han_ranges[0]); i++) {
		for (cp = han_ranges[i][0]; cp <= han_ranges[i][1]; cp++) {
			n += utf8_encode(cp, in + n);
			in[n++] = '\n';
		}
	}
	in[n] = '\0';
	conv = opencc_convert_utf8(oc, in, n);
	if (!conv)
		goto out;
	p = in;
	q = conv;
	while (*p) {
		pe = strchr(p, '\n');
		qe = strchr(q, '\n');
		if (!pe || !qe)
			break;	/* out of step: keep what we have */
		from = single_cp(p, (size_t)(pe - p));
		to = single_cp(q, (size_t)(qe - q));
		if (from && to && build_add(b, from, to) < 0)
			goto out;
		p = pe + 1;
		q = qe + 1;
	}
	ret = 0;
out:
	if (conv)
		opencc_convert_utf8_free(conv);
	free(in);
	opencc_close(oc);
	return ret;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct ts_pair *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static void ts_load(void)
{
	struct ts_build b = { NULL, 0, 0 };
	size_t i, k;

	if (load_text_file(&b, TS_TEXT_FILE) < 0 || b.len == 0) {
		b.len = 0;
		if (load_opencc(&b) < 0)
			b.len = 0;
	}
	if (b.len == 0) {
		free(b.v);
		return;
	}
	qsort(b.v, b.len, sizeof(*b.v), pair_cmp);
	for (i = 0, k = 0; i < b.len; i++) {	/* first mapping of a key wins */
		if (k > 0 && b.v[k - 1].from == b.v[i].from)
			continue;
		b.v[k++] = b.v[i];
	}
	for (i = 0; i < k; i++) {
		if (b.v[i].from < 0x10000)
			ts_bmp[b.v[i].from >> 6] |= (uint64_t)1 << (b.v[i].from & 63);
	}
	ts_map = b.v;
	ts_len = k;
}

int text_normalize_init(void)
{
	pthread_once(&ts_once, ts_load);
	return ts_len ? 0 : -1;
}

size_t text_normalize_table_size(void)
{
	pthread_once(&ts_once, ts_load);
	return ts_len;
}

static uint32_t fold_han(uint32_t cp)
{
	size_t lo = 0, hi, mid;

	pthread_once(&ts_once, ts_load);
	if (cp < 0x10000 && !(ts_bmp[cp >> 6] & ((uint64_t)1 << (cp & 63))))
		return cp;
	hi = ts_len;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ts_map[mid].from == cp)
			return ts_map[mid].to;
		if (ts_map[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/* ------------------------------------------------------------------ */
/* Folding                                                             */
/* ------------------------------------------------------------------ */

/* Lower case for the blocks where upper and lower case alternate. */
static uint32_t fold_alternating(uint32_t cp, uint32_t lo, uint32_t hi,
				 unsigned upper_parity)
{
	if (cp >= lo && cp <= hi && (cp & 1) == upper_parity)
		return cp + 1;
	return cp;
}

static uint32_t fold_letter(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if (cp >= 0x100 && cp <= 0x17F) {
		if (cp == 0x130)
			return 'i';
		if (cp == 0x178)
			return 0xFF;
		if (cp <= 0x137 || (cp >= 0x14A && cp <= 0x177))
			return fold_alternating(cp, 0x100, 0x177, 0);
		if (cp >= 0x139 && cp <= 0x148)
			return fold_alternating(cp, 0x139, 0x148, 1);
		return fold_alternating(cp, 0x179, 0x17E, 1);
	}
	if (cp >= 0x180 && cp <= 0x24F) {
		if (cp >= 0x1CD && cp <= 0x1DC)
			return fold_alternating(cp, 0x1CD, 0x1DC, 1);
		if (cp >= 0x1DE && cp <= 0x1EF)
			return fold_alternating(cp, 0x1DE, 0x1EF, 0);
		if (cp >= 0x1F8 && cp <= 0x21F)
			return fold_alternating(cp, 0x1F8, 0x21F, 0);
		if (cp >= 0x222 && cp <= 0x233)
			return fold_alternating(cp, 0x222, 0x233, 0);
		return fold_alternating(cp, 0x246, 0x24F, 0);
	}
	if (cp >= 0x370 && cp <= 0x3FF) {		/* Greek */
		if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
			return cp + 0x20;
		if (cp == 0x386)
			return 0x3AC;
		if (cp >= 0x388 && cp <= 0x38A)
			return cp + 0x25;
		if (cp == 0x38C)
			return 0x3CC;
		if (cp == 0x38E || cp == 0x38F)
			return cp + 0x3F;
		return cp;
	}
	if (cp >= 0x400 && cp <= 0x4FF) {		/* Cyrillic */
		if (cp <= 0x40F)
			return cp + 0x50;
		if (cp <= 0x42F)
			return cp + 0x20;
		if (cp >= 0x460 && cp <= 0x481)
			return fold_alternating(cp, 0x460, 0x481, 0);
		if (cp >= 0x48A && cp <= 0x4BF)
			return fold_alternating(cp, 0x48A, 0x4BF, 0);
		if (cp >= 0x4C1 && cp <= 0x4CE)
			return fold_alternating(cp, 0x4C1, 0x4CE, 1);
		return fold_alternating(cp, 0x4D0, 0x4FF, 0);
	}
	if (cp >= 0x1E00 && cp <= 0x1EFF) {		/* Latin Extended Additional */
		if (cp <= 0x1E95)
			return fold_alternating(cp, 0x1E00, 0x1E95, 0);
		return fold_alternating(cp, 0x1EA0, 0x1EFF, 0);
	}
	return cp;
}

static int is_fold_space(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	       cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

uint32_t text_fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	if (is_fold_space(cp))
		return ' ';
	if (cp < 0x1F00)
		return fold_letter(cp);
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		cp -= 0xFEE0;
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	}
	if (text_is_han(cp))
		return fold_han(cp);
	return cp;
}

/* ------------------------------------------------------------------ */
/* Classes                                                             */
/* ------------------------------------------------------------------ */

int text_is_han(uint32_t cp)
{
	if (cp < 0x3007)
		return 0;
	return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x30000 && cp <= 0x323AF);
}

int text_is_kana_hangul(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30A0 && cp != 0x30FB) ||
	       (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
	       (cp >= 0x3131 && cp <= 0x318E);
}

int text_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp >= 0xC0 && cp <= 0x24F)
		return cp != 0xD7 && cp != 0xF7;
	return (cp >= 0x300 && cp <= 0x36F) ||
	       (cp >= 0x386 && cp <= 0x3FF && cp != 0x387) ||
	       (cp >= 0x400 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x52F) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

int text_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r');
}
