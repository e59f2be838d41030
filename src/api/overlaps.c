/*
 * overlaps.c — overlaps through the API: one pair of a round's report with
 * its passages, the decision on it, and the check of one text against
 * every guide item, project and challenge.
 */
#include <stddef.h>
#include <string.h>
#include "api/api.h"
#include "domain/fields.h"
#include "domain/overlap.h"
#include "domain/round.h"
#include "core/banned.h"

static json_t *side_passages(const struct overlap_doc *d, struct hl_range *const *r,
			     const size_t *n)
{
	return json_pack("{s:o, s:o, s:o}",
		"title", overlap_passages_json(d->title, r[0], n[0]),
		"content", overlap_passages_json(d->content, r[1], n[1]),
		"indicators", overlap_passages_json(d->indicators, r[2], n[2]));
}

int api_overlap_get(struct req *r)
{
	struct overlap_pair p;
	struct pair_passages pp;
	struct derr e = { 0 };
	json_t *j;
	if (pair_get(&r->ctx, r->id, &p, &e) < 0 || pair_passages(&r->ctx, &p, &pp, &e) < 0)
		return reply_derr(r, &e);
	j = pair_json(&p);
	if (j) {
		json_object_set_new(j, "a", overlap_doc_json(&p.a, 1));
		json_object_set_new(j, "b", overlap_doc_json(&p.b, 1));
		json_object_set_new(j, "passages", json_pack("{s:o, s:o}",
			"a", side_passages(&p.a, pp.a, pp.na), "b", side_passages(&p.b, pp.b, pp.nb)));
		json_object_set_new(j, "may_decide", json_boolean(pair_may_decide(&r->ctx, &p)));
	}
	return reply_json(r, 200, j);
}

int api_overlap_decide(struct req *r)
{
	struct overlap_pair p;
	struct derr e = { 0 };
	if (pair_decide(&r->ctx, r->id, r->json, &e) < 0 || pair_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, pair_json(&p));
}

/* The check's body: {title?, content, indicators?, limit?}, read with the
 * same field rules as every other body. */
struct check_in {
	const char *title, *content, *indicators;
	int64_t limit;
};

static const struct field check_spec[] = {
	{ "title", FT_TEXT, 0, offsetof(struct check_in, title), 0, OVERLAP_TITLE_MAX, NULL, "标题", "Title" },
	{ "content", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct check_in, content), 0, OVERLAP_CONTENT_MAX, NULL, "研究内容", "Content" },
	{ "indicators", FT_TEXT, F_MULTILINE, offsetof(struct check_in, indicators), 0, OVERLAP_INDICATORS_MAX, NULL, "考核指标", "Indicators" },
	{ "limit", FT_INT, 0, offsetof(struct check_in, limit), 1, OVERLAP_CHECK_LIMIT, NULL, "条数", "Limit" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

int api_overlap_check(struct req *r)
{
	struct check_in in = { NULL, NULL, NULL, 10 };
	struct overlap_result res;
	struct derr e = { 0 };

	if (fields_apply(check_spec, r->json, &in, r->a, FIELDS_CREATE, &e) < 0)
		return reply_derr(r, &e);
	if (in.limit == 0)
		in.limit = 10;   /* null: the default */
	if (overlap_check(&r->ctx, in.title, in.content, in.indicators, (size_t)in.limit, &res, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, overlap_result_json(&res));
}
