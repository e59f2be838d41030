/*
 * minhash.c — one-permutation MinHash with optimal densification.  See
 * minhash.h.
 */
#include <string.h>
#include "core/rng.h"
#include "text/minhash.h"
#include "core/banned.h"

#define BIN_SHIFT 58          /* 64 - log2(MINHASH_K) */

_Static_assert(MINHASH_K == 64, "BIN_SHIFT assumes 64 bins");

/* The donor of empty bin j at attempt a: a fixed, well-mixed choice. */
static unsigned donor(unsigned j, unsigned a)
{
	return (unsigned)(mix64(((uint64_t)j << 32 | a) + RNG_GOLDEN) % MINHASH_K);
}

void minhash_sign(const uint64_t *h, size_t n, struct minhash *out)
{
	uint32_t bin[MINHASH_K];
	unsigned char filled[MINHASH_K];

	if (n == 0) {
		memset(out, 0, sizeof *out);
		return;
	}
	memset(filled, 0, sizeof filled);
	for (int i = 0; i < MINHASH_K; i++)
		bin[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned b = (unsigned)(h[i] >> BIN_SHIFT);
		/* bits 16..47 rank the hash within its bin */
		uint32_t v = (uint32_t)(h[i] >> 16);
		if (!filled[b] || v < bin[b]) {
			bin[b] = v;
			filled[b] = 1;
		}
	}
	for (unsigned j = 0; j < MINHASH_K; j++) {
		uint32_t v = bin[j];
		if (!filled[j]) {
			/* at least one bin is filled; the attempts end almost
			 * surely, and a plain scan ends them for sure */
			unsigned a = 0, d = 0;
			for (; a < 4096; a++) {
				d = donor(j, a);
				if (filled[d])
					break;
			}
			if (a == 4096)
				for (d = 0; !filled[d]; d++)
					;
			v = bin[d] ^ (uint32_t)(a * 0x9E3779B9u);
		}
		/* the low 16 bits of the bin's minimum, never 0 for a filled one
		 * so an empty set's signature agrees with nothing by chance */
		out->v[j] = (uint16_t)(v & 0xFFFF) ? (uint16_t)(v & 0xFFFF) : 1;
	}
}

int minhash_agree(const struct minhash *a, const struct minhash *b)
{
	int same = 0;
	for (int i = 0; i < MINHASH_K; i++)
		same += a->v[i] == b->v[i];
	return same;
}

double minhash_similarity(const struct minhash *a, const struct minhash *b)
{
	return (double)minhash_agree(a, b) / MINHASH_K;
}
