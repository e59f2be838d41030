/*
 * pg_fts.c — full-text search on PostgreSQL (see pg_fts.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "store/pg_fts.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define MAX_POS 16383     /* tsvector's highest position */
#define BATCH 500         /* rows per upsert */

/* ---- vectors ------------------------------------------------------------ */

struct vtok {
	char *lex;
	int pos;
	char w;
};

struct vec {
	struct vtok *t;
	size_t n, cap;
	int base;        /* the column's first position - 1 */
	int cnt;         /* positions used in this column so far */
	int last;        /* the tokenizer's position of the previous token */
	char w;
	int oom;
};

/* Positions as FTS5 counts them: one per token, colocated tokens (the
 * tokenizer's equal positions) sharing one. */
static int vec_tok(void *arg, const struct tok *t)
{
	struct vec *v = arg;
	int pos;
	if (v->cnt == 0 || t->pos != v->last)
		v->cnt++;
	v->last = t->pos;
	pos = v->base + (v->cnt > PG_FTS_COLUMN ? PG_FTS_COLUMN : v->cnt);
	if (pos > MAX_POS)
		pos = MAX_POS;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		struct vtok *nt = realloc(v->t, cap * sizeof *nt);
		if (!nt)
			goto oom;
		v->t = nt;
		v->cap = cap;
	}
	if (!(v->t[v->n].lex = strndup(t->text, t->len)))
		goto oom;
	v->t[v->n].pos = pos;
	v->t[v->n].w = v->w;
	v->n++;
	return 0;
oom:
	v->oom = 1;
	return 1;
}

static int vtok_cmp(const void *x, const void *y)
{
	const struct vtok *a = x, *b = y;
	int c = strcmp(a->lex, b->lex);
	return c ? c : a->pos - b->pos;
}

/* A lexeme as tsvector/tsquery input: in single quotes, ' and \ doubled. */
static int add_lexeme(struct buf *b, const char *s)
{
	if (buf_addch(b, '\'') < 0)
		return -1;
	for (; *s; s++)
		if (((*s == '\'' || *s == '\\') && buf_addch(b, *s) < 0) || buf_addch(b, *s) < 0)
			return -1;
	return buf_addch(b, '\'');
}

/* The tsvector text of ncols columns, column c weighted w[c] and at
 * positions from c * PG_FTS_COLUMN + 1; *ntok gets the row's tokens as
 * FTS5 counts them. */
static int make_vector(struct tokenizer *tk, const char *const *col, const char *w, int ncols,
		       struct buf *out, int64_t *ntok)
{
	struct vec v = { 0 };
	int rc = 0;
	buf_reset(out);
	*ntok = 0;
	for (int c = 0; c < ncols && !rc; c++) {
		v.base = c * PG_FTS_COLUMN;
		v.cnt = 0;
		v.w = w[c];
		if (col[c] && *col[c] &&
		    (tokenizer_run(tk, TOK_INDEX, col[c], strlen(col[c]), vec_tok, &v) != 0 || v.oom))
			rc = -1;
		*ntok += v.cnt;
	}
	if (!rc && v.n)
		qsort(v.t, v.n, sizeof *v.t, vtok_cmp);
	for (size_t i = 0; !rc && i < v.n; i++) {
		int same = i > 0 && strcmp(v.t[i].lex, v.t[i - 1].lex) == 0;
		if (same && v.t[i].pos == v.t[i - 1].pos)
			continue;
		if (same)
			rc = buf_addch(out, ',');
		else
			rc = (i > 0 && buf_addch(out, ' ') < 0) || add_lexeme(out, v.t[i].lex) < 0 ||
			     buf_addch(out, ':') < 0;
		if (!rc)
			rc = v.t[i].w == 'D' ? buf_addf(out, "%d", v.t[i].pos)
					     : buf_addf(out, "%d%c", v.t[i].pos, v.t[i].w);
		rc = rc < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < v.n; i++)
		free(v.t[i].lex);
	free(v.t);
	return rc;
}

/* Appends s as an element of an array literal: in double quotes, " and \
 * escaped. */
static int add_array_elem(struct buf *b, const char *s)
{
	if (buf_addch(b, b->len > 1 ? ',' : '{') < 0 || buf_addch(b, '"') < 0)
		return -1;
	for (; *s; s++)
		if (((*s == '"' || *s == '\\') && buf_addch(b, '\\') < 0) || buf_addch(b, *s) < 0)
			return -1;
	return buf_addch(b, '"');
}

static int close_array(struct buf *b)
{
	return buf_adds(b, b->len ? "}" : "{}");
}

/* A table of vectors: its SQL, by fts_dirty's tbl.  (Only the
 * instruments' since migration 9: the platform-wide search has its index
 * in memory, domain/search_live.c.) */
struct table {
	const char *take;     /* DELETE ... RETURNING the queued ids */
	const char *read;     /* the rows' text, by id = ANY(?) */
	const char *put;      /* upsert from two arrays */
	const char *drop;     /* delete the vectors of rows gone */
	const char *all;      /* queue every row */
	const char *clear;    /* delete every vector */
	const char *rows;     /* count(*), 0 */
	const char *rows_tok; /* count(*), the tokens of all rows */
	const char *hits;     /* the rows matching a tsquery */
	const char *weights;
	int ncols;
};

static const struct table tables[] = {
	[FTS_INSTRUMENT] = {
		"DELETE FROM fts_dirty WHERE tbl = 1 RETURNING id",
		"SELECT id, name_zh, name_en, model, manufacturer, specs, areas, description"
		" FROM instrument WHERE id = ANY (?::bigint[])",
		"INSERT INTO instrument_fts(id, tsv, ntok) SELECT * FROM"
		" unnest(?::bigint[], ?::tsvector[], ?::bigint[])"
		" ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv, ntok = excluded.ntok",
		"DELETE FROM instrument_fts WHERE id = ANY (?::bigint[])",
		"INSERT INTO fts_dirty(tbl, id) SELECT 1, id FROM instrument ON CONFLICT DO NOTHING",
		"DELETE FROM instrument_fts",
		"SELECT count(*), 0 FROM instrument_fts",
		"SELECT count(*), coalesce(sum(ntok), 0) FROM instrument_fts",
		"SELECT count(*) FROM instrument_fts WHERE tsv @@ ?::tsquery",
		"AABBCCD", 7,
	},
};

static int run3(struct db *db, const char *sql, const char *a1, const char *a2, const char *a3)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (!st || db_bind_text(st, 1, a1) < 0 || (a2 && db_bind_text(st, 2, a2) < 0) ||
	    (a3 && db_bind_text(st, 3, a3) < 0)) {
		db_done(st);
		return DB_ERR;
	}
	return db_run(st);
}

int pg_id_array(struct buf *b, const int64_t *v, size_t n)
{
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		if (buf_addf(b, "%c%lld", i ? ',' : '{', (long long)v[i]) < 0)
			return -1;
	return buf_adds(b, n ? "}" : "{}");
}

/* Fills the vectors of ids[0..n): the rows read get theirs (upserted),
 * the ids no row answers for were deleted (their vectors go). */
static int fill_batch(struct db *db, struct tokenizer *tk, const struct table *t,
		      const int64_t *ids, size_t n)
{
	struct buf lit = BUF_INIT, vecs = BUF_INIT, v = BUF_INIT, toks = BUF_INIT;
	struct db_stmt *st = db_stmt(db, t->read);
	int64_t *found = malloc((n ? n : 1) * sizeof *found), *gone = NULL;
	size_t nfound = 0, ngone = 0;
	int rc = DB_ERR, step;
	if (!st || !found || pg_id_array(&lit, ids, n) < 0 || db_bind_text(st, 1, lit.s) < 0) {
		db_done(st);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW && nfound < n) {
		const char *col[8];
		int64_t ntok;
		for (int c = 0; c < t->ncols; c++)
			col[c] = db_col_text(st, 1 + c);
		if (make_vector(tk, col, t->weights, t->ncols, &v, &ntok) < 0 ||
		    buf_addf(&toks, "%c%lld", toks.len ? ',' : '{', (long long)ntok) < 0 ||
		    add_array_elem(&vecs, v.s) < 0)
			break;
		found[nfound++] = db_col_int(st, 0);
	}
	db_done(st);
	if (step != DB_DONE || close_array(&vecs) < 0 || close_array(&toks) < 0 ||
	    pg_id_array(&lit, found, nfound) < 0)
		goto out;
	if (nfound && (rc = run3(db, t->put, lit.s, vecs.s, toks.s)) != DB_OK)
		goto out;
	if (nfound < n) {
		if (!(gone = malloc((n - nfound) * sizeof *gone)))
			goto out;
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;
			while (k < nfound && found[k] != ids[i])
				k++;
			if (k == nfound)
				gone[ngone++] = ids[i];
		}
		if (ngone && (pg_id_array(&lit, gone, ngone) < 0 ||
			      (rc = run3(db, t->drop, lit.s, NULL, NULL)) != DB_OK))
			goto out;
	}
	rc = DB_OK;
out:
	free(found);
	free(gone);
	buf_release(&lit);
	buf_release(&vecs);
	buf_release(&v);
	buf_release(&toks);
	return rc;
}

static int fill(struct db *db, struct tokenizer *tk, int tbl)
{
	const struct table *t = &tables[tbl];
	struct db_stmt *st = db_stmt(db, t->take);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *ni = realloc(ids, (cap = cap ? cap * 2 : 256) * sizeof *ni);
			if (!ni) {
				rc = DB_ERR;
				break;
			}
			ids = ni;
		}
		ids[n++] = db_col_int(st, 0);
	}
	db_done(st);
	rc = rc == DB_DONE ? DB_OK : DB_ERR;
	for (size_t from = 0; rc == DB_OK && from < n; from += BATCH)
		rc = fill_batch(db, tk, t, ids + from, from + BATCH < n ? BATCH : n - from);
	free(ids);
	return rc;
}

/* The rows (and, with ntok, their tokens) of the table, and how many hold
 * each of the query's phrases: what BM25's idf and length norm need. */
int pg_fts_counts(struct db *db, int tbl, const struct pg_fts_query *q, int64_t *rows,
		  int64_t *ntok, int64_t *hits)
{
	const struct table *t = &tables[tbl];
	struct db_stmt *st = db_stmt(db, ntok ? t->rows_tok : t->rows);
	int rc;
	if (!st)
		return DB_ERR;
	if ((rc = db_step(st)) == DB_ROW) {
		*rows = db_col_int(st, 0);
		if (ntok)
			*ntok = db_col_int(st, 1);
	}
	db_done(st);
	if (rc != DB_ROW)
		return DB_ERR;
	for (int i = 0; i < q->nphrase; i++) {
		struct buf tq = BUF_INIT;
		st = db_stmt(db, t->hits);
		hits[i] = -1;
		if (st && pg_fts_phrase_tsquery(&q->ph[i], &tq) == 0 && db_bind_text(st, 1, tq.s) == 0)
			hits[i] = db_scalar_int(st, -1);
		else
			db_done(st);
		buf_release(&tq);
		if (hits[i] < 0)
			return DB_ERR;
	}
	return 0;
}

int pg_fts_precommit(struct db *db)
{
	struct tokenizer *tk;
	int rc;
	/* nothing queued: one cheap look, no tokenizer */
	if (db_scalar_int(db_stmt(db, "SELECT EXISTS (SELECT 1 FROM fts_dirty)"), 0) == 0)
		return DB_OK;
	if (!(tk = tokenizer_new()))
		return DB_ERR;
	rc = fill(db, tk, FTS_INSTRUMENT);
	tokenizer_free(tk);
	if (rc != DB_OK)
		error("store: filling the text-search vectors failed: %s", db_errmsg(db));
	return rc;
}

int pg_fts_rebuild(struct db *db, int tbl)
{
	int rc = db_exec(db, tables[tbl].clear);
	if (rc == DB_OK)
		rc = db_run(db_stmt(db, tables[tbl].all));
	return rc;   /* filled by the pre-commit hook */
}

/* ---- queries ------------------------------------------------------------ */

struct phr {
	struct pg_phrase *p;
	int oom;
};

static int phr_tok(void *arg, const struct tok *t)
{
	struct phr *c = arg;
	char **nl = realloc(c->p->lex, (size_t)(c->p->n + 1) * sizeof *nl);
	if (!nl || !(nl[c->p->n] = strndup(t->text, t->len))) {
		if (nl)
			c->p->lex = nl;
		c->oom = 1;
		return 1;
	}
	c->p->lex = nl;
	c->p->n++;
	return 0;
}

int pg_fts_phrase_tsquery(const struct pg_phrase *p, struct buf *out)
{
	if (p->n == 0)
		return buf_adds(out, "'\x7f'") < 0 ? -1 : 0;   /* matches nothing */
	if (buf_addch(out, '(') < 0)
		return -1;
	for (int i = 0; i < p->n; i++)
		if ((i && buf_adds(out, " <-> ") < 0) || add_lexeme(out, p->lex[i]) < 0 ||
		    (p->prefix && i == p->n - 1 && buf_adds(out, ":*") < 0))
			return -1;
	return buf_addch(out, ')') < 0 ? -1 : 0;
}

static int word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

int pg_fts_query_make(const char *in, struct pg_fts_query *q)
{
	struct buf tsq = BUF_INIT, lex = BUF_INIT, pre = BUF_INIT, text = BUF_INIT;
	struct tokenizer *tk = tokenizer_new();
	const char *s = in;
	int rc = -1;
	memset(q, 0, sizeof *q);
	if (!tk)
		goto out;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			s++;
		} else if (*s == '(' || *s == ')') {
			if (buf_addch(&tsq, *s++) < 0)
				goto out;
		} else if (*s == '"' || (*s & 0x80) || (*s >= '0' && *s <= '9') ||
			   (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_') {
			struct pg_phrase *np;
			struct phr c = { 0 };
			size_t n;
			buf_reset(&text);
			if (*s == '"') {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] != '"')
						break;
					if (*s == '"')
						s++;
					if (buf_addch(&text, *s) < 0)
						goto out;
				}
				if (*s != '"')
					goto out;   /* unbalanced: not from query_to_fts5 */
				s++;
			} else {
				const char *w = s;
				while (*s && *s != ' ' && *s != '(' && *s != ')' && *s != '"' && *s != '*')
					s++;
				n = (size_t)(s - w);
				if (word_is(w, n, "AND") || word_is(w, n, "OR") || word_is(w, n, "NOT")) {
					if (buf_adds(&tsq, *w == 'A' ? " & " : *w == 'O' ? " | " : " & !") < 0)
						goto out;
					continue;
				}
				if (buf_add(&text, w, n) < 0)
					goto out;
			}
			if (!(np = realloc(q->ph, (size_t)(q->nphrase + 1) * sizeof *np)))
				goto out;
			q->ph = np;
			c.p = &q->ph[q->nphrase++];
			memset(c.p, 0, sizeof *c.p);
			if (*s == '*') {
				c.p->prefix = 1;
				s++;
			}
			if (tokenizer_run(tk, TOK_QUERY, text.s, text.len, phr_tok, &c) != 0 || c.oom)
				goto out;
			/* two phrases side by side mean AND in FTS5 */
			if (tsq.len && tsq.s[tsq.len - 1] == ')' && q->nphrase > 1 &&
			    buf_adds(&tsq, " & ") < 0)
				goto out;
			if (pg_fts_phrase_tsquery(c.p, &tsq) < 0)
				goto out;
			for (int i = 0; i < c.p->n; i++)
				if (add_array_elem(c.p->prefix && i == c.p->n - 1 ? &pre : &lex,
						   c.p->lex[i]) < 0)
					goto out;
		} else {
			goto out;   /* an operator FTS5 has and we never write */
		}
	}
	if (close_array(&lex) < 0 || close_array(&pre) < 0 || !tsq.len)
		goto out;
	q->tsquery = buf_detach(&tsq, NULL);
	q->lexemes = buf_detach(&lex, NULL);
	q->prefixes = buf_detach(&pre, NULL);
	rc = q->tsquery && q->lexemes && q->prefixes ? 0 : -1;
out:
	tokenizer_free(tk);
	buf_release(&tsq);
	buf_release(&lex);
	buf_release(&pre);
	buf_release(&text);
	if (rc)
		pg_fts_query_free(q);
	return rc;
}

void pg_fts_query_free(struct pg_fts_query *q)
{
	for (int i = 0; i < q->nphrase; i++) {
		for (int k = 0; k < q->ph[i].n; k++)
			free(q->ph[i].lex[k]);
		free(q->ph[i].lex);
	}
	free(q->ph);
	free(q->tsquery);
	free(q->lexemes);
	free(q->prefixes);
	memset(q, 0, sizeof *q);
}

/* ---- ranking ------------------------------------------------------------ */

struct hit {
	const char *lex;
	size_t len;
	const char *pos, *w;   /* "3,7,9" and "A,A,D" (ends at ' ' / '\n') */
};

/* Is there an occurrence of tok (exact or as a prefix) at position p with
 * weight w among the hits? */
static int has_at(const struct hit *h, size_t nh, const char *tok, int prefix, long p, char w)
{
	size_t tl = strlen(tok);
	for (size_t i = 0; i < nh; i++) {
		const char *ps = h[i].pos, *ws = h[i].w;
		if (prefix ? h[i].len < tl || memcmp(h[i].lex, tok, tl) != 0
			   : h[i].len != tl || memcmp(h[i].lex, tok, tl) != 0)
			continue;
		while (*ps && *ps != ' ') {
			char *end;
			long v = strtol(ps, &end, 10);
			if (v == p && *ws == w)
				return 1;
			ps = *end == ',' ? end + 1 : end;
			ws = ws[1] == ',' ? ws + 2 : ws + 1;
			if (*end != ',')
				break;
		}
	}
	return 0;
}

/* Splits PG_FTS_HITS' text into h[]; returns how many. */
static size_t parse_hits(const char *s, struct hit *h, size_t max)
{
	size_t nh = 0;
	while (s && *s && nh < max) {
		const char *sp1 = strchr(s, ' '), *sp2, *nl;
		if (!sp1 || !(sp2 = strchr(sp1 + 1, ' ')))
			break;
		h[nh].lex = s;
		h[nh].len = (size_t)(sp1 - s);
		h[nh].pos = sp1 + 1;
		h[nh].w = sp2 + 1;
		nh++;
		nl = strchr(sp2, '\n');
		s = nl ? nl + 1 : NULL;
	}
	return nh;
}

/* Calls fn(arg, position, weight) for each occurrence of the phrase: its
 * first token followed by the others at the next positions with the same
 * weight (so in the same column). */
static void each_occurrence(const struct pg_phrase *p, const struct hit *h, size_t nh,
			    void (*fn)(void *, long, char), void *arg)
{
	size_t tl;
	if (p->n == 0)
		return;
	tl = strlen(p->lex[0]);
	for (size_t k = 0; k < nh; k++) {
		const char *ps = h[k].pos, *ws = h[k].w;
		int single = p->n == 1 && p->prefix;
		if (single ? h[k].len < tl || memcmp(h[k].lex, p->lex[0], tl) != 0
			   : h[k].len != tl || memcmp(h[k].lex, p->lex[0], tl) != 0)
			continue;
		for (;;) {
			char *end;
			long v = strtol(ps, &end, 10);
			char wc = *ws;
			int ok = 1;
			for (int t = 1; t < p->n && ok; t++)
				ok = has_at(h, nh, p->lex[t], p->prefix && t == p->n - 1, v + t, wc);
			if (ok)
				fn(arg, v, wc);
			if (*end != ',')
				break;
			ps = end + 1;
			ws = ws[1] == ',' ? ws + 2 : ws + 1;
		}
	}
}

struct freq {
	const double *w;
	int nw;
	double f;
};

static void add_column_weight(void *arg, long pos, char wc)
{
	struct freq *f = arg;
	long c = (pos - 1) / PG_FTS_COLUMN;
	(void)wc;
	f->f += c >= 0 && c < f->nw ? f->w[c] : 1.0;
}

/* FTS5's bm25() (fts5_aux.c), term for term: each phrase's occurrences
 * weighted by their column, against the row's tokens and the average. */
double pg_fts_bm25(const struct pg_fts_query *q, const double *idf, const char *hits,
		   const double *w, int nw, double ntok, double avgdl)
{
	const double k1 = 1.2, b = 0.75;
	struct hit h[64];
	size_t nh = parse_hits(hits, h, sizeof h / sizeof h[0]);
	double score = 0.0;
	for (int i = 0; i < q->nphrase; i++) {
		struct freq f = { w, nw, 0.0 };
		each_occurrence(&q->ph[i], h, nh, add_column_weight, &f);
		score += idf[i] * ((f.f * (k1 + 1.0)) / (f.f + k1 * (1 - b + b * ntok / avgdl)));
	}
	return -1.0 * score;
}

/* FTS5's idf: log((N - n + 0.5) / (n + 0.5)), at least 1e-6. */
double pg_fts_bm25_idf(double rows, double hits)
{
	double idf = log((rows - hits + 0.5) / (hits + 0.5));
	return idf <= 0.0 ? 1e-6 : idf;
}
