/*
 * tokenize.h — the CJK-aware tokenizer that the search index, expert
 * finding and duplicate detection all share.
 *
 * Input is any byte string.  It is read as UTF-8; bytes that are not valid
 * UTF-8 act as separators and are never read out of bounds.  Every
 * character is first folded (text/normalize.h: full width to ASCII, lower
 * case, traditional to simplified Chinese), then classified:
 *
 *   word      ASCII letters and digits, Latin/Greek/Cyrillic letters
 *   CJK       Han ideographs, and Kana and Hangul (treated like Han: the
 *             bigram scheme works for Japanese and Korean too, and needs
 *             no dictionary)
 *   space     white space
 *   other     punctuation, symbols, emoji, invalid bytes: separators
 *
 * Variation selectors (also those of ideographic variation sequences) and
 * combining marks that do not follow a letter are skipped: they make no
 * token and do not break a CJK run.
 *
 * Words ("X-ray 2100F Microscopes"): lower-cased; a word of ASCII letters
 * only is stemmed with Snowball's English (Porter2) stemmer, so
 * "microscopes" gives "microscop" like "microscope"; words holding digits
 * or non-ASCII letters ("2100f", "café") are kept as folded.  A word longer
 * than TOK_MAX_WORD_CHARS characters is cut into pieces of that length.
 *
 * The modes differ only in what they do with CJK text:
 *
 * TOK_INDEX — documents going into the full-text index.  In a run of CJK
 *   characters c0 c1 .. cn-1 (n >= 2), position p+i holds the bigram
 *   ci ci+1 and, colocated (same position), the unigram ci; the last
 *   unigram cn-1 shares the last bigram's position.  A run of one character
 *   is the unigram alone.  White space between two CJK characters does not
 *   end the run (Chinese does not use spaces between words, so
 *   "芯片 光谱" and "芯片光谱" index alike).  So every 2-character word is
 *   found as a token, every longer one as a phrase of consecutive bigrams,
 *   and every single character (a surname, 钢, 光) as a unigram.  (The
 *   price of the colocated unigrams: a phrase with a lone character at an
 *   end is a little loose there; "x 老" also matches "x 王老".)
 * TOK_QUERY — query strings matched against TOK_INDEX output (FTS5 queries,
 *   highlighting): the same, but without the unigrams, except for a run of
 *   a single character.  "芯片分析" gives 芯片 片分 分析 at consecutive
 *   positions: a phrase.
 * TOK_WORDS — keyword extraction and TF-IDF.  Han runs are segmented into
 *   dictionary words by friso (MMSEG); characters friso skips become
 *   one-character words; Kana/Hangul runs give bigrams.  English and
 *   Chinese stop words (the, of, 的, 了, 和, ...) are dropped.  Runs are
 *   not joined across white space, and a Han run is segmented in pieces of
 *   at most 4096 characters.  If the friso dictionary cannot be loaded,
 *   Han runs give TOK_QUERY-style bigrams instead, so nothing breaks.
 *
 * Offsets (start, end) always point into the ORIGINAL input, whatever the
 * folding did: "ＸＲＤ" gives "xrd" with start 0, end 9.  A bigram that was
 * joined across white space covers the white space too.  Within one call,
 * positions start at 0 and never decrease; in TOK_QUERY and TOK_WORDS they
 * go up by exactly one per token.
 *
 * Threads: one struct tokenizer per thread (it holds a stemmer, a friso
 * task and scratch buffers; it is not thread-safe).  The friso dictionary
 * (about 20 MB, 0.15 s to load) is loaded once per process, on the first
 * TOK_WORDS run, and shared read-only by all tokenizers.
 */
#ifndef TEXT_TOKENIZE_H
#define TEXT_TOKENIZE_H

#include <stddef.h>

enum tok_mode { TOK_INDEX, TOK_QUERY, TOK_WORDS };

#define TOK_MAX_WORD_CHARS 64

struct tok {
	const char *text;	/* folded token, NOT NUL-terminated; valid only
				   during the callback */
	size_t len;
	size_t start, end;	/* byte offsets of the token in the original
				   input: in[start..end) */
	int pos;		/* token position; equal positions are
				   colocated alternatives */
};

/* Called once per token, in order.  A non-zero return stops tokenizing and
 * is what tokenizer_run() returns. */
typedef int (*tok_cb)(void *arg, const struct tok *t);

struct tokenizer;

/* A new tokenizer, or NULL if memory runs out. */
struct tokenizer *tokenizer_new(void);

/* Frees t; NULL is a no-op. */
void tokenizer_free(struct tokenizer *t);

/*
 * Tokenizes in[0..len) in the given mode, calling cb(arg, token) for each
 * token.  in may be NULL when len is 0.  Returns 0 when all tokens were
 * delivered, the callback's value if it returned non-zero (tokenizing
 * stops there), or -1 if memory ran out, len exceeds INT_MAX, or an
 * argument is invalid.  Time is linear in len; the only allocations are
 * the tokenizer's scratch buffers, made once, and friso's own.
 */
int tokenizer_run(struct tokenizer *t, enum tok_mode mode, const char *in,
		  size_t len, tok_cb cb, void *arg);

/*
 * 1 if s[0..len) is one of TOK_WORDS' stop words (English, lower case:
 * "the", "of"...; Chinese: 的, 了, 和...).  Compares bytes: fold first.
 */
int tok_stop_word(const char *s, size_t len);

/*
 * Loads the process-wide friso dictionary now, from the friso.ini at
 * friso_ini (NULL: /etc/friso/friso.ini), instead of on the first TOK_WORDS
 * run.  Returns 0 if it is loaded (or already was: then friso_ini is not
 * looked at), -1 if it could not be loaded; TOK_WORDS then segments Han
 * text into bigrams until tokenizer_global_free() allows another try.
 */
int tokenizer_global_init(const char *friso_ini);

/*
 * Frees the process-wide friso dictionary.  Call it at exit, once every
 * tokenizer has been freed, so that leak checkers find nothing left over
 * (without it the dictionary stays reachable from a static pointer, which
 * LeakSanitizer accepts but valgrind lists).  Returns 0 if the
 * dictionary was freed or never loaded, -1 (and frees nothing) while any
 * tokenizer that used TOK_WORDS is still alive.  A later TOK_WORDS run
 * loads the dictionary again.
 */
int tokenizer_global_free(void);

#endif
