/*
 * lsh.c — the banded LSH table: one open-addressed multimap from band
 * keys to items.  See lsh.h.
 *
 * A slot holds a 32-bit key and a 32-bit item; an empty slot has item
 * UINT32_MAX.  A key that reaches LSH_BUCKET_MAX items gets a marker slot
 * (item UINT32_MAX - 1) and takes no more.  A key's probe sequence starts at its top bits and walks
 * forward; a query reads every slot of that run up to the first empty one,
 * so equal keys need not be adjacent.  The table doubles before it is
 * 5/8 full, which keeps runs short.
 */
#include <stdlib.h>
#include <string.h>
#include "core/rng.h"
#include "text/lsh.h"
#include "core/banned.h"

#define EMPTY UINT32_MAX
#define FULL (UINT32_MAX - 1)   /* the item of a full key's marker slot */

struct slot {
	uint32_t key, item;
};

struct lsh {
	struct slot *s;
	unsigned bits;       /* 2^bits slots */
	size_t used;
};

static uint32_t band_key(const struct minhash *s, unsigned band)
{
	uint64_t z = (uint64_t)band << 48;
	for (unsigned r = 0; r < LSH_ROWS; r++)
		z = (z << 16 | z >> 48) ^ s->v[band * LSH_ROWS + r];
	return (uint32_t)(mix64(z + RNG_GOLDEN) >> 32);
}

static struct slot *alloc_slots(unsigned bits)
{
	size_t n = (size_t)1 << bits;
	struct slot *s = malloc(n * sizeof *s);
	if (s)
		memset(s, 0xFF, n * sizeof *s);   /* key and item all ones: empty */
	return s;
}

struct lsh *lsh_new(void)
{
	struct lsh *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->bits = 10;
	if (!(l->s = alloc_slots(l->bits))) {
		free(l);
		return NULL;
	}
	return l;
}

void lsh_free(struct lsh *l)
{
	if (!l)
		return;
	free(l->s);
	free(l);
}

static void put(struct slot *s, unsigned bits, uint32_t key, uint32_t item)
{
	size_t mask = ((size_t)1 << bits) - 1, i = (size_t)key >> (32 - bits);
	while (s[i].item != EMPTY)
		i = (i + 1) & mask;
	s[i].key = key;
	s[i].item = item;
}

static int grow(struct lsh *l, size_t more)
{
	unsigned bits = l->bits;
	struct slot *ns;
	while ((l->used + more) * 8 > ((size_t)5 << bits))
		bits++;
	if (bits == l->bits)
		return 0;
	if (bits > 31 || !(ns = alloc_slots(bits)))
		return -1;
	for (size_t i = 0; i < ((size_t)1 << l->bits); i++)
		if (l->s[i].item != EMPTY)
			put(ns, bits, l->s[i].key, l->s[i].item);
	free(l->s);
	l->s = ns;
	l->bits = bits;
	return 0;
}

/* Items under key so far, or FULL if the key has its marker. */
static uint32_t key_count(const struct lsh *l, uint32_t key)
{
	size_t mask = ((size_t)1 << l->bits) - 1, i = (size_t)key >> (32 - l->bits);
	uint32_t n = 0;
	for (; l->s[i].item != EMPTY; i = (i + 1) & mask)
		if (l->s[i].key == key) {
			if (l->s[i].item == FULL)
				return FULL;
			n++;
		}
	return n;
}

int lsh_add(struct lsh *l, uint32_t item, const struct minhash *s)
{
	if (item >= FULL || grow(l, LSH_BANDS) < 0)
		return -1;
	for (unsigned b = 0; b < LSH_BANDS; b++) {
		uint32_t key = band_key(s, b), n = key_count(l, key);
		if (n == FULL)
			continue;
		put(l->s, l->bits, key, n + 1 >= LSH_BUCKET_MAX ? FULL : item);
		l->used++;
	}
	return 0;
}

int lsh_query(const struct lsh *l, const struct minhash *s, lsh_fn fn, void *arg)
{
	size_t mask = ((size_t)1 << l->bits) - 1;
	for (unsigned b = 0; b < LSH_BANDS; b++) {
		uint32_t key = band_key(s, b);
		size_t i = (size_t)key >> (32 - l->bits);
		if (key_count(l, key) == FULL)
			continue;
		for (; l->s[i].item != EMPTY; i = (i + 1) & mask) {
			int rc;
			if (l->s[i].key == key && (rc = fn(arg, l->s[i].item)) != 0)
				return rc;
		}
	}
	return 0;
}

size_t lsh_entries(const struct lsh *l)
{
	return l->used;
}

size_t lsh_bytes(const struct lsh *l)
{
	return sizeof *l + ((size_t)1 << l->bits) * sizeof(struct slot);
}
