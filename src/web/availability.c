/*
 * availability.c — the page where an instrument's owner sets when it can
 * be booked: the booking rules (the same field spec as the API), weekly
 * opening hours (two windows a day here; the API takes up to four),
 * closures and maintenance windows, and the users marked as trained.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "domain/instrument.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static const char *const weekdays_zh[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
static const char *const weekdays_en[] = { "", "Monday", "Tuesday", "Wednesday", "Thursday",
					   "Friday", "Saturday", "Sunday" };

/* The value of a rules field: posted, else the record's. */
static const char *rule_value(struct req *r, const struct field *f, const struct booking_rules *rules,
			      int posted)
{
	const char *p = (const char *)rules + f->offset;
	if (posted)
		return form_str(r, f->name);
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
		return *(const char *const *)p;
	case FT_INT:
		return arena_printf(r->a, "%lld", (long long)*(const int64_t *)p);
	case FT_NUM:
		return *(const double *)p >= 0 ? arena_printf(r->a, "%.2f", *(const double *)p) : "";
	}
	return "";
}

static void rule_field(struct req *r, const struct field *f, const char *v, const struct derr *e)
{
	int bad = e && e->kind && !strcmp(e->field, f->name);
	html(r, bad ? "<label class=\"invalid\">" : "<label>");
	html_txt(r, field_label(f, r->lang));
	if (f->type == FT_ENUM) {
		html(r, "<select name=\"");
		html_attr(r, f->name);
		html(r, "\">");
		for (const struct term *t = f->vocab; t->key; t++)
			html_option(r, t->key, L(r, t->zh, t->en), v);
		html(r, "</select>");
	} else {
		html(r, "<input type=\"number\" name=\"");
		html_attr(r, f->name);
		htmlf(r, "\" min=\"%lld\" max=\"%lld\" step=\"%s\" value=\"", (long long)f->min,
		      (long long)f->max, f->type == FT_NUM ? "0.01" : "1");
		html_attr(r, v ? v : "");
		html(r, "\">");
	}
	html(r, "</label>");
}

/* The form inputs of weekday wd, window w (0 or 1). */
static void hour_input(struct req *r, int wd, int w, const char *which, const char *v)
{
	const char *name = arena_printf(r->a, "h%d%c_%s", wd, w ? 'b' : 'a', which);
	html(r, "<td><label class=\"sr\" for=\"");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, req_en(r) ? weekdays_en[wd] : weekdays_zh[wd]);
	html_txt(r, !strcmp(which, "open") ? L(r, " 开放", " opens") : L(r, " 关闭", " closes"));
	htmlf(r, " %d", w + 1);
	html(r, "</label><input type=\"time\" id=\"");
	html_attr(r, name);
	html(r, "\" name=\"");
	html_attr(r, name);
	html(r, "\" value=\"");
	html_attr(r, v ? v : "");
	html(r, "\"></td>");
}

static void availability_page(struct req *r, const struct instrument *in, const struct derr *e,
			      const char *which_form)
{
	struct availability av;
	struct trained *tr = NULL;
	struct derr le = { 0 };
	size_t ntr = 0;
	int posted_rules = e && e->kind && which_form && !strcmp(which_form, "rules");
	int64_t now = now_unix();

	if (availability_get(&r->ctx, in->id, now, &av, &le) < 0) {
		memset(&av, 0, sizeof av);
		rules_default(&av.rules, in->id);
	}
	trained_list(&r->ctx, in->id, &tr, &ntr, &le);
	page_begin(r, L(r, "开放与预约设置", "Availability and booking rules"));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/instruments/%lld\">", (long long)in->id);
	html_txt(r, L(r, in->name_zh, in->name_en && *in->name_en ? in->name_en : in->name_zh));
	html(r, "</a></nav><h1>");
	html_txt(r, L(r, "开放与预约设置", "Availability and booking rules"));
	html(r, "</h1>");
	if (q_str(r, "saved"))
		html(r, "<p class=\"ok\" role=\"status\">"), html_txt(r, L(r, "已保存。", "Saved.")), html(r, "</p>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}

	/* rules and hours */
	htmlf(r, "<h2>%s</h2><form method=\"post\" class=\"filters\" action=\"/instruments/%lld/availability\">",
	      req_en(r) ? "Rules and opening hours" : "预约规则与开放时间", (long long)in->id);
	html_csrf(r);
	html(r, "<div class=\"grid\">");
	for (const struct field *f = rules_fields; f->name; f++)
		rule_field(r, f, rule_value(r, f, &av.rules, posted_rules), e);
	html(r, "</div><table class=\"hours\"><caption>");
	html_txt(r, L(r, "每周开放时间（北京时间；留空为不开放；24:00 表示到午夜）",
		      "Weekly opening hours (CST; leave empty when closed; 24:00 is midnight)"));
	html(r, "</caption><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "星期", "Day"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "开放", "Opens"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "关闭", "Closes"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "再开放", "Opens again"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "再关闭", "Closes again"));
	html(r, "</th></tr></thead><tbody>");
	for (int wd = 1; wd <= 7; wd++) {
		const struct opening *w[2] = { NULL, NULL };
		int k = 0;
		for (size_t i = 0; i < av.nhours && k < 2; i++)
			if (av.hours[i].weekday == wd)
				w[k++] = &av.hours[i];
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, req_en(r) ? weekdays_en[wd] : weekdays_zh[wd]);
		html(r, "</th>");
		for (int x = 0; x < 2; x++) {
			char o[8] = "", c[8] = "";
			if (w[x]) {
				cst_format_hhmm((int)w[x]->open_minute, o, sizeof o);
				cst_format_hhmm((int)w[x]->close_minute, c, sizeof c);
			}
			hour_input(r, wd, x, "open", o);
			hour_input(r, wd, x, "close", c);
		}
		html(r, "</tr>");
	}
	html(r, "</tbody></table><p><button type=\"submit\">");
	html_txt(r, L(r, "保存规则与开放时间", "Save rules and hours"));
	html(r, "</button></p></form>");

	/* blackouts */
	html(r, "<h2 id=\"blackouts\">");
	html_txt(r, L(r, "停开与维护时段", "Closures and maintenance"));
	html(r, "</h2>");
	if (av.nblackouts) {
		html(r, "<table class=\"list\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "时间", "When"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "类型", "Kind"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "原因", "Reason"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "操作", "Action"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < av.nblackouts; i++) {
			html(r, "<tr><td>");
			html_time(r, av.blackouts[i].start_at);
			html(r, " – ");
			html_time(r, av.blackouts[i].end_at);
			html(r, "</td><td>");
			html_txt(r, vocab_label(vocab_blackout_kind, av.blackouts[i].kind, r->lang));
			html(r, "</td><td>");
			html_txt(r, av.blackouts[i].reason);
			htmlf(r, "</td><td><form method=\"post\" class=\"inline\" action=\"/blackouts/%lld/delete\">",
			      (long long)av.blackouts[i].id);
			html_csrf(r);
			htmlf(r, "<input type=\"hidden\" name=\"back\" value=\"%lld\"><button type=\"submit\" class=\"link\">",
			      (long long)in->id);
			html_txt(r, L(r, "删除", "Remove"));
			html(r, "</button></form></td></tr>");
		}
		html(r, "</tbody></table>");
	}
	htmlf(r, "<form method=\"post\" class=\"filters\" action=\"/instruments/%lld/blackouts\"><div class=\"grid\">",
	      (long long)in->id);
	html_csrf(r);
	html(r, "<label>");
	html_txt(r, L(r, "开始", "From"));
	html(r, "<input type=\"datetime-local\" name=\"start\" required value=\"");
	html_attr(r, which_form && !strcmp(which_form, "blackout") ? form_str(r, "start") : "");
	html(r, "\"></label><label>");
	html_txt(r, L(r, "结束", "Until"));
	html(r, "<input type=\"datetime-local\" name=\"end\" required value=\"");
	html_attr(r, which_form && !strcmp(which_form, "blackout") ? form_str(r, "end") : "");
	html(r, "\"></label><label>");
	html_txt(r, L(r, "类型", "Kind"));
	html(r, "<select name=\"kind\">");
	for (const struct term *t = vocab_blackout_kind; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), "maintenance");
	html(r, "</select></label><label>");
	html_txt(r, L(r, "原因", "Reason"));
	html(r, "<input name=\"reason\" maxlength=\"200\" value=\"\"></label></div><button type=\"submit\">");
	html_txt(r, L(r, "添加停开时段", "Add the window"));
	html(r, "</button></form>");

	/* trained users */
	html(r, "<h2 id=\"trained\">");
	html_txt(r, L(r, "已培训用户（按规则可免审核）", "Trained users (may skip approval)"));
	html(r, "</h2>");
	if (ntr) {
		html(r, "<ul class=\"trained\">");
		for (size_t i = 0; i < ntr; i++) {
			html(r, "<li>");
			html_txt(r, tr[i].username);
			if (tr[i].org_zh) {
				html(r, " · ");
				html_txt(r, tr[i].org_zh);
			}
			htmlf(r, " <form method=\"post\" class=\"inline\" action=\"/instruments/%lld/trained\">",
			      (long long)in->id);
			html_csrf(r);
			html(r, "<input type=\"hidden\" name=\"username\" value=\"");
			html_attr(r, tr[i].username);
			html(r, "\"><input type=\"hidden\" name=\"trained\" value=\"0\"><button type=\"submit\" class=\"link\">");
			html_txt(r, L(r, "取消", "Remove"));
			html(r, "</button></form></li>");
		}
		html(r, "</ul>");
	}
	htmlf(r, "<form method=\"post\" class=\"filters\" action=\"/instruments/%lld/trained\"><div class=\"grid\">",
	      (long long)in->id);
	html_csrf(r);
	html(r, "<label>");
	html_txt(r, L(r, "用户名", "User name"));
	html(r, "<input name=\"username\" required value=\"\"></label><input type=\"hidden\" name=\"trained\" value=\"1\">"
		"</div><button type=\"submit\">");
	html_txt(r, L(r, "标记为已培训", "Mark as trained"));
	html(r, "</button></form>");
	page_end(r);
}

static int managed_instrument(struct req *r, struct instrument *in)
{
	struct derr e = { 0 };
	if (instrument_get(&r->ctx, r->id, in, &e) < 0)
		return reply_derr(r, &e);
	if (!availability_may_manage(&r->ctx, in->org_id))
		return reply_error(r, 403, "forbidden", NULL,
				   "only the owner organisation's administrators manage this instrument");
	return 0;
}

static int failed(struct req *r, const struct instrument *in, const struct derr *e,
		  const char *which)
{
	if (e->kind != DERR_INVALID && e->kind != DERR_CONFLICT)
		return reply_derr(r, e);
	r->status = derr_status(e);
	r->no_cache = 1;
	availability_page(r, in, e, which);
	return -1;
}

int web_availability(struct req *r)
{
	struct instrument in;
	if (managed_instrument(r, &in) < 0)
		return -1;
	availability_page(r, &in, NULL, NULL);
	return 0;
}

int web_availability_save(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	const char **keys, **vals;
	json_t *body, *hours;
	int rc;

	if (managed_instrument(r, &in) < 0)
		return -1;
	keys = arena_alloc(r->a, (r->nform + 1) * sizeof *keys);
	vals = arena_alloc(r->a, (r->nform + 1) * sizeof *vals);
	if (!keys || !vals)
		return reply_error(r, 500, "internal", NULL, "out of memory");
	for (size_t i = 0; i < r->nform; i++) {
		keys[i] = r->form[i].key;
		vals[i] = r->form[i].val;
	}
	/* the same field spec as the API's JSON */
	if (!(body = fields_from_pairs(rules_fields, keys, vals, r->nform, &e)))
		return failed(r, &in, &e, "rules");
	hours = json_array();
	for (int wd = 1; wd <= 7; wd++)
		for (int w = 0; w < 2; w++) {
			const char *o = form_str(r, arena_printf(r->a, "h%d%c_open", wd, w ? 'b' : 'a'));
			const char *c = form_str(r, arena_printf(r->a, "h%d%c_close", wd, w ? 'b' : 'a'));
			if ((!o || !*o) && (!c || !*c))
				continue;
			json_array_append_new(hours, json_pack("{s:i, s:s, s:s}", "weekday", wd,
							       "open", o ? o : "", "close", c ? c : ""));
		}
	json_object_set_new(body, "hours", hours);
	rc = availability_update(&r->ctx, in.id, body, now_unix(), &e);
	json_decref(body);
	if (rc < 0)
		return failed(r, &in, &e, "rules");
	return reply_redirect(r, arena_printf(r->a, "/instruments/%lld/availability?saved=1",
					      (long long)in.id));
}

int web_blackout_create(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	int64_t id;
	json_t *body;
	int rc;

	if (managed_instrument(r, &in) < 0)
		return -1;
	body = json_object();
	for (const char *const *k = (const char *const[]){ "start", "end", "kind", "reason", NULL }; *k; k++) {
		const char *v = form_str(r, *k);
		if (v && *v)
			json_object_set_new(body, *k, json_stringn_nocheck(v, strlen(v)));
	}
	rc = blackout_create(&r->ctx, in.id, body, now_unix(), &id, &e);
	json_decref(body);
	if (rc < 0)
		return failed(r, &in, &e, "blackout");
	return reply_redirect(r, arena_printf(r->a, "/instruments/%lld/availability#blackouts",
					      (long long)in.id));
}

int web_blackout_delete(struct req *r)
{
	struct derr e = { 0 };
	int64_t back = 0;
	const char *b = form_str(r, "back");
	if (b && parse_i64(b, 1, INT64_MAX, &back) < 0)
		back = 0;
	if (blackout_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, back ? arena_printf(r->a, "/instruments/%lld/availability#blackouts",
						     (long long)back) : "/bookings");
}

int web_trained_save(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	const char *u = form_str(r, "username"), *t = form_str(r, "trained");
	json_t *body;
	int rc;

	if (managed_instrument(r, &in) < 0)
		return -1;
	body = json_pack("{s:s%, s:b}", "username", u ? u : "", u ? strlen(u) : 0,
			 "trained", !t || strcmp(t, "0") != 0);
	rc = trained_set(&r->ctx, in.id, body, now_unix(), &e);
	json_decref(body);
	if (rc < 0)
		return failed(r, &in, &e, "trained");
	return reply_redirect(r, arena_printf(r->a, "/instruments/%lld/availability#trained",
					      (long long)in.id));
}
