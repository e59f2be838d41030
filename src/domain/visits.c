/*
 * visits.c — page views per day and kind of page, with nothing personal
 * kept: atomic counters in memory, written in batches.  See figures.h.
 */
#include <stdatomic.h>
#include "core/cst.h"
#include "domain/figures.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

static atomic_int_fast64_t pending[VISITS_KINDS];

void visits_count(size_t k)
{
	if (k < VISITS_KINDS)
		atomic_fetch_add_explicit(&pending[k], 1, memory_order_relaxed);
}

int64_t visits_pending(void)
{
	int64_t n = 0;
	for (size_t k = 0; k < VISITS_KINDS; k++)
		n += atomic_load_explicit(&pending[k], memory_order_relaxed);
	return n;
}

int visits_flush(struct db *db, const char *const *names, size_t n, int64_t now)
{
	int64_t taken[VISITS_KINDS] = { 0 }, any = 0, day = cst_day(now);
	int rc;

	if (n > VISITS_KINDS)
		n = VISITS_KINDS;
	for (size_t k = 0; k < n; k++)
		any += atomic_load_explicit(&pending[k], memory_order_relaxed);
	if (!any)
		return 0;
	if (store_begin(db) < 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		taken[k] = atomic_exchange_explicit(&pending[k], 0, memory_order_relaxed);
		if (taken[k] && store_page_views_add(db, day, names[k], taken[k]) < 0)
			goto fail;
	}
	if ((rc = store_commit(db)) == 0)
		return 0;
fail:
	store_rollback(db);
	for (size_t k = 0; k < n; k++)   /* not written: count them again later */
		atomic_fetch_add_explicit(&pending[k], taken[k], memory_order_relaxed);
	return -1;
}

int64_t visits_total(struct ctx *c, int64_t year)
{
	return store_page_views_total(c->db, cst_day(cst_year_start(year + 1)) - 1);
}
