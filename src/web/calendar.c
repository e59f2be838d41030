/*
 * calendar.c — an instrument's week and month views of free and taken time
 * (no personal details: anyone may look), and the iCalendar (RFC 5545)
 * feeds calendar applications subscribe to: one per instrument (public)
 * and one per user (behind a secret token made on the bookings page).
 *
 * iCalendar text is not HTML: it is written straight into the answer's
 * buffer by ics_*() below, which escape it the way RFC 5545 says (\ ; ,
 * and newlines) and fold lines at 75 octets without splitting a UTF-8
 * character.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- iCalendar ------------------------------------------------------------ */

struct ics {
	struct buf *b;
	size_t col;      /* octets on the current line */
};

static void ics_raw(struct ics *x, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		/* fold before a character that would pass 75 octets; never
		 * inside a UTF-8 sequence (continuation bytes are 10xxxxxx) */
		if ((ch & 0xC0) != 0x80) {
			size_t len = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
			if (x->col + len > 75) {
				buf_adds(x->b, "\r\n ");
				x->col = 1;
			}
		}
		buf_addch(x->b, ch);
		x->col++;
	}
}

static void ics_line_end(struct ics *x)
{
	buf_adds(x->b, "\r\n");
	x->col = 0;
}

/* NAME:value with value escaped as TEXT. */
static void ics_text(struct ics *x, const char *name, const char *v)
{
	ics_raw(x, name, strlen(name));
	ics_raw(x, ":", 1);
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			ics_raw(x, "\\", 1), ics_raw(x, p, 1);
		else if (*p == '\n')
			ics_raw(x, "\\n", 2);
		else if (*p == '\r' || (unsigned char)*p < 0x20)
			continue;
		else
			ics_raw(x, p, 1);
	}
	ics_line_end(x);
}

/* A line of our own making (no escaping). */
static void ics_line(struct ics *x, const char *line)
{
	ics_raw(x, line, strlen(line));
	ics_line_end(x);
}

static void ics_time(struct ics *x, const char *name, int64_t t)
{
	char v[24], line[48];
	cst_format_ical(t, v, sizeof v);
	snprintf(line, sizeof line, "%s:%s", name, v);
	ics_line(x, line);
}

static void ics_begin(struct req *r, struct ics *x, const char *name)
{
	buf_reset(&r->out);
	x->b = &r->out;
	x->col = 0;
	r->ctype = "text/calendar; charset=utf-8";
	ics_line(x, "BEGIN:VCALENDAR");
	ics_line(x, "VERSION:2.0");
	ics_line(x, "PRODID:-//Shenrong//Instrument bookings//ZH");
	ics_line(x, "CALSCALE:GREGORIAN");
	ics_line(x, "METHOD:PUBLISH");
	ics_text(x, "X-WR-CALNAME", name);
	ics_line(x, "X-WR-TIMEZONE:Asia/Shanghai");
}

static void ics_event(struct ics *x, const char *uid, int64_t start, int64_t end,
		      int64_t stamp, const char *summary, const char *description,
		      const char *status)
{
	ics_line(x, "BEGIN:VEVENT");
	ics_text(x, "UID", uid);
	ics_time(x, "DTSTAMP", stamp);
	ics_time(x, "DTSTART", start);
	ics_time(x, "DTEND", end);
	ics_text(x, "SUMMARY", summary);
	if (description)
		ics_text(x, "DESCRIPTION", description);
	if (status)
		ics_text(x, "STATUS", status);
	ics_line(x, "END:VEVENT");
}

int web_calendar_ics(struct req *r)
{
	struct instrument in;
	struct slots sl;
	struct derr e = { 0 };
	struct ics x;
	int64_t now = now_unix();

	if (instrument_get(&r->ctx, r->id, &in, &e) < 0 ||
	    slots_get(&r->ctx, r->id, now - 30 * DAY_SECONDS, now + 330 * DAY_SECONDS, now, &sl,
		      &e) < 0)
		return reply_derr(r, &e);
	ics_begin(r, &x, arena_printf(r->a, "%s · 深融", in.name_zh));
	for (size_t i = 0; i < sl.ntaken; i++)
		ics_event(&x, arena_printf(r->a, "booking-%lld@shenrong", (long long)sl.taken[i].booking_id),
			  sl.taken[i].start, sl.taken[i].end, now,
			  !strcmp(sl.taken[i].state, "requested") ? "已申请（待审核） Requested"
								  : "已预约 Booked",
			  NULL, !strcmp(sl.taken[i].state, "requested") ? "TENTATIVE" : "CONFIRMED");
	for (size_t i = 0; i < sl.nblackouts; i++)
		ics_event(&x, arena_printf(r->a, "blackout-%lld-%lld@shenrong", (long long)r->id,
					   (long long)sl.blackouts[i].start),
			  sl.blackouts[i].start, sl.blackouts[i].end, now,
			  !strcmp(sl.blackouts[i].state, "closure") ? "停止开放 Closed"
								   : "维护保养 Maintenance",
			  sl.blackouts[i].reason, "CONFIRMED");
	ics_line(&x, "END:VCALENDAR");
	req_header(r, "Content-Disposition",
		   arena_printf(r->a, "inline; filename=\"instrument-%lld.ics\"", (long long)r->id));
	return 0;
}

int web_feed(struct req *r)
{
	struct booking *rows;
	struct account acc;
	struct derr e = { 0 };
	struct ics x;
	size_t n, len = r->param ? strlen(r->param) : 0;
	int64_t account_id, now = now_unix();
	char token[FEED_TOKEN_LEN + 1];

	r->no_cache = 1;
	if (len != FEED_TOKEN_LEN + 4 || strcmp(r->param + FEED_TOKEN_LEN, ".ics") != 0)
		return reply_error(r, 404, "not_found", NULL, "no such calendar");
	memcpy(token, r->param, FEED_TOKEN_LEN);
	token[FEED_TOKEN_LEN] = '\0';
	if (feed_find(&r->ctx, token, &account_id) != 0 ||
	    store_account_get(r->ctx.db, r->a, account_id, &acc) != 0)
		return reply_error(r, 404, "not_found", NULL, "no such calendar");
	if (feed_bookings(&r->ctx, account_id, now, &rows, &n, &e) < 0)
		return reply_derr(r, &e);
	ics_begin(r, &x, arena_printf(r->a, "%s 的仪器预约", acc.username));
	for (size_t i = 0; i < n; i++) {
		const struct booking *b = &rows[i];
		const char *status = !strcmp(b->state, "approved") || !strcmp(b->state, "checked_in") ||
				     !strcmp(b->state, "completed") ? "CONFIRMED"
				   : !strcmp(b->state, "requested") || !strcmp(b->state, "offered") ||
				     !strcmp(b->state, "waitlisted") ? "TENTATIVE" : "CANCELLED";
		ics_event(&x, arena_printf(r->a, "booking-%lld@shenrong", (long long)b->id), b->start_at,
			  b->end_at, b->updated_at,
			  arena_printf(r->a, "%s（%s）", b->instrument_zh,
				       vocab_label(vocab_booking_state, b->state, "zh")),
			  arena_printf(r->a, "%s · %s\n%s", b->owner_zh, b->purpose ? b->purpose : "",
				       arena_printf(r->a, "/bookings/%lld", (long long)b->id)),
			  status);
	}
	ics_line(&x, "END:VCALENDAR");
	return 0;
}

/* ---- the week and month views --------------------------------------------- */

/* How much of [a, b) the spans cover, in seconds. */
static int64_t covered(const struct span *s, size_t n, int64_t a, int64_t b)
{
	int64_t t = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t lo = s[i].start > a ? s[i].start : a, hi = s[i].end < b ? s[i].end : b;
		if (hi > lo)
			t += hi - lo;
	}
	return t;
}

static const struct span *first_over(const struct span *s, size_t n, int64_t a, int64_t b)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].start < b && s[i].end > a)
			return &s[i];
	return NULL;
}

static void nav_links(struct req *r, int64_t id, const char *view, int64_t prev_day,
		      int64_t next_day, int64_t today)
{
	char d[16];
	htmlf(r, "<nav class=\"calnav\" aria-label=\"%s\">", req_en(r) ? "Calendar" : "日历翻页");
	cst_format_day(prev_day, d, sizeof d);
	htmlf(r, "<a rel=\"prev\" href=\"/instruments/%lld/calendar?view=%s&amp;date=%s\">",
	      (long long)id, view, d);
	html_txt(r, L(r, "‹ 上一页", "‹ Earlier"));
	cst_format_day(today, d, sizeof d);
	htmlf(r, "</a> <a href=\"/instruments/%lld/calendar?view=%s&amp;date=%s\">", (long long)id,
	      view, d);
	html_txt(r, L(r, "今天", "Today"));
	cst_format_day(next_day, d, sizeof d);
	htmlf(r, "</a> <a rel=\"next\" href=\"/instruments/%lld/calendar?view=%s&amp;date=%s\">",
	      (long long)id, view, d);
	html_txt(r, L(r, "下一页 ›", "Later ›"));
	html(r, "</a> · ");
	htmlf(r, "<a href=\"/instruments/%lld/calendar?view=%s&amp;date=%s\">", (long long)id,
	      !strcmp(view, "week") ? "month" : "week", d);
	html_txt(r, !strcmp(view, "week") ? L(r, "月视图", "Month view") : L(r, "周视图", "Week view"));
	htmlf(r, "</a> · <a href=\"/instruments/%lld/calendar.ics\">", (long long)id);
	html_txt(r, L(r, "订阅日历（iCalendar）", "Subscribe (iCalendar)"));
	html(r, "</a></nav>");
}

static const char *weekday_name(struct req *r, int wd)
{
	static const char *const zh[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
	static const char *const en[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	return req_en(r) ? en[wd] : zh[wd];
}

static void legend(struct req *r)
{
	html(r, "<p class=\"legend\"><span class=\"cal-free\">");
	html_txt(r, L(r, "空闲", "Free"));
	html(r, "</span> <span class=\"cal-partial\">");
	html_txt(r, L(r, "部分空闲", "Partly free"));
	html(r, "</span> <span class=\"cal-taken\">");
	html_txt(r, L(r, "已预约", "Taken"));
	html(r, "</span> <span class=\"cal-blackout\">");
	html_txt(r, L(r, "停开/维护", "Closed or maintenance"));
	html(r, "</span> <span class=\"cal-closed\">");
	html_txt(r, L(r, "不开放", "Not open"));
	html(r, "</span></p>");
}

static void week_view(struct req *r, const struct instrument *in, int64_t monday,
		      const struct slots *sl)
{
	int first = 24, last = 0;
	char d[16];
	/* the hours shown: from the earliest opening to the latest closing */
	for (size_t i = 0; i < sl->nopen; i++) {
		int64_t day = cst_day(sl->open[i].start);
		int a = (int)((sl->open[i].start - cst_day_start(day)) / 3600);
		int b = (int)((sl->open[i].end - cst_day_start(day) + 3599) / 3600);
		if (a < first)
			first = a;
		if (b > last)
			last = b > 24 ? 24 : b;
	}
	if (!sl->nopen) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "本周不开放，或尚未公布开放时间。", "Not open this week, or no opening hours published yet."));
		html(r, "</p>");
		return;
	}
	legend(r);
	html(r, "<table class=\"calendar week\"><caption>");
	cst_format_day(monday, d, sizeof d);
	html_txt(r, L(r, "一周空闲与占用情况（北京时间），自 ", "Free and taken time of the week (China Standard Time) from "));
	html_txt(r, d);
	html(r, "</caption><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "时间", "Time"));
	html(r, "</th>");
	for (int k = 0; k < 7; k++) {
		int y, m, dd;
		cst_civil(monday + k, &y, &m, &dd);
		html(r, "<th scope=\"col\">");
		html_txt(r, weekday_name(r, k + 1));
		htmlf(r, "<br><small>%02d-%02d</small></th>", m, dd);
	}
	html(r, "</tr></thead><tbody>");
	for (int h = first; h < last; h++) {
		htmlf(r, "<tr><th scope=\"row\">%02d:00</th>", h);
		for (int k = 0; k < 7; k++) {
			int64_t a = cst_day_start(monday + k) + h * 3600, b = a + 3600;
			int64_t open = covered(sl->open, sl->nopen, a, b);
			int64_t fr = covered(sl->free, sl->nfree, a, b);
			const struct span *bl = first_over(sl->blackouts, sl->nblackouts, a, b);
			const struct span *tk = first_over(sl->taken, sl->ntaken, a, b);
			if (bl) {
				html(r, "<td class=\"cal-blackout\">");
				html_txt(r, vocab_label(vocab_blackout_kind, bl->state, r->lang));
			} else if (!open) {
				html(r, "<td class=\"cal-closed\">—");
			} else if (fr == open) {
				char st[24];
				cst_format_iso(a, st, sizeof st);
				st[16] = '\0';   /* YYYY-MM-DDTHH:MM */
				htmlf(r, "<td class=\"cal-free\"><a href=\"/instruments/%lld/book?start=",
				      (long long)in->id);
				html_url_arg(r, st);
				html(r, "\">");
				html_txt(r, L(r, "空闲", "Free"));
				html(r, "</a>");
			} else if (tk) {
				html(r, fr ? "<td class=\"cal-partial\">" : "<td class=\"cal-taken\">");
				html_txt(r, !strcmp(tk->state, "requested")
					 ? L(r, "已申请", "Requested")
					 : !strcmp(tk->state, "in_use") ? L(r, "使用中", "In use")
					 : L(r, "已预约", "Booked"));
			} else {
				/* open, not free, not taken: the past */
				html(r, "<td class=\"cal-closed\">");
				html_txt(r, L(r, "已过", "Past"));
			}
			html(r, "</td>");
		}
		html(r, "</tr>");
	}
	html(r, "</tbody></table>");
}

static void month_view(struct req *r, int64_t first_day, int64_t last_day,
		       const struct slots *sl)
{
	int64_t start = first_day - (cst_weekday(first_day) - 1);
	int y, m, d;
	cst_civil(first_day, &y, &m, &d);
	legend(r);
	html(r, "<table class=\"calendar month\"><caption>");
	if (req_en(r))
		htmlf(r, "Free hours per day, %04d-%02d (China Standard Time)", y, m);
	else
		htmlf(r, "%04d 年 %d 月每日空闲机时（北京时间）", y, m);
	html(r, "</caption><thead><tr>");
	for (int k = 1; k <= 7; k++) {
		html(r, "<th scope=\"col\">");
		html_txt(r, weekday_name(r, k));
		html(r, "</th>");
	}
	html(r, "</tr></thead><tbody>");
	for (int64_t day = start; day <= last_day; day += 7) {
		html(r, "<tr>");
		for (int k = 0; k < 7; k++) {
			int64_t dd = day + k, a = cst_day_start(dd), b = a + DAY_SECONDS;
			int64_t open = covered(sl->open, sl->nopen, a, b);
			int64_t fr = covered(sl->free, sl->nfree, a, b);
			const char *cls = dd < first_day || dd > last_day ? "cal-out"
					: first_over(sl->blackouts, sl->nblackouts, a, b) && !fr ? "cal-blackout"
					: !open ? "cal-closed" : fr == open ? "cal-free"
					: fr ? "cal-partial" : "cal-taken";
			int yy, mm, d2;
			cst_civil(dd, &yy, &mm, &d2);
			html(r, "<td class=\"");
			html(r, cls);
			htmlf(r, "\"><strong>%d</strong>", d2);
			if (dd >= first_day && dd <= last_day && open) {
				html(r, "<br><small>");
				if (req_en(r))
					htmlf(r, "%.1f of %.1f h free", (double)fr / 3600.0, (double)open / 3600.0);
				else
					htmlf(r, "空闲 %.1f / %.1f 小时", (double)fr / 3600.0, (double)open / 3600.0);
				html(r, "</small>");
			}
			html(r, "</td>");
		}
		html(r, "</tr>");
	}
	html(r, "</tbody></table>");
}

int web_calendar(struct req *r)
{
	struct instrument in;
	struct slots sl;
	struct derr e = { 0 };
	const char *view = q_str(r, "view"), *date = q_str(r, "date");
	int64_t now = now_unix(), today = cst_day(now), day = today, t;
	int month = view && !strcmp(view, "month");

	if (view && *view && strcmp(view, "week") && strcmp(view, "month"))
		return reply_error(r, 400, "not_allowed", "view", "view must be week or month");
	if (date && *date) {
		if (cst_parse(date, &t) < 0)
			return reply_error(r, 400, "bad_time", "date", "date must be YYYY-MM-DD");
		day = cst_day(t);
	}
	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, arena_printf(r->a, "%s · %s", L(r, "预约日历", "Calendar"),
				   L(r, in.name_zh, in.name_en && *in.name_en ? in.name_en : in.name_zh)));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/instruments/%lld\">", (long long)in.id);
	html_txt(r, L(r, in.name_zh, in.name_en && *in.name_en ? in.name_en : in.name_zh));
	html(r, "</a> › ");
	html_txt(r, L(r, "预约日历", "Calendar"));
	html(r, "</nav><h1>");
	html_txt(r, L(r, "预约日历：", "Calendar: "));
	html_txt(r, L(r, in.name_zh, in.name_en && *in.name_en ? in.name_en : in.name_zh));
	html(r, "</h1>");
	if (month) {
		int y, m, d;
		int64_t first, last;
		cst_civil(day, &y, &m, &d);
		first = cst_day(cst_month_start(y, m));
		last = cst_day(cst_month_start(y, m + 1)) - 1;
		nav_links(r, in.id, "month", first - 1, last + 1, today);
		if (slots_get(&r->ctx, in.id, cst_day_start(first), cst_day_start(last + 1), now, &sl,
			      &e) < 0)
			return reply_derr(r, &e);
		month_view(r, first, last, &sl);
	} else {
		int64_t monday = day - (cst_weekday(day) - 1);
		nav_links(r, in.id, "week", monday - 7, monday + 7, today);
		if (slots_get(&r->ctx, in.id, cst_day_start(monday), cst_day_start(monday + 7), now,
			      &sl, &e) < 0)
			return reply_derr(r, &e);
		week_view(r, &in, monday, &sl);
	}
	web_booking_links(r, &in);
	page_end(r);
	return 0;
}

int web_feed_create(struct req *r)
{
	char token[FEED_TOKEN_LEN + 1];
	struct derr e = { 0 };
	if (feed_create(&r->ctx, now_unix(), token, &e) < 0)
		return reply_derr(r, &e);
	r->no_cache = 1;
	page_begin(r, L(r, "日历订阅地址", "Calendar feed"));
	html(r, "<section class=\"narrow\"><h1>");
	html_txt(r, L(r, "日历订阅地址", "Your calendar feed"));
	html(r, "</h1><p>");
	html_txt(r, L(r, "在日历应用中订阅下面的地址（加上本站网址），即可看到您的全部预约。"
		      "地址只显示这一次；再次生成后旧地址作废。",
		      "Subscribe to this address (after this site's address) in a calendar"
		      " application to see all your bookings. It is shown only this once; making"
		      " a new one retires it."));
	html(r, "</p><p><code id=\"feed-url\">/calendar/");
	html_txt(r, token);
	html(r, ".ics</code></p><p><a href=\"/bookings\">");
	html_txt(r, L(r, "返回我的预约", "Back to my bookings"));
	html(r, "</a></p></section>");
	page_end(r);
	return 0;
}
