/*
 * org.h — organisations (单位): universities, institutes, enterprises,
 * innovation centres and platforms, laboratories, government offices.
 *
 * Anyone may read.  System administrators and the community office create
 * and change organisations; a region coordinator those of their region.
 */
#ifndef DOMAIN_ORG_H
#define DOMAIN_ORG_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/fields.h"

struct org_filter;

extern const struct field org_fields[];

int org_get(struct ctx *c, int64_t id, struct org *out, struct derr *e);
int org_list(struct ctx *c, const struct org_filter *f, struct org **out,
	     size_t *n, int64_t *total, struct derr *e);
/* in is a JSON object of org_fields (API body or converted form). */
int org_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
int org_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
	       struct derr *e);
/* Refused with DERR_CONFLICT while instruments, accounts or child
 * organisations refer to it. */
int org_delete(struct ctx *c, int64_t id, struct derr *e);
/* The record as JSON (for the API and the audit log); NULL on ENOMEM. */
json_t *org_json(const struct org *o);

#endif
