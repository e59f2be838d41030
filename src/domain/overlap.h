/*
 * overlap.h — duplicate and overlap detection for the pre-approval
 * consultation: the history other capabilities feed, and the check of one
 * text against everything.
 *
 * The history is the store's overlap_doc table: funded projects and open
 * challenges (put there by their own capability, issue 6, inside its own
 * write transactions), and the funded guide items of closed rounds (put
 * there by round_close()).  The draft items of open rounds are documents
 * too, compared within their round (domain/round.h) and shown to checks
 * made by coordinators and the office.
 *
 * Scores (text/overlap.h): copy (shared shingles over the smaller text),
 * Jaccard, topic (TF-IDF cosine), and the score max(copy, (copy + topic)
 * / 2) that the levels are read from: duplicate from OVERLAP_DUPLICATE,
 * suspected from OVERLAP_SUSPECT (the defaults of proposal duplicate
 * checks; rounds may set their own), related when only the topic reaches
 * OVERLAP_RELATED.
 */
#ifndef DOMAIN_OVERLAP_H
#define DOMAIN_OVERLAP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/domain.h"
#include "store/overlap.h"
#include "text/highlight.h"
#include "text/overlap.h"

#define OVERLAP_SUSPECT 0.5
#define OVERLAP_DUPLICATE 0.8
#define OVERLAP_RELATED 0.35

/* Lengths, in characters, of the parts of a compared text. */
#define OVERLAP_TITLE_MAX 300
#define OVERLAP_CONTENT_MAX 20000
#define OVERLAP_INDICATORS_MAX 5000

/* The level of a score: "duplicate", "suspected", "related" or "different". */
const char *overlap_level(double score, double topic, double suspect, double duplicate,
			  double related);

/* Checks the three parts of a text (title and content required unless
 * allow_empty_title; lengths above; valid UTF-8, no control characters but
 * line breaks and tabs in content and indicators).  0, or -1 with e
 * naming the field. */
int overlap_text_check(const char *title, const char *content, const char *indicators,
		       int allow_empty_title, struct derr *e);

/* ---- the history, for other capabilities -------------------------------- */

struct overlap_doc_in {
	const char *kind;            /* "project" or "challenge" */
	int64_t ref_id;              /* the record's id in its own table */
	const char *title, *content, *indicators;
	const char *field;           /* a key of vocab_industry, or NULL */
	const char *region_code;     /* the funding region, or NULL */
	int64_t year;                /* 0 = unknown */
};

/*
 * Adds or replaces a document of the history, INSIDE the caller's write
 * transaction (the caller audits its own change).  Its overlaps with the
 * items of open rounds are computed and stored at once, so their reports
 * show it.  After the caller commits, overlap_after_commit() brings this
 * process's index up to date (other processes follow by themselves).
 * Refuses bad input with DERR_INVALID naming the field.
 */
int overlap_doc_put(struct ctx *c, const struct overlap_doc_in *d, struct derr *e);
/* Removes a document of the history inside the caller's transaction (its
 * overlap pairs go with it); 0 if it was not there. */
int overlap_doc_delete(struct ctx *c, const char *kind, int64_t ref_id, struct derr *e);
/* Call after committing a transaction that changed documents. */
void overlap_after_commit(struct ctx *c);

/* ---- one text against everything --------------------------------------- */

struct overlap_match {
	struct overlap_doc doc;      /* the document found */
	struct ov_score score;
	const char *level;
	/* overlapping passages, byte ranges of each part: of the text checked
	 * (q) and of the document (d) */
	struct hl_range *q[OV_PARTS], *d[OV_PARTS];
	size_t nq[OV_PARTS], nd[OV_PARTS];
};

struct overlap_result {
	struct overlap_match *m;
	size_t n;
	size_t searched;             /* documents in the index */
	int64_t usec;
	const char *title, *content, *indicators;   /* the text checked */
};

#define OVERLAP_CHECK_LIMIT 50

/*
 * The documents closest to the text (title may be empty; content is
 * required), best first, at most limit (1..OVERLAP_CHECK_LIMIT): those
 * whose score reaches 0.2, with levels at the default thresholds and the
 * overlapping passages.  Anyone logged in may check; the draft items of
 * open rounds are among the documents only for coordinators, the office
 * and system administrators (and the command line).  Results are in c->a.
 */
int overlap_check(struct ctx *c, const char *title, const char *content,
		  const char *indicators, size_t limit, struct overlap_result *out,
		  struct derr *e);

/* Whether the actor may see the draft items of open rounds. */
int overlap_may_see_drafts(const struct ctx *c);

/* ---- JSON --------------------------------------------------------------- */

/* A document as the API shows it (without its texts unless with_text). */
json_t *overlap_doc_json(const struct overlap_doc *d, int with_text);
/* Scores: score, level, copy, jaccard, topic (null if not computed),
 * parts {title, content, indicators} (null where a part is empty). */
json_t *overlap_score_json(const struct ov_score *s, const char *level);
/* Passages of text[0..len) as [{start, end, text}] with character offsets. */
json_t *overlap_passages_json(const char *text, const struct hl_range *r, size_t n);
json_t *overlap_result_json(const struct overlap_result *res);

#endif
