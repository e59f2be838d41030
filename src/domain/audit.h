/*
 * audit.h — every write leaves an audit entry: who, when, what, and the
 * record before and after (as compact JSON).  Called inside the write's
 * transaction, so the entry and the change commit or vanish together.
 */
#ifndef DOMAIN_AUDIT_H
#define DOMAIN_AUDIT_H

#include <jansson.h>
#include "domain/domain.h"

/* before/after may be NULL; they are not consumed.  0 or -1 (e set). */
int audit_log(struct ctx *c, const char *action, const char *entity,
	      int64_t entity_id, json_t *before, json_t *after, struct derr *e);

/* Lists entries for an administrator (system administrator or community
 * office); others get DERR_FORBIDDEN. */
struct audit_filter;
int audit_list(struct ctx *c, const struct audit_filter *f,
	       struct audit_entry **out, size_t *n, int64_t *total, struct derr *e);

#endif
