/*
 * main.c — the table of subcommands (git's commands[] in git.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cmd.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/auth.h"
#include "text/tokenize.h"
#include "core/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
	{ "serve", cmd_serve, "serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--no-cache]" },
	{ "init", cmd_init, "init --db PATH [--community FILE]" },
	{ "demo", cmd_demo, "demo --db PATH [--scale X] [--seed N] [--quiet]" },
	{ "user", cmd_user, "user add --db PATH --name NAME --role ROLE [--org ID] [--region CODE]"
			    " [--display NAME] --password-stdin" },
	{ "migrate", cmd_migrate, "migrate --db PATH" },
	{ "experts", cmd_experts, "experts import --db PATH FILE [--dry-run] [--format csv|xlsx] |"
				  " experts export --db PATH [--format csv|xlsx] [--out FILE]" },
	{ "check", cmd_check, "check FILE [--db PATH] [--json] [--limit N]" },
	{ "reindex", cmd_reindex, "reindex --db PATH" },
	{ "backup", cmd_backup, "backup --db DB --to FILE [--force]" },
	{ "restore", cmd_restore, "restore --db DB --from FILE [--force]" },
	{ "migrate-data", cmd_migrate_data, "migrate-data --from SRC --to DST [--verify-only]" },
};

static int usage(FILE *out)
{
	fprintf(out, "usage: shenrong <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  shenrong %s\n", commands[i].usage);
	fprintf(out, "  shenrong help\n  shenrong --version\n");
	return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	int rc;
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("shenrong %s\n", SHENRONG_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return usage(stdout);
	if (getenv("SHENRONG_LOG") && strcmp(getenv("SHENRONG_LOG"), "warn") == 0)
		log_threshold = LOG_WARN;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		/* SHENRONG_FAST_HASH=1 is for test suites only: Argon2id at
		 * its minimum cost so thousands of logins stay quick */
		if (auth_init(getenv("SHENRONG_FAST_HASH") != NULL) < 0)
			return 1;
		rc = commands[i].fn(argc - 1, argv + 1);
		tokenizer_global_free();
		return rc;
	}
	fprintf(stderr, "shenrong: '%s' is not a command\n", argv[1]);
	return usage(stderr);
}
