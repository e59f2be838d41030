/*
 * bookings.c — booking through the pages: the request form (one or more
 * instruments, repeating, waitlist), my bookings and the requests an
 * organisation's administrators decide, one booking with the actions its
 * viewer may take (approve, reject, check in and out, cancel, move, accept
 * a waitlist offer, rate), and the inbox.
 *
 * Forms become the same JSON the API takes, so the domain checks both the
 * same way; a refused form comes back with the message and what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- small writers -------------------------------------------------------- */

static void state_badge(struct req *r, const char *state)
{
	html(r, "<span class=\"badge bk-");
	html_attr(r, state);
	html(r, "\">");
	html_txt(r, vocab_label(vocab_booking_state, state, r->lang));
	html(r, "</span>");
}

static void time_range(struct req *r, int64_t s, int64_t e)
{
	html_time(r, s);
	html(r, " – ");
	if (cst_day(s) == cst_day(e - 1)) {
		char hm[8];
		cst_format_hhmm(cst_minute_of_day(e) ? cst_minute_of_day(e) : 1440, hm, sizeof hm);
		html(r, hm);
	} else {
		html_time(r, e);
	}
}

static const char *name_of(struct req *r, const char *zh, const char *en)
{
	return L(r, zh, en && *en ? en : zh);
}

static void error_box(struct req *r, const struct derr *e)
{
	if (!e || !e->kind)
		return;
	html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
	html_txt(r, e->message);
	if (e->field[0]) {
		html(r, " <code>");
		html_txt(r, e->field);
		html(r, "</code>");
	}
	html(r, "</p>");
}

/* The value to show: what was posted, else the default. */
static const char *posted_or(struct req *r, const char *name, const char *def)
{
	const char *v = r->nform ? form_str(r, name) : NULL;
	return v ? v : def;
}

static void text_field(struct req *r, const char *name, const char *label, const char *type,
		       const char *value, int required, int multiline, const char *hint,
		       const struct derr *e)
{
	int bad = e && e->kind && !strcmp(e->field, name);
	html(r, bad ? "<div class=\"field invalid\">" : "<div class=\"field\">");
	html(r, "<label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	if (required)
		html(r, " <abbr title=\"required\">*</abbr>");
	html(r, "</label>");
	if (multiline) {
		html(r, "<textarea rows=\"3\" id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, required ? "\" required>" : "\">");
		html_txt(r, value);
		html(r, "</textarea>");
	} else {
		html(r, "<input id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, "\" type=\"");
		html_attr(r, type);
		html(r, required ? "\" required value=\"" : "\" value=\"");
		html_attr(r, value);
		html(r, "\">");
	}
	if (hint) {
		html(r, "<small>");
		html_txt(r, hint);
		html(r, "</small>");
	}
	html(r, "</div>");
}

/* "YYYY-MM-DDTHH:MM" for a datetime-local input. */
static const char *local_input(struct req *r, int64_t t)
{
	char s[32];
	cst_format_iso(t, s, sizeof s);
	s[16] = '\0';
	return arena_strdup(r->a, s);
}

/* ---- the request form ----------------------------------------------------- */

static void rules_summary(struct req *r, const struct instrument *in, const struct availability *av)
{
	static const char *const wd_zh[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
	static const char *const wd_en[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	html(r, "<table class=\"facts\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "开放时间（北京时间）", "Opening hours (CST)"));
	html(r, "</th><td>");
	if (!av->nhours)
		html_txt(r, L(r, "尚未公布，暂不能预约", "Not published yet: cannot be booked"));
	for (size_t i = 0; i < av->nhours; i++) {
		char o[8], c[8];
		cst_format_hhmm((int)av->hours[i].open_minute, o, sizeof o);
		cst_format_hhmm((int)av->hours[i].close_minute, c, sizeof c);
		htmlf(r, "%s%s %s–%s", i ? "；" : "",
		      req_en(r) ? wd_en[av->hours[i].weekday] : wd_zh[av->hours[i].weekday], o, c);
	}
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "预约时长", "Booking length"));
	html(r, "</th><td>");
	if (req_en(r))
		htmlf(r, "%lld to %lld minutes; up to %lld days ahead; %lld minutes' buffer after each",
		      (long long)av->rules.min_minutes, (long long)av->rules.max_minutes,
		      (long long)av->rules.horizon_days, (long long)av->rules.buffer_minutes);
	else
		htmlf(r, "%lld–%lld 分钟；最多提前 %lld 天；每次预约后留 %lld 分钟间隔",
		      (long long)av->rules.min_minutes, (long long)av->rules.max_minutes,
		      (long long)av->rules.horizon_days, (long long)av->rules.buffer_minutes);
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "审核", "Approval"));
	html(r, "</th><td>");
	html_txt(r, vocab_label(vocab_approval, av->rules.approval, r->lang));
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "收费（元/小时）", "Fees (CNY per hour)"));
	html(r, "</th><td>");
	htmlf(r, "%s %.2f · %s %.2f · %s %.2f", req_en(r) ? "internal" : "本单位",
	      in->fee_internal > 0 ? in->fee_internal : 0, req_en(r) ? "external" : "区域内外单位",
	      in->fee_external > 0 ? in->fee_external : 0, req_en(r) ? "cross-region" : "跨区域",
	      av->rules.fee_cross_region >= 0 ? av->rules.fee_cross_region
					      : in->fee_external > 0 ? in->fee_external : 0);
	html(r, "</td></tr></tbody></table>");
}

static void booking_form(struct req *r, const struct instrument *in, const struct derr *e)
{
	struct availability av;
	struct derr ae = { 0 };
	int64_t now = now_unix(), start = 0;
	const char *qs = q_str(r, "start"), *start_v, *end_v;
	const char *rep = posted_or(r, "repeat", "");

	if (availability_get(&r->ctx, in->id, now, &av, &ae) < 0) {
		memset(&av, 0, sizeof av);
		rules_default(&av.rules, in->id);
	}
	if (qs && cst_parse(qs, &start) < 0)
		start = 0;
	start_v = posted_or(r, "start", start ? local_input(r, start) : "");
	end_v = posted_or(r, "end", start ? local_input(r, start + 3600) : "");
	page_begin(r, L(r, "预约仪器", "Book an instrument"));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/instruments/%lld\">", (long long)in->id);
	html_txt(r, name_of(r, in->name_zh, in->name_en));
	htmlf(r, "</a> › <a href=\"/instruments/%lld/calendar\">", (long long)in->id);
	html_txt(r, L(r, "预约日历", "Calendar"));
	html(r, "</a></nav><h1>");
	html_txt(r, L(r, "预约：", "Book: "));
	html_txt(r, name_of(r, in->name_zh, in->name_en));
	html(r, "</h1>");
	rules_summary(r, in, &av);
	error_box(r, e);
	htmlf(r, "<form method=\"post\" class=\"record\" action=\"/instruments/%lld/book\">",
	      (long long)in->id);
	html_csrf(r);
	text_field(r, "start", L(r, "开始时间", "Start"), "datetime-local", start_v, 1, 0, NULL, e);
	text_field(r, "end", L(r, "结束时间", "End"), "datetime-local", end_v, 1, 0, NULL, e);
	text_field(r, "purpose", L(r, "用途", "Purpose"), "text", posted_or(r, "purpose", ""), 1, 1,
		   NULL, e);
	text_field(r, "sample", L(r, "样品说明", "Sample description"), "text",
		   posted_or(r, "sample", ""), 0, 1, NULL, e);
	text_field(r, "project", L(r, "服务的联合攻关项目（可选）", "Joint project served (optional)"),
		   "text", posted_or(r, "project", ""), 0, 0, NULL, e);
	text_field(r, "instruments", L(r, "同时预约的其他仪器编号（可选）", "Also book instruments (ids, optional)"),
		   "text", posted_or(r, "instruments", ""), 0, 0,
		   L(r, "用逗号分隔，例如 12, 15；全部可约才会成功。",
		     "Separated by commas, e.g. 12, 15; booked only if every one is free."), e);
	html(r, "<div class=\"field\"><label for=\"f-repeat\">");
	html_txt(r, L(r, "重复", "Repeat"));
	html(r, "</label><select id=\"f-repeat\" name=\"repeat\">");
	html_option(r, "", L(r, "不重复", "Once"), rep);
	html_option(r, "daily", L(r, "每天", "Daily"), rep);
	html_option(r, "weekly", L(r, "每周", "Weekly"), rep);
	html(r, "</select></div>");
	text_field(r, "count", L(r, "重复次数（共几次）", "Occurrences in all"), "number",
		   posted_or(r, "count", ""), 0, 0, NULL, e);
	html(r, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-waitlist\" name=\"waitlist\" value=\"1\"");
	if (form_str(r, "waitlist"))
		html(r, " checked");
	html(r, "> <label for=\"f-waitlist\">");
	html_txt(r, L(r, "时段已被占用时加入候补", "Join the waitlist if the time is taken"));
	html(r, "</label></div><p><button type=\"submit\">");
	html_txt(r, L(r, "提交预约", "Book"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_booking_new(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	booking_form(r, &in, NULL);
	return 0;
}

/* Builds the request's JSON from the form. */
static json_t *posted_request(struct req *r, struct derr *e)
{
	json_t *in = json_object(), *ids = json_array();
	const char *also = form_str(r, "instruments"), *rep = form_str(r, "repeat");
	static const char *const texts[] = { "start", "end", "purpose", "sample", "project" };

	json_array_append_new(ids, json_integer(r->id));
	json_object_set_new(in, "instruments", ids);
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		const char *v = form_str(r, texts[i]);
		if (v && *v)
			json_object_set_new(in, texts[i], json_stringn_nocheck(v, strlen(v)));
	}
	/* "12, 15、18" */
	for (const char *p = also ? also : ""; *p;) {
		char num[24];
		size_t k = 0;
		int64_t id;
		while (*p && !(*p >= '0' && *p <= '9'))
			p++;
		while (*p >= '0' && *p <= '9' && k < sizeof num - 1)
			num[k++] = *p++;
		num[k] = '\0';
		if (!k)
			break;
		if (parse_i64(num, 1, INT64_MAX, &id) < 0) {
			derr_set(e, DERR_INVALID, "wrong_type", "instruments",
				 "instrument ids are whole numbers");
			json_decref(in);
			return NULL;
		}
		json_array_append_new(ids, json_integer(id));
	}
	if (rep && *rep) {
		int64_t count;
		const char *c = form_str(r, "count");
		if (!c || parse_i64(c, 2, 52, &count) < 0) {
			derr_set(e, DERR_INVALID, "out_of_range", "count",
				 "a repeating booking needs 2 to 52 occurrences in all");
			json_decref(in);
			return NULL;
		}
		json_object_set_new(in, "repeat", json_pack("{s:s, s:I}", "frequency", rep,
							     "count", (json_int_t)count));
	}
	if (form_str(r, "waitlist"))
		json_object_set_new(in, "waitlist", json_true());
	return in;
}

int web_booking_create(struct req *r)
{
	struct instrument in;
	struct booking_series s;
	struct booking *rows;
	struct derr e = { 0 };
	size_t n;
	int64_t id, now = now_unix();
	json_t *body;

	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	body = posted_request(r, &e);
	if (!body || booking_create(&r->ctx, body, now, &id, &e) < 0) {
		json_decref(body);
		if (e.kind != DERR_INVALID && e.kind != DERR_CONFLICT && e.kind != DERR_FORBIDDEN)
			return reply_derr(r, &e);
		r->status = derr_status(&e);
		r->no_cache = 1;
		booking_form(r, &in, &e);
		return -1;
	}
	json_decref(body);
	if (booking_series_get(&r->ctx, id, now, &s, &rows, &n, &e) < 0 || !n)
		return reply_redirect(r, "/bookings");
	return reply_redirect(r, arena_printf(r->a, "/bookings/%lld", (long long)rows[0].id));
}

/* ---- lists ---------------------------------------------------------------- */

static void booking_rows(struct req *r, const struct booking *rows, size_t n, int managed)
{
	html(r, "<table class=\"list bookings\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "编号", "No."));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "仪器", "Instrument"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "时间", "Time"));
	html(r, "</th>");
	if (managed) {
		html(r, "<th scope=\"col\">");
		html_txt(r, L(r, "申请人", "Requester"));
		html(r, "</th>");
	}
	html(r, "<th scope=\"col\">");
	html_txt(r, L(r, "状态", "State"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "费用（元）", "Fee (CNY)"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct booking *b = &rows[i];
		htmlf(r, "<tr data-id=\"%lld\"><td><a href=\"/bookings/%lld\">%lld</a></td><td>",
		      (long long)b->id, (long long)b->id, (long long)b->id);
		html_txt(r, name_of(r, b->instrument_zh, b->instrument_en));
		if (b->occurrences > 1)
			htmlf(r, " <small>(%lld/%lld)</small>", (long long)b->occurrence,
			      (long long)b->occurrences);
		html(r, "</td><td>");
		time_range(r, b->start_at, b->end_at);
		html(r, "</td>");
		if (managed) {
			html(r, "<td>");
			html_txt(r, b->username);
			html(r, "<br><small>");
			html_txt(r, name_of(r, b->user_org_zh, b->user_org_en));
			html(r, "</small></td>");
		}
		html(r, "<td>");
		state_badge(r, b->state);
		html(r, "</td><td class=\"num\">");
		if (b->fee_fen >= 0)
			htmlf(r, "%lld.%02lld", (long long)(b->fee_fen / 100), (long long)(b->fee_fen % 100));
		else
			html(r, "—");
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
}

int web_bookings(struct req *r)
{
	struct booking_query q = { .page = 1, .per_page = 30 };
	struct booking *rows;
	struct derr e = { 0 };
	size_t n;
	int64_t total, now = now_unix();
	int manager = role_of(r->ctx.user) == ROLE_SYSADMIN ||
		      (role_of(r->ctx.user) == ROLE_ORG_ADMIN && r->ctx.user->org_id > 0);

	if (q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	if (booking_list(&r->ctx, &q, now, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "我的预约", "My bookings"));
	html(r, "<h1>");
	html_txt(r, L(r, "我的预约", "My bookings"));
	html(r, "</h1>");
	if (manager) {
		struct booking_query mq = { .scope = "managed", .state = "requested", .page = 1,
					    .per_page = 50 };
		struct booking *mr;
		size_t mn;
		int64_t mt;
		if (booking_list(&r->ctx, &mq, now, &mr, &mn, &mt, &e) == 0) {
			html(r, "<h2 id=\"to-decide\">");
			html_txt(r, L(r, "待审核的预约申请", "Requests to decide"));
			htmlf(r, " <small>(%lld)</small></h2>", (long long)mt);
			if (mn)
				booking_rows(r, mr, mn, 1);
			else {
				html(r, "<p class=\"empty\">");
				html_txt(r, L(r, "没有待审核的申请。", "No requests waiting."));
				html(r, "</p>");
			}
		}
		mq.state = "approved";
		mq.from = cst_day_start(cst_day(now));
		mq.to = mq.from + 2 * DAY_SECONDS;
		if (booking_list(&r->ctx, &mq, now, &mr, &mn, &mt, &e) == 0 && mn) {
			html(r, "<h2 id=\"today\">");
			html_txt(r, L(r, "今明两天待签到", "To check in today and tomorrow"));
			html(r, "</h2>");
			booking_rows(r, mr, mn, 1);
		}
	}
	html(r, "<h2 id=\"mine\">");
	html_txt(r, L(r, "我提交的预约", "Bookings I made"));
	html(r, "</h2>");
	if (n)
		booking_rows(r, rows, n, 0);
	else {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "还没有预约。在仪器页面点击“预约”即可申请。",
			      "No bookings yet. Use Book on an instrument's page."));
		html(r, "</p>");
	}
	html_pager(r, q.page, q.per_page, total);
	html(r, "<h2 id=\"feed\">");
	html_txt(r, L(r, "在日历应用中查看", "In your calendar application"));
	html(r, "</h2><form method=\"post\" action=\"/calendar-feed\" class=\"inline\">");
	html_csrf(r);
	html(r, "<button type=\"submit\">");
	html_txt(r, L(r, "生成日历订阅地址", "Make a calendar feed address"));
	html(r, "</button></form>");
	page_end(r);
	return 0;
}

/* ---- one booking ------------------------------------------------------------ */

static void fact(struct req *r, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	html_txt(r, value);
	html(r, "</td></tr>");
}

static void action_button(struct req *r, const struct booking *b, const char *action,
			  const char *label)
{
	htmlf(r, "<form method=\"post\" class=\"inline\" action=\"/bookings/%lld/%s\">",
	      (long long)b->id, action);
	html_csrf(r);
	html(r, "<button type=\"submit\">");
	html_txt(r, label);
	html(r, "</button></form> ");
}

static void booking_page(struct req *r, const struct booking *b, const struct derr *e)
{
	const char *title = arena_printf(r->a, "%s #%lld", L(r, "预约", "Booking"), (long long)b->id);
	int mine = booking_is_mine(&r->ctx, b);
	page_begin(r, title);
	html(r, "<nav class=\"crumbs\"><a href=\"/bookings\">");
	html_txt(r, L(r, "我的预约", "My bookings"));
	html(r, "</a></nav><article class=\"instrument booking\"><h1>");
	html_txt(r, title);
	html(r, "</h1><p>");
	state_badge(r, b->state);
	html(r, "</p>");
	error_box(r, e);
	html(r, "<table class=\"facts\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "仪器", "Instrument"));
	htmlf(r, "</th><td><a href=\"/instruments/%lld\">", (long long)b->instrument_id);
	html_txt(r, name_of(r, b->instrument_zh, b->instrument_en));
	html(r, "</a> · ");
	html_txt(r, name_of(r, b->owner_zh, b->owner_en));
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "时间（北京时间）", "Time (CST)"));
	html(r, "</th><td>");
	time_range(r, b->start_at, b->end_at);
	if (b->occurrences > 1)
		htmlf(r, " · %s %lld / %lld", req_en(r) ? "occurrence" : "第", (long long)b->occurrence,
		      (long long)b->occurrences);
	html(r, "</td></tr>");
	fact(r, L(r, "申请人", "Requester"),
	     arena_printf(r->a, "%s · %s", b->username, name_of(r, b->user_org_zh, b->user_org_en)));
	fact(r, L(r, "用途", "Purpose"), b->purpose);
	fact(r, L(r, "样品说明", "Sample"), b->sample);
	fact(r, L(r, "联合攻关项目", "Joint project"), b->project);
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, L(r, "收费", "Fee"));
	html(r, "</th><td>");
	html_txt(r, vocab_label(vocab_fee_class, b->fee_class, r->lang));
	htmlf(r, " · %.2f ", b->rate);
	html_txt(r, L(r, "元/小时", "CNY per hour"));
	if (b->fee_fen >= 0)
		htmlf(r, " · <strong>%lld.%02lld</strong> ", (long long)(b->fee_fen / 100),
		      (long long)(b->fee_fen % 100));
	if (b->fee_fen >= 0)
		html_txt(r, L(r, "元", "CNY"));
	html(r, "</td></tr>");
	if (b->checked_in_at) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "签到/签退", "Checked in / out"));
		html(r, "</th><td>");
		html_time(r, b->checked_in_at);
		if (b->checked_out_at) {
			html(r, " – ");
			html_time(r, b->checked_out_at);
		}
		html(r, "</td></tr>");
	}
	fact(r, L(r, "说明", "Note"), b->reason);
	if (b->rating)
		fact(r, L(r, "评价", "Rating"), arena_printf(r->a, "%lld/5 %s", (long long)b->rating,
							  b->rating_comment ? b->rating_comment : ""));
	if (b->offer_expires_at) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "候补确认截止", "Offer open until"));
		html(r, "</th><td>");
		html_time(r, b->offer_expires_at);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table><div class=\"actions\">");
	if (booking_may(&r->ctx, b, BOOKING_APPROVE))
		action_button(r, b, "approve", L(r, "批准", "Approve"));
	if (booking_may(&r->ctx, b, BOOKING_CHECK_IN))
		action_button(r, b, "check-in", L(r, "签到（开始使用）", "Check in"));
	if (booking_may(&r->ctx, b, BOOKING_CHECK_OUT))
		action_button(r, b, "check-out", L(r, "签退（结束使用）", "Check out"));
	if (booking_may(&r->ctx, b, BOOKING_ACCEPT))
		action_button(r, b, "accept", L(r, "接受候补时段", "Accept the offer"));
	if (booking_may(&r->ctx, b, BOOKING_DECLINE))
		action_button(r, b, "decline", L(r, "放弃候补", "Decline"));
	html(r, "</div>");
	if (booking_may(&r->ctx, b, BOOKING_REJECT)) {
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/bookings/%lld/reject\">",
		      (long long)b->id);
		html_csrf(r);
		text_field(r, "reason", L(r, "不批准的理由", "Why it is rejected"), "text",
			   posted_or(r, "reason", ""), 1, 1, NULL, e);
		html(r, "<p><button type=\"submit\">");
		html_txt(r, L(r, "不批准", "Reject"));
		html(r, "</button></p></form>");
	}
	if ((mine || role_of(r->ctx.user) == ROLE_SYSADMIN) &&
	    (!strcmp(b->state, "requested") || !strcmp(b->state, "approved"))) {
		htmlf(r, "<h2>%s</h2><form method=\"post\" class=\"record\" action=\"/bookings/%lld/move\">",
		      req_en(r) ? "Move" : "改期", (long long)b->id);
		html_csrf(r);
		text_field(r, "move-start", L(r, "新的开始时间", "New start"), "datetime-local",
			   posted_or(r, "move-start", local_input(r, b->start_at)), 1, 0, NULL, e);
		text_field(r, "move-end", L(r, "新的结束时间", "New end"), "datetime-local",
			   posted_or(r, "move-end", local_input(r, b->end_at)), 1, 0, NULL, e);
		html(r, "<p><button type=\"submit\">");
		html_txt(r, L(r, "改期", "Move"));
		html(r, "</button></p></form>");
	}
	if (booking_may(&r->ctx, b, BOOKING_CANCEL)) {
		htmlf(r, "<form method=\"post\" class=\"danger\" action=\"/bookings/%lld/cancel\">",
		      (long long)b->id);
		html_csrf(r);
		text_field(r, "cancel-reason", L(r, "取消原因（可选）", "Why (optional)"), "text",
			   posted_or(r, "cancel-reason", ""), 0, 0, NULL, e);
		if (b->occurrences > 1) {
			html(r, "<div class=\"field\"><label for=\"f-scope\">");
			html_txt(r, L(r, "取消范围", "Cancel"));
			html(r, "</label><select id=\"f-scope\" name=\"scope\">");
			html_option(r, "instance", L(r, "仅本次", "This occurrence only"), NULL);
			html_option(r, "series", L(r, "整个系列中尚未使用的", "Every one not yet used"), NULL);
			html(r, "</select></div>");
		}
		html(r, "<button type=\"submit\">");
		html_txt(r, L(r, "取消预约", "Cancel the booking"));
		html(r, "</button></form>");
	}
	if (mine && !strcmp(b->state, "completed") && !b->rating) {
		htmlf(r, "<h2>%s</h2><form method=\"post\" class=\"record\" action=\"/bookings/%lld/rating\">",
		      req_en(r) ? "Rate this use" : "评价本次使用", (long long)b->id);
		html_csrf(r);
		html(r, "<div class=\"field\"><label for=\"f-rating\">");
		html_txt(r, L(r, "评分（1–5）", "Rating (1-5)"));
		html(r, "</label><select id=\"f-rating\" name=\"rating\">");
		for (int k = 5; k >= 1; k--) {
			char v[4];
			snprintf(v, sizeof v, "%d", k % 10);
			html_option(r, v, v, "5");
		}
		html(r, "</select></div>");
		text_field(r, "comment", L(r, "评价（可选）", "Comment (optional)"), "text",
			   posted_or(r, "comment", ""), 0, 1, NULL, e);
		html(r, "<p><button type=\"submit\">");
		html_txt(r, L(r, "提交评价", "Rate"));
		html(r, "</button></p></form>");
	}
	if (b->occurrences > 1 || b->resources > 1)
		htmlf(r, "<p><a href=\"/api/v1/booking-series/%lld\">%s</a></p>", (long long)b->series_id,
		      req_en(r) ? "The whole series (JSON)" : "整个系列（JSON）");
	html(r, "</article>");
	page_end(r);
}

int web_booking(struct req *r)
{
	struct booking b;
	struct derr e = { 0 };
	if (booking_get(&r->ctx, r->id, now_unix(), &b, &e) < 0)
		return reply_derr(r, &e);
	booking_page(r, &b, NULL);
	return 0;
}

/* A form field as a JSON string member (absent when empty). */
static void put_text(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_stringn_nocheck(v, strlen(v)));
}

int web_booking_action(struct req *r)
{
	struct derr e = { 0 };
	struct booking b;
	int64_t now = now_unix();
	int a = booking_action_parse(r->param), rc;
	json_t *in = json_object();

	if (!strcmp(r->param, "move")) {
		put_text(in, "start", form_str(r, "move-start"));
		put_text(in, "end", form_str(r, "move-end"));
		rc = booking_move(&r->ctx, r->id, in, now, &e);
		if (rc < 0 && !strcmp(e.field, "start"))
			snprintf(e.field, sizeof e.field, "move-start");
		else if (rc < 0 && !strcmp(e.field, "end"))
			snprintf(e.field, sizeof e.field, "move-end");
	} else if (!strcmp(r->param, "rating")) {
		int64_t rating;
		const char *v = form_str(r, "rating");
		if (!v || parse_i64(v, 1, 5, &rating) < 0) {
			json_decref(in);
			in = NULL;
			rc = derr_set(&e, DERR_INVALID, "out_of_range", "rating", "rating must be 1 to 5");
		} else {
			json_object_set_new(in, "rating", json_integer(rating));
			put_text(in, "comment", form_str(r, "comment"));
			rc = booking_rate(&r->ctx, r->id, in, now, &e);
		}
	} else if (a >= 0) {
		if (a == BOOKING_REJECT)
			put_text(in, "reason", form_str(r, "reason"));
		if (a == BOOKING_CANCEL) {
			put_text(in, "reason", form_str(r, "cancel-reason"));
			put_text(in, "scope", form_str(r, "scope"));
		}
		rc = booking_act(&r->ctx, r->id, (enum booking_action)a,
				 a == BOOKING_REJECT || a == BOOKING_CANCEL ? in : NULL, now, &e);
	} else {
		json_decref(in);
		return reply_error(r, 404, "not_found", NULL, "no such action");
	}
	json_decref(in);
	if (rc == 0)
		return reply_redirect(r, arena_printf(r->a, "/bookings/%lld", (long long)r->id));
	if (e.kind != DERR_INVALID && e.kind != DERR_CONFLICT)
		return reply_derr(r, &e);
	/* show the booking again with the reason it did not happen */
	{
		struct derr ge = { 0 };
		if (booking_get(&r->ctx, r->id, now, &b, &ge) < 0)
			return reply_derr(r, &e);
	}
	r->status = derr_status(&e);
	r->no_cache = 1;
	booking_page(r, &b, &e);
	return -1;
}

/* ---- the inbox ---------------------------------------------------------------- */

int web_inbox(struct req *r)
{
	struct notification *ns;
	struct derr e = { 0 };
	size_t n;
	int64_t page, total, unread;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0)
		return -1;
	if (inbox_list(&r->ctx, 0, page, 30, now_unix(), &ns, &n, &total, &unread, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "通知", "Inbox"));
	html(r, "<h1>");
	html_txt(r, L(r, "通知", "Inbox"));
	html(r, "</h1><p class=\"count\" id=\"unread\">");
	if (req_en(r))
		htmlf(r, "%lld unread of %lld", (long long)unread, (long long)total);
	else
		htmlf(r, "共 %lld 条，未读 %lld 条", (long long)total, (long long)unread);
	html(r, "</p>");
	if (unread) {
		html(r, "<form method=\"post\" action=\"/inbox/read\" class=\"inline\">");
		html_csrf(r);
		html(r, "<button type=\"submit\">");
		html_txt(r, L(r, "全部标为已读", "Mark all read"));
		html(r, "</button></form>");
	}
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "暂无通知。", "Nothing here yet."));
		html(r, "</p>");
	} else {
		html(r, "<ol class=\"results inbox\">");
		for (size_t i = 0; i < n; i++) {
			html(r, ns[i].read_at ? "<li class=\"card\" data-kind=\""
					      : "<li class=\"card unread\" data-kind=\"");
			html_attr(r, ns[i].kind);
			html(r, "\"><p class=\"meta\">");
			html_time(r, ns[i].at);
			html(r, " · ");
			html_txt(r, vocab_label(vocab_notification, ns[i].kind, r->lang));
			if (!ns[i].read_at) {
				html(r, " <span class=\"badge\">");
				html_txt(r, L(r, "未读", "new"));
				html(r, "</span>");
			}
			html(r, "</p><p>");
			html_txt(r, notification_text(r->a, &ns[i], r->lang));
			if (ns[i].booking_id) {
				htmlf(r, " <a href=\"/bookings/%lld\">", (long long)ns[i].booking_id);
				html_txt(r, L(r, "查看预约", "See the booking"));
				html(r, "</a>");
			}
			html(r, "</p></li>");
		}
		html(r, "</ol>");
	}
	html_pager(r, page, 30, total);
	page_end(r);
	return 0;
}

int web_inbox_read(struct req *r)
{
	struct derr e = { 0 };
	int64_t changed, id = 0;
	const char *v = form_str(r, "id");
	if (v && *v && parse_i64(v, 1, INT64_MAX, &id) < 0)
		return reply_error(r, 400, "wrong_type", "id", "id must be a positive integer");
	if (inbox_read(&r->ctx, id, now_unix(), &changed, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, "/inbox");
}
