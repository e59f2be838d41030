/*
 * demo.c — `shenrong demo`: a new database with the demo community.
 *
 * Prints the demo accounts and their password, generated for this
 * database, and keeps them in PATH.credentials (mode 0600) so that
 * `make run` can show them again (a PostgreSQL database: printed only,
 * even with --quiet).
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "core/util.h"
#include "domain/community.h"
#include "domain/demo.h"
#include "http/server.h"
#include "store/store.h"
#include "core/banned.h"

#define USAGE "usage: shenrong demo --db PATH [--scale X] [--seed N] [--quiet]"

static void show_progress(void *arg, const char *what, int64_t done, int64_t total)
{
	(void)arg;
	fprintf(stderr, "\r  %-14s %lld / %lld", what, (long long)done, (long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "scale", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { .scale = 1.0, .seed = 1 };
	struct demo_result res;
	struct derr e = { 0 };
	const char *db = NULL;
	char dir[1024], cred[1100];
	struct cli cli;
	int c, quiet = 0, fd;
	int64_t seed;
	FILE *f;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'q': quiet = 1; break;
		case 's':
			if (parse_double(optarg, 0, 1000, &o.scale) < 0)
				return cli_fail(2, "demo", "--scale takes a number from 0 to 1000");
			break;
		case 'S':
			if (parse_i64(optarg, 0, INT64_MAX, &seed) < 0)
				return cli_fail(2, "demo", "--seed takes a whole number");
			o.seed = (uint64_t)seed;
			break;
		default:
			return cli_fail(2, "demo", USAGE);
		}
	}
	if (!db || optind < argc)
		return cli_fail(2, "demo", USAGE);
	if (store_exists(db))
		return cli_fail(1, "demo", "%s exists already; remove it first", db);
	snprintf(dir, sizeof dir, "%s/data/demo", shenrong_share());
	o.dir = dir;
	if (!quiet && isatty(2)) {
		o.progress = show_progress;
	}
	if (cli_open(&cli, db, 1, 1) < 0)
		return 1;
	if (community_load(&cli.ctx, cli_default_community(), &e) < 0 ||
	    demo_generate(&cli.ctx, &o, &res, &e) < 0) {
		cli_close(&cli);
		if (!store_is_url(db))
			unlink(db);
		return cli_fail(1, "demo", "%s", e.message);
	}
	cli_close(&cli);

	if (store_is_url(db)) {
		/* a PostgreSQL database has no folder to keep the file in:
		 * the password is said here, --quiet or not, or it is lost */
		fprintf(stderr, "shenrong demo: %s: %lld organisations, %lld instruments\n"
				"  demo accounts (password %s): admin (system administrator),"
				" office, coord-sh/-js/-zj/-ah, ustc-admin, nju-admin, zju-admin,"
				" sjtu-admin, researcher\n", db, (long long)res.orgs,
				(long long)res.instruments, res.password);
		return 0;
	}
	snprintf(cred, sizeof cred, "%s.credentials", db);
	fd = open(cred, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return cli_fail(1, "demo", "cannot write %s", cred);
	}
	fprintf(f, "# demo accounts of %s; every one has this password\n", db);
	fprintf(f, "admin %s\n", res.password);
	fclose(f);
	if (!quiet) {
		fprintf(stderr, "shenrong demo: %s: %lld organisations, %lld instruments worth"
			" %.1f billion yuan\n", db, (long long)res.orgs, (long long)res.instruments,
			(double)res.value_cny / 1e9);
		fprintf(stderr, "  demo accounts (password %s): admin (system administrator),"
			" office, coord-sh/-js/-zj/-ah, ustc-admin, nju-admin, zju-admin, sjtu-admin,"
			" researcher\n  the password is also in %s\n", res.password, cred);
	}
	return 0;
}
