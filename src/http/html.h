/*
 * html.h — the only way a page writes its body (after cgit's html.h).
 *
 *   html()        literal markup written by us; never outside input
 *   html_txt()    text: & < > " ' escaped
 *   html_attr()   an attribute value (inside double quotes): same escaping
 *   html_url_arg() a query-string value: percent-encoded
 *   htmlf()       printf for markup with trusted arguments (numbers, our
 *                 own constants); a %s argument from input is a bug
 *   html_txtf()   printf whose whole result is escaped as text
 *
 * All write into r->out.  An out-of-space error is remembered in the
 * buffer and turns the answer into a 500; callers need not check.
 */
#ifndef HTTP_HTML_H
#define HTTP_HTML_H

#include "http/request.h"

void html(struct req *r, const char *markup);
void html_txt(struct req *r, const char *text);
void html_txtn(struct req *r, const char *text, size_t len);
void html_attr(struct req *r, const char *value);
void html_url_arg(struct req *r, const char *value);
void htmlf(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_txtf(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An <option> with value and label, selected when value equals current. */
void html_option(struct req *r, const char *value, const char *label, const char *current);
/* A hidden input with the request's CSRF token. */
void html_csrf(struct req *r);

#endif
