/*
 * query.c — parser for the search box language and its translation into
 * FTS5 (see query.h for the language and the policies).
 *
 * The parser works on a cleaned copy of the input (control characters
 * turned into spaces, same byte length), walks it one token at a time and
 * copies every term, filter key and value into one block, q->mem, so that
 * a query is freed in four calls however many terms it has.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/utf8.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/tokenize.h"
#include "core/banned.h"

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

/* Decodes the character at w[i] (w is valid UTF-8); returns its length. */
static size_t char_at(const char *w, size_t n, size_t i, uint32_t *cp)
{
	size_t k = utf8_decode(w + i, n - i, cp);

	if (k == 0) {
		*cp = (unsigned char)w[i];
		return 1;
	}
	return k;
}

static int is_ws(uint32_t cp)
{
	return text_is_space(cp) || (cp >= 0x80 && text_fold(cp) == ' ');
}

static int is_quote(uint32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xFF02;
}

static int is_minus(uint32_t cp)
{
	return cp == '-' || cp == 0xFF0D || cp == 0x2212;
}

static int is_colon(uint32_t cp)
{
	return cp == ':' || cp == 0xFF1A;
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Copies s[0..len) into dst[size], cut at a character boundary. */
static void copy_part(char *dst, size_t size, const char *s, size_t len)
{
	if (len > size - 1) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static void set_error(struct query_error *err, const char *msg,
		      const char *part, size_t len)
{
	if (!err)
		return;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	copy_part(err->part, sizeof(err->part), part, len);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

struct parser {
	const char *w;		/* cleaned input */
	size_t n, i;
	struct query *q;
	size_t memlen;
	size_t tcap, fcap;
	int ngroups;
	int or_pending;
	const char *const *fields;
	size_t nfields;
	struct query_error *err;
};

/* Copies s[0..len) into q->mem (sized for every string of the input). */
static const char *save(struct parser *p, const char *s, size_t len)
{
	char *d = p->q->mem + p->memlen;

	memcpy(d, s, len);
	d[len] = '\0';
	p->memlen += len + 1;
	return d;
}

static int push_term(struct parser *p, const char *s, size_t len,
		     unsigned flags, int join)
{
	struct query *q = p->q;
	struct query_term *t;
	size_t cap;

	if (q->nterms == p->tcap) {
		cap = p->tcap ? p->tcap * 2 : 8;
		t = realloc(q->terms, cap * sizeof(*t));
		if (!t)
			return -1;
		q->terms = t;
		p->tcap = cap;
	}
	t = &q->terms[q->nterms++];
	t->text = save(p, s, len);
	t->flags = flags;
	t->group = -1;
	if (join) {
		if (t[-1].group < 0)
			t[-1].group = p->ngroups++;
		t->group = t[-1].group;
	}
	return 0;
}

/*
 * Adds a term, resolving a pending OR first: it joins this term to the
 * previous one if this one is positive (the previous one is, or the OR
 * would not be pending), and is ignored otherwise.
 */
static int add_term(struct parser *p, const char *s, size_t len,
		    unsigned flags)
{
	int join = p->or_pending && !(flags & QUERY_NEGATED);

	if (len == 0)
		return 0;
	p->or_pending = 0;
	return push_term(p, s, len, flags, join);
}

static int add_filter(struct parser *p, const char *key, const char *v,
		      size_t vlen)
{
	struct query *q = p->q;
	struct query_filter *f;
	size_t cap;

	if (q->nfilters == p->fcap) {
		cap = p->fcap ? p->fcap * 2 : 4;
		f = realloc(q->filters, cap * sizeof(*f));
		if (!f)
			return -1;
		q->filters = f;
		p->fcap = cap;
	}
	f = &q->filters[q->nfilters++];
	f->key = save(p, key, strlen(key));
	f->value = save(p, v, vlen);
	return 0;
}

/* Trims white space from both ends of w[*s..*e). */
static void trim(const struct parser *p, size_t *s, size_t *e)
{
	uint32_t cp;
	size_t k, i, last;

	while (*s < *e) {
		k = char_at(p->w, *e, *s, &cp);
		if (!is_ws(cp))
			break;
		*s += k;
	}
	last = *s;
	for (i = *s; i < *e; i += k) {
		k = char_at(p->w, *e, i, &cp);
		if (!is_ws(cp))
			last = i + k;
	}
	*e = last;
}

/*
 * Reads a quoted string whose opening quote is at p->i: *s..*e is its
 * content and p->i moves past the closing quote, or to the end of the
 * input if there is none.
 */
static void read_quoted(struct parser *p, size_t *s, size_t *e)
{
	uint32_t cp;
	size_t k;

	p->i += char_at(p->w, p->n, p->i, &cp);
	*s = p->i;
	while (p->i < p->n) {
		k = char_at(p->w, p->n, p->i, &cp);
		if (is_quote(cp)) {
			*e = p->i;
			p->i += k;
			return;
		}
		p->i += k;
	}
	*e = p->n;
}

static int name_is_ident(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == '_';

		if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
			return 0;
	}
	return 1;
}

static const char *field_lookup(const struct parser *p, const char *s,
				size_t len)
{
	size_t f, i;
	const char *z;

	for (f = 0; f < p->nfields; f++) {
		z = p->fields[f];
		if (!z)
			continue;
		for (i = 0; i < len && z[i]; i++) {
			if (ascii_lower((unsigned char)s[i]) !=
			    ascii_lower((unsigned char)z[i]))
				break;
		}
		if (i == len && z[i] == '\0')
			return z;
	}
	return NULL;
}

static void unknown_field_error(struct parser *p, const char *s, size_t len)
{
	char msg[sizeof(p->err->msg)];
	char name[72];
	size_t f, used;
	int k, listed = 0;

	copy_part(name, sizeof(name), s, len);
	k = snprintf(msg, sizeof(msg), "unknown filter \"%s\"", name);
	used = k > 0 && (size_t)k < sizeof(msg) ? (size_t)k : sizeof(msg) - 1;
	for (f = 0; f < p->nfields && used < sizeof(msg) - 1; f++) {
		if (!p->fields[f])
			continue;
		k = snprintf(msg + used, sizeof(msg) - used, "%s%s",
			     listed++ ? ", " : " (known filters: ",
			     p->fields[f]);
		used = k > 0 && (size_t)k < sizeof(msg) - used ?
			       used + (size_t)k : sizeof(msg) - 1;
	}
	if (listed && used < sizeof(msg) - 1)
		snprintf(msg + used, sizeof(msg) - used, ")");
	set_error(p->err, msg, s, len);
}

/*
 * Tries to read a name:value filter from the bare token w[s..e).  Returns
 * 1 if it was one (p->i is moved past it), 0 if the token is an ordinary
 * term, -1 on error.
 */
static int try_filter(struct parser *p, size_t s, size_t e, int neg)
{
	char msg[160], key[72];
	const char *field;
	uint32_t cp;
	size_t c, k = 0, v, vs, ve;

	for (c = s; c < e; c += k) {
		k = char_at(p->w, p->n, c, &cp);
		if (is_colon(cp))
			break;
	}
	if (c == e || !name_is_ident(p->w + s, c - s))
		return 0;
	v = c + k;
	if (e - v >= 2 && p->w[v] == '/' && p->w[v + 1] == '/')
		return 0;	/* a URL */
	field = field_lookup(p, p->w + s, c - s);
	if (!field) {
		unknown_field_error(p, p->w + s, c - s);
		return -1;
	}
	copy_part(key, sizeof(key), p->w + s, c - s);
	if (neg) {
		snprintf(msg, sizeof(msg),
			 "filters cannot be excluded: \"-%s:\"", key);
		set_error(p->err, msg, p->w + s, c - s);
		return -1;
	}
	vs = v;
	ve = e;
	p->i = e;
	if (v < p->n) {
		char_at(p->w, p->n, v, &cp);
		if (is_quote(cp)) {
			p->i = v;
			read_quoted(p, &vs, &ve);
			trim(p, &vs, &ve);
		}
	}
	if (vs == ve) {
		snprintf(msg, sizeof(msg), "filter \"%s\" has no value", key);
		set_error(p->err, msg, p->w + s, c - s);
		return -1;
	}
	return add_filter(p, field, p->w + vs, ve - vs) < 0 ? -2 : 1;
}

/* Reads the next term or filter at p->i (not white space). */
static int parse_one(struct parser *p)
{
	uint32_t cp, cp2;
	size_t k, s, e;
	int neg = 0, rc;

	k = char_at(p->w, p->n, p->i, &cp);
	if (is_minus(cp) && p->i + k < p->n) {
		char_at(p->w, p->n, p->i + k, &cp2);
		if (!is_ws(cp2)) {
			neg = 1;
			p->i += k;
			char_at(p->w, p->n, p->i, &cp);
		}
	}
	if (is_quote(cp)) {
		read_quoted(p, &s, &e);
		trim(p, &s, &e);
		return add_term(p, p->w + s, e - s,
				QUERY_PHRASE | (neg ? QUERY_NEGATED : 0));
	}
	s = p->i;
	for (e = s; e < p->n; e += k) {
		k = char_at(p->w, p->n, e, &cp);
		if (is_ws(cp))
			break;
	}
	rc = try_filter(p, s, e, neg);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	p->i = e;
	if (!neg && e - s == 2 && memcmp(p->w + s, "OR", 2) == 0) {
		p->or_pending = p->q->nterms > 0 &&
				!(p->q->terms[p->q->nterms - 1].flags &
				  QUERY_NEGATED);
		return 0;
	}
	return add_term(p, p->w + s, e - s, neg ? QUERY_NEGATED : 0);
}

/* Cuts a too-long query at the last white space before max_chars. */
static size_t truncate_at(const char *w, size_t n, size_t max_chars)
{
	size_t cut = utf8_prefix(w, n, max_chars), i, k, last = 0;
	uint32_t cp;

	if (cut >= n)
		return n;
	char_at(w, n, cut, &cp);
	if (is_ws(cp))
		return cut;
	for (i = 0; i < cut; i += k) {
		k = char_at(w, n, i, &cp);
		if (is_ws(cp))
			last = i;
	}
	return last > 0 ? last : cut;
}

int query_parse(const char *in, size_t len, const char *const *fields,
		size_t nfields, size_t max_chars, struct query **out,
		struct query_error *err)
{
	struct query_error local;
	struct parser p;
	struct query *q = NULL;
	char *w = NULL;
	uint32_t cp;
	size_t i, k;
	int ret = -1;

	*out = NULL;
	if (!err)
		err = &local;
	err->msg[0] = '\0';
	err->part[0] = '\0';
	if (!in)
		len = 0;
	if (!utf8_valid(in, len)) {
		set_error(err, "query is not valid UTF-8", "", 0);
		goto out;
	}
	if (len > ((size_t)-1 - 16) / 2)
		goto out;
	q = calloc(1, sizeof(*q));
	w = malloc(len + 1);
	if (!q || !w)
		goto out;
	q->mem = malloc(2 * len + 16);
	if (!q->mem)
		goto out;
	for (i = 0; i < len; i += k) {		/* controls become spaces */
		k = char_at(in, len, i, &cp);
		if (is_control(cp))
			memset(w + i, ' ', k);
		else
			memcpy(w + i, in + i, k);
	}
	w[len] = '\0';

	memset(&p, 0, sizeof(p));
	p.w = w;
	p.n = len;
	p.q = q;
	p.fields = fields;
	p.nfields = fields ? nfields : 0;
	p.err = err;
	if (max_chars > 0 && utf8_chars(w, len) > max_chars) {
		p.n = truncate_at(w, len, max_chars);
		q->truncated = 1;
	}
	while (p.i < p.n) {
		k = char_at(w, p.n, p.i, &cp);
		if (is_ws(cp)) {
			p.i += k;
			continue;
		}
		if (parse_one(&p) < 0)
			goto out;
	}
	*out = q;
	q = NULL;
	ret = 0;
out:
	if (ret < 0 && !err->msg[0])
		set_error(err, "out of memory", "", 0);
	free(w);
	query_free(q);
	return ret;
}

size_t query_drop_stop_words(struct query *q)
{
	char low[64];
	size_t i, k, n, kept = 0, dropped = 0;

	for (i = 0; i < q->nterms; i++) {
		const struct query_term *t = &q->terms[i];
		n = strlen(t->text);
		if (!(t->flags & QUERY_PHRASE) && n < sizeof(low)) {
			for (k = 0; k < n; k++)
				low[k] = (char)ascii_lower((unsigned char)t->text[k]);
			if (tok_stop_word(low, n)) {
				dropped++;
				continue;
			}
		}
		q->terms[kept++] = *t;
	}
	q->nterms = kept;
	/* a group left with one member is a plain term */
	for (i = 0; i < q->nterms; i++) {
		int g = q->terms[i].group;
		if (g < 0)
			continue;
		if ((i == 0 || q->terms[i - 1].group != g) &&
		    (i + 1 == q->nterms || q->terms[i + 1].group != g))
			q->terms[i].group = -1;
	}
	return dropped;
}

void query_free(struct query *q)
{
	if (!q)
		return;
	free(q->terms);
	free(q->filters);
	free(q->mem);
	free(q);
}

/* ------------------------------------------------------------------ */
/* FTS5                                                                */
/* ------------------------------------------------------------------ */

static int stop_at_first(void *arg, const struct tok *t)
{
	(void)arg;
	(void)t;
	return 1;
}

/* 1 if the term has index tokens, 0 if not, -1 on error. */
static int has_tokens(struct tokenizer *tk, const char *s)
{
	int rc = tokenizer_run(tk, TOK_QUERY, s, strlen(s), stop_at_first,
			       NULL);

	return rc == 1 ? 1 : rc == 0 ? 0 : -1;
}

static int add_quoted(struct buf *b, const char *s)
{
	const char *q;

	if (buf_addch(b, '"') < 0)
		return -1;
	while ((q = strchr(s, '"')) != NULL) {
		if (buf_add(b, s, (size_t)(q - s + 1)) < 0 ||
		    buf_addch(b, '"') < 0)
			return -1;
		s = q + 1;
	}
	if (buf_adds(b, s) < 0)
		return -1;
	return buf_addch(b, '"');
}

/*
 * Appends the terms[from..to) that have tokens to b, separated by sep;
 * returns how many there were, or -1 on error.
 */
static long add_terms(struct buf *b, const struct query *q, size_t from,
		      size_t to, int negated, const char *sep,
		      struct tokenizer *tk)
{
	long n = 0;
	size_t i;
	int has;

	for (i = from; i < to; i++) {
		if (!(q->terms[i].flags & QUERY_NEGATED) != !negated)
			continue;
		has = has_tokens(tk, q->terms[i].text);
		if (has < 0)
			return -1;
		if (!has)
			continue;
		if ((n > 0 && buf_adds(b, sep) < 0) ||
		    add_quoted(b, q->terms[i].text) < 0)
			return -1;
		n++;
	}
	return n;
}

int query_to_fts5_excluded(const struct query *q, struct tokenizer *tk,
			   char **out)
{
	struct buf b;
	int ret = -1;

	*out = NULL;
	buf_init(&b, 0);
	if (add_terms(&b, q, 0, q->nterms, 1, " OR ", tk) < 0)
		goto out;
	*out = buf_detach(&b, NULL);
	ret = *out ? 0 : -1;
out:
	buf_release(&b);
	return ret;
}

int query_to_fts5(const struct query *q, struct tokenizer *tk, char **out)
{
	struct buf pos, grp, neg, res;
	size_t i, j;
	long items = 0, n, nneg;
	int ret = -1;

	*out = NULL;
	buf_init(&pos, 0);
	buf_init(&grp, 0);
	buf_init(&neg, 0);
	buf_init(&res, 0);
	for (i = 0; i < q->nterms; i = j) {
		j = i + 1;
		if (q->terms[i].flags & QUERY_NEGATED)
			continue;
		if (q->terms[i].group >= 0) {
			while (j < q->nterms &&
			       q->terms[j].group == q->terms[i].group)
				j++;
		}
		buf_reset(&grp);
		n = add_terms(&grp, q, i, j, 0, " OR ", tk);
		if (n < 0)
			goto out;
		if (n == 0)
			continue;
		if ((items > 0 && buf_adds(&pos, " AND ") < 0) ||
		    (n > 1 && buf_addch(&pos, '(') < 0) ||
		    buf_add(&pos, grp.s, grp.len) < 0 ||
		    (n > 1 && buf_addch(&pos, ')') < 0))
			goto out;
		items++;
	}
	nneg = items ? add_terms(&neg, q, 0, q->nterms, 1, " OR ", tk) : 0;
	if (nneg < 0)
		goto out;
	if (nneg > 0) {
		if (buf_addf(&res, "(%s) NOT (%s)", pos.s, neg.s) < 0)
			goto out;
		*out = buf_detach(&res, NULL);
	} else {
		*out = buf_detach(&pos, NULL);
	}
	ret = *out ? 0 : -1;
out:
	buf_release(&pos);
	buf_release(&grp);
	buf_release(&neg);
	buf_release(&res);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Tokens for highlighting                                             */
/* ------------------------------------------------------------------ */

struct collect {
	struct buf strs;	/* token\0token\0... */
	size_t *offs;
	size_t n, cap;
};

static int collect_token(void *arg, const struct tok *t)
{
	struct collect *c = arg;
	size_t *o;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		o = realloc(c->offs, c->cap * sizeof(*o));
		if (!o)
			return -2;
		c->offs = o;
	}
	c->offs[c->n++] = c->strs.len;
	if (buf_add(&c->strs, t->text, t->len) < 0 ||
	    buf_addch(&c->strs, '\0') < 0)
		return -2;
	return 0;
}

static int cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int query_tokens(const struct query *q, struct tokenizer *tk, char ***out,
		 size_t *nout)
{
	struct collect c;
	char **sorted = NULL, **block, *dst;
	size_t i, n = 0, bytes = 0;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	memset(&c, 0, sizeof(c));
	buf_init(&c.strs, 0);
	for (i = 0; i < q->nterms; i++) {
		if (q->terms[i].flags & QUERY_NEGATED)
			continue;
		if (tokenizer_run(tk, TOK_QUERY, q->terms[i].text,
				  strlen(q->terms[i].text), collect_token,
				  &c) != 0)
			goto out;
	}
	sorted = malloc((c.n ? c.n : 1) * sizeof(*sorted));
	if (!sorted)
		goto out;
	for (i = 0; i < c.n; i++)
		sorted[i] = c.strs.s + c.offs[i];
	qsort(sorted, c.n, sizeof(*sorted), cstr_cmp);
	for (i = 0; i < c.n; i++) {
		if (n > 0 && strcmp(sorted[n - 1], sorted[i]) == 0)
			continue;
		sorted[n++] = sorted[i];
		bytes += strlen(sorted[i]) + 1;
	}
	block = malloc((n + 1) * sizeof(char *) + bytes);
	if (!block)
		goto out;
	dst = (char *)(block + n + 1);
	for (i = 0; i < n; i++) {
		size_t l = strlen(sorted[i]) + 1;

		memcpy(dst, sorted[i], l);
		block[i] = dst;
		dst += l;
	}
	block[n] = NULL;
	*out = block;
	*nout = n;
	ret = 0;
out:
	free(sorted);
	free(c.offs);
	buf_release(&c.strs);
	return ret;
}
