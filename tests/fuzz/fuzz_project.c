/*
 * fuzz_project.c — the joint-project import's reading of outside files:
 * CSV (or XLSX, when the bytes look like a zip) through the shared
 * readers, then the header mapping and every row's interpretation
 * (project_row: titles, organisation lists split on ; ； 、 |, years,
 * amounts with separators, vocabulary labels), all pure.
 *
 * Whatever the bytes: no crash, no leak, nothing out of bounds; a row
 * that is accepted is a JSON object with a title, a lead, years in range,
 * funding lines of known sources with positive amounts, and a total that
 * is the lines' sum when the file gave none.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "core/csv.h"
#include "core/table.h"
#include "core/xlsx.h"
#include "domain/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_limits lim = { .max_rows = 2000, .max_cols = 64, .max_cell = 4096,
				    .max_bytes = (size_t)8 << 20 };
	struct table *t = NULL;
	struct table_error te;
	int col[PI_NCOLS];
	struct derr e = { 0 };

	if ((xlsx_sniff(data, size) ? xlsx_parse(data, size, &lim, &t, &te)
				    : csv_parse((const char *)data, size, 0, &lim, &t, &te)) < 0)
		return 0;
	if (t->nrows && project_header(&t->rows[0], col, &e) == 0) {
		for (size_t i = 1; i < t->nrows; i++) {
			json_t *doc = project_row(col, &t->rows[i], &e), *lines, *line;
			int64_t sum = 0, start, end;
			size_t k;
			if (!doc) {
				assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
				continue;
			}
			assert(json_is_string(json_object_get(doc, "title")));
			assert(json_is_string(json_object_get(doc, "lead")));
			start = json_integer_value(json_object_get(doc, "start_year"));
			end = json_integer_value(json_object_get(doc, "end_year"));
			assert(start >= PROJECT_YEAR_MIN && start <= PROJECT_YEAR_MAX);
			assert(end >= PROJECT_YEAR_MIN && end <= PROJECT_YEAR_MAX);
			assert(json_array_size(json_object_get(doc, "members")) <= 100);
			lines = json_object_get(doc, "funding");
			json_array_foreach(lines, k, line) {
				const char *src = json_string_value(json_object_get(line, "source"));
				int64_t a = json_integer_value(json_object_get(line, "amount_cny"));
				assert(src && (!strcmp(src, "fiscal") || !strcmp(src, "enterprise") ||
					       !strcmp(src, "social")));
				assert(a >= 1 && a <= PROJECT_MAX_CNY);
				assert(json_integer_value(json_object_get(line, "year")) == start);
				sum += a;
			}
			if (col[PI_TOTAL] < 0 || (size_t)col[PI_TOTAL] >= t->rows[i].ncells ||
			    !*t->rows[i].cells[col[PI_TOTAL]])
				assert(json_integer_value(json_object_get(doc, "total_cny")) == sum);
			json_decref(doc);
		}
	}
	table_free(t);
	return 0;
}
