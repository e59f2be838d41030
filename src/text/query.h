/*
 * query.h — the search box language, parsed into terms and filters, and
 * turned into an SQLite FTS5 MATCH expression for our "shenrong" tokenizer.
 *
 *   芯片 光谱            both words (AND)
 *   "x射线 衍射"          an exact phrase; “…” and ＂…＂ work too.  A quote
 *                        left open runs to the end of the query (no error)
 *   -进口  -"old model"  exclusion of a word or a phrase (also －, −)
 *   电镜 OR 显微镜        either; OR must be upper case; between two positive
 *                        terms it makes them alternatives, anywhere else
 *                        (first, last, next to an exclusion) it is ignored;
 *                        a OR b OR c is one group; "or" is a plain word
 *   region:上海  org:"Fudan University"  year：2023
 *                        filters; the name must be in the caller's
 *                        allow-list (ASCII, any case; the key stored is the
 *                        allow-list's spelling); the value may be quoted.
 *                        A name:value whose name is not an ASCII identifier
 *                        ("10:30", "注意:") or whose value starts with "//"
 *                        (a URL) is an ordinary term.  Repeated filters are
 *                        all kept, in order: the caller decides (usually OR).
 *
 * Control characters count as spaces; so do the Unicode spaces (U+3000...).
 *
 * Policies:
 *  - Length: a query longer than max_chars characters is TRUNCATED, not
 *    refused: it is cut at the last white space before the limit (or at
 *    the limit's character boundary if there is none), so no term is
 *    half-cut, and q->truncated is set so the page can say so.  A search
 *    box should answer something; a pasted paragraph is not a user error.
 *  - Empty expression: query_to_fts5() gives "" when no positive term has
 *    index tokens (only filters, only exclusions, or only punctuation).
 *    The caller then lists rows by the filters alone, without text match
 *    (a query of filters only is a browse).  Exclusions cannot be written
 *    in FTS5 without something positive; query_to_fts5_excluded() gives
 *    them as an expression the caller may subtract with
 *    "rowid NOT IN (SELECT rowid FROM t WHERE t MATCH ?)".
 *  - Errors (query_parse() returns -1 and fills struct query_error): input
 *    that is not valid UTF-8, a filter name not in the allow-list, a filter
 *    without a value, and an excluded filter (-region:x).
 */
#ifndef TEXT_QUERY_H
#define TEXT_QUERY_H

#include <stddef.h>

struct tokenizer;

#define QUERY_PHRASE  0x1u	/* written in quotes */
#define QUERY_NEGATED 0x2u	/* written with a leading minus */

struct query_term {
	const char *text;	/* NUL-terminated UTF-8, quotes and minus removed */
	unsigned flags;		/* QUERY_PHRASE | QUERY_NEGATED */
	int group;		/* >= 0: member of OR group number `group`
				   (members are adjacent in terms[]); -1: none */
};

struct query_filter {
	const char *key;	/* the allow-list's spelling of the name */
	const char *value;	/* non-empty, NUL-terminated UTF-8 */
};

struct query {
	struct query_term *terms;	/* in the order typed */
	size_t nterms;
	struct query_filter *filters;	/* in the order typed */
	size_t nfilters;
	int truncated;		/* 1 if the input was cut at max_chars */
	char *mem;		/* private: holds every string above */
};

struct query_error {
	char msg[256];		/* English sentence naming the problem */
	char part[128];		/* the offending part (e.g. the filter name),
				   cut at a character boundary; may be "" */
};

/*
 * Parses in[0..len) (in may be NULL when len is 0).  fields[0..nfields) is
 * the allow-list of filter names (e.g. "region", "city", "year").
 * max_chars is the length limit in characters (0: none).  On success
 * returns 0 and stores a new query in *out, which the caller frees with
 * query_free().  Returns -1 with *out = NULL on an error (err, if not
 * NULL, says which; see the policies above) or when memory runs out (msg
 * "out of memory").
 */
int query_parse(const char *in, size_t len, const char *const *fields,
		size_t nfields, size_t max_chars, struct query **out,
		struct query_error *err);

/*
 * Removes the terms that are a stop word alone ("the", "of", 的, 和 ...;
 * ASCII letters compared in any case), unless written in quotes, so that
 * they neither narrow a search nor make it read most of the index.  An OR
 * group keeps its other members.  Returns how many terms were removed.
 */
size_t query_drop_stop_words(struct query *q);

/* Frees q and all its strings; NULL is a no-op. */
void query_free(struct query *q);

/*
 * Builds the FTS5 MATCH expression of q's positive terms: each term is one
 * double-quoted FTS5 string (an embedded " doubled), so a term of several
 * tokens is a phrase; terms without index tokens are dropped; terms are
 * joined with AND, OR groups become ( "a" OR "b" ), and the exclusions are
 * appended as "... NOT ( "x" OR "y" )".  tk is used to check which terms
 * have tokens.  *out is a malloc'd, NUL-terminated string the caller
 * frees; it is "" when nothing positive remains (see the policy above).
 * Returns 0, or -1 (and *out = NULL) if memory runs out.
 */
int query_to_fts5(const struct query *q, struct tokenizer *tk, char **out);

/*
 * Builds "x" OR "y" ... of the negated terms that have tokens, or "" if
 * there are none, for callers that must apply exclusions without a
 * positive expression.  Same ownership and errors as query_to_fts5().
 */
int query_to_fts5_excluded(const struct query *q, struct tokenizer *tk,
			   char **out);

/*
 * Collects the distinct TOK_QUERY tokens of q's positive terms, for
 * highlight_ranges().  *out is one malloc'd block: an array of *nout
 * NUL-terminated strings followed by a NULL, and the strings themselves;
 * free it with a single free(*out).  Returns 0, or -1 (and *out = NULL,
 * *nout = 0) if memory runs out.
 */
int query_tokens(const struct query *q, struct tokenizer *tk, char ***out,
		 size_t *nout);

#endif
