/*
 * community.c — loading regions and cities.  See community.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"
#include "domain/community.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_FIELDS 6

static int code_ok(const char *s)
{
	if (strlen(s) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Splits line at tabs into f (at most MAX_FIELDS); returns the count. */
static int split_tabs(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < MAX_FIELDS; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

int community_load(struct ctx *c, const char *path, struct derr *e)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	int lineno = 0, rc = 0, sort = 0;

	if (!fp)
		return derr_set(e, DERR_INVALID, "not_found", "community",
				"cannot open %s", path);
	if ((rc = store_begin(c->db)) < 0) {
		fclose(fp);
		return derr_store(e, rc, "loading the community");
	}
	while (fgets(line, sizeof line, fp)) {
		char *f[MAX_FIELDS];
		size_t len = strlen(line);
		int n;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (!utf8_valid(line, len)) {
			rc = derr_set(e, DERR_INVALID, "bad_encoding", "community",
				      "%s:%d is not valid UTF-8", path, lineno);
			break;
		}
		n = split_tabs(line, f);
		if (strcmp(f[0], "community") == 0 && n == 3) {
			if ((rc = store_meta_set(c->db, "community_zh", f[1])) < 0 ||
			    (rc = store_meta_set(c->db, "community_en", f[2])) < 0)
				break;
		} else if (strcmp(f[0], "region") == 0 && n == 4 && code_ok(f[1])) {
			struct region g = { .code = f[1], .name_zh = f[2], .name_en = f[3] };
			if ((rc = store_region_put(c->db, &g, sort++)) < 0)
				break;
		} else if (strcmp(f[0], "city") == 0 && n == 5 && code_ok(f[1]) && code_ok(f[2])) {
			struct city ct = { .code = f[1], .region_code = f[2], .name_zh = f[3],
					   .name_en = f[4] };
			if ((rc = store_city_put(c->db, &ct, sort++)) < 0) {
				if (rc == DB_CONSTRAINT)
					rc = derr_set(e, DERR_INVALID, "not_found", "community",
						      "%s:%d: region %s is not defined above",
						      path, lineno, f[2]);
				break;
			}
		} else {
			rc = derr_set(e, DERR_INVALID, "invalid", "community",
				      "%s:%d: expected a community, region or city line", path, lineno);
			break;
		}
	}
	fclose(fp);
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, "loading the community");
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, "loading the community");
	return 0;
}
