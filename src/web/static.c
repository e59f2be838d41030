/*
 * static.c — the stylesheet and the few static files, from share/static/.
 * Names are checked against a strict pattern before any file is opened.
 */
#include <stdio.h>
#include <string.h>
#include "http/server.h"
#include "web/web.h"
#include "core/banned.h"

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return NULL;
	if (strcmp(dot, ".css") == 0) return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0) return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0) return "image/svg+xml";
	if (strcmp(dot, ".png") == 0) return "image/png";
	if (strcmp(dot, ".ico") == 0) return "image/x-icon";
	return NULL;
}

int web_static(struct req *r)
{
	const char *name = r->param, *type;
	char path[1024];
	char chunk[8192];
	size_t k;
	FILE *f;

	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || (*p == '.' && p != name && p[-1] != '.')))
			return reply_error(r, 404, "not_found", NULL, "no such file");
	if (!(type = type_of(name)))
		return reply_error(r, 404, "not_found", NULL, "no such file");
	snprintf(path, sizeof path, "%s/static/%s", shenrong_share(), name);
	if (!(f = fopen(path, "rb")))
		return reply_error(r, 404, "not_found", NULL, "no such file");
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&r->out, chunk, k);
	fclose(f);
	r->ctype = type;
	req_header(r, "Cache-Control", "public, max-age=3600");
	return 0;
}
