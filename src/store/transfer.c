/*
 * transfer.c — backups, restores and moving a community between backends
 * (transfer.h).  The SQL here is assembled from names read out of the
 * databases' own catalogues, always quoted as identifiers; values are
 * always bound.
 */
#include <errno.h>
#include <glob.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/buf.h"
#include "core/log.h"
#include "core/util.h"
#include "store/db.h"
#include "store/pg_fts.h"
#include "store/store.h"
#include "store/transfer.h"
#include "core/banned.h"

#define FETCH_ROWS 2000       /* rows per FETCH from a PostgreSQL cursor */
#define MAX_BATCH_PARAMS 900  /* bound values per multi-row INSERT */
#define MAX_BATCH_ROWS 200

/* ---- the catalogue ------------------------------------------------------ */

struct xcol {
	char *name;
	char *type;      /* PostgreSQL typname, or SQLite's declared type */
	int gen;         /* a generated column */
	int pk;          /* position in the primary key, 1-based; 0 if not in it */
	int ident;       /* PostgreSQL identity column */
};

struct xtab {
	char *name;
	struct xcol *c;
	int nc;
	char **par;      /* tables it references */
	int npar;
	int derived;     /* rebuilt by the target, never copied */
	int virt;        /* SQLite virtual table */
	int fts_ext;     /* SQLite FTS5 table over another table (content=) */
};

struct xcat {
	int pg;
	struct xtab *t;
	int n;
};

/* Tables each backend derives from the others. */
static const char *const derived_names[] = {
	"schema_migrations", "fts_dirty", "instrument_fts",
};

static void cat_free(struct xcat *cat)
{
	for (int i = 0; i < cat->n; i++) {
		struct xtab *t = &cat->t[i];
		for (int k = 0; k < t->nc; k++) {
			free(t->c[k].name);
			free(t->c[k].type);
		}
		for (int k = 0; k < t->npar; k++)
			free(t->par[k]);
		free(t->c);
		free(t->par);
		free(t->name);
	}
	free(cat->t);
	memset(cat, 0, sizeof *cat);
}

static struct xtab *cat_find(struct xcat *cat, const char *name)
{
	for (int i = 0; i < cat->n; i++)
		if (strcmp(cat->t[i].name, name) == 0)
			return &cat->t[i];
	return NULL;
}

static struct xcol *tab_col(struct xtab *t, const char *name)
{
	for (int k = 0; k < t->nc; k++)
		if (strcmp(t->c[k].name, name) == 0)
			return &t->c[k];
	return NULL;
}

static char *dup_col(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return strdup(s ? s : "");
}

static int has_prefix_ci(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

static int contains_ci(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++)
		if (strncasecmp(s, w, n) == 0)
			return 1;
	return 0;
}

static int add_table(struct xcat *cat, const char *name, const char *sql)
{
	struct xtab *nt = realloc(cat->t, (size_t)(cat->n + 1) * sizeof *nt);
	struct xtab *t;
	if (!nt)
		return -1;
	cat->t = nt;
	t = &cat->t[cat->n];
	memset(t, 0, sizeof *t);
	if (!(t->name = strdup(name)))
		return -1;
	cat->n++;
	if (sql && has_prefix_ci(sql, "CREATE VIRTUAL TABLE")) {
		t->virt = 1;
		t->fts_ext = contains_ci(sql, "fts5(") && contains_ci(sql, "content=");
	}
	if (strncmp(name, "sqlite_", 7) == 0 || t->virt)
		t->derived = 1;
	for (size_t i = 0; i < sizeof derived_names / sizeof derived_names[0]; i++)
		if (strcmp(name, derived_names[i]) == 0)
			t->derived = 1;
	return 0;
}

static int add_col(struct xtab *t, const char *name, const char *type, int gen, int pk, int ident)
{
	struct xcol *nc = realloc(t->c, (size_t)(t->nc + 1) * sizeof *nc);
	if (!nc)
		return -1;
	t->c = nc;
	nc = &t->c[t->nc];
	nc->name = strdup(name);
	nc->type = strdup(type);
	nc->gen = gen;
	nc->pk = pk;
	nc->ident = ident;
	t->nc++;
	return nc->name && nc->type ? 0 : -1;
}

static int add_parent(struct xtab *t, const char *name)
{
	char **np = realloc(t->par, (size_t)(t->npar + 1) * sizeof *np);
	if (!np)
		return -1;
	t->par = np;
	if (!(t->par[t->npar] = strdup(name)))
		return -1;
	t->npar++;
	return 0;
}

/* The tables t refers to, by a query of one parameter (t's name). */
static int load_parents(struct db *db, const char *sql, struct xtab *t)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc;
	if (!st || db_bind_text(st, 1, t->name) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW)
		if (add_parent(t, db_col_text(st, 0)) < 0)
			rc = DB_ERR;
	db_finalize(st);
	return rc == DB_DONE ? 0 : -1;
}

static int cat_load_sqlite(struct db *db, struct xcat *cat)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name");
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (add_table(cat, db_col_text(st, 0), db_col_text(st, 1)) < 0) {
			db_finalize(st);
			return -1;
		}
	db_finalize(st);
	if (rc != DB_DONE)
		return -1;
	/* the shadow tables of virtual tables (instrument_fts_data, ...) */
	for (int i = 0; i < cat->n; i++) {
		size_t n = strlen(cat->t[i].name);
		if (!cat->t[i].virt)
			continue;
		for (int k = 0; k < cat->n; k++)
			if (strncmp(cat->t[k].name, cat->t[i].name, n) == 0 &&
			    cat->t[k].name[n] == '_')
				cat->t[k].derived = 1;
	}
	for (int i = 0; i < cat->n; i++) {
		struct xtab *t = &cat->t[i];
		if (t->virt)
			continue;
		st = db_prepare(db, "SELECT name, coalesce(type, ''), pk, hidden"
				    " FROM pragma_table_xinfo(?) ORDER BY cid");
		if (!st || db_bind_text(st, 1, t->name) < 0) {
			db_finalize(st);
			return -1;
		}
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t hidden = db_col_int(st, 3);
			if (add_col(t, db_col_text(st, 0), db_col_text(st, 1),
				    hidden == 2 || hidden == 3, (int)db_col_int(st, 2), 0) < 0)
				rc = DB_ERR;
		}
		db_finalize(st);
		if (rc != DB_DONE)
			return -1;
		if (load_parents(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", t) < 0)
			return -1;
	}
	return 0;
}

static int cat_load_pg(struct db *db, struct xcat *cat)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		" WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
		" ORDER BY c.relname COLLATE \"C\"");
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (add_table(cat, db_col_text(st, 0), NULL) < 0) {
			db_finalize(st);
			return -1;
		}
	db_finalize(st);
	if (rc != DB_DONE)
		return -1;
	for (int i = 0; i < cat->n; i++) {
		struct xtab *t = &cat->t[i];
		st = db_prepare(db,
			"SELECT a.attname, t.typname, a.attgenerated <> '',"
			"  coalesce((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(att, n)"
			"   WHERE k.att = a.attnum), 0), a.attidentity <> ''"
			" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
			" JOIN pg_namespace n ON n.oid = c.relnamespace"
			" JOIN pg_type t ON t.oid = a.atttypid"
			" LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary"
			" WHERE n.nspname = current_schema() AND c.relname = ?"
			"  AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
		if (!st || db_bind_text(st, 1, t->name) < 0) {
			db_finalize(st);
			return -1;
		}
		while ((rc = db_step(st)) == DB_ROW)
			if (add_col(t, db_col_text(st, 0), db_col_text(st, 1), (int)db_col_int(st, 2),
				    (int)db_col_int(st, 3), (int)db_col_int(st, 4)) < 0)
				rc = DB_ERR;
		db_finalize(st);
		if (rc != DB_DONE)
			return -1;
		if (load_parents(db, "SELECT DISTINCT p.relname FROM pg_constraint k"
				 " JOIN pg_class c ON c.oid = k.conrelid"
				 " JOIN pg_namespace n ON n.oid = c.relnamespace"
				 " JOIN pg_class p ON p.oid = k.confrelid"
				 " WHERE k.contype = 'f' AND n.nspname = current_schema()"
				 " AND c.relname = ?", t) < 0)
			return -1;
	}
	return 0;
}

static int cat_load(struct db *db, struct xcat *cat, char *err, size_t errlen)
{
	int rc;
	memset(cat, 0, sizeof *cat);
	cat->pg = db_backend(db) == DB_PG;
	rc = cat->pg ? cat_load_pg(db, cat) : cat_load_sqlite(db, cat);
	if (rc < 0) {
		snprintf(err, errlen, "cannot read the catalogue: %s", db_errmsg(db));
		cat_free(cat);
	}
	return rc;
}

/* The tables to copy, parents before children (a cycle is broken by
 * name order; the copy does not check foreign keys row by row). */
static int copy_order(struct xcat *cat, struct xtab ***out, int *nout)
{
	struct xtab **ord = calloc((size_t)cat->n + 1, sizeof *ord);
	char *done = calloc((size_t)cat->n + 1, 1);
	int n = 0, want = 0;
	if (!ord || !done) {
		free(ord);
		free(done);
		return -1;
	}
	for (int i = 0; i < cat->n; i++)
		if (!cat->t[i].derived)
			want++;
		else
			done[i] = 1;
	while (n < want) {
		int progress = 0;
		for (int i = 0; i < cat->n; i++) {
			int ready = 1;
			if (done[i])
				continue;
			for (int k = 0; k < cat->t[i].npar && ready; k++) {
				struct xtab *p = cat_find(cat, cat->t[i].par[k]);
				if (p && p != &cat->t[i] && !done[p - cat->t])
					ready = 0;
			}
			if (ready) {
				done[i] = 1;
				ord[n++] = &cat->t[i];
				progress = 1;
			}
		}
		if (!progress)   /* a cycle: take the first remaining table */
			for (int i = 0; i < cat->n; i++)
				if (!done[i]) {
					done[i] = 1;
					ord[n++] = &cat->t[i];
					break;
				}
	}
	free(done);
	*out = ord;
	*nout = n;
	return 0;
}

/* ---- SQL from catalogue names ---------------------------------------- */

static int add_ident(struct buf *b, const char *s)
{
	if (buf_addch(b, '"') < 0)
		return -1;
	for (; *s; s++)
		if ((*s == '"' && buf_addch(b, '"') < 0) || buf_addch(b, *s) < 0)
			return -1;
	return buf_addch(b, '"');
}

static int pg_collatable(const char *type)
{
	return strcmp(type, "text") == 0 || strcmp(type, "varchar") == 0 ||
	       strcmp(type, "bpchar") == 0 || strcmp(type, "name") == 0;
}

/* The source's copyable columns (not generated), and its primary key in
 * order (every column when it has none). */
static int tab_columns(struct xtab *t, const char ***cols, int *ncol, const char ***pk, int *npk)
{
	const char **c = calloc((size_t)t->nc + 1, sizeof *c);
	const char **p = calloc((size_t)t->nc + 1, sizeof *p);
	int nc = 0, np = 0;
	if (!c || !p) {
		free(c);
		free(p);
		return -1;
	}
	for (int k = 0; k < t->nc; k++)
		if (!t->c[k].gen)
			c[nc++] = t->c[k].name;
	for (int pos = 1; pos <= t->nc; pos++)
		for (int k = 0; k < t->nc; k++)
			if (t->c[k].pk == pos)
				p[np++] = t->c[k].name;
	if (!np)
		for (int k = 0; k < nc; k++)
			p[np++] = c[k];
	*cols = c;
	*ncol = nc;
	*pk = p;
	*npk = np;
	return 0;
}

/* SELECT of cols from t on this side, in primary-key order.  On SQLite
 * each value comes with its typeof() before it. */
static int select_sql(struct buf *b, struct xcat *cat, struct xtab *t, const char **cols, int ncol,
		      const char **pk, int npk)
{
	int rc = buf_adds(b, "SELECT ");
	for (int k = 0; k < ncol && rc == 0; k++) {
		if (k)
			rc |= buf_adds(b, ", ");
		if (!cat->pg) {
			rc |= buf_adds(b, "typeof(");
			rc |= add_ident(b, cols[k]);
			rc |= buf_adds(b, "), ");
		}
		rc |= add_ident(b, cols[k]);
	}
	rc |= buf_adds(b, " FROM ");
	rc |= add_ident(b, t->name);
	rc |= buf_adds(b, " ORDER BY ");
	for (int k = 0; k < npk && rc == 0; k++) {
		struct xcol *c = tab_col(t, pk[k]);
		if (k)
			rc |= buf_adds(b, ", ");
		rc |= add_ident(b, pk[k]);
		if (!cat->pg)
			rc |= buf_adds(b, " COLLATE BINARY");
		else if (c && pg_collatable(c->type))
			rc |= buf_adds(b, " COLLATE \"C\"");
	}
	return rc ? -1 : 0;
}

/* ---- reading rows ------------------------------------------------------- */

/* Steps a SELECT: straight through on SQLite, through a cursor FETCHed in
 * batches on PostgreSQL (whose driver reads a result whole).  Run inside a
 * transaction. */
struct reader {
	struct db *db;
	struct db_stmt *st;
	int cursor;
	int got;
};

static int reader_open(struct reader *r, struct db *db, const char *sql)
{
	memset(r, 0, sizeof *r);
	r->db = db;
	if (db_backend(db) == DB_PG) {
		struct buf b = BUF_INIT;
		int rc = buf_adds(&b, "DECLARE xfer_cursor NO SCROLL CURSOR FOR ") |
			 buf_adds(&b, sql);
		if (rc < 0 || db_exec(db, b.s) < 0) {
			buf_release(&b);
			return -1;
		}
		buf_release(&b);
		r->cursor = 1;
		r->st = db_prepare(db, "FETCH 2000 FROM xfer_cursor");
	} else
		r->st = db_prepare(db, sql);
	return r->st ? 0 : -1;
}

static int reader_next(struct reader *r)
{
	for (;;) {
		int rc = db_step(r->st);
		if (rc == DB_ROW) {
			r->got++;
			return rc;
		}
		if (rc == DB_DONE && r->cursor && r->got == FETCH_ROWS) {
			db_done(r->st);
			r->got = 0;
			continue;
		}
		return rc;
	}
}

static void reader_close(struct reader *r)
{
	db_finalize(r->st);
	if (r->cursor)
		db_exec(r->db, "CLOSE xfer_cursor");
	memset(r, 0, sizeof *r);
}

struct val {
	char k;           /* 'i' integer, 'r' real, 't' text, 'b' blob, 'n' NULL */
	int64_t i;
	double d;
	const void *p;
	size_t n;
};

/* PostgreSQL's type of a column, as the kind of value it holds. */
static char pg_kind(const char *type)
{
	if (!strcmp(type, "int2") || !strcmp(type, "int4") || !strcmp(type, "int8") ||
	    !strcmp(type, "oid") || !strcmp(type, "bool"))
		return 'i';
	if (!strcmp(type, "float4") || !strcmp(type, "float8"))
		return 'r';
	if (!strcmp(type, "numeric"))
		return 'N';
	if (!strcmp(type, "bytea"))
		return 'b';
	return 't';
}

/* Value k of the current row.  kinds: per column, PostgreSQL only. */
static void read_val(struct db_stmt *st, int pg, const char *kinds, int k, struct val *v)
{
	char kind;
	int i = pg ? k : 2 * k + 1;
	memset(v, 0, sizeof *v);
	if (db_col_isnull(st, i)) {
		v->k = 'n';
		return;
	}
	if (pg) {
		kind = kinds[k];
		if (kind == 'N') {
			const char *s = db_col_text(st, i);
			kind = strpbrk(s, ".eE") ? 'r' : 'i';
		}
	} else {
		const char *t = db_col_text(st, i - 1);
		kind = t && t[0] == 'i' ? 'i' : t && t[0] == 'r' ? 'r' : t && t[0] == 'b' ? 'b' : 't';
	}
	v->k = kind;
	switch (kind) {
	case 'i': v->i = db_col_int(st, i); break;
	case 'r': v->d = db_col_double(st, i); break;
	case 'b': v->p = db_col_blob(st, i, &v->n); break;
	default:
		v->p = db_col_text(st, i);
		v->n = v->p ? strlen(v->p) : 0;
		break;
	}
}

static int bind_val(struct db_stmt *st, int i, const struct val *v)
{
	switch (v->k) {
	case 'i': return db_bind_int(st, i, v->i);
	case 'r': return db_bind_double(st, i, v->d);
	case 'b': return db_bind_blob(st, i, v->p ? v->p : "", v->n);
	case 't': return db_bind_textn(st, i, v->p ? v->p : "", v->n);
	default: return db_bind_null(st, i);
	}
}

static void hash_val(crypto_generichash_state *h, const struct val *v)
{
	char tmp[48];
	unsigned char len[8];
	size_t n = 0;
	const void *p = tmp;
	switch (v->k) {
	case 'i': n = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)v->i); break;
	case 'r': n = (size_t)snprintf(tmp, sizeof tmp, "%.17g", v->d); break;
	case 'n': break;
	default: p = v->p; n = v->n; break;
	}
	for (int k = 0; k < 8; k++)
		len[k] = (unsigned char)((uint64_t)n >> (8 * k));
	crypto_generichash_update(h, (const unsigned char *)&v->k, 1);
	crypto_generichash_update(h, len, sizeof len);
	if (n)
		crypto_generichash_update(h, p, n);
}

/* The kinds of cols on this side (PostgreSQL), or NULL if a column is
 * missing there. */
static char *col_kinds(struct xtab *t, const char **cols, int ncol)
{
	char *k = calloc((size_t)ncol + 1, 1);
	if (!k)
		return NULL;
	for (int i = 0; i < ncol; i++) {
		struct xcol *c = tab_col(t, cols[i]);
		if (!c) {
			free(k);
			return NULL;
		}
		k[i] = pg_kind(c->type);
	}
	return k;
}

/* Row count and checksum of cols of table t on one side.  0, 1 if a
 * column is missing on this side, -1 on failure. */
static int digest(struct db *db, struct xcat *cat, struct xtab *t, const char **cols, int ncol,
		  const char **pk, int npk, int64_t *rows, unsigned char out[32])
{
	struct buf sql = BUF_INIT;
	struct reader r;
	crypto_generichash_state h;
	char *kinds = col_kinds(t, cols, ncol);
	int rc;
	*rows = 0;
	if (!kinds)
		return 1;
	for (int k = 0; k < npk; k++)
		if (!tab_col(t, pk[k])) {
			free(kinds);
			return 1;
		}
	if (select_sql(&sql, cat, t, cols, ncol, pk, npk) < 0 || reader_open(&r, db, sql.s) < 0) {
		buf_release(&sql);
		free(kinds);
		return -1;
	}
	buf_release(&sql);
	crypto_generichash_init(&h, NULL, 0, 32);
	while ((rc = reader_next(&r)) == DB_ROW) {
		for (int k = 0; k < ncol; k++) {
			struct val v;
			read_val(r.st, cat->pg, kinds, k, &v);
			hash_val(&h, &v);
		}
		(*rows)++;
	}
	reader_close(&r);
	free(kinds);
	crypto_generichash_final(&h, out, 32);
	return rc == DB_DONE ? 0 : -1;
}

static int64_t count_rows(struct db *db, const char *table)
{
	struct buf b = BUF_INIT;
	struct db_stmt *st;
	int64_t n = -1;
	if (buf_adds(&b, "SELECT count(*) FROM ") < 0 || add_ident(&b, table) < 0) {
		buf_release(&b);
		return -1;
	}
	st = db_prepare(db, b.s);
	buf_release(&b);
	if (st && db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

void store_transfer_report_free(struct xfer_report *rep)
{
	for (int i = 0; i < rep->n; i++)
		free(rep->t[i].name);
	free(rep->t);
	memset(rep, 0, sizeof *rep);
}

static struct xfer_table *report_add(struct xfer_report *rep, const char *name)
{
	struct xfer_table *nt = realloc(rep->t, (size_t)(rep->n + 1) * sizeof *nt);
	if (!nt)
		return NULL;
	rep->t = nt;
	nt = &rep->t[rep->n];
	memset(nt, 0, sizeof *nt);
	if (!(nt->name = strdup(name)))
		return NULL;
	rep->n++;
	return nt;
}

/* ---- verification ------------------------------------------------------- */

int store_transfer_verify(struct db *src, struct db *dst, struct xfer_report *rep,
			  char *err, size_t errlen)
{
	struct xcat cs, cd;
	struct xtab **ord = NULL;
	int nord = 0, differ = 0, rc = -1;
	int64_t t0 = now_usec_mono();

	memset(rep, 0, sizeof *rep);
	if (cat_load(src, &cs, err, errlen) < 0)
		return -1;
	if (cat_load(dst, &cd, err, errlen) < 0) {
		cat_free(&cs);
		return -1;
	}
	if (copy_order(&cs, &ord, &nord) < 0 || db_begin_read(src) < 0)
		goto out;
	if (db_begin_read(dst) < 0) {
		db_rollback(src);
		goto out;
	}
	for (int i = 0; i < nord; i++) {
		struct xtab *ts = ord[i], *td = cat_find(&cd, ts->name);
		struct xfer_table *x = report_add(rep, ts->name);
		const char **cols, **pk;
		int ncol, npk, a, b;
		unsigned char hs[32], hd[32];
		if (!x || tab_columns(ts, &cols, &ncol, &pk, &npk) < 0) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		a = digest(src, &cs, ts, cols, ncol, pk, npk, &x->src_rows, hs);
		b = td ? digest(dst, &cd, td, cols, ncol, pk, npk, &x->dst_rows, hd) : 1;
		free(cols);
		free(pk);
		if (a < 0 || b < 0) {
			snprintf(err, errlen, "cannot read table %s: %s", ts->name,
				 db_errmsg(a < 0 ? src : dst));
			goto fail;
		}
		if (b == 1) {   /* the table or a column is missing in dst */
			x->dst_rows = td ? count_rows(dst, td->name) : -1;
			x->match = 0;
		} else
			x->match = x->src_rows == x->dst_rows && memcmp(hs, hd, 32) == 0;
		if (!x->match)
			differ = 1;
	}
	rc = differ;
fail:
	db_rollback(src);
	db_rollback(dst);
out:
	free(ord);
	cat_free(&cs);
	cat_free(&cd);
	rep->seconds = (double)(now_usec_mono() - t0) / 1e6;
	return rc;
}

/* ---- is the target empty? ----------------------------------------------- */

int store_transfer_check_empty(struct db *src, struct db *dst, char *err, size_t errlen)
{
	struct xcat cs, cd;
	struct db *fresh;
	enum log_level was = log_threshold;
	int applied, rc = 0;

	if (cat_load(src, &cs, err, errlen) < 0)
		return -1;
	if (cat_load(dst, &cd, err, errlen) < 0) {
		cat_free(&cs);
		return -1;
	}
	/* what the migrations alone put in a database (the clocks' rows) */
	fresh = db_open(":memory:", 1, err, errlen);
	if (!fresh) {
		cat_free(&cs);
		cat_free(&cd);
		return -1;
	}
	log_threshold = LOG_WARN;
	if (store_migrate(fresh, &applied) < 0) {
		log_threshold = was;
		snprintf(err, errlen, "cannot build a fresh schema to compare with");
		rc = -1;
		goto out;
	}
	log_threshold = was;
	if (db_begin_read(dst) < 0) {
		snprintf(err, errlen, "cannot read the target: %s", db_errmsg(dst));
		rc = -1;
		goto out;
	}
	for (int i = 0; i < cs.n && rc == 0; i++) {
		int64_t have, base;
		if (cs.t[i].derived || !cat_find(&cd, cs.t[i].name))
			continue;
		have = count_rows(dst, cs.t[i].name);
		base = count_rows(fresh, cs.t[i].name);
		if (have < 0) {
			snprintf(err, errlen, "cannot count %s: %s", cs.t[i].name, db_errmsg(dst));
			rc = -1;
		} else if (have > (base > 0 ? base : 0)) {
			snprintf(err, errlen, "the target is not empty: table %s holds %lld rows"
				 " (give an empty database, or one holding only the schema that"
				 " the migrations make; `shenrong init` also loads a community)",
				 cs.t[i].name, (long long)have);
			rc = 1;
		}
	}
out:
	db_rollback(dst);
	db_close(fresh);
	cat_free(&cs);
	cat_free(&cd);
	return rc;
}

/* ---- the copy ----------------------------------------------------------- */

static int exec_buf(struct db *db, struct buf *b)
{
	int rc = db_exec(db, b->s);
	buf_reset(b);
	return rc;
}

static struct db_stmt *insert_stmt(struct db *db, const char *table, const char **cols,
				   int ncol, int nrows)
{
	struct buf b = BUF_INIT;
	struct db_stmt *st;
	int rc = buf_adds(&b, "INSERT INTO ") | add_ident(&b, table) | buf_adds(&b, " (");
	for (int k = 0; k < ncol; k++)
		rc |= (k ? buf_adds(&b, ", ") : 0) | add_ident(&b, cols[k]);
	rc |= buf_adds(&b, ") VALUES ");
	for (int r = 0; r < nrows; r++) {
		rc |= buf_adds(&b, r ? ", (" : "(");
		for (int k = 0; k < ncol; k++)
			rc |= buf_adds(&b, k ? ", ?" : "?");
		rc |= buf_addch(&b, ')');
	}
	st = rc ? NULL : db_prepare(db, b.s);
	buf_release(&b);
	return st;
}

/* Copies one table; *rows counts them.  Runs inside the source's read
 * snapshot, so the row count read first is the number the copy sees. */
static int copy_table(struct db *src, struct xcat *cs, struct xtab *ts, struct db *dst,
		      struct xtab *td, int64_t *rows, char *err, size_t errlen)
{
	const char **cols = NULL, **pk = NULL, **ins = NULL;
	char *kinds = NULL;
	int ncol, npk, nins = 0, batch, inrow = 0, rc = DB_ERR, opened = 0;
	int64_t total, rem;
	struct buf sql = BUF_INIT;
	struct db_stmt *full = NULL, *tail = NULL;
	struct reader r;
	int ret = -1;

	*rows = 0;
	if (tab_columns(ts, &cols, &ncol, &pk, &npk) < 0 ||
	    !(ins = calloc((size_t)ncol + 1, sizeof *ins))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* the columns the target stores (its generated ones it computes) */
	for (int k = 0; k < ncol; k++) {
		struct xcol *c = tab_col(td, cols[k]);
		if (!c) {
			snprintf(err, errlen, "table %s: the target has no column %s", ts->name, cols[k]);
			goto out;
		}
		if (!c->gen)
			ins[nins++] = cols[k];
	}
	if (!nins) {
		snprintf(err, errlen, "table %s: no columns to copy", ts->name);
		goto out;
	}
	if (cs->pg && !(kinds = col_kinds(ts, ins, nins))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((total = count_rows(src, ts->name)) < 0) {
		snprintf(err, errlen, "table %s: cannot count its rows: %s", ts->name, db_errmsg(src));
		goto out;
	}
	if (!total) {
		ret = 0;
		goto out;
	}
	batch = MAX_BATCH_PARAMS / nins;
	batch = batch < 1 ? 1 : batch > MAX_BATCH_ROWS ? MAX_BATCH_ROWS : batch;
	rem = total % batch;
	if ((total >= batch && !(full = insert_stmt(dst, td->name, ins, nins, batch))) ||
	    (rem && !(tail = insert_stmt(dst, td->name, ins, nins, (int)rem)))) {
		snprintf(err, errlen, "table %s: cannot prepare the insert: %s", ts->name,
			 db_errmsg(dst));
		goto out;
	}
	if (select_sql(&sql, cs, ts, ins, nins, pk, npk) < 0 || reader_open(&r, src, sql.s) < 0) {
		snprintf(err, errlen, "table %s: cannot read it: %s", ts->name, db_errmsg(src));
		goto out;
	}
	opened = 1;
	while ((rc = reader_next(&r)) == DB_ROW) {
		struct db_stmt *cur = *rows < total - rem ? full : tail;
		int size = cur == full ? batch : (int)rem;
		if (*rows >= total) {
			rc = DB_ERR;
			break;
		}
		for (int k = 0; k < nins && rc == DB_ROW; k++) {
			struct val v;
			read_val(r.st, cs->pg, kinds, k, &v);
			if (bind_val(cur, inrow * nins + k + 1, &v) < 0)
				rc = DB_ERR;
		}
		if (rc != DB_ROW)
			break;
		(*rows)++;
		if (++inrow == size) {
			if (db_run(cur) < 0) {
				rc = DB_ERR;
				break;
			}
			inrow = 0;
		}
	}
	if (rc == DB_DONE && (*rows != total || inrow)) {
		snprintf(err, errlen, "table %s: read %lld rows of %lld", ts->name,
			 (long long)*rows, (long long)total);
		goto out;
	}
	if (rc != DB_DONE) {
		snprintf(err, errlen, "table %s: copy failed: %s / %s", ts->name, db_errmsg(dst),
			 db_errmsg(src));
		goto out;
	}
	ret = 0;
out:
	if (opened)
		reader_close(&r);
	buf_release(&sql);
	db_finalize(full);
	db_finalize(tail);
	free(kinds);
	free(ins);
	free(cols);
	free(pk);
	return ret;
}

/* SQLite has no switch for triggers: the target's are dropped inside the
 * copy's transaction and created again from their own SQL before it
 * commits. */
struct saved_triggers {
	char **sql;
	int n;
};

static void triggers_free(struct saved_triggers *tr)
{
	for (int i = 0; i < tr->n; i++)
		free(tr->sql[i]);
	free(tr->sql);
	memset(tr, 0, sizeof *tr);
}

static int triggers_drop(struct db *db, struct saved_triggers *tr)
{
	struct db_stmt *st = db_prepare(db, "SELECT name, sql FROM sqlite_master"
					" WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name");
	struct buf b = BUF_INIT;
	char **names = NULL;
	int rc, n = 0, ret = -1;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		char **ns = realloc(names, (size_t)(n + 1) * sizeof *ns);
		char **ss = ns ? realloc(tr->sql, (size_t)(tr->n + 1) * sizeof *ss) : NULL;
		if (ns)
			names = ns;
		if (ss)
			tr->sql = ss;
		if (!ns || !ss || !(names[n] = dup_col(st, 0))) {
			rc = DB_ERR;
			break;
		}
		n++;
		if (!(tr->sql[tr->n] = dup_col(st, 1))) {
			rc = DB_ERR;
			break;
		}
		tr->n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		goto out;
	for (int i = 0; i < n; i++)
		if (buf_adds(&b, "DROP TRIGGER ") < 0 || add_ident(&b, names[i]) < 0 ||
		    exec_buf(db, &b) < 0)
			goto out;
	ret = 0;
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_release(&b);
	return ret;
}

static int triggers_restore(struct db *db, struct saved_triggers *tr)
{
	for (int i = 0; i < tr->n; i++)
		if (db_exec(db, tr->sql[i]) < 0)
			return -1;
	return 0;
}

/* PostgreSQL without a superuser (session_replication_role is not allowed):
 * the table owner may switch its tables' own triggers off and drop its
 * foreign keys, inside the transaction; both come back (and the keys are
 * checked over all the rows) from the catalogue's own definitions before
 * it commits. */
static int saved_add(struct saved_triggers *tr, struct buf *b)
{
	char **ns = realloc(tr->sql, (size_t)(tr->n + 1) * sizeof *ns);
	if (!ns)
		return -1;
	tr->sql = ns;
	if (!(tr->sql[tr->n] = strdup(b->s)))
		return -1;
	tr->n++;
	buf_reset(b);
	return 0;
}

static int pg_owner_off(struct db *db, struct xtab **ord, int nord, struct saved_triggers *tr)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
		" JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
		" WHERE k.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2");
	struct buf drop = BUF_INIT, b = BUF_INIT;
	int rc, ret = -1;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0), *k = db_col_text(st, 1), *def = db_col_text(st, 2);
		if (buf_adds(&drop, "ALTER TABLE ") < 0 || add_ident(&drop, t) < 0 ||
		    buf_adds(&drop, " DROP CONSTRAINT ") < 0 || add_ident(&drop, k) < 0 ||
		    buf_adds(&drop, ";") < 0 ||
		    buf_adds(&b, "ALTER TABLE ") < 0 || add_ident(&b, t) < 0 ||
		    buf_adds(&b, " ADD CONSTRAINT ") < 0 || add_ident(&b, k) < 0 ||
		    buf_addch(&b, ' ') < 0 || buf_adds(&b, def) < 0 || saved_add(tr, &b) < 0) {
			rc = DB_ERR;
			break;
		}
	}
	db_finalize(st);
	if (rc != DB_DONE || (drop.len && db_exec(db, drop.s) < 0))
		goto out;
	for (int i = 0; i < nord; i++) {
		buf_reset(&drop);
		if (buf_adds(&drop, "ALTER TABLE ") < 0 || add_ident(&drop, ord[i]->name) < 0 ||
		    buf_adds(&drop, " DISABLE TRIGGER USER") < 0 || db_exec(db, drop.s) < 0 ||
		    buf_adds(&b, "ALTER TABLE ") < 0 || add_ident(&b, ord[i]->name) < 0 ||
		    buf_adds(&b, " ENABLE TRIGGER USER") < 0 || saved_add(tr, &b) < 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&drop);
	buf_release(&b);
	return ret;
}

/* After the copy: the target's derived tables.  PostgreSQL: the vectors
 * (queued now, filled by the driver before COMMIT) and the identity
 * sequences; SQLite: the FTS5 indexes over their content tables. */
static int rebuild_derived(struct db *dst, struct xcat *cd, struct xtab **ord, int nord,
			   int superuser)
{
	struct buf b = BUF_INIT;
	int rc = 0;
	if (cd->pg) {
		/* triggers back on for the index work; the data is in */
		if ((superuser && db_exec(dst, "SET LOCAL session_replication_role = origin") < 0) ||
		    pg_fts_rebuild(dst, FTS_INSTRUMENT) < 0)
			return -1;
		for (int i = 0; i < nord && rc == 0; i++) {
			struct xtab *t = cat_find(cd, ord[i]->name);
			for (int k = 0; t && k < t->nc && rc == 0; k++) {
				struct db_stmt *st;
				if (!t->c[k].ident)
					continue;
				rc = buf_adds(&b, "SELECT setval(pg_get_serial_sequence(?, ?),"
					      " coalesce(max(") | add_ident(&b, t->c[k].name) |
				     buf_adds(&b, "), 0) + 1, false) FROM ") | add_ident(&b, t->name);
				st = rc ? NULL : db_prepare(dst, b.s);
				buf_reset(&b);
				if (!st)
					rc = -1;
				else {
					/* the table as an identifier, the column as it is */
					rc = add_ident(&b, t->name);
					if (rc == 0 && (db_bind_text(st, 1, b.s) < 0 ||
							db_bind_text(st, 2, t->c[k].name) < 0 ||
							db_step(st) != DB_ROW))
						rc = -1;
					buf_reset(&b);
					db_finalize(st);
				}
			}
		}
	} else {
		for (int i = 0; i < cd->n && rc == 0; i++) {
			if (!cd->t[i].fts_ext)
				continue;
			rc = buf_adds(&b, "INSERT INTO ") | add_ident(&b, cd->t[i].name) |
			     buf_adds(&b, "(") | add_ident(&b, cd->t[i].name) |
			     buf_adds(&b, ") VALUES ('rebuild')");
			if (rc == 0)
				rc = exec_buf(dst, &b);
		}
	}
	buf_release(&b);
	return rc < 0 ? -1 : 0;
}

int store_transfer_copy(struct db *src, struct db *dst, struct xfer_report *rep,
			char *err, size_t errlen)
{
	struct xcat cs, cd;
	struct xtab **ord = NULL;
	struct saved_triggers tr = { 0 };
	struct buf b = BUF_INIT;
	int nord = 0, ret = -1, in_src = 0, in_dst = 0, superuser = 0, rc;
	int64_t t0 = now_usec_mono();

	memset(rep, 0, sizeof *rep);
	if (cat_load(src, &cs, err, errlen) < 0)
		return -1;
	if (cat_load(dst, &cd, err, errlen) < 0) {
		cat_free(&cs);
		return -1;
	}
	if (copy_order(&cs, &ord, &nord) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (int i = 0; i < nord; i++)
		if (!cat_find(&cd, ord[i]->name)) {
			snprintf(err, errlen, "the target has no table %s (is it at the same schema"
				 " version as the source?)", ord[i]->name);
			goto out;
		}
	if (db_begin_read(src) < 0) {
		snprintf(err, errlen, "cannot read the source: %s", db_errmsg(src));
		goto out;
	}
	in_src = 1;
	if (db_begin(dst) < 0) {
		snprintf(err, errlen, "cannot write the target: %s", db_errmsg(dst));
		goto out;
	}
	in_dst = 1;
	if (cd.pg) {
		superuser = db_scalar_int(db_stmt(dst, "SELECT current_setting('is_superuser') = 'on'"),
					  0) == 1;
		rc = superuser ? db_exec(dst, "SET LOCAL session_replication_role = replica")
			       : pg_owner_off(dst, ord, nord, &tr);
	} else
		rc = triggers_drop(dst, &tr) < 0 || db_exec(dst, "PRAGMA defer_foreign_keys = ON") < 0
		     ? -1 : 0;
	if (rc < 0) {
		snprintf(err, errlen, "cannot switch the target's triggers off: %s",
			 db_errmsg(dst));
		goto out;
	}
	/* what the target's migrations put there (the clocks' rows) */
	for (int i = nord - 1; i >= 0; i--)
		if (buf_adds(&b, "DELETE FROM ") < 0 || add_ident(&b, ord[i]->name) < 0 ||
		    exec_buf(dst, &b) < 0) {
			snprintf(err, errlen, "cannot empty %s: %s", ord[i]->name, db_errmsg(dst));
			goto out;
		}
	for (int i = 0; i < nord; i++) {
		struct xfer_table *x = report_add(rep, ord[i]->name);
		int64_t t1 = now_usec_mono();
		if (!x) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (copy_table(src, &cs, ord[i], dst, cat_find(&cd, ord[i]->name), &x->src_rows,
			       err, errlen) < 0)
			goto out;
		x->dst_rows = x->src_rows;
		x->match = 1;
		x->seconds = (double)(now_usec_mono() - t1) / 1e6;
		rep->rows += x->src_rows;
	}
	/* SQLite's triggers, or PostgreSQL's keys and triggers for an owner */
	if (triggers_restore(dst, &tr) < 0) {
		snprintf(err, errlen, "cannot switch the target's triggers and keys back on: %s",
			 db_errmsg(dst));
		goto out;
	}
	if (rebuild_derived(dst, &cd, ord, nord, superuser) < 0) {
		snprintf(err, errlen, "cannot rebuild the target's indexes: %s", db_errmsg(dst));
		goto out;
	}
	in_dst = 0;
	if (db_commit(dst) < 0) {
		snprintf(err, errlen, "the copy did not commit: %s", db_errmsg(dst));
		goto out;
	}
	/* a bulk load leaves the planner no statistics, and on PostgreSQL
	 * every row's visibility still to be settled by its first readers:
	 * the first searches would pay for it until autovacuum came round */
	if (db_exec(dst, DB_SQL(dst, "ANALYZE", "VACUUM ANALYZE")) < 0)
		log_warn("migrate-data: ANALYZE of the target failed: %s", db_errmsg(dst));
	ret = 0;
out:
	if (in_dst)
		db_rollback(dst);
	if (in_src)
		db_rollback(src);
	buf_release(&b);
	triggers_free(&tr);
	free(ord);
	cat_free(&cs);
	cat_free(&cd);
	rep->seconds = (double)(now_usec_mono() - t0) / 1e6;
	return ret;
}

/* ---- backups: SQLite ---------------------------------------------------- */

static int64_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

/* Removes a database file's WAL and shared-memory files. */
static void unlink_sidecars(const char *path)
{
	char p[4096];
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

static int lite_count_tables(sqlite3 *h)
{
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Copies every page of from into to in one step (a consistent snapshot:
 * the source is read in one read transaction). */
static int lite_copy(sqlite3 *to, sqlite3 *from, char *err, size_t errlen)
{
	sqlite3_backup *bk = sqlite3_backup_init(to, "main", from, "main");
	int rc;
	if (!bk) {
		snprintf(err, errlen, "cannot start the copy: %s", sqlite3_errmsg(to));
		return -1;
	}
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(bk, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 100)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "the copy failed: %s", sqlite3_errstr(rc));
		return -1;
	}
	if (sqlite3_errcode(to) != SQLITE_OK && sqlite3_errcode(to) != SQLITE_DONE) {
		snprintf(err, errlen, "the copy failed: %s", sqlite3_errmsg(to));
		return -1;
	}
	return 0;
}

static int lite_backup(const char *path, const char *file, struct backup_info *bi,
		       char *err, size_t errlen)
{
	char tmp[4096];
	struct db *db;
	sqlite3 *out = NULL;
	int ret = -1;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.partial", file) >= sizeof tmp) {
		snprintf(err, errlen, "file name too long");
		return -1;
	}
	if (!(db = db_open(path, 0, err, errlen)))
		return -1;
	unlink(tmp);
	unlink_sidecars(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "cannot create %s: %s", tmp,
			 out ? sqlite3_errmsg(out) : "out of memory");
		goto out;
	}
	if (lite_copy(out, db_handle(db), err, errlen) < 0)
		goto out;
	/* one self-contained file, whatever the source's journal mode */
	if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot finish %s: %s", tmp, sqlite3_errmsg(out));
		goto out;
	}
	bi->tables = lite_count_tables(out);
	if (sqlite3_close(out) != SQLITE_OK) {
		snprintf(err, errlen, "cannot close %s", tmp);
		out = NULL;
		goto out;
	}
	out = NULL;
	unlink_sidecars(file);
	if (rename(tmp, file) < 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, file, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (out)
		sqlite3_close(out);
	if (ret < 0) {
		unlink(tmp);
		unlink_sidecars(tmp);
	}
	db_close(db);
	return ret;
}

static int lite_restore(const char *path, const char *file, struct backup_info *bi,
			char *err, size_t errlen)
{
	sqlite3 *in = NULL;
	sqlite3_stmt *st = NULL;
	struct db *db = NULL;
	int ret = -1;

	if (sqlite3_open_v2(file, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", file,
			 in ? sqlite3_errmsg(in) : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(in, "SELECT max(version) FROM schema_migrations", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "%s is not a Shenrong backup: %s", file, sqlite3_errmsg(in));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	bi->tables = lite_count_tables(in);
	if (!(db = db_open(path, 1, err, errlen)))
		goto out;
	if (lite_copy(db_handle(db), in, err, errlen) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	if (in)
		sqlite3_close(in);
	db_close(db);
	return ret;
}

/* ---- backups: PostgreSQL ------------------------------------------------ */

/* The full path of a PostgreSQL client program: on PATH, else the newest
 * under /usr/lib/postgresql/N/bin. */
static int find_tool(const char *name, char *out, size_t outlen)
{
	const char *path = getenv("PATH");
	char pat[256];
	glob_t g;
	int found = 0;
	while (path && *path) {
		size_t n = strcspn(path, ":");
		if (n && (size_t)snprintf(out, outlen, "%.*s/%s", (int)n, path, name) < outlen &&
		    access(out, X_OK) == 0)
			return 0;
		path += n;
		if (*path == ':')
			path++;
	}
	snprintf(pat, sizeof pat, "/usr/lib/postgresql/*/bin/%s", name);
	if (glob(pat, 0, NULL, &g) == 0) {
		int best = -1;
		long bestv = -1;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			long v = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), NULL, 10);
			if (v > bestv && access(g.gl_pathv[i], X_OK) == 0) {
				bestv = v;
				best = (int)i;
			}
		}
		if (best >= 0 && (size_t)snprintf(out, outlen, "%s", g.gl_pathv[best]) < outlen)
			found = 1;
		globfree(&g);
	}
	return found ? 0 : -1;
}

/* Runs argv[0] (a full path) with argv, no shell; its messages go to our
 * stderr.  0 if it exited 0. */
static int run_tool(char *const argv[], char *err, size_t errlen)
{
	int status;
	pid_t pid;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "waiting for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(err, errlen, "%s failed (exit status %d)", argv[0], WEXITSTATUS(status));
	else
		snprintf(err, errlen, "%s was killed by signal %d", argv[0],
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* Tables in the database (after a restore, or to report a dump). */
static int pg_count_tables(const char *url)
{
	char err[256];
	struct db *db = db_open(url, 0, err, sizeof err);
	int n;
	if (!db)
		return -1;
	n = (int)db_scalar_int(db_stmt(db, "SELECT count(*) FROM pg_class c"
				       " JOIN pg_namespace n ON n.oid = c.relnamespace"
				       " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"), -1);
	db_close(db);
	return n;
}

static int pg_backup(const char *url, const char *file, struct backup_info *bi,
		     char *err, size_t errlen)
{
	char tool[1024], tmp[4096];
	char *argv[10];
	int i = 0;
	if (find_tool("pg_dump", tool, sizeof tool) < 0) {
		snprintf(err, errlen, "pg_dump not found on PATH or in /usr/lib/postgresql/*/bin"
			 " (Debian package postgresql-client)");
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.partial", file) >= sizeof tmp) {
		snprintf(err, errlen, "file name too long");
		return -1;
	}
	bi->tables = pg_count_tables(url);
	argv[i++] = tool;
	argv[i++] = (char *)"--format=custom";
	argv[i++] = (char *)"--no-password";
	argv[i++] = (char *)"--file";
	argv[i++] = tmp;
	argv[i++] = (char *)"--dbname";
	argv[i++] = (char *)url;
	argv[i] = NULL;
	unlink(tmp);
	if (run_tool(argv, err, errlen) < 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, file) < 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int pg_restore_file(const char *url, const char *file, struct backup_info *bi,
			   char *err, size_t errlen)
{
	char tool[1024];
	char *argv[14];
	int i = 0;
	if (find_tool("pg_restore", tool, sizeof tool) < 0) {
		snprintf(err, errlen, "pg_restore not found on PATH or in /usr/lib/postgresql/*/bin"
			 " (Debian package postgresql-client)");
		return -1;
	}
	argv[i++] = tool;
	argv[i++] = (char *)"--clean";
	argv[i++] = (char *)"--if-exists";
	argv[i++] = (char *)"--no-owner";
	argv[i++] = (char *)"--no-password";
	argv[i++] = (char *)"--single-transaction";
	argv[i++] = (char *)"--exit-on-error";
	argv[i++] = (char *)"--dbname";
	argv[i++] = (char *)url;
	argv[i++] = (char *)file;
	argv[i] = NULL;
	if (run_tool(argv, err, errlen) < 0)
		return -1;
	bi->tables = pg_count_tables(url);
	return 0;
}

/* ---- the two entry points ----------------------------------------------- */

int store_backup(const char *db, const char *file, int force, struct backup_info *bi,
		 char *err, size_t errlen)
{
	int64_t t0 = now_usec_mono();
	int rc;
	memset(bi, 0, sizeof *bi);
	if (!force && access(file, F_OK) == 0) {
		snprintf(err, errlen, "%s exists (--force replaces it)", file);
		return 1;
	}
	rc = db_is_url(db) ? pg_backup(db, file, bi, err, errlen)
			   : lite_backup(db, file, bi, err, errlen);
	if (rc == 0)
		bi->bytes = file_size(file);
	bi->seconds = (double)(now_usec_mono() - t0) / 1e6;
	return rc;
}

int store_restore(const char *db, const char *file, int force, struct backup_info *bi,
		  char *err, size_t errlen)
{
	int64_t t0 = now_usec_mono();
	int rc;
	memset(bi, 0, sizeof *bi);
	if (access(file, R_OK) != 0) {
		snprintf(err, errlen, "cannot read %s: %s", file, strerror(errno));
		return -1;
	}
	if (!force && store_exists(db)) {
		snprintf(err, errlen, "%s %s (--force replaces it)", db,
			 db_is_url(db) ? "holds a schema already" : "exists");
		return 1;
	}
	bi->bytes = file_size(file);
	rc = db_is_url(db) ? pg_restore_file(db, file, bi, err, errlen)
			   : lite_restore(db, file, bi, err, errlen);
	bi->seconds = (double)(now_usec_mono() - t0) / 1e6;
	return rc;
}
