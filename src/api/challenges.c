/*
 * challenges.c — enterprise challenges through the API: list, draft,
 * read, change, the coordinator's publish and return, the poster's close,
 * recommendations; the teams' responses: send, list, read, withdraw, and
 * the poster's shortlist and selection.
 */
#include <string.h>
#include "api/api.h"
#include "core/util.h"
#include "domain/challenge.h"
#include "core/banned.h"

int api_challenges_list(struct req *r)
{
	struct challenge_query q;
	struct challenge *rows;
	struct derr e = { 0 };
	int64_t total, open, mine, review, responded, now = now_unix();
	size_t n;
	json_t *items;

	memset(&q, 0, sizeof q);
	q.q = q_str(r, "q");
	q.field = q_str(r, "field");
	q.region = q_str(r, "region");
	q.state = q_str(r, "state");
	if (q_int(r, "open", 0, 0, 1, &open) < 0 || q_int(r, "mine", 0, 0, 1, &mine) < 0 ||
	    q_int(r, "review", 0, 0, 1, &review) < 0 ||
	    q_int(r, "responded", 0, 0, 1, &responded) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q.per_page) < 0)
		return -1;
	q.open = (int)open;
	q.mine = (int)mine;
	q.review = (int)review;
	q.responded = (int)responded;
	q.now = now;
	if (challenge_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, challenge_json(&r->ctx, &rows[i], now));
	return reply_json(r, 200, api_list(items, total, q.page, q.per_page));
}

/* The challenge as the actor sees it, with the given status. */
static int reply_challenge(struct req *r, int64_t id, int status)
{
	struct challenge k;
	struct derr e = { 0 };
	if (challenge_get(&r->ctx, id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, status, challenge_json(&r->ctx, &k, now_unix()));
}

int api_challenge_get(struct req *r)
{
	return reply_challenge(r, r->id, 200);
}

int api_challenge_create(struct req *r)
{
	struct derr e = { 0 };
	int64_t id;
	if (challenge_create(&r->ctx, r->json, now_unix(), &id, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/challenges/%lld", (long long)id));
	return reply_challenge(r, id, 201);
}

int api_challenge_update(struct req *r)
{
	struct derr e = { 0 };
	if (challenge_update(&r->ctx, r->id, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_challenge(r, r->id, 200);
}

int api_challenge_publish(struct req *r)
{
	struct derr e = { 0 };
	if (challenge_publish(&r->ctx, r->id, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_challenge(r, r->id, 200);
}

int api_challenge_return(struct req *r)
{
	struct derr e = { 0 };
	json_t *reason = json_object_get(r->json, "reason");
	const char *key;
	json_t *v;
	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(r->json, key, v)
		if (strcmp(key, "reason") != 0)
			return reply_error(r, 400, "unknown_field", NULL, "only reason is taken");
	if (reason && !json_is_string(reason))
		return reply_error(r, 400, "wrong_type", "reason", "reason must be a string");
	if (challenge_return(&r->ctx, r->id, json_string_value(reason), now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_challenge(r, r->id, 200);
}

int api_challenge_close(struct req *r)
{
	struct derr e = { 0 };
	if (challenge_close(&r->ctx, r->id, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_challenge(r, r->id, 200);
}

int api_challenge_recommendations(struct req *r)
{
	struct challenge k;
	struct challenge_reco reco;
	struct derr e = { 0 };
	int64_t limit;
	if (q_int(r, "limit", 8, 1, 20, &limit) < 0)
		return -1;
	if (challenge_get(&r->ctx, r->id, &k, &e) < 0 ||
	    challenge_recommend(&r->ctx, &k, (size_t)limit, &reco, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, challenge_reco_json(&reco));
}

int api_responses_list(struct req *r)
{
	struct challenge k;
	struct response *rows;
	struct derr e = { 0 };
	size_t n;
	json_t *items;
	if (challenge_get(&r->ctx, r->id, &k, &e) < 0 || response_list(&r->ctx, &k, &rows, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, response_json(&rows[i]));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, n ? (int64_t)n : 1));
}

/* The response as stored, with the given status. */
static int reply_response(struct req *r, int64_t id, int status)
{
	struct response x;
	struct derr e = { 0 };
	if (response_get(&r->ctx, id, &x, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, status, response_json(&x));
}

int api_response_create(struct req *r)
{
	struct derr e = { 0 };
	int64_t id;
	if (response_create(&r->ctx, r->id, r->json, now_unix(), &id, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/responses/%lld", (long long)id));
	return reply_response(r, id, 201);
}

int api_response_get(struct req *r)
{
	return reply_response(r, r->id, 200);
}

int api_response_withdraw(struct req *r)
{
	struct derr e = { 0 };
	if (response_withdraw(&r->ctx, r->id, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_response(r, r->id, 200);
}

int api_response_shortlist(struct req *r)
{
	struct derr e = { 0 };
	if (response_shortlist(&r->ctx, r->id, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return reply_response(r, r->id, 200);
}

int api_response_select(struct req *r)
{
	struct response x;
	struct derr e = { 0 };
	int64_t project;
	if (response_select(&r->ctx, r->id, now_unix(), &project, &e) < 0 ||
	    response_get(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	return reply_challenge(r, x.challenge_id, 200);
}
