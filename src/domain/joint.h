/*
 * joint.h — what joint projects, innovation consortia and enterprise
 * challenges share: reading the lists of organisations and experts their
 * JSON documents carry, checking them against the store, dates, and the
 * split of a document into the members a field spec validates and the
 * lists it does not.
 *
 * Errors name the member at fault with its index, "members[2]" or
 * "experts[0].role", so a form or an API client can point at it.
 */
#ifndef DOMAIN_JOINT_H
#define DOMAIN_JOINT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/catalog.h"
#include "domain/domain.h"
#include "store/project.h"

#define JOINT_MAX_MEMBERS 100
#define JOINT_MAX_EXPERTS 200

extern const struct term vocab_expert_role[];     /* lead co_lead member */

/*
 * Splits a JSON object: *rest gets a new object (the caller json_decref()s
 * it) holding every member of in but the n named ones, whose values go to
 * vals[i] (borrowed from in; NULL when absent).  A JSON true or false of
 * the member named bool_name (may be NULL) becomes 1 or 0 in *rest, for
 * a field spec's 0..1 integer.  -1 with e set when in is not an object.
 */
int joint_split(json_t *in, const char *const *names, size_t n, const char *bool_name,
		json_t **rest, json_t **vals, struct derr *e);

/*
 * Reads a list of organisation ids (a JSON array of positive integers, at
 * most JOINT_MAX_MEMBERS; absent or null: none) as parties of role
 * "member".  A duplicate, or the lead (lead > 0) listed again, is refused
 * with code "duplicate" naming field[i].  Records live in c->a.
 */
int joint_parties(struct ctx *c, json_t *v, const char *field, int64_t lead,
		  struct party **out, size_t *n, struct derr *e);
/*
 * Reads a list of experts, [{"expert_id": 7, "role": "lead"}, ...] (role
 * one of vocab_expert_role, default "member"; at most JOINT_MAX_EXPERTS).
 * A duplicate is refused naming field[i].
 */
int joint_persons(struct ctx *c, json_t *v, const char *field, struct person **out,
		  size_t *n, struct derr *e);

/* Inside a transaction: each organisation exists (DERR_INVALID
 * "not_found" naming field[i] if not); fills region_code and kind. */
int joint_check_orgs(struct ctx *c, struct party *m, size_t n, const char *field,
		     struct derr *e);
/* Inside a transaction: each expert exists. */
int joint_check_experts(struct ctx *c, const struct person *x, size_t n, const char *field,
			struct derr *e);
/* The organisation (DERR_INVALID naming field when missing or unknown);
 * with kind, it must be of that kind ("wrong_kind"). */
int joint_org(struct ctx *c, int64_t id, const char *kind, const char *field,
	      struct org *out, struct derr *e);

/* Reads a date written "YYYY-MM-DD": its CST day number, or -1 if it is
 * not one or not a real date. */
int64_t joint_day(const char *s);

/* Copies at most max characters of s (whole UTF-8 characters) into a. */
const char *joint_cut(struct arena *a, const char *s, size_t max);

/* JSON of parties and persons, for answers and the audit trail. */
json_t *joint_parties_json(const struct party *m, size_t n);
json_t *joint_persons_json(const struct person *x, size_t n);

#endif
