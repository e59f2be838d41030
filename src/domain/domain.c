/*
 * domain.c — errors and roles shared by the domain.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/log.h"
#include "domain/domain.h"
#include "store/db.h"
#include "core/banned.h"

int derr_set(struct derr *e, enum derr_kind kind, const char *code,
	     const char *field, const char *fmt, ...)
{
	va_list ap;
	e->kind = kind;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return -1;
}

int derr_store(struct derr *e, int rc, const char *what)
{
	switch (rc) {
	case DB_BUSY:
		return derr_set(e, DERR_BUSY, "busy", NULL,
				"the database is busy; try again (%s)", what);
	case DB_CONSTRAINT:
		return derr_set(e, DERR_CONFLICT, "conflict", NULL,
				"%s conflicts with existing data", what);
	default:
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"internal error while %s", what);
	}
}

static const char *const role_names[] = {
	[ROLE_VISITOR] = "visitor", [ROLE_MEMBER] = "member",
	[ROLE_ORG_ADMIN] = "org_admin", [ROLE_COORDINATOR] = "coordinator",
	[ROLE_OFFICE] = "office", [ROLE_SYSADMIN] = "sysadmin",
};

const char *role_name(enum role r)
{
	return role_names[r];
}

int role_parse(const char *name)
{
	for (int i = ROLE_MEMBER; i <= ROLE_SYSADMIN; i++)
		if (name && strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

enum role role_of(const struct account *user)
{
	int r;
	if (!user)
		return ROLE_VISITOR;
	r = role_parse(user->role);
	return r < 0 ? ROLE_VISITOR : (enum role)r;
}
