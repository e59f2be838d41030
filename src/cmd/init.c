/*
 * init.c — `shenrong init` and `shenrong migrate`.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "domain/community.h"
#include "store/store.h"
#include "core/banned.h"

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "community", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *community = cli_default_community();
	struct derr e = { 0 };
	struct cli cli;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'c')
			community = optarg;
		else
			return cli_fail(2, "init", "usage: shenrong init --db PATH [--community FILE]");
	}
	if (!db || optind < argc)
		return cli_fail(2, "init", "usage: shenrong init --db PATH [--community FILE]");
	if (store_exists(db))
		return cli_fail(1, "init", "%s exists already; use `shenrong migrate` to upgrade it", db);
	if (cli_open(&cli, db, 1, 1) < 0)
		return 1;
	if (community_load(&cli.ctx, community, &e) < 0) {
		cli_close(&cli);
		if (!store_is_url(db))
			unlink(db);
		return cli_fail(1, "init", "%s", e.message);
	}
	cli_close(&cli);
	fprintf(stderr, "shenrong init: created %s (schema %d)\n", db, store_schema_latest());
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct cli cli;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return cli_fail(2, "migrate", "usage: shenrong migrate --db PATH");
	}
	if (!db || optind < argc)
		return cli_fail(2, "migrate", "usage: shenrong migrate --db PATH");
	/* a PostgreSQL database may be empty: migrate gives it the schema */
	if (!store_is_url(db) && !store_exists(db))
		return cli_fail(1, "migrate", "%s does not exist; create it with `shenrong init`", db);
	if (cli_open(&cli, db, 0, 1) < 0)
		return 1;
	fprintf(stderr, "shenrong migrate: applied %d migration%s; %s is at schema %d\n",
		cli.applied, cli.applied == 1 ? "" : "s", db, store_schema_version(cli.ctx.db));
	cli_close(&cli);
	return 0;
}
