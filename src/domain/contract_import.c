/*
 * contract_import.c — technology contracts from CSV or XLSX, with a dry
 * run.  See contract.h.  The files are read by the shared readers
 * (core/csv.h, core/xlsx.h) into a table; here each row is interpreted
 * (contract_row: pure, fuzzed) and registered with the same checks as a
 * single registration.  The whole file goes through one write transaction:
 * a dry run or any bad row rolls everything back, so an import is all or
 * nothing.
 */
#include <string.h>
#include "core/csv.h"
#include "core/cst.h"
#include "core/util.h"
#include "core/xlsx.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_LISTED 1000

static const struct {
	const char *name, *zh;
	int required;
} columns[CI_NCOLS] = {
	[CI_KIND] = { "kind", "合同类型", 1 },
	[CI_TITLE] = { "title", "合同名称", 1 },
	[CI_AMOUNT] = { "amount_cny", "合同金额", 1 },
	[CI_INCOME] = { "income_cny", "技术性收入", 1 },
	[CI_SELLER] = { "seller", "卖方", 0 },
	[CI_BUYER] = { "buyer", "买方", 1 },
	[CI_SIGNED] = { "signed_on", "签订日期", 1 },
	[CI_FIELD] = { "field", "技术领域", 1 },
};

/* ---- the pure part ------------------------------------------------------- */

/* A header cell names column k if it is its key or starts with its Chinese
 * label (合同金额（元） is 合同金额). */
static int header_is(const char *cell, int k)
{
	while (*cell == ' ')
		cell++;
	if (str_ieq(cell, columns[k].name))
		return 1;
	return strncmp(cell, columns[k].zh, strlen(columns[k].zh)) == 0;
}

int contract_header(const struct table_row *head, int col[CI_NCOLS], struct derr *e)
{
	for (int k = 0; k < CI_NCOLS; k++) {
		col[k] = -1;
		for (size_t i = 0; i < head->ncells; i++)
			if (header_is(head->cells[i], k)) {
				col[k] = (int)i;
				break;
			}
		if (col[k] < 0 && columns[k].required)
			return derr_set(e, DERR_INVALID, "missing_column", columns[k].name,
					"the header row has no column %s (%s)",
					columns[k].name, columns[k].zh);
	}
	return 0;
}

/* The cell of column k, trimmed, in a; "" when absent. */
static const char *cell(struct arena *a, const int *col, const struct table_row *row, int k)
{
	const char *s;
	size_t n;
	if (col[k] < 0 || (size_t)col[k] >= row->ncells)
		return "";
	s = row->cells[col[k]];
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* A vocabulary key from a key or a label in either language. */
static const char *term_of(const struct term *v, const char *s)
{
	for (; v->key; v++)
		if (!strcmp(v->key, s) || !strcmp(v->zh, s) || str_ieq(v->en, s))
			return v->key;
	return NULL;
}

/* Whole yuan: digits with optional thousands separators and a zero
 * fraction ("1,200,000.00"), maybe negative.  0, or -1. */
static int parse_yuan(const char *s, int64_t *out)
{
	char digits[24];
	size_t k = 0;
	int neg = 0;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s && *s != '.'; s++) {
		if (*s == ',')
			continue;
		if (*s < '0' || *s > '9' || k + 1 >= sizeof digits)
			return -1;
		digits[k++] = *s;
	}
	if (*s == '.')
		for (s++; *s; s++)
			if (*s != '0')
				return -1;
	digits[k] = '\0';
	if (!k || parse_i64(digits, 0, INT64_MAX / 2, out) < 0)
		return -1;
	if (neg)
		*out = -*out;
	return 0;
}

/* An Excel date number (days since 1899-12-30) as YYYY-MM-DD; other text
 * is kept for the date check of contract_create(). */
static const char *date_text(struct arena *a, const char *s)
{
	int64_t serial;
	int y, m, d;
	if (parse_i64(s, 1, 2958465, &serial) < 0)
		return s;
	cst_civil(cst_days_from_civil(1899, 12, 30) + serial, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static int row_fail(struct derr *e, const char *field, const char *code, const char *msg)
{
	return derr_set(e, DERR_INVALID, code, field, "%s", msg);
}

int contract_row(struct arena *a, const int col[CI_NCOLS], const struct table_row *row,
		 struct contract *k, const char **seller, const char **buyer, struct derr *e)
{
	const char *s;

	memset(k, 0, sizeof *k);
	if (!(k->kind = term_of(vocab_contract_kind, cell(a, col, row, CI_KIND))))
		return row_fail(e, "kind", "not_allowed",
				"kind must be development, transfer, licensing, consulting or service");
	if (!(k->field = term_of(vocab_tech_field, cell(a, col, row, CI_FIELD))))
		return row_fail(e, "field", "not_allowed", "field is not one of the technology fields");
	s = cell(a, col, row, CI_TITLE);
	if (!s || !*s)
		return row_fail(e, "title", "required", "title is required");
	if (text_check(s, strlen(s), 0, 200, "title", e) < 0)
		return -1;
	k->title = s;
	if (parse_yuan(cell(a, col, row, CI_AMOUNT), &k->amount_cny) < 0)
		return row_fail(e, "amount_cny", "wrong_type", "amount_cny must be whole yuan");
	if (k->amount_cny < 1 || k->amount_cny > CONTRACT_MAX_CNY)
		return row_fail(e, "amount_cny", "out_of_range",
				"amount_cny must be between 1 and 100000000000");
	if (parse_yuan(cell(a, col, row, CI_INCOME), &k->income_cny) < 0)
		return row_fail(e, "income_cny", "wrong_type", "income_cny must be whole yuan");
	if (k->income_cny < 0 || k->income_cny > CONTRACT_MAX_CNY)
		return row_fail(e, "income_cny", "out_of_range",
				"income_cny must be between 0 and 100000000000");
	*seller = cell(a, col, row, CI_SELLER);
	*buyer = cell(a, col, row, CI_BUYER);
	if (!*buyer || !**buyer)
		return row_fail(e, "buyer", "required", "buyer is required");
	s = cell(a, col, row, CI_SIGNED);
	if (!s || !*s)
		return row_fail(e, "signed_on", "required", "signed_on is required");
	k->signed_on = date_text(a, s);
	if (!*seller || !k->title || !k->signed_on)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return 0;
}

/* ---- the import ---------------------------------------------------------- */

struct importer {
	struct ctx *c;
	struct import_result *res;
	size_t cap;
};

static int add_error(struct importer *im, int64_t line, const struct derr *e)
{
	struct import_result *r = im->res;
	struct import_error *x;
	if (r->nerrors == MAX_LISTED) {
		r->truncated = 1;
		return 0;
	}
	if (r->nerrors == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 32;
		struct import_error *n = arena_alloc(im->c->a, cap * sizeof *n);
		if (!n)
			return -1;
		if (r->nerrors)
			memcpy(n, r->errors, r->nerrors * sizeof *n);
		r->errors = n;
		im->cap = cap;
	}
	x = &r->errors[r->nerrors++];
	x->row = line;
	x->field = arena_strdup(im->c->a, !strcmp(e->field, "seller_org_id") ? "seller" :
				!strcmp(e->field, "buyer_org_id") ? "buyer" : e->field);
	x->code = e->code;
	x->message = arena_strdup(im->c->a, e->message);
	return x->field && x->message ? 0 : -1;
}

/* An organisation from an id, a credit code or its exact Chinese name:
 * its id, 0 if none, <0 on a store error. */
static int64_t org_of(struct ctx *c, const char *s)
{
	int64_t id;
	if (parse_i64(s, 1, INT64_MAX, &id) == 0) {
		struct org o;
		int rc = store_org_get(c->db, c->a, id, &o);
		return rc < 0 ? rc : rc > 0 ? 0 : id;
	}
	if (strlen(s) == 18 && (id = store_org_by_uscc(c->db, s)) != 0)
		return id;
	return store_org_by_name(c->db, s);
}

/* One data row: 0 (refusals are listed), -1 for a store failure (e set). */
static int import_one(struct importer *im, const int *col, const struct table_row *row,
		      struct derr *fatal)
{
	struct ctx *c = im->c;
	struct contract k;
	struct derr e = { 0 };
	const char *seller, *buyer;
	int64_t id;

	if (contract_row(c->a, col, row, &k, &seller, &buyer, &e) < 0)
		goto refused;
	if (*seller) {
		if ((k.seller_org_id = org_of(c, seller)) < 0)
			goto store_error;
		if (!k.seller_org_id) {
			derr_set(&e, DERR_INVALID, "not_found", "seller",
				 "no organisation is called %.180s", seller);
			goto refused;
		}
	} else if (c->user->org_id > 0) {
		k.seller_org_id = c->user->org_id;
	} else {
		derr_set(&e, DERR_INVALID, "required", "seller", "seller is required");
		goto refused;
	}
	if ((k.buyer_org_id = org_of(c, buyer)) < 0)
		goto store_error;
	if (!k.buyer_org_id) {
		derr_set(&e, DERR_INVALID, "not_found", "buyer",
			 "no organisation is called %.180s", buyer);
		goto refused;
	}
	if (contract_import_row(c, &k, &id, &e) < 0) {
		if (e.kind == DERR_BUSY || e.kind == DERR_INTERNAL) {
			*fatal = e;
			return -1;
		}
		goto refused;
	}
	im->res->valid++;
	return 0;
refused:
	if (e.kind == DERR_INTERNAL) {
		*fatal = e;
		return -1;
	}
	if (add_error(im, (int64_t)row->line, &e) < 0)
		return derr_set(fatal, DERR_INTERNAL, "internal", NULL, "out of memory");
	return 0;
store_error:
	return derr_store(fatal, DB_ERR, "looking up an organisation");
}

int contract_import(struct ctx *c, const char *data, size_t len, int dry_run,
		    struct import_result *out, struct derr *e)
{
	struct table_limits lim = { .max_rows = CONTRACT_IMPORT_MAX_ROWS + 1, .max_cols = 64,
				    .max_cell = 4096, .max_bytes = (size_t)64 << 20 };
	struct table *t = NULL;
	struct table_error te = { 0 };
	struct importer im = { c, out, 0 };
	int col[CI_NCOLS];
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->dry_run = dry_run;
	if (!contract_may_register(c))
		return !c->user ? derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
					   "log in to import contracts")
				: derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
					   "you may not register contracts");
	if ((xlsx_sniff(data, len) ? xlsx_parse(data, len, &lim, &t, &te)
				   : csv_parse(data, len, 0, &lim, &t, &te)) < 0) {
		if (te.line)
			return derr_set(e, DERR_INVALID, "unreadable", "file", "line %zu: %s",
					te.line, te.msg);
		return derr_set(e, DERR_INVALID, "unreadable", "file", "%s", te.msg);
	}
	if (!t->nrows) {
		derr_set(e, DERR_INVALID, "empty", "file", "the file has no header row");
		goto out;
	}
	if (t->nrows - 1 > CONTRACT_IMPORT_MAX_ROWS) {
		derr_set(e, DERR_INVALID, "too_many_rows", "file",
			 "at most %d rows at a time", CONTRACT_IMPORT_MAX_ROWS);
		goto out;
	}
	if (contract_header(&t->rows[0], col, e) < 0)
		goto out;
	if ((rc = store_begin(c->db)) < 0) {
		derr_store(e, rc, "importing contracts");
		rc = -1;
		goto out;
	}
	for (size_t i = 1; i < t->nrows; i++) {
		out->rows++;
		if (import_one(&im, col, &t->rows[i], e) < 0) {
			store_rollback(c->db);
			rc = -1;
			goto out;
		}
	}
	if (dry_run || out->nerrors || out->truncated) {
		store_rollback(c->db);
		rc = 0;
		goto out;
	}
	if ((rc = store_commit(c->db)) < 0) {
		derr_store(e, rc, "importing contracts");
		rc = -1;
		goto out;
	}
	out->created = out->valid;
	rc = 0;
out:
	table_free(t);
	return rc;
}
