/*
 * internal.h — helpers shared by the store's own files; not for other layers.
 */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include "core/arena.h"
#include "store/db.h"

/* Copies column i into the arena; NULL for SQL NULL (or out of memory). */
static inline const char *col_str(struct db_stmt *st, int i, struct arena *a)
{
	const char *s = db_col_text(st, i);
	return s ? arena_strdup(a, s) : NULL;
}

/* Binds text that may be NULL or empty; empty binds NULL. */
static inline int bind_opt(struct db_stmt *st, int i, const char *s)
{
	return db_bind_text(st, i, s && *s ? s : NULL);
}

/* Grows an arena array of n items to hold one more; returns the slot. */
void *store_grow(struct arena *a, void **arr, size_t *cap, size_t n, size_t size);

#endif
