/*
 * challenge_respond.c — a team responds to a challenge (揭榜): the form
 * for its consortium (the lead and member organisations), experts, plan
 * and budget request; and the buttons on a response — the team's
 * withdraw, the poster's shortlist and select.  The rules are in
 * domain/challenge.c.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/challenge.h"
#include "domain/joint.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static void respond_form(struct req *r, const struct challenge *k, const struct derr *e)
{
	const char *lead = r->ctx.user && r->ctx.user->org_id > 0
			   ? arena_printf(r->a, "%lld", (long long)r->ctx.user->org_id) : "";
	page_begin(r, L(r, "揭榜", "Respond to a challenge"));
	html(r, "<h1>");
	html_txt(r, L(r, "揭榜：", "Respond: "));
	html_txt(r, k->title);
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "截止日期 ", "Deadline "));
	html_txt(r, k->deadline);
	html(r, " · <a href=\"");
	html_attr(r, arena_printf(r->a, "/challenges/%lld", (long long)k->id));
	html(r, "\">");
	html_txt(r, L(r, "查看榜单", "See the challenge"));
	html(r, "</a></p>");
	joint_form_error(r, e, response_fields);
	htmlf(r, "<form method=\"post\" class=\"record\" action=\"/challenges/%lld/respond\">", (long long)k->id);
	html_csrf(r);
	joint_input(r, "lead", L(r, "牵头单位（编号或全称）", "Lead organisation (id or full Chinese name)"),
		    "text", r->nform ? joint_posted(r, "lead") : lead, 1);
	joint_textarea(r, "members", L(r, "联合体成员单位（每行一个，编号或全称）",
				       "Member organisations of the consortium (one a line, id or full Chinese name)"),
		       joint_posted(r, "members"), 4);
	joint_textarea(r, "experts", L(r, "团队专家（每行一个专家编号，可加角色 lead、co_lead 或 member）",
				       "The team's experts (one expert id a line, optionally with lead, co_lead or member)"),
		       joint_posted(r, "experts"), 3);
	joint_textarea(r, "plan", L(r, "攻关方案", "Plan"), joint_posted(r, "plan"), 8);
	joint_input(r, "budget_cny", L(r, "申请经费（元）", "Budget requested (CNY)"), "number",
		    joint_posted(r, "budget_cny"), 1);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "提交揭榜方案", "Send the response"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_respond(struct req *r)
{
	struct challenge k;
	struct derr e = { 0 };
	if (challenge_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	if (!challenge_may_respond(&r->ctx, &k, now_unix()))
		return reply_error(r, strcmp(k.state, "published") ? 409 : 403, "not_open", NULL, "%s",
				   L(r, "这项榜单现在不接受你的揭榜方案", "this challenge takes no response from you now"));
	respond_form(r, &k, NULL);
	return 0;
}

int web_respond_post(struct req *r)
{
	static const char *const names[] = { "plan", "budget_cny" };
	const char *keys[2], *vals[2];
	struct challenge k;
	struct derr e = { 0 };
	json_t *in = NULL, *v;
	int64_t id;

	if (challenge_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	for (size_t i = 0; i < 2; i++) {
		keys[i] = names[i];
		vals[i] = joint_posted(r, names[i]);
	}
	if (!(in = fields_from_pairs(response_fields, keys, vals, 2, &e)))
		goto failed;
	if ((v = joint_org_ref(r, joint_posted(r, "lead"))))
		json_object_set_new(in, "lead_org_id", v);
	if (!(v = joint_org_refs(r, joint_posted(r, "members"), "members", &e)))
		goto failed;
	json_object_set_new(in, "members", v);
	if (!(v = joint_expert_refs(r, joint_posted(r, "experts"), &e)))
		goto failed;
	json_object_set_new(in, "experts", v);
	if (response_create(&r->ctx, r->id, in, now_unix(), &id, &e) < 0)
		goto failed;
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/challenges/%lld#response-%lld", (long long)r->id,
					      (long long)id));
failed:
	json_decref(in);
	if (e.kind != DERR_INVALID)
		return reply_derr(r, &e);
	r->status = 400;
	r->no_cache = 1;
	respond_form(r, &k, &e);
	return -1;
}

int web_response_action(struct req *r)
{
	struct response x;
	struct derr e = { 0 };
	int64_t project = 0, now = now_unix();
	int rc;

	if (response_get(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	if (!strcmp(r->param, "withdraw"))
		rc = response_withdraw(&r->ctx, r->id, now, &e);
	else if (!strcmp(r->param, "shortlist"))
		rc = response_shortlist(&r->ctx, r->id, now, &e);
	else if (!strcmp(r->param, "select"))
		rc = response_select(&r->ctx, r->id, now, &project, &e);
	else
		return reply_error(r, 404, "not_found", NULL, "no such action");
	if (rc < 0)
		return reply_derr(r, &e);
	if (project)
		return reply_redirect(r, arena_printf(r->a, "/projects/%lld", (long long)project));
	return reply_redirect(r, arena_printf(r->a, "/challenges/%lld#response-%lld",
					      (long long)x.challenge_id, (long long)r->id));
}
