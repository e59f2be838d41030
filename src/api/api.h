/*
 * api.h — the JSON API's handlers, one file per resource.  Routes are in
 * http/routes.c; each answers JSON through reply_json()/reply_error().
 * Lists answer {"items": [...], "total": N, "page": P, "per_page": K}.
 */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>
#include "http/request.h"

/* Wraps items (consumed) in the list envelope. */
json_t *api_list(json_t *items, int64_t total, int64_t page, int64_t per_page);

int api_healthz(struct req *r);
int api_stats(struct req *r);
int api_audit(struct req *r);

int api_session_create(struct req *r);
int api_session_get(struct req *r);
int api_session_delete(struct req *r);

int api_regions(struct req *r);
int api_region(struct req *r);
int api_cities(struct req *r);
int api_orgs_list(struct req *r);
int api_org_get(struct req *r);
int api_org_create(struct req *r);
int api_org_update(struct req *r);
int api_org_delete(struct req *r);

int api_instruments_list(struct req *r);
int api_instrument_get(struct req *r);
int api_instrument_create(struct req *r);
int api_instrument_update(struct req *r);
int api_instrument_delete(struct req *r);

#endif
