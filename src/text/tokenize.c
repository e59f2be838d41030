/*
 * tokenize.c — the CJK-aware tokenizer (see tokenize.h for what it emits).
 *
 * One pass over the input: decode a character, fold it, classify it, and
 * feed it to the current "run" (a word, a CJK run streamed into bigrams, or
 * a Han run buffered for friso).  A change of class, a separator or the
 * end of input flushes the run, which is when its tokens are emitted.
 * Runs have bounded scratch space (a word is cut at TOK_MAX_WORD_CHARS, a
 * Han run for friso at HAN_RUN_MAX), so memory does not grow with input.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <friso.h>
#include <libstemmer.h>
#include "core/utf8.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define FRISO_INI "/etc/friso/friso.ini"
#define HAN_RUN_MAX 4096

enum run_kind { RUN_NONE, RUN_WORD, RUN_CJK, RUN_HAN };

struct cjk_char {
	char b[4];
	size_t n;
	size_t start, end;
};

struct han_char {
	size_t off;		/* byte offset in hbuf */
	size_t start, end;	/* original offsets */
};

struct tokenizer {
	struct sb_stemmer *stem;	/* NULL: no English stemming */

	/* TOK_WORDS resources, set up by the first TOK_WORDS run */
	int words_ready;
	friso_task_t task;		/* NULL: friso unavailable, bigrams */
	friso_t friso;
	friso_config_t cfg;
	char *hbuf;			/* HAN_RUN_MAX * 4 + 1 bytes */
	struct han_char *hch;		/* HAN_RUN_MAX entries */
	size_t hn, hlen;

	/* the current call */
	enum tok_mode mode;
	tok_cb cb;
	void *arg;
	int pos;
	enum run_kind run;

	/* RUN_WORD */
	char word[TOK_MAX_WORD_CHARS * 4];
	size_t wlen, wchars, wstart, wend;
	int wstem;			/* ASCII letters only so far */

	/* RUN_CJK */
	struct cjk_char prev;
	size_t ncjk;
	char pair[8];
};

/* ------------------------------------------------------------------ */
/* Stop words (TOK_WORDS)                                              */
/* ------------------------------------------------------------------ */

static const char *stop_en[] = {
	"a", "about", "above", "after", "again", "against", "all", "also",
	"am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can",
	"could", "did", "do", "does", "doing", "down", "during", "each",
	"few", "for", "from", "further", "had", "has", "have", "having", "he",
	"her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "itself", "just", "me", "more",
	"most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once",
	"only", "or", "other", "our", "ours", "ourselves", "out", "over",
	"own", "same", "she", "should", "so", "some", "such", "than", "that",
	"the", "their", "theirs", "them", "themselves", "then", "there",
	"these", "they", "this", "those", "through", "to", "too", "under",
	"until", "up", "very", "was", "we", "were", "what", "when", "where",
	"which", "while", "who", "whom", "why", "will", "with", "would", "you",
	"your", "yours", "yourself", "yourselves",
};

static const char *stop_zh[] = {
	"的", "了", "和", "与", "及", "等", "是", "在", "也", "或", "对", "为",
	"以", "于", "就", "都", "而", "并", "将", "把", "被", "从", "之", "其",
	"这", "那", "着", "过", "个", "们", "我", "你", "他", "她", "它", "我们",
	"你们", "他们", "以及", "及其", "并且", "或者", "而且", "但是", "因为",
	"所以", "如果", "一个", "一些", "这个", "那个", "这些", "那些", "什么",
	"有", "又", "则", "即", "该", "由", "向", "但", "还", "各", "等等", "地",
	"得", "所", "此", "因", "如", "啊", "吧", "呢", "吗", "嘛", "哦",
};

#define NSTOP_EN (sizeof(stop_en) / sizeof(stop_en[0]))
#define NSTOP_ZH (sizeof(stop_zh) / sizeof(stop_zh[0]))

static const char *stop_en_sorted[NSTOP_EN];
static const char *stop_zh_sorted[NSTOP_ZH];
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void stop_sort(void)
{
	memcpy(stop_en_sorted, stop_en, sizeof(stop_en));
	memcpy(stop_zh_sorted, stop_zh, sizeof(stop_zh));
	qsort(stop_en_sorted, NSTOP_EN, sizeof(char *), str_ptr_cmp);
	qsort(stop_zh_sorted, NSTOP_ZH, sizeof(char *), str_ptr_cmp);
}

/* Compares the counted string s[0..n) with the C string z, like strcmp. */
static int counted_cmp(const char *s, size_t n, const char *z)
{
	size_t zn = strlen(z);
	int c = memcmp(s, z, n < zn ? n : zn);

	if (c)
		return c;
	return n < zn ? -1 : n > zn;
}

static int is_stop(const char *const *list, size_t count, const char *s,
		   size_t n)
{
	size_t lo = 0, hi = count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = counted_cmp(s, n, list[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int tok_stop_word(const char *s, size_t len)
{
	pthread_once(&stop_once, stop_sort);
	return is_stop(stop_en_sorted, NSTOP_EN, s, len) ||
	       is_stop(stop_zh_sorted, NSTOP_ZH, s, len);
}

/* ------------------------------------------------------------------ */
/* The process-wide friso dictionary                                   */
/* ------------------------------------------------------------------ */

static pthread_mutex_t friso_lock = PTHREAD_MUTEX_INITIALIZER;
static friso_t friso_dict;
static friso_config_t friso_cfg;
static int friso_failed;	/* do not retry a failed load every time */
static unsigned friso_users;	/* tokenizers holding a friso task */

/* Loads friso from ini; call with friso_lock held. */
static int friso_load_locked(const char *ini)
{
	friso_t f = NULL;
	friso_config_t c = NULL;
	char path[4096];
	int ret = -1;

	if (friso_dict)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s", ini) >= sizeof(path))
		goto out;
	f = friso_new();
	c = friso_new_config();
	if (!f || !c)
		goto out;
	if (!friso_init_from_ifile(f, c, path) || !f->dic ||
	    friso_spec_dic_size(f->dic, __LEX_CJK_WORDS__) == 0 ||
	    !c->next_token)
		goto out;
	c->add_syn = 0;		/* no synonyms: one token per word */
	c->clr_stw = 0;		/* we drop stop words ourselves */
	c->spx_out = 0;
	friso_dict = f;
	friso_cfg = c;
	f = NULL;
	c = NULL;
	ret = 0;
out:
	if (f)
		friso_free(f);
	if (c)
		friso_free_config(c);
	if (ret < 0)
		friso_failed = 1;
	return ret;
}

int tokenizer_global_init(const char *friso_ini)
{
	int ret;

	pthread_mutex_lock(&friso_lock);
	ret = friso_load_locked(friso_ini ? friso_ini : FRISO_INI);
	pthread_mutex_unlock(&friso_lock);
	return ret;
}

int tokenizer_global_free(void)
{
	int ret = 0;

	pthread_mutex_lock(&friso_lock);
	if (friso_users > 0) {
		ret = -1;
		goto out;
	}
	if (friso_dict)
		friso_free(friso_dict);
	if (friso_cfg)
		friso_free_config(friso_cfg);
	friso_dict = NULL;
	friso_cfg = NULL;
	friso_failed = 0;
out:
	pthread_mutex_unlock(&friso_lock);
	return ret;
}

/* Sets up what TOK_WORDS needs; friso missing is not an error. */
static int words_setup(struct tokenizer *t)
{
	if (!t->hbuf)
		t->hbuf = malloc(HAN_RUN_MAX * 4 + 1);
	if (!t->hch)
		t->hch = malloc(HAN_RUN_MAX * sizeof(*t->hch));
	if (!t->hbuf || !t->hch)
		return -1;
	pthread_mutex_lock(&friso_lock);
	if (!friso_dict && !friso_failed)
		friso_load_locked(FRISO_INI);
	if (friso_dict) {
		t->task = friso_new_task();
		if (t->task) {
			friso_users++;
			t->friso = friso_dict;
			t->cfg = friso_cfg;
		}
	}
	pthread_mutex_unlock(&friso_lock);
	t->words_ready = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

struct tokenizer *tokenizer_new(void)
{
	struct tokenizer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->stem = sb_stemmer_new("english", NULL);
	if (!t->stem) {
		free(t);
		return NULL;
	}
	pthread_once(&stop_once, stop_sort);
	text_normalize_init();
	return t;
}

void tokenizer_free(struct tokenizer *t)
{
	if (!t)
		return;
	if (t->task) {
		friso_free_task(t->task);
		pthread_mutex_lock(&friso_lock);
		friso_users--;
		pthread_mutex_unlock(&friso_lock);
	}
	sb_stemmer_delete(t->stem);
	free(t->hbuf);
	free(t->hch);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Emitting                                                            */
/* ------------------------------------------------------------------ */

static int emit_at(struct tokenizer *t, const char *text, size_t len,
		   size_t start, size_t end, int pos)
{
	struct tok k;

	k.text = text;
	k.len = len;
	k.start = start;
	k.end = end;
	k.pos = pos;
	return t->cb(t->arg, &k);
}

/* Emits at the next position and moves past it. */
static int emit(struct tokenizer *t, const char *text, size_t len,
		size_t start, size_t end)
{
	return emit_at(t, text, len, start, end, t->pos++);
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

static int word_flush(struct tokenizer *t)
{
	const char *w = t->word;
	size_t n = t->wlen;
	const sb_symbol *s;

	t->run = RUN_NONE;
	if (t->wchars == 0)
		return 0;
	t->wchars = 0;
	t->wlen = 0;
	if (t->mode == TOK_WORDS && is_stop(stop_en_sorted, NSTOP_EN, w, n))
		return 0;
	if (t->wstem && t->stem) {
		s = sb_stemmer_stem(t->stem, (const sb_symbol *)w, (int)n);
		if (!s)
			return -1;
		if (sb_stemmer_length(t->stem) > 0) {
			w = (const char *)s;
			n = (size_t)sb_stemmer_length(t->stem);
		}
	}
	return emit(t, w, n, t->wstart, t->wend);
}

static int word_add(struct tokenizer *t, uint32_t cp, size_t start,
		    size_t end)
{
	int rc;

	if (t->wchars == TOK_MAX_WORD_CHARS) {
		rc = word_flush(t);
		if (rc)
			return rc;
	}
	if (t->wchars == 0) {
		t->wstart = start;
		t->wstem = 1;
	}
	t->run = RUN_WORD;
	if (cp < 0x80) {
		t->word[t->wlen++] = (char)cp;
		if (cp <= '9')
			t->wstem = 0;
	} else {
		t->wlen += utf8_encode(cp, t->word + t->wlen);
		t->wstem = 0;
	}
	t->wchars++;
	t->wend = end;
	return 0;
}

/* ------------------------------------------------------------------ */
/* CJK runs streamed into bigrams                                      */
/* ------------------------------------------------------------------ */

static int cjk_flush(struct tokenizer *t)
{
	struct cjk_char *p = &t->prev;
	size_t n = t->ncjk;

	t->run = RUN_NONE;
	t->ncjk = 0;
	if (n == 1)
		return emit(t, p->b, p->n, p->start, p->end);
	if (n > 1 && t->mode == TOK_INDEX)	/* shares the last bigram's */
		return emit_at(t, p->b, p->n, p->start, p->end, t->pos - 1);
	return 0;
}

static int cjk_add(struct tokenizer *t, uint32_t cp, size_t start,
		   size_t end)
{
	struct cjk_char *p = &t->prev;
	char b[4];
	size_t n = utf8_encode(cp, b);
	int rc;

	t->run = RUN_CJK;
	if (t->ncjk > 0) {
		memcpy(t->pair, p->b, p->n);
		memcpy(t->pair + p->n, b, n);
		rc = emit(t, t->pair, p->n + n, p->start, end);
		if (rc)
			return rc;
		if (t->mode == TOK_INDEX) {
			rc = emit_at(t, p->b, p->n, p->start, p->end,
				     t->pos - 1);
			if (rc)
				return rc;
		}
	}
	memcpy(p->b, b, n);
	p->n = n;
	p->start = start;
	p->end = end;
	t->ncjk++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Han runs segmented by friso (TOK_WORDS)                             */
/* ------------------------------------------------------------------ */

/* Emits hch[a..b) as one word unless it is a stop word. */
static int han_emit(struct tokenizer *t, size_t a, size_t b)
{
	size_t off = t->hch[a].off;
	size_t end = b < t->hn ? t->hch[b].off : t->hlen;

	if (is_stop(stop_zh_sorted, NSTOP_ZH, t->hbuf + off, end - off))
		return 0;
	return emit(t, t->hbuf + off, end - off, t->hch[a].start,
		    t->hch[b - 1].end);
}

/* Bigrams over the buffered run, for when friso is not there. */
static int han_bigrams(struct tokenizer *t)
{
	size_t i, a, b;
	int rc;

	if (t->hn == 1)
		return han_emit(t, 0, 1);
	for (i = 0; i + 1 < t->hn; i++) {
		a = t->hch[i].off;
		b = i + 2 < t->hn ? t->hch[i + 2].off : t->hlen;
		rc = emit(t, t->hbuf + a, b - a, t->hch[i].start,
			  t->hch[i + 1].end);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Runs friso over the buffered run.  friso reports words as byte offsets
 * into hbuf; we map them back to characters, emit characters it skipped
 * as one-character words, and always drain friso's task so that nothing
 * of its is left behind when the callback stops us early.
 */
static int han_segment(struct tokenizer *t)
{
	friso_token_t tok;
	size_t next = 0, k, e, off, len;
	int rc = 0;

	t->hbuf[t->hlen] = '\0';
	friso_set_text(t->task, t->hbuf);
	while ((tok = t->cfg->next_token(t->friso, t->cfg, t->task)) != NULL) {
		if (rc || tok->offset < 0)
			continue;
		off = (size_t)tok->offset;
		len = tok->rlen ? tok->rlen : tok->length;
		for (k = next; k < t->hn && t->hch[k].off < off; k++)
			;
		if (k == t->hn || t->hch[k].off != off)
			continue;
		for (e = k; e < t->hn && t->hch[e].off < off + len; e++)
			;
		if (e == k || (e < t->hn ? t->hch[e].off : t->hlen) != off + len)
			continue;
		for (; next < k && !rc; next++)
			rc = han_emit(t, next, next + 1);
		if (!rc)
			rc = han_emit(t, k, e);
		next = e;
	}
	for (; next < t->hn && !rc; next++)
		rc = han_emit(t, next, next + 1);
	return rc;
}

static int han_flush(struct tokenizer *t)
{
	int rc;

	t->run = RUN_NONE;
	if (t->hn == 0)
		return 0;
	rc = t->task ? han_segment(t) : han_bigrams(t);
	t->hn = 0;
	t->hlen = 0;
	return rc;
}

static int han_add(struct tokenizer *t, uint32_t cp, size_t start,
		   size_t end)
{
	int rc;

	if (t->hn == HAN_RUN_MAX) {
		rc = han_flush(t);
		if (rc)
			return rc;
	}
	t->run = RUN_HAN;
	t->hch[t->hn].off = t->hlen;
	t->hch[t->hn].start = start;
	t->hch[t->hn].end = end;
	t->hlen += utf8_encode(cp, t->hbuf + t->hlen);
	t->hn++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The scanner                                                         */
/* ------------------------------------------------------------------ */

static int run_flush(struct tokenizer *t)
{
	switch (t->run) {
	case RUN_WORD:
		return word_flush(t);
	case RUN_CJK:
		return cjk_flush(t);
	case RUN_HAN:
		return han_flush(t);
	case RUN_NONE:
		break;
	}
	return 0;
}

/* Feeds one (folded) CJK character to the right run. */
static int cjk_char(struct tokenizer *t, uint32_t cp, size_t start,
		    size_t end)
{
	enum run_kind want = RUN_CJK;
	int rc;

	if (t->mode == TOK_WORDS && text_is_han(cp))
		want = RUN_HAN;
	if (t->run != want) {
		rc = run_flush(t);
		if (rc)
			return rc;
	}
	return want == RUN_HAN ? han_add(t, cp, start, end) :
				 cjk_add(t, cp, start, end);
}

/*
 * Variation selectors (incl. the ideographic variation sequences used for
 * names) and combining marks outside a word: they decorate the character
 * before them, so they neither make tokens nor break a CJK run.
 */
static int is_ignorable(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0xE0100 && cp <= 0xE01EF);
}

static void run_reset(struct tokenizer *t)
{
	t->run = RUN_NONE;
	t->wchars = 0;
	t->wlen = 0;
	t->ncjk = 0;
	t->hn = 0;
	t->hlen = 0;
}

int tokenizer_run(struct tokenizer *t, enum tok_mode mode, const char *in,
		  size_t len, tok_cb cb, void *arg)
{
	size_t i = 0, n;
	uint32_t cp;
	unsigned char c;
	int rc = 0;

	if (!t || !cb || (!in && len) || len > INT_MAX ||
	    (mode != TOK_INDEX && mode != TOK_QUERY && mode != TOK_WORDS))
		return -1;
	if (mode == TOK_WORDS && !t->words_ready && words_setup(t) < 0)
		return -1;
	t->mode = mode;
	t->cb = cb;
	t->arg = arg;
	t->pos = 0;
	run_reset(t);
	while (i < len) {
		c = (unsigned char)in[i];
		if (c < 0x80) {		/* ASCII fast path */
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				cp = c;
			} else if (c >= 'A' && c <= 'Z') {
				cp = c + 0x20;
			} else {
				if (!(t->run == RUN_CJK && mode != TOK_WORDS &&
				      text_is_space(c)))
					rc = run_flush(t);
				if (rc)
					goto out;
				i++;
				continue;
			}
			if (t->run != RUN_WORD)
				rc = run_flush(t);
			if (!rc)
				rc = word_add(t, cp, i, i + 1);
			if (rc)
				goto out;
			i++;
			continue;
		}
		n = utf8_decode(in + i, len - i, &cp);
		if (n == 0) {		/* invalid byte: a separator */
			rc = run_flush(t);
			if (rc)
				goto out;
			i++;
			continue;
		}
		cp = text_fold(cp);
		if (text_is_han(cp) || text_is_kana_hangul(cp)) {
			rc = cjk_char(t, cp, i, i + n);
		} else if (is_ignorable(cp) && t->run != RUN_WORD) {
			/* a mark on CJK or on nothing: skipped, no break */
		} else if (text_is_word(cp)) {
			if (t->run != RUN_WORD)
				rc = run_flush(t);
			if (!rc)
				rc = word_add(t, cp, i, i + n);
		} else if (!(t->run == RUN_CJK && mode != TOK_WORDS &&
			     text_is_space(cp))) {
			rc = run_flush(t);
		}
		if (rc)
			goto out;
		i += n;
	}
	rc = run_flush(t);
out:
	run_reset(t);
	return rc;
}
