/*
 * test_overlap_text.c — the duplicate detector's engine (src/text/):
 * units and shingles (folding, punctuation, offsets), sets, MinHash
 * estimates, LSH banding, sketches and their encoding, the index (put,
 * replace, remove, compaction, windows for short texts inside long ones),
 * exact scores and passages, TF-IDF, and robustness to reordering,
 * insertion, punctuation and full-width/half-width changes.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/lsh.h"
#include "text/minhash.h"
#include "text/overlap.h"
#include "text/shingle.h"
#include "text/tfidf.h"
#include "text/tokenize.h"

static const char *const GUIDE =
	"针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。"
	"重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。"
	"建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。"
	"形成百吨级高端光刻胶生产线，实现在14纳米及以下工艺节点的批量应用。";

/* A prepared one-part document (content only). */
static void prep(struct ov_text *t, const char *content)
{
	struct ov_doc d = { { NULL, content, NULL }, { 0, strlen(content), 0 } };
	assert_int_equal(ov_text_prepare(&d, t), 0);
}

static struct ov_score compare(const char *a, const char *b)
{
	struct ov_text ta, tb;
	struct ov_score s;
	prep(&ta, a);
	prep(&tb, b);
	ov_compare(&ta, &tb, &s);
	ov_text_release(&ta);
	ov_text_release(&tb);
	return s;
}

static double copy_of(const char *a, const char *b)
{
	return compare(a, b).copy;
}

/* For short texts, whose copy score is divided by OV_MIN_SET at least. */
static double jaccard_of(const char *a, const char *b)
{
	return compare(a, b).jaccard;
}

/* ---- shingles ------------------------------------------------------------ */

static void shingles_fold_and_skip_punctuation(void **state)
{
	struct shingles a = SHINGLES_INIT, b = SHINGLES_INIT, c = SHINGLES_INIT;
	(void)state;
	assert_int_equal(shingles_make("研究，开发 新型ＡＩ芯片。", strlen("研究，开发 新型ＡＩ芯片。"), &a), 0);
	assert_int_equal(shingles_make("研究開發新型ai芯片", strlen("研究開發新型ai芯片"), &b), 0);
	/* 研 究 开 发 新 型 ai 芯 片: 9 units, weights 3 each but ai 4 */
	assert_true(a.n > 0);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++)
		assert_true(a.hash[i] == b.hash[i]);
	/* offsets point into the original text, at character boundaries */
	assert_int_equal(a.start[0], 0);
	assert_int_equal(a.end[0], strlen("研究，开发"));
	/* order matters */
	assert_int_equal(shingles_make("究研开发新型ai芯片", strlen("究研开发新型ai芯片"), &c), 0);
	assert_true(c.hash[0] != b.hash[0]);
	shingles_release(&a);
	shingles_release(&b);
	shingles_release(&c);
}

static void shingles_words_and_short_texts(void **state)
{
	struct shingles s = SHINGLES_INIT;
	(void)state;
	/* English: three words a shingle */
	assert_int_equal(shingles_make("The quick brown fox jumps", 25, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.start[1], 4);
	assert_int_equal(s.end[1], 19);
	/* a text lighter than one shingle gives one of all its units */
	assert_int_equal(shingles_make("芯片", strlen("芯片"), &s), 0);
	assert_int_equal(s.n, 1);
	/* nothing to read */
	assert_int_equal(shingles_make("，。！？ ...", strlen("，。！？ ..."), &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(shingles_make(NULL, 0, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(shingles_make(NULL, 3, &s), -1);
	/* invalid UTF-8 separates and is never read beyond */
	assert_int_equal(shingles_make("\xff\xfe芯片材料\xe8", strlen("\xff\xfe芯片材料\xe8"), &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.start[0], 2);
	shingles_release(&s);
}

static void sets_sort_and_intersect(void **state)
{
	struct shset a = SHSET_INIT, b = SHSET_INIT;
	uint64_t x[200], y[3] = { 5, 7, 7 };
	(void)state;
	for (int i = 0; i < 200; i++)
		x[i] = (uint64_t)(199 - i) * 0x9E3779B97F4A7C15ull % 1000;
	assert_int_equal(shset_add(&a, x, 200), 0);
	for (size_t i = 1; i < a.n; i++)
		assert_true(a.h[i - 1] < a.h[i]);
	assert_int_equal(shset_add(&b, y, 3), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(shset_has(&b, 7), 1);
	assert_int_equal(shset_has(&b, 6), 0);
	assert_int_equal(shset_common(&b, &b), 2);
	assert_int_equal(shset_common(&a, &b), (size_t)shset_has(&a, 5) + (size_t)shset_has(&a, 7));
	shset_release(&a);
	shset_release(&b);
}

/* ---- MinHash and LSH ------------------------------------------------------ */

static void minhash_estimates_jaccard(void **state)
{
	uint64_t a[3000], b[3000];
	struct minhash sa, sb;
	double total = 0;
	(void)state;
	/* |A ∩ B| = 1000, |A ∪ B| = 5000: J = 0.2, averaged over 20 seeds */
	for (int seed = 0; seed < 20; seed++) {
		for (int i = 0; i < 3000; i++) {
			uint64_t z = (uint64_t)(i + seed * 10000) * 0x9E3779B97F4A7C15ull;
			a[i] = z ^ (z >> 29);
			z = (uint64_t)(i + 2000 + seed * 10000) * 0x9E3779B97F4A7C15ull;
			b[i] = z ^ (z >> 29);
		}
		minhash_sign(a, 3000, &sa);
		minhash_sign(b, 3000, &sb);
		total += minhash_similarity(&sa, &sb);
	}
	assert_true(total / 20 > 0.15 && total / 20 < 0.25);
	minhash_sign(a, 3000, &sb);
	assert_int_equal(minhash_agree(&sa, &sb), MINHASH_K);
	/* small sets are densified, not left empty */
	minhash_sign(a, 3, &sa);
	for (int k = 0; k < MINHASH_K; k++)
		assert_true(sa.v[k] != 0);
}

struct hits {
	uint32_t item[64];
	int n;
};

static int on_item(void *arg, uint32_t item)
{
	struct hits *h = arg;
	if (h->n < 64)
		h->item[h->n++] = item;
	return 0;
}

static void lsh_finds_near_and_not_far(void **state)
{
	struct lsh *l = lsh_new();
	struct minhash s1, s2, s3;
	struct hits h = { { 0 }, 0 };
	uint64_t a[500];
	(void)state;
	assert_non_null(l);
	for (int i = 0; i < 500; i++)
		a[i] = (uint64_t)(i + 1) * 0xBF58476D1CE4E5B9ull;
	minhash_sign(a, 500, &s1);
	minhash_sign(a + 50, 450, &s2);     /* J = 0.9 */
	for (int i = 0; i < 500; i++)
		a[i] = (uint64_t)(i + 100000) * 0xBF58476D1CE4E5B9ull;
	minhash_sign(a, 500, &s3);          /* unrelated */
	assert_int_equal(lsh_add(l, 1, &s1), 0);
	assert_int_equal(lsh_add(l, 3, &s3), 0);
	for (uint32_t i = 10; i < 3000; i++)  /* enough to grow the table */
		assert_int_equal(lsh_add(l, i, &s3), 0);
	assert_int_equal(lsh_query(l, &s2, on_item, &h), 0);
	assert_true(h.n >= 1);
	for (int i = 0; i < h.n; i++)
		assert_int_equal(h.item[i], 1);
	assert_int_equal(lsh_add(l, UINT32_MAX, &s1), -1);
	assert_int_equal(lsh_add(l, UINT32_MAX - 1, &s1), -1);
	/* s3's keys took LSH_BUCKET_MAX - 1 items and a marker each: they are
	 * full, answer nothing and take no more */
	assert_int_equal(lsh_entries(l), (size_t)LSH_BANDS * (1 + LSH_BUCKET_MAX));
	h.n = 0;
	assert_int_equal(lsh_query(l, &s3, on_item, &h), 0);
	assert_int_equal(h.n, 0);
	h.n = 0;
	assert_int_equal(lsh_query(l, &s1, on_item, &h), 0);
	assert_int_equal(h.n, LSH_BANDS);
	lsh_free(l);
	lsh_free(NULL);
}

/* ---- sketches and the index ---------------------------------------------- */

static char *repeat_text(int n, int seed)
{
	/* n sentences of a deterministic Chinese-like text */
	static const char *const words[] = { "芯片", "材料", "工艺", "验证", "平台", "突破",
		"研究", "设计", "制造", "光刻", "晶圆", "封装", "测试", "算法", "器件", "系统",
		"高端", "国产", "量子", "能源", "电池", "储能", "催化", "合成", "检测", "模型" };
	size_t cap = (size_t)n * 64 + 1, len = 0;
	char *s = malloc(cap);
	uint64_t z = (uint64_t)seed * 0x9E3779B97F4A7C15ull + 1;
	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 6; k++) {
			const char *w;
			z = z * 6364136223846793005ull + 1442695040888963407ull;
			w = words[(z >> 33) % (sizeof words / sizeof words[0])];
			memcpy(s + len, w, strlen(w));
			len += strlen(w);
		}
		memcpy(s + len, "。", 3);
		len += 3;
	}
	s[len] = '\0';
	return s;
}

static void sketch_roundtrip_and_windows(void **state)
{
	char *big = repeat_text(200, 1);   /* about 2,400 characters */
	struct ov_text t;
	struct ov_sketch s, d;
	unsigned char *blob;
	size_t n;
	(void)state;
	prep(&t, big);
	assert_int_equal(ov_sketch_make(&t, &s), 0);
	assert_true(s.nseg > 2);           /* the whole and windows */
	assert_int_equal(s.seg[0].size, t.all.n);
	assert_int_equal(ov_sketch_encode(&s, &blob, &n), 0);
	assert_int_equal(ov_sketch_decode(blob, n, &d), 0);
	assert_int_equal(d.nseg, s.nseg);
	assert_int_equal(d.nshingles, s.nshingles);
	assert_memory_equal(d.seg, s.seg, s.nseg * sizeof *s.seg);
	ov_sketch_release(&d);
	/* another version, a cut or a wrong size is refused */
	blob[2]++;
	assert_int_equal(ov_sketch_decode(blob, n, &d), -1);
	blob[2]--;
	assert_int_equal(ov_sketch_decode(blob, n - 1, &d), -1);
	assert_int_equal(ov_sketch_decode(blob, 5, &d), -1);
	assert_int_equal(ov_sketch_decode(NULL, 0, &d), -1);
	free(blob);
	ov_sketch_release(&s);
	ov_sketch_release(&d);
	ov_text_release(&t);
	free(big);
}

static void put_text(struct ov_index *ix, int64_t id, uint64_t tag, const char *text)
{
	struct ov_text t;
	struct ov_sketch s;
	prep(&t, text);
	assert_int_equal(ov_sketch_make(&t, &s), 0);
	assert_int_equal(ov_index_put(ix, id, tag, &s), 0);
	ov_sketch_release(&s);
	ov_text_release(&t);
}

static int found(struct ov_index *ix, const char *text, int64_t id, double min_est)
{
	struct ov_text t;
	struct ov_sketch s;
	struct ov_cand *c;
	size_t n;
	int hit = 0;
	prep(&t, text);
	assert_int_equal(ov_sketch_make(&t, &s), 0);
	assert_int_equal(ov_index_query(ix, &s, min_est, 100, NULL, NULL, &c, &n), 0);
	for (size_t i = 0; i < n; i++)
		hit |= c[i].id == id;
	free(c);
	ov_sketch_release(&s);
	ov_text_release(&t);
	return hit;
}

static int odd_only(void *arg, int64_t id, uint64_t tag)
{
	(void)arg;
	(void)id;
	return (int)(tag & 1);
}

static void index_put_replace_remove(void **state)
{
	struct ov_index *ix = ov_index_new();
	char *texts[40];
	(void)state;
	assert_non_null(ix);
	for (int i = 0; i < 40; i++) {
		texts[i] = repeat_text(20, 100 + i);
		put_text(ix, i + 1, (uint64_t)i, texts[i]);
	}
	assert_int_equal(ov_index_count(ix), 40);
	assert_true(found(ix, texts[7], 8, 0.5));
	assert_false(found(ix, texts[7], 9, 0.3));
	/* a filter sees the tags */
	{
		struct ov_text t;
		struct ov_sketch s;
		struct ov_cand *c;
		size_t n;
		prep(&t, texts[8]);   /* tag 8: even */
		assert_int_equal(ov_sketch_make(&t, &s), 0);
		assert_int_equal(ov_index_query(ix, &s, 0.5, 100, odd_only, NULL, &c, &n), 0);
		assert_int_equal(n, 0);
		free(c);
		ov_sketch_release(&s);
		ov_text_release(&t);
	}
	/* replacing and removing */
	put_text(ix, 8, 7, texts[20]);
	assert_false(found(ix, texts[7], 8, 0.5));
	assert_true(found(ix, texts[20], 8, 0.5));
	assert_int_equal(ov_index_remove(ix, 8), 0);
	assert_int_equal(ov_index_remove(ix, 8), 0);
	assert_int_equal(ov_index_remove(ix, 12345), 0);
	assert_false(found(ix, texts[20], 8, 0.5));
	assert_int_equal(ov_index_count(ix), 39);
	/* many replacements compact the index and lose nothing */
	for (int round = 0; round < 60; round++)
		for (int i = 0; i < 40; i++)
			if (i != 7)
				put_text(ix, i + 1, (uint64_t)i, texts[i]);
	assert_int_equal(ov_index_count(ix), 39);
	for (int i = 0; i < 40; i++)
		if (i != 7)
			assert_true(found(ix, texts[i], i + 1, 0.5));
	for (int i = 0; i < 40; i++)
		free(texts[i]);
	ov_index_free(ix);
	ov_index_free(NULL);
}

static void index_finds_short_inside_long(void **state)
{
	/* a 300-character item copied whole into a 3,000-character proposal:
	 * the Jaccard similarity of the wholes is about 0.1, the copy score 1 */
	char *small = repeat_text(25, 7), *filler = repeat_text(230, 8), *big;
	size_t ls = strlen(small), lf = strlen(filler);
	struct ov_index *ix = ov_index_new();
	(void)state;
	big = malloc(ls + lf + 1);
	memcpy(big, filler, lf / 2);
	memcpy(big + lf / 2, small, ls);
	memcpy(big + lf / 2 + ls, filler + lf / 2, lf - lf / 2 + 1);
	put_text(ix, 1, 0, small);
	put_text(ix, 2, 0, filler);
	assert_true(found(ix, big, 1, 0.3));
	assert_true(copy_of(big, small) > 0.95);
	/* and the other way: the short text checked against the long one */
	ov_index_free(ix);
	ix = ov_index_new();
	put_text(ix, 3, 0, big);
	assert_true(found(ix, small, 3, 0.3));
	ov_index_free(ix);
	free(small);
	free(filler);
	free(big);
}

/* ---- exact scores, robustness, passages -------------------------------- */

static char *reordered(const char *s)
{
	/* moves the first sentence to the end */
	const char *dot = strstr(s, "。");
	size_t first = (size_t)(dot - s) + 3, len = strlen(s);
	char *r = malloc(len + 1);
	memcpy(r, s + first, len - first);
	memcpy(r + len - first, s, first);
	r[len] = '\0';
	return r;
}

static void scores_are_robust(void **state)
{
	char *r = reordered(GUIDE);
	(void)state;
	assert_true(copy_of(GUIDE, GUIDE) == 1.0);
	assert_true(copy_of(GUIDE, r) > 0.9);
	/* punctuation and width */
	assert_true(jaccard_of("开展ArF浸没式光刻胶和EUV光刻胶关键材料研究，形成14纳米工艺。",
			       "开展ＡＲＦ浸没式光刻胶 和 ＥＵＶ光刻胶关键材料研究;形成１４纳米工艺.") == 1.0);
	/* a short text is not a copy of everything it is part of */
	assert_true(copy_of("光刻胶研究", GUIDE) < 0.1);
	/* traditional characters */
	assert_true(jaccard_of("建立光刻胶配方设计、性能评价与工艺验证平台",
			    "建立光刻膠配方設計、性能評價與工藝驗證平台") == 1.0);
	/* a few inserted words */
	assert_true(copy_of(GUIDE, "针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，进一步开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。"
			    "重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，着力解决金属离子杂质控制难题。"
			    "建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。"
			    "形成百吨级高端光刻胶生产线，实现在14纳米及以下工艺节点的批量应用。") > 0.85);
	/* half copied: about one half */
	{
		const char *half = "针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。"
			"重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。"
			"面向大模型推理和边缘智能对算力与能效的需求，研究基于新型非易失存储器件的存算一体架构。"
			"开发面向存算一体芯片的编译工具链和神经网络映射算法，支持主流深度学习框架。";
		double c = copy_of(GUIDE, half);
		assert_true(c > 0.4 && c < 0.65);
	}
	free(r);
	r = NULL;
	/* another topic */
	assert_true(copy_of(GUIDE, "针对太湖蓝藻水华频发的问题，研究水华形成的气象水文驱动机制。"
			    "构建融合遥感和地面观测的蓝藻水华预测模型。") < 0.1);
	free(r);
}

static void compare_parts_and_edge_cases(void **state)
{
	struct ov_doc a = { { "光刻胶研发", GUIDE, "分辨率38纳米" }, { 0 } };
	struct ov_doc b = { { "光刻胶研发", "完全不同的内容：太湖蓝藻水华预测预警。", NULL }, { 0 } };
	struct ov_doc empty = { { NULL, NULL, NULL }, { 0, 0, 0 } };
	struct ov_text ta, tb, te;
	struct ov_score s;
	(void)state;
	for (int p = 0; p < OV_PARTS; p++) {
		a.len[p] = a.text[p] ? strlen(a.text[p]) : 0;
		b.len[p] = b.text[p] ? strlen(b.text[p]) : 0;
	}
	assert_int_equal(ov_text_prepare(&a, &ta), 0);
	assert_int_equal(ov_text_prepare(&b, &tb), 0);
	assert_int_equal(ov_text_prepare(&empty, &te), 0);
	ov_compare(&ta, &tb, &s);
	assert_true(s.part[OV_TITLE] == 1.0);
	assert_true(s.part[OV_CONTENT] < 0.1);
	assert_true(s.part[OV_INDICATORS] < 0);   /* b has none */
	assert_true(s.topic < 0);
	ov_score_topic(&s, 0.9);
	assert_true(s.score >= (s.copy + 0.9) / 2 - 1e-9);
	assert_true(ov_combine(0.7, 0.2) == 0.7);
	assert_true(ov_combine(0.4, 0.8) > 0.59 && ov_combine(0.4, 0.8) < 0.61);
	assert_true(ov_combine(0.4, -1) == 0.4);
	ov_compare(&te, &ta, &s);
	assert_true(s.score == 0 && s.jaccard == 0);
	ov_compare(&te, &te, &s);
	assert_true(s.score == 0);
	ov_text_release(&ta);
	ov_text_release(&tb);
	ov_text_release(&te);
}

static void passages_mark_shared_runs(void **state)
{
	const char *a = "引言不同。开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。结尾也不同";
	const char *b = "另一个开头。开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。";
	struct ov_text ta, tb;
	struct hl_range *r;
	size_t n;
	(void)state;
	prep(&ta, a);
	prep(&tb, b);
	assert_int_equal(ov_passages(&ta, OV_CONTENT, &tb.all, &r, &n), 0);
	assert_int_equal(n, 1);
	{
		const char *want = "开展ArF浸没式光刻胶和EUV光刻胶关键材料研究";
		size_t at = (size_t)(strstr(a, want) - a);
		assert_int_equal(r[0].start, at);
		assert_int_equal(r[0].end, at + strlen(want));
	}
	free(r);
	assert_int_equal(ov_passages(&ta, OV_TITLE, &tb.all, &r, &n), 0);
	assert_int_equal(n, 0);
	assert_null(r);
	assert_int_equal(ov_passages(&ta, (enum ov_part)7, &tb.all, &r, &n), 0);
	assert_int_equal(n, 0);
	ov_text_release(&ta);
	ov_text_release(&tb);
}

/* ---- TF-IDF --------------------------------------------------------------- */

static void tfidf_cosine_and_encoding(void **state)
{
	struct tokenizer *tk = tokenizer_new();
	struct tfidf_vec a = TFIDF_VEC_INIT, b = TFIDF_VEC_INIT, c = TFIDF_VEC_INIT, d;
	struct tfidf_df *df = tfidf_df_new();
	const char *ta[1] = { "研究高端光刻胶的关键材料与合成工艺" };
	const char *tb[1] = { "高端光刻胶关键材料的合成工艺研究" };
	const char *tc[1] = { "太湖蓝藻水华的预测预警" };
	size_t la[1] = { strlen(ta[0]) }, lb[1] = { strlen(tb[0]) }, lc[1] = { strlen(tc[0]) };
	unsigned char *blob;
	size_t n;
	(void)state;
	assert_int_equal(tfidf_vec_make(tk, ta, la, 1, &a), 0);
	assert_int_equal(tfidf_vec_make(tk, tb, lb, 1, &b), 0);
	assert_int_equal(tfidf_vec_make(tk, tc, lc, 1, &c), 0);
	assert_true(a.n > 3);
	assert_true(tfidf_cosine(&a, &b, NULL) > 0.8);
	assert_true(tfidf_cosine(&a, &c, NULL) < 0.1);
	assert_int_equal(tfidf_df_add(df, &a, 1), 0);
	assert_int_equal(tfidf_df_add(df, &b, 1), 0);
	assert_int_equal(tfidf_df_add(df, &c, 1), 0);
	assert_int_equal(tfidf_df_docs(df), 3);
	assert_true(tfidf_cosine(&a, &b, df) > 0.8);
	assert_int_equal(tfidf_df_add(df, &c, -1), 0);
	assert_int_equal(tfidf_df_docs(df), 2);
	assert_int_equal(tfidf_vec_encode(&a, &blob, &n), 0);
	assert_int_equal(tfidf_vec_decode(blob, n, &d), 0);
	assert_int_equal(d.n, a.n);
	assert_memory_equal(d.term, a.term, a.n * sizeof *a.term);
	tfidf_vec_release(&d);
	blob[0] = 'X';
	assert_int_equal(tfidf_vec_decode(blob, n, &d), -1);
	assert_int_equal(tfidf_vec_decode(blob, 3, &d), -1);
	free(blob);
	/* empty texts give empty vectors and a zero cosine */
	assert_int_equal(tfidf_vec_make(tk, NULL, NULL, 0, &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(tfidf_cosine(&a, &d, df) == 0);
	tfidf_vec_release(&a);
	tfidf_vec_release(&b);
	tfidf_vec_release(&c);
	tfidf_vec_release(&d);
	tfidf_df_free(df);
	tokenizer_free(tk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shingles_fold_and_skip_punctuation),
		cmocka_unit_test(shingles_words_and_short_texts),
		cmocka_unit_test(sets_sort_and_intersect),
		cmocka_unit_test(minhash_estimates_jaccard),
		cmocka_unit_test(lsh_finds_near_and_not_far),
		cmocka_unit_test(sketch_roundtrip_and_windows),
		cmocka_unit_test(index_put_replace_remove),
		cmocka_unit_test(index_finds_short_inside_long),
		cmocka_unit_test(scores_are_robust),
		cmocka_unit_test(compare_parts_and_edge_cases),
		cmocka_unit_test(passages_mark_shared_runs),
		cmocka_unit_test(tfidf_cosine_and_encoding),
	};
	int rc = cmocka_run_group_tests_name("overlap engine", tests, NULL, NULL);
	tokenizer_global_free();
	return rc;
}
