/*
 * csv.c — the RFC 4180 reader and field writer.  See csv.h.
 *
 * One pass over the bytes.  The fields of the record being read are
 * gathered back to back in one buffer, with their offsets; a finished
 * record is checked and copied into the table.
 */
#include <stdlib.h>
#include <string.h>
#include "core/csv.h"
#include "core/utf8.h"
#include "core/banned.h"

struct rec {
	struct buf bytes;         /* the fields, back to back */
	size_t *off;              /* start of field i in bytes */
	size_t nfields, cap;
};

static char choose_sep(const char *d, size_t len)
{
	size_t tabs = 0, commas = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		char c = d[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == '\t')
			tabs++;
		else if (!quoted && c == ',')
			commas++;
	}
	return tabs > commas ? '\t' : ',';
}

/* Starts a new field at the end of the record's bytes. */
static int field_start(struct rec *r, size_t max_cols)
{
	if (r->nfields == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		size_t *o;
		if (r->cap >= max_cols + 1)
			return -1;
		if (!(o = realloc(r->off, cap * sizeof *o)))
			return -1;
		r->off = o;
		r->cap = cap;
	}
	r->off[r->nfields++] = r->bytes.len;
	return 0;
}

/* Checks the last field of the record. */
static int field_check(const struct rec *r, size_t line, const struct table_limits *l,
		       struct table_error *err)
{
	size_t start = r->off[r->nfields - 1], n = r->bytes.len - start;
	const char *s = r->bytes.s + start;
	if (r->nfields > l->max_cols)
		return table_fail(err, line, "line %zu has more than %zu columns", line, l->max_cols);
	if (n > l->max_cell)
		return table_fail(err, line, "line %zu, column %zu: a field is longer than %zu bytes",
				  line, r->nfields, l->max_cell);
	if (memchr(s, '\0', n))
		return table_fail(err, line, "line %zu, column %zu holds a NUL byte: is this a CSV file?",
				  line, r->nfields);
	if (!utf8_valid(s, n))
		return table_fail(err, line, "line %zu, column %zu is not valid UTF-8; save the file as"
				  " \"CSV UTF-8\"", line, r->nfields);
	return 0;
}

static int record_add(struct table *t, struct rec *r, size_t line)
{
	const char **cells = malloc((r->nfields + 1) * sizeof *cells);
	size_t *lens = malloc((r->nfields + 1) * sizeof *lens);
	int rc = -1;

	if (cells && lens) {
		for (size_t i = 0; i < r->nfields; i++) {
			size_t end = i + 1 < r->nfields ? r->off[i + 1] : r->bytes.len;
			cells[i] = r->bytes.s + r->off[i];
			lens[i] = end - r->off[i];
		}
		rc = table_add_row(t, line, cells, lens, r->nfields);
	}
	free(cells);
	free(lens);
	return rc;
}

int csv_parse(const char *data, size_t len, char sep, const struct table_limits *lim,
	      struct table **out, struct table_error *err)
{
	struct table_limits l = table_limits_or_default(lim);
	struct table *t = table_new();
	struct rec r = { BUF_INIT, NULL, 0, 0 };
	size_t pos = 0, line = 1;
	int rc = -1;

	*out = NULL;
	if (!t)
		return table_fail(err, 0, "out of memory");
	if (!data)
		len = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	if (sep != ',' && sep != '\t')
		sep = choose_sep(data + pos, len - pos);
	/* a field may hold max_cell bytes, a record max_cols of them */
	buf_init(&r.bytes, l.max_cell * (l.max_cols + 1) + 1);

	while (pos < len) {
		size_t rec_line = line;
		buf_reset(&r.bytes);
		r.nfields = 0;
		for (;;) {
			if (field_start(&r, l.max_cols) < 0) {
				table_fail(err, rec_line, "line %zu has more than %zu columns",
					   rec_line, l.max_cols);
				goto out;
			}
			if (pos < len && data[pos] == '"') {
				pos++;
				for (;;) {
					char c;
					if (pos >= len) {
						table_fail(err, rec_line, "line %zu: a quoted field is"
							   " not closed", rec_line);
						goto out;
					}
					c = data[pos];
					if (c == '"') {
						if (pos + 1 < len && data[pos + 1] == '"') {
							pos += 2;
						} else {
							pos++;
							break;
						}
					} else {
						pos++;
						if (c == '\n' || (c == '\r' && (pos >= len || data[pos] != '\n')))
							line++;
					}
					if (buf_addch(&r.bytes, c) < 0)
						goto too_long;
				}
				if (pos < len && data[pos] != sep && data[pos] != '\r' && data[pos] != '\n') {
					table_fail(err, line, "line %zu, column %zu: text after the closing"
						   " quote of a field", line, r.nfields);
					goto out;
				}
			} else {
				size_t s = pos;
				while (pos < len && data[pos] != sep && data[pos] != '\r' &&
				       data[pos] != '\n')
					pos++;
				if (pos - s > l.max_cell || buf_add(&r.bytes, data + s, pos - s) < 0)
					goto too_long;
			}
			if (field_check(&r, rec_line, &l, err) < 0)
				goto out;
			if (pos >= len)
				break;
			if (data[pos] == sep) {
				pos++;
				continue;
			}
			if (data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n')
				pos++;
			pos++;   /* the line break */
			line++;
			break;
		}
		if (t->nrows >= l.max_rows) {
			table_fail(err, rec_line, "the file has more than %zu rows", l.max_rows);
			goto out;
		}
		if (record_add(t, &r, rec_line) < 0) {
			table_fail(err, rec_line, "out of memory at line %zu", rec_line);
			goto out;
		}
	}
	*out = t;
	t = NULL;
	rc = 0;
	goto out;
too_long:
	table_fail(err, line, "line %zu, column %zu: a field is longer than %zu bytes",
		   line, r.nfields, l.max_cell);
out:
	buf_release(&r.bytes);
	free(r.off);
	table_free(t);
	return rc;
}

int csv_add_field(struct buf *b, const char *s, size_t len, char sep, int safe)
{
	/* a leading byte order mark would be taken for the file's own */
	int quote = len && (s[0] == ' ' || s[len - 1] == ' ' ||
			    (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0));
	int formula = safe && len && strchr("=+-@\t\r", s[0]);
	size_t start = b->len;

	for (size_t i = 0; i < len && !quote; i++)
		if (s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if ((quote && buf_addch(b, '"') < 0) || (formula && buf_addch(b, '\'') < 0))
		goto full;
	for (size_t i = 0; i < len; i++)
		if ((s[i] == '"' && buf_addch(b, '"') < 0) || buf_addch(b, s[i]) < 0)
			goto full;
	if (quote && buf_addch(b, '"') < 0)
		goto full;
	return 0;
full:
	buf_setlen(b, start);
	return -1;
}
