/*
 * expert_import.c — bulk import and export of expert profiles.  See
 * expert_import.h.
 *
 * The import reads the whole file into a table, then makes two passes:
 * checking every row (each in a scratch arena, keeping only what finds
 * duplicates within the file), and — when no row is bad and it is not a
 * dry run — parsing each row again and inserting it.  Both passes run in
 * one transaction (a read snapshot for a dry run), so the checks hold
 * for what is written.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/csv.h"
#include "core/util.h"
#include "core/xlsx.h"
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_import.h"
#include "store/store.h"
#include "core/banned.h"

/* The columns of the sheet, as the importer reads them and the exporter
 * writes them. */
enum col { C_NAME, C_NAME_EN, C_ORG, C_TITLE, C_DISC, C_KW, C_KW_EN, C_BIO, C_PAPERS,
	   C_PATENTS, C_PROJECTS, C_AWARDS, C_ORCID, C_EMAIL, C_PHONE, C_N };

static const struct column {
	const char *key, *zh, *en;
	int required;
} columns[C_N] = {
	[C_NAME] = { "name", "姓名", "name", 1 },
	[C_NAME_EN] = { "name_en", "英文姓名", "name_en", 0 },
	[C_ORG] = { "org_id", "单位", "organisation", 1 },
	[C_TITLE] = { "title", "职称", "title", 1 },
	[C_DISC] = { "disciplines", "学科代码", "disciplines", 1 },
	[C_KW] = { "keywords", "研究方向", "keywords", 0 },
	[C_KW_EN] = { "keywords_en", "英文研究方向", "keywords_en", 0 },
	[C_BIO] = { "biography", "个人简介", "biography", 0 },
	[C_PAPERS] = { "papers", "论文数", "papers", 0 },
	[C_PATENTS] = { "patents", "专利数", "patents", 0 },
	[C_PROJECTS] = { "projects", "主持项目数", "projects", 0 },
	[C_AWARDS] = { "awards", "获奖数", "awards", 0 },
	[C_ORCID] = { "orcid", "ORCID", "orcid", 0 },
	[C_EMAIL] = { "email", "电子邮箱", "email", 0 },
	[C_PHONE] = { "phone", "电话", "phone", 0 },
};

/* ---- headings ------------------------------------------------------------ */

static const char *trim(struct arena *a, const char *s)
{
	size_t n;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* Maps each column of the heading row to a field: map[i] is the enum col
 * of cell i, or -1 for an empty heading. */
static int read_headings(struct ctx *c, const struct table_row *h, int *map, struct derr *e)
{
	int seen[C_N] = { 0 };
	for (size_t i = 0; i < h->ncells; i++) {
		const char *t = trim(c->a, h->cells[i]);
		int k;
		if (!t)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		map[i] = -1;
		if (!*t)
			continue;
		for (k = 0; k < C_N; k++)
			if (strcmp(t, columns[k].zh) == 0 || str_ieq(t, columns[k].en) ||
			    str_ieq(t, columns[k].key))
				break;
		if (k == C_N)
			return derr_set(e, DERR_INVALID, "unknown_column", "file",
					"line %zu, column %zu: unknown heading \"%.40s\"; the headings are"
					" 姓名/name, 单位/organisation, 职称/title, 学科代码/disciplines,"
					" 研究方向/keywords and the others of the template",
					h->line, i + 1, t);
		if (seen[k]++)
			return derr_set(e, DERR_INVALID, "duplicate_column", "file",
					"line %zu: the column %s appears twice", h->line, columns[k].key);
		map[i] = k;
	}
	for (int k = 0; k < C_N; k++)
		if (columns[k].required && !seen[k])
			return derr_set(e, DERR_INVALID, "missing_column", "file",
					"line %zu: the column %s (%s) is missing", h->line, columns[k].zh,
					columns[k].en);
	return 0;
}

/* ---- one row --------------------------------------------------------------- */

struct importer {
	struct ctx *c;
	struct import_report *r;
	int csv;
	/* organisations seen: id -> may the actor add experts to it */
	int64_t *orgs;
	unsigned char *org_ok;
	size_t norgs, caporgs;
	/* identities and ORCID iDs met so far in the file */
	struct seen {
		char **keys;
		size_t *lines;
		size_t n, cap;
	} ident, orcids;
	struct arena keep;           /* holds the seen keys */
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The line key was first seen at, or 0 after remembering it as line. */
static size_t seen_put(struct importer *im, struct seen *s, const char *key, size_t line)
{
	size_t i;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		char **keys = calloc(cap, sizeof *keys);
		size_t *lines = calloc(cap, sizeof *lines);
		if (!keys || !lines) {
			free(keys);
			free(lines);
			return (size_t)-1;
		}
		for (size_t k = 0; k < s->cap; k++)
			if (s->keys[k]) {
				for (i = fnv(s->keys[k]) & (cap - 1); keys[i]; i = (i + 1) & (cap - 1))
					;
				keys[i] = s->keys[k];
				lines[i] = s->lines[k];
			}
		free(s->keys);
		free(s->lines);
		s->keys = keys;
		s->lines = lines;
		s->cap = cap;
	}
	for (i = fnv(key) & (s->cap - 1); s->keys[i]; i = (i + 1) & (s->cap - 1))
		if (strcmp(s->keys[i], key) == 0)
			return s->lines[i];
	if (!(s->keys[i] = arena_strdup(&im->keep, key)))
		return (size_t)-1;
	s->lines[i] = line;
	s->n++;
	return 0;
}

static void report(struct importer *im, size_t line, const char *field, const char *msg)
{
	struct import_report *r = im->r;
	r->nerrors++;
	if (r->nlisted >= EXPERT_IMPORT_MAX_ERRORS)
		return;
	if (!r->errors && !(r->errors = arena_alloc(im->c->a, EXPERT_IMPORT_MAX_ERRORS *
							     sizeof *r->errors)))
		return;
	r->errors[r->nlisted].line = line;
	r->errors[r->nlisted].field = arena_strdup(im->c->a, field ? field : "");
	r->errors[r->nlisted].message = arena_strdup(im->c->a, msg);
	r->nlisted++;
}

/* The organisation a cell names: an id, or a Chinese or English name. */
static int64_t org_of(struct ctx *c, const char *cell)
{
	int64_t id;
	struct org o;
	if (parse_i64(cell, 1, INT64_MAX, &id) == 0)
		return store_org_get(c->db, c->a, id, &o) == 0 ? id : 0;
	return store_org_id_by_name(c->db, cell);
}

/* Builds the row's JSON object for expert_parse(); 0, or -1 with e. */
static int row_json(struct ctx *c, const struct table_row *row, const int *map, int csv,
		    json_t **out, struct derr *e)
{
	json_t *o = json_object();
	*out = o;
	if (!o)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < row->ncells; i++) {
		const char *cell;
		int k = map[i];
		json_t *v = NULL;
		if (k < 0)
			continue;
		if (!(cell = trim(c->a, row->cells[i])))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		/* our CSV export guards formulas with an apostrophe */
		if (csv && cell[0] == '\'' && cell[1] && strchr("=+-@", cell[1]))
			cell++;
		if (!*cell)
			continue;
		switch (k) {
		case C_ORG: {
			int64_t id = org_of(c, cell);
			if (id <= 0)
				return derr_set(e, DERR_INVALID, "not_found", "org_id",
						"organisation \"%.60s\" does not exist", cell);
			v = json_integer(id);
			break;
		}
		case C_TITLE: {
			const struct term *t;
			for (t = vocab_expert_title; t->key; t++)
				if (strcmp(cell, t->key) == 0 || strcmp(cell, t->zh) == 0 ||
				    str_ieq(cell, t->en))
					break;
			v = json_string(t->key ? t->key : cell);
			break;
		}
		case C_PAPERS: case C_PATENTS: case C_PROJECTS: case C_AWARDS: {
			int64_t n;
			if (parse_i64(cell, 0, INT64_MAX, &n) < 0)
				return derr_set(e, DERR_INVALID, "wrong_type", columns[k].key,
						"%s must be a whole number, not \"%.20s\"", columns[k].key,
						cell);
			v = json_integer(n);
			break;
		}
		default:
			v = json_stringn_nocheck(cell, strlen(cell));
		}
		if (!v || json_object_set_new(o, columns[k].key, v) < 0)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	return 0;
}

/* May the actor add experts to org?  Remembered per organisation. */
static int org_allowed(struct importer *im, int64_t org_id, const char *region)
{
	for (size_t i = 0; i < im->norgs; i++)
		if (im->orgs[i] == org_id)
			return im->org_ok[i];
	if (im->norgs == im->caporgs) {
		size_t cap = im->caporgs ? im->caporgs * 2 : 64;
		int64_t *o = realloc(im->orgs, cap * sizeof *o);
		unsigned char *ok;
		if (!o)
			return 0;
		im->orgs = o;
		if (!(ok = realloc(im->org_ok, cap)))
			return 0;
		im->org_ok = ok;
		im->caporgs = cap;
	}
	im->orgs[im->norgs] = org_id;
	im->org_ok[im->norgs] = (unsigned char)expert_may_manage(im->c, org_id, region);
	return im->org_ok[im->norgs++];
}

/* Checks one data row: the record, the organisation, duplicates. */
static int check_row(struct importer *im, struct ctx *rc, const struct table_row *row,
		     const int *map)
{
	struct expert x;
	struct derr e = { 0 };
	struct org org;
	json_t *o = NULL;
	char *key;
	size_t first;
	int64_t other;

	memset(&x, 0, sizeof x);
	if (row_json(rc, row, map, im->csv, &o, &e) < 0 ||
	    expert_parse(rc, o, &x, FIELDS_CREATE, &e) < 0)
		goto bad;
	if (x.org_id <= 0) {
		derr_set(&e, DERR_INVALID, "required", "org_id", "the organisation is required");
		goto bad;
	}
	if (store_org_get(rc->db, rc->a, x.org_id, &org) != 0) {
		derr_set(&e, DERR_INVALID, "not_found", "org_id", "organisation %lld does not exist",
			 (long long)x.org_id);
		goto bad;
	}
	if (!org_allowed(im, x.org_id, org.region_code)) {
		derr_set(&e, DERR_FORBIDDEN, "forbidden", "org_id",
			 "you may not add experts to %s", org.name_zh);
		goto bad;
	}
	/* the same person first, then an iD that is someone else's */
	if ((other = store_expert_identity(rc->db, x.name, x.org_id, x.orcid)) > 0) {
		derr_set(&e, DERR_CONFLICT, "duplicate", "name",
			 "%s at %s is expert %lld already", x.name, org.name_zh, (long long)other);
		goto bad;
	}
	key = arena_printf(rc->a, "%s\x1f%lld\x1f%s", x.name, (long long)x.org_id,
			   x.orcid ? x.orcid : "");
	if (!key || (first = seen_put(im, &im->ident, key, row->line)) == (size_t)-1) {
		derr_set(&e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto bad;
	}
	if (first) {
		derr_set(&e, DERR_CONFLICT, "duplicate", "name",
			 "the same expert (name, organisation, ORCID iD) is on line %zu already", first);
		goto bad;
	}
	if (x.orcid) {
		if ((other = store_expert_by_orcid(rc->db, x.orcid)) > 0) {
			derr_set(&e, DERR_CONFLICT, "duplicate", "orcid",
				 "orcid %s belongs to expert %lld already", x.orcid, (long long)other);
			goto bad;
		}
		if ((first = seen_put(im, &im->orcids, x.orcid, row->line)) != 0) {
			derr_set(&e, DERR_CONFLICT, "duplicate", "orcid",
				 "orcid %s is on line %zu already", x.orcid, first);
			goto bad;
		}
	}
	json_decref(o);
	return 0;
bad:
	json_decref(o);
	report(im, row->line, e.field, e.message);
	return -1;
}

/* Inserts one checked row; the ids of the first and last in r. */
static int insert_row(struct importer *im, struct ctx *rc, const struct table_row *row,
		      const int *map, struct derr *e)
{
	struct expert x;
	json_t *o = NULL;
	const char **codes;
	size_t n;
	int64_t id;
	int rc_ = -1;

	memset(&x, 0, sizeof x);
	if (row_json(rc, row, map, im->csv, &o, e) < 0 ||
	    expert_parse(rc, o, &x, FIELDS_CREATE, e) < 0)
		goto out;
	if ((rc_ = store_expert_insert(rc->db, &x, &id)) < 0 ||
	    expert_codes(rc, x.disciplines, &codes, &n) < 0 ||
	    (rc_ = store_expert_add_disciplines(rc->db, id, codes, n)) < 0) {
		derr_store(e, rc_ < 0 ? rc_ : DB_ERR, "importing experts");
		rc_ = -1;
		goto out;
	}
	if (!im->r->first_id)
		im->r->first_id = id;
	im->r->last_id = id;
	im->r->imported++;
	rc_ = 0;
out:
	json_decref(o);
	return rc_;
}

static void progress(const struct import_opts *o, const char *stage, int64_t done, int64_t total)
{
	if (o && o->progress)
		o->progress(o->arg, stage, done, total);
}

int expert_import(struct ctx *c, const void *data, size_t len, const struct import_opts *o,
		  struct import_report *out, struct derr *e)
{
	struct importer im = { .c = c, .r = out };
	struct table *t = NULL;
	struct table_error te = { 0 };
	struct arena scratch = ARENA_INIT;
	struct ctx rc = *c;
	int *map = NULL, in_txn = 0, ret = -1;
	const char *fmt = o ? o->format : NULL;
	int64_t t0 = now_usec_mono();

	memset(out, 0, sizeof *out);
	out->dry_run = o && o->dry_run;
	if (!expert_may_add(c))
		return derr_set(e, c->user ? DERR_FORBIDDEN : DERR_UNAUTHORIZED,
				c->user ? "forbidden" : "login_required", NULL,
				"only organisation administrators, coordinators, the office and"
				" administrators import experts");
	if (!fmt || !*fmt)
		fmt = xlsx_sniff(data, len) ? "xlsx" : "csv";
	if (strcmp(fmt, "xlsx") != 0 && strcmp(fmt, "csv") != 0)
		return derr_set(e, DERR_INVALID, "not_allowed", "format", "format is csv or xlsx");
	out->format = fmt;
	im.csv = fmt[0] == 'c';
	progress(o, "reading", 0, (int64_t)len);
	if ((im.csv ? csv_parse(data, len, 0, NULL, &t, &te)
		    : xlsx_parse(data, len, NULL, &t, &te)) < 0)
		return derr_set(e, DERR_INVALID, "bad_file", "file", "%s", te.msg);
	progress(o, "reading", (int64_t)len, (int64_t)len);
	if (!t->nrows) {
		derr_set(e, DERR_INVALID, "required", "file", "the file is empty");
		goto out;
	}
	if (!(map = calloc(t->rows[0].ncells + 1, sizeof *map)))
		goto oom;
	if (read_headings(c, &t->rows[0], map, e) < 0)
		goto out;
	out->rows = t->nrows - 1;
	rc.a = &scratch;
	if ((ret = out->dry_run ? store_begin_read(c->db) : store_begin(c->db)) < 0) {
		derr_store(e, ret, "importing experts");
		ret = -1;
		goto out;
	}
	ret = -1;
	in_txn = 1;
	for (size_t i = 1; i < t->nrows; i++) {
		/* cells beyond the headings are ignored */
		struct table_row row = t->rows[i];
		if (row.ncells > t->rows[0].ncells)
			row.ncells = t->rows[0].ncells;
		check_row(&im, &rc, &row, map);
		arena_free(&scratch);
		if (i % 1000 == 0)
			progress(o, "checking", (int64_t)i, (int64_t)out->rows);
	}
	progress(o, "checking", (int64_t)out->rows, (int64_t)out->rows);
	if (out->nerrors || out->dry_run) {
		store_rollback(c->db);
		in_txn = 0;
		ret = 0;
		goto out;
	}
	for (size_t i = 1; i < t->nrows; i++) {
		struct table_row row = t->rows[i];
		if (row.ncells > t->rows[0].ncells)
			row.ncells = t->rows[0].ncells;
		if (insert_row(&im, &rc, &row, map, e) < 0)
			goto out;
		arena_free(&scratch);
		if (i % 1000 == 0)
			progress(o, "importing", (int64_t)i, (int64_t)out->rows);
	}
	{
		json_t *after = json_pack("{s:s, s:I, s:I, s:I}", "format", fmt,
					  "rows", (json_int_t)out->imported,
					  "first_id", (json_int_t)out->first_id,
					  "last_id", (json_int_t)out->last_id);
		int rc_ = after ? audit_log(c, "import", "expert", 0, NULL, after, e) : -1;
		json_decref(after);
		if (rc_ < 0) {
			if (!e->kind)
				goto oom;
			goto out;
		}
	}
	if ((ret = store_commit(c->db)) < 0) {
		in_txn = 0;
		derr_store(e, ret, "importing experts");
		ret = -1;
		goto out;
	}
	in_txn = 0;
	progress(o, "importing", (int64_t)out->rows, (int64_t)out->rows);
	ret = 0;
	goto out;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory importing experts");
out:
	if (in_txn)
		store_rollback(c->db);
	if (ret < 0) {
		out->imported = 0;
		out->first_id = out->last_id = 0;
	}
	out->usec = now_usec_mono() - t0;
	arena_free(&scratch);
	arena_free(&im.keep);
	free(im.ident.keys);
	free(im.ident.lines);
	free(im.orcids.keys);
	free(im.orcids.lines);
	free(im.orgs);
	free(im.org_ok);
	free(map);
	table_free(t);
	return ret;
}

/* ---- export ---------------------------------------------------------------- */

struct exporter {
	struct ctx *c;
	struct arena *a;
	struct buf *out;             /* CSV */
	lxw_worksheet *ws;           /* XLSX */
	int64_t rows, contact_rows;
	int failed;
};

/* The cells of one profile, in column order. */
static void cells_of(struct exporter *x, const struct expert *p, const char **v)
{
	struct ctx c = *x->c;
	const char **lines;
	size_t n;
	int contact = expert_may_see_contact(x->c, p);

	c.a = x->a;
	memset(v, 0, C_N * sizeof *v);
	v[C_NAME] = p->name;
	v[C_NAME_EN] = p->name_en;
	v[C_ORG] = p->org_zh;
	v[C_TITLE] = vocab_label(vocab_expert_title, p->title, "zh");
	v[C_DISC] = p->disciplines;
	v[C_BIO] = p->biography;
	for (int k = 0; k < 2; k++) {
		struct buf b = BUF_INIT;
		if (expert_lines(&c, k ? p->keywords_en : p->keywords, &lines, &n) == 0)
			for (size_t i = 0; i < n; i++)
				buf_addf(&b, "%s%s", i ? (k ? "; " : "；") : "", lines[i]);
		v[k ? C_KW_EN : C_KW] = arena_strdup(x->a, b.s);
		buf_release(&b);
	}
	v[C_PAPERS] = arena_printf(x->a, "%lld", (long long)p->papers);
	v[C_PATENTS] = arena_printf(x->a, "%lld", (long long)p->patents);
	v[C_PROJECTS] = arena_printf(x->a, "%lld", (long long)p->projects);
	v[C_AWARDS] = arena_printf(x->a, "%lld", (long long)p->awards);
	v[C_ORCID] = p->orcid;
	if (contact) {
		v[C_EMAIL] = p->email;
		v[C_PHONE] = p->phone;
		if (p->email || p->phone)
			x->contact_rows++;
	}
}

static int export_row(void *arg, const struct expert *p)
{
	struct exporter *x = arg;
	const char *v[C_N];
	cells_of(x, p, v);
	x->rows++;
	for (int k = 0; k < C_N; k++) {
		const char *s = v[k] ? v[k] : "";
		if (x->ws) {
			if (*s && worksheet_write_string(x->ws, (lxw_row_t)x->rows, (lxw_col_t)k, s,
							 NULL) != LXW_NO_ERROR)
				x->failed = 1;
		} else if ((k && buf_addch(x->out, ',') < 0) ||
			   csv_add_field(x->out, s, strlen(s), ',', 1) < 0) {
			x->failed = 1;
		}
	}
	if (!x->ws && buf_adds(x->out, "\r\n") < 0)
		x->failed = 1;
	arena_free(x->a);
	return x->failed;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;
	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && rc == 0)
		rc = buf_add(out, chunk, n);
	if (ferror(fp))
		rc = -1;
	fclose(fp);
	return rc;
}

int expert_export(struct ctx *c, const struct expert_filter *filter, const char *format,
		  struct buf *out, int64_t *rows, struct derr *e)
{
	struct expert_filter f = *filter;
	struct exporter x = { .c = c, .out = out };
	struct arena scratch = ARENA_INIT;
	lxw_workbook *wb = NULL;
	char path[256] = "";
	int xlsx = format && strcmp(format, "xlsx") == 0, rc, ret = -1;
	enum role r = role_of(c->user);

	*rows = 0;
	if (format && *format && !xlsx && strcmp(format, "csv") != 0)
		return derr_set(e, DERR_INVALID, "not_allowed", "format", "format is csv or xlsx");
	if (r == ROLE_COORDINATOR) {
		if (f.region && *f.region && strcmp(f.region, c->user->region_code) != 0)
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "region",
					"a coordinator exports the experts of their region");
		f.region = c->user->region_code;
	} else if (r == ROLE_ORG_ADMIN) {
		if (f.org_id && f.org_id != c->user->org_id)
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "org",
					"an organisation administrator exports their own experts");
		f.org_id = c->user->org_id;
	} else if (r != ROLE_SYSADMIN && r != ROLE_OFFICE && (c->user || c->client)) {
		return derr_set(e, c->user ? DERR_FORBIDDEN : DERR_UNAUTHORIZED,
				c->user ? "forbidden" : "login_required", NULL,
				"only administrators, the office, coordinators and organisation"
				" administrators export experts");
	}
	x.a = &scratch;
	if (xlsx) {
		const char *tmp = getenv("TMPDIR");
		int fd;
		snprintf(path, sizeof path, "%s/shenrong-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(path)) < 0) {
			path[0] = '\0';
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot make a temporary file");
		}
		close(fd);
		if (!(wb = workbook_new(path)) || !(x.ws = workbook_add_worksheet(wb, "专家"))) {
			derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot start the workbook");
			goto out;
		}
		for (int k = 0; k < C_N; k++)
			worksheet_write_string(x.ws, 0, (lxw_col_t)k, columns[k].zh, NULL);
	} else {
		/* a byte order mark, so that Excel reads the file as UTF-8 */
		rc = buf_adds(out, "\xEF\xBB\xBF");
		for (int k = 0; k < C_N && rc == 0; k++)
			rc = (k ? buf_addch(out, ',') : 0) | buf_adds(out, columns[k].zh);
		if (rc || buf_adds(out, "\r\n") < 0)
			goto full;
	}
	rc = store_expert_each(c->db, &f, export_row, &x);
	if (x.failed)
		goto full;
	if (rc < 0) {
		derr_store(e, rc, "exporting experts");
		goto out;
	}
	if (xlsx && x.rows >= 1048576) {
		derr_set(e, DERR_INVALID, "too_long", "format",
			 "%lld experts do not fit in one Excel sheet: export CSV", (long long)x.rows);
		goto out;
	}
	if (wb) {
		lxw_error err = workbook_close(wb);
		wb = NULL;
		if (err != LXW_NO_ERROR || read_file(path, out) < 0)
			goto full;
	}
	{
		json_t *after = json_pack("{s:s, s:I, s:I}", "format", xlsx ? "xlsx" : "csv",
					  "rows", (json_int_t)x.rows,
					  "rows_with_contact", (json_int_t)x.contact_rows);
		rc = store_begin(c->db);
		if (rc == 0)
			rc = after ? audit_log(c, "export", "expert", 0, NULL, after, e) : DB_ERR;
		json_decref(after);
		if (rc < 0) {
			store_rollback(c->db);
			if (!e->kind)
				derr_store(e, rc, "recording the export");
			goto out;
		}
		if ((rc = store_commit(c->db)) < 0) {
			derr_store(e, rc, "recording the export");
			goto out;
		}
	}
	*rows = x.rows;
	ret = 0;
	goto out;
full:
	derr_set(e, DERR_INTERNAL, "too_large", NULL, "the export is too large to send;"
		 " narrow it with filters or use the command line");
out:
	if (wb)
		workbook_close(wb);
	if (path[0])
		unlink(path);
	arena_free(&scratch);
	return ret;
}
