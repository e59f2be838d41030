/*
 * audit.c — the audit log for administrators: who changed what, when,
 * with the record before and after.
 */
#include "domain/audit.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

int web_audit(struct req *r)
{
	struct audit_filter f = { 0 };
	struct audit_entry *es;
	struct derr e = { 0 };
	size_t n;
	int64_t total, page;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0 ||
	    q_int(r, "entity_id", 0, 1, INT64_MAX, &f.entity_id) < 0)
		return -1;
	f.entity = q_str(r, "entity");
	f.limit = 50;
	f.offset = (page - 1) * f.limit;
	if (audit_list(&r->ctx, &f, &es, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "审计日志", "Audit log"));
	html(r, "<h1>");
	html_txt(r, L(r, "审计日志", "Audit log"));
	html(r, "</h1><p class=\"count\">");
	html_count(r, total);
	html_txt(r, L(r, " 条记录", " entries"));
	html(r, "</p><table class=\"list audit\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "时间", "When"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "操作人", "Who"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "操作", "What"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "变更", "Change"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><td>");
		html_time(r, es[i].at);
		html(r, "</td><td>");
		html_txt(r, es[i].actor);
		if (es[i].client) {
			html(r, "<br><small>");
			html_txt(r, es[i].client);
			html(r, "</small>");
		}
		html(r, "</td><td>");
		html_txt(r, es[i].action);
		html(r, " ");
		html_txt(r, es[i].entity);
		if (es[i].entity_id)
			htmlf(r, " #%lld", (long long)es[i].entity_id);
		html(r, "</td><td>");
		if (es[i].before) {
			html(r, "<details><summary>");
			html_txt(r, L(r, "之前", "Before"));
			html(r, "</summary><code class=\"json\">");
			html_txt(r, es[i].before);
			html(r, "</code></details>");
		}
		if (es[i].after) {
			html(r, "<details><summary>");
			html_txt(r, L(r, "之后", "After"));
			html(r, "</summary><code class=\"json\">");
			html_txt(r, es[i].after);
			html(r, "</code></details>");
		}
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	html_pager(r, page, f.limit, total);
	page_end(r);
	return 0;
}
