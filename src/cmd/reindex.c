/*
 * reindex.c — `shenrong reindex`: refills the platform-wide search's
 * items (search_item) from the records (after a change of a kind's
 * document, or to refresh the instruments' activity), and says how long
 * it took and how much room the items take.  The index itself lives in
 * each server's memory: a running server reads every item again at its
 * next search (the rebuild moves the change clock past the log).
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "store/store.h"
#include "core/util.h"
#include "domain/search.h"
#include "store/search.h"
#include "core/banned.h"

#define USAGE "usage: shenrong reindex --db PATH"

int cmd_reindex(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct derr e = { 0 };
	struct cli cli;
	int64_t items, t0, bytes;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return cli_fail(2, "reindex", USAGE);
	}
	if (!db || optind < argc)
		return cli_fail(2, "reindex", USAGE);
	if (!store_exists(db))
		return cli_fail(1, "reindex", "%s does not exist", db);
	if (cli_open(&cli, db, 0, 0) < 0)
		return 1;
	t0 = now_usec_mono();
	if (search_reindex(&cli.ctx, &items, &e) < 0) {
		cli_close(&cli);
		return cli_fail(1, "reindex", "%s", e.message);
	}
	fprintf(stderr, "shenrong reindex: %lld records indexed in %.1f s",
		(long long)items, (double)(now_usec_mono() - t0) / 1e6);
	if (store_search_size(cli.ctx.db, &bytes) == 0)
		fprintf(stderr, "; search items %.1f MB on disk (the index is built in"
			" each server's memory)", (double)bytes / 1048576.0);
	fputc('\n', stderr);
	cli_close(&cli);
	return 0;
}
