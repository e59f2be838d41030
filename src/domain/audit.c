/*
 * audit.c — the audit trail.  See audit.h.
 */
#include <stdlib.h>
#include "core/util.h"
#include "domain/audit.h"
#include "store/store.h"
#include "core/banned.h"

int audit_log(struct ctx *c, const char *action, const char *entity,
	      int64_t entity_id, json_t *before, json_t *after, struct derr *e)
{
	struct audit_entry en = { 0 };
	char *b = NULL, *a = NULL;
	int rc;

	en.at = now_unix();
	en.account_id = c->user ? c->user->id : 0;
	en.actor = c->user ? c->user->username : (c->client ? "visitor" : "system");
	en.action = action;
	en.entity = entity;
	en.entity_id = entity_id;
	en.client = c->client;
	if (before && !(b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (after && !(a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS))) {
		free(b);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	en.before = b;
	en.after = a;
	rc = store_audit_insert(c->db, &en);
	free(b);
	free(a);
	return rc < 0 ? derr_store(e, rc, "writing the audit log") : 0;
}

int audit_list(struct ctx *c, const struct audit_filter *f,
	       struct audit_entry **out, size_t *n, int64_t *total, struct derr *e)
{
	int rc;
	enum role r = role_of(c->user);
	if (r == ROLE_VISITOR)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to see the audit log");
	if (r != ROLE_SYSADMIN && r != ROLE_OFFICE)
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"only administrators may browse the audit log");
	rc = store_audit_list(c->db, c->a, f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "reading the audit log") : 0;
}
