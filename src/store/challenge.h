/*
 * challenge.h — the store side of enterprise technical challenges
 * (揭榜挂帅 榜单) and the teams' responses to them.
 *
 * A challenge keeps the region of its poster (the enterprise) as it was
 * when it was drafted: that region's coordinator reviews it.  Named
 * regions a challenge is open to are rows of challenge_region.  A
 * response is a consortium (members, one of them the lead), experts, a
 * plan and a budget request; at most one live (not withdrawn) response per
 * lead organisation and challenge, a unique index says so.
 *
 * Conventions are those of store.h: 0 on success, 1 for a "get" of a
 * missing row, a negative db_rc on failure; strings belong to the arena
 * passed in; writes run inside the caller's transaction.
 */
#ifndef STORE_CHALLENGE_H
#define STORE_CHALLENGE_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/project.h"
#include "store/rc.h"

struct db;

struct challenge {
	int64_t id;
	const char *title, *statement, *indicators;
	const char *field;             /* key of vocab_industry */
	int64_t budget_cny;
	const char *deadline;          /* YYYY-MM-DD, the last day of responses (CST) */
	int64_t deadline_at;           /* the Unix time responses close (the next 00:00 CST) */
	const char *open_to;           /* all regions */
	const char *ip_terms;          /* poster team shared negotiated */
	const char *ip_note;
	int64_t anonymous;             /* 1: the poster is not shown to the public */
	int64_t poster_org_id;
	const char *region_code;       /* the poster's region */
	const char *state;             /* submitted returned published closed selected */
	const char *reason;            /* why it was returned */
	int64_t created_by, reviewed_by, published_at, decided_at;   /* 0 = none */
	int64_t selected_response, project_id;                       /* 0 = none */
	int64_t created_at, updated_at;
	/* joined on read */
	const char *poster_zh, *poster_en, *region_zh, *region_en;
	int64_t responses;             /* live (not withdrawn) responses */
	/* filled by get */
	const char **regions;          /* named regions when open_to = regions */
	size_t nregions;
};

int store_challenge_insert(struct db *db, const struct challenge *k, int64_t *id);
/* Writes every column but id, created_by and created_at. */
int store_challenge_update(struct db *db, const struct challenge *k);
/* With its named regions. */
int store_challenge_get(struct db *db, struct arena *a, int64_t id, struct challenge *out);
int store_challenge_set_regions(struct db *db, int64_t id, const char *const *codes, size_t n);

struct challenge_filter {
	const char *q;                 /* words of the title (LIKE) */
	const char *field, *region;    /* region: the poster's */
	const char **states;           /* NULL-terminated list, NULL = any */
	int64_t poster_org_id;         /* 0 = any */
	int open_now;                  /* published and deadline_at > now */
	int64_t now;
	int64_t responder_org_id;      /* 0 = any; else challenges it responded to */
	int64_t offset, limit;
};
/* Newest first (by publication, then creation). */
int store_challenge_list(struct db *db, struct arena *a, const struct challenge_filter *f,
			 struct challenge **out, size_t *n, int64_t *total);

/* ---- responses ---------------------------------------------------------- */

struct response {
	int64_t id, challenge_id, lead_org_id, budget_cny;
	const char *plan;
	const char *state;             /* submitted shortlisted withdrawn selected declined */
	int64_t created_by, created_at, updated_at;
	/* joined on read */
	const char *lead_zh, *lead_en, *lead_region;
	int64_t nmembers;
	/* filled by get (and by list when asked) */
	struct party *members;         /* the lead first */
	size_t nmember_rows;
	struct person *experts;
	size_t nexperts;
};

int store_response_insert(struct db *db, const struct response *x, int64_t *id);
int store_response_set_state(struct db *db, int64_t id, const char *state, int64_t at);
/* Every live response of the challenge but keep becomes declined. */
int store_response_decline_others(struct db *db, int64_t challenge_id, int64_t keep,
				  int64_t at);
int store_response_set_parties(struct db *db, int64_t id, const struct party *m, size_t n,
			       const struct person *x, size_t nx);
int store_response_get(struct db *db, struct arena *a, int64_t id, struct response *out);
/* The responses of a challenge, oldest first; with children, their
 * members and experts too. */
int store_response_list(struct db *db, struct arena *a, int64_t challenge_id, int children,
			struct response **out, size_t *n);
/* The id of the live response of this lead organisation, 0 if none. */
int64_t store_response_live(struct db *db, int64_t challenge_id, int64_t lead_org_id);

/* ---- figures ------------------------------------------------------------ */

/* Challenges published in [from, to) (Unix times), of those the ones
 * answered (with a live or decided response) and the ones whose response
 * was selected in [from, to); with region, posted from that region. */
int store_challenge_figures(struct db *db, const char *region, int64_t from, int64_t to,
			    int64_t *published, int64_t *answered, int64_t *selected);
/* Challenges whose selected response the organisation led, selected in
 * [from, to). */
int64_t store_challenges_won(struct db *db, int64_t org_id, int64_t from, int64_t to);

#endif
