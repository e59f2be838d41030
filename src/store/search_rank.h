/*
 * search_rank.h — the ranking function of the platform-wide search index,
 * an FTS5 auxiliary function named "srank":
 *
 *   srank(search_doc, w_name, w_name_en, w_subtitle, w_body,
 *         len_name, len_name_en, len_subtitle, len_body)
 *
 * BM25 of each of the four columns with the given weights, the document
 * lengths (characters) taken from the arguments; minus the score, so
 * that lower is better like FTS5's bm25().  See search_rank.c.
 */
#ifndef STORE_SEARCH_RANK_H
#define STORE_SEARCH_RANK_H

#include <sqlite3.h>

/* The formula, shared with PostgreSQL's ranking (pg_fts.c): one phrase's
 * score from its hits per column (tf), its idf, the column weights and the
 * document's column lengths; and an idf from the rows and those matching. */
double srank_phrase(const int tf[4], double idf, const double w[4], const double len[4]);
double srank_idf(double rows, double hits);

/* Registers srank on the connection; 0, or -1 if FTS5 is missing. */
int search_rank_register(sqlite3 *db);

#endif
