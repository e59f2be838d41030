/*
 * xlsx.c — the first worksheet of an .xlsx workbook, through libzip and
 * expat.  See xlsx.h.
 *
 * Each part is read whole (up to what is left of the byte budget) and
 * parsed with namespace processing, so element names arrive as
 * "namespace|local" whatever prefixes the writer chose.
 */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "core/buf.h"
#include "core/utf8.h"
#include "core/xlsx.h"
#include "core/banned.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main|"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships|"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships|"
#define MAX_STRINGS 4000000

struct reader {
	zip_t *za;
	struct table_limits l;
	size_t budget;               /* uncompressed bytes still allowed */
	struct table_error *err;
	int failed;
	/* shared strings */
	char **strings;
	size_t *string_lens;
	size_t nstrings, cap;
};

static int fail(struct reader *rd, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct reader *rd, size_t line, const char *fmt, ...)
{
	va_list ap;
	if (rd->failed)
		return -1;   /* keep the first reason */
	rd->failed = 1;
	if (rd->err) {
		rd->err->line = line;
		va_start(ap, fmt);
		vsnprintf(rd->err->msg, sizeof rd->err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int xlsx_sniff(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* ---- parts -------------------------------------------------------------- */

/* Reads the part name into a new buffer; 1 if there is no such part. */
static int read_part(struct reader *rd, const char *name, struct buf *out)
{
	zip_int64_t idx = zip_name_locate(rd->za, name, 0);
	zip_file_t *zf;
	zip_stat_t st;
	char chunk[16384];
	zip_int64_t n;

	if (idx < 0)
		idx = zip_name_locate(rd->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return 1;
	if (zip_stat_index(rd->za, (zip_uint64_t)idx, 0, &st) < 0)
		return fail(rd, 0, "the workbook's part %s cannot be read", name);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > rd->budget)
		return fail(rd, 0, "the workbook is too large once uncompressed (more than %zu MiB)",
			    rd->l.max_bytes >> 20);
	if (!(zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0)))
		return fail(rd, 0, "the workbook's part %s cannot be opened (encrypted or damaged?)",
			    name);
	buf_init(out, rd->budget + 1);
	while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		/* the sizes in the archive may lie: count what comes out */
		if ((size_t)n > rd->budget || buf_add(out, chunk, (size_t)n) < 0) {
			zip_fclose(zf);
			buf_release(out);
			return fail(rd, 0, "the workbook is too large once uncompressed"
				    " (more than %zu MiB)", rd->l.max_bytes >> 20);
		}
		rd->budget -= (size_t)n;
	}
	zip_fclose(zf);
	if (n < 0) {
		buf_release(out);
		return fail(rd, 0, "the workbook's part %s is damaged", name);
	}
	return 0;
}

/* Refuses entity declarations: a spreadsheet needs none, and they are
 * how XML expands a small file into a huge one. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
			      const XML_Char *value, int value_len, const XML_Char *base,
			      const XML_Char *sys, const XML_Char *pub, const XML_Char *notation)
{
	XML_Parser p = (XML_Parser)ud;
	(void)name; (void)is_param; (void)value; (void)value_len; (void)base;
	(void)sys; (void)pub; (void)notation;
	XML_StopParser(p, XML_FALSE);
}

/* Parses text with the handlers; user data is ud. */
static int parse_xml(struct reader *rd, const char *part, const struct buf *text, void *ud,
		     XML_StartElementHandler start, XML_EndElementHandler end,
		     XML_CharacterDataHandler chars)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	enum XML_Status st;
	int rc = 0;

	if (!p)
		return fail(rd, 0, "out of memory");
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	/* every handler gets the parser, so it can stop it; the state is
	 * its user data */
	XML_UseParserAsHandlerArg(p);
	st = XML_Parse(p, text->s, (int)text->len, XML_TRUE);
	if (st == XML_STATUS_ERROR && XML_GetErrorCode(p) == XML_ERROR_ABORTED) {
		/* a handler stopped it after saying why, or an entity did */
		if (!rd->failed)
			fail(rd, 0, "the workbook's part %s declares XML entities", part);
		rc = -1;
	} else if (st != XML_STATUS_OK) {
		if (!rd->failed)
			fail(rd, 0, "the workbook's part %s is not well-formed XML: %s at line %lu",
			     part, XML_ErrorString(XML_GetErrorCode(p)),
			     (unsigned long)XML_GetCurrentLineNumber(p));
		rc = -1;
	}
	XML_ParserFree(p);
	return rc || rd->failed ? -1 : 0;
}

/* Attribute value of name, or NULL. */
static const char *attr(const XML_Char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

/* ---- workbook and relationships ------------------------------------------ */

struct first_sheet {
	struct reader *rd;
	char rid[128];
	char target[512];
	int found;
};

static void XMLCALL wb_start(void *p, const XML_Char *name, const XML_Char **a)
{
	struct first_sheet *fs = XML_GetUserData((XML_Parser)p);
	const char *id;
	if (fs->found || strcmp(name, NS_MAIN "sheet") != 0)
		return;
	if ((id = attr(a, NS_REL "id")) && strlen(id) < sizeof fs->rid) {
		snprintf(fs->rid, sizeof fs->rid, "%s", id);
		fs->found = 1;
	}
}

static void XMLCALL rel_start(void *p, const XML_Char *name, const XML_Char **a)
{
	struct first_sheet *fs = XML_GetUserData((XML_Parser)p);
	const char *id = attr(a, "Id"), *target = attr(a, "Target");
	if (fs->found || strcmp(name, NS_PKG_REL "Relationship") != 0 || !id || !target ||
	    strcmp(id, fs->rid) != 0)
		return;
	/* targets are relative to xl/, or absolute within the package */
	if (target[0] == '/')
		snprintf(fs->target, sizeof fs->target, "%s", target + 1);
	else
		snprintf(fs->target, sizeof fs->target, "xl/%s", target);
	fs->found = 1;
}

static void XMLCALL no_end(void *p, const XML_Char *name)
{
	(void)p;
	(void)name;
}

/* The name of the first worksheet's part. */
static int find_sheet(struct reader *rd, char *out, size_t outlen)
{
	struct first_sheet fs = { .rd = rd };
	struct buf b = BUF_INIT;
	int rc = read_part(rd, "xl/workbook.xml", &b);

	snprintf(out, outlen, "xl/worksheets/sheet1.xml");
	if (rc < 0)
		return -1;
	if (rc > 0)
		return 0;   /* no workbook part: try the usual name */
	rc = parse_xml(rd, "xl/workbook.xml", &b, &fs, wb_start, no_end, NULL);
	buf_release(&b);
	if (rc < 0)
		return -1;
	if (!fs.found)
		return fail(rd, 0, "the workbook has no worksheet");
	fs.found = 0;
	rc = read_part(rd, "xl/_rels/workbook.xml.rels", &b);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		rc = parse_xml(rd, "xl/_rels/workbook.xml.rels", &b, &fs, rel_start, no_end, NULL);
		buf_release(&b);
		if (rc < 0)
			return -1;
		if (fs.found)
			snprintf(out, outlen, "%s", fs.target);
	}
	return 0;
}

/* ---- shared strings ------------------------------------------------------ */

struct sst {
	struct reader *rd;
	XML_Parser p;
	struct buf cur;
	int in_si, in_t, in_rph;
};

static void XMLCALL sst_start(void *p, const XML_Char *name, const XML_Char **a)
{
	struct sst *s = XML_GetUserData((XML_Parser)p);
	(void)a;
	if (strcmp(name, NS_MAIN "si") == 0) {
		s->in_si = 1;
		buf_reset(&s->cur);
	} else if (strcmp(name, NS_MAIN "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(name, NS_MAIN "t") == 0 && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL sst_end(void *p, const XML_Char *name)
{
	struct sst *s = XML_GetUserData((XML_Parser)p);
	struct reader *rd = s->rd;
	if (strcmp(name, NS_MAIN "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(name, NS_MAIN "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(name, NS_MAIN "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (rd->nstrings == rd->cap) {
			size_t cap = rd->cap ? rd->cap * 2 : 256;
			char **ns = NULL;
			size_t *nl = NULL;
			if (cap > MAX_STRINGS || !(ns = realloc(rd->strings, cap * sizeof *ns))) {
				fail(rd, 0, "the workbook has too many strings");
				XML_StopParser((XML_Parser)p, XML_FALSE);
				return;
			}
			rd->strings = ns;
			if (!(nl = realloc(rd->string_lens, cap * sizeof *nl))) {
				fail(rd, 0, "out of memory");
				XML_StopParser((XML_Parser)p, XML_FALSE);
				return;
			}
			rd->string_lens = nl;
			rd->cap = cap;
		}
		rd->string_lens[rd->nstrings] = s->cur.len;
		if (!(rd->strings[rd->nstrings] = malloc(s->cur.len + 1))) {
			fail(rd, 0, "out of memory");
			XML_StopParser((XML_Parser)p, XML_FALSE);
			return;
		}
		memcpy(rd->strings[rd->nstrings], s->cur.s, s->cur.len + 1);
		rd->nstrings++;
	}
}

static void XMLCALL sst_chars(void *p, const XML_Char *text, int len)
{
	struct sst *s = XML_GetUserData((XML_Parser)p);
	if (!s->in_t)
		return;
	if (buf_add(&s->cur, text, (size_t)len) < 0) {
		fail(s->rd, 0, "a shared string is longer than %zu bytes", s->rd->l.max_cell);
		XML_StopParser((XML_Parser)p, XML_FALSE);
	}
}

static int read_strings(struct reader *rd)
{
	struct sst s = { .rd = rd };
	struct buf b = BUF_INIT;
	int rc = read_part(rd, "xl/sharedStrings.xml", &b);
	if (rc != 0)
		return rc < 0 ? -1 : 0;   /* a workbook without text has none */
	buf_init(&s.cur, rd->l.max_cell);
	rc = parse_xml(rd, "xl/sharedStrings.xml", &b, &s, sst_start, sst_end, sst_chars);
	buf_release(&s.cur);
	buf_release(&b);
	return rc;
}

/* ---- the sheet ----------------------------------------------------------- */

struct cell {
	size_t col;
	size_t off, len;          /* in the row's bytes */
};

struct sheet {
	struct reader *rd;
	struct table *t;
	size_t row, col;          /* current row number, next column */
	int in_row, in_c, in_v, in_is, in_t;
	char type[16];            /* the cell's t attribute */
	struct buf val;           /* the cell's <v> or inline text */
	struct buf bytes;         /* the row's values */
	struct cell *cells;
	size_t ncells, cap;
};

/* Column index of a cell reference such as "AB12"; -1 if malformed. */
static long ref_col(const char *r)
{
	long col = 0;
	int n = 0;
	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		col = col * 26 + (*r - 'A' + 1);
	if (n == 0 || n == 4 || *r < '1' || *r > '9')
		return -1;
	return col - 1;
}

static int sheet_stop(struct sheet *sh, XML_Parser p)
{
	XML_StopParser(p, XML_FALSE);
	(void)sh;
	return -1;
}

static void XMLCALL sheet_start(void *p, const XML_Char *name, const XML_Char **a)
{
	struct sheet *sh = XML_GetUserData((XML_Parser)p);
	struct reader *rd = sh->rd;
	const char *v;

	if (strcmp(name, NS_MAIN "row") == 0) {
		size_t next = sh->row + 1;
		if ((v = attr(a, "r"))) {
			char *end;
			unsigned long long n = strtoull(v, &end, 10);
			if (*end || n == 0 || n > 1048576 || n <= sh->row) {
				fail(rd, sh->row, "row %s of the sheet is out of order or invalid", v);
				sheet_stop(sh, (XML_Parser)p);
				return;
			}
			next = (size_t)n;
		}
		sh->row = next;
		sh->col = 0;
		sh->in_row = 1;
		sh->ncells = 0;
		buf_reset(&sh->bytes);
	} else if (strcmp(name, NS_MAIN "c") == 0 && sh->in_row) {
		sh->in_c = 1;
		buf_reset(&sh->val);
		v = attr(a, "t");
		snprintf(sh->type, sizeof sh->type, "%s", v && strlen(v) < sizeof sh->type ? v : "n");
		if ((v = attr(a, "r"))) {
			long c = ref_col(v);
			if (c < 0) {
				fail(rd, sh->row, "row %zu: %s is not a cell reference", sh->row, v);
				sheet_stop(sh, (XML_Parser)p);
				return;
			}
			sh->col = (size_t)c;
		}
	} else if (sh->in_c && strcmp(name, NS_MAIN "v") == 0) {
		sh->in_v = 1;
	} else if (sh->in_c && strcmp(name, NS_MAIN "is") == 0) {
		sh->in_is = 1;
	} else if (sh->in_is && strcmp(name, NS_MAIN "t") == 0) {
		sh->in_t = 1;
	}
}

/* The text of the finished cell, into the row. */
static int cell_end(struct sheet *sh)
{
	struct reader *rd = sh->rd;
	const char *s = sh->val.s;
	size_t n = sh->val.len;
	struct cell *c;

	if (strcmp(sh->type, "s") == 0) {
		char *end;
		unsigned long long i = strtoull(sh->val.s, &end, 10);
		if (!n || *end || i >= rd->nstrings)
			return fail(rd, sh->row, "row %zu: a cell refers to a shared string"
				    " that does not exist", sh->row);
		s = rd->strings[i];
		n = rd->string_lens[i];
	} else if (strcmp(sh->type, "b") == 0 && n) {
		s = strcmp(s, "0") == 0 ? "FALSE" : "TRUE";
		n = strlen(s);
	}
	if (!n)
		return 0;
	if (sh->col >= rd->l.max_cols)
		return fail(rd, sh->row, "row %zu has a value beyond column %zu", sh->row,
			    rd->l.max_cols);
	if (n > rd->l.max_cell)
		return fail(rd, sh->row, "row %zu, column %zu: a cell is longer than %zu bytes",
			    sh->row, sh->col + 1, rd->l.max_cell);
	if (!utf8_valid(s, n) || memchr(s, '\0', n))
		return fail(rd, sh->row, "row %zu, column %zu is not valid text", sh->row,
			    sh->col + 1);
	if (sh->ncells == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 32;
		struct cell *nc = realloc(sh->cells, cap * sizeof *nc);
		if (!nc)
			return fail(rd, sh->row, "out of memory");
		sh->cells = nc;
		sh->cap = cap;
	}
	c = &sh->cells[sh->ncells++];
	c->col = sh->col;
	c->off = sh->bytes.len;
	c->len = n;
	if (buf_add(&sh->bytes, s, n) < 0)
		return fail(rd, sh->row, "out of memory");
	return 0;
}

/* The finished row, into the table: cells by column, gaps empty. */
static int row_end(struct sheet *sh)
{
	struct reader *rd = sh->rd;
	size_t width = 0;
	const char **cells;
	size_t *lens;
	int rc;

	if (!sh->ncells)
		return 0;
	for (size_t i = 0; i < sh->ncells; i++)
		if (sh->cells[i].col + 1 > width)
			width = sh->cells[i].col + 1;
	if (sh->t->nrows >= rd->l.max_rows)
		return fail(rd, sh->row, "the sheet has more than %zu rows", rd->l.max_rows);
	cells = calloc(width, sizeof *cells);
	lens = calloc(width, sizeof *lens);
	if (!cells || !lens) {
		free(cells);
		free(lens);
		return fail(rd, sh->row, "out of memory");
	}
	for (size_t i = 0; i < width; i++)
		cells[i] = "";
	for (size_t i = 0; i < sh->ncells; i++) {
		/* a cell written twice keeps the last value */
		cells[sh->cells[i].col] = sh->bytes.s + sh->cells[i].off;
		lens[sh->cells[i].col] = sh->cells[i].len;
	}
	rc = table_add_row(sh->t, sh->row, cells, lens, width);
	free(cells);
	free(lens);
	return rc < 0 ? fail(rd, sh->row, "out of memory") : 0;
}

static void XMLCALL sheet_end(void *p, const XML_Char *name)
{
	struct sheet *sh = XML_GetUserData((XML_Parser)p);
	if (strcmp(name, NS_MAIN "v") == 0) {
		sh->in_v = 0;
	} else if (strcmp(name, NS_MAIN "t") == 0) {
		sh->in_t = 0;
	} else if (strcmp(name, NS_MAIN "is") == 0) {
		sh->in_is = 0;
	} else if (strcmp(name, NS_MAIN "c") == 0 && sh->in_c) {
		sh->in_c = 0;
		if (cell_end(sh) < 0) {
			sheet_stop(sh, (XML_Parser)p);
			return;
		}
		sh->col++;
	} else if (strcmp(name, NS_MAIN "row") == 0 && sh->in_row) {
		sh->in_row = 0;
		if (row_end(sh) < 0)
			sheet_stop(sh, (XML_Parser)p);
	}
}

static void XMLCALL sheet_chars(void *p, const XML_Char *text, int len)
{
	struct sheet *sh = XML_GetUserData((XML_Parser)p);
	if (!(sh->in_v || sh->in_t))
		return;
	if (buf_add(&sh->val, text, (size_t)len) < 0) {
		fail(sh->rd, sh->row, "row %zu, column %zu: a cell is longer than %zu bytes",
		     sh->row, sh->col + 1, sh->rd->l.max_cell);
		sheet_stop(sh, (XML_Parser)p);
	}
}

int xlsx_parse(const void *data, size_t len, const struct table_limits *lim,
	       struct table **out, struct table_error *err)
{
	struct reader rd = { 0 };
	struct sheet sh = { 0 };
	struct buf b = BUF_INIT;
	zip_source_t *src;
	zip_error_t ze;
	char part[512];
	int rc = -1;

	*out = NULL;
	rd.l = table_limits_or_default(lim);
	rd.budget = rd.l.max_bytes;
	rd.err = err;
	if (err)
		memset(err, 0, sizeof *err);
	if (!xlsx_sniff(data, len))
		return fail(&rd, 0, "not an .xlsx workbook (a zip archive was expected)");
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
		zip_error_fini(&ze);
		return fail(&rd, 0, "out of memory");
	}
	if (!(rd.za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		fail(&rd, 0, "not an .xlsx workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	if (find_sheet(&rd, part, sizeof part) < 0 || read_strings(&rd) < 0)
		goto out;
	rc = read_part(&rd, part, &b);
	if (rc != 0) {
		if (rc > 0)
			fail(&rd, 0, "the workbook has no worksheet %s", part);
		rc = -1;
		goto out;
	}
	rc = -1;
	if (!(sh.t = table_new())) {
		fail(&rd, 0, "out of memory");
		goto out;
	}
	sh.rd = &rd;
	buf_init(&sh.val, rd.l.max_cell);
	buf_init(&sh.bytes, 0);
	if (parse_xml(&rd, part, &b, &sh, sheet_start, sheet_end, sheet_chars) < 0)
		goto out;
	*out = sh.t;
	sh.t = NULL;
	rc = 0;
out:
	buf_release(&b);
	buf_release(&sh.val);
	buf_release(&sh.bytes);
	free(sh.cells);
	table_free(sh.t);
	for (size_t i = 0; i < rd.nstrings; i++)
		free(rd.strings[i]);
	free(rd.strings);
	free(rd.string_lens);
	zip_discard(rd.za);
	return rc;
}
