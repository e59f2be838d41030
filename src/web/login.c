/*
 * login.c — logging in and out in the browser.
 */
#include <string.h>
#include "domain/auth.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

/* Only a local path may be the destination after login. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static void login_form(struct req *r, const char *next, const char *username,
		       const struct derr *e)
{
	page_begin(r, L(r, "登录", "Log in"));
	html(r, "<section class=\"narrow\"><h1>");
	html_txt(r, L(r, "登录", "Log in"));
	html(r, "</h1>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"login-error\">");
		if (e->kind == DERR_TOO_MANY)
			html_txt(r, L(r, "失败次数过多，请稍后再试。", e->message));
		else if (e->kind == DERR_UNAUTHORIZED)
			html_txt(r, L(r, "用户名或密码错误。", "Wrong user name or password."));
		else
			html_txt(r, e->message);
		html(r, "</p>");
	}
	html(r, "<form method=\"post\" action=\"/login\" class=\"record\">");
	html_csrf(r);
	html(r, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(r, safe_next(next));
	html(r, "\"><div class=\"field\"><label for=\"username\">");
	html_txt(r, L(r, "用户名", "User name"));
	html(r, "</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"");
	html_attr(r, username ? username : "");
	html(r, "\"></div><div class=\"field\"><label for=\"password\">");
	html_txt(r, L(r, "密码", "Password"));
	html(r, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"current-password\" required></div><p><button type=\"submit\">");
	html_txt(r, L(r, "登录", "Log in"));
	html(r, "</button></p></form></section>");
	page_end(r);
}

int web_login(struct req *r)
{
	if (r->logged_in)
		return reply_redirect(r, safe_next(q_str(r, "next")));
	r->no_cache = 1;
	login_form(r, q_str(r, "next"), NULL, NULL);
	return 0;
}

int web_login_post(struct req *r)
{
	struct derr e = { 0 };
	const char *user = form_str(r, "username"), *pass = form_str(r, "password");
	const char *next = safe_next(form_str(r, "next"));

	/* the account's own session replaces a visitor's */
	if (auth_login(&r->ctx, user, pass, "web", &r->sess, &e) < 0) {
		r->status = derr_status(&e);
		if (e.kind == DERR_TOO_MANY && e.retry_after > 0)
			req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)e.retry_after));
		login_form(r, next, user, &e);
		return -1;
	}
	req_cookie(r, "sr_sid", r->sess.token, AUTH_WEB_TTL);
	return reply_redirect(r, next);
}

int web_logout(struct req *r)
{
	struct derr e = { 0 };
	if (auth_logout(&r->ctx, r->sess.token, &e) < 0)
		return reply_derr(r, &e);
	req_cookie(r, "sr_sid", "", 0);
	return reply_redirect(r, "/");
}
