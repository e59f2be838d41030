/*
 * test_table.c — the shared spreadsheet readers: CSV (RFC 4180 and what
 * Excel writes) and XLSX (workbooks written by libxlsxwriter, and hostile
 * archives made with libzip), and the CSV field writer.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>
#include "core/buf.h"
#include "core/csv.h"
#include "core/xlsx.h"

static struct table *csv(const char *s, struct table_error *e)
{
	struct table *t = NULL;
	memset(e, 0, sizeof *e);
	csv_parse(s, strlen(s), 0, NULL, &t, e);
	return t;
}

static void csv_basics(void **state)
{
	struct table_error e;
	struct table *t;
	(void)state;
	/* BOM, CRLF, quotes with separators, line breaks and doubled quotes */
	t = csv("\xEF\xBB\xBF" "name,org,note\r\n"
		"张三,\"中国科学技术大学, 合肥\",\"say \"\"hi\"\"\"\r\n"
		"李四,南京大学,\"two\nlines\"\r\n"
		"\r\n"
		"王五,,\n", &e);
	assert_non_null(t);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(t->rows[0].cells[0], "name");
	assert_string_equal(t->rows[1].cells[1], "中国科学技术大学, 合肥");
	assert_string_equal(t->rows[1].cells[2], "say \"hi\"");
	assert_string_equal(t->rows[2].cells[2], "two\nlines");
	/* lines are where records start; the blank line is skipped */
	assert_int_equal(t->rows[2].line, 3);
	assert_int_equal(t->rows[3].line, 6);
	assert_int_equal(t->rows[3].ncells, 3);
	assert_string_equal(t->rows[3].cells[2], "");
	table_free(t);
	/* tab-separated, as pasted from Excel; a lone quote is kept */
	t = csv("a\tb\n5\" disk\tx,y\n", &e);
	assert_non_null(t);
	assert_int_equal(t->rows[1].ncells, 2);
	assert_string_equal(t->rows[1].cells[0], "5\" disk");
	assert_string_equal(t->rows[1].cells[1], "x,y");
	table_free(t);
	/* a file without a final line break, and a lone CR */
	t = csv("a,b\rc,d", &e);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->rows[1].cells[1], "d");
	table_free(t);
}

static void csv_refusals(void **state)
{
	struct table_error e;
	(void)state;
	assert_null(csv("a,b\n1,\"open\n2,3\n", &e));
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "not closed"));
	assert_null(csv("a,b\n\"x\"y,2\n", &e));
	assert_non_null(strstr(e.msg, "after the closing quote"));
	assert_null(csv("a,b\n1,\xff\xfe\n", &e));
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "UTF-8"));
	{
		static const char nul[] = "a,b\n1,x\0y\n";
		struct table *t = NULL;
		assert_int_equal(csv_parse(nul, sizeof nul - 1, ',', NULL, &t, &e), -1);
		assert_null(t);
		assert_non_null(strstr(e.msg, "NUL"));
	}
	{
		struct table_limits lim = { .max_cols = 3, .max_cell = 8, .max_rows = 2 };
		struct table *t = NULL;
		assert_int_equal(csv_parse("a,b,c,d\n", 8, ',', &lim, &t, &e), -1);
		assert_non_null(strstr(e.msg, "columns"));
		assert_int_equal(csv_parse("a,123456789\n", 12, ',', &lim, &t, &e), -1);
		assert_non_null(strstr(e.msg, "longer"));
		assert_int_equal(csv_parse("a\nb\nc\n", 6, ',', &lim, &t, &e), -1);
		assert_non_null(strstr(e.msg, "rows"));
	}
}

static void csv_writer(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_int_equal(csv_add_field(&b, "plain", 5, ',', 1), 0);
	buf_addch(&b, ',');
	assert_int_equal(csv_add_field(&b, "a,\"b\"", 5, ',', 1), 0);
	buf_addch(&b, ',');
	assert_int_equal(csv_add_field(&b, "=1+1", 4, ',', 1), 0);
	assert_string_equal(b.s, "plain,\"a,\"\"b\"\"\",'=1+1");
	buf_release(&b);
}

/* ---- XLSX --------------------------------------------------------------- */

static void *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long n;
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return p;
}

static void xlsx_from_libxlsxwriter(void **state)
{
	char path[] = "/tmp/shenrong-xlsx-XXXXXX";
	struct table_error e = { 0 };
	struct table *t = NULL;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	size_t len;
	void *data;
	int fd = mkstemp(path);
	(void)state;
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "专家");
	worksheet_write_string(ws, 0, 0, "姓名", NULL);
	worksheet_write_string(ws, 0, 1, "论文数", NULL);
	worksheet_write_string(ws, 0, 3, "ORCID", NULL);
	worksheet_write_string(ws, 2, 0, "张三 & <李四>", NULL);
	worksheet_write_number(ws, 2, 1, 42, NULL);
	worksheet_write_boolean(ws, 2, 2, 1, NULL);
	worksheet_write_string(ws, 2, 3, "0000-0002-1825-0097", NULL);
	worksheet_write_string(ws, 4, 30, "far", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, &len);
	unlink(path);
	assert_true(xlsx_sniff(data, len));
	assert_int_equal(xlsx_parse(data, len, NULL, &t, &e), 0);
	assert_int_equal(t->nrows, 3);
	assert_int_equal(t->rows[0].line, 1);
	assert_string_equal(t->rows[0].cells[1], "论文数");
	assert_string_equal(t->rows[0].cells[2], "");   /* a gap */
	assert_int_equal(t->rows[1].line, 3);           /* the sheet's row number */
	assert_string_equal(t->rows[1].cells[0], "张三 & <李四>");
	assert_string_equal(t->rows[1].cells[1], "42");
	assert_string_equal(t->rows[1].cells[2], "TRUE");
	assert_string_equal(t->rows[1].cells[3], "0000-0002-1825-0097");
	assert_int_equal(t->rows[2].ncells, 31);
	assert_string_equal(t->rows[2].cells[30], "far");
	table_free(t);
	/* the column limit applies to cells with values */
	{
		struct table_limits lim = { .max_cols = 10 };
		assert_int_equal(xlsx_parse(data, len, &lim, &t, &e), -1);
		assert_non_null(strstr(e.msg, "beyond column"));
		assert_int_equal(e.line, 5);
	}
	free(data);
}

/* A zip archive of the given parts, made with libzip. */
static void *make_zip(const char *const *names, const char *const *bodies, size_t n, size_t *len)
{
	char path[] = "/tmp/shenrong-zip-XXXXXX";
	int fd = mkstemp(path), err;
	zip_t *z;
	void *data;
	close(fd);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, bodies[i], strlen(bodies[i]), 0);
		assert_true(zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	data = slurp(path, len);
	unlink(path);
	return data;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static void xlsx_hostile(void **state)
{
	struct table_error e = { 0 };
	struct table *t = NULL;
	size_t len;
	void *z;
	(void)state;
	/* not a zip at all */
	assert_int_equal(xlsx_parse("PK\x03\x04 nonsense", 15, NULL, &t, &e), -1);
	assert_non_null(strstr(e.msg, "not an .xlsx"));
	assert_int_equal(xlsx_parse("name,org\n", 9, NULL, &t, &e), -1);
	/* entities: the "billion laughs" are refused before they expand */
	{
		const char *names[] = { "xl/worksheets/sheet1.xml" };
		const char *bodies[] = { "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">"
			"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet " NS "><sheetData>"
			"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
			"</sheetData></worksheet>" };
		z = make_zip(names, bodies, 1, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), -1);
		assert_non_null(strstr(e.msg, "entities"));
		free(z);
	}
	/* a shared string that does not exist; a malformed reference */
	{
		const char *names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml" };
		const char *bodies[] = { "<worksheet " NS "><sheetData><row r=\"2\"><c r=\"A2\" t=\"s\">"
			"<v>7</v></c></row></sheetData></worksheet>",
			"<sst " NS "><si><t>only</t></si></sst>" };
		z = make_zip(names, bodies, 2, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), -1);
		assert_int_equal(e.line, 2);
		assert_non_null(strstr(e.msg, "shared string"));
		free(z);
		bodies[0] = "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"
			    "</sheetData></worksheet>";
		z = make_zip(names, bodies, 2, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), -1);
		assert_non_null(strstr(e.msg, "cell reference"));
		free(z);
	}
	/* inline and rich text, phonetic guides left out; rows out of order */
	{
		const char *names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml" };
		const char *bodies[] = { "<worksheet " NS "><sheetData>"
			"<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is><t>in</t></is></c></row>"
			"</sheetData></worksheet>",
			"<sst " NS "><si><r><t>张</t></r><r><t>三</t></r><rPh><t>zhang</t></rPh></si></sst>" };
		z = make_zip(names, bodies, 2, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), 0);
		assert_string_equal(t->rows[0].cells[0], "张三");
		assert_string_equal(t->rows[0].cells[1], "in");
		table_free(t);
		free(z);
		bodies[0] = "<worksheet " NS "><sheetData><row r=\"5\"><c><v>1</v></c></row>"
			    "<row r=\"3\"><c><v>2</v></c></row></sheetData></worksheet>";
		z = make_zip(names, bodies, 2, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), -1);
		assert_non_null(strstr(e.msg, "out of order"));
		free(z);
	}
	/* more uncompressed XML than allowed ("zip bomb") */
	{
		char *big = malloc(300000);
		const char *names[] = { "xl/worksheets/sheet1.xml" };
		const char *bodies[1];
		struct table_limits lim = { .max_bytes = 100000 };
		memset(big, ' ', 299999);
		big[299999] = '\0';
		memcpy(big, "<worksheet " NS ">", strlen("<worksheet " NS ">"));
		bodies[0] = big;
		z = make_zip(names, bodies, 1, &len);
		assert_true(len < 10000);   /* it compresses well */
		assert_int_equal(xlsx_parse(z, len, &lim, &t, &e), -1);
		assert_non_null(strstr(e.msg, "too large"));
		free(z);
		free(big);
	}
	/* no worksheet at all */
	{
		const char *names[] = { "docProps/app.xml" };
		const char *bodies[] = { "<x/>" };
		z = make_zip(names, bodies, 1, &len);
		assert_int_equal(xlsx_parse(z, len, NULL, &t, &e), -1);
		assert_non_null(strstr(e.msg, "no worksheet"));
		free(z);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_basics),
		cmocka_unit_test(csv_refusals),
		cmocka_unit_test(csv_writer),
		cmocka_unit_test(xlsx_from_libxlsxwriter),
		cmocka_unit_test(xlsx_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
