/*
 * table.h — a spreadsheet read into memory: rows of text cells, each row
 * marked with the line (CSV) or row number (XLSX) it came from.  It is
 * what the CSV reader (csv.h) and the XLSX reader (xlsx.h) both produce,
 * so an importer (experts now; guide items and technology contracts
 * later) handles both formats with the same code and can name the line
 * of every bad row.
 *
 * Every cell is valid UTF-8 without NUL bytes; empty cells are "".
 * Rows whose cells are all empty are left out.  A table owns all its
 * memory; table_free() releases it (NULL is a no-op).
 */
#ifndef CORE_TABLE_H
#define CORE_TABLE_H

#include <stddef.h>
#include "core/arena.h"

struct table_row {
	size_t line;             /* CSV: line where the record starts;
				    XLSX: the sheet's row number; 1-based */
	size_t ncells;
	const char **cells;
};

struct table {
	struct table_row *rows;
	size_t nrows, cap;
	struct arena a;          /* holds the cells */
};

/* Bounds a reader enforces, so that no file can make it use unbounded
 * memory or time.  A limit of 0 takes the default beside it. */
struct table_limits {
	size_t max_rows;         /* 1,000,000 data rows and header */
	size_t max_cols;         /* 256 columns */
	size_t max_cell;         /* 32,768 bytes in one cell (Excel's own limit) */
	size_t max_bytes;        /* XLSX: 256 MiB of uncompressed XML in all */
};

struct table_error {
	size_t line;             /* 0 when the fault is not at one line */
	char msg[256];           /* an English sentence naming the problem */
};

void table_free(struct table *t);

/* ---- for the readers ---------------------------------------------------- */

/* The limits with defaults filled in. */
struct table_limits table_limits_or_default(const struct table_limits *lim);
/* A new, empty table; NULL if memory runs out. */
struct table *table_new(void);
/* Appends a row of n cells copied from cells[i][0..lens[i]); the caller
 * has checked them.  Rows of empty cells only are dropped.  0, or -1 if
 * memory runs out. */
int table_add_row(struct table *t, size_t line, const char *const *cells,
		  const size_t *lens, size_t n);
/* Fills e (when not NULL) and returns -1. */
int table_fail(struct table_error *e, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
