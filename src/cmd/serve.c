/*
 * serve.c — `shenrong serve`: the web UI and the JSON API.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cmd/cmd.h"
#include "core/util.h"
#include "http/server.h"
#include "core/banned.h"

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_opts o = { .db_path = "shenrong.db", .addr = "127.0.0.1", .port = 8080,
				 .threads = 4, .max_body = 1 << 20, .cache = 1 };
	static char addr[64];
	int c;
	int64_t v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'l': {
			const char *colon = strrchr(optarg, ':');
			if (!colon || (size_t)(colon - optarg) >= sizeof addr ||
			    parse_i64(colon + 1, 1, 65535, &v) < 0)
				return cli_fail(2, "serve", "--listen takes ADDR:PORT, e.g. 127.0.0.1:8080");
			memcpy(addr, optarg, (size_t)(colon - optarg));
			addr[colon - optarg] = '\0';
			o.addr = addr;
			o.port = (unsigned short)v;
			break;
		}
		case 't':
			if (parse_i64(optarg, 1, 256, &v) < 0)
				return cli_fail(2, "serve", "--threads takes 1 to 256");
			o.threads = (int)v;
			break;
		case 'b':
			if (parse_i64(optarg, 1024, (int64_t)1 << 30, &v) < 0)
				return cli_fail(2, "serve", "--max-body takes 1024 to 1073741824 bytes");
			o.max_body = (size_t)v;
			break;
		case 'n':
			o.cache = 0;
			break;
		default:
			return cli_fail(2, "serve", "usage: shenrong serve [--db PATH] [--listen ADDR:PORT]"
					" [--threads N] [--max-body BYTES] [--no-cache]");
		}
	}
	if (optind < argc)
		return cli_fail(2, "serve", "unexpected argument '%s'", argv[optind]);
	return server_run(&o) == 0 ? 0 : 1;
}
