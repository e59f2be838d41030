/*
 * arena.h — a memory pool freed in one call (h2o's req->pool, git's mem-pool).
 *
 * Each request owns one arena; handlers allocate from it and never free
 * piecemeal.  Allocations are 16-byte aligned.  Allocation failure returns
 * NULL (the caller answers 500/503); arena_free(NULL) is a no-op.
 */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t total;     /* bytes handed out, for limits and metrics */
	size_t limit;     /* 0 = unlimited; past it allocations fail */
};

#define ARENA_INIT { NULL, 0, 0 }

void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every allocation; the arena is empty and reusable afterwards. */
void arena_free(struct arena *a);

#endif
