/*
 * test_tokenize.c — text/normalize and text/tokenize: folding, the three
 * modes, offsets into the original input, positions, invalid input,
 * friso segmentation and its fallback, and the bounded-memory paths.
 */
#include "unit.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "text/normalize.h"
#include "text/tokenize.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

struct out {
	char s[16384];
	size_t len;
	int detail;		/* also print [start,end)@pos */
	int last_pos;
	size_t inlen;
	size_t count;
	int stop_at;		/* return 7 at this token (1-based), 0: never */
};

static int collect(void *arg, const struct tok *t)
{
	struct out *o = arg;
	int n;

	/* invariants every caller relies on */
	assert_true(t->len > 0);
	assert_true(t->start < t->end);
	assert_true(t->end <= o->inlen);
	assert_true(t->pos >= o->last_pos);
	o->last_pos = t->pos;
	o->count++;
	if (o->len < sizeof(o->s) - 200) {
		n = snprintf(o->s + o->len, sizeof(o->s) - o->len, "%s%.*s",
			     o->len ? " " : "", (int)t->len, t->text);
		o->len += (size_t)n;
		if (o->detail) {
			n = snprintf(o->s + o->len, sizeof(o->s) - o->len,
				     "[%zu,%zu)@%d", t->start, t->end, t->pos);
			o->len += (size_t)n;
		}
	}
	if (o->stop_at && (int)o->count == o->stop_at)
		return 7;
	return 0;
}

static const char *run(struct tokenizer *tk, enum tok_mode mode,
		       const char *in, int detail)
{
	static struct out o;

	memset(&o, 0, sizeof(o));
	o.detail = detail;
	o.last_pos = 0;
	o.inlen = strlen(in);
	assert_int_equal(tokenizer_run(tk, mode, in, o.inlen, collect, &o), 0);
	return o.s;
}

static int setup(void **state)
{
	*state = tokenizer_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	tokenizer_free(*state);
	return 0;
}

/* ------------------------------------------------------------------ */
/* normalize                                                           */
/* ------------------------------------------------------------------ */

static void test_fold(void **state)
{
	(void)state;
	assert_int_equal(text_fold('A'), 'a');
	assert_int_equal(text_fold('z'), 'z');
	assert_int_equal(text_fold('7'), '7');
	assert_int_equal(text_fold(0xFF38), 'x');	/* Ｘ */
	assert_int_equal(text_fold(0xFF58), 'x');	/* ｘ */
	assert_int_equal(text_fold(0xFF10), '0');	/* ０ */
	assert_int_equal(text_fold(0xFF0C), ',');	/* ， */
	assert_int_equal(text_fold(0x3000), ' ');
	assert_int_equal(text_fold(0x00A0), ' ');
	assert_int_equal(text_fold(0xFEFF), ' ');
	assert_int_equal(text_fold(0xC9), 0xE9);	/* É é */
	assert_int_equal(text_fold(0xD7), 0xD7);	/* × stays */
	assert_int_equal(text_fold(0xDF), 0xDF);	/* ß */
	assert_int_equal(text_fold(0x100), 0x101);	/* Ā ā */
	assert_int_equal(text_fold(0x101), 0x101);
	assert_int_equal(text_fold(0x141), 0x142);	/* Ł ł */
	assert_int_equal(text_fold(0x149), 0x149);	/* ŉ has no capital */
	assert_int_equal(text_fold(0x178), 0xFF);	/* Ÿ ÿ */
	assert_int_equal(text_fold(0x17D), 0x17E);	/* Ž ž */
	assert_int_equal(text_fold(0x130), 'i');	/* İ */
	assert_int_equal(text_fold(0x1EA0), 0x1EA1);	/* Ạ ạ */
	assert_int_equal(text_fold(0x3A3), 0x3C3);	/* Σ σ */
	assert_int_equal(text_fold(0x414), 0x434);	/* Д д */
	assert_int_equal(text_fold(0x401), 0x451);	/* Ё ё */
	assert_int_equal(text_fold(0x1F600), 0x1F600);
}

static void test_fold_traditional(void **state)
{
	(void)state;
	assert_int_equal(text_normalize_init(), 0);
	assert_true(text_normalize_table_size() > 3000);
	assert_int_equal(text_fold(0x96FB), 0x7535);	/* 電 电 */
	assert_int_equal(text_fold(0x93E1), 0x955C);	/* 鏡 镜 */
	assert_int_equal(text_fold(0x8B5C), 0x8C31);	/* 譜 谱 */
	assert_int_equal(text_fold(0x7DDA), 0x7EBF);	/* 線 线 */
	assert_int_equal(text_fold(0x82AF), 0x82AF);	/* 芯 is simplified */
	assert_int_equal(text_fold(0x7535), 0x7535);
}

static void test_classes(void **state)
{
	(void)state;
	assert_true(text_is_han(0x4E00));
	assert_true(text_is_han(0x9FFF));
	assert_true(text_is_han(0x3400));	/* extension A */
	assert_true(text_is_han(0x20000));	/* extension B */
	assert_true(text_is_han(0xF900));	/* compatibility */
	assert_true(text_is_han(0x3007));	/* 〇 */
	assert_false(text_is_han('a'));
	assert_false(text_is_han(0x3001));	/* 、 */
	assert_false(text_is_han(0x3042));
	assert_true(text_is_kana_hangul(0x3042));	/* あ */
	assert_true(text_is_kana_hangul(0x30AB));	/* カ */
	assert_true(text_is_kana_hangul(0xAC00));	/* 가 */
	assert_false(text_is_kana_hangul(0x30FB));	/* ・ */
	assert_true(text_is_word('a'));
	assert_true(text_is_word('5'));
	assert_true(text_is_word(0xE9));
	assert_false(text_is_word(0xF7));
	assert_false(text_is_word('-'));
	assert_true(text_is_space(' '));
	assert_true(text_is_space('\n'));
	assert_false(text_is_space(0x3000));	/* folded first */
}

/* ------------------------------------------------------------------ */
/* TOK_INDEX / TOK_QUERY                                               */
/* ------------------------------------------------------------------ */

static void test_index_mixed(void **state)
{
	struct tokenizer *tk = *state;

	/* "X射线 衍射": words split from Han, runs joined across spaces,
	   unigrams colocated with bigrams, the last one with the last bigram */
	assert_string_equal(run(tk, TOK_INDEX, "X射线 衍射", 1),
		"x[0,1)@0 射线[1,7)@1 射[1,4)@1 线衍[4,11)@2 线[4,7)@2 "
		"衍射[8,14)@3 衍[8,11)@3 射[11,14)@3");
	assert_string_equal(run(tk, TOK_QUERY, "X射线 衍射", 1),
		"x[0,1)@0 射线[1,7)@1 线衍[4,11)@2 衍射[8,14)@3");
}

static void test_two_char_words_are_tokens(void **state)
{
	struct tokenizer *tk = *state;
	const char *s;

	s = run(tk, TOK_INDEX, "高性能芯片设计与电镜光谱分析", 0);
	assert_non_null(strstr(s, " 芯片 "));
	assert_non_null(strstr(s, " 电镜 "));
	assert_non_null(strstr(s, " 光谱 "));
	assert_string_equal(run(tk, TOK_QUERY, "芯片", 0), "芯片");
	assert_string_equal(run(tk, TOK_QUERY, "光谱分析", 0), "光谱 谱分 分析");
	/* a single character is a unigram, and is indexed inside runs */
	assert_string_equal(run(tk, TOK_QUERY, "王", 1), "王[0,3)@0");
	assert_string_equal(run(tk, TOK_INDEX, "老王", 1),
			    "老王[0,6)@0 老[0,3)@0 王[3,6)@0");
	assert_string_equal(run(tk, TOK_INDEX, "a 王 b", 1),
			    "a[0,1)@0 王[2,5)@1 b[6,7)@2");
}

static void test_fold_in_tokens(void **state)
{
	struct tokenizer *tk = *state;

	assert_string_equal(run(tk, TOK_QUERY, "電鏡", 1), "电镜[0,6)@0");
	assert_string_equal(run(tk, TOK_QUERY, "ＸＲＤ", 1), "xrd[0,9)@0");
	assert_string_equal(run(tk, TOK_QUERY, "Ｘ射線　繞射", 1),
		"x[0,3)@0 射线[3,9)@1 线绕[6,15)@2 绕射[12,18)@3");
	/* ideographic space and full-width comma */
	assert_string_equal(run(tk, TOK_QUERY, "芯片，光谱", 0), "芯片 光谱");
	assert_string_equal(run(tk, TOK_QUERY, "ÉCOLE Straße", 0),
			    "école straße");
}

static void test_words_and_stemming(void **state)
{
	struct tokenizer *tk = *state;

	assert_string_equal(run(tk, TOK_INDEX, "Microscopes microscope", 0),
			    "microscop microscop");
	assert_string_equal(run(tk, TOK_INDEX, "running SPECTROSCOPY", 0),
			    "run spectroscopi");
	/* digits, mixes and non-ASCII letters are not stemmed */
	assert_string_equal(run(tk, TOK_INDEX, "JEM-2100F x 3.5nm", 0),
			    "jem 2100f x 3 5nm");
	assert_string_equal(run(tk, TOK_INDEX, "cafés", 0), "cafés");
	/* punctuation and symbols separate */
	assert_string_equal(run(tk, TOK_INDEX, "a+b=c;d/e_f 👍g", 0),
			    "a b c d e f g");
	/* TOK_INDEX and TOK_QUERY keep stop words */
	assert_string_equal(run(tk, TOK_QUERY, "the of 的", 0), "the of 的");
}

static void test_marks_and_selectors(void **state)
{
	struct tokenizer *tk = *state;

	/* a variation selector or stray mark does not break a Han run */
	assert_string_equal(run(tk, TOK_QUERY, "芯\xCC\x81片", 1),
			    "芯片[0,8)@0");
	assert_string_equal(run(tk, TOK_QUERY, "葛\xF3\xA0\x84\x80藤", 1),
			    "葛藤[0,10)@0");
	assert_string_equal(run(tk, TOK_QUERY, "\xEF\xB8\x8F", 0), "");
	/* inside a word a combining mark belongs to it (and stops stemming) */
	assert_string_equal(run(tk, TOK_QUERY, "cafe\xCC\x81s x", 0),
			    "cafe\xCC\x81s x");
	/* variation selectors after a word end it without a token */
	assert_string_equal(run(tk, TOK_QUERY, "ab\xEF\xB8\x8F" "cd", 0),
			    "ab cd");
}

static void test_long_word_is_cut(void **state)
{
	struct tokenizer *tk = *state;
	char in[200];
	const char *s;

	memset(in, 'q', 150);
	in[150] = '\0';
	s = run(tk, TOK_INDEX, in, 1);
	assert_non_null(strstr(s, "[0,64)@0"));
	assert_non_null(strstr(s, "[64,128)@1"));
	assert_non_null(strstr(s, "[128,150)@2"));
}

static void test_invalid_utf8(void **state)
{
	struct tokenizer *tk = *state;

	/* bad bytes separate; a truncated sequence at the end is not read */
	assert_string_equal(run(tk, TOK_INDEX, "ab\xFF" "cd\xE8\x8A", 1),
			    "ab[0,2)@0 cd[3,5)@1");
	assert_string_equal(run(tk, TOK_QUERY, "芯\xC0\x80片", 1),
			    "芯[0,3)@0 片[5,8)@1");
	/* surrogates encoded in UTF-8 are not characters */
	assert_string_equal(run(tk, TOK_QUERY, "a\xED\xA0\x80z", 0), "a z");
}

static void test_embedded_nul_and_length(void **state)
{
	struct tokenizer *tk = *state;
	struct out o;

	memset(&o, 0, sizeof(o));
	o.inlen = 7;
	/* the length, not a NUL, ends the input */
	assert_int_equal(tokenizer_run(tk, TOK_INDEX, "ab\0cd芯", 5, collect,
				       &o), 0);
	assert_string_equal(o.s, "ab cd");
	memset(&o, 0, sizeof(o));
	assert_int_equal(tokenizer_run(tk, TOK_INDEX, NULL, 0, collect, &o), 0);
	assert_int_equal(o.count, 0);
	assert_int_equal(tokenizer_run(NULL, TOK_INDEX, "a", 1, collect, &o),
			 -1);
	assert_int_equal(tokenizer_run(tk, TOK_INDEX, NULL, 3, collect, &o),
			 -1);
	assert_int_equal(tokenizer_run(tk, TOK_INDEX, "a", 1, NULL, &o), -1);
	tokenizer_free(NULL);
}

static void test_callback_stops(void **state)
{
	struct tokenizer *tk = *state;
	struct out o;
	const char *in = "alpha 芯片设计 beta gamma";

	memset(&o, 0, sizeof(o));
	o.inlen = strlen(in);
	o.stop_at = 2;
	assert_int_equal(tokenizer_run(tk, TOK_INDEX, in, o.inlen, collect,
				       &o), 7);
	assert_int_equal(o.count, 2);
	/* the next run starts clean */
	assert_string_equal(run(tk, TOK_QUERY, "delta", 1), "delta[0,5)@0");
	memset(&o, 0, sizeof(o));
	o.inlen = strlen(in);
	o.stop_at = 3;
	assert_int_equal(tokenizer_run(tk, TOK_WORDS, in, o.inlen, collect,
				       &o), 7);
	assert_string_equal(run(tk, TOK_WORDS, "芯片", 0), "芯片");
}

static void test_kana_hangul(void **state)
{
	struct tokenizer *tk = *state;

	assert_string_equal(run(tk, TOK_QUERY, "カメラ", 0), "カメ メラ");
	assert_string_equal(run(tk, TOK_INDEX, "カメラ", 0),
			    "カメ カ メラ メ ラ");
	assert_string_equal(run(tk, TOK_WORDS, "カメラ", 0), "カメ メラ");
	assert_string_equal(run(tk, TOK_QUERY, "한국어", 0), "한국 국어");
	/* Han and Kana form one CJK run in the index */
	assert_string_equal(run(tk, TOK_QUERY, "日本のカ", 0),
			    "日本 本の のカ");
}

static void test_space_join_only_in_index(void **state)
{
	struct tokenizer *tk = *state;
	const char *s;

	s = run(tk, TOK_QUERY, "芯片 光谱", 1);
	assert_string_equal(s, "芯片[0,6)@0 片光[3,10)@1 光谱[7,13)@2");
	s = run(tk, TOK_QUERY, "芯片\n\t 光谱", 0);
	assert_string_equal(s, "芯片 片光 光谱");
	s = run(tk, TOK_QUERY, "芯片, 光谱", 0);
	assert_string_equal(s, "芯片 光谱");
	s = run(tk, TOK_WORDS, "芯片 光谱", 0);
	assert_string_equal(s, "芯片 光谱");
	/* 〇 is Han */
	assert_string_equal(run(tk, TOK_QUERY, "二〇二四", 0), "二〇 〇二 二四");
}

/* ------------------------------------------------------------------ */
/* TOK_WORDS                                                           */
/* ------------------------------------------------------------------ */

static void test_words_mode(void **state)
{
	struct tokenizer *tk = *state;

	assert_string_equal(
		run(tk, TOK_WORDS, "扫描电子显微镜的芯片光谱分析", 1),
		"扫描[0,6)@0 电子显微镜[6,21)@1 芯片[24,30)@2 "
		"光谱分析[30,42)@3");
	/* stop words in both languages go; positions stay consecutive */
	assert_string_equal(run(tk, TOK_WORDS,
				"The analysis of samples 和 X射线", 1),
			    "analysi[4,12)@0 sampl[16,23)@1 x[28,29)@2 "
			    "射线[29,35)@3");
	/* traditional input is segmented after folding; offsets original */
	assert_string_equal(run(tk, TOK_WORDS, "掃描電子顯微鏡", 1),
			    "扫描[0,6)@0 电子显微镜[6,21)@1");
	/* characters friso does not know still come out */
	assert_string_equal(run(tk, TOK_WORDS, "㐀", 1), "㐀[0,3)@0");
	assert_string_equal(run(tk, TOK_WORDS, "中国𠀀", 0), "中国 𠀀");
}

static void test_words_long_han_run(void **state)
{
	struct tokenizer *tk = *state;
	struct out o;
	size_t n = 10000, i;
	char *in = malloc(n * 6 + 1);

	assert_non_null(in);
	for (i = 0; i < n; i++)
		memcpy(in + 6 * i, "芯片", 6);
	in[6 * n] = '\0';
	memset(&o, 0, sizeof(o));
	o.inlen = 6 * n;
	assert_int_equal(tokenizer_run(tk, TOK_WORDS, in, o.inlen, collect,
				       &o), 0);
	assert_true(o.count >= n - 2);	/* every 芯片, even across cuts */
	free(in);
}

static void test_friso_fallback(void **state)
{
	struct tokenizer *tk = *state, *t2;

	/* the fixture's tokenizer holds a friso task */
	run(tk, TOK_WORDS, "芯片", 0);
	assert_int_equal(tokenizer_global_free(), -1);

	/* without a tokenizer using friso, a failing load gives bigrams */
	tokenizer_free(tk);
	*state = NULL;
	assert_int_equal(tokenizer_global_free(), 0);
	assert_int_equal(tokenizer_global_init("/nonexistent/friso.ini"), -1);
	t2 = tokenizer_new();
	assert_non_null(t2);
	assert_string_equal(run(t2, TOK_WORDS, "芯片设计的 the Tests", 0),
			    "芯片 片设 设计 计的 test");
	assert_string_equal(run(t2, TOK_WORDS, "的", 0), "");
	tokenizer_free(t2);

	/* and it can be loaded again */
	assert_int_equal(tokenizer_global_free(), 0);
	assert_int_equal(tokenizer_global_init(NULL), 0);
	assert_int_equal(tokenizer_global_init("/ignored/when/loaded"), 0);
	*state = tokenizer_new();
	assert_non_null(*state);
	assert_string_equal(run(*state, TOK_WORDS, "电子显微镜", 0),
			    "电子显微镜");
}

/* ------------------------------------------------------------------ */
/* Threads: one tokenizer each, one shared friso dictionary            */
/* ------------------------------------------------------------------ */

static const char thread_text[] =
	"扫描电子显微镜的芯片光谱分析，透射電鏡与X射线衍射仪 Microscopes";

struct thread_job {
	char result[2048];
	int ok;
};

static int thread_collect(void *arg, const struct tok *t)
{
	struct thread_job *j = arg;
	size_t used = strlen(j->result);

	snprintf(j->result + used, sizeof(j->result) - used, "%.*s@%zu ",
		 (int)t->len, t->text, t->start);
	return 0;
}

static void *thread_main(void *arg)
{
	struct thread_job *j = arg;
	struct tokenizer *t = tokenizer_new();
	char first[2048];
	int i;

	j->ok = t != NULL;
	for (i = 0; t && i < 200; i++) {
		j->result[0] = '\0';
		if (tokenizer_run(t, i % 2 ? TOK_WORDS : TOK_INDEX, thread_text,
				  sizeof(thread_text) - 1, thread_collect,
				  j) != 0)
			j->ok = 0;
		if (i == 1)
			memcpy(first, j->result, sizeof(first));
		else if (i % 2 && strcmp(first, j->result) != 0)
			j->ok = 0;
	}
	tokenizer_free(t);
	return NULL;
}

static void test_threads(void **state)
{
	struct thread_job jobs[4];
	pthread_t th[4];
	char expect[2048];
	int i;

	(void)state;
	memset(jobs, 0, sizeof(jobs));
	/* the dictionary loads under a lock when the threads race for it */
	assert_int_equal(tokenizer_global_free(), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main,
						&jobs[i]), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	memcpy(expect, jobs[0].result, sizeof(expect));
	assert_non_null(strstr(expect, "电子显微镜@6 "));
	for (i = 0; i < 4; i++) {
		assert_true(jobs[i].ok);
		assert_string_equal(jobs[i].result, expect);
	}
}

/* ------------------------------------------------------------------ */
/* Scale                                                               */
/* ------------------------------------------------------------------ */

static void test_large_input_linear(void **state)
{
	struct tokenizer *tk = *state;
	const char *unit = "大型科研仪器共享平台 JEM-2100F 透射電鏡，"
			   "X射线衍射仪（ＸＲＤ）and Raman spectroscopy. ";
	size_t ul = strlen(unit), n = (4u << 20) / ul, i;
	char *in = malloc(n * ul + 1);
	struct out o;
	clock_t t0;
	double secs[2];
	int k;

	assert_non_null(in);
	for (i = 0; i < n; i++)
		memcpy(in + i * ul, unit, ul);
	in[n * ul] = '\0';
	for (k = 0; k < 2; k++) {
		memset(&o, 0, sizeof(o));
		o.inlen = (k ? n : n / 4) * ul;
		t0 = clock();
		assert_int_equal(tokenizer_run(tk, TOK_INDEX, in, o.inlen,
					       collect, &o), 0);
		secs[k] = (double)(clock() - t0) / CLOCKS_PER_SEC;
		assert_true(o.count > (k ? n : n / 4) * 20);
	}
	/* 4x the input must not take much more than 4x the time */
	assert_true(secs[1] < secs[0] * 8 + 0.5);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_traditional),
		cmocka_unit_test(test_classes),
		cmocka_unit_test_setup_teardown(test_index_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_char_words_are_tokens,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_in_tokens, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_words_and_stemming, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_marks_and_selectors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_word_is_cut, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_embedded_nul_and_length,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kana_hangul, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_space_join_only_in_index,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_long_han_run, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_friso_fallback, setup,
						teardown),
		cmocka_unit_test(test_threads),
		cmocka_unit_test_setup_teardown(test_large_input_linear, setup,
						teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	tokenizer_global_free();
	return rc;
}
