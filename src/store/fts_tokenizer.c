/*
 * fts_tokenizer.c — glue between SQLite FTS5's tokenizer interface and
 * text/tokenize.h (see fts_tokenizer.h).
 */
#include <stdlib.h>
#include <sqlite3.h>
#include "store/fts_tokenizer.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define FTS_TOKENIZER_NAME "shenrong"

/* What one xTokenize call needs in its token callback. */
struct fts_ctx {
	void *pctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
	int last_pos;
	int rc;			/* the first non-OK xToken result */
};

static int fts_create(void *unused, const char **argv, int argc,
		      Fts5Tokenizer **out)
{
	struct tokenizer *t;

	(void)unused;
	(void)argv;
	*out = NULL;
	if (argc > 0)
		return SQLITE_ERROR;
	t = tokenizer_new();
	if (!t)
		return SQLITE_NOMEM;
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *tok)
{
	tokenizer_free((struct tokenizer *)tok);
}

static int fts_token(void *arg, const struct tok *t)
{
	struct fts_ctx *c = arg;
	int flags = t->pos == c->last_pos ? FTS5_TOKEN_COLOCATED : 0;
	int rc;

	c->last_pos = t->pos;
	rc = c->xtoken(c->pctx, flags, t->text, (int)t->len, (int)t->start,
		       (int)t->end);
	if (rc != SQLITE_OK) {
		c->rc = rc;
		return 1;
	}
	return 0;
}

static int fts_tokenize(Fts5Tokenizer *tok, void *pctx, int flags,
			const char *text, int len,
			int (*xtoken)(void *, int, const char *, int, int, int))
{
	struct fts_ctx c;
	enum tok_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? TOK_QUERY :
							     TOK_INDEX;
	int rc;

	if (len < 0 || (!text && len > 0))
		return SQLITE_ERROR;
	c.pctx = pctx;
	c.xtoken = xtoken;
	c.last_pos = -1;
	c.rc = SQLITE_OK;
	rc = tokenizer_run((struct tokenizer *)tok, mode, text, (size_t)len,
			   fts_token, &c);
	if (c.rc != SQLITE_OK)
		return c.rc;
	return rc == 0 ? SQLITE_OK : SQLITE_NOMEM;
}

int fts_tokenizer_register(sqlite3 *db)
{
	static fts5_tokenizer impl = { fts_create, fts_delete, fts_tokenize };
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) !=
	    SQLITE_OK)
		goto out;
	sqlite3_step(st);
	if (!api || api->iVersion < 2)
		goto out;
	if (api->xCreateTokenizer(api, FTS_TOKENIZER_NAME, NULL, &impl,
				  NULL) != SQLITE_OK)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}
