/*
 * consortium.h — innovation consortia (创新联合体): led by a leading
 * enterprise, with upstream and downstream enterprises, universities and
 * institutes across regions; a consortium can take on several joint
 * projects (project.consortium_id).
 *
 * The JSON document: {"name", "name_en", "lead_org_id" (an enterprise),
 * "field", "founded_year", "description", "members": [{"org_id", "role":
 * upstream|downstream|research|other}]}.  A member's role defaults to
 * research for universities, institutes, laboratories and centres, other
 * for the rest.  Refusals name the member: a missing lead, a lead that is
 * not an enterprise, a member twice or the lead listed again
 * ("members[1]", code duplicate), an unknown organisation.
 *
 * Who may do what: as for projects (project.h) — system administrators,
 * the community office, the coordinator of the lead's region, the lead
 * enterprise's administrators.  A consortium with projects is not
 * deleted.  Anyone may read.  Every write is audited.
 */
#ifndef DOMAIN_CONSORTIUM_H
#define DOMAIN_CONSORTIUM_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/project.h"

extern const struct term vocab_consortium_role[];
extern const struct field consortium_fields[];

int consortium_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
/* PATCH semantics; members, when given, replace the list. */
int consortium_update(struct ctx *c, int64_t id, json_t *in, struct derr *e);
int consortium_delete(struct ctx *c, int64_t id, struct derr *e);
/* With its members. */
int consortium_get(struct ctx *c, int64_t id, struct consortium *out, struct derr *e);

struct consortium_query {
	const char *region, *field;
	int64_t org_id, page, per_page;
};
int consortium_list(struct ctx *c, const struct consortium_query *q, struct consortium **out,
		    size_t *n, int64_t *total, struct derr *e);
int consortium_may_create(const struct ctx *c);
int consortium_may_edit(const struct ctx *c, const struct consortium *k);
/* With members when k has them (after consortium_get). */
json_t *consortium_json(const struct consortium *k);

#endif
