/*
 * search_rank.h — "srank", the ranking formula of the platform-wide
 * search: BM25 of each of the four columns (name, name_en, subtitle,
 * body) with the given weights, the document lengths (characters) given
 * by the caller, added up.  See search_rank.c.
 *
 * The in-memory index (domain/sindex.c) ranks with srank_phrase and
 * srank_idf.  The same formula as an FTS5 auxiliary function, which the
 * program ranked with while the index was an FTS5 table,
 *
 *   srank(fts_table, w_name, w_name_en, w_subtitle, w_body,
 *         len_name, len_name_en, len_subtitle, len_body)
 *
 * (minus the score, so that lower is better like FTS5's bm25()), is kept
 * as the reference the tests compare the in-memory index with
 * (tests/unit/test_sindex.c, tests/fuzz/fuzz_query.c): the program no
 * longer registers it.
 */
#ifndef STORE_SEARCH_RANK_H
#define STORE_SEARCH_RANK_H

#include <sqlite3.h>

/* The formula: one phrase's score from its hits per column (tf), its idf,
 * the column weights and the document's column lengths; and an idf from
 * the rows and those matching. */
double srank_phrase(const int tf[4], double idf, const double w[4], const double len[4]);
double srank_idf(double rows, double hits);

/* Registers the FTS5 function srank on the connection (the tests' and
 * benchmarks' reference); 0, or -1 if FTS5 is missing. */
int search_rank_register(sqlite3 *db);

#endif
