/*
 * cache.h — answers to anonymous GET requests, kept until the next write.
 *
 * Public pages and lists are the same for every visitor until the data
 * changes, so the server keeps the finished libmicrohttpd response and
 * queues it again.  Each entry remembers the store generation it was made
 * at; any committed write bumps the generation and so retires every entry.
 * Bounded in entries and bytes: when full it starts afresh.
 */
#ifndef HTTP_CACHE_H
#define HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;
struct rcache;

struct rcache *rcache_new(size_t max_entries, size_t max_bytes);
void rcache_free(struct rcache *c);
/* If a fresh answer for key exists, queues it on conn and returns 1
 * (the status is stored in *status); 0 on a miss. */
int rcache_serve(struct rcache *c, const char *key, uint64_t generation,
		 struct MHD_Connection *conn, int *status);
/* Keeps resp for key at generation, taking over the caller's reference
 * (the one MHD_create_response_* gave): the caller must not destroy it. */
void rcache_put(struct rcache *c, const char *key, uint64_t generation,
		struct MHD_Response *resp, int status, size_t bytes);
void rcache_stats(struct rcache *c, uint64_t *hits, uint64_t *misses);

#endif
