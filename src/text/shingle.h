/*
 * shingle.h — a text as a sequence of character shingles, and sets of
 * shingle hashes: the ground the duplicate detector stands on.
 *
 * A text is first read as a stream of units, after folding each character
 * (text/normalize.h: full width to ASCII, lower case, traditional to
 * simplified Chinese):
 *
 *   - every Han, Kana or Hangul character is one unit;
 *   - every run of word characters (Latin, Greek, Cyrillic letters and
 *     digits) is one unit, a word;
 *   - everything else — white space, punctuation, symbols, bytes that are
 *     not UTF-8 — is skipped and makes no unit.  Variation selectors are
 *     skipped too.
 *
 * So "研究，开发" and "研究 开发" and "研究開發" give the same units, and
 * "ＡＩ芯片" the same as "AI 芯片".
 *
 * A shingle is the shortest run of consecutive units, starting at a unit,
 * whose weight reaches SHINGLE_WEIGHT: a Chinese character weighs
 * SHINGLE_CJK_W and a word SHINGLE_WORD_W, so a shingle is 4 Chinese
 * characters or 3 words (mixed text in proportion).  Each unit starts one
 * shingle while the rest of the text still weighs enough; a text too light
 * for a single shingle gives one shingle of all its units.  A shingle's
 * hash is a well-mixed 64-bit value of its units, so equal unit runs hash
 * equally wherever they stand.  Because shingles overlap, moving a sentence
 * changes only the few shingles that straddle its ends, and inserting a
 * word changes only the shingles that cover it.
 *
 * Every function here is pure: no I/O, no global state beyond the folding
 * tables of text/normalize.h.  Memory is malloc'd and owned by the struct
 * it was stored in; release functions accept zeroed structs.
 */
#ifndef TEXT_SHINGLE_H
#define TEXT_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#define SHINGLE_CJK_W 3
#define SHINGLE_WORD_W 4
#define SHINGLE_WEIGHT 12

/* The shingles of one text, in text order. */
struct shingles {
	uint64_t *hash;           /* hash[i]: the shingle starting at unit i */
	uint32_t *start, *end;    /* its bytes in the original text: [start, end) */
	size_t n;
};

#define SHINGLES_INIT { NULL, NULL, NULL, 0 }

/*
 * Shingles text[0..len) into *out (which must be zeroed or released; its
 * old contents are replaced).  text may be NULL when len is 0.  Returns 0,
 * or -1 if memory runs out or len does not fit in 32 bits (then *out is
 * empty).  Linear in len.
 */
int shingles_make(const char *text, size_t len, struct shingles *out);
void shingles_release(struct shingles *s);

/* A set of shingle hashes: sorted ascending, no repeats. */
struct shset {
	uint64_t *h;
	size_t n, cap;
};

#define SHSET_INIT { NULL, 0, 0 }

/*
 * Adds the hashes h[0..n) to set and restores its order (sorting and
 * dropping repeats).  0, or -1 if memory runs out (set unchanged).
 */
int shset_add(struct shset *set, const uint64_t *h, size_t n);
void shset_release(struct shset *set);
/* Number of hashes in both sets (a merge: linear in a->n + b->n). */
size_t shset_common(const struct shset *a, const struct shset *b);
/* 1 if h is in set (a binary search), else 0. */
int shset_has(const struct shset *set, uint64_t h);

/*
 * Sorts h[0..n) ascending in place (an LSD radix sort; tmp must hold n
 * values) and returns the count left after dropping repeats.
 */
size_t shingle_sort_unique(uint64_t *h, uint64_t *tmp, size_t n);

#endif
