/*
 * user.c — `shenrong user add`: accounts from the command line, the
 * password read from standard input so it never shows in `ps`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "cmd/cmd.h"
#include "core/util.h"
#include "domain/auth.h"
#include "core/banned.h"

#define USAGE "usage: shenrong user add --db PATH --name NAME --role ROLE [--org ID]" \
	      " [--region CODE] [--display NAME] --password-stdin"

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "region", required_argument, NULL, 'g' },
		{ "display", required_argument, NULL, 'D' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct account acc = { 0 };
	const char *db = NULL;
	char pw[AUTH_PASSWORD_MAX + 2];
	struct derr e = { 0 };
	struct cli cli;
	int c, from_stdin = 0, rc;
	int64_t id;
	size_t len;

	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_fail(2, "user", USAGE);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': acc.username = optarg; break;
		case 'r': acc.role = optarg; break;
		case 'g': acc.region_code = optarg; break;
		case 'D': acc.display_name = optarg; break;
		case 'p': from_stdin = 1; break;
		case 'o':
			if (parse_i64(optarg, 1, INT64_MAX, &acc.org_id) < 0)
				return cli_fail(2, "user", "--org takes an organisation id");
			break;
		default:
			return cli_fail(2, "user", USAGE);
		}
	}
	if (!db || !acc.username || !acc.role || !from_stdin || optind < argc)
		return cli_fail(2, "user", USAGE);
	if (!fgets(pw, sizeof pw, stdin))
		return cli_fail(2, "user", "no password on standard input");
	len = strlen(pw);
	while (len && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
		pw[--len] = '\0';
	if (cli_open(&cli, db, 0, 0) < 0)
		return 1;
	rc = auth_account_create(&cli.ctx, &acc, pw, &id, &e);
	sodium_memzero(pw, sizeof pw);
	cli_close(&cli);
	if (rc < 0)
		return cli_fail(1, "user",
				"%s%s%s", e.message, e.field[0] ? " — field " : "", e.field);
	printf("%lld\n", (long long)id);
	return 0;
}
