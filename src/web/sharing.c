/*
 * sharing.c — the open-sharing figures on the instrument, organisation and
 * region pages; the booking links of an instrument's page; the report of
 * instruments by use, with the under-quota flag (for coordinators, the
 * office and administrators); and an organisation's monthly statement with
 * its CSV and XLSX downloads.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "domain/sharing.h"
#include "domain/statement.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static void fig(struct req *r, const char *id, const char *value, const char *label)
{
	html(r, "<div class=\"fig\"");
	if (id) {
		html(r, " id=\"");
		html_attr(r, id);
		html(r, "\"");
	}
	html(r, "><strong>");
	html_txt(r, value);
	html(r, "</strong><span class=\"label\">");
	html_txt(r, label);
	html(r, "</span></div>");
}

static const char *hours_str(struct req *r, int64_t s)
{
	return arena_printf(r->a, "%.1f", (double)s / 3600.0);
}

void web_sharing_section(struct req *r, int level, int64_t id, const char *code)
{
	struct sharing_figures f;
	struct derr e = { 0 };
	int64_t now = now_unix(), year = sharing_current_year(now);

	if (sharing_figures_get(&r->ctx, (enum sharing_level)level, id, code, year, now, &f, &e) < 0)
		return;
	html(r, "<section class=\"sharing\" aria-labelledby=\"sharing-h\"><h2 id=\"sharing-h\">");
	if (req_en(r))
		htmlf(r, "Open sharing in %lld", (long long)year);
	else
		htmlf(r, "%lld 年开放共享情况", (long long)year);
	html(r, "</h2><div class=\"figures\">");
	fig(r, "fig-effective", hours_str(r, f.effective_s), L(r, "有效工作机时（小时）", "effective hours"));
	fig(r, "fig-external", hours_str(r, f.external_s), L(r, "对外服务机时（小时）", "external service hours"));
	fig(r, "fig-cross", hours_str(r, f.cross_s), L(r, "跨区域服务机时（小时）", "cross-region hours"));
	fig(r, "fig-rate", arena_printf(r->a, "%.1f%%", f.sharing_rate * 100.0),
	    L(r, "共享率（对外 ÷ 有效）", "sharing rate (external ÷ effective)"));
	fig(r, "fig-users", arena_printf(r->a, "%lld / %lld", (long long)f.users, (long long)f.orgs),
	    L(r, "服务用户 / 单位", "users / organisations served"));
	fig(r, "fig-income", money_str(r, f.income_fen / 100), L(r, "服务收入", "income"));
	fig(r, "fig-rating", f.ratings ? arena_printf(r->a, "%.1f", f.rating_avg) : "—",
	    arena_printf(r->a, req_en(r) ? "user rating (%lld ratings)" : "用户评价（%lld 条）",
			 (long long)f.ratings));
	if (level == SHARING_INSTRUMENT && f.quota_class) {
		fig(r, "fig-quota", f.under ? L(r, "未达定额", "Under quota") : L(r, "达到定额", "Meets quota"),
		    arena_printf(r->a, req_en(r) ? "quota %lld h so far this year (%s)"
					   : "年定额按已过时间折算为 %lld 小时（%s）",
				 (long long)f.quota_hours,
				 vocab_label(vocab_quota_class, f.quota_class, r->lang)));
	} else if (level != SHARING_INSTRUMENT) {
		fig(r, "fig-under", arena_printf(r->a, "%lld / %lld", (long long)f.under_quota,
						 (long long)f.with_quota),
		    L(r, "未达年定额的仪器（按已过时间折算）", "instruments under their quota so far"));
	}
	html(r, "</div><p class=\"meta\">");
	html_txt(r, L(r, "按国家大型科研仪器开放共享评价考核口径统计：有效工作机时为签到使用时间；"
		      "通用仪器年定额 1400 机时，专用仪器 800 机时。",
		      "Counted as China's evaluation of large-instrument sharing counts: effective"
		      " hours are checked-in time; the yearly quota is 1,400 hours for general-purpose"
		      " instruments and 800 for specialised ones."));
	if (level == SHARING_ORG && statement_may_read_org(&r->ctx, id))
		htmlf(r, " <a href=\"/orgs/%lld/statement\">%s</a>", (long long)id,
		      req_en(r) ? "Monthly fee statements" : "月度收费结算单");
	if (level == SHARING_REGION && r->logged_in) {
		html(r, " <a href=\"/sharing?region=");
		html_url_arg(r, code);
		html(r, "\">");
		html_txt(r, L(r, "各仪器使用情况", "Instruments by use"));
		html(r, "</a>");
	}
	html(r, "</p></section>");
}

void web_booking_links(struct req *r, const struct instrument *in)
{
	html(r, "<p class=\"actions\" id=\"booking-links\">");
	if (!strcmp(in->status, "in_service") && strcmp(in->sharing, "internal") != 0) {
		htmlf(r, "<a class=\"button\" href=\"/instruments/%lld/book\">", (long long)in->id);
		html_txt(r, L(r, "预约", "Book"));
		html(r, "</a> ");
	}
	htmlf(r, "<a class=\"button\" href=\"/instruments/%lld/calendar\">", (long long)in->id);
	html_txt(r, L(r, "预约日历", "Calendar"));
	html(r, "</a> ");
	if (availability_may_manage(&r->ctx, in->org_id)) {
		htmlf(r, "<a class=\"button\" href=\"/instruments/%lld/availability\">", (long long)in->id);
		html_txt(r, L(r, "开放与预约设置", "Availability"));
		html(r, "</a>");
	}
	html(r, "</p>");
}

/* ---- the report ---------------------------------------------------------- */

int web_sharing(struct req *r)
{
	struct sharing_query q = { 0 };
	struct usage_row *rows;
	struct region *rs;
	struct derr e = { 0 };
	size_t n, nr;
	int64_t total, under, now = now_unix();
	char num[24];

	if (q_int(r, "year", sharing_current_year(now), 2000, 2100, &q.year) < 0 ||
	    q_int(r, "under_quota", 0, 0, 1, &under) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	q.region = q_str(r, "region");
	q.under_quota = (int)under;
	q.ascending = 1;
	q.per_page = 50;
	if (sharing_report(&r->ctx, &q, now, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "开放共享考核", "Open-sharing figures"));
	html(r, "<h1>");
	html_txt(r, L(r, "大型科研仪器开放共享考核", "Open sharing of large instruments"));
	html(r, "</h1>");
	/* the regions side by side */
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0) {
		html(r, "<table class=\"list\"><caption>");
		if (req_en(r))
			htmlf(r, "By region, %lld", (long long)q.year);
		else
			htmlf(r, "%lld 年各区域情况", (long long)q.year);
		html(r, "</caption><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "区域", "Region"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "有效机时", "Effective h"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "对外机时", "External h"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "跨区域机时", "Cross-region h"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "共享率", "Sharing rate"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "未达定额", "Under quota"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i <= nr; i++) {
			struct sharing_figures f;
			int all = i == nr;
			if (sharing_figures_get(&r->ctx, all ? SHARING_ALL : SHARING_REGION, 0,
						all ? NULL : rs[i].code, q.year, now, &f, &e) < 0)
				continue;
			html(r, "<tr><th scope=\"row\">");
			html_txt(r, all ? L(r, "共同体合计", "The community") : L(r, rs[i].name_zh, rs[i].name_en));
			html(r, "</th><td class=\"num\">");
			html_count(r, (f.effective_s + 1800) / 3600);
			html(r, "</td><td class=\"num\">");
			html_count(r, (f.external_s + 1800) / 3600);
			html(r, "</td><td class=\"num\">");
			html_count(r, (f.cross_s + 1800) / 3600);
			htmlf(r, "</td><td class=\"num\">%.1f%%</td><td class=\"num\">", f.sharing_rate * 100.0);
			html_count(r, f.under_quota);
			html(r, " / ");
			html_count(r, f.with_quota);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	html(r, "<form class=\"filters\" method=\"get\" action=\"/sharing\"><div class=\"grid\"><label>");
	html_txt(r, L(r, "年份", "Year"));
	snprintf(num, sizeof num, "%lld", (long long)q.year);
	html(r, "<input type=\"number\" name=\"year\" min=\"2000\" max=\"2100\" value=\"");
	html_attr(r, num);
	html(r, "\"></label><label>");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "<select name=\"region\">");
	html_option(r, "", L(r, "全部（按权限）", "All you may see"), q.region);
	for (size_t i = 0; i < nr; i++)
		html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), q.region);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "只看未达定额", "Only under quota"));
	html(r, "<select name=\"under_quota\">");
	html_option(r, "0", L(r, "否", "No"), under ? "1" : "0");
	html_option(r, "1", L(r, "是", "Yes"), under ? "1" : "0");
	html(r, "</select></label></div><button type=\"submit\">");
	html_txt(r, L(r, "查看", "Show"));
	html(r, "</button></form><p class=\"count\">");
	if (req_en(r))
		htmlf(r, "%lld instruments, fewest hours first", (long long)total);
	else
		htmlf(r, "共 %lld 台仪器，按有效机时从少到多", (long long)total);
	html(r, "</p><table class=\"list\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "仪器", "Instrument"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "单位", "Organisation"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "有效机时", "Effective h"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "共享率", "Sharing"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "服务用户", "Users"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "定额", "Quota"));
	html(r, "</th></tr></thead><tbody>");
	if (!n) {
		html(r, "<tr><td colspan=\"6\" class=\"empty\">");
		html_txt(r, L(r, "没有符合条件的仪器。", "No instrument matches."));
		html(r, "</td></tr>");
	}
	for (size_t i = 0; i < n; i++) {
		json_t *j = usage_row_json(&rows[i], q.year, now);
		int is_under = j && json_is_true(json_object_get(j, "under"));
		json_int_t quota = j ? json_integer_value(json_object_get(j, "quota_hours")) : 0;
		json_decref(j);
		htmlf(r, "<tr><td><a href=\"/instruments/%lld\">", (long long)rows[i].instrument_id);
		html_txt(r, L(r, rows[i].name_zh, rows[i].name_en && *rows[i].name_en ? rows[i].name_en
										     : rows[i].name_zh));
		htmlf(r, "</a></td><td><a href=\"/orgs/%lld\">", (long long)rows[i].org_id);
		html_txt(r, L(r, rows[i].org_zh, rows[i].org_en && *rows[i].org_en ? rows[i].org_en
										 : rows[i].org_zh));
		htmlf(r, "</a></td><td class=\"num\">%.1f</td><td class=\"num\">%.1f%%</td>"
			 "<td class=\"num\">%lld</td><td>",
		      (double)rows[i].effective_s / 3600.0,
		      rows[i].effective_s ? 100.0 * (double)rows[i].external_s / (double)rows[i].effective_s : 0.0,
		      (long long)rows[i].users);
		html(r, is_under ? "<span class=\"badge st-maintenance\">" : "<span class=\"badge st-in_service\">");
		html_txt(r, is_under ? L(r, "未达定额", "Under") : L(r, "达标", "Meets"));
		htmlf(r, "</span> <small>%lld h</small></td></tr>", (long long)quota);
	}
	html(r, "</tbody></table>");
	html_pager(r, q.page, q.per_page, total);
	page_end(r);
	return 0;
}

/* ---- statements ------------------------------------------------------------ */

int web_statement(struct req *r)
{
	static const char *const classes[] = { "internal", "external", "cross_region" };
	struct statement s;
	struct derr e = { 0 };
	const char *month = q_str(r, "month");
	char m[16];

	if (statement_get(&r->ctx, r->id, month, now_unix(), &s, &e) < 0)
		return reply_derr(r, &e);
	snprintf(m, sizeof m, "%04d-%02d", s.year, s.month);
	page_begin(r, L(r, "收费结算单", "Fee statement"));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/orgs/%lld\">", (long long)s.org.id);
	html_txt(r, L(r, s.org.name_zh, s.org.name_en && *s.org.name_en ? s.org.name_en : s.org.name_zh));
	html(r, "</a></nav><h1>");
	html_txt(r, L(r, "收费结算单 ", "Fee statement "));
	html_txt(r, m);
	htmlf(r, "</h1><form class=\"filters\" method=\"get\" action=\"/orgs/%lld/statement\"><div class=\"grid\"><label>",
	      (long long)s.org.id);
	html_txt(r, L(r, "月份", "Month"));
	html(r, "<input type=\"month\" name=\"month\" value=\"");
	html_attr(r, m);
	html(r, "\"></label></div><button type=\"submit\">");
	html_txt(r, L(r, "查看", "Show"));
	htmlf(r, "</button></form><p class=\"actions\"><a class=\"button\" id=\"download-csv\" href=\"/api/v1/organisations/%lld/statement?month=%s&amp;format=csv\">CSV</a> "
		 "<a class=\"button\" id=\"download-xlsx\" href=\"/api/v1/organisations/%lld/statement?month=%s&amp;format=xlsx\">Excel (XLSX)</a></p>",
	      (long long)s.org.id, m, (long long)s.org.id, m);
	html(r, "<table class=\"list\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "预约", "Booking"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "仪器", "Instrument"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "用户", "User"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "收费类别", "Fee class"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "机时", "Hours"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "费用（元）", "Fee (CNY)"));
	html(r, "</th></tr></thead><tbody>");
	if (!s.n) {
		html(r, "<tr><td colspan=\"6\" class=\"empty\">");
		html_txt(r, L(r, "本月没有结算的预约。", "No booking was checked out this month."));
		html(r, "</td></tr>");
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct booking *b = &s.rows[i];
		htmlf(r, "<tr><td><a href=\"/bookings/%lld\">%lld</a></td><td>", (long long)b->id,
		      (long long)b->id);
		html_txt(r, b->instrument_zh);
		html(r, "</td><td>");
		html_txt(r, b->username);
		html(r, "<br><small>");
		html_txt(r, b->user_org_zh);
		html(r, "</small></td><td>");
		html_txt(r, vocab_label(vocab_fee_class, b->fee_class, r->lang));
		htmlf(r, "</td><td class=\"num\">%.2f</td><td class=\"num\">%lld.%02lld</td></tr>",
		      (double)(b->checked_out_at - b->checked_in_at) / 3600.0,
		      (long long)(b->fee_fen / 100), (long long)(b->fee_fen % 100));
	}
	html(r, "</tbody><tfoot>");
	for (int k = 0; k < 3; k++) {
		html(r, "<tr><th scope=\"row\" colspan=\"4\">");
		html_txt(r, vocab_label(vocab_fee_class, classes[k], r->lang));
		htmlf(r, "</th><td class=\"num\">%.2f</td><td class=\"num\">%lld.%02lld</td></tr>",
		      (double)s.class_s[k] / 3600.0, (long long)(s.class_fen[k] / 100),
		      (long long)(s.class_fen[k] % 100));
	}
	html(r, "<tr><th scope=\"row\" colspan=\"4\">");
	html_txt(r, L(r, "合计", "Total"));
	htmlf(r, "</th><td class=\"num\">%.2f</td><td class=\"num\" id=\"statement-total\">%lld.%02lld</td></tr></tfoot></table>",
	      (double)s.total_s / 3600.0, (long long)(s.total_fen / 100), (long long)(s.total_fen % 100));
	page_end(r);
	return 0;
}
