/*
 * html.c — escaping writers into the request's buffer.  See html.h.
 */
#include <stdio.h>
#include <string.h>
#include "http/html.h"
#include "core/banned.h"

void html(struct req *r, const char *markup)
{
	buf_adds(&r->out, markup);
}

void html_txtn(struct req *r, const char *t, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (t[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = ""; break;
		default: continue;
		}
		buf_add(&r->out, t + start, i - start);
		buf_adds(&r->out, rep);
		start = i + 1;
	}
	buf_add(&r->out, t + start, len - start);
}

void html_txt(struct req *r, const char *t)
{
	if (t)
		html_txtn(r, t, strlen(t));
}

void html_attr(struct req *r, const char *v)
{
	html_txt(r, v);
}

void html_url_arg(struct req *r, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!v)
		return;
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_addch(&r->out, c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(&r->out, e, 3);
		}
	}
}

void htmlf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&r->out, fmt, ap);
	va_end(ap);
}

void html_txtf(struct req *r, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* formatted text longer than small is cut at a byte; callers format
	 * numbers and short labels only */
	html_txtn(r, small, (size_t)n < sizeof small ? (size_t)n : sizeof small - 1);
}

void html_option(struct req *r, const char *value, const char *label, const char *current)
{
	html(r, "<option value=\"");
	html_attr(r, value);
	html(r, current && strcmp(current, value) == 0 ? "\" selected>" : "\">");
	html_txt(r, label);
	html(r, "</option>");
}

void html_csrf(struct req *r)
{
	if (!r->csrf[0]) {
		/* a visitor's first form: a random token in a cookie, which
		 * the post must echo (double submit); such a page is personal */
		auth_random_hex(r->csrf, AUTH_CSRF_LEN / 2);
		req_cookie(r, "sr_csrf", r->csrf, -1);
		r->no_cache = 1;
	}
	html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"");
	html_attr(r, r->csrf);
	html(r, "\">");
}
