/*
 * fuzz_market.c — the technology contract import's reading of outside
 * files: CSV (or XLSX, when the bytes look like a zip) through the shared
 * readers, then the header mapping, every row's interpretation
 * (contract_row: kinds, fields, amounts with separators, Excel date
 * numbers) and the signing-date parser, all pure.
 *
 * Whatever the bytes: no crash, no leak, nothing out of bounds; a row
 * that is accepted has a known kind and field, amounts in range, and a
 * date that (when it parses) normalises to ten characters.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include "core/arena.h"
#include "core/csv.h"
#include "core/table.h"
#include "core/xlsx.h"
#include "domain/catalog.h"
#include "domain/contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_limits lim = { .max_rows = 2000, .max_cols = 64, .max_cell = 4096,
				    .max_bytes = (size_t)8 << 20 };
	struct table *t = NULL;
	struct table_error te;
	struct arena a = ARENA_INIT;
	int col[CI_NCOLS];
	struct derr e = { 0 };

	if ((xlsx_sniff(data, size) ? xlsx_parse(data, size, &lim, &t, &te)
				    : csv_parse((const char *)data, size, 0, &lim, &t, &te)) < 0)
		return 0;
	if (t->nrows && contract_header(&t->rows[0], col, &e) == 0) {
		for (size_t i = 1; i < t->nrows; i++) {
			struct contract k;
			const char *seller, *buyer, *date;
			int64_t year, day;
			if (contract_row(&a, col, &t->rows[i], &k, &seller, &buyer, &e) < 0) {
				assert(e.kind == DERR_INVALID || e.kind == DERR_INTERNAL);
				continue;
			}
			assert(vocab_find(vocab_contract_kind, k.kind));
			assert(vocab_find(vocab_tech_field, k.field));
			assert(k.amount_cny >= 1 && k.amount_cny <= CONTRACT_MAX_CNY);
			assert(k.income_cny >= 0 && k.income_cny <= CONTRACT_MAX_CNY);
			assert(*buyer);
			(void)seller;
			if (contract_date(&a, k.signed_on, &date, &year, &day) == 0)
				assert(strlen(date) == 10 && year >= 1 && year <= 9999);
		}
	}
	/* the date parser alone, on the raw bytes as one string */
	{
		char s[64];
		const char *date;
		int64_t year, day;
		size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
		memcpy(s, data, n);
		s[n] = '\0';
		if (contract_date(&a, s, &date, &year, &day) == 0)
			assert(strlen(date) == 10);
	}
	table_free(t);
	arena_free(&a);
	return 0;
}
