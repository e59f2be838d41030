/*
 * search_rank.c — "srank", the ranking formula of the platform-wide
 * search (see search_rank.h), and its FTS5 form, kept as the reference
 * the tests compare the in-memory index (domain/sindex.c) with.
 *
 * Okapi BM25 per column (b = 0.75; k1 0.5 for names, 1.2 for text), the
 * columns' scores weighted and added (BM25F in spirit).  It differs from
 * FTS5's own bm25() in where a document's length comes from: the caller
 * passes the item's lengths in characters (search_item's generated *_len
 * columns), compared with fixed typical lengths, instead of FTS5 reading
 * its docsize table — when the index was an FTS5 table, one B-tree lookup
 * per matching row and most of bm25()'s cost (a common two-character
 * word over the scale-1 demo: 57 ms with bm25(), 10 ms with srank).  The
 * inverse document frequencies are computed once per query, as bm25()
 * does, and not at all for a query of one phrase, where they order
 * nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "store/search_rank.h"
#include "core/banned.h"

#define NCOLS 4
#define B 0.75

/* Typical lengths in characters of name, English name, subtitle, body. */
static const double avg_len[NCOLS] = { 14.0, 40.0, 70.0, 350.0 };
/* How much a repeated word counts: little in a name (a name that says
 * 光刻 three times is not three times about lithography), the usual
 * Okapi value in running text. */
static const double k1[NCOLS] = { 0.5, 0.5, 1.2, 1.2 };

double srank_phrase(const int tf[NCOLS], double idf, const double w[NCOLS],
		    const double len[NCOLS])
{
	double score = 0.0;
	for (int c = 0; c < NCOLS; c++) {
		double norm;
		if (!tf[c] || w[c] <= 0.0)
			continue;
		norm = k1[c] * (1.0 - B + B * len[c] / avg_len[c]);
		score += w[c] * idf * tf[c] * (k1[c] + 1.0) / (tf[c] + norm);
	}
	return score;
}

double srank_idf(double rows, double hits)
{
	double idf = log((rows - hits + 0.5) / (hits + 0.5));
	return idf > 1e-6 ? idf : 1e-6;
}

struct rank_query {
	int nphrase;
	double idf[];
};

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)arg)++;
	return SQLITE_OK;
}

/* The inverse document frequencies of the query's phrases, computed on
 * the first row and kept for the query's others. */
static struct rank_query *rank_query(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	sqlite3_int64 rows = 0;
	int n;

	*rc = SQLITE_OK;
	if (q)
		return q;
	n = api->xPhraseCount(fts);
	q = sqlite3_malloc64(sizeof *q + (size_t)(n > 0 ? n : 1) * sizeof(double));
	if (!q) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	q->nphrase = n;
	/* With one phrase, its idf multiplies every row's score alike and
	 * orders nothing: skip counting its documents, which reads the whole
	 * phrase a second time (the one-word queries, most of them). */
	if (n == 1)
		q->idf[0] = 1.0;
	else
		*rc = api->xRowCount(fts, &rows);
	for (int i = 0; *rc == SQLITE_OK && n > 1 && i < n; i++) {
		sqlite3_int64 hits = 0;
		*rc = api->xQueryPhrase(fts, i, &hits, count_hit);
		q->idf[i] = srank_idf((double)rows, (double)hits);
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, q, sqlite3_free);
	else
		sqlite3_free(q);
	return *rc == SQLITE_OK ? q : NULL;
}

static void srank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		  int argc, sqlite3_value **argv)
{
	double w[NCOLS], len[NCOLS], score = 0.0;
	struct rank_query *q;
	int rc;

	if (argc != 2 * NCOLS) {
		sqlite3_result_error(ctx, "srank: 4 weights and 4 lengths", -1);
		return;
	}
	for (int c = 0; c < NCOLS; c++) {
		w[c] = sqlite3_value_double(argv[c]);
		len[c] = sqlite3_value_double(argv[NCOLS + c]);
	}
	if (!(q = rank_query(api, fts, &rc))) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int i = 0; i < q->nphrase; i++) {
		Fts5PhraseIter it;
		int tf[NCOLS] = { 0 }, col, off;
		rc = api->xPhraseFirst(fts, i, &it, &col, &off);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
			if (col < NCOLS)
				tf[col]++;
		score += srank_phrase(tf, q->idf[i], w, len);
	}
	sqlite3_result_double(ctx, -score);
}

int search_rank_register(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) != SQLITE_OK)
		goto out;
	sqlite3_step(st);
	if (!api || api->xCreateFunction(api, "srank", NULL, srank, NULL) != SQLITE_OK)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}
