/*
 * test_overlap_eval.c — the duplicate detector against the labelled set
 * data/overlap/pairs.tsv (made by data/overlap/make_pairs.py from
 * hand-written guide items; labels follow from how each pair was made).
 *
 * Every pair is scored as the report scores it: exact shingle comparison,
 * and the TF-IDF cosine with document frequencies counted over all the
 * set's texts.  It prints precision, recall and F1 for
 *   "duplicate"  score >= 0.8, against the pairs labelled duplicate;
 *   "suspected"  score >= 0.5 (flagged at all), against the pairs labelled
 *                duplicate or suspected;
 * the mean score of each kind of pair, and the share of flagged pairs the
 * LSH index finds as candidates (every right-hand text indexed, every
 * left-hand text looked up), and fails if an F1 is below 0.95 or the
 * index misses more than 5 % of the pairs it should find.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/overlap.h"
#include "text/tfidf.h"
#include "text/tokenize.h"

#define GOAL 0.95
#define SUSPECT 0.5
#define DUPLICATE 0.8
#define MIN_EST 0.3

struct pair {
	char *label, *kind, *lang;
	struct ov_doc a, b;
};

static struct pair *pairs;
static size_t npairs;
static char *file;

static void load(void)
{
	char path[1024];
	FILE *f;
	long size;
	char *line, *next;

	snprintf(path, sizeof path, "%s/data/overlap/pairs.tsv", SHENRONG_SHARE_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	file = malloc((size_t)size + 1);
	assert_non_null(file);
	assert_int_equal(fread(file, 1, (size_t)size, f), (size_t)size);
	file[size] = '\0';
	fclose(f);
	pairs = calloc(1000, sizeof *pairs);
	assert_non_null(pairs);
	line = strchr(file, '\n') + 1;   /* past the header */
	for (; line && *line; line = next) {
		char *col[11];
		int k = 0;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (char *p = line; k < 11; k++) {
			char *tab = strchr(p, '\t');
			col[k] = p;
			if (!tab) {
				k++;
				break;
			}
			*tab = '\0';
			p = tab + 1;
		}
		assert_int_equal(k, 11);
		assert_true(npairs < 1000);
		struct pair *pr = &pairs[npairs++];
		pr->label = col[1];
		pr->kind = col[2];
		pr->lang = col[3];
		for (int p = 0; p < OV_PARTS; p++) {
			pr->a.text[p] = col[5 + p];
			pr->a.len[p] = strlen(col[5 + p]);
			pr->b.text[p] = col[8 + p];
			pr->b.len[p] = strlen(col[8 + p]);
		}
	}
}

struct f1 {
	int tp, fp, fn;
};

static double f1_of(const struct f1 *s, double *p, double *r)
{
	*p = s->tp + s->fp ? (double)s->tp / (s->tp + s->fp) : 1;
	*r = s->tp + s->fn ? (double)s->tp / (s->tp + s->fn) : 1;
	return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static void labelled_set(void **state)
{
	struct tokenizer *tk = tokenizer_new();
	struct tfidf_df *df = tfidf_df_new();
	struct tfidf_vec *va, *vb;
	struct ov_index *ix = ov_index_new();
	struct f1 dup = { 0 }, sus = { 0 };
	double *score;
	size_t should_find = 0, found = 0;
	int zh = 0, en = 0;
	(void)state;

	load();
	assert_true(npairs >= 200);
	va = calloc(npairs, sizeof *va);
	vb = calloc(npairs, sizeof *vb);
	score = calloc(npairs, sizeof *score);
	assert_non_null(va);
	assert_non_null(vb);
	assert_non_null(score);
	for (size_t i = 0; i < npairs; i++) {
		const char *ta[3], *tb[3];
		zh += strcmp(pairs[i].lang, "zh") == 0;
		en += strcmp(pairs[i].lang, "en") == 0;
		for (int p = 0; p < 3; p++) {
			ta[p] = pairs[i].a.text[p];
			tb[p] = pairs[i].b.text[p];
		}
		assert_int_equal(tfidf_vec_make(tk, ta, pairs[i].a.len, 3, &va[i]), 0);
		assert_int_equal(tfidf_vec_make(tk, tb, pairs[i].b.len, 3, &vb[i]), 0);
		assert_int_equal(tfidf_df_add(df, &va[i], 1), 0);
		assert_int_equal(tfidf_df_add(df, &vb[i], 1), 0);
	}
	assert_true(zh >= 100 && en >= 50);   /* both languages, really */

	/* the right-hand texts in an index */
	for (size_t i = 0; i < npairs; i++) {
		struct ov_text t;
		struct ov_sketch s;
		assert_int_equal(ov_text_prepare(&pairs[i].b, &t), 0);
		assert_int_equal(ov_sketch_make(&t, &s), 0);
		assert_int_equal(ov_index_put(ix, (int64_t)i, 0, &s), 0);
		ov_sketch_release(&s);
		ov_text_release(&t);
	}

	for (size_t i = 0; i < npairs; i++) {
		struct pair *pr = &pairs[i];
		struct ov_text ta, tb;
		struct ov_sketch sa;
		struct ov_score s;
		struct ov_cand *c;
		size_t nc;
		int is_dup = strcmp(pr->label, "duplicate") == 0;
		int is_sus = is_dup || strcmp(pr->label, "suspected") == 0;

		assert_int_equal(ov_text_prepare(&pr->a, &ta), 0);
		assert_int_equal(ov_text_prepare(&pr->b, &tb), 0);
		ov_compare(&ta, &tb, &s);
		ov_score_topic(&s, tfidf_cosine(&va[i], &vb[i], df));
		score[i] = s.score;
		if (s.score >= DUPLICATE)
			is_dup ? dup.tp++ : dup.fp++;
		else if (is_dup)
			dup.fn++;
		if (s.score >= SUSPECT)
			is_sus ? sus.tp++ : sus.fp++;
		else if (is_sus)
			sus.fn++;
		/* would a search have offered the pair?  (texts sharing little
		 * wording — rewordings — are found by the topic, in a round) */
		if (s.copy >= SUSPECT) {
			should_find++;
			assert_int_equal(ov_sketch_make(&ta, &sa), 0);
			assert_int_equal(ov_index_query(ix, &sa, MIN_EST, 50, NULL, NULL, &c, &nc), 0);
			for (size_t k = 0; k < nc; k++)
				if (c[k].id == (int64_t)i) {
					found++;
					break;
				}
			free(c);
			ov_sketch_release(&sa);
		}
		ov_text_release(&ta);
		ov_text_release(&tb);
	}

	{
		double p, r, f_dup = f1_of(&dup, &p, &r);
		double find = should_find ? (double)found / (double)should_find : 1;
		print_message("labelled set: %zu pairs (%d Chinese, %d English)\n", npairs, zh, en);
		print_message("  duplicate (score >= %.1f): precision %.3f, recall %.3f, F1 %.3f\n",
			      DUPLICATE, p, r, f_dup);
		double f_sus = f1_of(&sus, &p, &r);
		print_message("  suspected (score >= %.1f): precision %.3f, recall %.3f, F1 %.3f\n",
			      SUSPECT, p, r, f_sus);
		print_message("  index: %zu of %zu pairs with copy >= %.1f offered as candidates (%.3f)\n",
			      found, should_find, SUSPECT, find);
		/* the mean score of each kind, to see the margins */
		for (size_t i = 0; i < npairs; i++) {
			size_t k, n = 0;
			double sum = 0, lo = 1, hi = 0;
			for (k = 0; k < i; k++)
				if (strcmp(pairs[k].kind, pairs[i].kind) == 0 &&
				    strcmp(pairs[k].label, pairs[i].label) == 0)
					break;
			if (k < i)
				continue;
			for (k = i; k < npairs; k++)
				if (strcmp(pairs[k].kind, pairs[i].kind) == 0 &&
				    strcmp(pairs[k].label, pairs[i].label) == 0) {
					n++;
					sum += score[k];
					lo = score[k] < lo ? score[k] : lo;
					hi = score[k] > hi ? score[k] : hi;
				}
			print_message("    %-10s %-11s %3zu pairs: score %.2f (%.2f .. %.2f)\n",
				      pairs[i].label, pairs[i].kind, n, sum / (double)n, lo, hi);
		}
		assert_true(f_dup >= GOAL);
		assert_true(f_sus >= GOAL);
		assert_true(find >= GOAL);
	}
	for (size_t i = 0; i < npairs; i++) {
		tfidf_vec_release(&va[i]);
		tfidf_vec_release(&vb[i]);
	}
	free(va);
	free(vb);
	free(score);
	free(pairs);
	free(file);
	ov_index_free(ix);
	tfidf_df_free(df);
	tokenizer_free(tk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labelled_set),
	};
	int rc = cmocka_run_group_tests_name("overlap labelled set", tests, NULL, NULL);
	tokenizer_global_free();
	return rc;
}
