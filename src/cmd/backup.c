/*
 * backup.c — `shenrong backup` and `shenrong restore`: a consistent copy of
 * a running database (SQLite's online backup API, or pg_dump), and bringing
 * one back (then the migrations, so an older backup is upgraded).  The work
 * is the store's (store/transfer.h); this file reads options and reports.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "store/store.h"
#include "store/transfer.h"
#include "core/banned.h"

#define BACKUP_USAGE "usage: shenrong backup --db DB --to FILE [--force]"
#define RESTORE_USAGE "usage: shenrong restore --db DB --from FILE [--force]"

static const char *human(int64_t bytes, char *out, size_t n)
{
	if (bytes >= 1048576)
		snprintf(out, n, "%.1f MB", (double)bytes / 1048576.0);
	else
		snprintf(out, n, "%.1f kB", (double)bytes / 1024.0);
	return out;
}

/* --db X and --to/--from Y, and --force. */
static int parse(int argc, char **argv, const char *other, const char **db, const char **file,
		 int *force)
{
	const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ other, required_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	*db = *file = NULL;
	*force = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			*db = optarg;
		else if (c == 'f')
			*file = optarg;
		else if (c == 'F')
			*force = 1;
		else
			return -1;
	}
	return *db && *file && *db[0] && *file[0] && optind == argc ? 0 : -1;
}

int cmd_backup(int argc, char **argv)
{
	const char *db, *file;
	int force, rc;
	char err[1024], size[32];
	struct backup_info bi;

	if (parse(argc, argv, "to", &db, &file, &force) < 0)
		return cli_fail(2, "backup", BACKUP_USAGE);
	if (!store_exists(db))
		return cli_fail(1, "backup", "%s does not exist", db);
	rc = store_backup(db, file, force, &bi, err, sizeof err);
	if (rc != 0)
		return cli_fail(1, "backup", "%s", err);
	printf("shenrong backup: wrote %s (%s, %d tables) in %.1f s\n", file,
	       human(bi.bytes, size, sizeof size), bi.tables, bi.seconds);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	const char *db, *file;
	int force, rc, version;
	char err[1024], size[32];
	struct backup_info bi;
	struct cli cli;

	if (parse(argc, argv, "from", &db, &file, &force) < 0)
		return cli_fail(2, "restore", RESTORE_USAGE);
	if (access(file, F_OK) != 0)
		return cli_fail(1, "restore", "%s does not exist", file);
	rc = store_restore(db, file, force, &bi, err, sizeof err);
	if (rc != 0)
		return cli_fail(1, "restore", "%s", err);
	/* the backup may be from an older schema: bring it up to date, and
	 * show that schema_migrations reads */
	if (cli_open(&cli, db, 0, 1) < 0)
		return cli_fail(1, "restore", "%s was restored but cannot be opened or migrated", db);
	version = store_schema_version(cli.ctx.db);
	printf("shenrong restore: restored %s (%s, %d tables) into %s in %.1f s;"
	       " schema %d (%d migration%s applied)\n", file, human(bi.bytes, size, sizeof size),
	       bi.tables, db, bi.seconds, version, cli.applied, cli.applied == 1 ? "" : "s");
	cli_close(&cli);
	if (version != store_schema_latest())
		return cli_fail(1, "restore", "%s is at schema %d, not %d", db, version,
				store_schema_latest());
	return 0;
}
