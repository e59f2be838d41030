/*
 * table.c — the in-memory table the CSV and XLSX readers fill.  See
 * table.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/table.h"
#include "core/banned.h"

struct table_limits table_limits_or_default(const struct table_limits *lim)
{
	struct table_limits l = { 0 };
	if (lim)
		l = *lim;
	if (!l.max_rows)
		l.max_rows = 1000000;
	if (!l.max_cols)
		l.max_cols = 256;
	if (!l.max_cell)
		l.max_cell = 32768;
	if (!l.max_bytes)
		l.max_bytes = (size_t)256 << 20;
	return l;
}

struct table *table_new(void)
{
	return calloc(1, sizeof(struct table));
}

void table_free(struct table *t)
{
	if (!t)
		return;
	free(t->rows);
	arena_free(&t->a);
	free(t);
}

int table_add_row(struct table *t, size_t line, const char *const *cells,
		  const size_t *lens, size_t n)
{
	struct table_row *row;
	const char **copy;
	size_t i;

	for (i = 0; i < n && lens[i] == 0; i++)
		;
	if (i == n)
		return 0;   /* nothing in it */
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct table_row *nr = realloc(t->rows, cap * sizeof *nr);
		if (!nr)
			return -1;
		t->rows = nr;
		t->cap = cap;
	}
	if (!(copy = arena_alloc(&t->a, n * sizeof *copy)))
		return -1;
	for (i = 0; i < n; i++)
		if (!(copy[i] = arena_strndup(&t->a, cells[i], lens[i])))
			return -1;
	row = &t->rows[t->nrows++];
	row->line = line;
	row->ncells = n;
	row->cells = copy;
	return 0;
}

int table_fail(struct table_error *e, size_t line, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return -1;
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}
