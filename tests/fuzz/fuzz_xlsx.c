/*
 * fuzz_xlsx.c — the XLSX reader (core/xlsx.h).  An input that starts like
 * a zip archive is read as it is (zip structure, CRCs, sizes); any other
 * input is cut at the bytes FF FE into up to four XML parts — the sheet,
 * the shared strings, the workbook and its relationships — which are
 * packed into a real archive with libzip first, so the fuzzer spends its
 * time in the XML the reader parses.  Whatever is accepted must be well
 * formed within the limits; nothing may crash, leak or run away.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "core/utf8.h"
#include "core/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels",
};

/* Packs the parts into an archive in memory; NULL if libzip refuses. */
static void *pack(const uint8_t *data, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	const uint8_t *p = data, *end = data + size;
	void *out = NULL;
	zip_int64_t n;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		goto done;
	zip_source_keep(src);
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		zip_source_free(src);
		src = NULL;
		goto done;
	}
	for (size_t i = 0; i < 4 && p <= end; i++) {
		const uint8_t *q = p;
		zip_source_t *s;
		while (q + 1 < end && !(q[0] == 0xFF && q[1] == 0xFE))
			q++;
		if (q + 1 >= end)
			q = end;
		if ((s = zip_source_buffer(za, p, (zip_uint64_t)(q - p), 0)) &&
		    zip_file_add(za, parts[i], s, 0) < 0)
			zip_source_free(s);
		p = q + 2;
	}
	if (zip_close(za) < 0) {
		zip_discard(za);
		goto done;
	}
	if (zip_source_open(src) < 0)
		goto done;
	zip_source_seek(src, 0, SEEK_END);
	n = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	if (n > 0 && (out = malloc((size_t)n)) && zip_source_read(src, out, (zip_uint64_t)n) == n) {
		*len = (size_t)n;
	} else {
		free(out);
		out = NULL;
	}
	zip_source_close(src);
done:
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_limits l = { .max_rows = 500, .max_cols = 64, .max_cell = 1024,
				  .max_bytes = 1 << 20 };
	struct table_error e;
	struct table *t = NULL;
	void *zip = NULL;
	const void *in = data;
	size_t len = size;

	if (!xlsx_sniff(data, size)) {
		if (!(zip = pack(data, size, &len)))
			return 0;
		in = zip;
	}
	if (xlsx_parse(in, len, &l, &t, &e) == 0) {
		size_t last = 0;
		assert(t->nrows <= l.max_rows);
		for (size_t i = 0; i < t->nrows; i++) {
			assert(t->rows[i].line > last);
			last = t->rows[i].line;
			assert(t->rows[i].ncells <= l.max_cols);
			for (size_t k = 0; k < t->rows[i].ncells; k++) {
				size_t n = strlen(t->rows[i].cells[k]);
				assert(n <= l.max_cell && utf8_valid(t->rows[i].cells[k], n));
			}
		}
		table_free(t);
	} else {
		assert(!t && e.msg[0]);
	}
	free(zip);
	return 0;
}
