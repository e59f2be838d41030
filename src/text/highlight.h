/*
 * highlight.h — where the query's tokens are in a text, and which part of
 * a long text to show as a snippet.  Only byte ranges come out: the caller
 * escapes the text and wraps the ranges in marks; no HTML is written here.
 *
 * Typical use, with tokens from query_tokens():
 *
 *   highlight_ranges(tk, body, len, toks, ntoks, &r, &nr);
 *   snippet_window(body, len, r, nr, 120, &from, &to);
 *   ... print body[from..to), marking the ranges that fall inside,
 *       with "…" before if from > 0 and after if to < len ...
 *   free(r);
 */
#ifndef TEXT_HIGHLIGHT_H
#define TEXT_HIGHLIGHT_H

#include <stddef.h>

struct tokenizer;

struct hl_range {
	size_t start, end;	/* text[start..end), at character boundaries */
};

/*
 * Tokenizes text[0..len) with TOK_INDEX and returns the byte ranges of the
 * tokens that are among tokens[0..ntokens) (folded TOK_QUERY tokens, as
 * query_tokens() gives), sorted, with overlapping and touching ranges
 * merged.  *out is malloc'd (NULL when *nout is 0); the caller frees it.
 * Returns 0, or -1 if memory runs out (then *out = NULL, *nout = 0).
 */
int highlight_ranges(struct tokenizer *tk, const char *text, size_t len,
		     const char *const *tokens, size_t ntokens,
		     struct hl_range **out, size_t *nout);

/*
 * Chooses the window of text[0..len) to show: at most max_chars
 * characters holding as many of the ranges r[0..nr) (sorted, disjoint, as
 * highlight_ranges() gives) as possible, the earliest such window when
 * several tie, with the remaining room shared out as context before and
 * after.  Window ends never split a character and, where they can, avoid
 * splitting a Latin word.  With no ranges the window is the start of the
 * text.  Stores the byte offsets in *start and *end.  Returns 0, or -1 if
 * memory runs out.
 */
int snippet_window(const char *text, size_t len, const struct hl_range *r,
		   size_t nr, size_t max_chars, size_t *start, size_t *end);

#endif
