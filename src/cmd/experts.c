/*
 * experts.c — `shenrong experts`: the talent pool from the command line.
 *
 *   shenrong experts import --db PATH FILE [--dry-run] [--format csv|xlsx]
 *   shenrong experts export --db PATH [--format csv|xlsx] [--out FILE]
 *   shenrong experts generate --db PATH --count N [--seed N]
 *
 * generate adds N demo experts (and N/8 projects) to a demo database, for
 * the benchmarks' two million (bench/experts.sh).
 *
 * The command line acts as the system (audited as "system").  An import
 * shows its progress on a terminal and lists every bad row (line, field,
 * why) on stderr; exit status 1 when any row is bad — then nothing was
 * imported.  FILE "-" reads standard input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/util.h"
#include "domain/demo_expert.h"
#include "domain/expert_import.h"
#include "http/server.h"
#include "store/store.h"
#include "core/banned.h"

#define USAGE "usage: shenrong experts import --db PATH FILE [--dry-run] [--format csv|xlsx]\n" \
	      "       shenrong experts export --db PATH [--format csv|xlsx] [--out FILE]\n" \
	      "       shenrong experts generate --db PATH --count N [--seed N]"

static void show_progress(void *arg, const char *stage, int64_t done, int64_t total)
{
	(void)arg;
	fprintf(stderr, "\r  %-10s %lld / %lld", stage, (long long)done, (long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

static int read_all(const char *path, struct buf *b)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;
	if (!fp)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && rc == 0)
		rc = buf_add(b, chunk, n);
	if (ferror(fp))
		rc = -1;
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static int do_import(const char *db, const char *file, int dry, const char *format)
{
	struct import_opts o = { .dry_run = dry, .format = format };
	struct import_report rep;
	struct derr e = { 0 };
	struct buf data;
	struct cli cli;
	int status = 0;

	buf_init(&data, (size_t)1 << 30);
	if (read_all(file, &data) < 0) {
		buf_release(&data);
		return cli_fail(1, "experts", "cannot read %s", file);
	}
	if (isatty(2))
		o.progress = show_progress;
	if (cli_open(&cli, db, 0, 0) < 0) {
		buf_release(&data);
		return 1;
	}
	if (expert_import(&cli.ctx, data.s, data.len, &o, &rep, &e) < 0) {
		status = cli_fail(1, "experts", "%s", e.message);
		goto out;
	}
	for (size_t i = 0; i < rep.nlisted; i++)
		fprintf(stderr, "%s:%zu: %s: %s\n", file, rep.errors[i].line,
			*rep.errors[i].field ? rep.errors[i].field : "row", rep.errors[i].message);
	if (rep.nerrors > rep.nlisted)
		fprintf(stderr, "%s: ... and %zu more bad rows\n", file, rep.nerrors - rep.nlisted);
	if (rep.nerrors) {
		status = cli_fail(1, "experts", "%zu of %zu rows are bad; nothing was imported",
				  rep.nerrors, rep.rows);
	} else if (rep.dry_run) {
		printf("%zu rows checked, all valid; nothing imported (dry run)\n", rep.rows);
	} else {
		printf("%zu experts imported (ids %lld-%lld) in %.2f s, %.0f rows/s\n", rep.imported,
		       (long long)rep.first_id, (long long)rep.last_id, (double)rep.usec / 1e6,
		       rep.usec ? (double)rep.imported * 1e6 / (double)rep.usec : 0.0);
	}
out:
	cli_close(&cli);
	buf_release(&data);
	return status;
}

static int do_export(const char *db, const char *format, const char *outpath)
{
	struct expert_filter f = { 0 };
	struct derr e = { 0 };
	struct buf out;
	struct cli cli;
	int64_t rows;
	FILE *fp;
	int status = 0;

	buf_init(&out, (size_t)4 << 30);
	if (cli_open(&cli, db, 0, 0) < 0)
		return 1;
	if (expert_export(&cli.ctx, &f, format, &out, &rows, &e) < 0) {
		status = cli_fail(1, "experts", "%s", e.message);
		goto out;
	}
	fp = outpath ? fopen(outpath, "wb") : stdout;
	if (!fp || fwrite(out.s, 1, out.len, fp) != out.len) {
		status = cli_fail(1, "experts", "cannot write %s", outpath ? outpath : "the output");
		if (fp && fp != stdout)
			fclose(fp);
		goto out;
	}
	if (fp != stdout && fclose(fp) != 0)
		status = cli_fail(1, "experts", "cannot write %s", outpath);
	else
		fprintf(stderr, "shenrong experts: %lld experts exported\n", (long long)rows);
out:
	cli_close(&cli);
	buf_release(&out);
	return status;
}

static int do_generate(const char *db, int64_t count, uint64_t seed)
{
	struct demo_expert_result res;
	struct derr e = { 0 };
	struct cli cli;
	char dir[1024];
	int64_t t0 = now_usec_mono();

	snprintf(dir, sizeof dir, "%s/data/demo", shenrong_share());
	if (cli_open(&cli, db, 0, 0) < 0)
		return 1;
	if (demo_experts(&cli.ctx, count, seed, dir, NULL, isatty(2) ? show_progress : NULL, NULL,
			 &res, &e) < 0 || store_analyze(cli.ctx.db) < 0) {
		cli_close(&cli);
		return cli_fail(1, "experts", "%s", e.kind ? e.message : "ANALYZE failed");
	}
	cli_close(&cli);
	printf("%lld experts and %lld projects added in %.1f s\n", (long long)res.experts,
	       (long long)res.projects, (double)(now_usec_mono() - t0) / 1e6);
	return 0;
}

int cmd_experts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *format = NULL, *out = NULL, *verb;
	int c, dry = 0;
	int64_t count = -1, seed = 1;

	if (argc < 2)
		return cli_fail(2, "experts", USAGE);
	verb = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': dry = 1; break;
		case 'f':
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "xlsx") != 0)
				return cli_fail(2, "experts", "--format is csv or xlsx");
			format = optarg;
			break;
		case 'o': out = optarg; break;
		case 'c':
			if (parse_i64(optarg, 0, 100000000, &count) < 0)
				return cli_fail(2, "experts", "--count takes 0 to 100000000");
			break;
		case 's':
			if (parse_i64(optarg, 0, INT64_MAX, &seed) < 0)
				return cli_fail(2, "experts", "--seed takes a whole number");
			break;
		default: return cli_fail(2, "experts", USAGE);
		}
	}
	if (!db)
		return cli_fail(2, "experts", USAGE);
	if (strcmp(verb, "import") == 0) {
		if (optind != argc - 1 || out)
			return cli_fail(2, "experts", USAGE);
		return do_import(db, argv[optind], dry, format);
	}
	if (strcmp(verb, "export") == 0) {
		if (optind != argc || dry)
			return cli_fail(2, "experts", USAGE);
		return do_export(db, format ? format : "csv", out);
	}
	if (strcmp(verb, "generate") == 0) {
		if (optind != argc || count < 0)
			return cli_fail(2, "experts", USAGE);
		return do_generate(db, count, (uint64_t)seed);
	}
	return cli_fail(2, "experts", USAGE);
}
