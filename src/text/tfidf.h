/*
 * tfidf.h — word vectors and their TF-IDF cosine: how much two texts are
 * about the same thing, whatever their wording.
 *
 * Words come from the tokenizer's TOK_WORDS mode (text/tokenize.h):
 * friso's dictionary words for Chinese, stemmed English words, stop words
 * dropped, traditional and full-width forms folded.  A vector holds each
 * distinct word's 64-bit hash and its count.  Weights are
 * (1 + ln tf) * idf, with idf = ln((N + 1) / (df + 1)) + 1 from a table of
 * document frequencies over N documents (without a table every idf is 1).
 *
 * Pure functions over buffers; memory is malloc'd and owned by the struct
 * it is stored in; release functions accept zeroed structs.  A df table is
 * not thread-safe for writers; readers may share it.
 */
#ifndef TEXT_TFIDF_H
#define TEXT_TFIDF_H

#include <stddef.h>
#include <stdint.h>

struct tokenizer;

struct tfidf_vec {
	uint64_t *term;          /* word hashes, ascending */
	uint32_t *tf;            /* their counts */
	size_t n;
};

#define TFIDF_VEC_INIT { NULL, NULL, 0 }

/*
 * The word vector of the texts t[0..n) taken together (NULL texts are
 * skipped), tokenized with tk in TOK_WORDS mode.  *out is replaced.  0, or
 * -1 if memory runs out or the tokenizer fails.
 */
int tfidf_vec_make(struct tokenizer *tk, const char *const *t, const size_t *len, size_t n,
		   struct tfidf_vec *out);
void tfidf_vec_release(struct tfidf_vec *v);
/* A little-endian byte string of v (malloc'd), and back: 0, or -1 if the
 * bytes are not a vector (or memory runs out). */
int tfidf_vec_encode(const struct tfidf_vec *v, unsigned char **blob, size_t *n);
int tfidf_vec_decode(const void *blob, size_t n, struct tfidf_vec *out);

struct tfidf_df;

/* An empty table (N = 0), or NULL if memory runs out. */
struct tfidf_df *tfidf_df_new(void);
void tfidf_df_free(struct tfidf_df *df);
/* Counts the document of vector v in (sign +1) or out (sign -1) of the
 * table.  0, or -1 if memory runs out (the table is then unchanged). */
int tfidf_df_add(struct tfidf_df *df, const struct tfidf_vec *v, int sign);
/* Documents counted. */
size_t tfidf_df_docs(const struct tfidf_df *df);

/* The cosine of a's and b's TF-IDF weights, 0..1 (0 if either is empty).
 * df may be NULL. */
double tfidf_cosine(const struct tfidf_vec *a, const struct tfidf_vec *b,
		    const struct tfidf_df *df);

#endif
