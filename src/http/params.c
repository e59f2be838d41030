/*
 * params.c — shared parameter sets.  See params.h.
 */
#include <string.h>
#include "domain/expert.h"
#include "domain/search.h"
#include "http/params.h"
#include "core/banned.h"

int params_instrument_query(struct req *r, struct instrument_query *q)
{
	struct instrument_query d = INSTRUMENT_QUERY_INIT;
	*q = d;
	q->q = q_str(r, "q");
	q->region = q_str(r, "region");
	q->city = q_str(r, "city");
	q->category = q_str(r, "category");
	q->kind = q_str(r, "kind");
	q->status = q_str(r, "status");
	q->sharing = q_str(r, "sharing");
	q->sort = q_str(r, "sort");
	if (q_int(r, "org", 0, 1, INT64_MAX, &q->org_id) < 0 ||
	    q_int(r, "value_min", -1, 0, INT64_MAX, &q->value_min) < 0 ||
	    q_int(r, "value_max", -1, 0, INT64_MAX, &q->value_max) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q->page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q->per_page) < 0)
		return -1;
	return 0;
}

int params_expert_query(struct req *r, struct expert_query *q)
{
	memset(q, 0, sizeof *q);
	q->name = q_str(r, "q");
	q->region = q_str(r, "region");
	q->city = q_str(r, "city");
	q->title = q_str(r, "title");
	q->discipline = q_str(r, "discipline");
	if (q_int(r, "org", 0, 1, INT64_MAX, &q->org_id) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q->page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q->per_page) < 0)
		return -1;
	return 0;
}

int params_search_request(struct req *r, struct search_request *q)
{
	memset(q, 0, sizeof *q);
	q->q = q_str(r, "q");
	q->type = q_str(r, "type");
	q->region = q_str(r, "region");
	q->city = q_str(r, "city");
	q->category = q_str(r, "category");
	if (q_int(r, "org", 0, 1, INT64_MAX, &q->org_id) < 0 ||
	    q_int(r, "year", 0, 1900, 2200, &q->year) < 0 ||
	    q_int(r, "page", 1, 1, 100, &q->page) < 0 ||           /* SEARCH_PAGE_MAX */
	    q_int(r, "per_page", 10, 1, 50, &q->per_page) < 0)     /* SEARCH_PER_PAGE_MAX */
		return -1;
	return 0;
}
