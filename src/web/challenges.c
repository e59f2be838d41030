/*
 * challenges.c — enterprise challenges through the pages: the list (open
 * ones, all, the actor's own, the coordinator's review queue), one
 * challenge with what fits it (experts, instruments, organisations), its
 * responses and the buttons of whoever may act, and the form that drafts
 * or changes one.  Responding is in challenge_respond.c; the rules are in
 * domain/challenge.c.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/challenge.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static const struct term response_roles[] = {
	{ "lead", "牵头单位", "Lead" },
	{ "member", "成员单位", "Member" },
	{ NULL, NULL, NULL },
};

static const char *poster_name(struct req *r, const struct challenge *k)
{
	if (k->anonymous && !challenge_may_see_all(&r->ctx, k))
		return L(r, "匿名企业", "An enterprise (anonymous)");
	return L(r, k->poster_zh, k->poster_en && *k->poster_en ? k->poster_en : k->poster_zh);
}

/* ---- the list ------------------------------------------------------------------ */

static void tab(struct req *r, const char *href, const char *label, int here)
{
	html(r, "<a href=\"");
	html_attr(r, href);
	html(r, here ? "\" aria-current=\"page\">" : "\">");
	html_txt(r, label);
	html(r, "</a> ");
}

int web_challenges(struct req *r)
{
	struct challenge_query q;
	struct challenge *rows;
	struct derr e = { 0 };
	int64_t total, open, mine, review, now = now_unix();
	size_t n;

	memset(&q, 0, sizeof q);
	q.q = q_str(r, "q");
	q.field = q_str(r, "field");
	q.region = q_str(r, "region");
	q.state = q_str(r, "state");
	if (q_int(r, "open", 0, 0, 1, &open) < 0 || q_int(r, "mine", 0, 0, 1, &mine) < 0 ||
	    q_int(r, "review", 0, 0, 1, &review) < 0 || q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	q.open = (int)open;
	q.mine = (int)mine;
	q.review = (int)review;
	q.per_page = 20;
	q.now = now;
	if (challenge_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "揭榜挂帅", "Enterprise challenges"));
	joint_tabs(r);
	html(r, "<h1>");
	html_txt(r, L(r, "揭榜挂帅：企业技术难题榜单", "Enterprise technical challenges"));
	html(r, "</h1><nav class=\"tabs\" aria-label=\"");
	html_attr(r, L(r, "榜单范围", "Which challenges"));
	html(r, "\">");
	tab(r, "/challenges?open=1", L(r, "征集中", "Open now"), q.open);
	tab(r, "/challenges", L(r, "全部榜单", "All"), !q.open && !q.mine && !q.review);
	if (r->logged_in) {
		tab(r, "/challenges?mine=1", L(r, "本单位发布", "Posted by my organisation"), q.mine);
		if (!strcmp(r->sess.account.role, "coordinator"))
			tab(r, "/challenges?review=1", L(r, "待我审核", "To review"), q.review);
	}
	html(r, "</nav>");
	if (challenge_may_create(&r->ctx)) {
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"/challenges/new\">");
		html_txt(r, L(r, "发布榜单", "Post a challenge"));
		html(r, "</a></p>");
	}
	html(r, "<form class=\"filters inline-filters\" method=\"get\" action=\"/challenges\" role=\"search\"><label>");
	html_txt(r, L(r, "榜单名称", "Title"));
	html(r, "<input type=\"search\" name=\"q\" value=\"");
	html_attr(r, q.q ? q.q : "");
	html(r, "\"></label><label>");
	html_txt(r, L(r, "产业领域", "Field"));
	html(r, "<select name=\"field\">");
	html_option(r, "", L(r, "全部领域", "All fields"), q.field);
	for (const struct term *t = vocab_industry; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), q.field);
	html(r, "</select></label>");
	if (q.open)
		html(r, "<input type=\"hidden\" name=\"open\" value=\"1\">");
	if (q.mine)
		html(r, "<input type=\"hidden\" name=\"mine\" value=\"1\">");
	if (q.review)
		html(r, "<input type=\"hidden\" name=\"review\" value=\"1\">");
	html(r, "<button type=\"submit\">");
	html_txt(r, L(r, "筛选", "Filter"));
	html(r, "</button></form><p class=\"count\" id=\"challenge-total\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "%lld challenges" : "共 %lld 项榜单", (long long)total));
	html(r, "</p><ol class=\"results\" id=\"challenges\">");
	for (size_t i = 0; i < n; i++) {
		const struct challenge *k = &rows[i];
		htmlf(r, "<li class=\"card\" data-id=\"%lld\"><h3><a href=\"/challenges/%lld\">",
		      (long long)k->id, (long long)k->id);
		html_txt(r, k->title);
		html(r, "</a></h3><p class=\"meta\">");
		joint_badge(r, "ch", vocab_challenge_state, k->state);
		html(r, " ");
		html_txt(r, vocab_label(vocab_industry, k->field, r->lang));
		html(r, " · ");
		html_txt(r, poster_name(r, k));
		html(r, " · ");
		html_money(r, k->budget_cny);
		html(r, " · ");
		html_txt(r, L(r, "截止 ", "closes "));
		html_txt(r, k->deadline);
		html(r, " · ");
		html_txt(r, arena_printf(r->a, req_en(r) ? "%lld responses" : "%lld 份揭榜方案",
					 (long long)k->responses));
		html(r, "</p></li>");
	}
	html(r, "</ol>");
	html_pager(r, q.page, q.per_page, total);
	page_end(r);
	return 0;
}

/* ---- one challenge ---------------------------------------------------------------- */

static void fact(struct req *r, const char *label, const char *value)
{
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	html_txt(r, value && *value ? value : "—");
	html(r, "</td></tr>");
}

static void action_button(struct req *r, int64_t id, const char *path, const char *code,
			  const char *label)
{
	htmlf(r, "<form method=\"post\" action=\"/%s/%lld/%s\" class=\"inline\">", path, (long long)id, code);
	html_csrf(r);
	html(r, "<button type=\"submit\" id=\"");
	html_attr(r, arena_printf(r->a, "%s-%lld", code, (long long)id));
	html(r, "\">");
	html_txt(r, label);
	html(r, "</button></form> ");
}

static void recommendations(struct req *r, const struct challenge *k)
{
	struct challenge_reco reco;
	struct derr e = { 0 };
	html(r, "<section id=\"recommendations\"><h2>");
	html_txt(r, L(r, "推荐的专家、单位与共享仪器", "Experts, organisations and instruments that fit"));
	html(r, "</h2>");
	if (challenge_recommend(&r->ctx, k, 6, &reco, &e) < 0) {
		html(r, "<p class=\"empty\">");
		html_txt(r, e.message);
		html(r, "</p></section>");
		return;
	}
	html(r, "<h3>");
	html_txt(r, L(r, "专家", "Experts"));
	html(r, "</h3>");
	if (!reco.experts_available) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "专家匹配暂不可用：", "Expert finding is not available: "));
		html_txt(r, reco.experts_note ? reco.experts_note : "");
		html(r, "</p>");
	} else if (!reco.experts.n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "人才库中没有匹配的专家。", "No expert of the talent pool matches."));
		html(r, "</p>");
	} else {
		html(r, "<ul id=\"reco-experts\">");
		for (size_t i = 0; i < reco.experts.n; i++) {
			const struct match_hit *h = &reco.experts.hits[i];
			htmlf(r, "<li><a href=\"/experts/%lld\">", (long long)h->x.id);
			html_txt(r, L(r, h->x.name, h->x.name_en && *h->x.name_en ? h->x.name_en : h->x.name));
			html(r, "</a> · ");
			html_txt(r, L(r, h->x.org_zh ? h->x.org_zh : "", h->x.org_en && *h->x.org_en ? h->x.org_en
										   : h->x.org_zh ? h->x.org_zh : ""));
			for (size_t j = 0; j < h->why.nkeywords && j < 3; j++) {
				html(r, j ? "、" : " · ");
				html_txt(r, h->why.keywords[j]);
			}
			html(r, "</li>");
		}
		html(r, "</ul>");
	}
	html(r, "<h3>");
	html_txt(r, L(r, "单位", "Organisations"));
	html(r, "</h3><ul id=\"reco-orgs\">");
	for (size_t i = 0; i < reco.norgs; i++) {
		const struct reco_org *o = &reco.orgs[i];
		htmlf(r, "<li><a href=\"/orgs/%lld\">", (long long)o->org_id);
		html_txt(r, L(r, o->name_zh ? o->name_zh : "", o->name_en && *o->name_en ? o->name_en
									  : o->name_zh ? o->name_zh : ""));
		html(r, "</a> · ");
		html_txt(r, L(r, o->region_zh ? o->region_zh : "", o->region_en ? o->region_en : ""));
		html(r, " · ");
		html_txt(r, arena_printf(r->a, req_en(r) ? "%lld experts, %lld instruments"
						     : "匹配专家 %lld 位，相关仪器 %lld 台",
					 (long long)o->experts, (long long)o->instruments));
		html(r, "</li>");
	}
	html(r, "</ul><h3>");
	html_txt(r, L(r, "共享仪器设施", "Shared instruments"));
	html(r, "</h3>");
	if (reco.ninstruments)
		web_instrument_cards(r, reco.instruments, reco.ninstruments);
	else {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "目录中没有匹配的仪器。", "No instrument of the catalogue matches."));
		html(r, "</p>");
	}
	html(r, "</section>");
}

static void responses(struct req *r, const struct challenge *k, int64_t now)
{
	struct response *xs;
	struct derr e = { 0 };
	size_t n;
	int decide = challenge_may_decide(&r->ctx, k) && !strcmp(k->state, "published");

	if (!r->logged_in || response_list(&r->ctx, k, &xs, &n, &e) < 0 || !n)
		return;
	html(r, "<section id=\"responses\"><h2>");
	html_txt(r, L(r, "揭榜方案", "Responses"));
	html(r, "</h2>");
	for (size_t i = 0; i < n; i++) {
		const struct response *x = &xs[i];
		htmlf(r, "<article class=\"response card\" id=\"response-%lld\"><h3>", (long long)x->id);
		html_txt(r, L(r, x->lead_zh, x->lead_en && *x->lead_en ? x->lead_en : x->lead_zh));
		html(r, " ");
		joint_badge(r, "resp", vocab_response_state, x->state);
		html(r, "</h3><p class=\"meta\">");
		html_txt(r, L(r, "申请经费 ", "Budget requested: "));
		html_money(r, x->budget_cny);
		html(r, "</p><p class=\"pre\">");
		html_txt(r, x->plan);
		html(r, "</p>");
		joint_parties_table(r, x->members, x->nmember_rows,
				    arena_printf(r->a, "response-%lld-members", (long long)x->id), response_roles);
		if (x->nexperts)
			joint_persons_list(r, x->experts, x->nexperts,
					   arena_printf(r->a, "response-%lld-experts", (long long)x->id));
		html(r, "<div class=\"actions\">");
		if (decide && (!strcmp(x->state, "submitted") || !strcmp(x->state, "shortlisted"))) {
			if (!strcmp(x->state, "submitted"))
				action_button(r, x->id, "responses", "shortlist", L(r, "列入候选", "Shortlist"));
			action_button(r, x->id, "responses", "select", L(r, "选定揭榜方", "Select this team"));
		}
		if (response_may_withdraw(&r->ctx, k, x, now))
			action_button(r, x->id, "responses", "withdraw", L(r, "撤回方案", "Withdraw"));
		html(r, "</div></article>");
	}
	html(r, "</section>");
}

int web_challenge(struct req *r)
{
	struct challenge k;
	struct derr e = { 0 };
	int64_t now = now_unix();
	int open;
	const char *regions = "";

	if (challenge_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	open = !strcmp(k.state, "published") && now < k.deadline_at;
	page_begin(r, k.title);
	joint_tabs(r);
	html(r, "<article class=\"challenge\"><h1>");
	html_txt(r, k.title);
	html(r, "</h1><p>");
	joint_badge(r, "ch", vocab_challenge_state, k.state);
	if (!strcmp(k.state, "published")) {
		html(r, open ? " <span class=\"badge open\" id=\"open-now\">" : " <span class=\"badge late\">");
		html_txt(r, open ? L(r, "征集中", "open for responses") : L(r, "已截止", "responses closed"));
		html(r, "</span>");
	}
	html(r, "</p>");
	if (k.reason && challenge_may_see_all(&r->ctx, &k) && !strcmp(k.state, "returned")) {
		html(r, "<p class=\"err\" id=\"return-reason\">");
		html_txt(r, L(r, "退回原因：", "Returned because: "));
		html_txt(r, k.reason);
		html(r, "</p>");
	}
	for (size_t i = 0; i < k.nregions; i++) {
		struct region reg;
		if (store_region_get(r->ctx.db, r->a, k.regions[i], &reg) == 0)
			regions = arena_printf(r->a, "%s%s%s", regions, i ? "、" : "",
					       L(r, reg.name_zh, reg.name_en));
	}
	html(r, "<table class=\"facts\"><tbody>");
	fact(r, L(r, "发榜企业", "Posted by"), poster_name(r, &k));
	fact(r, L(r, "所在区域", "Region"), L(r, k.region_zh, k.region_en));
	fact(r, L(r, "产业领域", "Field"), vocab_label(vocab_industry, k.field, r->lang));
	fact(r, L(r, "榜单金额", "Budget"), money_str(r, k.budget_cny));
	fact(r, L(r, "揭榜截止日期", "Deadline"), k.deadline);
	fact(r, L(r, "揭榜范围", "Open to"), !strcmp(k.open_to, "regions") ? regions
		 : vocab_label(vocab_open_to, k.open_to, r->lang));
	fact(r, L(r, "知识产权归属", "Intellectual property"), vocab_label(vocab_ip_terms, k.ip_terms, r->lang));
	if (k.ip_note)
		fact(r, L(r, "知识产权说明", "Intellectual-property note"), k.ip_note);
	fact(r, L(r, "揭榜方案", "Responses"), arena_printf(r->a, "%lld", (long long)k.responses));
	html(r, "</tbody></table><h2>");
	html_txt(r, L(r, "技术难题", "The problem"));
	html(r, "</h2><p class=\"pre\" id=\"statement\">");
	html_txt(r, k.statement);
	html(r, "</p><h2>");
	html_txt(r, L(r, "目标指标", "Target indicators"));
	html(r, "</h2><p class=\"pre\" id=\"indicators\">");
	html_txt(r, k.indicators);
	html(r, "</p>");
	if (k.project_id) {
		htmlf(r, "<p id=\"solved\"><a class=\"button\" href=\"/projects/%lld\">", (long long)k.project_id);
		html_txt(r, L(r, "查看揭榜后的联合攻关项目", "See the joint project it became"));
		html(r, "</a></p>");
	}
	html(r, "<div class=\"actions\">");
	if (challenge_may_respond(&r->ctx, &k, now)) {
		htmlf(r, "<a class=\"button\" id=\"respond\" href=\"/challenges/%lld/respond\">", (long long)k.id);
		html_txt(r, L(r, "我要揭榜", "Respond"));
		html(r, "</a>");
	}
	if (challenge_may_edit(&r->ctx, &k)) {
		htmlf(r, "<a class=\"button\" href=\"/challenges/%lld/edit\">", (long long)k.id);
		html_txt(r, L(r, "修改", "Edit"));
		html(r, "</a>");
	}
	if (challenge_may_review(&r->ctx, &k) && !strcmp(k.state, "submitted"))
		action_button(r, k.id, "challenges", "publish", L(r, "审核通过并发布", "Publish"));
	if (challenge_may_decide(&r->ctx, &k) && !strcmp(k.state, "published"))
		action_button(r, k.id, "challenges", "close", L(r, "关闭榜单（不选定）", "Close without selecting"));
	html(r, "</div>");
	if (challenge_may_review(&r->ctx, &k) && !strcmp(k.state, "submitted")) {
		htmlf(r, "<form method=\"post\" action=\"/challenges/%lld/return\" class=\"record\">",
		      (long long)k.id);
		html_csrf(r);
		joint_textarea(r, "reason", L(r, "退回原因", "Reason for returning"), NULL, 3);
		html(r, "<button type=\"submit\" id=\"return\">");
		html_txt(r, L(r, "退回修改", "Return"));
		html(r, "</button></form>");
	}
	responses(r, &k, now);
	if (!strcmp(k.state, "published") || challenge_may_see_all(&r->ctx, &k))
		recommendations(r, &k);
	html(r, "</article>");
	page_end(r);
	return 0;
}

int web_challenge_action(struct req *r)
{
	struct derr e = { 0 };
	int rc;
	if (!strcmp(r->param, "publish"))
		rc = challenge_publish(&r->ctx, r->id, now_unix(), &e);
	else if (!strcmp(r->param, "return"))
		rc = challenge_return(&r->ctx, r->id, joint_posted(r, "reason"), now_unix(), &e);
	else if (!strcmp(r->param, "close"))
		rc = challenge_close(&r->ctx, r->id, now_unix(), &e);
	else
		return reply_error(r, 404, "not_found", NULL, "no such action");
	if (rc < 0)
		return reply_error(r, derr_status(&e), e.code, e.field[0] ? e.field : NULL, "%s",
				   web_field_error(r, &e, !strcmp(e.field, "reason")
							  ? L(r, "退回原因", "the reason") : NULL));
	return reply_redirect(r, arena_printf(r->a, "/challenges/%lld", (long long)r->id));
}

/* ---- the form ------------------------------------------------------------------------ */

static const char *val(struct req *r, const char *name, const char *fallback)
{
	return r->nform ? joint_posted(r, name) : fallback ? fallback : "";
}

static int named(struct req *r, const struct challenge *k, const char *code)
{
	if (r->nform) {
		for (size_t i = 0; i < r->nform; i++)
			if (!strcmp(r->form[i].key, "regions") && !strcmp(r->form[i].val, code))
				return 1;
		return 0;
	}
	for (size_t i = 0; k && i < k->nregions; i++)
		if (!strcmp(k->regions[i], code))
			return 1;
	return 0;
}

static void challenge_form(struct req *r, const struct challenge *k, const struct derr *e)
{
	const char *title = k ? L(r, "修改榜单", "Edit the challenge") : L(r, "发布榜单", "Post a challenge");
	struct region *rs;
	size_t nr = 0;
	char budget[32] = "";

	if (k)
		snprintf(budget, sizeof budget, "%lld", (long long)k->budget_cny);
	page_begin(r, title);
	html(r, "<h1>");
	html_txt(r, title);
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "榜单提交后由发榜企业所在区域的协调员审核，审核通过后向长三角发布。",
		      "The coordinator of the poster's region reviews the challenge before it is published."));
	html(r, "</p>");
	joint_form_error(r, e, challenge_fields);
	if (k)
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/challenges/%lld\">", (long long)k->id);
	else
		html(r, "<form method=\"post\" class=\"record\" action=\"/challenges\">");
	html_csrf(r);
	joint_input(r, "title", L(r, "榜单名称", "Title"), "text", val(r, "title", k ? k->title : NULL), 1);
	joint_select(r, "field", L(r, "产业领域", "Field"), vocab_industry, val(r, "field", k ? k->field : NULL), NULL);
	joint_textarea(r, "statement", L(r, "技术难题描述", "Problem statement"),
		       val(r, "statement", k ? k->statement : NULL), 6);
	joint_textarea(r, "indicators", L(r, "目标指标", "Target indicators"),
		       val(r, "indicators", k ? k->indicators : NULL), 3);
	joint_input(r, "budget_cny", L(r, "榜单金额（元）", "Budget (CNY)"), "number",
		    val(r, "budget_cny", k ? budget : NULL), 1);
	joint_input(r, "deadline", L(r, "揭榜截止日期", "Deadline"), "date",
		    val(r, "deadline", k ? k->deadline : NULL), 1);
	joint_select(r, "open_to", L(r, "揭榜范围", "Open to"), vocab_open_to,
		     val(r, "open_to", k ? k->open_to : "all"), NULL);
	html(r, "<fieldset id=\"regions\"><legend>");
	html_txt(r, L(r, "指定区域（揭榜范围为“指定区域”时勾选）", "Named regions (with open to: named regions)"));
	html(r, "</legend>");
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
		for (size_t i = 0; i < nr; i++) {
			htmlf(r, "<label><input type=\"checkbox\" name=\"regions\" value=\"");
			html_attr(r, rs[i].code);
			html(r, named(r, k, rs[i].code) ? "\" checked> " : "\"> ");
			html_txt(r, L(r, rs[i].name_zh, rs[i].name_en));
			html(r, "</label> ");
		}
	html(r, "</fieldset>");
	joint_select(r, "ip_terms", L(r, "知识产权归属", "Intellectual property"), vocab_ip_terms,
		     val(r, "ip_terms", k ? k->ip_terms : NULL), NULL);
	joint_textarea(r, "ip_note", L(r, "知识产权说明", "Intellectual-property note"),
		       val(r, "ip_note", k ? k->ip_note : NULL), 2);
	html(r, "<label><input type=\"checkbox\" name=\"anonymous\" value=\"1\"");
	if (r->nform ? !!*joint_posted(r, "anonymous") : k && k->anonymous)
		html(r, " checked");
	html(r, "> ");
	html_txt(r, L(r, "对公众隐藏发榜企业名称", "Hide the poster's name from the public"));
	html(r, "</label>");
	if (r->ctx.user && (!strcmp(r->ctx.user->role, "coordinator") || !strcmp(r->ctx.user->role, "sysadmin")))
		joint_input(r, "poster", L(r, "发榜企业（编号或全称）", "Posting enterprise (id or full Chinese name)"),
			    "text", val(r, "poster", k ? k->poster_zh : NULL), 1);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "提交审核", "Submit for review"));
	html(r, "</button></p></form>");
	page_end(r);
}

/* The posted form as the API's document. */
static json_t *posted_doc(struct req *r, struct derr *e)
{
	static const char *const names[] = { "title", "field", "statement", "indicators", "budget_cny",
					     "deadline", "open_to", "ip_terms", "ip_note" };
	const char *keys[ARRAY_SIZE(names)], *vals[ARRAY_SIZE(names)];
	json_t *in, *regions, *v;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		keys[i] = names[i];
		vals[i] = joint_posted(r, names[i]);
	}
	if (!(in = fields_from_pairs(challenge_fields, keys, vals, ARRAY_SIZE(names), e)))
		return NULL;
	json_object_set_new(in, "anonymous", json_boolean(*joint_posted(r, "anonymous")));
	regions = json_array();
	for (size_t i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].key, "regions"))
			json_array_append_new(regions, json_string(r->form[i].val));
	/* regions only count when the challenge is open to named ones */
	if (!strcmp(joint_posted(r, "open_to"), "regions"))
		json_object_set_new(in, "regions", regions);
	else
		json_decref(regions);
	if ((v = joint_org_ref(r, joint_posted(r, "poster"))))
		json_object_set_new(in, "poster_org_id", v);
	return in;
}

static int form_failed(struct req *r, const struct challenge *k, const struct derr *e)
{
	if (e->kind != DERR_INVALID)
		return reply_derr(r, e);
	r->status = 400;
	r->no_cache = 1;
	challenge_form(r, k, e);
	return -1;
}

int web_challenge_new(struct req *r)
{
	if (!challenge_may_create(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "只有企业账号和区域协调员可以发布榜单",
				     "only enterprises' accounts and coordinators post challenges"));
	challenge_form(r, NULL, NULL);
	return 0;
}

int web_challenge_create(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = posted_doc(r, &e);
	int64_t id;
	if (!in || challenge_create(&r->ctx, in, now_unix(), &id, &e) < 0) {
		json_decref(in);
		return form_failed(r, NULL, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/challenges/%lld", (long long)id));
}

int web_challenge_edit(struct req *r)
{
	struct challenge k;
	struct derr e = { 0 };
	if (challenge_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	if (!challenge_may_edit(&r->ctx, &k))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "这项榜单现在不能修改", "this challenge cannot be changed now"));
	challenge_form(r, &k, NULL);
	return 0;
}

int web_challenge_save(struct req *r)
{
	struct challenge k;
	struct derr e = { 0 };
	json_t *in;
	if (challenge_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = posted_doc(r, &e)) || challenge_update(&r->ctx, r->id, in, now_unix(), &e) < 0) {
		json_decref(in);
		return form_failed(r, &k, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/challenges/%lld", (long long)r->id));
}
