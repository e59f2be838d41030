/*
 * round_import.c — a region's guide items from a sheet (CSV or XLSX, read
 * by core/csv.h and core/xlsx.h into a table): every row checked as one
 * item is, every bad row listed, nothing imported unless all are good.
 * See round.h.
 */
#include <stdio.h>
#include <string.h>
#include "core/csv.h"
#include "core/util.h"
#include "core/xlsx.h"
#include "domain/audit.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/round.h"
#include "domain/round_internal.h"
#include "store/store.h"
#include "core/banned.h"

enum col { C_TITLE, C_FIELD, C_CONTENT, C_INDICATORS, C_BUDGET, C_REGION, NCOL };

static const struct {
	const char *key;
	const char *names[5];
} columns[NCOL] = {
	[C_TITLE] = { "title", { "标题", "名称", "指南条目", "title", NULL } },
	[C_FIELD] = { "field", { "领域", "产业领域", "field", NULL, NULL } },
	[C_CONTENT] = { "content", { "研究内容", "内容", "content", "research content", NULL } },
	[C_INDICATORS] = { "indicators", { "考核指标", "指标", "indicators", "target indicators", NULL } },
	[C_BUDGET] = { "budget_wan", { "预算（万元）", "预算(万元)", "预算", "budget_wan", "budget" } },
	[C_REGION] = { "region", { "区域", "地区", "region", NULL, NULL } },
};

/* The column a header cell names, or -1. */
static int column_of(const char *h)
{
	char t[64];
	size_t n = strlen(h);
	while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	while (n && (*h == ' ' || *h == '\t')) {
		h++;
		n--;
	}
	if (n >= sizeof t)
		return -1;
	memcpy(t, h, n);
	t[n] = '\0';
	for (int c = 0; c < NCOL; c++)
		for (int k = 0; k < 5 && columns[c].names[k]; k++)
			if (str_ieq(columns[c].names[k], t))
				return c;
	return -1;
}

static int add_error(struct ctx *c, struct round_import_result *out, size_t line,
		     const char *field, const char *code, const char *message)
{
	struct round_import_error *er;
	if (out->nerrors >= ROUND_IMPORT_MAX_ERRORS)
		return 0;
	if (!out->errors &&
	    !(out->errors = arena_zalloc(c->a, ROUND_IMPORT_MAX_ERRORS * sizeof *out->errors)))
		return -1;
	er = &out->errors[out->nerrors++];
	er->line = line;
	er->field = arena_strdup(c->a, field ? field : "");
	er->code = arena_strdup(c->a, code ? code : "invalid");
	er->message = arena_strdup(c->a, message);
	return er->field && er->code && er->message ? 0 : -1;
}

/* The region a cell names: a code or a region's Chinese or English name
 * (with or without 市/省). */
static const char *region_of(const struct region *rs, size_t nr, const char *v)
{
	for (size_t i = 0; i < nr; i++) {
		size_t n = strlen(v), m = strlen(rs[i].name_zh);
		if (strcmp(rs[i].code, v) == 0 || strcmp(rs[i].name_zh, v) == 0 ||
		    str_ieq(rs[i].name_en, v) ||
		    (n && m == n + 3 && strncmp(rs[i].name_zh, v, n) == 0))
			return rs[i].code;
	}
	return NULL;
}

/* Reads one row into it (strings in c->a): the header has ncols columns,
 * col_at[k] tells which one column k is, and cells beyond them must be
 * empty.  0, or -1 with e naming the column at fault. */
static int read_row(struct ctx *c, const struct table_row *row, const int *col_at,
		    size_t ncols, const struct region *rs, size_t nr, const char *region,
		    struct guide_item *it, struct derr *e)
{
	const char *v[NCOL] = { NULL };
	json_t *obj;
	int rc = -1;

	for (size_t k = ncols; k < row->ncells; k++)
		if (row->cells[k][0])
			return derr_set(e, DERR_INVALID, "extra_cell", "",
					"the row has a cell in column %zu, beyond the header's %zu",
					k + 1, ncols);
	if (!(obj = json_object()))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t k = 0; k < row->ncells && k < ncols; k++)
		if (col_at[k] >= 0 && row->cells[k][0])
			v[col_at[k]] = row->cells[k];
	memset(it, 0, sizeof *it);
	it->budget_wan = -1;
	if (v[C_FIELD]) {
		const struct term *t = industry_find(v[C_FIELD]);
		json_object_set_new(obj, "field", json_string(t ? t->key : v[C_FIELD]));
	}
	if (v[C_TITLE])
		json_object_set_new(obj, "title", json_string(v[C_TITLE]));
	if (v[C_CONTENT])
		json_object_set_new(obj, "content", json_string(v[C_CONTENT]));
	if (v[C_INDICATORS])
		json_object_set_new(obj, "indicators", json_string(v[C_INDICATORS]));
	if (v[C_BUDGET]) {
		double d;
		if (parse_double(v[C_BUDGET], 0, ROUND_BUDGET_MAX, &d) < 0 || d != (double)(int64_t)d) {
			derr_set(e, DERR_INVALID, "wrong_type", "budget_wan",
				 "budget_wan must be a whole number of 万元 from 0 to %d",
				 ROUND_BUDGET_MAX);
			goto out;
		}
		json_object_set_new(obj, "budget_wan", json_integer((json_int_t)d));
	}
	if (fields_apply(item_fields, obj, it, c->a, FIELDS_CREATE, e) < 0)
		goto out;
	if (v[C_REGION]) {
		if (!(it->region_code = region_of(rs, nr, v[C_REGION]))) {
			derr_set(e, DERR_INVALID, "not_found", "region",
				 "region %s is not in the community", v[C_REGION]);
			goto out;
		}
	} else {
		it->region_code = region;
	}
	rc = 0;
out:
	json_decref(obj);
	return rc;
}

/* "3, 4, 7" of the first bad lines, to fit in a message. */
static const char *bad_lines(struct ctx *c, const struct round_import_result *out)
{
	struct buf b = BUF_INIT;
	const char *s;
	size_t last = 0;
	for (size_t i = 0; i < out->nerrors && b.len < 200; i++) {
		if (out->errors[i].line == last)
			continue;
		last = out->errors[i].line;
		buf_addf(&b, "%s%zu", b.len ? ", " : "", last);
	}
	if (out->nerrors && b.len >= 200)
		buf_adds(&b, "…");
	s = arena_strdup(c->a, b.s);
	buf_release(&b);
	return s ? s : "";
}

int round_import(struct ctx *c, int64_t round_id, const char *region, const void *data,
		 size_t len, int dry_run, struct round_import_result *out, struct derr *e)
{
	struct table_limits lim = { ROUND_IMPORT_MAX_ROWS + 1, 64, 65536, 64 << 20 };
	struct table_error te = { 0, "" };
	struct table *t = NULL;
	struct overlap_round r;
	struct region *rs;
	struct guide_item *items = NULL;
	size_t nr;
	int col_at[64], have[NCOL] = { 0 };
	int64_t first = 0, last = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!round_may_take_part(c))
		return derr_set(e, c->user ? DERR_FORBIDDEN : DERR_UNAUTHORIZED,
				c->user ? "forbidden" : "login_required", NULL,
				"region coordinators import guide items");
	if (!data || !len)
		return derr_set(e, DERR_INVALID, "required", "file", "the file is empty");
	if ((xlsx_sniff(data, len) ? xlsx_parse(data, len, &lim, &t, &te)
				   : csv_parse(data, len, 0, &lim, &t, &te)) < 0) {
		if (te.line)
			return derr_set(e, DERR_INVALID, "bad_file", "file", "line %zu: %s", te.line,
					te.msg);
		return derr_set(e, DERR_INVALID, "bad_file", "file", "%s", te.msg);
	}
	if (t->nrows < 2) {
		derr_set(e, DERR_INVALID, "required", "file",
			 "the file has no rows of items under its header");
		goto out;
	}
	if (t->nrows - 1 > ROUND_IMPORT_MAX_ROWS) {
		derr_set(e, DERR_INVALID, "too_long", "file", "at most %d items at a time",
			 ROUND_IMPORT_MAX_ROWS);
		goto out;
	}
	if (store_region_list(c->db, c->a, 0, &rs, &nr) < 0) {
		derr_store(e, DB_ERR, "reading the regions");
		goto out;
	}
	if (!region && role_of(c->user) == ROLE_COORDINATOR)
		region = c->user->region_code;
	/* the header */
	out->rows = t->nrows - 1;
	if (t->rows[0].ncells > ARRAY_SIZE(col_at)) {
		derr_set(e, DERR_INVALID, "bad_file", "file", "the header has too many columns");
		goto out;
	}
	for (size_t k = 0; k < t->rows[0].ncells; k++) {
		const char *h = t->rows[0].cells[k];
		col_at[k] = h[0] ? column_of(h) : -1;
		if (h[0] && col_at[k] < 0 &&
		    add_error(c, out, t->rows[0].line, "", "unknown_column",
			      arena_printf(c->a, "unknown column \"%s\"", h)) < 0)
			goto oom;
		if (col_at[k] >= 0 && have[col_at[k]]++ &&
		    add_error(c, out, t->rows[0].line, columns[col_at[k]].key, "repeated",
			      arena_printf(c->a, "column \"%s\" is there twice", h)) < 0)
			goto oom;
	}
	for (int k = C_TITLE; k <= C_CONTENT; k++)
		if (!have[k] && add_error(c, out, t->rows[0].line, columns[k].key, "required",
					  arena_printf(c->a, "the header lacks the %s column",
						       columns[k].key)) < 0)
			goto oom;
	if (out->nerrors) {
		out->bad_rows = 1;
		if (dry_run) {
			rc = 0;
			goto out;
		}
		derr_set(e, DERR_INVALID, "bad_rows", "file",
			 "the header (line %zu) is wrong; nothing was imported", t->rows[0].line);
		goto out;
	}
	if (!(items = arena_zalloc(c->a, out->rows * sizeof *items)))
		goto oom;
	if ((rc = store_begin(c->db)) < 0) {
		derr_store(e, rc, "importing the items");
		rc = -1;
		goto out;
	}
	rc = -1;
	{
		int r0 = store_round_get(c->db, c->a, round_id, &r);
		if (r0 != 0) {
			store_rollback(c->db);
			if (r0 < 0)
				derr_store(e, r0, "reading the round");
			else
				derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "round %lld does not exist",
					 (long long)round_id);
			goto out;
		}
	}
	if (strcmp(r.state, "open") != 0) {
		store_rollback(c->db);
		derr_set(e, DERR_CONFLICT, "closed", NULL,
			 "round %lld is closed: its items cannot change", (long long)round_id);
		goto out;
	}
	/* every row, every problem */
	for (size_t i = 1; i < t->nrows; i++) {
		const struct table_row *row = &t->rows[i];
		struct guide_item *it = &items[i - 1];
		struct derr re = { 0 };
		if (read_row(c, row, col_at, t->rows[0].ncells, rs, nr, region, it, &re) < 0 ||
		    round_item_check(c, &r, it, &re) < 0) {
			if (re.kind != DERR_INVALID && re.kind != DERR_FORBIDDEN) {
				*e = re;
				store_rollback(c->db);
				goto out;
			}
			out->bad_rows++;
			if (add_error(c, out, row->line, re.field, re.code, re.message) < 0) {
				store_rollback(c->db);
				goto oom;
			}
		}
	}
	if (dry_run) {
		store_rollback(c->db);
		rc = 0;
		goto out;
	}
	if (out->bad_rows) {
		store_rollback(c->db);
		derr_set(e, DERR_INVALID, "bad_rows", "file",
			 "%zu of %zu rows are wrong (lines %s); nothing was imported", out->bad_rows,
			 out->rows, bad_lines(c, out));
		goto out;
	}
	for (size_t i = 0; i < out->rows; i++) {
		int64_t id;
		if (round_item_add(c, &r, &items[i], &id, 0, e) < 0) {
			store_rollback(c->db);
			goto out;
		}
		if (!first)
			first = id;
		last = id;
	}
	{
		json_t *after = json_pack("{s:I, s:I, s:I, s:s?}", "items", (json_int_t)out->rows,
					  "first_id", (json_int_t)first, "last_id", (json_int_t)last,
					  "region", region);
		int ar = audit_log(c, "import", "overlap_round", round_id, NULL, after, e);
		json_decref(after);
		if (ar < 0) {
			store_rollback(c->db);
			goto out;
		}
	}
	if ((rc = store_commit(c->db)) < 0) {
		derr_store(e, rc, "importing the items");
		rc = -1;
		goto out;
	}
	overlap_after_commit(c);
	out->imported = out->rows;
	rc = 0;
	goto out;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	rc = -1;
out:
	table_free(t);
	return rc;
}
