/*
 * discipline.c — the GB/T 13745 table, read once.  See discipline.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/utf8.h"
#include "domain/discipline.h"
#include "core/banned.h"

#ifndef SHENRONG_SHARE_DIR
#define SHENRONG_SHARE_DIR "."
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *want_path;
static char *text;                   /* the file, split in place */
static struct discipline *table;
static size_t ntable;

static int digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct discipline *)a)->code, ((const struct discipline *)b)->code);
}

static const struct discipline *find(const char *code)
{
	size_t lo = 0, hi = ntable;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, table[mid].code);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Reads and checks the file; on any fault the table stays empty. */
static void load(void)
{
	char path[1024];
	const char *share = getenv("SHENRONG_SHARE");
	FILE *fp;
	long size;
	size_t cap = 0, lineno = 0;
	char *line, *next;

	if (want_path)
		snprintf(path, sizeof path, "%s", want_path);
	else
		snprintf(path, sizeof path, "%s/data/disciplines/gbt13745.tsv",
			 share && *share ? share : SHENRONG_SHARE_DIR);
	if (!(fp = fopen(path, "rb"))) {
		log_warn("disciplines: cannot open %s: %s", path, strerror(errno));
		return;
	}
	if (fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) < 0 ||
	    !(text = malloc((size_t)size + 1)) || fread(text, 1, (size_t)size, fp) != (size_t)size) {
		log_warn("disciplines: cannot read %s", path);
		goto fail;
	}
	text[size] = '\0';
	if (!utf8_valid(text, (size_t)size)) {
		log_warn("disciplines: %s is not valid UTF-8", path);
		goto fail;
	}
	for (line = text; line && *line; line = next) {
		char *f[4];
		int k = 0;
		lineno++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0' || strncmp(line, "code\t", 5) == 0)
			continue;
		f[k++] = line;
		for (char *p = line; *p && k < 4; p++)
			if (*p == '\t') {
				*p = '\0';
				f[k++] = p + 1;
			}
		if (k != 4 || strchr(f[3], '\t') || !*f[2] || !*f[3] ||
		    !(digits(f[0], 3) ? !*f[1] : digits(f[0], 5) && strncmp(f[0], f[1], 3) == 0 &&
		      digits(f[1], 3))) {
			log_warn("disciplines: %s:%zu: expected code, parent, name_zh, name_en",
				 path, lineno);
			goto fail;
		}
		if (ntable == cap) {
			struct discipline *nt = realloc(table, (cap = cap ? cap * 2 : 512) * sizeof *nt);
			if (!nt)
				goto fail;
			table = nt;
		}
		table[ntable].code = f[0];
		table[ntable].parent = *f[1] ? f[1] : NULL;
		table[ntable].name_zh = f[2];
		table[ntable].name_en = f[3];
		ntable++;
	}
	fclose(fp);
	fp = NULL;
	qsort(table, ntable, sizeof *table, by_code);
	for (size_t i = 0; i < ntable; i++)
		if ((i && strcmp(table[i - 1].code, table[i].code) == 0) ||
		    (table[i].parent && !find(table[i].parent))) {
			log_warn("disciplines: %s: code %s repeated or without its parent",
				 path, table[i].code);
			goto fail;
		}
	return;
fail:
	if (fp)
		fclose(fp);
	free(table);
	free(text);
	table = NULL;
	text = NULL;
	ntable = 0;
}

int discipline_load(const char *path)
{
	want_path = path;
	pthread_once(&once, load);
	return ntable ? 0 : -1;
}

const struct discipline *discipline_find(const char *code)
{
	pthread_once(&once, load);
	return code ? find(code) : NULL;
}

const struct discipline *discipline_list(size_t *n)
{
	pthread_once(&once, load);
	*n = ntable;
	return ntable ? table : NULL;
}

int discipline_check(const char *code, const char *field, struct derr *e)
{
	if (!code || !(digits(code, 3) || digits(code, 5)))
		return derr_set(e, DERR_INVALID, "wrong_type", field,
				"%s: a discipline code is 3 or 5 digits (GB/T 13745), e.g. 520 or 52020",
				field);
	if (!discipline_find(code)) {
		if (!ntable)
			return derr_set(e, DERR_INTERNAL, "internal", field,
					"the discipline table (data/disciplines/gbt13745.tsv) is missing");
		return derr_set(e, DERR_INVALID, "unknown_discipline", field,
				"%s: %s is not a discipline code of GB/T 13745", field, code);
	}
	return 0;
}

const char *discipline_name(const char *code, const char *lang)
{
	const struct discipline *d = discipline_find(code);
	if (!d)
		return code;
	return lang && strcmp(lang, "en") == 0 ? d->name_en : d->name_zh;
}
