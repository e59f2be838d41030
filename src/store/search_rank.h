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

/* Registers srank on the connection; 0, or -1 if FTS5 is missing. */
int search_rank_register(sqlite3 *db);

#endif
