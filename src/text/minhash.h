/*
 * minhash.h — MinHash signatures of shingle sets, for estimating Jaccard
 * similarity without the sets.
 *
 * A signature holds MINHASH_K values.  It is made by one-permutation
 * hashing (Li, Owen and Zhang, 2012): each shingle hash falls into one of
 * the K bins by its top bits, and each bin keeps the smallest of the
 * values that fell into it; bins left empty (small sets) borrow the value
 * of a non-empty bin chosen by a fixed hash of the bin number ("optimal
 * densification", Shrivastava 2017), so two signatures still agree in a
 * position with probability equal to the sets' Jaccard similarity.  Each
 * value is cut to 16 bits (b-bit minwise hashing): a chance agreement of
 * unrelated values then has probability 2^-16, negligible for estimates.
 *
 * Cost: linear in the number of shingle hashes, plus K.  Pure functions.
 */
#ifndef TEXT_MINHASH_H
#define TEXT_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#define MINHASH_K 64

struct minhash {
	uint16_t v[MINHASH_K];
};

/*
 * Signs the set of shingle hashes h[0..n) (repeats allowed: a set is
 * meant).  The hashes must be well mixed (as shingle.h makes them).  An
 * empty set (n == 0) gives the all-zero signature.
 */
void minhash_sign(const uint64_t *h, size_t n, struct minhash *out);

/* The fraction of positions where a and b agree: an estimate of the
 * Jaccard similarity of their sets, with standard error about
 * sqrt(J (1 - J) / MINHASH_K). */
double minhash_similarity(const struct minhash *a, const struct minhash *b);

/* The number of positions where a and b agree. */
int minhash_agree(const struct minhash *a, const struct minhash *b);

#endif
