/*
 * spell.h — edit distance for typo tolerance: which index term a
 * misspelt word most likely meant.
 *
 * Distances are Damerau–Levenshtein in its "optimal string alignment"
 * form (insert, delete, substitute, swap two neighbours; each costs 1),
 * over bytes: callers pass ASCII words (stems of English words).
 *
 * Pure and thread-safe.
 */
#ifndef TEXT_SPELL_H
#define TEXT_SPELL_H

#include <stddef.h>

#define SPELL_MAX_LEN 64   /* longer words are never corrected */

/* The distance between a[0..na) and b[0..nb) if it is at most max, else
 * max + 1 (so a scan can stop early).  Words longer than SPELL_MAX_LEN
 * are max + 1 away from everything. */
int spell_distance(const char *a, size_t na, const char *b, size_t nb, int max);

/* How far a word of n bytes may be from its correction: 0 below 4
 * letters (too many short words are one letter apart), 1 up to 5, 2 from
 * 6 on. */
int spell_max_distance(size_t n);

#endif
