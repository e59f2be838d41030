/*
 * fts_tokenizer.h — our tokenizer (text/tokenize.h) as an SQLite FTS5
 * tokenizer named "shenrong":
 *
 *   CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='shenrong');
 *
 * Documents (and the highlight()/snippet() auxiliary functions) are
 * tokenized with TOK_INDEX, MATCH queries with TOK_QUERY, so Chinese is
 * indexed as bigrams plus colocated unigrams, "电镜" or "芯片" is always
 * found inside longer words, a longer word is a phrase of bigrams, and
 * traditional or full-width input matches simplified or ASCII text.
 * Token offsets are those of the original text.  Each FTS5 table instance
 * gets its own struct tokenizer (FTS5 uses a table from one connection at
 * a time).  The tokenizer takes no arguments.
 *
 * Changing what the tokenizer emits changes the meaning of existing
 * indexes: after such a change, rebuild them
 * (INSERT INTO t(t) VALUES('rebuild')).
 */
#ifndef STORE_FTS_TOKENIZER_H
#define STORE_FTS_TOKENIZER_H

#include <sqlite3.h>

/*
 * Registers the "shenrong" tokenizer on the connection db; do it right
 * after opening, before any statement touches an FTS5 table using it.
 * Returns 0, or -1 if FTS5 is not available or registration failed
 * (sqlite3_errmsg(db) may say more).
 */
int fts_tokenizer_register(sqlite3 *db);

#endif
