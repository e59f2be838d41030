/*
 * web.h — the HTML pages, one file per page or group of pages, and the
 * layout they share.  Pages are written only through http/html.h.  Every
 * page works without JavaScript and reads well on a phone.
 *
 * Text is written in both languages at the place of use: L(r, "中文",
 * "English") picks the request's language, so a page reads top to bottom
 * and no string can be missing in one language.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stdint.h>
#include "http/request.h"

static inline const char *L(const struct req *r, const char *zh, const char *en)
{
	return req_en(r) ? en : zh;
}

/* ---- layout (layout.c) ---- */
/* Opens the document: head, header with navigation, language switch and
 * the account menu; title is plain text. */
void page_begin(struct req *r, const char *title);
void page_end(struct req *r);
/* The error page body (reply_error's HTML twin). */
void web_error_page(struct req *r, int status, const char *code, const char *field,
		    const char *msg);
/* An amount of yuan, readably: 万元/亿元, or CNY million/billion (in r->a). */
const char *money_str(struct req *r, int64_t yuan);
void html_money(struct req *r, int64_t yuan);
/* A refusal in the page's language: built from e->code and the field's
 * label when the code is a known validation failure, else e->message. */
struct derr;
const char *web_field_error(struct req *r, const struct derr *e, const char *label);
/* Writes n with thousands separators. */
void html_count(struct req *r, int64_t n);
/* Writes the current path and query with one parameter replaced (value
 * NULL removes it), as an escaped attribute value. */
void html_self_link(struct req *r, const char *name, const char *value);
/* Writes text with [start,end) ranges wrapped in <mark>. */
struct hl_range;
void html_marked(struct req *r, const char *text, size_t len,
		 const struct hl_range *rg, size_t n);
/* Text with the query tokens marked; the tokens may be NULL. */
void html_highlight(struct req *r, const char *text, const char *const *tokens,
		    size_t ntokens, size_t snippet_chars);
/* Pagination links for page of total items at per_page. */
void html_pager(struct req *r, int64_t page, int64_t per_page, int64_t total);
/* A horizontal bar chart in SVG: labels and values, a title for screen
 * readers, and the value text beside each bar. */
void svg_bars(struct req *r, const char *title, const char *const *labels,
	      const int64_t *values, const char *const *value_text, size_t n);
/* The date of a Unix time, YYYY-MM-DD HH:MM (UTC+8, the community's). */
void html_time(struct req *r, int64_t t);

/* A list of instrument cards (instruments.c), for other pages. */
struct instrument;
void web_instrument_cards(struct req *r, const struct instrument *items, size_t n);

/* ---- pages ---- */
int web_home(struct req *r);
int web_instruments(struct req *r);
int web_instrument(struct req *r);
int web_instrument_new(struct req *r);
int web_instrument_create(struct req *r);
int web_instrument_edit(struct req *r);
int web_instrument_save(struct req *r);
int web_instrument_delete(struct req *r);
int web_orgs(struct req *r);
int web_org(struct req *r);
int web_region(struct req *r);
int web_login(struct req *r);
int web_login_post(struct req *r);
int web_logout(struct req *r);
int web_audit(struct req *r);
int web_static(struct req *r);

#endif
