/*
 * migrate_data.c — `shenrong migrate-data`: moves a whole community from
 * one database to another (SQLite to PostgreSQL, or any backend to any),
 * then compares every table's row count and checksum on both sides;
 * `--verify-only` compares without copying.  The work is the store's
 * (store/transfer.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "store/store.h"
#include "store/transfer.h"
#include "core/banned.h"

#define USAGE "usage: shenrong migrate-data --from SRC --to DST [--verify-only]"

static int print_report(const struct xfer_report *rep, int copied)
{
	int bad = 0;
	int64_t rows = 0;
	printf("%-24s %12s %12s  %s\n", "table", "source rows", "target rows", "checksum");
	for (int i = 0; i < rep->n; i++) {
		const struct xfer_table *t = &rep->t[i];
		char dst[24];
		if (t->dst_rows < 0)
			snprintf(dst, sizeof dst, "missing");
		else
			snprintf(dst, sizeof dst, "%lld", (long long)t->dst_rows);
		printf("%-24s %12lld %12s  %s\n", t->name, (long long)t->src_rows, dst,
		       t->match ? "ok" : "DIFFERS");
		bad += !t->match;
		rows += t->src_rows;
	}
	printf("%d tables, %lld rows%s: %s\n", rep->n, (long long)rows,
	       copied ? " copied" : "", bad ? "DIFFERENCES FOUND" : "all match");
	return bad;
}

/* Compares every table of the two, prints the table, closes both. */
static int verify(struct cli *s, struct cli *d, int copied, const char *from, const char *to)
{
	struct xfer_report rep = { 0 };
	char err[512];
	int rc = store_transfer_verify(s->ctx.db, d->ctx.db, &rep, err, sizeof err);
	cli_close(d);
	cli_close(s);
	if (rc < 0) {
		store_transfer_report_free(&rep);
		return cli_fail(1, "migrate-data", "%s", err);
	}
	rc = print_report(&rep, copied);
	store_transfer_report_free(&rep);
	return rc ? cli_fail(1, "migrate-data", copied ? "%s and %s differ after the copy"
							: "%s and %s differ", from, to) : 0;
}

int cmd_migrate_data(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "verify-only", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	int verify_only = 0, c, rc, created = 0;
	char err[1024];
	struct cli s, d;
	struct xfer_report rep = { 0 };

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (c == 'v')
			verify_only = 1;
		else
			return cli_fail(2, "migrate-data", USAGE);
	}
	if (!from || !to || !*from || !*to || optind < argc)
		return cli_fail(2, "migrate-data", USAGE);
	if (!store_exists(from))
		return cli_fail(1, "migrate-data", "%s does not exist", from);
	if (verify_only && !store_exists(to))
		return cli_fail(1, "migrate-data", "%s does not exist", to);
	if (cli_open(&s, from, 0, 0) < 0)
		return 1;
	if (verify_only) {
		if (cli_open(&d, to, 0, 0) < 0) {
			cli_close(&s);
			return 1;
		}
		return verify(&s, &d, 0, from, to);
	}

	created = !store_is_url(to) && access(to, F_OK) != 0;
	if (cli_open(&d, to, 1, 1) < 0) {
		cli_close(&s);
		return 1;
	}
	rc = store_transfer_check_empty(s.ctx.db, d.ctx.db, err, sizeof err);
	if (rc == 0)
		rc = store_transfer_copy(s.ctx.db, d.ctx.db, &rep, err, sizeof err);
	if (rc != 0) {
		cli_close(&d);
		cli_close(&s);
		if (rc < 0 && created) {   /* leave nothing half-made behind */
			char p[4096];
			unlink(to);
			snprintf(p, sizeof p, "%s-wal", to);
			unlink(p);
			snprintf(p, sizeof p, "%s-shm", to);
			unlink(p);
		}
		store_transfer_report_free(&rep);
		return cli_fail(1, "migrate-data", "%s", err);
	}
	fprintf(stderr, "shenrong migrate-data: copied %lld rows of %d tables in %.1f s;"
		" verifying\n", (long long)rep.rows, rep.n, rep.seconds);
	store_transfer_report_free(&rep);
	return verify(&s, &d, 1, from, to);
}
