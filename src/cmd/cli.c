/*
 * cli.c — what the subcommands share: opening the store, failing well.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cmd/cmd.h"
#include "domain/auth.h"
#include "http/server.h"
#include "store/store.h"
#include "text/tokenize.h"
#include "core/banned.h"

int cli_fail(int status, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "shenrong %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

const char *cli_default_community(void)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/data/community/yrd.tsv", shenrong_share());
	return path;
}

int cli_open(struct cli *c, const char *path, int create, int migrate)
{
	char err[512];
	memset(c, 0, sizeof *c);
	c->store = store_open(path, 1, create, err, sizeof err);
	if (!c->store) {
		fprintf(stderr, "shenrong: %s\n", err);
		return -1;
	}
	c->ctx.db = store_acquire(c->store);
	c->ctx.a = &c->a;
	c->ctx.tk = tokenizer_new();
	if (!c->ctx.db || !c->ctx.tk) {
		fprintf(stderr, "shenrong: out of memory\n");
		cli_close(c);
		return -1;
	}
	if (migrate) {
		if (store_migrate(c->ctx.db, &c->applied) < 0) {
			fprintf(stderr, "shenrong: cannot migrate %s\n", path);
			cli_close(c);
			return -1;
		}
	} else if (store_schema_version(c->ctx.db) != store_schema_latest()) {
		fprintf(stderr, "shenrong: %s is at schema %d, this program needs %d;"
			" run `shenrong migrate --db %s`\n", path,
			store_schema_version(c->ctx.db), store_schema_latest(), path);
		cli_close(c);
		return -1;
	}
	return 0;
}

void cli_close(struct cli *c)
{
	if (c->ctx.db)
		store_release(c->store, c->ctx.db);
	tokenizer_free(c->ctx.tk);
	store_close(c->store);
	arena_free(&c->a);
	memset(c, 0, sizeof *c);
}
