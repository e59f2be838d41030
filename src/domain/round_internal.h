/*
 * round_internal.h — what round.c, round_pairs.c, round_import.c and
 * round_export.c share; not for other files.
 */
#ifndef DOMAIN_ROUND_INTERNAL_H
#define DOMAIN_ROUND_INTERNAL_H

#include "domain/round.h"

/* Adds one checked item inside the open transaction: the row, its
 * document and its overlaps, and (with audit) its audit entry. */
int round_item_add(struct ctx *c, const struct overlap_round *r, struct guide_item *it,
		   int64_t *id, int audit, struct derr *e);
/* Withdraws or merges away an item inside the open transaction: its
 * state, and its document leaves the comparisons. */
int round_item_retire(struct ctx *c, const struct guide_item *it, const char *state,
		      int64_t merged_into, struct derr *e);
/* Checks a new item's region, field and texts against the round and the
 * actor (the region defaults to the coordinator's own). */
int round_item_check(struct ctx *c, const struct overlap_round *r, struct guide_item *it,
		     struct derr *e);
/* 1 if the round's comma-separated fields hold key. */
int round_has_field(const struct overlap_round *r, const char *key);

#endif
