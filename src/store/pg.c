/*
 * pg.c — the PostgreSQL implementation of db.h, through libpq.
 *
 * The store's SQL is written once with SQLite's `?` and `?N` placeholders;
 * each statement is translated once per connection (cached by the SQL
 * literal's address, like sqlite.c) into `$N` form, and run with
 * PQexecParams: one round trip, values always sent as parameters.
 *
 * Types: PostgreSQL infers a parameter's type from where it stands, so text
 * and integers go as untyped text (an integer beyond 32 bits as int8: the
 * server would take a bare `? - 1` for int4); doubles go as float8 (an untyped "0.5"
 * would not parse where an integer column stands beside it), blobs as
 * binary bytea.  `? IS [NOT] NULL` gives the server no type to infer (the
 * store's "(?1 IS NULL OR col = ?1)" filters): such a test is decided here,
 * from what was bound, and sent as TRUE or FALSE.
 *
 * Transactions: a write transaction takes one transaction-level advisory
 * lock, the same on every server, so writers run one at a time across the
 * whole deployment, as SQLite's BEGIN IMMEDIATE makes them on one machine;
 * the invariants the store keeps by reading then writing hold unchanged.
 * The database's own constraints (the bookings' exclusion constraint among
 * them) still stand behind that.  Before COMMIT the text-search vectors
 * of the rows the transaction changed are filled (pg_fts.h).
 *
 * A statement from db_stmt() (cached) is prepared on the server once and
 * then run by name; one assembled with db_prepare() is parsed each time.
 * Results are read whole and stepped row by row; text
 * format throughout, so db_col_text() is the server's own rendering and the
 * numeric readers parse it (booleans 't'/'f' read as 1/0).
 */
#include <libpq-fe.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "store/db_impl.h"
#include "store/pg_fts.h"
#include "core/banned.h"

#define CACHE_SLOTS 512
#define MAX_PARAMS 1024
#define WRITE_LOCK_KEY "7263012345"   /* pg_advisory_xact_lock: the writers' lock */

#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701
#define OID_BYTEA 17

static const struct db_ops pg_ops;

struct param {
	char *val;        /* owned; NULL is SQL NULL */
	int len;
	int fmt;          /* 0 text, 1 binary */
	unsigned type;    /* Oid; 0 = let the server infer */
	char kind;        /* 'i' int, 'd' double, 's' text, 'b' blob, 'n' null */
};

struct nulltest {
	size_t start, end;      /* "$N IS [NOT] NULL" in sql */
	int num, neg;
};

struct db_stmt {
	const struct db_ops *ops;
	struct db *db;
	char *sql;              /* translated, $N placeholders */
	int nparams;
	unsigned char *nullonly; /* [nparams]: only in IS [NOT] NULL, or nowhere */
	struct nulltest *nt;    /* the IS [NOT] NULL tests of parameters */
	int nnt;
	int cached;             /* from db_stmt(): worth preparing on the server */
	char *sig;              /* the parameter types it was prepared with */
	char name[24];          /* its name there, once prepared */
	struct param *p;
	PGresult *res;
	int row, nrows;
	unsigned char **blob;   /* decoded bytea by column, until the next step */
	int nblob;
};

struct db {
	struct db_base base;
	PGconn *c;
	unsigned prepared;      /* statements prepared on the server so far */
	int changes;
	char err[512];
	struct {
		const char *sql;
		struct db_stmt *s;
	} cache[CACHE_SLOTS];
};

/* ---- errors ------------------------------------------------------------- */

static int map_result(struct db *db, PGresult *r)
{
	const char *state;
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return DB_OK;
	snprintf(db->err, sizeof db->err, "%s",
		 r ? PQresultErrorMessage(r) : PQerrorMessage(db->c));
	db->err[strcspn(db->err, "\n")] = '\0';
	state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		      strcmp(state, "55P03") == 0)) {
		log_warn("db: busy: %s", db->err);
		return DB_BUSY;
	}
	log_warn("db: %s", db->err);
	return DB_ERR;
}

/* ---- connection --------------------------------------------------------- */

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;   /* NOTICEs (IF NOT EXISTS ...) are not ours to print */
}

struct db *pg_open(const char *conninfo, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof *db);
	PGresult *r;
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	db->base.ops = &pg_ops;
	db->c = PQconnectdb(conninfo);
	if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
			 db->c ? PQerrorMessage(db->c) : "out of memory");
		err[strcspn(err, "\n")] = '\0';
		goto fail;
	}
	PQsetNoticeProcessor(db->c, quiet_notice, NULL);
	/* UTC, UTF-8, and byte order for text: the same answers as SQLite */
	r = PQexec(db->c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
			  " SET standard_conforming_strings = on;"
			  " SET default_transaction_isolation = 'read committed';"
			  /* prepared statements are planned for their values each
			   * time: a generic plan for "due_at <= $1 LIMIT 1" scans
			   * the whole table for the few rows a partial index holds */
			  " SET plan_cache_mode = force_custom_plan;"
			  /* many short requests at once: a parallel worker per
			   * query costs more to start than it saves */
			  " SET max_parallel_workers_per_gather = 0");
	if (map_result(db, r) != DB_OK) {
		snprintf(err, errlen, "cannot configure the PostgreSQL session: %s", db->err);
		PQclear(r);
		goto fail;
	}
	PQclear(r);
	return db;
fail:
	if (db->c)
		PQfinish(db->c);
	free(db);
	return NULL;
}

static void stmt_free(struct db_stmt *st);

static void pg_close(struct db *db)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i].sql)
			stmt_free(db->cache[i].s);
	PQfinish(db->c);
	free(db);
}

static int pg_exec(struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->c, sql);
	int rc = map_result(db, r);
	PQclear(r);
	return rc == DB_OK ? DB_OK : rc == DB_BUSY ? DB_BUSY : DB_ERR;
}

/* ---- transactions ------------------------------------------------------- */

static int pg_begin(struct db *db, int write)
{
	int rc;
	/* a reader gets a snapshot for the whole transaction, as on SQLite */
	rc = pg_exec(db, write ? "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")"
			       : "BEGIN ISOLATION LEVEL REPEATABLE READ");
	if (rc != DB_OK && PQtransactionStatus(db->c) != PQTRANS_IDLE)
		pg_exec(db, "ROLLBACK");
	return rc;
}

static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(db->c) != PQTRANS_IDLE)
		pg_exec(db, "ROLLBACK");
}

static int pg_commit(struct db *db, int wrote)
{
	int rc;
	if (PQtransactionStatus(db->c) == PQTRANS_INERROR)
		return error("db: commit of a failed transaction; rolled back");
	if (wrote && (rc = pg_fts_precommit(db)) != DB_OK)
		return rc;
	return pg_exec(db, "COMMIT");
}

/* ---- statements --------------------------------------------------------- */

static int word_at(const char *s, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(s, w, n) == 0 && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* After a placeholder: the length of " IS NULL" or " IS NOT NULL" if one
 * follows (0 if not); *neg is set for IS NOT NULL. */
static size_t is_null_test(const char *from, int *neg)
{
	const char *s = from;
	*neg = 0;
	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	if (!word_at(s, "IS"))
		return 0;
	s += 2;
	while (*s == ' ')
		s++;
	if (word_at(s, "NOT")) {
		*neg = 1;
		s += 3;
		while (*s == ' ')
			s++;
	}
	if (!word_at(s, "NULL"))
		return 0;
	return (size_t)(s + 4 - from);
}

/* `?` / `?N` to `$N`, outside quotes and comments.  Also notes which
 * parameters appear only in IS [NOT] NULL tests. */
static struct db_stmt *translate(struct db *db, const char *sql)
{
	size_t n = strlen(sql), o = 0;
	struct db_stmt *st = calloc(1, sizeof *st);
	unsigned char seen_other[MAX_PARAMS + 1] = { 0 };
	int maxp = 0;
	if (!st || !(st->sql = malloc(n * 2 + 16)))
		goto oom;
	for (size_t i = 0; i < n;) {
		char c = sql[i];
		if (c == '\'' || c == '"') {
			size_t j = i + 1;
			while (j < n && sql[j] != c)
				j++;
			j = j < n ? j + 1 : n;
			memcpy(st->sql + o, sql + i, j - i);
			o += j - i;
			i = j;
		} else if (c == '-' && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				st->sql[o++] = sql[i++];
		} else if (c == '?') {
			int num, neg;
			size_t tl;
			i++;
			if (isdigit((unsigned char)sql[i])) {
				num = 0;
				while (isdigit((unsigned char)sql[i]) && num <= MAX_PARAMS)
					num = num * 10 + (sql[i++] - '0');
			} else
				num = maxp + 1;
			if (num < 1 || num > MAX_PARAMS) {
				error("db: placeholder out of range in: %s", sql);
				goto fail;
			}
			if (num > maxp)
				maxp = num;
			tl = is_null_test(sql + i, &neg);
			if (tl) {
				struct nulltest *nn = realloc(st->nt, (size_t)(st->nnt + 1) * sizeof *nn);
				if (!nn)
					goto oom;
				st->nt = nn;
				nn[st->nnt].start = o;
				nn[st->nnt].num = num;
				nn[st->nnt].neg = neg;
			} else {
				seen_other[num] = 1;
			}
			o += (size_t)snprintf(st->sql + o, 8, "$%d", num);
			if (tl) {
				memcpy(st->sql + o, sql + i, tl);
				o += tl;
				i += tl;
				st->nt[st->nnt++].end = o;
			}
		} else
			st->sql[o++] = sql[i++];
	}
	st->sql[o] = '\0';
	st->ops = &pg_ops;
	st->db = db;
	st->nparams = maxp;
	if (maxp) {
		st->p = calloc((size_t)maxp, sizeof *st->p);
		st->nullonly = calloc((size_t)maxp, 1);
		if (!st->p || !st->nullonly)
			goto oom;
		for (int k = 1; k <= maxp; k++)
			st->nullonly[k - 1] = !seen_other[k];
	}
	return st;
oom:
	error("db: out of memory");
fail:
	stmt_free(st);
	return NULL;
}

static void clear_params(struct db_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->p[i].val);
		memset(&st->p[i], 0, sizeof st->p[i]);
	}
}

static void clear_blobs(struct db_stmt *st)
{
	for (int i = 0; i < st->nblob; i++)
		PQfreemem(st->blob[i]);
	free(st->blob);
	st->blob = NULL;
	st->nblob = 0;
}

static void clear_result(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	clear_blobs(st);
}

static void stmt_free(struct db_stmt *st)
{
	if (!st)
		return;
	clear_result(st);
	if (st->p)
		clear_params(st);
	free(st->p);
	free(st->nullonly);
	free(st->nt);
	free(st->sig);
	free(st->sql);
	free(st);
}

static struct db_stmt *pg_stmt(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull;
	size_t i = (h >> 20) & (CACHE_SLOTS - 1);
	for (size_t k = 0; k < CACHE_SLOTS; k++, i = (i + 1) & (CACHE_SLOTS - 1)) {
		if (db->cache[i].sql == sql)
			return db->cache[i].s;
		if (!db->cache[i].sql) {
			struct db_stmt *st = translate(db, sql);
			if (!st)
				return NULL;
			st->cached = 1;
			db->cache[i].sql = sql;
			db->cache[i].s = st;
			return st;
		}
	}
	error("db: statement cache full");
	return NULL;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	return translate(db, sql);
}

static void pg_finalize(struct db_stmt *st)
{
	stmt_free(st);
}

static void pg_done(struct db_stmt *st)
{
	clear_result(st);
	clear_params(st);
}

static struct param *slot(struct db_stmt *st, int i)
{
	if (i < 1 || i > st->nparams)
		return NULL;   /* as SQLITE_RANGE: the caller's variant lacks it */
	free(st->p[i - 1].val);
	memset(&st->p[i - 1], 0, sizeof st->p[i - 1]);
	return &st->p[i - 1];
}

static int pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
	struct param *p = slot(st, i);
	char tmp[24];
	if (!p)
		return -1;
	p->len = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	if (!(p->val = strdup(tmp)))
		return -1;
	p->kind = 'i';
	/* untyped, the server may take `? - 1296000` for int4: a value that
	 * does not fit says int8 itself */
	if (v > INT32_MAX || v < INT32_MIN)
		p->type = OID_INT8;
	return 0;
}

static int pg_bind_double(struct db_stmt *st, int i, double v)
{
	struct param *p = slot(st, i);
	char tmp[40];
	if (!p)
		return -1;
	p->len = snprintf(tmp, sizeof tmp, "%.17g", v);
	if (!(p->val = strdup(tmp)))
		return -1;
	p->kind = 'd';
	p->type = OID_FLOAT8;
	return 0;
}

static int pg_bind_textn(struct db_stmt *st, int i, const char *s, size_t n)
{
	struct param *p = slot(st, i);
	if (!p || n > 0x7fffffff || !(p->val = malloc(n + 1)))
		return -1;
	memcpy(p->val, s, n);
	p->val[n] = '\0';
	p->len = (int)n;
	p->kind = 's';
	return 0;
}

static int pg_bind_blob(struct db_stmt *st, int i, const void *b, size_t n)
{
	struct param *p = slot(st, i);
	if (!p || n > 0x7fffffff || !(p->val = malloc(n ? n : 1)))
		return -1;
	if (n)
		memcpy(p->val, b, n);
	p->len = (int)n;
	p->fmt = 1;
	p->type = OID_BYTEA;
	p->kind = 'b';
	return 0;
}

static int pg_bind_null(struct db_stmt *st, int i)
{
	struct param *p = slot(st, i);
	if (!p)
		return -1;
	p->kind = 'n';
	return 0;
}

/* A cached statement is parsed and planned once on the server (named
 * "sN"), for the parameter types of its first run; a run with other types
 * (a NULL where a double was, an int beyond 32 bits) goes unprepared.
 * 0 if st->name may be executed with these types. */
static int prepare_once(struct db_stmt *st, const unsigned *types)
{
	char sig[MAX_PARAMS + 1];
	PGresult *r;
	for (int k = 0; k < st->nparams; k++)
		sig[k] = types[k] == OID_INT8 ? 'i' : types[k] == OID_TEXT ? 't' :
			 types[k] == OID_FLOAT8 ? 'f' : types[k] == OID_BYTEA ? 'b' : 'u';
	sig[st->nparams] = '\0';
	if (st->sig)
		return strcmp(st->sig, sig) == 0 ? 0 : -1;
	if (!(st->sig = strdup(sig)))
		return -1;
	snprintf(st->name, sizeof st->name, "s%u", st->db->prepared++);
	r = PQprepare(st->db->c, st->name, st->sql, st->nparams, types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		/* the same error comes again from the run: let it speak there */
		PQclear(r);
		free(st->sig);
		st->sig = NULL;
		return -1;
	}
	PQclear(r);
	return 0;
}

/* The SQL with each "$N IS [NOT] NULL" replaced by its value. */
static char *decide_null_tests(struct db_stmt *st)
{
	size_t n = strlen(st->sql), o = 0, from = 0;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (int k = 0; k < st->nnt; k++) {
		const struct nulltest *t = &st->nt[k];
		int isnull = st->p[t->num - 1].val == NULL;
		const char *v = isnull != t->neg ? "TRUE" : "FALSE";
		memcpy(out + o, st->sql + from, t->start - from);
		o += t->start - from;
		memcpy(out + o, v, strlen(v));   /* never longer than "$N IS NULL" */
		o += strlen(v);
		from = t->end;
	}
	memcpy(out + o, st->sql + from, n - from);
	out[o + n - from] = '\0';
	return out;
}

static int pg_step(struct db_stmt *st)
{
	struct db *db = st->db;
	if (!st->res) {
		const char *vals[MAX_PARAMS];
		int lens[MAX_PARAMS], fmts[MAX_PARAMS];
		unsigned types[MAX_PARAMS];
		int rc;
		const char *tag;
		char *sql = st->sql;
		for (int k = 0; k < st->nparams; k++) {
			struct param *p = &st->p[k];
			vals[k] = p->val;
			lens[k] = p->len;
			fmts[k] = p->fmt;
			types[k] = p->type;
			if (st->nullonly[k] && !types[k])
				types[k] = OID_TEXT;   /* stands nowhere now: any type */
		}
		if (st->nnt && !(sql = decide_null_tests(st)))
			return DB_ERR;
		if (st->cached && !st->nnt && prepare_once(st, types) == 0)
			st->res = PQexecPrepared(db->c, st->name, st->nparams, vals, lens, fmts, 0);
		else
			st->res = PQexecParams(db->c, sql, st->nparams, types, vals, lens, fmts, 0);
		if (sql != st->sql)
			free(sql);
		rc = map_result(db, st->res);
		if (rc != DB_OK) {
			if (rc == DB_ERR)
				log_warn("db: in: %s", st->sql);
			clear_result(st);
			return rc;
		}
		st->nrows = PQntuples(st->res);
		st->row = -1;
		tag = PQcmdTuples(st->res);
		if (tag && *tag && PQresultStatus(st->res) == PGRES_COMMAND_OK)
			db->changes = (int)strtol(tag, NULL, 10);
		else if (PQresultStatus(st->res) == PGRES_TUPLES_OK && PQnfields(st->res) &&
			 strncmp(PQcmdStatus(st->res), "SELECT", 6) != 0)
			db->changes = st->nrows;   /* INSERT/UPDATE ... RETURNING */
	}
	clear_blobs(st);
	if (++st->row < st->nrows)
		return DB_ROW;
	st->row = st->nrows;
	return DB_DONE;
}

static int pg_col_count(struct db_stmt *st)
{
	return st->res ? PQnfields(st->res) : 0;
}

static int valid(struct db_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 &&
	       i < PQnfields(st->res);
}

static int pg_col_isnull(struct db_stmt *st, int i)
{
	return !valid(st, i) || PQgetisnull(st->res, st->row, i);
}

static int64_t pg_col_int(struct db_stmt *st, int i)
{
	const char *s;
	char *end;
	long long v;
	if (pg_col_isnull(st, i))
		return 0;
	s = PQgetvalue(st->res, st->row, i);
	if (s[0] == 't' && !s[1])
		return 1;
	if (s[0] == 'f' && !s[1])
		return 0;
	v = strtoll(s, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(s, NULL);
	return v;
}

static double pg_col_double(struct db_stmt *st, int i)
{
	const char *s;
	if (pg_col_isnull(st, i))
		return 0.0;
	s = PQgetvalue(st->res, st->row, i);
	if (s[0] == 't' && !s[1])
		return 1.0;
	return strtod(s, NULL);
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
	if (pg_col_isnull(st, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

static const void *pg_col_blob(struct db_stmt *st, int i, size_t *n)
{
	const char *s;
	*n = 0;
	if (pg_col_isnull(st, i))
		return NULL;
	s = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) != OID_BYTEA) {
		*n = (size_t)PQgetlength(st->res, st->row, i);
		return s;
	}
	/* valid until the next step, as SQLite's: one buffer per column */
	if (!st->blob) {
		st->nblob = PQnfields(st->res);
		if (!(st->blob = calloc((size_t)st->nblob, sizeof *st->blob))) {
			st->nblob = 0;
			return NULL;
		}
	}
	PQfreemem(st->blob[i]);
	st->blob[i] = PQunescapeBytea((const unsigned char *)s, n);
	return st->blob[i];
}

static int64_t pg_last_id(struct db *db)
{
	PGresult *r;
	int64_t v = 0;
	/* a savepoint keeps a failed lastval() (no sequence used yet in this
	 * session) from aborting the caller's transaction */
	if (db->base.in_txn)
		pg_exec(db, "SAVEPOINT last_id");
	r = PQexec(db->c, "SELECT lastval()");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (db->base.in_txn)
		pg_exec(db, v ? "RELEASE SAVEPOINT last_id"
			      : "ROLLBACK TO SAVEPOINT last_id; RELEASE SAVEPOINT last_id");
	return v;
}

static int pg_changes(struct db *db)
{
	return db->changes;
}

static const char *pg_errmsg(struct db *db)
{
	return db->err;
}

static void *pg_handle(struct db *db)
{
	return db->c;
}

/* Changes whenever any server commits: the WAL position (the replay
 * position on a standby). */
static int64_t pg_data_version(struct db *db)
{
	PGresult *r = PQexec(db->c, "SELECT (CASE WHEN pg_is_in_recovery()"
			     " THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END"
			     " - '0/0'::pg_lsn)::bigint");
	int64_t v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

static const struct db_ops pg_ops = {
	.backend = DB_PG,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.exec = pg_exec,
	.stmt = pg_stmt,
	.done = pg_done,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_textn = pg_bind_textn,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_isnull = pg_col_isnull,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.errmsg = pg_errmsg,
	.handle = pg_handle,
	.data_version = pg_data_version,
};
