/*
 * cmd.h — the subcommands of `shenrong`, one file each, git style.
 *
 * Each returns the process exit status: 0 success, 1 a runtime failure,
 * 2 a usage error.  Messages go to stderr and say what was wrong.
 * Adding a command takes: cmd/<name>.c, a line in main.c's table, a
 * prototype here, and a test (tests/cli.sh).
 */
#ifndef CMD_CMD_H
#define CMD_CMD_H

#include "core/arena.h"
#include "domain/domain.h"

struct store;

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_experts(int argc, char **argv);   /* talent pool import/export */
int cmd_check(int argc, char **argv);     /* one text against every guide item, project, challenge */
int cmd_reindex(int argc, char **argv);   /* rebuild the platform-wide search index */
int cmd_backup(int argc, char **argv);    /* consistent copy of a database */
int cmd_restore(int argc, char **argv);   /* bring a backup back */
int cmd_migrate_data(int argc, char **argv); /* move a community between databases */

/* Shared by commands: a one-connection store on path (created when
 * create is set, migrated when migrate is set), and a system ctx on it. */
struct cli {
	struct store *store;
	struct arena a;
	struct ctx ctx;
	int applied;         /* migrations applied by cli_open */
};
int cli_open(struct cli *c, const char *path, int create, int migrate);
void cli_close(struct cli *c);
/* Prints "shenrong <cmd>: <message>" to stderr; returns status. */
int cli_fail(int status, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The default community file (share/data/community/yrd.tsv). */
const char *cli_default_community(void);

#endif
