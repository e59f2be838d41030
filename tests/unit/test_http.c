/*
 * test_http.c — the HTTP layer's pure parts: form and cookie parsing, the
 * route table's matching, the escaping writers.
 */
#include "unit.h"
#include <string.h>
#include "http/form.h"
#include "http/html.h"
#include "http/routes.h"

static void form_decodes_and_keeps_lengths(void **state)
{
	struct arena a = ARENA_INIT;
	struct kv *kv;
	size_t n;
	const char *s = "name_zh=%E7%94%B5%E9%95%9C&q=X+ray&empty=&flag&bad=%zz%4&nul=a%00b";
	(void)state;
	assert_int_equal(form_parse(&a, s, strlen(s), &kv, &n), 0);
	assert_int_equal(n, 6);
	assert_string_equal(kv_get(kv, n, "name_zh"), "电镜");
	assert_string_equal(kv_get(kv, n, "q"), "X ray");
	assert_string_equal(kv_get(kv, n, "empty"), "");
	assert_string_equal(kv_get(kv, n, "flag"), "");
	assert_string_equal(kv_get(kv, n, "bad"), "%zz%4");   /* malformed escapes kept */
	assert_int_equal(kv_len(kv, n, "nul"), 3);            /* a NUL is data, not an end */
	assert_null(kv_get(kv, n, "missing"));
	arena_free(&a);
}

static void form_limits_pairs(void **state)
{
	struct arena a = ARENA_INIT;
	struct kv *kv;
	size_t n;
	char big[FORM_MAX_PAIRS * 4 + 16];
	size_t k = 0;
	(void)state;
	for (int i = 0; i <= FORM_MAX_PAIRS; i++) {
		big[k++] = 'a';
		big[k++] = '=';
		big[k++] = '1';
		big[k++] = '&';
	}
	assert_int_equal(form_parse(&a, big, k, &kv, &n), -1);
	assert_int_equal(form_parse(&a, big, 4 * 10, &kv, &n), 0);
	assert_int_equal(n, 10);
	arena_free(&a);
}

static void cookies_split_without_decoding(void **state)
{
	struct arena a = ARENA_INIT;
	struct kv *kv;
	size_t n;
	const char *s = "sr_sid=abc%20def; lang=en;  x=1=2";
	(void)state;
	assert_int_equal(cookie_parse(&a, s, strlen(s), &kv, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(kv_get(kv, n, "sr_sid"), "abc%20def");
	assert_string_equal(kv_get(kv, n, "lang"), "en");
	assert_string_equal(kv_get(kv, n, "x"), "1=2");
	arena_free(&a);
}

static void url_encode_is_strict(void **state)
{
	struct arena a = ARENA_INIT;
	(void)state;
	assert_string_equal(url_encode(&a, "a b/电&x=1"), "a%20b%2F%E7%94%B5%26x%3D1");
	arena_free(&a);
}

static void routes_match_ids_and_methods(void **state)
{
	struct arena a = ARENA_INIT;
	const struct route *rt;
	const char *param = NULL;
	int64_t id = 0;
	(void)state;
	rt = routes_match("GET", "/api/v1/instruments/42", &id, &param, &a);
	assert_non_null(rt);
	assert_int_equal(id, 42);
	assert_true(rt->flags & CACHE);
	rt = routes_match("DELETE", "/api/v1/instruments/42", &id, &param, &a);
	assert_non_null(rt);
	assert_true(rt->flags & NEED_LOGIN);
	assert_true(rt->flags & NEED_CSRF);
	assert_null(routes_match("GET", "/api/v1/instruments/0", &id, &param, &a));
	assert_null(routes_match("GET", "/api/v1/instruments/-1", &id, &param, &a));
	assert_null(routes_match("GET", "/api/v1/instruments/1x", &id, &param, &a));
	assert_null(routes_match("GET", "/api/v1/instruments/99999999999999999999", &id, &param, &a));
	assert_null(routes_match("GET", "/api/v1/instrumentsX", &id, &param, &a));
	rt = routes_match("GET", "/instruments/new", &id, &param, &a);
	assert_non_null(rt);
	assert_true(rt->flags & NEED_LOGIN);
	rt = routes_match("GET", "/regions/310000", &id, &param, &a);
	assert_non_null(rt);
	assert_string_equal(param, "310000");
	assert_non_null(routes_match("HEAD", "/", &id, &param, &a));
	assert_null(routes_match("PATCH", "/", &id, &param, &a));
	/* every state-changing route checks CSRF; the exceptions are logging
	 * in and the queries that take their text in a POST body and change
	 * nothing */
	for (size_t i = 0; i < nroutes; i++) {
		static const char *const read_only_posts[] = {
			"/api/v1/session", "/api/v1/experts/match", "/api/v1/overlaps/check",
		};
		int exempt = 0;
		for (size_t k = 0; k < sizeof read_only_posts / sizeof *read_only_posts; k++)
			exempt |= strcmp(routes[i].method, "POST") == 0 &&
				  strcmp(routes[i].path, read_only_posts[k]) == 0;
		if (strcmp(routes[i].method, "GET") != 0 && !exempt)
			assert_true(routes[i].flags & NEED_CSRF);
	}
	arena_free(&a);
}

static void html_escapes_everything_dangerous(void **state)
{
	struct arena a = ARENA_INIT;
	struct req r;
	(void)state;
	memset(&r, 0, sizeof r);
	r.a = &a;
	r.lang = "zh";
	buf_init(&r.out, 4096);
	html(&r, "<p title=\"");
	html_attr(&r, "\"><script>alert('x')</script>");
	html(&r, "\">");
	html_txt(&r, "a & b < c > d 'e'");
	html(&r, "</p><a href=\"/s?q=");
	html_url_arg(&r, "电 镜&x=\"");
	html(&r, "\">");
	assert_string_equal(r.out.s,
		"<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\">"
		"a &amp; b &lt; c &gt; d &#39;e&#39;</p><a href=\"/s?q=%E7%94%B5%20%E9%95%9C%26x%3D%22\">");
	buf_release(&r.out);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(form_decodes_and_keeps_lengths),
		cmocka_unit_test(form_limits_pairs),
		cmocka_unit_test(cookies_split_without_decoding),
		cmocka_unit_test(url_encode_is_strict),
		cmocka_unit_test(routes_match_ids_and_methods),
		cmocka_unit_test(html_escapes_everything_dangerous),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
