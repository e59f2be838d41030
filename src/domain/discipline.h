/*
 * discipline.h — the national classification of disciplines, GB/T 13745
 * (学科分类与代码), first and second level, from
 * data/disciplines/gbt13745.tsv.  Experts are filed under its codes:
 * three digits for a first-level discipline (520 计算机科学技术), five
 * for a second-level one (52020 人工智能), whose first three digits are
 * its parent's code.
 *
 * The table is read once per process, on first use, and is read-only
 * afterwards: every function here is thread-safe.
 */
#ifndef DOMAIN_DISCIPLINE_H
#define DOMAIN_DISCIPLINE_H

#include <stddef.h>
#include "domain/domain.h"

struct discipline {
	const char *code;        /* "520" or "52020" */
	const char *parent;      /* the first-level code, or NULL for one */
	const char *name_zh, *name_en;
};

/* Loads the table from path now (tests; NULL: the default path below).
 * Only the first call, or the first use, reads a file: later calls
 * return what that gave.  0, or -1 if the file cannot be read or is
 * malformed (the reason is logged).  The default is
 * $SHENRONG_SHARE/data/disciplines/gbt13745.tsv, else the build folder's. */
int discipline_load(const char *path);

/* The discipline with this code, or NULL (unknown, or no table). */
const struct discipline *discipline_find(const char *code);
/* All of them, sorted by code (each first level before its children);
 * NULL with *n = 0 if the table could not be read. */
const struct discipline *discipline_list(size_t *n);
/* 0 if code is a known discipline; else -1 with e naming field: a code
 * that is not 3 or 5 digits, or one the classification does not have. */
int discipline_check(const char *code, const char *field, struct derr *e);
/* The name in lang ("en", else Chinese); the code itself if unknown. */
const char *discipline_name(const char *code, const char *lang);

#endif
