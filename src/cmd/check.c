/*
 * check.c — `shenrong check FILE`: one proposal against every guide item,
 * funded project and open challenge in the database, with scores and the
 * shared passages, as text or as the API's JSON.
 *
 * FILE is UTF-8 text ("-" reads standard input): its first line is the
 * title, the rest the research content; a line starting with 考核指标 or
 * "Indicators" starts the target indicators.  Exit status: 0 when the
 * check ran (whatever it found), 1 if it could not, 2 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "store/store.h"
#include "core/util.h"
#include "domain/overlap.h"
#include "core/banned.h"

#define USAGE "usage: shenrong check FILE [--db PATH] [--json] [--limit N]"
#define MAX_FILE (1 << 20)

/* Reads path ("-": stdin) into a NUL-terminated malloc'd buffer, at most
 * MAX_FILE + 1 bytes (*len tells whether there was more than MAX_FILE). */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *b;
	size_t n = 0, k;

	if (!f)
		return NULL;
	if ((b = malloc(MAX_FILE + 2)))
		while (n <= MAX_FILE && (k = fread(b + n, 1, MAX_FILE + 1 - n, f)) > 0)
			n += k;
	if (f != stdin)
		fclose(f);
	if (b)
		b[n] = '\0';
	*len = n;
	return b;
}

/* Splits text in place: title (first non-empty line), content, and the
 * indicators after a line starting with 考核指标 / Indicators. */
static void split(char *text, const char **title, const char **content, const char **ind)
{
	char *p = text, *nl;
	*title = NULL;
	*ind = NULL;
	while (*p == '\n' || *p == '\r')
		p++;
	nl = strchr(p, '\n');
	if (nl && nl[1]) {
		*title = p;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
	}
	*content = p;
	for (char *line = p; line && *line; ) {
		char *next = strchr(line, '\n');
		if (strncmp(line, "考核指标", strlen("考核指标")) == 0 ||
		    strncmp(line, "Indicators", 10) == 0 || strncmp(line, "indicators", 10) == 0) {
			if (line > p)
				line[-1] = '\0';
			*ind = line;
			if (line == p)
				*content = "";
			break;
		}
		line = next ? next + 1 : NULL;
	}
}

static void pct(const char *label, double v)
{
	if (v < 0)
		printf("%s —", label);
	else
		printf("%s %d%%", label, (int)(v * 100 + 0.5));
}

static void passages(const char *who, const char *text, const struct hl_range *r, size_t n)
{
	for (size_t i = 0; i < n && i < 5; i++)
		printf("     %s «%.*s»\n", who, (int)(r[i].end - r[i].start), text + r[i].start);
}

static const char *kind_name(const char *k)
{
	return strcmp(k, "project") == 0 ? "funded project" :
	       strcmp(k, "challenge") == 0 ? "challenge" : "guide item";
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "shenrong.db", *title, *content, *ind;
	struct overlap_result res;
	struct derr e = { 0 };
	struct cli cli;
	int c, json = 0, rc = 1;
	int64_t limit = 10;
	size_t len;
	char *text;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'l':
			if (parse_i64(optarg, 1, OVERLAP_CHECK_LIMIT, &limit) < 0)
				return cli_fail(2, "check", "--limit takes 1 to %d", OVERLAP_CHECK_LIMIT);
			break;
		default:
			return cli_fail(2, "check", USAGE);
		}
	}
	if (optind != argc - 1)
		return cli_fail(2, "check", USAGE);
	if (!(text = read_all(argv[optind], &len)))
		return cli_fail(1, "check", "cannot read %s", argv[optind]);
	if (len > MAX_FILE) {
		free(text);
		return cli_fail(1, "check", "%s is larger than 1 MB; a proposal is at most %d characters",
				argv[optind], OVERLAP_CONTENT_MAX);
	}
	if (strlen(text) != len) {
		free(text);
		return cli_fail(1, "check", "%s holds a NUL byte: it is not a text file", argv[optind]);
	}
	if (!store_exists(db)) {
		free(text);
		return cli_fail(1, "check", "%s does not exist", db);
	}
	if (cli_open(&cli, db, 0, 0) < 0) {
		free(text);
		return 1;
	}
	split(text, &title, &content, &ind);
	if (overlap_check(&cli.ctx, title, content, ind, (size_t)limit, &res, &e) < 0) {
		cli_fail(1, "check", "%s%s%s", e.message, e.field[0] ? ": field " : "", e.field);
		goto out;
	}
	if (json) {
		json_t *j = overlap_result_json(&res);
		char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) : NULL;
		json_decref(j);
		if (!s) {
			cli_fail(1, "check", "out of memory");
			goto out;
		}
		puts(s);
		free(s);
		rc = 0;
		goto out;
	}
	printf("%zu close documents among %zu (%.1f ms)\n", res.n, res.searched,
	       (double)res.usec / 1000);
	for (size_t i = 0; i < res.n; i++) {
		const struct overlap_match *m = &res.m[i];
		printf("\n%zu. %d%%  %s  %s #%lld", i + 1, (int)(m->score.score * 100 + 0.5), m->level,
		       kind_name(m->doc.kind), (long long)m->doc.ref_id);
		if (m->doc.region_zh && m->doc.year)
			printf(" (%s, %lld)", m->doc.region_zh, (long long)m->doc.year);
		else if (m->doc.region_zh)
			printf(" (%s)", m->doc.region_zh);
		else if (m->doc.year)
			printf(" (%lld)", (long long)m->doc.year);
		printf("  %s\n   ", m->doc.title);
		pct("copy", m->score.copy);
		pct(" · Jaccard", m->score.jaccard);
		pct(" · topic", m->score.topic);
		pct(" · title", m->score.part[0]);
		pct(" · content", m->score.part[1]);
		pct(" · indicators", m->score.part[2]);
		printf("\n");
		for (int p = 0; p < OV_PARTS; p++)
			passages("this: ", p == 0 ? title : p == 1 ? content : ind, m->q[p], m->nq[p]);
	}
	rc = 0;
out:
	cli_close(&cli);
	free(text);
	return rc;
}
