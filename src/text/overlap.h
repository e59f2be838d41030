/*
 * overlap.h — finding and measuring the overlap between guide items,
 * projects and challenges: the engine of the pre-approval consultation.
 *
 * A document has three parts: title, content (research content) and
 * indicators (target indicators).  The engine works in three steps:
 *
 * 1. Sketch.  The document's shingles (text/shingle.h) are signed with
 *    MinHash (text/minhash.h) — the whole document, and for a long one
 *    also overlapping windows of OV_WINDOW shingles, so that a short text
 *    copied into a long one is found although the Jaccard similarity of
 *    the two wholes is small.  A sketch is a few hundred bytes; it can be
 *    stored (ov_sketch_encode) and read back.
 *
 * 2. Candidates.  An ov_index holds the sketches of every document, with
 *    their segments in an LSH table (text/lsh.h).  A query's segments are
 *    looked up; each segment pair that meets is checked on its whole
 *    signatures, and a document is a candidate when the estimated share of
 *    the smaller segment found in the other reaches min_est.
 *
 * 3. Verification.  The candidates' texts are compared exactly
 *    (ov_compare): shared shingles, Jaccard similarity, containment both
 *    ways, the copy score (shared shingles over the smaller set, so a
 *    proposal that copies half of another scores about 0.5 whatever it
 *    adds), per-part copy scores, and — given word vectors (text/tfidf.h)
 *    — the topical similarity, which lifts the score of reworded texts:
 *
 *        score = max(copy, (copy + topic) / 2)
 *
 *    Topic alone can therefore never make two texts look like copies (at
 *    most half of it counts), but it moves a rewording with some shared
 *    wording into "suspected".  ov_passages() gives the byte ranges of a
 *    part whose shingles occur in the other text, for side-by-side marks.
 *
 * All of it is pure computation over buffers the caller passes.  Memory is
 * malloc'd and owned by the struct it is stored in; every release function
 * accepts a zeroed struct.  An ov_index is not thread-safe for writers;
 * queries may run together while nobody writes.
 */
#ifndef TEXT_OVERLAP_H
#define TEXT_OVERLAP_H

#include <stddef.h>
#include <stdint.h>
#include "text/highlight.h"
#include "text/minhash.h"
#include "text/shingle.h"

enum ov_part { OV_TITLE, OV_CONTENT, OV_INDICATORS, OV_PARTS };

#define OV_WINDOW 512          /* shingles per window of a long document */
#define OV_MIN_SET 30          /* the copy score divides by at least this many shingles */
#define OV_MIN_RUN 2           /* a passage is at least this many consecutive shared shingles */
#define OV_SKETCH_VERSION 1    /* changes whenever shingles or signatures change */

/* A document as the caller has it: each part may be NULL / empty. */
struct ov_doc {
	const char *text[OV_PARTS];
	size_t len[OV_PARTS];
};

/* ---- prepared texts and exact comparison -------------------------------- */

struct ov_text {
	struct shingles part[OV_PARTS];   /* each part's shingles in order */
	struct shset set[OV_PARTS];       /* each part's distinct shingles */
	struct shset all;                 /* the document's distinct shingles */
};

/* Shingles every part of d into t (zeroed or released before).  0, or -1
 * if memory runs out (t is then released). */
int ov_text_prepare(const struct ov_doc *d, struct ov_text *t);
void ov_text_release(struct ov_text *t);

struct ov_score {
	double score;            /* the verdict's number: max(copy, (copy + topic) / 2) */
	double copy;             /* common / max(min(|a|, |b|), OV_MIN_SET) */
	double jaccard;          /* common / |a ∪ b| */
	double contain_a;        /* share of a's shingles that occur in b */
	double contain_b;        /* share of b's shingles that occur in a */
	double topic;            /* TF-IDF cosine of the words, or -1 if not known */
	double part[OV_PARTS];   /* copy score of a's part against b's same part,
				    or -1 if either is empty */
	size_t common;           /* shingles in both */
};

/* Compares a and b exactly; topic is left at -1 (see ov_score_topic). */
void ov_compare(const struct ov_text *a, const struct ov_text *b, struct ov_score *out);
/* Sets the topical similarity (0..1) and recomputes the score. */
void ov_score_topic(struct ov_score *s, double topic);
/* The score formula: max(copy, (copy + topic) / 2), or copy if topic < 0. */
double ov_combine(double copy, double topic);

/*
 * The passages of part p of t whose shingles occur in other (a set: the
 * other document's t->all): runs of at least OV_MIN_RUN consecutive shared
 * shingles, as byte ranges of that part's text, sorted, overlapping and
 * touching ranges merged.  *out is malloc'd (NULL when *n is 0).  0, or
 * -1 if memory runs out (then *out = NULL, *n = 0).
 */
int ov_passages(const struct ov_text *t, enum ov_part p, const struct shset *other,
		struct hl_range **out, size_t *n);

/* ---- sketches ----------------------------------------------------------- */

struct ov_segment {
	uint32_t size;           /* distinct shingles in the segment */
	struct minhash sig;
};

struct ov_sketch {
	uint32_t nshingles;      /* distinct shingles of the whole document */
	uint32_t nseg;           /* seg[0] is the whole; then the windows */
	struct ov_segment *seg;
};

/* Sketches a prepared text.  0, or -1 if memory runs out. */
int ov_sketch_make(const struct ov_text *t, struct ov_sketch *out);
void ov_sketch_release(struct ov_sketch *s);
/* A self-describing byte string of the sketch (version, sizes,
 * signatures; little-endian), malloc'd into *blob. 0 or -1. */
int ov_sketch_encode(const struct ov_sketch *s, unsigned char **blob, size_t *n);
/* Reads an encoded sketch: 0, or -1 if the bytes are not a sketch of this
 * OV_SKETCH_VERSION (the caller sketches the text again) or memory runs
 * out. */
int ov_sketch_decode(const void *blob, size_t n, struct ov_sketch *out);

/* ---- the index ---------------------------------------------------------- */

struct ov_index;

struct ov_index *ov_index_new(void);
/* Frees ix; NULL is a no-op. */
void ov_index_free(struct ov_index *ix);

/*
 * Adds document id with its sketch and a tag (any number the caller wants
 * back with the candidates, e.g. for filtering), replacing an earlier
 * document of the same id.  A sketch without shingles is not indexed (it
 * can match nothing) but still replaces.  0, or -1 if memory runs out
 * (then the index is as before).
 */
int ov_index_put(struct ov_index *ix, int64_t id, uint64_t tag, const struct ov_sketch *s);
/* Removes document id; 0 whether or not it was there. */
int ov_index_remove(struct ov_index *ix, int64_t id);
/* Live documents, and bytes held (for the operator's figures). */
size_t ov_index_count(const struct ov_index *ix);
size_t ov_index_bytes(const struct ov_index *ix);

struct ov_cand {
	int64_t id;
	uint64_t tag;
	double est;              /* estimated copy score of the best segment pair */
};

/* Asked once per document met; 0 leaves it out (e.g. another round). */
typedef int (*ov_keep_fn)(void *arg, int64_t id, uint64_t tag);

/*
 * The documents whose estimated overlap with q reaches min_est, best
 * first, at most max of them; keep (may be NULL) filters them.  *out is
 * malloc'd (NULL when *n is 0).  0, or -1 if memory runs out.
 */
int ov_index_query(const struct ov_index *ix, const struct ov_sketch *q, double min_est,
		   size_t max, ov_keep_fn keep, void *arg, struct ov_cand **out, size_t *n);

#endif
