/*
 * statement.h — an organisation's monthly statement of fees earned (收费
 * 结算单): every booking on its instruments checked out in the month (China
 * Standard Time), with the user, the fee class, the checked-in time, the
 * hourly rate and the fee, and totals per fee class; as JSON, CSV (RFC
 * 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese) and
 * XLSX (libxlsxwriter).
 *
 * Readable by the organisation's administrators, system administrators,
 * the community office and the coordinator of its region.
 */
#ifndef DOMAIN_STATEMENT_H
#define DOMAIN_STATEMENT_H

#include <jansson.h>
#include "core/buf.h"
#include "domain/domain.h"
#include "store/booking.h"

struct statement {
	struct org org;
	int year, month;
	int64_t from, to;              /* [from, to): the month in CST */
	struct booking *rows;
	size_t n;
	int64_t total_fen, total_s;
	int64_t class_fen[3], class_s[3];   /* internal, external, cross_region */
};

/* May the actor read the statements of organisation org_id?  (For links.) */
int statement_may_read_org(struct ctx *c, int64_t org_id);
/* month is "YYYY-MM"; NULL or "" means the month of now. */
int statement_get(struct ctx *c, int64_t org_id, const char *month, int64_t now,
		  struct statement *out, struct derr *e);
json_t *statement_json(const struct statement *s);
/* Appends the statement to out: 0, or -1 (out of memory or the limit). */
int statement_csv(const struct statement *s, struct buf *out);
/* Writes the workbook into out: 0, or -1 with e set. */
int statement_xlsx(const struct statement *s, struct buf *out, struct derr *e);
/* "statement-<org>-<YYYY-MM>.<ext>" into a. */
const char *statement_filename(struct arena *a, const struct statement *s, const char *ext);

#endif
