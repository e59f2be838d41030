/*
 * csv.h — reading and writing CSV (RFC 4180), for imports and exports.
 *
 * Reading, csv_parse():
 *  - fields are separated by the separator (',' or a tab: a sheet pasted
 *    from Excel is tab-separated) and records by CRLF, LF or a lone CR;
 *  - a field in double quotes may hold separators, line breaks and quotes
 *    written twice (""); after its closing quote only a separator or the
 *    end of the record may follow;
 *  - a quote inside an unquoted field is kept as an ordinary character
 *    (files written by hand do this; Excel never does);
 *  - a UTF-8 byte order mark at the start is skipped;
 *  - lines are counted from 1; a record is reported at the line where it
 *    starts, so an error message can send the user to the right line.
 * Refused with an error naming the line: text that is not valid UTF-8
 * (the message says to save the file as "CSV UTF-8"), a NUL byte, a quote
 * left open, text after a closing quote, and anything beyond the limits
 * (table.h).  Pure: no I/O, no globals.
 */
#ifndef CORE_CSV_H
#define CORE_CSV_H

#include <stddef.h>
#include "core/buf.h"
#include "core/table.h"

/*
 * Parses data[0..len) into a new table.  sep is ',' or '\t', or 0 to
 * choose from the first line (a tab if it holds more tabs than commas).
 * lim may be NULL for the defaults.  0 with *out set (free it with
 * table_free()), or -1 with *out = NULL and err filled.
 */
int csv_parse(const char *data, size_t len, char sep, const struct table_limits *lim,
	      struct table **out, struct table_error *err);

/*
 * Appends one field to b, quoted when it must be (it holds the
 * separator, a quote, a line break, starts or ends with white space, or
 * starts with a byte order mark), so that reading it back gives it again.
 * With safe set, a field a spreadsheet would take for a formula (one
 * starting with = + - @ or a tab or CR) gets a leading apostrophe, which
 * Excel and LibreOffice show as text.  0, or -1 if b is full.
 */
int csv_add_field(struct buf *b, const char *s, size_t len, char sep, int safe);

#endif
