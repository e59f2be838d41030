/*
 * statement.c — monthly fee statements as JSON, CSV and XLSX.  See
 * statement.h.  libxlsxwriter writes to a file, so the workbook is made in
 * a private temporary file, read back and removed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/cst.h"
#include "domain/booking.h"
#include "domain/statement.h"
#include "store/store.h"
#include "core/banned.h"

static int class_index(const char *fee_class)
{
	return !strcmp(fee_class, "internal") ? 0 : !strcmp(fee_class, "external") ? 1 : 2;
}

static int may_read(const struct ctx *c, const struct org *o)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return c->user->region_code && !strcmp(c->user->region_code, o->region_code);
	case ROLE_ORG_ADMIN:
		return c->user->org_id == o->id;
	default:
		return 0;
	}
}

int statement_may_read_org(struct ctx *c, int64_t org_id)
{
	struct org o;
	if (!c->user || store_org_get(c->db, c->a, org_id, &o) != 0)
		return 0;
	return may_read(c, &o);
}

int statement_get(struct ctx *c, int64_t org_id, const char *month, int64_t now,
		  struct statement *out, struct derr *e)
{
	int rc;
	memset(out, 0, sizeof *out);
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to read statements");
	if (month && *month) {
		if (cst_parse_month(month, &out->year, &out->month) < 0 || out->year < 2000 ||
		    out->year > 2100)
			return derr_set(e, DERR_INVALID, "bad_month", "month",
					"month must be YYYY-MM, e.g. 2026-11");
	} else {
		int d;
		cst_civil(cst_day(now), &out->year, &out->month, &d);
	}
	rc = store_org_get(c->db, c->a, org_id, &out->org);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"organisation %lld does not exist", (long long)org_id);
	if (rc < 0)
		return derr_store(e, rc, "reading the organisation");
	if (!may_read(c, &out->org))
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"only the organisation's administrators, its region's coordinator"
				" and the office read its statements");
	out->from = cst_month_start(out->year, out->month);
	out->to = cst_month_start(out->year, out->month + 1);
	rc = store_statement_rows(c->db, c->a, org_id, out->from, out->to, &out->rows, &out->n);
	if (rc < 0)
		return derr_store(e, rc, "reading the statement");
	for (size_t i = 0; i < out->n; i++) {
		const struct booking *b = &out->rows[i];
		int64_t s = b->checked_out_at - b->checked_in_at;
		int k = class_index(b->fee_class);
		out->total_fen += b->fee_fen;
		out->total_s += s;
		out->class_fen[k] += b->fee_fen;
		out->class_s[k] += s;
	}
	return 0;
}

const char *statement_filename(struct arena *a, const struct statement *s, const char *ext)
{
	return arena_printf(a, "statement-%lld-%04d-%02d.%s", (long long)s->org.id, s->year,
			    s->month, ext);
}

/* "YYYY-MM" of the statement (a static per thread). */
static const char *month_str(const struct statement *s)
{
	static _Thread_local char m[16];
	snprintf(m, sizeof m, "%04d-%02d", s->year, s->month);
	return m;
}

static double hours2(int64_t secs)
{
	return (double)((secs + 18) / 36) / 100.0;
}

json_t *statement_json(const struct statement *s)
{
	static const char *const classes[] = { "internal", "external", "cross_region" };
	json_t *lines = json_array(), *by = json_object();
	for (size_t i = 0; i < s->n; i++) {
		const struct booking *b = &s->rows[i];
		json_array_append_new(lines, json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:f, s:f, s:f}",
			"booking_id", (json_int_t)b->id, "instrument_id", (json_int_t)b->instrument_id,
			"instrument_zh", b->instrument_zh, "username", b->username ? b->username : "",
			"user_org_zh", b->user_org_zh ? b->user_org_zh : "", "fee_class", b->fee_class,
			"checked_in_at", (json_int_t)b->checked_in_at,
			"checked_out_at", (json_int_t)b->checked_out_at,
			"hours", hours2(b->checked_out_at - b->checked_in_at), "rate", b->rate,
			"fee", (double)b->fee_fen / 100.0));
	}
	for (int k = 0; k < 3; k++)
		json_object_set_new(by, classes[k], json_pack("{s:f, s:f}", "hours",
			hours2(s->class_s[k]), "fee", (double)s->class_fen[k] / 100.0));
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:o, s:f, s:f, s:o}",
		"org_id", (json_int_t)s->org.id, "org_zh", s->org.name_zh,
		"month", month_str(s), "from", (json_int_t)s->from, "to", (json_int_t)s->to,
		"count", (json_int_t)s->n, "lines", lines, "hours", hours2(s->total_s),
		"fee", (double)s->total_fen / 100.0, "by_class", by);
}

/* ---- CSV ---------------------------------------------------------------- */

/* One RFC 4180 field: quoted when it holds a comma, quote or line break;
 * a leading = + - @ is prefixed with ' so spreadsheets never run it. */
static int csv_field(struct buf *out, const char *v, int last)
{
	int rc = 0;
	if (!v)
		v = "";
	int formula = v[0] && strchr("=+-@", v[0]);
	if (formula || strpbrk(v, ",\"\r\n")) {
		rc |= buf_addch(out, '"');
		if (formula)
			rc |= buf_addch(out, '\'');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				rc |= buf_addch(out, '"');
			rc |= buf_addch(out, *p);
		}
		rc |= buf_addch(out, '"');
	} else {
		rc |= buf_adds(out, v);
	}
	rc |= last ? buf_adds(out, "\r\n") : buf_addch(out, ',');
	return rc;
}

int statement_csv(const struct statement *s, struct buf *out)
{
	static const char *const head[] = {
		"预约编号 booking", "仪器编号 instrument id", "仪器 instrument", "用户 user",
		"用户单位 user organisation", "收费类别 fee class", "签到 checked in",
		"签退 checked out", "机时 hours", "单价 rate (CNY/h)", "费用 fee (CNY)",
	};
	char num[64], t1[24], t2[24];
	int rc = buf_adds(out, "\xEF\xBB\xBF");   /* the BOM: Excel then reads UTF-8 */
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		rc |= csv_field(out, head[i], i + 1 == sizeof head / sizeof head[0]);
	for (size_t i = 0; i < s->n; i++) {
		const struct booking *b = &s->rows[i];
		snprintf(num, sizeof num, "%lld", (long long)b->id);
		rc |= csv_field(out, num, 0);
		snprintf(num, sizeof num, "%lld", (long long)b->instrument_id);
		rc |= csv_field(out, num, 0);
		rc |= csv_field(out, b->instrument_zh, 0);
		rc |= csv_field(out, b->username, 0);
		rc |= csv_field(out, b->user_org_zh, 0);
		rc |= csv_field(out, b->fee_class, 0);
		cst_format_short(b->checked_in_at, t1, sizeof t1);
		cst_format_short(b->checked_out_at, t2, sizeof t2);
		rc |= csv_field(out, t1, 0);
		rc |= csv_field(out, t2, 0);
		snprintf(num, sizeof num, "%.2f", hours2(b->checked_out_at - b->checked_in_at));
		rc |= csv_field(out, num, 0);
		snprintf(num, sizeof num, "%.2f", b->rate);
		rc |= csv_field(out, num, 0);
		snprintf(num, sizeof num, "%lld.%02lld", (long long)(b->fee_fen / 100),
			 (long long)(b->fee_fen % 100));
		rc |= csv_field(out, num, 1);
	}
	snprintf(num, sizeof num, "%.2f", hours2(s->total_s));
	rc |= buf_addf(out, ",,合计 total,,,,,,%s,,%lld.%02lld\r\n", num,
		       (long long)(s->total_fen / 100), (long long)(s->total_fen % 100));
	return rc ? -1 : 0;
}

/* ---- XLSX --------------------------------------------------------------- */

int statement_xlsx(const struct statement *s, struct buf *out, struct derr *e)
{
	static const char *const head[] = {
		"预约编号", "仪器编号", "仪器", "用户", "用户单位", "收费类别", "签到", "签退",
		"机时（小时）", "单价（元/小时）", "费用（元）",
	};
	static const char *const class_zh[] = { "本单位", "本区域外单位", "跨区域" };
	const char *tmpdir = getenv("TMPDIR");
	char path[512], title[300], t[24];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *hrs;
	FILE *fp = NULL;
	int fd, rc = -1;
	long size;
	lxw_row_t row = 0;

	snprintf(path, sizeof path, "%s/shenrong-statement-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"cannot make a temporary file: %s", strerror(errno));
	close(fd);
	if (!(wb = workbook_new(path))) {
		unlink(path);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot start the workbook");
	}
	ws = workbook_add_worksheet(wb, month_str(s));
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	hrs = workbook_add_format(wb);
	format_set_num_format(hrs, "0.00");
	snprintf(title, sizeof title, "%s 仪器共享收费结算单 %s", s->org.name_zh, month_str(s));
	worksheet_write_string(ws, row++, 0, title, bold);
	row++;
	for (lxw_col_t k = 0; k < sizeof head / sizeof head[0]; k++)
		worksheet_write_string(ws, row, k, head[k], bold);
	row++;
	for (size_t i = 0; i < s->n; i++, row++) {
		const struct booking *b = &s->rows[i];
		worksheet_write_number(ws, row, 0, (double)b->id, NULL);
		worksheet_write_number(ws, row, 1, (double)b->instrument_id, NULL);
		worksheet_write_string(ws, row, 2, b->instrument_zh, NULL);
		worksheet_write_string(ws, row, 3, b->username ? b->username : "", NULL);
		worksheet_write_string(ws, row, 4, b->user_org_zh ? b->user_org_zh : "", NULL);
		worksheet_write_string(ws, row, 5, class_zh[class_index(b->fee_class)], NULL);
		cst_format_short(b->checked_in_at, t, sizeof t);
		worksheet_write_string(ws, row, 6, t, NULL);
		cst_format_short(b->checked_out_at, t, sizeof t);
		worksheet_write_string(ws, row, 7, t, NULL);
		worksheet_write_number(ws, row, 8, hours2(b->checked_out_at - b->checked_in_at), hrs);
		worksheet_write_number(ws, row, 9, b->rate, money);
		worksheet_write_number(ws, row, 10, (double)b->fee_fen / 100.0, money);
	}
	row++;
	for (int k = 0; k < 3; k++, row++) {
		worksheet_write_string(ws, row, 7, class_zh[k], bold);
		worksheet_write_number(ws, row, 8, hours2(s->class_s[k]), hrs);
		worksheet_write_number(ws, row, 10, (double)s->class_fen[k] / 100.0, money);
	}
	worksheet_write_string(ws, row, 7, "合计", bold);
	worksheet_write_number(ws, row, 8, hours2(s->total_s), hrs);
	worksheet_write_number(ws, row, 10, (double)s->total_fen / 100.0, money);
	worksheet_set_column(ws, 2, 2, 28, NULL);
	worksheet_set_column(ws, 4, 4, 24, NULL);
	worksheet_set_column(ws, 6, 7, 17, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot write the workbook");
		goto out;
	}
	if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) < 0 || buf_grow(out, (size_t)size) < 0 ||
	    fread(out->s + out->len, 1, (size_t)size, fp) != (size_t)size) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the workbook back");
		goto out;
	}
	out->len += (size_t)size;
	out->s[out->len] = '\0';
	rc = 0;
out:
	if (fp)
		fclose(fp);
	unlink(path);
	return rc;
}
