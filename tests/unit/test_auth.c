/*
 * test_auth.c — accounts, logins, sessions and throttling over a real store.
 */
#include "unit.h"
#include <string.h>
#include "domain/auth.h"
#include "fixture.h"

static int64_t add(struct fx *f, const char *name, const char *role, int64_t org,
		   const char *pw, struct derr *e)
{
	struct account a = { .username = name, .role = role, .org_id = org };
	int64_t id = 0;
	f->c.user = NULL;
	f->c.client = NULL;   /* the command line */
	return auth_account_create(&f->c, &a, pw, &id, e) < 0 ? -1 : id;
}

static void accounts_are_validated(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	assert_true(add(f, "alice", "member", f->org1, "long enough pw", &e) > 0);
	assert_int_equal(add(f, "ALICE", "member", f->org1, "long enough pw", &e), -1);
	assert_string_equal(e.code, "taken");
	assert_int_equal(add(f, "a b", "member", f->org1, "long enough pw", &e), -1);
	assert_string_equal(e.field, "username");
	assert_int_equal(add(f, "bob", "emperor", 0, "long enough pw", &e), -1);
	assert_string_equal(e.field, "role");
	assert_int_equal(add(f, "bob", "member", 0, "long enough pw", &e), -1);
	assert_string_equal(e.field, "org");
	assert_int_equal(add(f, "bob", "member", 99, "long enough pw", &e), -1);
	assert_string_equal(e.field, "org");
	assert_int_equal(add(f, "bob", "member", f->org1, "short", &e), -1);
	assert_string_equal(e.field, "password");
	/* a member cannot create accounts, a visitor on the web neither */
	{
		struct account a = { .username = "carol", .role = "member", .org_id = 1 };
		int64_t id;
		f->c.user = &f->member;
		assert_int_equal(auth_account_create(&f->c, &a, "long enough pw", &id, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		f->c.user = NULL;
		f->c.client = "127.0.0.1";
		assert_int_equal(auth_account_create(&f->c, &a, "long enough pw", &id, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM account WHERE username IN ('bob','carol')"), 0);
}

static void login_session_logout(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct auth_session s, found;
	assert_true(add(f, "dora", "org_admin", f->org1, "correct horse", &e) > 0);
	f->c.client = "10.0.0.1";
	assert_int_equal(auth_login(&f->c, "dora", "correct horse", "api", &s, &e), 0);
	assert_int_equal(strlen(s.token), AUTH_TOKEN_LEN);
	assert_int_equal(strlen(s.csrf), AUTH_CSRF_LEN);
	/* only a hash of the token is stored */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM session WHERE length(token_hash) = 32"), 1);
	assert_int_equal(auth_session_find(&f->c, s.token, &found), 0);
	assert_string_equal(found.account.username, "dora");
	assert_string_equal(found.kind, "api");
	assert_int_equal(auth_session_find(&f->c, "x", &found), 1);
	s.token[0] = s.token[0] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_session_find(&f->c, s.token, &found), 1);
	s.token[0] = found.token[0];
	assert_int_equal(auth_logout(&f->c, found.token, &e), 0);
	assert_int_equal(auth_session_find(&f->c, found.token, &found), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action IN ('login','logout')"), 2);
}

static void wrong_passwords_are_slowed(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct auth_session s;
	assert_true(add(f, "erin", "member", f->org1, "correct horse", &e) > 0);
	f->c.client = "10.0.0.2";
	for (int i = 0; i < AUTH_FREE_FAILURES; i++) {
		memset(&e, 0, sizeof e);
		assert_int_equal(auth_login(&f->c, "erin", "wrong horse", "web", &s, &e), -1);
		assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	}
	/* the next failure locks the account for a while */
	memset(&e, 0, sizeof e);
	assert_int_equal(auth_login(&f->c, "erin", "wrong horse", "web", &s, &e), -1);
	memset(&e, 0, sizeof e);
	assert_int_equal(auth_login(&f->c, "Erin", "correct horse", "web", &s, &e), -1);
	assert_int_equal(e.kind, DERR_TOO_MANY);
	assert_true(e.retry_after >= 1);
	/* the client address is locked too, whatever the account */
	memset(&e, 0, sizeof e);
	assert_int_equal(auth_login(&f->c, "nobody", "whatever", "web", &s, &e), -1);
	assert_int_equal(e.kind, DERR_TOO_MANY);
	/* after the lock runs out the right password works and clears it */
	fx_sql(f, "UPDATE login_throttle SET locked_until = 0");
	memset(&e, 0, sizeof e);
	assert_int_equal(auth_login(&f->c, "erin", "correct horse", "web", &s, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM login_throttle WHERE key = 'u:erin'"), 0);
	/* unknown user and wrong password read the same */
	memset(&e, 0, sizeof e);
	f->c.client = "10.0.0.3";
	assert_int_equal(auth_login(&f->c, "ghost", "whatever", "web", &s, &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	assert_string_equal(e.message, "wrong user name or password");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(accounts_are_validated, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(login_session_logout, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(wrong_passwords_are_slowed, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
