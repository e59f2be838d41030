/*
 * fixture.h — a fresh store with the community loaded, for unit tests of
 * the store and the domain.  Tests may poke the database with raw SQL
 * through fx_sql() (tests are not src/: the SQL rule binds the program).
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core/arena.h"
#include "core/log.h"
#include "domain/auth.h"
#include "domain/community.h"
#include "domain/domain.h"
#include "store/db.h"
#include "store/store.h"
#include "text/tokenize.h"

struct fx {
	char path[64];
	struct store *store;
	struct arena a;
	struct ctx c;
	struct account admin, orgadmin, member;
	int64_t org1, org2;
};

static inline void fx_sql(struct fx *f, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db_handle(f->c.db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "fx_sql: %s: %s\n", sql, msg);
		sqlite3_free(msg);
		abort();
	}
}

static inline int64_t fx_count(struct fx *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db_handle(f->c.db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The fault tests' switch: while on, every write that records an audit
 * row fails half-way, at that row, after its own rows are written; the
 * test then checks that none of them are left. */
static inline void fx_audit_fails(struct fx *f, int on)
{
	fx_sql(f, on ? "CREATE TRIGGER fx_no_audit BEFORE INSERT ON audit BEGIN"
		       " SELECT RAISE(ABORT, 'injected fault'); END"
		     : "DROP TRIGGER fx_no_audit");
}

static inline int fx_setup(void **state)
{
	static int inited;
	struct fx *f = calloc(1, sizeof *f);
	struct derr e = { 0 };
	char err[256], path[1024];
	int applied;

	if (!inited) {
		log_threshold = LOG_WARN;
		if (auth_init(1) < 0)
			return -1;
		inited = 1;
	}
	snprintf(f->path, sizeof f->path, "/tmp/shenrong-unit-XXXXXX");
	close(mkstemp(f->path));
	unlink(f->path);
	f->store = store_open(f->path, 2, 1, err, sizeof err);
	if (!f->store)
		return -1;
	f->c.db = store_acquire(f->store);
	f->c.a = &f->a;
	f->c.tk = tokenizer_new();
	if (store_migrate(f->c.db, &applied) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/data/community/yrd.tsv", SHENRONG_SHARE_DIR);
	if (community_load(&f->c, path, &e) < 0) {
		fprintf(stderr, "fixture: %s\n", e.message);
		return -1;
	}
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, name_en, region_code, city_code, created_at, updated_at)"
		  " VALUES (1, 'university', '测试大学', 'Test University', '340000', '340100', 0, 0),"
		  "        (2, 'institute', '测试研究院', 'Test Institute', '320000', '320500', 0, 0)");
	f->org1 = 1;
	f->org2 = 2;
	f->admin = (struct account){ .id = 1, .username = "admin", .role = "sysadmin" };
	f->orgadmin = (struct account){ .id = 2, .username = "oa", .role = "org_admin", .org_id = 1 };
	f->member = (struct account){ .id = 3, .username = "m", .role = "member", .org_id = 1 };
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, org_id, created_at) VALUES"
		  " (1, 'admin', 'x', 'sysadmin', NULL, 0), (2, 'oa', 'x', 'org_admin', 1, 0),"
		  " (3, 'm', 'x', 'member', 1, 0)");
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	char wal[80];
	store_release(f->store, f->c.db);
	tokenizer_free(f->c.tk);
	store_close(f->store);
	arena_free(&f->a);
	unlink(f->path);
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", f->path);
	unlink(wal);
	free(f);
	return 0;
}

#endif
