/*
 * server.h — the HTTP server: libmicrohttpd with a thread pool and epoll.
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct rcache;

struct server_opts {
	const char *db_path;
	const char *addr;            /* listen address, e.g. 127.0.0.1 */
	unsigned short port;
	int threads;
	size_t max_body;             /* bytes; larger bodies get 413 */
	int cache;                   /* 0 disables the response cache */
};

/* The request latency histogram's upper bounds in seconds (Prometheus
 * "le"); a last bucket holds the rest (+Inf). */
#define SERVER_LATENCY_BUCKETS 12
extern const double server_latency_bounds[SERVER_LATENCY_BUCKETS];

struct server_stats {
	uint64_t requests, errors_4xx, errors_5xx;
	/* time in handle(), per bucket (not cumulative), the last one +Inf */
	uint64_t latency[SERVER_LATENCY_BUCKETS + 1];
	uint64_t latency_sum_us;
	uint64_t cache_hits;         /* answers from the response cache */
	uint64_t searches;           /* GET requests with a non-empty ?q= */
	uint64_t page_views;         /* 200 answers to GET of an HTML page */
};

struct server {
	struct server_opts o;
	struct store *store;
	struct rcache *cache;
	const char *share;           /* folder holding static/ and data/ */
};

/* Serves until SIGINT or SIGTERM.  0 on a clean stop, -1 if it could not
 * start (the reason is logged). */
int server_run(const struct server_opts *o);
void server_stats(struct server_stats *out);

/* Where static/ and data/ live: $SHENRONG_SHARE or the build folder. */
const char *shenrong_share(void);

#endif
