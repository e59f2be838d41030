/*
 * demo_data.c — the demo's data files.  See demo_data.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/demo_data.h"
#include "core/banned.h"

void demo_tsv_free(struct demo_tsv *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->rows);
	free(t->head);
	free(t->buf);
	memset(t, 0, sizeof *t);
}

/* Splits line at tabs into a malloc'd array of exactly n fields (missing
 * fields are ""); NULL if it has more than n. */
static char **split_line(char *line, size_t n)
{
	char **f = calloc(n ? n : 1, sizeof *f);
	size_t k = 0;
	if (!f)
		return NULL;
	f[k++] = line;
	for (char *p = line; *p; p++) {
		if (*p != '\t')
			continue;
		*p = '\0';
		if (k == n) {
			free(f);
			return NULL;
		}
		f[k++] = p + 1;
	}
	for (; k < n; k++)
		f[k] = "";
	return f;
}

int demo_tsv_load(struct demo_tsv *t, const char *dir, const char *name, struct derr *e)
{
	char path[1024];
	FILE *fp;
	long size;
	char *line, *next;
	size_t cap = 0;

	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(fp = fopen(path, "rb")))
		return derr_set(e, DERR_INVALID, "not_found", "demo", "cannot open %s: %s",
				path, strerror(errno));
	if (fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) < 0 ||
	    !(t->buf = malloc((size_t)size + 1)) ||
	    fread(t->buf, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		free(t->buf);
		t->buf = NULL;
		return derr_set(e, DERR_INTERNAL, "internal", "demo", "cannot read %s", path);
	}
	fclose(fp);
	t->buf[size] = '\0';
	for (line = t->buf; line && *line; line = next) {
		size_t len;
		char **f;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (!t->head) {
			t->ncols = 1;
			for (char *p = line; *p; p++)
				t->ncols += *p == '\t';
			if (!(t->head = split_line(line, t->ncols)))
				goto oom;
			continue;
		}
		if (!(f = split_line(line, t->ncols))) {
			demo_tsv_free(t);
			return derr_set(e, DERR_INVALID, "invalid", "demo",
					"%s: a row has more fields than the header", path);
		}
		if (t->nrows == cap) {
			char ***nr = realloc(t->rows, (cap = cap ? cap * 2 : 64) * sizeof *nr);
			if (!nr) {
				free(f);
				goto oom;
			}
			t->rows = nr;
		}
		t->rows[t->nrows++] = f;
	}
	if (!t->head) {
		demo_tsv_free(t);
		return derr_set(e, DERR_INVALID, "invalid", "demo", "%s is empty", path);
	}
	return 0;
oom:
	demo_tsv_free(t);
	return derr_set(e, DERR_INTERNAL, "internal", "demo", "out of memory reading %s", path);
}

int demo_tsv_col(const struct demo_tsv *t, const char *name, struct derr *e)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], name) == 0)
			return (int)i;
	derr_set(e, DERR_INVALID, "invalid", "demo", "%s has no column %s", t->name, name);
	return -1;
}

size_t demo_split(char *s, char sep, char **parts, size_t max)
{
	size_t n = 0;
	if (!s || !*s)
		return 0;
	parts[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == sep) {
			*p = '\0';
			parts[n++] = p + 1;
		}
	return n;
}
