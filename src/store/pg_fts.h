/*
 * pg_fts.h — full-text search on PostgreSQL with the platform's own
 * tokenizer (text/tokenize.h), the counterpart of SQLite's FTS5 table
 * instrument_fts (the catalogue's search; the platform-wide search keeps
 * its index in memory on both backends, domain/search_live.c).
 *
 * PostgreSQL cannot run our tokenizer, so the vectors are made in C: the
 * table's triggers queue changed rows in fts_dirty, and the pre-commit hook
 * (pg_fts_precommit, which pg.c calls before COMMIT) turns each into a
 * tsvector in the same transaction — a record is findable the moment its
 * save returns, as with FTS5.  Columns map to tsvector weights and each
 * starts at a fixed position (PG_FTS_COLUMN), so a hit's position tells
 * its column and a phrase never spans two columns.
 *
 * Queries: the FTS5 expression the domain builds (text/query.h:
 * "a" AND ("b" OR "c") NOT ("d")) becomes a tsquery whose phrases are the
 * same TOK_QUERY tokens joined by <->, and FTS5's bm25() is computed here
 * over the phrase hits per column (pg_fts_bm25), so both backends rank
 * alike.
 */
#ifndef STORE_PG_FTS_H
#define STORE_PG_FTS_H

#include "core/buf.h"
#include "store/db.h"

/* fts_dirty.tbl of a table of vectors (2 was search_doc's, gone in migration 9) */
enum { FTS_INSTRUMENT = 1 };

/* instrument_fts: column c of a row at positions c * PG_FTS_COLUMN + 1 ...
 * (a longer column's last tokens share its last position), so a hit's
 * position tells its column. */
#define PG_FTS_COLUMN 2048

/* Fills the vectors of the rows queued in fts_dirty; DB_OK or <0. */
int pg_fts_precommit(struct db *db);
/* Drops the vectors of a table (FTS_INSTRUMENT) and queues every row, for
 * the pre-commit hook to fill them all (after migrate-data's copy). */
int pg_fts_rebuild(struct db *db, int tbl);

struct pg_phrase {
	char **lex;      /* the phrase's tokens, in order */
	int n;
	int prefix;      /* the last token is a prefix ("ab"*) */
};

struct pg_fts_query {
	char *tsquery;       /* for `tsv @@ ?::tsquery` */
	char *lexemes;       /* text[] literals of the whole tokens and of the */
	char *prefixes;      /* prefix ones, for PG_FTS_HITS's two parameters */
	struct pg_phrase *ph;
	int nphrase;
};

/* Translates an FTS5 expression; 0, or -1 (out of memory or malformed). */
int pg_fts_query_make(const char *fts5, struct pg_fts_query *q);
void pg_fts_query_free(struct pg_fts_query *q);
/* The rows (and, if ntok is not NULL, their tokens) of a table's vectors
 * (FTS_INSTRUMENT), and hits[i]: the rows holding phrase i. */
int pg_fts_counts(struct db *db, int tbl, const struct pg_fts_query *q, int64_t *rows,
		  int64_t *ntok, int64_t *hits);
/* ids as an int8[] literal ("{1,2,3}", "{}") in b, for `= ANY (?::bigint[])`. */
int pg_id_array(struct buf *b, const int64_t *v, size_t n);
/* A phrase alone as a tsquery (for its document count). */
int pg_fts_phrase_tsquery(const struct pg_phrase *p, struct buf *out);

/* The SQL expression that gives a row's hits for the query's tokens, with
 * `tsv` the vector column and one text[] parameter (q->lexemes); with
 * PG_FTS_HITS_PREFIX, a second (q->prefixes) for tokens that end in `*`.
 * Each hit is a line "lexeme positions weights". */
/* (The vector is cut to the query's tokens first — ts_delete of every
 * other lexeme, in C — so unnest reads a few entries, not hundreds: 3.7×
 * faster on a common word at scale 10.) */
#define PG_FTS_HITS(tsv) \
	"(SELECT string_agg(u.lexeme || ' ' || array_to_string(u.positions, ',')" \
	" || ' ' || array_to_string(u.weights, ','), E'\\n') FROM unnest(ts_delete(" tsv "," \
	" tsvector_to_array(ts_delete(" tsv ", ?::text[])))) u)"
#define PG_FTS_HITS_PREFIX(tsv) \
	"(SELECT string_agg(u.lexeme || ' ' || array_to_string(u.positions, ',')" \
	" || ' ' || array_to_string(u.weights, ','), E'\\n') FROM unnest(" tsv ") u" \
	" WHERE u.lexeme = ANY (?::text[]) OR EXISTS (SELECT 1 FROM unnest(?::text[]) p" \
	" WHERE starts_with(u.lexeme, p)))"

/* FTS5's bm25() over a row's hits, for instrument_fts: w[c] is column c's
 * weight (nw of them, columns told by PG_FTS_COLUMN), ntok the row's
 * tokens, avgdl the table's average; minus the score, as bm25(). */
double pg_fts_bm25(const struct pg_fts_query *q, const double *idf, const char *hits,
		   const double *w, int nw, double ntok, double avgdl);
double pg_fts_bm25_idf(double rows, double hits);

#endif
