/*
 * xlsx.h — reading the first worksheet of an Office Open XML workbook
 * (.xlsx, what Excel and WPS save) into a table (table.h).
 *
 * An .xlsx file is a zip archive of XML parts.  libzip opens the archive
 * from memory and checks each part's CRC; expat parses the parts:
 * xl/workbook.xml and xl/_rels/workbook.xml.rels name the first sheet's
 * part, xl/sharedStrings.xml holds the text of string cells, and the
 * sheet's <row>/<c> elements give the cells.  Cell values come out as
 * text: shared and inline strings as written (rich text runs joined,
 * phonetic guides left out), numbers as stored ("2020", "0.5"), booleans
 * as TRUE/FALSE, formulas as their cached result.  Formatting (dates
 * shown as dates, thousands separators) is not applied.  A row is
 * reported by its row number in the sheet.
 *
 * Refused with an error: something that is not a zip archive, encrypted
 * or damaged parts, a workbook without a worksheet, XML that is not well
 * formed or declares entities, text that is not valid UTF-8 or holds a
 * NUL, and anything beyond the limits — the uncompressed size of all
 * parts read (so a "zip bomb" is stopped early), rows, columns and cell
 * length.  Pure: no I/O besides the given buffer, no globals.
 */
#ifndef CORE_XLSX_H
#define CORE_XLSX_H

#include <stddef.h>
#include "core/table.h"

/* Reads data[0..len).  0 with *out set (free with table_free()), or -1
 * with *out = NULL and err filled.  lim may be NULL for the defaults. */
int xlsx_parse(const void *data, size_t len, const struct table_limits *lim,
	       struct table **out, struct table_error *err);

/* 1 if data starts like a zip archive (an .xlsx file), else 0. */
int xlsx_sniff(const void *data, size_t len);

#endif
