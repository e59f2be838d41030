/*
 * lsh.h — locality-sensitive hashing of MinHash signatures by banding:
 * the signature's MINHASH_K values are cut into LSH_BANDS bands of
 * LSH_ROWS values; two signatures are candidates when they agree on every
 * value of at least one band.  For sets of Jaccard similarity J that
 * happens with probability 1 - (1 - J^LSH_ROWS)^LSH_BANDS:
 *
 *      J      0.1    0.2    0.3    0.33   0.4    0.5
 *      P      0.28   0.73   0.95   0.97   0.996  1.000   (32 bands of 2)
 *
 * so a text that copies half of another (J about 1/3) is found, while
 * unrelated texts (J < 0.02) rarely are.  Callers check each candidate's
 * whole signature before doing anything costly.
 *
 * A band key that LSH_BUCKET_MAX documents share is no evidence of
 * anything: it comes from the boilerplate every text in a field repeats
 * ("关键技术研究").  Such a key is marked full and answers nothing
 * (near-duplicates still meet on their other bands: they agree on most).
 * Without the cap, these few keys make most of a query's work once the
 * index holds a million documents.
 *
 * The table maps each band's key (a 32-bit hash of the band's values and
 * number) to items (32-bit numbers the caller chooses): one open-addressed
 * array of (key, item) slots with linear probing, 8 bytes a slot, at most
 * 5/8 full.  Items are never removed: callers mark dead items themselves
 * and rebuild when too many are dead.  Not thread-safe for writers; any
 * number of lsh_query() calls may run together when nobody writes.
 */
#ifndef TEXT_LSH_H
#define TEXT_LSH_H

#include <stddef.h>
#include <stdint.h>
#include "text/minhash.h"

#define LSH_BANDS 32
#define LSH_ROWS 2
#define LSH_BUCKET_MAX 1000

_Static_assert(LSH_BANDS * LSH_ROWS <= MINHASH_K, "bands must fit the signature");

struct lsh;

/* An empty table, or NULL if memory runs out. */
struct lsh *lsh_new(void);
/* Frees l; NULL is a no-op. */
void lsh_free(struct lsh *l);

/* Adds item under each of s's LSH_BANDS band keys (but full ones).  0,
 * or -1 if memory runs out (then nothing was added) or item is
 * UINT32_MAX - 1 or above. */
int lsh_add(struct lsh *l, uint32_t item, const struct minhash *s);

/* Called once per (band, item) agreement; a non-zero return stops the
 * query and is what lsh_query() returns. */
typedef int (*lsh_fn)(void *arg, uint32_t item);

/* Calls fn for every item that agrees with s on some band whose key is
 * not full, once per band it agrees on (so an item may come several
 * times).  Returns 0 or fn's
 * non-zero value. */
int lsh_query(const struct lsh *l, const struct minhash *s, lsh_fn fn, void *arg);

/* Number of (band, item) entries, and bytes held. */
size_t lsh_entries(const struct lsh *l);
size_t lsh_bytes(const struct lsh *l);

#endif
