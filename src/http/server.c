/*
 * server.c — libmicrohttpd glue: the life of one request.
 *
 *   uri_log_cb      a request starts: its state and arena are made, and the
 *                   raw URI (with the query string) is kept
 *   on_request      called by libmicrohttpd until the body is in: the body
 *                   is gathered up to max_body (413 beyond); then
 *                   handle() fills a struct req, asks the route table,
 *                   and queues the answer
 *   completed_cb    the answer is sent: the arena goes
 *
 * A thread takes a database connection from the store's pool for the
 * length of one handler call.  Each pool thread has its own tokenizer.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "core/log.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/booking.h"
#include "domain/figures.h"
#include "domain/search_live.h"
#include "http/cache.h"
#include "http/routes.h"
#include "http/server.h"
#include "store/store.h"
#include "text/tokenize.h"
#include "core/banned.h"

#ifndef SHENRONG_SHARE_DIR
#define SHENRONG_SHARE_DIR "."
#endif

struct conn {
	struct arena a;
	const char *uri;
	struct buf body;
	int started, too_large;
	uint64_t discarded;          /* body bytes seen, kept or not */
};

/* A too-large body is read and dropped up to this much before the 413. */
#define DISCARD_LIMIT ((uint64_t)64 << 20)
#define TOO_LARGE "{\"error\":{\"code\":\"too_large\"," \
		  "\"message\":\"the request body is too large\",\"field\":null}}"

static atomic_uint_fast64_t n_requests, n_4xx, n_5xx;
/* for /metrics (api/metrics.c): lock-free counters on the hot path */
const double server_latency_bounds[SERVER_LATENCY_BUCKETS] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
};
static atomic_uint_fast64_t n_latency[SERVER_LATENCY_BUCKETS + 1], n_latency_us,
	n_cache_hits, n_searches, n_views;
static pthread_key_t tk_key;
/* set by the signal handler, read by the watch loop and the search thread
 * (a lock-free atomic: both may be touched from a handler) */
static atomic_int stop_flag;

const char *shenrong_share(void)
{
	const char *s = getenv("SHENRONG_SHARE");
	return s && *s ? s : SHENRONG_SHARE_DIR;
}

void server_stats(struct server_stats *out)
{
	out->requests = atomic_load(&n_requests);
	out->errors_4xx = atomic_load(&n_4xx);
	out->errors_5xx = atomic_load(&n_5xx);
	for (int i = 0; i <= SERVER_LATENCY_BUCKETS; i++)
		out->latency[i] = atomic_load(&n_latency[i]);
	out->latency_sum_us = atomic_load(&n_latency_us);
	out->cache_hits = atomic_load(&n_cache_hits);
	out->searches = atomic_load(&n_searches);
	out->page_views = atomic_load(&n_views);
}

/* A page view (an HTML page answered 200 to a GET) for the dashboard's
 * visits, counted per route, nothing about the visitor; and a search. */
static void count_use(struct req *r, const struct route *rt, const char *method, int status)
{
	const char *q = q_str(r, "q");
	if (q && *q && strcmp(method, "GET") == 0)
		atomic_fetch_add_explicit(&n_searches, 1, memory_order_relaxed);
	if (rt && status == 200 && strcmp(method, "GET") == 0 && !(rt->flags & API) &&
	    strncmp(rt->path, "/static/", 8) != 0) {
		atomic_fetch_add_explicit(&n_views, 1, memory_order_relaxed);
		visits_count((size_t)(rt - routes));
	}
}

static void observe_latency(int64_t us)
{
	double s = (double)us / 1e6;
	int i = 0;
	while (i < SERVER_LATENCY_BUCKETS && s > server_latency_bounds[i])
		i++;
	atomic_fetch_add_explicit(&n_latency[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&n_latency_us, (uint64_t)(us > 0 ? us : 0), memory_order_relaxed);
}

static void tk_destroy(void *p)
{
	tokenizer_free(p);
}

static struct tokenizer *thread_tokenizer(void)
{
	struct tokenizer *tk = pthread_getspecific(tk_key);
	if (!tk && (tk = tokenizer_new()))
		pthread_setspecific(tk_key, tk);
	return tk;
}

static void *uri_log_cb(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *st = calloc(1, sizeof *st);
	struct server *srv = cls;
	(void)c;
	if (!st)
		return NULL;
	buf_init(&st->body, srv->o.max_body);
	st->uri = arena_strdup(&st->a, uri ? uri : "/");
	return st;
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn *st = *con_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (!st)
		return;
	buf_release(&st->body);
	arena_free(&st->a);
	free(st);
	*con_cls = NULL;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
				      const char *key, const char *value)
{
	struct req *r = cls;
	(void)kind;
	if (!value)
		return MHD_YES;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_TYPE) == 0)
		r->content_type = value;
	else if (strcasecmp(key, MHD_HTTP_HEADER_COOKIE) == 0)
		cookie_parse(r->a, value, strlen(value), &r->cookies, &r->ncookies);
	else if (strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION) == 0 &&
		 strncasecmp(value, "Bearer ", 7) == 0)
		r->bearer = value + 7;
	else if (strcasecmp(key, "X-CSRF-Token") == 0)
		r->csrf_header = value;
	return MHD_YES;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, size, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
			  out, (socklen_t)size);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
			  out, (socklen_t)size);
}

/* Picks the language: ?lang= (remembered in a cookie), else the cookie,
 * else Chinese. */
static void choose_lang(struct req *r)
{
	const char *q = q_str(r, "lang"), *c = cookie_str(r, "lang");
	r->lang = "zh";
	if (q && (strcmp(q, "en") == 0 || strcmp(q, "zh") == 0)) {
		r->lang = q[0] == 'e' ? "en" : "zh";
		if (!c || strcmp(c, r->lang) != 0)
			req_cookie(r, "lang", r->lang, 365 * 86400);
	} else if (c && strcmp(c, "en") == 0)
		r->lang = "en";
}

/* Who is asking: a bearer token, else the session cookie.  For visitors
 * the CSRF token is a random cookie that forms must echo (double submit). */
static void find_session(struct req *r)
{
	const char *tok = r->bearer ? r->bearer : cookie_str(r, "sr_sid");
	if (tok && auth_session_find(&r->ctx, tok, &r->sess) == 0) {
		r->logged_in = 1;
		r->ctx.user = &r->sess.account;
		snprintf(r->csrf, sizeof r->csrf, "%s", r->sess.csrf);
		return;
	}
	tok = cookie_str(r, "sr_csrf");
	if (tok && strlen(tok) == AUTH_CSRF_LEN)
		snprintf(r->csrf, sizeof r->csrf, "%s", tok);
}

/* An answer that sets a cookie belongs to one visitor: never shared. */
static int sets_cookie(const struct req *r)
{
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, "Set-Cookie") == 0)
			return 1;
	return 0;
}

static int is_anonymous(struct req *r)
{
	return !r->bearer && !cookie_str(r, "sr_sid");
}

static struct MHD_Response *make_response(struct req *r)
{
	size_t len;
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp;

	if (!body)
		return NULL;
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return NULL;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	return resp;
}

static enum MHD_Result queue_simple(struct MHD_Connection *c, unsigned status,
				    const char *json)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		strlen(json), (void *)json, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void count_status(int status)
{
	atomic_fetch_add(&n_requests, 1);
	if (status >= 500)
		atomic_fetch_add(&n_5xx, 1);
	else if (status >= 400)
		atomic_fetch_add(&n_4xx, 1);
}

static enum MHD_Result handle(struct server *srv, struct MHD_Connection *c,
			      struct conn *st, const char *url, const char *method)
{
	struct req r;
	struct MHD_Response *resp;
	const char *qs = strchr(st->uri, '?');
	char *cache_key = NULL;
	uint64_t gen = store_generation();
	size_t body_len;
	enum MHD_Result ret;
	int status;

	memset(&r, 0, sizeof r);
	r.a = &st->a;
	r.srv = srv;
	r.method = method;
	r.path = url;
	r.raw_query = qs ? qs + 1 : "";
	r.body = st->body.s;
	r.body_len = st->body.len;
	r.status = 200;
	buf_init(&r.out, (size_t)32 << 20);
	client_addr(c, r.client, sizeof r.client);
	form_parse(r.a, r.raw_query, strlen(r.raw_query), &r.query, &r.nquery);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &r);
	choose_lang(&r);

	/* the cache, before anything touches the database */
	if (srv->cache && strcmp(method, "GET") == 0 && is_anonymous(&r) && !sets_cookie(&r)) {
		const struct route *rt = routes_match(method, url, NULL, NULL, r.a);
		if (rt && (rt->flags & CACHE)) {
			cache_key = arena_printf(r.a, "%s|%s", r.lang, st->uri);
			if (cache_key && rcache_serve(srv->cache, cache_key, gen, c, &status)) {
				count_status(status);
				atomic_fetch_add_explicit(&n_cache_hits, 1, memory_order_relaxed);
				count_use(&r, rt, method, status);
				return MHD_YES;
			}
		}
	}

	r.ctx.a = r.a;
	r.ctx.client = r.client;
	r.ctx.tk = thread_tokenizer();
	r.ctx.db = store_acquire(srv->store);
	if (!r.ctx.db || !r.ctx.tk) {
		buf_release(&r.out);
		count_status(503);
		return queue_simple(c, 503, "{\"error\":{\"code\":\"unavailable\","
				    "\"message\":\"the database cannot be opened\",\"field\":null}}");
	}
	find_session(&r);
	routes_dispatch(&r);
	store_release(srv->store, r.ctx.db);
	r.ctx.db = NULL;
	json_decref(r.json);

	if (r.out.len == 0 && r.out.alloc == 0 && r.status >= 500)
		buf_adds(&r.out, "internal error");
	status = r.status;
	body_len = r.out.len;
	resp = make_response(&r);
	buf_release(&r.out);
	if (!resp) {
		count_status(500);
		return queue_simple(c, 500, "{\"error\":{\"code\":\"internal\","
				    "\"message\":\"out of memory\",\"field\":null}}");
	}
	ret = MHD_queue_response(c, (unsigned)status, resp);
	count_status(status);
	count_use(&r, r.route, method, status);
	if (cache_key && status == 200 && !r.no_cache && !sets_cookie(&r) &&
	    store_generation() == gen)
		rcache_put(srv->cache, cache_key, gen, resp, status,
			   body_len + strlen(cache_key) + 256);
	else
		MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn *st = *con_cls;
	(void)version;

	if (!st)
		return MHD_NO;
	if (!st->started) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_EXPECT);
		int64_t n;
		st->started = 1;
		if (cl && parse_i64(cl, 0, INT64_MAX, &n) == 0 && (uint64_t)n > srv->o.max_body) {
			st->too_large = 1;
			/* A client that waits for 100 Continue, or one announcing
			 * far more than we would ever read, hears now.  Others have
			 * sent the body already: read it away and then answer, or
			 * the kernel resets the connection and the client never
			 * sees the 413. */
			if ((expect && strcasecmp(expect, "100-continue") == 0) ||
			    (uint64_t)n > DISCARD_LIMIT) {
				count_status(413);
				return queue_simple(c, 413, TOO_LARGE);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!st->too_large && buf_add(&st->body, upload_data, *upload_data_size) < 0)
			st->too_large = 1;
		st->discarded += *upload_data_size;
		*upload_data_size = 0;
		if (st->too_large && st->discarded > DISCARD_LIMIT) {
			count_status(413);
			return queue_simple(c, 413, TOO_LARGE);
		}
		return MHD_YES;
	}
	if (st->too_large) {
		count_status(413);
		return queue_simple(c, 413, TOO_LARGE);
	}
	{
		int64_t t0 = now_usec_mono();
		enum MHD_Result ret = handle(srv, c, st, url, method);
		observe_latency(now_usec_mono() - t0);
		return ret;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* The booking sweep, as the system, on the main thread's connection. */
static void booking_tick(struct db *db)
{
	struct arena a = ARENA_INIT;
	struct ctx c = { .db = db, .a = &a };
	struct derr e = { 0 };
	int changed = 0;
	if (booking_sweep(&c, now_unix(), &changed, &e) < 0)
		log_warn("serve: booking sweep: %s", e.message);
	else if (changed)
		log_info("serve: booking sweep: %d changed", changed);
	arena_free(&a);
}

/* Writes the page views counted so far (as the system, no audit: a
 * counter, not anyone's act). */
static void visits_write(struct db *db)
{
	const char *names[VISITS_KINDS];
	size_t n = nroutes < VISITS_KINDS ? nroutes : VISITS_KINDS;
	for (size_t k = 0; k < n; k++)
		names[k] = routes[k].path;
	if (visits_flush(db, names, n, now_unix()) < 0)
		log_warn("serve: the page views could not be written; kept for the next try");
}

/* Keeps the process's search index up to date (domain/search_live.h):
 * builds it when the server starts, so that the first visitor does not
 * wait for the whole build, then applies the changes every 200 ms, so
 * that searches seldom have any to apply first.  Its own thread and
 * connection: a rebuild (after `shenrong reindex`) takes seconds on a
 * large community and must not hold up the watch loop. */
static void *search_thread(void *arg)
{
	struct server *srv = arg;
	struct db *db = store_acquire(srv->store);
	struct tokenizer *tk = tokenizer_new();
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int failing = 0;
	while (db && tk && !stop_flag) {
		struct arena a = ARENA_INIT;
		struct derr e = { 0 };
		struct ctx c = { 0 };
		c.db = db;
		c.a = &a;
		c.tk = tk;
		if (search_live_warm(&c, &e) < 0) {
			if (!failing)   /* once, not every 200 ms */
				log_warn("serve: the search index could not be brought up to date: %s",
					 e.message);
			failing = 1;
		} else {
			failing = 0;
		}
		arena_free(&a);
		nanosleep(&ts, NULL);
	}
	tokenizer_free(tk);
	store_release(srv->store, db);
	return NULL;
}

int server_run(const struct server_opts *o)
{
	struct server srv = { 0 };
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in sa;
	struct sigaction act;
	pthread_t search;
	int searching = 0;
	char err[256];
	int rc = -1;

	srv.o = *o;
	srv.share = shenrong_share();
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	if (inet_pton(AF_INET, o->addr, &sa.sin_addr) != 1)
		return error("serve: %s is not an IPv4 address", o->addr);
	if (pthread_key_create(&tk_key, tk_destroy) != 0)
		return error("serve: cannot create a thread key");
	/* a connection per request thread, the watcher's and the search
	 * index thread's */
	srv.store = store_open(o->db_path, o->threads + 2, 0, err, sizeof err);
	if (!srv.store) {
		error("serve: %s", err);
		goto out;
	}
	{
		struct db *db = store_acquire(srv.store);
		int have = db ? store_schema_version(db) : -1;
		store_release(srv.store, db);
		if (have != store_schema_latest()) {
			error("serve: %s has schema %d, this program needs %d: run `shenrong migrate --db %s`",
			      o->db_path, have, store_schema_latest(), o->db_path);
			goto out;
		}
	}
	if (o->cache && !(srv.cache = rcache_new(8192, (size_t)256 << 20))) {
		error("serve: out of memory");
		goto out;
	}
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			     MHD_USE_TURBO,
			     o->port, NULL, NULL, on_request, &srv,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
			     MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, &srv,
			     MHD_OPTION_NOTIFY_COMPLETED, completed_cb, &srv,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
			     /* room for a URL of 10,000 four-byte characters,
			      * percent-encoded (120 KB): the search's longest
			      * query gets an answer, not a 414 (libmicrohttpd
			      * maps the pool lazily) */
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)192 * 1024,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
			     MHD_OPTION_END);
	if (!d) {
		error("serve: cannot listen on %s:%u", o->addr, (unsigned)o->port);
		goto out;
	}
	log_info("serve: listening on http://%s:%u/ (%d threads, db %s)", o->addr,
		 (unsigned)o->port, o->threads, o->db_path);
	memset(&act, 0, sizeof act);
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	searching = pthread_create(&search, NULL, search_thread, &srv) == 0;
	/* the main thread watches for writes made by other processes (the
	 * command line, another server) so the response cache never serves
	 * what they changed for longer than a moment */
	{
		struct db *watch = store_acquire(srv.store);
		int64_t seen = 0;
		struct timespec ts = { 0, 200 * 1000 * 1000 };
		unsigned tick = 0;
		while (!stop_flag) {
			if (watch)
				store_watch(watch, &seen);
			/* every 10 s: no-shows, expired requests and offers,
			 * waitlist offers, reminders (reads also do it lazily) */
			if (watch && ++tick % 50 == 0)
				booking_tick(watch);
			/* every minute: the page views counted (domain/visits.c) */
			if (watch && tick % 300 == 0)
				visits_write(watch);
			nanosleep(&ts, NULL);
		}
		if (watch) {
			MHD_stop_daemon(d);   /* no request counts any more */
			d = NULL;
			visits_write(watch);
		}
		store_release(srv.store, watch);
	}
	log_info("serve: stopping");
	rc = 0;
out:
	if (searching)
		pthread_join(search, NULL);
	if (d)
		MHD_stop_daemon(d);
	rcache_free(srv.cache);
	store_close(srv.store);
	/* the main thread's tokenizer, if it made one */
	tk_destroy(pthread_getspecific(tk_key));
	pthread_key_delete(tk_key);
	return rc;
}
