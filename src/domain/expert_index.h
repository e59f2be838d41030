/*
 * expert_index.h — the in-memory index behind expert finding and panel
 * draws (domain-internal: expert_match.c and panel.c use it).
 *
 * Why in memory: a 300-character problem text holds ~150 words; with
 * SQLite FTS5 each word's posting list over two million profiles is read
 * and BM25 computed per row, hundreds of milliseconds.  Here a profile is
 * reduced to what matching needs — its keywords (Chinese and English),
 * disciplines, organisation, region, city and title — and a keyword is
 * the unit of matching:
 *
 *   text ── TOK_WORDS ──► query words ──► keywords containing them
 *        ──► keywords whose words the text covers (idf-weighted, ≥ 60 %)
 *        ──► experts holding those keywords   (+ disciplines whose names
 *            the text covers, + half of their first level's weight)
 *
 * A keyword's weight is log(1 + N/df) × coverage² × (1 + ln of how often
 * its rarest matched word occurs in the text), a discipline's a fixed
 * DISCIPLINE_WEIGHT × coverage².  So "固态电解质" counts only when both of
 * its words occur, a keyword of generic words ("研究", "技术") counts
 * little, and reasons are the actual matched keywords and words.
 *
 * Keeping in step: every profile write takes the next value of the
 * store's change clock (store/expert.h).  Before each search the index
 * compares its rev with the clock (one indexed read) and applies what
 * changed since — new and changed profiles, deletions — so a search sees
 * every committed write, also by other processes.  The clock's random
 * epoch tells databases apart (a process that opens another database
 * rebuilds).  A changed profile gets a new slot and its old one is marked
 * dead; when dead slots pass a quarter of all, the index is rebuilt from
 * the store.
 *
 * Threads: one process-wide index behind a read-write lock; searches
 * share it, catching up takes it alone.  Per-search scratch arrays are
 * pooled.  The server's peak memory at two million profiles is about
 * 260 MB (bench/experts.sh).
 */
#ifndef DOMAIN_EXPERT_INDEX_H
#define DOMAIN_EXPERT_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "domain/domain.h"

#define DISCIPLINE_WEIGHT 2.0
#define XDOC_DISCIPLINES 5

/* A candidate as the filter sees it. */
struct xdoc {
	int64_t id, org_id;
	const char *region, *city, *title;
	const char *disciplines[XDOC_DISCIPLINES];
	int ndisciplines;
};

/* 0 to accept the candidate, or the number (3..XSEARCH_STAGES-1) of the
 * first constraint it fails, for counting.  Stages 1 and 2 are the simple
 * filters' (region or title, discipline). */
typedef int (*xfilter_fn)(void *arg, const struct xdoc *d);
#define XSEARCH_STAGES 16

struct xhit {
	int64_t id;
	double score;
};

/* The distinct TOK_WORDS words of a text, sorted, with how often each
 * occurs (strings in c->a).  A text is read once and its words used for
 * the search, the reasons and the related projects. */
struct xwords {
	const char **w;
	unsigned *count;
	size_t n;
};
int xwords_of(struct ctx *c, const char *text, struct xwords *out, struct derr *e);

struct xsearch {
	const struct xwords *words;   /* the text's; may be empty when disciplines are given */
	/* when set, candidates are the experts filed under these codes (a
	 * first-level code takes its children), scored by the text; when
	 * not, candidates are the experts the text matches */
	const char *const *disciplines;
	size_t ndisciplines;
	/* simple filters, checked on the index's own arrays; NULL = any */
	const char *region, *title;
	const char *discipline;    /* a first-level code takes its children */
	xfilter_fn filter;         /* any other constraint; may be NULL */
	void *filter_arg;
	size_t limit;              /* the best this many come back */
	uint64_t tiebreak_seed;    /* 0: equal scores by expert id; else by a
				      hash of the seed and the id */
	/* out */
	int64_t candidates;        /* before the filter */
	int64_t accepted;          /* after it */
	int64_t rejected[XSEARCH_STAGES];   /* by the stage that refused */
	size_t nterms;             /* words of the text known to the index */
};

/* Brings the index up to date with the store (building it on first use)
 * and runs the search: hits[0..*n) best first.  hits is allocated in
 * c->a.  -1 with e set on a store error or when memory runs out. */
int xindex_search(struct ctx *c, struct xsearch *s, struct xhit **hits, size_t *n,
		  struct derr *e);

/* Why one expert matched the text: matched keywords (as written in the
 * profile), matched disciplines, and the words of the text that did it.
 * Strings in c->a. */
struct xreason {
	const char **keywords;
	size_t nkeywords;
	const char **disciplines;
	size_t ndisciplines;
	const char **words;
	size_t nwords;
};
/* Reasons for each of x[0..n) (profiles as the store gives them) against
 * the text's words; out gets n entries in c->a. */
struct expert;
int xindex_reasons(struct ctx *c, const struct xwords *words, const struct expert *x, size_t n,
		   struct xreason **out, struct derr *e);

/* Frees the process-wide index (at exit, for leak checkers); the next
 * search builds it again. */
void xindex_free(void);

#endif
