/*
 * project_import.c — joint projects from CSV or XLSX, with a dry run.
 * See project.h.  The shared readers (core/csv.h, core/xlsx.h) give a
 * table; each row is read by project_row() (pure, fuzzed) into the API's
 * document with its organisations still named; those names are resolved
 * here and the document goes through the same reading and checks as
 * project_create().  One write transaction for the whole file: a dry run
 * or any bad row rolls it all back.
 */
#include <string.h>
#include "core/csv.h"
#include "core/util.h"
#include "core/xlsx.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/overlap.h"
#include "domain/project.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_LISTED 1000

static const struct {
	const char *name, *zh;
	int required;
} columns[PI_NCOLS] = {
	[PI_TITLE] = { "title", "项目名称", 1 },
	[PI_TITLE_EN] = { "title_en", "英文名称", 0 },
	[PI_LEAD] = { "lead", "牵头单位", 1 },
	[PI_MEMBERS] = { "members", "参与单位", 0 },
	[PI_START] = { "start_year", "开始年份", 1 },
	[PI_END] = { "end_year", "结束年份", 1 },
	[PI_FIELD] = { "field", "产业领域", 0 },
	[PI_STATUS] = { "status", "状态", 0 },
	[PI_FISCAL] = { "fiscal_cny", "财政资金", 0 },
	[PI_FISCAL_REGION] = { "fiscal_region", "财政资金区域", 0 },
	[PI_ENTERPRISE] = { "enterprise_cny", "企业资金", 0 },
	[PI_SOCIAL] = { "social_cny", "社会资本", 0 },
	[PI_TOTAL] = { "total_cny", "总经费", 0 },
	[PI_CONSORTIUM] = { "consortium", "创新联合体", 0 },
	[PI_SUMMARY] = { "summary", "项目简介", 0 },
};

/* ---- the pure part ------------------------------------------------------- */

/* A header cell names column k if it is its key, or its Chinese label
 * alone or followed by a unit in brackets: 财政资金（元） is 财政资金, but
 * 财政资金区域 is not. */
static int header_is(const char *cell, int k)
{
	size_t n = strlen(columns[k].zh);
	while (*cell == ' ')
		cell++;
	if (str_ieq(cell, columns[k].name))
		return 1;
	if (strncmp(cell, columns[k].zh, n) != 0)
		return 0;
	cell += n;
	return *cell == '\0' || *cell == '(' || *cell == ' ' || strncmp(cell, "（", 3) == 0;
}

int project_header(const struct table_row *head, int col[PI_NCOLS], struct derr *e)
{
	for (int k = 0; k < PI_NCOLS; k++) {
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

/* The cell of column k without surrounding blanks, as a new JSON string
 * or NULL when empty. */
static json_t *cell(const int *col, const struct table_row *row, int k)
{
	const char *s;
	size_t n;
	if (col[k] < 0 || (size_t)col[k] >= row->ncells)
		return NULL;
	s = row->cells[col[k]];
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? json_stringn(s, n) : NULL;
}

/* Whole yuan: digits with optional thousands separators and a zero
 * fraction ("1,200,000.00").  0, or -1. */
static int parse_yuan(const char *s, int64_t *out)
{
	char digits[24];
	size_t k = 0;
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
	return k ? parse_i64(digits, 0, PROJECT_MAX_CNY, out) : -1;
}

static const char *vocab_key(const struct term *v, const char *s)
{
	for (; v->key; v++)
		if (!strcmp(v->key, s) || !strcmp(v->zh, s) || str_ieq(v->en, s))
			return v->key;
	return NULL;
}

static json_t *row_fail(json_t *doc, struct derr *e, int k, const char *code, const char *msg)
{
	json_decref(doc);
	derr_set(e, DERR_INVALID, code, columns[k].name, "%s: %s", columns[k].name, msg);
	return NULL;
}

/* Sets doc[name] = v (consumed); v NULL leaves it out.  -1 on ENOMEM. */
static int put(json_t *doc, const char *name, json_t *v)
{
	return v ? json_object_set_new(doc, name, v) : 0;
}

/* Adds a funding line of column k when its cell holds an amount. */
static int funding(json_t *doc, json_t *lines, const int *col, const struct table_row *row,
		   int k, const char *source, int64_t year, int64_t *sum, struct derr *e)
{
	json_t *v = cell(col, row, k), *line;
	int64_t amount;
	if (!v)
		return 0;
	if (parse_yuan(json_string_value(v), &amount) < 0) {
		json_decref(v);
		return derr_set(e, DERR_INVALID, "wrong_type", columns[k].name,
				"%s must be whole yuan", columns[k].name);
	}
	json_decref(v);
	if (!amount)
		return 0;
	*sum += amount;
	line = json_pack("{s:s, s:I, s:I}", "source", source, "year", (json_int_t)year,
			 "amount_cny", (json_int_t)amount);
	if (line && k == PI_FISCAL && (v = cell(col, row, PI_FISCAL_REGION)))
		json_object_set_new(line, "region", v);
	(void)doc;
	return line && json_array_append_new(lines, line) == 0 ? 0
		: derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
}

json_t *project_row(const int col[PI_NCOLS], const struct table_row *row, struct derr *e)
{
	json_t *doc = json_object(), *v, *lines = json_array(), *members = json_array();
	int64_t start, end, sum = 0, total;
	const char *s;

	if (!doc || !lines || !members) {
		json_decref(doc);
		json_decref(lines);
		json_decref(members);
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	json_object_set_new(doc, "funding", lines);
	json_object_set_new(doc, "members", members);
	if (!(v = cell(col, row, PI_TITLE)))
		return row_fail(doc, e, PI_TITLE, "required", "the title is required");
	put(doc, "title", v);
	put(doc, "title_en", cell(col, row, PI_TITLE_EN));
	put(doc, "summary", cell(col, row, PI_SUMMARY));
	put(doc, "consortium", cell(col, row, PI_CONSORTIUM));
	if (!(v = cell(col, row, PI_LEAD)))
		return row_fail(doc, e, PI_LEAD, "required", "the lead organisation is required");
	put(doc, "lead", v);
	if ((v = cell(col, row, PI_MEMBERS))) {
		/* names separated by ; ； 、 or | */
		const char *p = json_string_value(v), *q;
		while (*p) {
			size_t n, skip = 0;
			for (q = p; *q; q++) {
				if (*q == ';' || *q == '|') {
					skip = 1;
					break;
				}
				if (!strncmp(q, "；", 3) || !strncmp(q, "、", 3)) {
					skip = 3;
					break;
				}
			}
			n = (size_t)(q - p);
			while (n && (*p == ' ')) {
				p++;
				n--;
			}
			while (n && p[n - 1] == ' ')
				n--;
			if (n && json_array_size(members) >= JOINT_MAX_MEMBERS) {
				json_decref(v);
				return row_fail(doc, e, PI_MEMBERS, "too_many", "too many members");
			}
			if (n)
				json_array_append_new(members, json_stringn(p, n));
			p = q + (*q ? skip : 0);
		}
		json_decref(v);
	}
	if (!(v = cell(col, row, PI_START)) ||
	    parse_i64(json_string_value(v), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, &start) < 0) {
		json_decref(v);
		return row_fail(doc, e, PI_START, v ? "out_of_range" : "required",
				"the start year is a year between 1990 and 2100");
	}
	json_decref(v);
	if (!(v = cell(col, row, PI_END)) ||
	    parse_i64(json_string_value(v), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, &end) < 0) {
		json_decref(v);
		return row_fail(doc, e, PI_END, v ? "out_of_range" : "required",
				"the end year is a year between 1990 and 2100");
	}
	json_decref(v);
	json_object_set_new(doc, "start_year", json_integer(start));
	json_object_set_new(doc, "end_year", json_integer(end));
	if ((v = cell(col, row, PI_FIELD))) {
		const struct term *t = industry_find(json_string_value(v));
		json_decref(v);
		if (!t)
			return row_fail(doc, e, PI_FIELD, "not_allowed", "not one of the industrial fields");
		json_object_set_new(doc, "field", json_string(t->key));
	}
	if ((v = cell(col, row, PI_STATUS))) {
		s = vocab_key(vocab_project_status, json_string_value(v));
		json_decref(v);
		if (!s)
			return row_fail(doc, e, PI_STATUS, "not_allowed",
					"planned, active, completed or terminated");
		json_object_set_new(doc, "status", json_string(s));
	}
	if (funding(doc, lines, col, row, PI_FISCAL, "fiscal", start, &sum, e) < 0 ||
	    funding(doc, lines, col, row, PI_ENTERPRISE, "enterprise", start, &sum, e) < 0 ||
	    funding(doc, lines, col, row, PI_SOCIAL, "social", start, &sum, e) < 0) {
		json_decref(doc);
		return NULL;
	}
	if ((v = cell(col, row, PI_TOTAL))) {
		int bad = parse_yuan(json_string_value(v), &total) < 0;
		json_decref(v);
		if (bad)
			return row_fail(doc, e, PI_TOTAL, "wrong_type", "whole yuan");
	} else {
		total = sum;
	}
	json_object_set_new(doc, "total_cny", json_integer(total));
	return doc;
}

/* ---- the import ------------------------------------------------------------ */

struct importer {
	struct ctx *c;
	struct project_import_result *res;
	size_t cap;
	struct region *regions;
	size_t nregions;
};

/* The import's name for a field the document reader named. */
static const char *column_of(const char *field)
{
	static const struct { const char *prefix, *column; } map[] = {
		{ "lead_org_id", "lead" }, { "members", "members" }, { "consortium_id", "consortium" },
		{ "funding[", "fiscal_region" }, { "funding", "total_cny" }, { "total_cny", "total_cny" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strncmp(field, map[i].prefix, strlen(map[i].prefix))) {
			if (!strcmp(map[i].column, "fiscal_region") && strstr(field, ".year"))
				return "start_year";
			return map[i].column;
		}
	return field;
}

static int add_error(struct importer *im, int64_t line, const struct derr *e)
{
	struct project_import_result *r = im->res;
	struct project_import_error *x;
	if (r->nerrors == MAX_LISTED) {
		r->truncated = 1;
		return 0;
	}
	if (r->nerrors == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 32;
		struct project_import_error *n = arena_alloc(im->c->a, cap * sizeof *n);
		if (!n)
			return -1;
		if (r->nerrors)
			memcpy(n, r->errors, r->nerrors * sizeof *n);
		r->errors = n;
		im->cap = cap;
	}
	x = &r->errors[r->nerrors++];
	x->row = line;
	x->field = arena_strdup(im->c->a, column_of(e->field));
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

/* Replaces the named member by the id it names (lookup), refusing a name
 * that names nothing. */
static int resolve(struct importer *im, json_t *doc, const char *from, const char *to,
		   int64_t (*lookup)(struct ctx *, const char *), struct derr *e)
{
	json_t *v = json_object_get(doc, from);
	int64_t id;
	if (!v)
		return 0;
	if ((id = lookup(im->c, json_string_value(v))) < 0)
		return derr_store(e, (int)id, "looking up a name");
	if (!id)
		return derr_set(e, DERR_INVALID, "not_found", from, "no %s is called %.180s",
				strcmp(from, "consortium") ? "organisation" : "consortium",
				json_string_value(v));
	json_object_set_new(doc, to, json_integer(id));
	json_object_del(doc, from);
	return 0;
}

static int64_t consortium_of(struct ctx *c, const char *s)
{
	int64_t id;
	if (parse_i64(s, 1, INT64_MAX, &id) == 0)
		return id;
	return store_consortium_by_name(c->db, s);
}

/* A fiscal region written as a code or a region's name. */
static int resolve_region(struct importer *im, json_t *doc, struct derr *e)
{
	json_t *lines = json_object_get(doc, "funding"), *line, *v;
	size_t i;
	json_array_foreach(lines, i, line) {
		const char *s;
		int found = 0;
		if (!(v = json_object_get(line, "region")))
			continue;
		s = json_string_value(v);
		for (size_t k = 0; k < im->nregions && !found; k++)
			if (!strcmp(s, im->regions[k].code) || !strcmp(s, im->regions[k].name_zh) ||
			    str_ieq(s, im->regions[k].name_en)) {
				json_object_set_new(line, "region", json_string(im->regions[k].code));
				found = 1;
			}
		if (!found)
			return derr_set(e, DERR_INVALID, "not_found", "fiscal_region",
					"%.60s is not a region of the community", s);
	}
	return 0;
}

/* One data row: 0 (refusals are listed), -1 for a failure of the store. */
static int import_one(struct importer *im, const int *col, const struct table_row *row,
		      struct derr *fatal)
{
	struct ctx *c = im->c;
	struct project_draft d;
	struct derr e = { 0 };
	json_t *doc = project_row(col, row, &e), *members, *m;
	struct org lead;
	size_t i;
	int64_t id;

	if (!doc)
		goto refused;
	if (resolve(im, doc, "lead", "lead_org_id", org_of, &e) < 0 ||
	    resolve(im, doc, "consortium", "consortium_id", consortium_of, &e) < 0 ||
	    resolve_region(im, doc, &e) < 0)
		goto refused;
	members = json_object_get(doc, "members");
	json_array_foreach(members, i, m) {
		int64_t oid = org_of(c, json_string_value(m));
		if (oid < 0) {
			derr_store(&e, (int)oid, "looking up a member");
			goto refused;
		}
		if (!oid) {
			derr_set(&e, DERR_INVALID, "not_found", "members",
				 "no organisation is called %.180s", json_string_value(m));
			goto refused;
		}
		json_array_set_new(members, i, json_integer(oid));
	}
	memset(&d, 0, sizeof d);
	if (project_draft_read(c, doc, FIELDS_CREATE, &d, &e) < 0 ||
	    joint_org(c, d.p.lead_org_id, NULL, "lead_org_id", &lead, &e) < 0)
		goto refused;
	/* fiscal funds without a region: the lead's region's */
	for (i = 0; i < d.p.nfunding; i++)
		if (!d.p.funding[i].region_code)
			d.p.funding[i].region_code = lead.region_code;
	if (!project_may_lead(c, lead.id, lead.region_code)) {
		derr_set(&e, DERR_INVALID, "forbidden", "lead",
			 "you may not register projects led by %.120s", lead.name_zh);
		goto refused;
	}
	if (project_insert_draft(c, &d, &id, &e) < 0)
		goto refused;
	json_decref(doc);
	im->res->valid++;
	return 0;
refused:
	json_decref(doc);
	if (e.kind == DERR_INTERNAL || e.kind == DERR_BUSY) {
		*fatal = e;
		return -1;
	}
	if (add_error(im, (int64_t)row->line, &e) < 0)
		return derr_set(fatal, DERR_INTERNAL, "internal", NULL, "out of memory");
	return 0;
}

int project_import(struct ctx *c, const char *data, size_t len, int dry_run,
		   struct project_import_result *out, struct derr *e)
{
	struct table_limits lim = { .max_rows = PROJECT_IMPORT_MAX_ROWS + 1, .max_cols = 64,
				    .max_cell = 8192, .max_bytes = (size_t)64 << 20 };
	struct table *t = NULL;
	struct table_error te = { 0 };
	struct importer im = { c, out, 0, NULL, 0 };
	int col[PI_NCOLS];
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->dry_run = dry_run;
	if (!project_may_create(c))
		return !c->user ? derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
					   "log in to import projects")
				: derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
					   "you may not register joint projects");
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
	if (t->nrows - 1 > PROJECT_IMPORT_MAX_ROWS) {
		derr_set(e, DERR_INVALID, "too_many_rows", "file",
			 "at most %d rows at a time", PROJECT_IMPORT_MAX_ROWS);
		goto out;
	}
	if (project_header(&t->rows[0], col, e) < 0)
		goto out;
	if (store_region_list(c->db, c->a, 0, &im.regions, &im.nregions) < 0) {
		derr_store(e, DB_ERR, "reading the regions");
		goto out;
	}
	if ((rc = store_begin(c->db)) < 0) {
		derr_store(e, rc, "importing projects");
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
		derr_store(e, rc, "importing projects");
		rc = -1;
		goto out;
	}
	overlap_after_commit(c);
	out->created = out->valid;
	rc = 0;
out:
	table_free(t);
	return rc;
}
