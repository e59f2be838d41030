/*
 * metrics.c — GET /metrics in the Prometheus text exposition format 0.0.4:
 * the server's counters and latency histogram (http/server.c), the
 * database's size and row counts.  Aggregates only, nothing personal;
 * operators keep it off the public proxy (docs/operations.md).
 */
#include "api/api.h"
#include "domain/figures.h"
#include "http/server.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

static void metric(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

int api_metrics(struct req *r)
{
	struct server_stats s;
	struct store_counts n;
	struct buf *b = &r->out;
	uint64_t cum = 0;
	int64_t size;

	r->no_cache = 1;
	if (store_counts_get(r->ctx.db, &n) < 0 || (size = store_size_bytes(r->ctx.db)) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the database's figures");
	server_stats(&s);
	buf_reset(b);
	metric(b, "shenrong_http_requests_total", "counter", "HTTP requests answered.");
	buf_addf(b, "shenrong_http_requests_total %llu\n", (unsigned long long)s.requests);
	metric(b, "shenrong_http_errors_total", "counter", "HTTP answers with an error status, by class.");
	buf_addf(b, "shenrong_http_errors_total{class=\"4xx\"} %llu\n", (unsigned long long)s.errors_4xx);
	buf_addf(b, "shenrong_http_errors_total{class=\"5xx\"} %llu\n", (unsigned long long)s.errors_5xx);
	metric(b, "shenrong_http_request_duration_seconds", "histogram",
	       "Time from a request's last byte in to its answer queued.");
	for (int i = 0; i < SERVER_LATENCY_BUCKETS; i++) {
		cum += s.latency[i];
		buf_addf(b, "shenrong_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			 server_latency_bounds[i], (unsigned long long)cum);
	}
	cum += s.latency[SERVER_LATENCY_BUCKETS];
	buf_addf(b, "shenrong_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
		 (unsigned long long)cum);
	buf_addf(b, "shenrong_http_request_duration_seconds_sum %.6f\n", (double)s.latency_sum_us / 1e6);
	buf_addf(b, "shenrong_http_request_duration_seconds_count %llu\n", (unsigned long long)cum);
	metric(b, "shenrong_cache_hits_total", "counter", "Answers served from the response cache.");
	buf_addf(b, "shenrong_cache_hits_total %llu\n", (unsigned long long)s.cache_hits);
	metric(b, "shenrong_searches_total", "counter", "GET requests with search words (?q=).");
	buf_addf(b, "shenrong_searches_total %llu\n", (unsigned long long)s.searches);
	metric(b, "shenrong_page_views_total", "counter", "HTML pages answered 200 since the start.");
	buf_addf(b, "shenrong_page_views_total %llu\n", (unsigned long long)s.page_views);
	metric(b, "shenrong_page_views_pending", "gauge", "Page views counted and not yet written.");
	buf_addf(b, "shenrong_page_views_pending %lld\n", (long long)visits_pending());
	metric(b, "shenrong_database_size_bytes", "gauge", "Size of the database file.");
	buf_addf(b, "shenrong_database_size_bytes %lld\n", (long long)size);
	metric(b, "shenrong_bookings", "gauge", "Bookings in the database, every state.");
	buf_addf(b, "shenrong_bookings %lld\n", (long long)n.bookings);
	metric(b, "shenrong_rows", "gauge", "Rows of the main tables.");
	buf_addf(b, "shenrong_rows{table=\"instrument\"} %lld\n", (long long)n.instruments);
	buf_addf(b, "shenrong_rows{table=\"org\"} %lld\n", (long long)n.organisations);
	buf_addf(b, "shenrong_rows{table=\"account\"} %lld\n", (long long)n.accounts);
	buf_addf(b, "shenrong_rows{table=\"booking\"} %lld\n", (long long)n.bookings);
	buf_addf(b, "shenrong_rows{table=\"tech_contract\"} %lld\n", (long long)n.contracts);
	r->status = 200;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
	return 0;
}
