/*
 * expert_import.h — keeping the talent pool filled in bulk: import from
 * CSV or XLSX (core/csv.h, core/xlsx.h) with a dry run, and export to CSV
 * or XLSX (libxlsxwriter).
 *
 * The sheet's first row names the columns, in Chinese or English, in any
 * order: 姓名/name, 英文姓名/name_en, 单位/organisation (its name or id),
 * 职称/title (key or label), 学科代码/disciplines, 研究方向/keywords,
 * 英文研究方向/keywords_en, 个人简介/biography, 论文数/papers, 专利数/patents,
 * 主持项目数/projects, 获奖数/awards, ORCID, 电子邮箱/email, 电话/phone.
 * Name, organisation, title and disciplines are required.
 *
 * Every row is checked as the API checks one expert (expert_parse()),
 * then against the store and the rest of the file: the organisation must
 * exist and be one the actor may add experts to; a row must not repeat
 * an expert (same name, organisation and ORCID iD, or the same ORCID
 * iD) already in the pool or earlier in the file.  Every bad row is
 * reported with its line, field and reason (the first EXPERT_IMPORT_MAX_ERRORS
 * are listed, all are counted), and then NOTHING is imported.  A dry
 * run stops after the checks.  A clean file is imported in one
 * transaction with one audit entry (who, how many rows, the id range).
 *
 * Progress is reported through a callback, for the command line and
 * long imports.
 */
#ifndef DOMAIN_EXPERT_IMPORT_H
#define DOMAIN_EXPERT_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "domain/domain.h"
#include "store/expert.h"

#define EXPERT_IMPORT_MAX_ERRORS 1000

struct import_opts {
	int dry_run;
	const char *format;          /* "csv", "xlsx", or NULL to tell by the bytes */
	/* called now and then: stage is "reading", "checking" or "importing" */
	void (*progress)(void *arg, const char *stage, int64_t done, int64_t total);
	void *arg;
};

struct import_error {
	size_t line;                 /* line (CSV) or row (XLSX) of the file */
	const char *field;           /* the column's key, e.g. "orcid"; "" for the row */
	const char *message;
};

struct import_report {
	int dry_run;
	const char *format;
	size_t rows;                 /* data rows read */
	size_t imported;             /* 0 on a dry run or when a row is bad */
	size_t nerrors;              /* bad rows in all */
	struct import_error *errors; /* the first EXPERT_IMPORT_MAX_ERRORS of them */
	size_t nlisted;
	int64_t first_id, last_id;   /* the ids given to the imported experts */
	int64_t usec;
};

/* Imports data[0..len).  0 when the file was read and checked (look at
 * out->nerrors: rows with errors mean nothing was imported); -1 with e
 * when the file cannot be read at all (DERR_INVALID, field "file", the
 * message naming the line), its headings are wrong (field "file"), the
 * actor may not add experts, or the store failed.  Strings in c->a. */
int expert_import(struct ctx *c, const void *data, size_t len, const struct import_opts *o,
		  struct import_report *out, struct derr *e);

/* Writes the experts the filter selects, as "csv" or "xlsx", to out (its
 * limit applies).  System administrators and the office export any,
 * coordinators their region's, organisation administrators their
 * organisation's (the filter is narrowed to that); contact details are
 * included for rows the actor may see them for, and the export is
 * audited.  *rows counts the experts written. */
int expert_export(struct ctx *c, const struct expert_filter *f, const char *format,
		  struct buf *out, int64_t *rows, struct derr *e);

#endif
