/*
 * layout.c — the frame every page shares, and small writers for numbers,
 * money, links, highlights, pagination and SVG charts.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "domain/catalog.h"
#include "domain/domain.h"
#include "http/html.h"
#include "http/routes.h"
#include "text/highlight.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- the frame ---------------------------------------------------------- */

static void nav_link(struct req *r, const char *href, const char *label)
{
	int here = strcmp(r->path, href) == 0 ||
		   (strlen(href) > 1 && strncmp(r->path, href, strlen(href)) == 0);
	html(r, "<a href=\"");
	html_attr(r, href);
	html(r, here ? "\" aria-current=\"page\">" : "\">");
	html_txt(r, label);
	html(r, "</a>");
}

void page_begin(struct req *r, const char *title)
{
	r->ctype = "text/html; charset=utf-8";
	html(r, "<!DOCTYPE html>\n<html lang=\"");
	html(r, req_en(r) ? "en" : "zh-CN");
	html(r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>");
	html_txt(r, title);
	html(r, " · ");
	html_txt(r, L(r, "深融 长三角科技创新共同体", "Shenrong · YRD Innovation Community"));
	html(r, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css?v=" SHENRONG_VERSION "\">\n</head>\n<body>\n"
		"<header class=\"top\"><div class=\"wrap\">"
		"<a class=\"brand\" href=\"/\">");
	html_txt(r, L(r, "深融", "Shenrong"));
	html(r, "<small>");
	html_txt(r, L(r, "长三角科技创新共同体", "YRD S&T Innovation Community"));
	html(r, "</small></a>\n<nav aria-label=\"");
	html_attr(r, L(r, "主导航", "Main"));
	html(r, "\">");
	nav_link(r, "/instruments", L(r, "仪器设施", "Instruments"));
	nav_link(r, "/orgs", L(r, "单位", "Organisations"));
	nav_link(r, "/experts", L(r, "专家", "Experts"));   /* talent pool (web/experts.c) */
	nav_link(r, "/challenges", L(r, "揭榜挂帅", "Challenges"));   /* web/challenges.c */
	nav_link(r, "/dashboard", L(r, "数据看板", "Dashboard"));
	nav_link(r, "/rounds", L(r, "立项会商", "Consultation"));   /* web/rounds.c */
	if (r->logged_in) {   /* bookings (web/bookings.c, web/sharing.c) */
		nav_link(r, "/bookings", L(r, "我的预约", "Bookings"));
		nav_link(r, "/inbox", L(r, "通知", "Inbox"));
		if (strcmp(r->sess.account.role, "member") != 0)
			nav_link(r, "/sharing", L(r, "开放共享", "Sharing"));
	}
	if (r->logged_in && (strcmp(r->sess.account.role, "sysadmin") == 0 ||
			     strcmp(r->sess.account.role, "office") == 0))
		nav_link(r, "/admin/audit", L(r, "审计日志", "Audit log"));
	html(r, "</nav>\n");
	/* the search box of every page (web/search.c): a text input, so that
	 * a page's own search box stays its only searchbox */
	html(r, "<form class=\"topsearch\" method=\"get\" action=\"/search\" role=\"search\">"
		"<label for=\"top-q\" class=\"sr\">");
	html_txt(r, L(r, "全站检索", "Search everything"));
	html(r, "</label><input id=\"top-q\" name=\"q\" type=\"text\" placeholder=\"");
	html_attr(r, L(r, "检索仪器、单位、专家…", "Find instruments, experts…"));
	html(r, "\"><button type=\"submit\">");
	html_txt(r, L(r, "检索", "Find"));
	html(r, "</button></form>\n<div class=\"account\">");
	/* the language switch keeps the page */
	html(r, "<a class=\"lang\" href=\"");
	html_self_link(r, "lang", req_en(r) ? "zh" : "en");
	html(r, "\" lang=\"");
	html(r, req_en(r) ? "zh-CN" : "en");
	html(r, "\">");
	html_txt(r, req_en(r) ? "中文" : "English");
	html(r, "</a>");
	if (r->logged_in) {
		html(r, "<span class=\"who\">");
		html_txt(r, r->sess.account.display_name ? r->sess.account.display_name
							  : r->sess.account.username);
		html(r, " · ");
		html_txt(r, vocab_label(vocab_role, r->sess.account.role, r->lang));
		html(r, "</span><form method=\"post\" action=\"/logout\" class=\"inline\">");
		html_csrf(r);
		html(r, "<button type=\"submit\" class=\"link\">");
		html_txt(r, L(r, "退出", "Log out"));
		html(r, "</button></form>");
	} else {
		html(r, "<a href=\"/login\">");
		html_txt(r, L(r, "登录", "Log in"));
		html(r, "</a>");
	}
	html(r, "</div></div></header>\n<main class=\"wrap\">\n");
}

void page_end(struct req *r)
{
	html(r, "</main>\n<footer class=\"wrap\"><p>");
	html_txt(r, L(r, "深融 — 长三角科技创新共同体开放平台。数据为演示数据。",
		      "Shenrong — the open platform of the Yangtze River Delta S&T innovation"
		      " community. Demo data."));
	html(r, " <a href=\"/api/v1/stats\">API</a></p></footer>\n</body>\n</html>\n");
}

void web_error_page(struct req *r, int status, const char *code, const char *field,
		    const char *msg)
{
	const char *title;
	switch (status) {
	case 400: title = L(r, "请求有误", "Bad request"); break;
	case 401: title = L(r, "请先登录", "Please log in"); break;
	case 403: title = L(r, "没有权限", "Not allowed"); break;
	case 404: title = L(r, "页面不存在", "Not found"); break;
	case 405: title = L(r, "方法不允许", "Method not allowed"); break;
	case 409: title = L(r, "与现有数据冲突", "Conflict"); break;
	case 413: title = L(r, "内容过大", "Too large"); break;
	case 415: title = L(r, "格式不支持", "Unsupported format"); break;
	case 429: title = L(r, "尝试次数过多", "Too many attempts"); break;
	case 503: title = L(r, "暂时不可用", "Unavailable"); break;
	default: title = L(r, "出错了", "Something went wrong"); break;
	}
	page_begin(r, title);
	html(r, "<section class=\"error\" data-code=\"");
	html_attr(r, code);
	html(r, "\"><h1>");
	html_txt(r, title);
	htmlf(r, " <small>%d</small></h1><p>", status);
	html_txt(r, msg);
	if (field && *field) {
		html(r, " <code>");
		html_txt(r, field);
		html(r, "</code>");
	}
	html(r, "</p><p><a href=\"/\">");
	html_txt(r, L(r, "返回首页", "Back to the home page"));
	html(r, "</a></p></section>");
	page_end(r);
}

/* ---- messages ----------------------------------------------------------- */

const char *web_field_error(struct req *r, const struct derr *e, const char *label)
{
	static const struct { const char *code, *zh, *en; } msgs[] = {
		{ "required", "请填写%s", "%s is required" },
		{ "too_long", "%s过长", "%s is too long" },
		{ "wrong_type", "%s的格式不正确", "%s is not in the right form" },
		{ "out_of_range", "%s超出允许范围", "%s is out of range" },
		{ "not_allowed", "%s不是可选的值", "%s is not one of the choices" },
		{ "not_found", "%s不存在", "%s does not exist" },
		{ "control_character", "%s含有控制字符", "%s contains a control character" },
		{ "bad_encoding", "%s不是有效的 UTF-8 文本", "%s is not valid UTF-8" },
		{ "bad_checksum", "%s的校验位不正确", "%s has a wrong check character" },
	};
	if (!label || !e->code)
		return e->message;
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(msgs[i].code, e->code) == 0) {
			/* the format strings are ours; the label is one of ours too */
			const char *fmt = L(r, msgs[i].zh, msgs[i].en);
			const char *pct = strstr(fmt, "%s");
			return arena_printf(r->a, "%.*s%s%s", (int)(pct - fmt), fmt, label, pct + 2);
		}
	return e->message;
}

/* ---- numbers and money -------------------------------------------------- */

void html_count(struct req *r, int64_t n)
{
	char digits[32], out[48];
	int len, k = 0, neg = n < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (neg)
		out[k++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	html(r, out);
}

const char *money_str(struct req *r, int64_t yuan)
{
	double v = (double)yuan;
	if (req_en(r)) {
		if (v >= 1e9)
			return arena_printf(r->a, "CNY %.2f billion", v / 1e9);
		if (v >= 1e6)
			return arena_printf(r->a, "CNY %.2f million", v / 1e6);
		return arena_printf(r->a, "CNY %lld", (long long)yuan);
	}
	if (v >= 1e8)
		return arena_printf(r->a, "%.2f 亿元", v / 1e8);
	if (v >= 1e4)
		return arena_printf(r->a, "%.1f 万元", v / 1e4);
	return arena_printf(r->a, "%lld 元", (long long)yuan);
}

void html_money(struct req *r, int64_t yuan)
{
	html_txt(r, money_str(r, yuan));
}

void html_time(struct req *r, int64_t t)
{
	char s[32];
	struct tm tm;
	time_t tt = (time_t)t + 8 * 3600;
	gmtime_r(&tt, &tm);
	strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
	html(r, s);
}

/* ---- links -------------------------------------------------------------- */

void html_self_link(struct req *r, const char *name, const char *value)
{
	int first = 1;
	html_attr(r, r->path);
	for (size_t i = 0; i < r->nquery; i++) {
		if (strcmp(r->query[i].key, name) == 0 || !r->query[i].val[0])
			continue;
		html(r, first ? "?" : "&amp;");
		first = 0;
		html_url_arg(r, r->query[i].key);
		html(r, "=");
		html_url_arg(r, r->query[i].val);
	}
	if (value) {
		html(r, first ? "?" : "&amp;");
		html_url_arg(r, name);
		html(r, "=");
		html_url_arg(r, value);
	}
}

void html_pager(struct req *r, int64_t page, int64_t per_page, int64_t total)
{
	int64_t pages = (total + per_page - 1) / per_page;
	char num[24];
	if (pages <= 1)
		return;
	html(r, "<nav class=\"pager\" aria-label=\"");
	html_attr(r, L(r, "分页", "Pages"));
	html(r, "\">");
	if (page > 1) {
		snprintf(num, sizeof num, "%lld", (long long)(page - 1));
		html(r, "<a rel=\"prev\" href=\"");
		html_self_link(r, "page", num);
		html(r, "\">");
		html_txt(r, L(r, "上一页", "Previous"));
		html(r, "</a>");
	}
	html(r, "<span>");
	if (req_en(r))
		htmlf(r, "Page %lld of %lld", (long long)page, (long long)pages);
	else
		htmlf(r, "第 %lld / %lld 页", (long long)page, (long long)pages);
	html(r, "</span>");
	if (page < pages && page < 100000) {
		snprintf(num, sizeof num, "%lld", (long long)(page + 1));
		html(r, "<a rel=\"next\" href=\"");
		html_self_link(r, "page", num);
		html(r, "\">");
		html_txt(r, L(r, "下一页", "Next"));
		html(r, "</a>");
	}
	html(r, "</nav>");
}

/* ---- highlighting ------------------------------------------------------- */

void html_marked(struct req *r, const char *text, size_t len,
		 const struct hl_range *rg, size_t n)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (rg[i].start < at || rg[i].end > len)
			continue;
		html_txtn(r, text + at, rg[i].start - at);
		html(r, "<mark>");
		html_txtn(r, text + rg[i].start, rg[i].end - rg[i].start);
		html(r, "</mark>");
		at = rg[i].end;
	}
	html_txtn(r, text + at, len - at);
}

void html_highlight(struct req *r, const char *text, const char *const *tokens,
		    size_t ntokens, size_t snippet_chars)
{
	struct hl_range *rg = NULL;
	size_t n = 0, len, from = 0, to;

	if (!text)
		return;
	len = strlen(text);
	to = len;
	if (ntokens && r->ctx.tk &&
	    highlight_ranges(r->ctx.tk, text, len, tokens, ntokens, &rg, &n) < 0) {
		rg = NULL;
		n = 0;
	}
	if (snippet_chars && snippet_window(text, len, rg, n, snippet_chars, &from, &to) < 0) {
		from = 0;
		to = len;
	}
	if (from > 0)
		html(r, "…");
	/* shift the ranges into the window */
	{
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (rg[i].start < from || rg[i].end > to)
				continue;
			rg[k].start = rg[i].start - from;
			rg[k].end = rg[i].end - from;
			k++;
		}
		html_marked(r, text + from, to - from, rg, k);
	}
	if (to < len)
		html(r, "…");
	free(rg);
}

/* ---- charts ------------------------------------------------------------- */

/* About how wide text is at the chart's 14px: CJK characters are square,
 * Latin letters and digits a little over half. */
static int text_px(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p < 0x80)
			w += 8;
		else if ((*p & 0xC0) != 0x80)
			w += 14;   /* one per character: its lead byte */
	}
	return w;
}

void svg_bars(struct req *r, const char *title, const char *const *labels,
	      const int64_t *values, const char *const *value_text, size_t n)
{
	int64_t max = 1;
	int label_w = 40, value_w = 40, w;
	const int row = 34, bar_w = 300;
	for (size_t i = 0; i < n; i++) {
		if (values[i] > max)
			max = values[i];
		if (text_px(labels[i]) + 16 > label_w)
			label_w = text_px(labels[i]) + 16;
		if (text_px(value_text[i]) + 12 > value_w)
			value_w = text_px(value_text[i]) + 12;
	}
	w = label_w + bar_w + value_w;
	htmlf(r, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
		 "xmlns=\"http://www.w3.org/2000/svg\"><title>", w, (int)n * row + 10);
	html_txt(r, title);
	html(r, "</title>");
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * row + 5;
		int len = (int)((double)values[i] / (double)max * bar_w);
		if (values[i] > 0 && len < 2)
			len = 2;
		htmlf(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + 20);
		html_txt(r, labels[i]);
		htmlf(r, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"24\" rx=\"3\"></rect>",
		      label_w, y + 4, len);
		htmlf(r, "<text x=\"%d\" y=\"%d\" class=\"v\">", label_w + len + 6, y + 20);
		html_txt(r, value_text[i]);
		html(r, "</text>");
	}
	html(r, "</svg>");
}
