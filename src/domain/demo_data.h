/*
 * demo_data.h — the demo's data files (the TSV files of data/demo/ and
 * data/overlap/) read whole, for every demo generator.  Our own files,
 * not outside input: the importers use core/csv.h.
 *
 * The first line that is neither blank nor a comment (#) is the header;
 * each later such line is a row, split in place at tabs into exactly as
 * many fields as the header has (missing ones are ""; more is an error
 * naming the file).  Fields are the caller's to change in place (a
 * "|"-list split with demo_split, say) until demo_tsv_free().
 */
#ifndef DOMAIN_DEMO_DATA_H
#define DOMAIN_DEMO_DATA_H

#include <stddef.h>
#include "domain/domain.h"

struct demo_tsv {
	char name[128];          /* as given to demo_tsv_load, for errors */
	char *buf;
	char **head;
	size_t ncols, nrows;
	char ***rows;
};

/* Reads dir/name; 0, or -1 with e set (and t empty). */
int demo_tsv_load(struct demo_tsv *t, const char *dir, const char *name, struct derr *e);
/* The index of column name; -1 with e set if the file has none. */
int demo_tsv_col(const struct demo_tsv *t, const char *name, struct derr *e);
void demo_tsv_free(struct demo_tsv *t);

/* Splits s in place at sep (a "|"-list, say) into at most max parts, the
 * last keeping the rest; returns the count (0 for NULL or ""). */
size_t demo_split(char *s, char sep, char **parts, size_t max);

#endif
