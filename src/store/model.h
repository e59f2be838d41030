/*
 * model.h — the records the store reads and writes.
 *
 * Plain structs, shared by store/, domain/ and the layers above.  Strings
 * are owned by the arena of whoever asked the store for the record (or, for
 * records being written, by the caller); NULL means "not set".  An integer
 * field that may be unset uses -1 (ids, years) as said beside it.
 */
#ifndef STORE_MODEL_H
#define STORE_MODEL_H

#include <stdint.h>

struct region {
	const char *code, *name_zh, *name_en;
	int64_t orgs, instruments, value_cny;   /* figures, filled by lists */
};

struct city {
	const char *code, *region_code, *name_zh, *name_en;
	int64_t instruments;
};

struct org {
	int64_t id;
	const char *kind;            /* university institute enterprise centre lab government */
	const char *name_zh, *name_en;
	const char *region_code, *city_code;
	int64_t parent_id;           /* 0 = none */
	const char *uscc, *address;
	int64_t created_at, updated_at;
	/* joined on read */
	const char *region_zh, *region_en, *city_zh, *city_en;
	const char *parent_zh, *parent_en;
	int64_t instruments, value_cny;
};

struct instrument {
	int64_t id;
	const char *kind;            /* instrument facility */
	const char *category;        /* key from domain/catalog.c */
	const char *name_zh, *name_en, *model, *manufacturer, *country;
	int64_t value_cny;
	int64_t purchase_year;       /* 0 = unknown */
	int64_t org_id;
	const char *region_code, *city_code, *address;
	const char *status;          /* in_service maintenance retired */
	const char *sharing;         /* open conditional internal */
	double fee_internal, fee_external;   /* CNY per hour; <0 = not set */
	const char *contact, *specs, *areas, *description;
	int64_t created_at, updated_at;
	/* joined on read */
	const char *org_zh, *org_en, *region_zh, *region_en, *city_zh, *city_en;
	double rank;                 /* search relevance, lower is better */
};

struct account {
	int64_t id;
	const char *username, *display_name;
	const char *role;            /* member org_admin coordinator office sysadmin */
	int64_t org_id;              /* 0 = none */
	const char *region_code;     /* coordinators */
	int disabled;
	int64_t created_at;
	const char *org_zh, *org_en;
};

struct audit_entry {
	int64_t id, at, account_id, entity_id;
	const char *actor, *action, *entity, *before, *after, *client;
};

#endif
