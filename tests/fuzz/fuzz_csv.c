/*
 * fuzz_csv.c — the CSV reader (core/csv.h) on arbitrary bytes, with
 * small limits so that the limit paths are reached too.  Whatever it
 * accepts must be well formed (valid UTF-8 cells, no NUL, rising line
 * numbers within the limits), and must survive a round trip: written
 * back with csv_add_field() and read again, it gives the same table.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "core/buf.h"
#include "core/csv.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct table *t, const struct table_limits *l)
{
	size_t last = 0;
	assert(t->nrows <= l->max_rows);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *r = &t->rows[i];
		int nonempty = 0;
		assert(r->line > last);
		last = r->line;
		assert(r->ncells >= 1 && r->ncells <= l->max_cols);
		for (size_t k = 0; k < r->ncells; k++) {
			size_t n = strlen(r->cells[k]);
			assert(n <= l->max_cell);
			assert(utf8_valid(r->cells[k], n));
			nonempty |= n > 0;
		}
		assert(nonempty);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_limits l = { .max_rows = 200, .max_cols = 16, .max_cell = 256 };
	struct table_error e;
	struct table *t = NULL, *u = NULL;
	struct buf b = BUF_INIT;
	char sep = size && (data[0] & 1) ? '\t' : ',';

	if (csv_parse((const char *)data, size, 0, &l, &t, &e) < 0) {
		assert(!t && e.msg[0]);
		return 0;
	}
	check(t, &l);
	/* the round trip, with the separator the fuzzer's first byte picks */
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t k = 0; k < t->rows[i].ncells; k++) {
			if (k)
				assert(buf_addch(&b, sep) == 0);
			assert(csv_add_field(&b, t->rows[i].cells[k], strlen(t->rows[i].cells[k]),
					     sep, 0) == 0);
		}
		assert(buf_adds(&b, "\r\n") == 0);
	}
	if (csv_parse(b.s, b.len, sep, &l, &u, &e) == 0) {
		assert(u->nrows == t->nrows);
		for (size_t i = 0; i < t->nrows; i++) {
			assert(u->rows[i].ncells == t->rows[i].ncells);
			for (size_t k = 0; k < t->rows[i].ncells; k++)
				assert(strcmp(u->rows[i].cells[k], t->rows[i].cells[k]) == 0);
		}
	} else {
		/* only a quoted field may grow past the cell limit: never */
		assert(!"a table written back could not be read");
	}
	table_free(u);
	table_free(t);
	buf_release(&b);
	return 0;
}
