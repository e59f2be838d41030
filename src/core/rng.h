/*
 * rng.h — splitmix64 (Steele, Lea and Flood, 2014): the seeded generator
 * of the demo community, the tests and the benches, and the 64-bit mixer
 * the text layer hashes with.  One copy, so that a seed means the same
 * records wherever it is used.
 */
#ifndef CORE_RNG_H
#define CORE_RNG_H

#include <stddef.h>
#include <stdint.h>

#define RNG_GOLDEN 0x9E3779B97F4A7C15ull

/* splitmix64's finaliser: a bijection that spreads every input bit. */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

struct rng { uint64_t s; };   /* the seed; any value */

static inline uint64_t rng_next(struct rng *r)
{
	return mix64(r->s += RNG_GOLDEN);
}

/* Uniform in [0, 1). */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* In [0, n); 0 when n is 0. */
static inline size_t rng_below(struct rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

/* In [lo, hi] (lo <= hi). */
static inline int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* An index drawn by the integer weights w[0..n), whose sum is total;
 * 0 when there is nothing to draw from. */
static inline size_t rng_weighted(struct rng *r, const int64_t *w, size_t n, int64_t total)
{
	int64_t x = total > 0 ? (int64_t)(rng_next(r) % (uint64_t)total) : 0;
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n ? n - 1 : 0;
}

#endif
