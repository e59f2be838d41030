/*
 * tokenize_bench.c — throughput of text/tokenize in MB/s, per mode, on a
 * few MB of mixed text (mostly Chinese, with English words, model numbers,
 * traditional and full-width characters, like instrument descriptions).
 *
 * Build and run from the repository root (optimised, no sanitizers):
 *
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Isrc -I/usr/include/friso -pthread \
 *      -o build/tokenize_bench bench/tokenize_bench.c src/core/utf8.c \
 *      src/text/normalize.c src/text/tokenize.c \
 *      -lfriso -lstemmer -lopencc -lm
 *   ./build/tokenize_bench [megabytes]      (default 8)
 *
 * Each mode is timed three times over the whole buffer; the best run is
 * reported, with the number of tokens.  The one-off costs (OpenCC table,
 * friso dictionary) are paid before timing and printed separately.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "text/normalize.h"
#include "text/tokenize.h"

static const char *const parts[] = {
	"本平台汇聚长三角地区大型科研仪器和重大科技基础设施，",
	"提供透射电子显微镜（JEM-2100F）、扫描电镜、X射线衍射仪等预约服务。",
	"The instrument supports high-resolution imaging and EDS analysis. ",
	"拉曼光谱仪可用于材料表征、芯片缺陷检测与生物样品分析；",
	"對外服務機時按統一考核辦法計算，有效工作機時不低於1200小時。",
	"ＸＲＤ测试：2θ范围5°–90°，步长0.02°，Cu Kα辐射。",
	"专家库收录了集成电路、人工智能、生物医药等领域的高层次人才。",
	"Samples are prepared by focused ion beam milling before observation. ",
	"揭榜挂帅项目由创新联合体牵头单位组织联合攻关，立项前开展会商。",
	"仪器状态：正常运行；所在单位：复旦大学；所在城市：上海市。\n",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count(void *arg, const struct tok *t)
{
	(void)t;
	(*(size_t *)arg)++;
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "TOK_INDEX", "TOK_QUERY",
					     "TOK_WORDS" };
	size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 8;
	size_t want = (mb ? mb : 8) << 20, len = 0, n, np, i;
	struct tokenizer *tk;
	double t0, best, dt;
	char *buf;
	int mode, k;

	np = sizeof(parts) / sizeof(parts[0]);
	buf = malloc(want + 256);
	if (!buf)
		return 1;
	for (i = 0; len < want; i++) {	/* a varying order of the parts */
		const char *p = parts[(i * 7 + i / np) % np];
		size_t l = strlen(p);

		memcpy(buf + len, p, l);
		len += l;
	}
	t0 = now();
	text_normalize_init();
	printf("opencc table: %zu mappings, %.1f ms\n",
	       text_normalize_table_size(), (now() - t0) * 1e3);
	t0 = now();
	if (tokenizer_global_init(NULL) < 0)
		printf("friso: not available, TOK_WORDS uses bigrams\n");
	printf("friso dictionary: %.1f ms\n", (now() - t0) * 1e3);
	tk = tokenizer_new();
	if (!tk)
		return 1;
	printf("input: %.2f MB\n", (double)len / (1 << 20));
	for (mode = TOK_INDEX; mode <= TOK_WORDS; mode++) {
		best = 1e9;
		n = 0;
		for (k = 0; k < 3; k++) {
			n = 0;
			t0 = now();
			if (tokenizer_run(tk, (enum tok_mode)mode, buf, len,
					  count, &n) != 0)
				return 1;
			dt = now() - t0;
			if (dt < best)
				best = dt;
		}
		printf("%-9s %8.1f MB/s  %9zu tokens  %.3f s\n", names[mode],
		       (double)len / (1 << 20) / best, n, best);
	}
	tokenizer_free(tk);
	tokenizer_global_free();
	free(buf);
	return 0;
}
