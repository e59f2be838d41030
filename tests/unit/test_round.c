/*
 * test_round.c — the pre-approval consultation over a real store: rounds,
 * items and their validation, the overlap report as items arrive (across
 * regions, not within one; with the history; topical clusters), decisions
 * and who may take them, closing and the consolidated list, imports that
 * refuse a whole file for one bad row, the check of one text, the index
 * following the table (and never a rolled-back row), and faults that
 * leave nothing half-done.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "domain/overlap.h"
#include "domain/round.h"
#include "fixture.h"

static const struct account office = { .id = 10, .username = "office", .role = "office" };
static const struct account coord_sh = { .id = 11, .username = "csh", .role = "coordinator",
					 .region_code = "310000" };
static const struct account coord_js = { .id = 12, .username = "cjs", .role = "coordinator",
					 .region_code = "320000" };
static const struct account coord_zj = { .id = 13, .username = "czj", .role = "coordinator",
					 .region_code = "330000" };

static const char *const RESIST =
	"针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。"
	"重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。"
	"建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。"
	"形成百吨级高端光刻胶生产线，实现在14纳米及以下工艺节点的批量应用。";
/* the same, sentences reordered and punctuated otherwise: a duplicate */
static const char *const RESIST_REORDERED =
	"建立光刻胶配方设计、性能评价与工艺验证平台,开展与国内晶圆制造企业的联合验证;"
	"针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求,开展ArF浸没式光刻胶和EUV光刻胶关键材料研究;"
	"形成百吨级高端光刻胶生产线,实现在14纳米及以下工艺节点的批量应用;"
	"重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺,解决金属离子杂质控制难题。";
static const char *const EDA =
	"针对数字集成电路设计全流程工具受制于人的局面，研究逻辑综合、布局布线和静态时序分析的核心算法。"
	"构建支持先进工艺的标准单元库和设计规则检查引擎，解决大规模设计的计算效率问题。"
	"研发基于机器学习的布局优化与时序预测方法，提升设计收敛速度。";
static const char *const ALGAE =
	"针对太湖蓝藻水华频发的问题，研究水华形成的气象水文驱动机制。"
	"构建融合遥感和地面观测的蓝藻水华预测模型。研发高效藻水分离和藻泥资源化处置技术与装备。";

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, region_code, created_at) VALUES"
		  " (10, 'office', 'x', 'office', NULL, 0), (11, 'csh', 'x', 'coordinator', '310000', 0),"
		  " (12, 'cjs', 'x', 'coordinator', '320000', 0), (13, 'czj', 'x', 'coordinator', '330000', 0)");
	return 0;
}

static int64_t open_round(struct fx *f, const char *fields)
{
	char body[256];
	struct derr e = { 0 };
	int64_t id = 0;
	json_t *in;
	snprintf(body, sizeof body, "{\"year\":2025,\"title\":\"2025年度集成电路联合攻关\",\"fields\":%s}",
		 fields);
	in = json_loads(body, 0, NULL);
	f->c.user = &office;
	assert_int_equal(round_create(&f->c, in, &id, &e), 0);
	json_decref(in);
	return id;
}

/* Adds an item as user; returns its id (0 with e filled on refusal). */
static int64_t add(struct fx *f, const struct account *user, int64_t round, const char *field,
		   const char *title, const char *content, struct derr *e)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "field", field, "title", title, "content", content);
	int64_t id = 0;
	f->c.user = user;
	if (item_create(&f->c, round, in, &id, e) < 0)
		id = 0;
	json_decref(in);
	return id;
}

static int64_t pair_between(struct fx *f, int64_t item_a, int64_t item_b, const char *level)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(max(p.id), 0) FROM overlap_pair p JOIN overlap_doc a ON a.id = p.a_doc"
		 " JOIN overlap_doc b ON b.id = p.b_doc WHERE a.kind = 'guide_item' AND b.kind = 'guide_item'"
		 " AND ((a.ref_id = %lld AND b.ref_id = %lld) OR (a.ref_id = %lld AND b.ref_id = %lld))"
		 " AND p.level = '%s'", (long long)item_a, (long long)item_b, (long long)item_b,
		 (long long)item_a, level);
	return fx_count(f, sql);
}

static void rounds_are_opened_by_the_office(void **state)
{
	struct fx *f = *state;
	static const struct { const char *json, *field; } bad[] = {
		{ "{\"title\":\"x\",\"fields\":[\"ic\"]}", "year" },
		{ "{\"year\":2025,\"fields\":[\"ic\"]}", "title" },
		{ "{\"year\":2025,\"title\":\"x\"}", "fields" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[]}", "fields" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"cooking\"]}", "fields" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\",\"集成电路\"]}", "fields" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":\"ic\"}", "fields" },
		{ "{\"year\":1999,\"title\":\"x\",\"fields\":[\"ic\"]}", "year" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\"],\"suspect\":0.9}", "duplicate" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\"],\"suspect\":0}", "suspect" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\"],\"duplicate\":1.5}", "duplicate" },
		{ "{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\"],\"colour\":1}", "colour" },
	};
	struct derr e = { 0 };
	int64_t id;
	json_t *in = json_loads("{\"year\":2025,\"title\":\"x\",\"fields\":[\"ic\"]}", 0, NULL);

	f->c.user = &coord_sh;
	assert_int_equal(round_create(&f->c, in, &id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	json_decref(in);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0, sizeof e);
		in = json_loads(bad[i].json, 0, NULL);
		assert_non_null(in);
		f->c.user = &office;
		assert_int_equal(round_create(&f->c, in, &id, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
		json_decref(in);
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_round"), 0);
	id = open_round(f, "[\"ic\",\"人工智能\"]");
	{
		struct overlap_round r;
		assert_int_equal(round_get(&f->c, id, &r, &e), 0);
		assert_string_equal(r.fields, "ic,ai");
		assert_true(r.suspect == 0.5 && r.duplicate == 0.8);
		assert_string_equal(r.state, "open");
	}
	/* an open round is not public */
	f->c.user = NULL;
	f->c.client = "127.0.0.1";
	memset(&e, 0, sizeof e);
	{
		struct overlap_round r;
		assert_int_equal(round_get(&f->c, id, &r, &e), -1);
		assert_int_equal(e.kind, DERR_NOT_FOUND);
	}
	f->c.client = NULL;
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'overlap_round'"), 1);
}

static void bad_items_change_nothing(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct derr e = { 0 };
	char *huge = malloc(1000001);
	static const struct { const char *json, *field, *code; } bad[] = {
		{ "{\"title\":\"x\",\"content\":\"光刻胶\"}", "field", "required" },
		{ "{\"field\":\"ic\",\"content\":\"光刻胶\"}", "title", "required" },
		{ "{\"field\":\"ic\",\"title\":\"x\"}", "content", "required" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"   \"}", "content", "required" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"。。。！！\"}", "content", "no_text" },
		{ "{\"field\":\"ai\",\"title\":\"x\",\"content\":\"光刻胶\"}", "field", "not_in_round" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"a\\u0001b\"}", "content", "control_character" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"光刻胶\",\"budget_wan\":-1}", "budget_wan", "out_of_range" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"光刻胶\",\"budget_wan\":\"100\"}", "budget_wan", "wrong_type" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"光刻胶\",\"region\":\"999999\"}", "region", "not_found" },
		{ "{\"field\":\"ic\",\"title\":\"x\",\"content\":\"光刻胶\",\"state\":\"funded\"}", "state", "unknown_field" },
	};

	assert_non_null(huge);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *in = json_loads(bad[i].json, 0, NULL);
		int64_t id;
		assert_non_null(in);
		memset(&e, 0, sizeof e);
		f->c.user = &coord_sh;
		assert_int_equal(item_create(&f->c, round, in, &id, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
		assert_string_equal(e.code, bad[i].code);
		json_decref(in);
	}
	/* a text of 1 MB */
	memset(huge, 'a', 1000000);
	for (int i = 0; i < 1000000; i += 10)
		huge[i] = ' ';
	huge[1000000] = '\0';
	memset(&e, 0, sizeof e);
	assert_int_equal(add(f, &coord_sh, round, "ic", "x", huge, &e), 0);
	assert_string_equal(e.field, "content");
	assert_string_equal(e.code, "too_long");
	/* invalid UTF-8 (jansson refuses it in a body; a direct call may not) */
	{
		json_t *in = json_pack("{s:s, s:s}", "field", "ic", "title", "x");
		int64_t id;
		json_object_set_new(in, "content", json_stringn_nocheck("光刻\xff胶", 7));
		memset(&e, 0, sizeof e);
		f->c.user = &coord_sh;
		assert_int_equal(item_create(&f->c, round, in, &id, &e), -1);
		assert_string_equal(e.field, "content");
		assert_string_equal(e.code, "bad_encoding");
		json_decref(in);
	}
	/* another region's item; a member; a visitor */
	memset(&e, 0, sizeof e);
	{
		json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "field", "ic", "title", "x",
				       "content", RESIST, "region", "320000");
		int64_t id;
		f->c.user = &coord_sh;
		assert_int_equal(item_create(&f->c, round, in, &id, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		json_decref(in);
	}
	memset(&e, 0, sizeof e);
	assert_int_equal(add(f, &f->member, round, "ic", "x", RESIST, &e), 0);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* a closed round */
	{
		int64_t r2 = open_round(f, "[\"ic\"]");
		f->c.user = &office;
		memset(&e, 0, sizeof e);
		assert_int_equal(round_close(&f->c, r2, &e), 0);
		memset(&e, 0, sizeof e);
		assert_int_equal(add(f, &coord_sh, r2, "ic", "x", RESIST, &e), 0);
		assert_int_equal(e.kind, DERR_CONFLICT);
		assert_string_equal(e.code, "closed");
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'guide_item'"), 0);
	free(huge);
}

static void the_report_follows_the_items(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\",\"environment\"]");
	struct derr e = { 0 };
	int64_t sh1, js1, sh2, zj1, js2;
	struct round_report rep;

	sh1 = add(f, &coord_sh, round, "ic", "高端光刻胶研发", RESIST, &e);
	assert_true(sh1 > 0);
	js1 = add(f, &coord_js, round, "ic", "先进工艺光刻胶", RESIST_REORDERED, &e);
	assert_true(js1 > 0);
	/* across regions: a duplicate at once */
	assert_true(pair_between(f, sh1, js1, "duplicate") > 0);
	/* the same text again in Shanghai is not a cross-region overlap */
	sh2 = add(f, &coord_sh, round, "ic", "光刻胶（重复提交）", RESIST, &e);
	assert_true(sh2 > 0);
	assert_int_equal(pair_between(f, sh1, sh2, "duplicate"), 0);
	assert_true(pair_between(f, sh2, js1, "duplicate") > 0);
	/* other topics are no overlap */
	zj1 = add(f, &coord_zj, round, "environment", "蓝藻水华预警", ALGAE, &e);
	js2 = add(f, &coord_js, round, "ic", "国产EDA", EDA, &e);
	assert_true(zj1 > 0 && js2 > 0);
	assert_int_equal(pair_between(f, zj1, sh1, "duplicate") + pair_between(f, zj1, sh1, "suspected"), 0);
	assert_int_equal(pair_between(f, js2, sh1, "duplicate") + pair_between(f, js2, sh1, "suspected"), 0);
	/* the report: the pairs and a cluster of two regions in ic */
	f->c.user = &coord_zj;
	assert_int_equal(round_report(&f->c, round, NULL, &rep, &e), 0);
	assert_int_equal(rep.npairs, 2);
	assert_true(rep.pairs[0].score >= 0.8);
	assert_int_equal(rep.nclusters, 1);
	assert_string_equal(rep.clusters[0].field, "ic");
	assert_int_equal(rep.clusters[0].regions, 2);
	/* members do not see the report */
	f->c.user = &f->member;
	memset(&e, 0, sizeof e);
	assert_int_equal(round_report(&f->c, round, NULL, &rep, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* editing the Jiangsu item into another text removes its pairs */
	{
		json_t *in = json_pack("{s:s}", "content", EDA);
		f->c.user = &coord_js;
		memset(&e, 0, sizeof e);
		assert_int_equal(item_update(&f->c, js1, in, &e), 0);
		json_decref(in);
		assert_int_equal(pair_between(f, sh1, js1, "duplicate"), 0);
		assert_int_equal(pair_between(f, sh2, js1, "duplicate"), 0);
		/* and moving it to another region is refused */
		in = json_pack("{s:s}", "region", "310000");
		memset(&e, 0, sizeof e);
		assert_int_equal(item_update(&f->c, js1, in, &e), -1);
		assert_string_equal(e.field, "region");
		json_decref(in);
	}
}

static void the_history_is_compared(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct derr e = { 0 };
	struct overlap_doc_in d = { "project", 501, "已资助：光刻胶项目", RESIST, NULL, "ic", "340000", 2023 };
	int64_t sh1;

	sh1 = add(f, &coord_sh, round, "ic", "高端光刻胶研发", RESIST_REORDERED, &e);
	assert_true(sh1 > 0);
	/* a funded project arrives: the item now repeats the history */
	f->c.user = NULL;
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(overlap_doc_put(&f->c, &d, &e), 0);
	assert_int_equal(store_commit(f->c.db), 0);
	overlap_after_commit(&f->c);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair WHERE scope = 'history'"
				     " AND level = 'duplicate'"), 1);
	/* bad history documents are refused, naming the field */
	{
		struct overlap_doc_in bad = d;
		bad.kind = "paper";
		memset(&e, 0, sizeof e);
		assert_int_equal(overlap_doc_put(&f->c, &bad, &e), -1);
		assert_string_equal(e.field, "kind");
		bad = d;
		bad.region_code = "123456";
		memset(&e, 0, sizeof e);
		assert_int_equal(overlap_doc_put(&f->c, &bad, &e), -1);
		assert_string_equal(e.field, "region");
		bad = d;
		bad.content = "";
		memset(&e, 0, sizeof e);
		assert_int_equal(overlap_doc_put(&f->c, &bad, &e), -1);
		assert_string_equal(e.field, "content");
	}
	/* an item added later finds it too */
	{
		int64_t js1 = add(f, &coord_js, round, "ic", "光刻胶", RESIST, &e);
		assert_true(js1 > 0);
		assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair WHERE scope = 'history'"), 2);
	}
	/* the project is deleted: its pairs go */
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(overlap_doc_delete(&f->c, "project", 501, &e), 0);
	assert_int_equal(store_commit(f->c.db), 0);
	overlap_after_commit(&f->c);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair WHERE scope = 'history'"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_gone"), 1);
}

static json_t *decision(const char *d, int64_t item, const char *reason)
{
	json_t *j = json_pack("{s:s}", "decision", d);
	if (item)
		json_object_set_new(j, "item", json_integer(item));
	if (reason)
		json_object_set_new(j, "reason", json_string(reason));
	return j;
}

static int decide(struct fx *f, const struct account *who, int64_t pair, json_t *in,
		  struct derr *e)
{
	int rc;
	f->c.user = who;
	memset(e, 0, sizeof *e);
	rc = pair_decide(&f->c, pair, in, e);
	json_decref(in);
	return rc;
}

static void decisions_and_closing(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct derr e = { 0 };
	int64_t sh1, js1, sh2, js2, p1, p2;

	sh1 = add(f, &coord_sh, round, "ic", "高端光刻胶研发", RESIST, &e);
	js1 = add(f, &coord_js, round, "ic", "先进工艺光刻胶", RESIST_REORDERED, &e);
	sh2 = add(f, &coord_sh, round, "ic", "国产EDA全流程", EDA, &e);
	js2 = add(f, &coord_js, round, "ic", "EDA工具", EDA, &e);
	p1 = pair_between(f, sh1, js1, "duplicate");
	p2 = pair_between(f, sh2, js2, "duplicate");
	assert_true(p1 > 0 && p2 > 0);

	/* the round cannot close while overlaps wait */
	f->c.user = &office;
	assert_int_equal(round_close(&f->c, round, &e), -1);
	assert_string_equal(e.code, "undecided");

	/* a coordinator of an uninvolved region may not decide */
	assert_int_equal(decide(f, &coord_zj, p1, decision("keep", 0, "不同的技术路线"), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_string_equal(e.code, "not_involved");
	/* keeping both needs a reason */
	assert_int_equal(decide(f, &coord_sh, p1, decision("keep", 0, NULL), &e), -1);
	assert_string_equal(e.field, "reason");
	/* nobody withdraws another region's item */
	assert_int_equal(decide(f, &coord_js, p1, decision("withdraw", sh1, NULL), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(decide(f, &coord_js, p1, decision("merge", js1, NULL), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(decide(f, &coord_js, p1, decision("nonsense", 0, NULL), &e), -1);
	assert_string_equal(e.field, "decision");
	assert_int_equal(decide(f, &coord_js, p1, decision("withdraw", 99999, NULL), &e), -1);
	assert_string_equal(e.field, "item");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair WHERE decision IS NOT NULL"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item WHERE state <> 'draft'"), 0);

	/* Shanghai merges its own item into Jiangsu's */
	assert_int_equal(decide(f, &coord_sh, p1, decision("merge", js1, "江苏牵头"), &e), 0);
	{
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT merged_into FROM guide_item WHERE id = %lld AND state = 'merged'",
			 (long long)sh1);
		assert_int_equal(fx_count(f, sql), js1);
	}
	/* merge is final */
	assert_int_equal(decide(f, &coord_js, p1, decision("cofund", 0, NULL), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	/* co-funding EDA, then keeping both instead: allowed while open */
	assert_int_equal(decide(f, &coord_js, p2, decision("cofund", 0, NULL), &e), 0);
	assert_int_equal(decide(f, &coord_js, p2, decision("keep", 0, "两地各有侧重"), &e), 0);
	assert_int_equal(decide(f, &coord_sh, p2, decision("cofund", 0, NULL), &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'overlap_pair'"), 4);

	/* now it closes: live items are funded and join the history */
	f->c.user = &coord_sh;
	assert_int_equal(round_close(&f->c, round, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &office;
	memset(&e, 0, sizeof e);
	assert_int_equal(round_close(&f->c, round, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item WHERE state = 'funded'"), 3);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE status = 'history'"), 3);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE status = 'retired'"), 1);
	/* decisions on a closed round are refused */
	assert_int_equal(decide(f, &office, p2, decision("keep", 0, "x"), &e), -1);
	assert_string_equal(e.code, "closed");
	/* the consolidated list: public now */
	{
		struct list_entry *le;
		size_t n;
		struct buf x = BUF_INIT;
		f->c.user = NULL;
		f->c.client = "127.0.0.1";
		memset(&e, 0, sizeof e);
		assert_int_equal(round_list_entries(&f->c, round, &le, &n, &e), 0);
		assert_int_equal(n, 3);
		for (size_t i = 0; i < n; i++) {
			if (le[i].item.id == js1) {
				assert_int_equal(le[i].nmerged, 1);
				assert_int_equal(le[i].merged[0], sh1);
			}
			if (le[i].item.id == sh2)
				assert_string_equal(le[i].cofund_titles, "EDA工具");
		}
		assert_int_equal(round_list_xlsx(&f->c, round, &x, &e), 0);
		assert_true(x.len > 1000);
		assert_memory_equal(x.s, "PK", 2);
		buf_release(&x);
		f->c.client = NULL;
	}
	/* a later round meets the funded items as history */
	{
		int64_t r2 = open_round(f, "[\"ic\"]");
		int64_t zj = add(f, &coord_zj, r2, "ic", "光刻胶再申报", RESIST, &e);
		assert_true(zj > 0);
		assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair p JOIN overlap_doc d"
					     " ON d.id = p.b_doc WHERE p.scope = 'history'"
					     " AND d.kind = 'guide_item' AND d.status = 'history'"), 1);
	}
}

static void changing_thresholds_recomputes(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct derr e = { 0 };
	/* about two thirds of RESIST, and a sentence of EDA */
	const char *part =
		"针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。"
		"重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。"
		"研发基于机器学习的布局优化与时序预测方法，提升设计收敛速度。";
	int64_t sh = add(f, &coord_sh, round, "ic", "光刻胶", RESIST, &e);
	int64_t js = add(f, &coord_js, round, "ic", "光刻胶材料", part, &e);
	json_t *in;
	assert_true(sh > 0 && js > 0);
	assert_true(pair_between(f, sh, js, "suspected") > 0);
	in = json_loads("{\"duplicate\":0.55}", 0, NULL);
	f->c.user = &office;
	assert_int_equal(round_update(&f->c, round, in, &e), 0);
	json_decref(in);
	assert_true(pair_between(f, sh, js, "duplicate") > 0);
	in = json_loads("{\"suspect\":0.95,\"duplicate\":0.99}", 0, NULL);
	assert_int_equal(round_update(&f->c, round, in, &e), 0);
	json_decref(in);
	assert_int_equal(pair_between(f, sh, js, "duplicate") + pair_between(f, sh, js, "suspected"), 0);
	in = json_loads("{\"suspect\":0.7,\"duplicate\":0.6}", 0, NULL);
	memset(&e, 0, sizeof e);
	assert_int_equal(round_update(&f->c, round, in, &e), -1);
	assert_string_equal(e.field, "duplicate");
	json_decref(in);
	/* a field with items cannot leave the round; one without can */
	in = json_loads("{\"fields\":[\"ai\"]}", 0, NULL);
	memset(&e, 0, sizeof e);
	assert_int_equal(round_update(&f->c, round, in, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_string_equal(e.field, "fields");
	json_decref(in);
	in = json_loads("{\"fields\":[\"ic\",\"ai\"]}", 0, NULL);
	assert_int_equal(round_update(&f->c, round, in, &e), 0);
	json_decref(in);
}

static void csv_import_is_all_or_nothing(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\",\"ai\"]");
	struct round_import_result res;
	struct derr e = { 0 };
	const char *bad =
		"标题,领域,研究内容,考核指标,预算（万元）\n"
		"光刻胶,集成电路,开展光刻胶关键材料研究,分辨率38纳米,3000\n"
		",集成电路,没有标题的条目,,\n"
		"量子,量子信息,不在本轮的领域,,\n"
		"预算错误,ic,研究内容,,三千\n"
		"EDA,ic,研究逻辑综合与布局布线,,500\n";
	const char *good =
		"title,field,content,indicators,budget_wan\n"
		"光刻胶,集成电路,\"开展光刻胶关键材料研究，\n突破合成工艺\",分辨率38纳米,3000\n"
		"EDA,ic,研究逻辑综合与布局布线,,500\n";

	f->c.user = &coord_sh;
	assert_int_equal(round_import(&f->c, round, NULL, bad, strlen(bad), 0, &res, &e), -1);
	assert_string_equal(e.code, "bad_rows");
	assert_int_equal(res.bad_rows, 3);
	assert_int_equal(res.nerrors, 3);
	assert_int_equal(res.errors[0].line, 3);
	assert_string_equal(res.errors[0].field, "title");
	assert_int_equal(res.errors[1].line, 4);
	assert_string_equal(res.errors[1].field, "field");
	assert_int_equal(res.errors[2].line, 5);
	assert_string_equal(res.errors[2].field, "budget_wan");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 0);
	assert_non_null(strstr(e.message, "lines 3, 4, 5"));
	/* a dry run lists the same and writes nothing */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, bad, strlen(bad), 1, &res, &e), 0);
	assert_int_equal(res.bad_rows, 3);
	assert_int_equal(res.imported, 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 0);
	/* a broken header, a broken file, nothing at all */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, "名字,颜色\n光刻胶,红\n",
				      strlen("名字,颜色\n光刻胶,红\n"), 0, &res, &e), -1);
	assert_string_equal(e.code, "bad_rows");
	assert_true(res.nerrors >= 3);
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, "title,field,content\n\"open",
				      strlen("title,field,content\n\"open"), 0, &res, &e), -1);
	assert_string_equal(e.code, "bad_file");
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, "", 0, 0, &res, &e), -1);
	assert_string_equal(e.field, "file");
	/* a row wider than its header (found by fuzz_round_import) */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, "title,field,content\nA,ic,光刻胶,extra\n",
				      strlen("title,field,content\nA,ic,光刻胶,extra\n"), 0, &res, &e), -1);
	assert_int_equal(res.bad_rows, 1);
	assert_string_equal(res.errors[0].code, "extra_cell");
	/* another region's rows */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, "title,field,content,region\nx,ic,光刻胶研究,江苏\n",
				      strlen("title,field,content,region\nx,ic,光刻胶研究,江苏\n"), 0, &res, &e), -1);
	assert_int_equal(res.bad_rows, 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 0);
	/* a good file */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, good, strlen(good), 0, &res, &e), 0);
	assert_int_equal(res.imported, 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item WHERE region_code = '310000'"), 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE status = 'round'"), 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'import'"), 1);
}

static void xlsx_import(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct round_import_result res;
	struct derr e = { 0 };
	char path[] = "/tmp/shenrong-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws;
	FILE *fp;
	char data[65536];
	size_t n;

	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "标题", NULL);
	worksheet_write_string(ws, 0, 1, "领域", NULL);
	worksheet_write_string(ws, 0, 2, "研究内容", NULL);
	worksheet_write_string(ws, 0, 3, "预算（万元）", NULL);
	worksheet_write_string(ws, 1, 0, "光刻胶", NULL);
	worksheet_write_string(ws, 1, 1, "集成电路", NULL);
	worksheet_write_string(ws, 1, 2, RESIST, NULL);
	worksheet_write_number(ws, 1, 3, 2500, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	fp = fopen(path, "rb");
	n = fread(data, 1, sizeof data, fp);
	fclose(fp);
	unlink(path);
	f->c.user = &coord_js;
	assert_int_equal(round_import(&f->c, round, NULL, data, n, 0, &res, &e), 0);
	assert_int_equal(res.imported, 1);
	assert_int_equal(fx_count(f, "SELECT budget_wan FROM guide_item WHERE region_code = '320000'"), 2500);
	/* a cut workbook */
	memset(&e, 0, sizeof e);
	assert_int_equal(round_import(&f->c, round, NULL, data, n / 2, 0, &res, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 1);
}

static void one_text_against_everything(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct overlap_doc_in d = { "challenge", 77, "揭榜：EDA工具", EDA, NULL, "ic", "330000", 2024 };
	struct overlap_result res;
	struct derr e = { 0 };

	assert_true(add(f, &coord_sh, round, "ic", "光刻胶", RESIST, &e) > 0);
	f->c.user = NULL;
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(overlap_doc_put(&f->c, &d, &e), 0);
	assert_int_equal(store_commit(f->c.db), 0);
	overlap_after_commit(&f->c);

	/* a coordinator sees the draft item, with passages on both sides */
	f->c.user = &coord_js;
	assert_int_equal(overlap_check(&f->c, "光刻胶", RESIST_REORDERED, NULL, 10, &res, &e), 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.m[0].doc.kind, "guide_item");
	assert_string_equal(res.m[0].level, "duplicate");
	assert_true(res.m[0].nq[OV_CONTENT] > 0 && res.m[0].nd[OV_CONTENT] > 0);
	assert_int_equal(res.searched, 2);
	/* a member sees the history only */
	f->c.user = &f->member;
	assert_int_equal(overlap_check(&f->c, NULL, RESIST, NULL, 10, &res, &e), 0);
	assert_int_equal(res.n, 0);
	assert_int_equal(overlap_check(&f->c, NULL, EDA, NULL, 10, &res, &e), 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.m[0].doc.kind, "challenge");
	{
		json_t *j = overlap_result_json(&res);
		json_t *p = json_object_get(json_object_get(json_object_get(json_object_get(
			json_array_get(json_object_get(j, "items"), 0), "passages"), "query"), "content"), "0");
		(void)p;
		assert_non_null(j);
		assert_true(json_array_size(json_object_get(json_object_get(json_object_get(
			json_array_get(json_object_get(j, "items"), 0), "passages"), "query"), "content")) > 0);
		json_decref(j);
	}
	/* bad input */
	memset(&e, 0, sizeof e);
	assert_int_equal(overlap_check(&f->c, NULL, "", NULL, 10, &res, &e), -1);
	assert_string_equal(e.field, "content");
	memset(&e, 0, sizeof e);
	assert_int_equal(overlap_check(&f->c, NULL, EDA, NULL, 0, &res, &e), -1);
	assert_string_equal(e.field, "limit");
	memset(&e, 0, sizeof e);
	assert_int_equal(overlap_check(&f->c, NULL, EDA, NULL, 51, &res, &e), -1);
	assert_string_equal(e.field, "limit");
}

static void the_index_never_keeps_a_rolled_back_row(void **state)
{
	struct fx *f = *state;
	struct overlap_doc_in d = { "project", 9, "光刻胶", RESIST, NULL, "ic", NULL, 2020 };
	struct overlap_result res;
	struct derr e = { 0 };

	f->c.user = NULL;
	/* inside the transaction the search sees the new row ... */
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(overlap_doc_put(&f->c, &d, &e), 0);
	assert_int_equal(overlap_check(&f->c, NULL, RESIST, NULL, 5, &res, &e), 0);
	assert_int_equal(res.n, 1);
	store_rollback(f->c.db);
	overlap_after_commit(&f->c);
	/* ... and after the rollback nobody does */
	assert_int_equal(overlap_check(&f->c, NULL, RESIST, NULL, 5, &res, &e), 0);
	assert_int_equal(res.n, 0);
	/* a row written by "another process" (straight SQL) is followed by
	 * its change number */
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(overlap_doc_put(&f->c, &d, &e), 0);
	assert_int_equal(store_commit(f->c.db), 0);
	fx_sql(f, "UPDATE overlap_doc SET status = 'retired', seq = seq + 100");
	assert_int_equal(overlap_check(&f->c, NULL, RESIST, NULL, 5, &res, &e), 0);
	assert_int_equal(res.n, 0);
}

static void a_fault_leaves_nothing(void **state)
{
	struct fx *f = *state;
	int64_t round = open_round(f, "[\"ic\"]");
	struct derr e = { 0 };
	int64_t sh = add(f, &coord_sh, round, "ic", "光刻胶", RESIST, &e);
	assert_true(sh > 0);
	fx_audit_fails(f, 1);
	memset(&e, 0, sizeof e);
	assert_int_equal(add(f, &coord_js, round, "ic", "光刻胶", RESIST_REORDERED, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM guide_item"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_pair"), 0);
	fx_audit_fails(f, 0);
	/* and the index did not keep the half-made document */
	{
		struct overlap_result res;
		f->c.user = NULL;
		memset(&e, 0, sizeof e);
		assert_int_equal(overlap_check(&f->c, NULL, RESIST, NULL, 5, &res, &e), 0);
		assert_int_equal(res.n, 1);
		assert_int_equal(res.m[0].doc.ref_id, sh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rounds_are_opened_by_the_office, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(bad_items_change_nothing, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_report_follows_the_items, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_history_is_compared, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(decisions_and_closing, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(changing_thresholds_recomputes, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(csv_import_is_all_or_nothing, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(xlsx_import, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(one_text_against_everything, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_index_never_keeps_a_rolled_back_row, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_fault_leaves_nothing, setup, fx_teardown),
	};
	int rc = cmocka_run_group_tests_name("consultation rounds", tests, NULL, NULL);
	tokenizer_global_free();
	return rc;
}
