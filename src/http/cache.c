/*
 * cache.c — the anonymous response cache.  See cache.h.
 *
 * An open-addressing table of keys, guarded by one mutex.  Serving queues
 * the response while holding the mutex, so an entry cannot be destroyed
 * between lookup and queueing (libmicrohttpd keeps its own reference once
 * queued).
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "http/cache.h"
#include "core/banned.h"

struct entry {
	char *key;
	uint64_t hash, gen;
	struct MHD_Response *resp;
	int status;
	size_t bytes;
};

struct rcache {
	pthread_mutex_t mu;
	struct entry *slots;
	size_t nslots, used, max_entries, bytes, max_bytes;
	uint64_t hits, misses;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct rcache *rcache_new(size_t max_entries, size_t max_bytes)
{
	struct rcache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->nslots = 16;
	while (c->nslots < max_entries * 2)
		c->nslots *= 2;
	c->slots = calloc(c->nslots, sizeof *c->slots);
	if (!c->slots) {
		free(c);
		return NULL;
	}
	c->max_entries = max_entries;
	c->max_bytes = max_bytes;
	pthread_mutex_init(&c->mu, NULL);
	return c;
}

static void clear_all(struct rcache *c)
{
	for (size_t i = 0; i < c->nslots; i++) {
		if (c->slots[i].key) {
			free(c->slots[i].key);
			MHD_destroy_response(c->slots[i].resp);
		}
	}
	memset(c->slots, 0, c->nslots * sizeof *c->slots);
	c->used = 0;
	c->bytes = 0;
}

void rcache_free(struct rcache *c)
{
	if (!c)
		return;
	clear_all(c);
	pthread_mutex_destroy(&c->mu);
	free(c->slots);
	free(c);
}

static struct entry *find(struct rcache *c, const char *key, uint64_t h)
{
	size_t mask = c->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct entry *e = &c->slots[i];
		if (!e->key || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

int rcache_serve(struct rcache *c, const char *key, uint64_t generation,
		 struct MHD_Connection *conn, int *status)
{
	uint64_t h = hash_str(key);
	struct entry *e;
	int served = 0;

	pthread_mutex_lock(&c->mu);
	e = find(c, key, h);
	if (e->key && e->gen == generation) {
		served = MHD_queue_response(conn, (unsigned)e->status, e->resp) == MHD_YES;
		*status = e->status;
	}
	if (served)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->mu);
	return served;
}

void rcache_put(struct rcache *c, const char *key, uint64_t generation,
		struct MHD_Response *resp, int status, size_t bytes)
{
	uint64_t h = hash_str(key);
	struct entry *e;
	char *k;

	if (bytes > c->max_bytes / 16 || !(k = strdup(key))) {
		MHD_destroy_response(resp);
		return;
	}
	pthread_mutex_lock(&c->mu);
	if (c->used >= c->max_entries || c->bytes + bytes > c->max_bytes)
		clear_all(c);
	e = find(c, key, h);
	if (e->key) {   /* a stale entry, or a racing thread's fresh one */
		free(e->key);
		MHD_destroy_response(e->resp);
		c->bytes -= e->bytes;
		c->used--;
	}
	e->key = k;
	e->hash = h;
	e->gen = generation;
	e->resp = resp;
	e->status = status;
	e->bytes = bytes;
	c->used++;
	c->bytes += bytes;
	pthread_mutex_unlock(&c->mu);
}

void rcache_stats(struct rcache *c, uint64_t *hits, uint64_t *misses)
{
	pthread_mutex_lock(&c->mu);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->mu);
}
