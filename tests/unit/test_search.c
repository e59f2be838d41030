/*
 * test_search.c — the platform-wide search over a real store: the index
 * follows every record in its own transaction (triggers), a rebuild gives
 * the same index, ranking (field weights, exact names, same-name
 * diversity, activity), facets, restricted records (contracts,
 * challenges), "did you mean",
 * suggestions by prefix, initials and abbreviation; and the pure parts:
 * edit distance, pinyin initials, stop words in queries.
 */
#include "unit.h"
#include <math.h>
#include <string.h>
#include "domain/audit.h"
#include "domain/instrument.h"
#include "domain/search.h"
#include "domain/search_kinds.h"
#include "domain/suggest.h"
#include "store/search.h"
#include "text/pinyin.h"
#include "text/query.h"
#include "text/spell.h"
#include "fixture.h"

/* ---- pure parts ---------------------------------------------------------- */

static void spell_distance_is_bounded_damerau_levenshtein(void **state)
{
	(void)state;
	assert_int_equal(spell_distance("microscop", 9, "microscop", 9, 2), 0);
	assert_int_equal(spell_distance("microscp", 8, "microscop", 9, 2), 1);       /* insert */
	assert_int_equal(spell_distance("micrsocop", 9, "microscop", 9, 2), 1);      /* swap */
	assert_int_equal(spell_distance("mikroskop", 9, "microscop", 9, 2), 2);      /* two substitutions */
	assert_int_equal(spell_distance("abcdef", 6, "uvwxyz", 6, 2), 3);            /* max + 1 */
	assert_int_equal(spell_distance("a", 1, "abcd", 4, 2), 3);                   /* lengths too far apart */
	assert_int_equal(spell_max_distance(3), 0);
	assert_int_equal(spell_max_distance(5), 1);
	assert_int_equal(spell_max_distance(9), 2);
}

static int has(uint32_t cp, int c)
{
	return pinyin_has_initial(cp, c);
}

static void pinyin_initials_come_from_unihan_with_polyphones(void **state)
{
	(void)state;
	assert_true(has(0x4E2D, 'z'));                    /* 中 zhong */
	assert_true(has(0x79D1, 'k') && !has(0x79D1, 'z')); /* 科 ke */
	assert_true(has(0x53A6, 'x') && has(0x53A6, 's'));  /* 厦 xia / sha */
	assert_true(has(0x884C, 'h') && has(0x884C, 'x'));  /* 行 hang / xing */
	assert_true(has(0x957F, 'c') && has(0x957F, 'z'));  /* 长 chang / zhang */
	assert_true(has(0x5B89, 'a'));                    /* 安 an: a vowel initial */
	assert_true(has(0x5B89, 'A'));                    /* either case */
	assert_int_equal(pinyin_initials('a'), 0);
	assert_int_equal(pinyin_initials(0x3042), 0);     /* hiragana */
	assert_false(has(0x4E2D, '1'));
}

static void stop_words_leave_a_well_formed_query(void **state)
{
	static const char *const fields[] = { "type" };
	struct query *q;
	(void)state;
	const char *text = "the 电镜 OR 的 \"the\" Of";
	assert_int_equal(query_parse(text, strlen(text), fields, 1, 0, &q, NULL), 0);
	assert_int_equal(query_drop_stop_words(q), 3);        /* the, 的, Of */
	assert_int_equal(q->nterms, 2);
	assert_string_equal(q->terms[0].text, "电镜");
	assert_int_equal(q->terms[0].group, -1);              /* its OR partner is gone */
	assert_string_equal(q->terms[1].text, "the");         /* quoted: kept */
	query_free(q);
}

/* ---- fixtures ------------------------------------------------------------ */

static int64_t add_instrument(struct fx *f, const char *name, const char *name_en,
			      const char *desc, int64_t org)
{
	struct derr e = { 0 };
	int64_t id = 0;
	json_t *in = json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:I}", "name_zh", name, "name_en", name_en,
			       "description", desc, "category", "analytical",
			       "value_cny", (json_int_t)1000000, "org_id", (json_int_t)org);
	f->c.user = &f->admin;
	assert_int_equal(instrument_create(&f->c, in, &id, &e), 0);
	json_decref(in);
	return id;
}

static int64_t item_count(struct fx *f, const char *where)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM search_item WHERE %s", where);
	return fx_count(f, sql);
}

/* What store_search_scan gives (the in-memory index's whole input): the
 * items, and those with `text` in one of their texts. */
struct scanned {
	const char *text;
	int64_t n, with, last;
	int ordered;
};

static int scan_one(void *arg, const struct search_doc_row *r)
{
	struct scanned *s = arg;
	const char *col[4] = { r->name, r->name_en, r->subtitle, r->body };
	int has = 0;
	if (s->n && r->id <= s->last)
		s->ordered = 0;
	s->last = r->id;
	s->n++;
	for (int i = 0; i < 4; i++)
		if (col[i] && strstr(col[i], s->text))
			has = 1;
	s->with += has;
	return 0;
}

static int64_t scanned_with(struct fx *f, const char *text)
{
	struct scanned s = { text, 0, 0, 0, 1 };
	assert_int_equal(store_search_scan(f->c.db, scan_one, &s), 0);
	assert_true(s.ordered);
	assert_int_equal(s.n, fx_count(f, "SELECT count(*) FROM search_item"));
	return s.with;
}

/* Runs a search as the fixture's current user; 10 per page. */
static void run(struct fx *f, const char *q, struct search_answer *a)
{
	struct search_request r = { 0 };
	struct derr e = { 0 };
	r.q = q;
	r.page = 1;
	r.per_page = 10;
	if (search_run(&f->c, &r, a, &e) < 0)
		fail_msg("search %s: %s", q, e.message);
}

static int rank_of(const struct search_answer *a, const char *kind, int64_t id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].kind->key, kind) == 0 && a->items[i].ref_id == id)
			return (int)i;
	return -1;
}

/* ---- the index follows the records --------------------------------------- */

static void the_index_changes_with_the_record(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	int64_t id = add_instrument(f, "拉曼光谱仪", "Raman spectrometer", NULL, 1);

	assert_int_equal(item_count(f, "kind = 'org'"), 2);      /* the fixture's */
	run(f, "拉曼", &a);
	assert_int_equal(a.total, 1);
	assert_int_equal(a.items[0].ref_id, id);
	fx_sql(f, "UPDATE instrument SET name_zh = '红外光谱仪' WHERE id = 1");
	run(f, "拉曼", &a);
	assert_int_equal(a.total, 0);
	run(f, "红外", &a);
	assert_int_equal(a.total, 1);
	fx_sql(f, "UPDATE instrument SET status = 'retired'");
	assert_int_equal(item_count(f, "kind = 'instrument'"), 0);
	fx_sql(f, "UPDATE instrument SET status = 'in_service'");
	/* the organisation's new name reaches its instruments' documents */
	fx_sql(f, "UPDATE org SET name_zh = '改名大学' WHERE id = 1");
	run(f, "改名 红外", &a);
	assert_int_equal(a.total, 1);
	fx_sql(f, "DELETE FROM instrument");
	assert_int_equal(item_count(f, "kind = 'instrument'"), 0);
	run(f, "红外", &a);
	assert_int_equal(a.total, 0);
	assert_int_equal(scanned_with(f, "红外"), 0);
}

static void a_failed_write_leaves_no_document(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	struct derr e = { 0 };
	int64_t id = 0;
	json_t *in = json_pack("{s:s, s:s, s:I, s:I}", "name_zh", "回滚测试仪", "category", "analytical",
			       "value_cny", (json_int_t)1000000, "org_id", (json_int_t)1);
	fx_audit_fails(f, 1);
	f->c.user = &f->admin;
	assert_int_equal(instrument_create(&f->c, in, &id, &e), -1);
	json_decref(in);
	assert_int_equal(item_count(f, "kind = 'instrument'"), 0);
	assert_int_equal(scanned_with(f, "回滚"), 0);
	run(f, "回滚", &a);
	assert_int_equal(a.total, 0);
	/* the same record saved: found */
	fx_audit_fails(f, 0);
	add_instrument(f, "回滚测试仪", NULL, NULL, 1);
	run(f, "回滚", &a);
	assert_int_equal(a.total, 1);
	assert_int_equal(scanned_with(f, "回滚"), 1);
}

static void a_rebuild_gives_the_same_index(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	struct derr e = { 0 };
	int64_t n;

	add_instrument(f, "场发射扫描电子显微镜", "Field-emission SEM", "二次电子分辨率 1.0 nm", 1);
	add_instrument(f, "X射线衍射仪", "X-ray diffractometer", NULL, 2);
	fx_sql(f, "UPDATE org SET name_en = 'Renamed' WHERE id = 2");
	run(f, "Renamed", &a);                  /* the organisation and its instrument */
	assert_int_equal(a.total, 2);
	fx_sql(f, "CREATE TABLE before AS SELECT id, kind, ref_id, region_code, city_code, category,"
		  " org_id, org2_id, region2, year, vis, activity, name, name_en, subtitle, body"
		  " FROM search_item");
	f->c.user = NULL;
	if (search_reindex(&f->c, &n, &e) < 0)
		fail_msg("reindex: %s", e.message);
	assert_int_equal(n, 4);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM (SELECT * FROM before EXCEPT"
				     " SELECT id, kind, ref_id, region_code, city_code, category, org_id,"
				     " org2_id, region2, year, vis, activity, name, name_en, subtitle, body"
				     " FROM search_item)"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'reindex'"), 1);
	/* the in-memory index reads the rebuilt items and finds the same */
	assert_int_equal(scanned_with(f, "Renamed"), 2);
	run(f, "Renamed", &a);
	assert_int_equal(a.total, 2);
	run(f, "电子显微镜", &a);
	assert_int_equal(a.total, 1);
	run(f, "二次电子分辨率", &a);            /* the description, in the body */
	assert_int_equal(a.total, 1);
	run(f, "diffractometer", &a);
	assert_int_equal(a.total, 1);
}

/* ---- ranking -------------------------------------------------------------- */

static void names_outrank_descriptions_and_exact_names_come_first(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	int64_t in_desc = add_instrument(f, "样品制备系统", NULL, "可用于电镜样品前处理", 1);
	int64_t in_name = add_instrument(f, "冷冻电镜样品制备系统", NULL, NULL, 1);
	int64_t exact = add_instrument(f, "电镜", NULL, NULL, 2);

	run(f, "电镜", &a);
	assert_int_equal(a.total, 3);
	assert_int_equal(rank_of(&a, "instrument", exact), 0);
	assert_true(rank_of(&a, "instrument", in_name) < rank_of(&a, "instrument", in_desc));
	/* the matched words are marked */
	assert_int_equal(a.items[0].name.nmarks, 1);
	assert_int_equal(a.items[0].name.marks[0].end - a.items[0].name.marks[0].start, 6);
}

static void same_names_do_not_fill_the_page(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	int64_t other;
	for (int i = 0; i < 12; i++)
		add_instrument(f, "X射线衍射仪", NULL, NULL, 1);
	other = add_instrument(f, "单晶X射线衍射仪（四圆）", NULL, NULL, 2);
	run(f, "衍射", &a);
	assert_int_equal(a.total, 13);
	assert_true(rank_of(&a, "instrument", other) >= 0);
	assert_true(rank_of(&a, "instrument", other) <= 2);
}

static void activity_lifts_an_instrument_in_use_a_little(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	char sql[256];
	int64_t idle = add_instrument(f, "原子力显微镜", NULL, NULL, 1);
	int64_t busy = add_instrument(f, "原子力显微镜", NULL, NULL, 2);
	run(f, "原子力显微镜", &a);
	assert_int_equal(rank_of(&a, "instrument", idle), 0);     /* equal text: older id first */
	/* 500 hours checked in this year: activity 0.5 */
	snprintf(sql, sizeof sql, "INSERT INTO usage_year(instrument_id, year, effective_s)"
		 " VALUES (%lld, CAST(strftime('%%Y', 'now') AS INTEGER), 1800000)", (long long)busy);
	fx_sql(f, sql);
	snprintf(sql, sizeof sql, "SELECT round(activity * 100) FROM search_item WHERE id = %lld * 16 + 1",
		 (long long)busy);
	assert_int_equal(fx_count(f, sql), 50);
	run(f, "原子力显微镜", &a);
	assert_int_equal(rank_of(&a, "instrument", busy), 0);
	/* but never above a better text match */
	add_instrument(f, "原子力显微镜系统", NULL, NULL, 1);
	run(f, "原子力 显微镜 系统", &a);
	assert_string_equal(a.items[0].name.text, "原子力显微镜系统");
}

static void facets_count_every_match(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	int64_t sum = 0;
	for (int i = 0; i < 25; i++)
		add_instrument(f, i % 2 ? "质谱仪" : "液相色谱—质谱联用仪", NULL, NULL, 1 + i % 2);
	run(f, "质谱", &a);
	assert_int_equal(a.total, 25);
	assert_int_equal(a.n, 10);
	for (size_t i = 0; i < a.nfacets[SF_REGION]; i++)
		sum += a.facets[SF_REGION][i].n;
	assert_int_equal(sum, 25);
	assert_string_equal(a.facets[SF_REGION][0].value, "340000");   /* 13 in Anhui */
	assert_int_equal(a.facets[SF_REGION][0].n, 13);
	assert_string_equal(a.facets[SF_REGION][0].zh, "安徽省");
	assert_string_equal(a.facets[SF_TYPE][0].value, "instrument");
	assert_string_equal(a.facets[SF_CATEGORY][0].en, "Analytical instruments");
}

/* ---- who finds what ------------------------------------------------------- */

static void contracts_are_found_by_their_parties_only(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	struct account other = { .id = 9, .username = "o", .role = "member", .org_id = 2 };
	struct account coord_zj = { .id = 10, .username = "c", .role = "coordinator",
				    .region_code = "330000" };
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, region_code, city_code, created_at, updated_at)"
		  " VALUES (3, 'enterprise', '买方公司', '310000', '310100', 0, 0)");
	fx_sql(f, "INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id,"
		  " buyer_org_id, seller_region, buyer_region, signed_on, year, field, state,"
		  " created_at, updated_at) VALUES ('development', '钙钛矿电池技术开发', 100, 50, 1, 3,"
		  " '340000', '310000', '2024-01-01', 2024, 'new_energy', 'submitted', 0, 0)");
	f->c.user = NULL;
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 0);
	f->c.user = &f->member;                 /* of the seller */
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 1);
	assert_string_equal(a.items[0].url, "/contracts/1");
	f->c.user = &other;                     /* of another organisation */
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 0);
	f->c.user = &coord_zj;
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 0);
	coord_zj.region_code = "310000";        /* the buyer's region */
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 1);
	f->c.user = &f->admin;
	run(f, "钙钛矿 type:合同", &a);
	assert_int_equal(a.total, 1);
}

static void challenges_hide_unpublished_and_anonymous_posters(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	struct account coord = { .id = 11, .username = "c", .role = "coordinator",
				 .region_code = "340000" };
	fx_sql(f, "INSERT INTO challenge(id, title, statement, indicators, field, budget_cny, deadline,"
		  " deadline_at, open_to, ip_terms, anonymous, poster_org_id, region_code, state,"
		  " created_at, updated_at) VALUES"
		  " (1, '固态电池电解质榜单', '需要高离子电导率的固态电解质', '≥10 mS/cm', 'new_energy', 1,"
		  "  '2030-01-01', 1893456000, 'all', 'poster', 1, 1, '340000', 'submitted', 0, 0)");
	f->c.user = NULL;
	run(f, "固态电池", &a);
	assert_int_equal(a.total, 0);                     /* not yet published */
	f->c.user = &coord;                               /* its region's coordinator reviews it */
	run(f, "固态电池", &a);
	assert_int_equal(a.total, 1);
	fx_sql(f, "UPDATE challenge SET state = 'published', published_at = 1700000000");
	f->c.user = NULL;
	run(f, "固态电池", &a);
	assert_int_equal(a.total, 1);
	assert_string_equal(a.items[0].url, "/challenges/1");
	assert_int_equal(a.items[0].year, 2023);
	/* anonymous: the poster (测试大学) is in neither its text nor its organisations */
	run(f, "固态电池 测试大学", &a);
	assert_int_equal(a.total, 0);
	run(f, "固态电池 org:测试大学", &a);
	assert_int_equal(a.total, 0);
	fx_sql(f, "UPDATE challenge SET anonymous = 0");
	run(f, "固态电池 org:测试大学", &a);
	assert_int_equal(a.total, 1);
}

/* Joint projects (migration 8): public, found by title, English title and
 * summary, filtered by their lead organisation's region, city and name
 * and by start year, and kept in step with the project and its lead. */
static void projects_are_found_and_follow_their_lead(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	struct derr e = { 0 };
	int64_t n;

	fx_sql(f, "INSERT INTO project(id, title, title_en, summary, field, lead_org_id, start_year,"
		  " end_year, created_at, updated_at) VALUES (5, '长三角钙钛矿叠层电池联合攻关',"
		  " 'Perovskite tandem cells', '面向效率三十%的叠层组件', 'energy', 2, 2025, 2027, 0, 0),"
		  " (6, '无牵头单位的量子测量项目', NULL, NULL, NULL, NULL, 2024, NULL, 0, 0)");
	f->c.user = NULL;                                 /* visitors find them */
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 1);
	assert_string_equal(a.items[0].kind->key, "project");
	assert_int_equal(a.items[0].ref_id, 5);
	assert_string_equal(a.items[0].url, "/projects/5");
	assert_int_equal(a.items[0].year, 2025);
	run(f, "tandem", &a);
	assert_int_equal(rank_of(&a, "project", 5), 0);
	run(f, "叠层组件", &a);                           /* the summary */
	assert_int_equal(a.total, 1);
	run(f, "钙钛矿 type:项目 region:江苏 city:苏州 year:2025", &a);
	assert_int_equal(a.total, 1);
	run(f, "钙钛矿 org:测试研究院", &a);
	assert_int_equal(a.total, 1);
	run(f, "钙钛矿 region:安徽", &a);
	assert_int_equal(a.total, 0);
	run(f, "量子测量", &a);                           /* no lead organisation */
	assert_int_equal(a.total, 1);
	assert_int_equal(a.items[0].ref_id, 6);
	/* the lead's new name reaches the project's document */
	fx_sql(f, "UPDATE org SET name_zh = '改名研究院' WHERE id = 2");
	run(f, "改名研究院 钙钛矿", &a);
	assert_int_equal(a.total, 1);
	fx_sql(f, "UPDATE project SET title = '有机光伏联合攻关', summary = NULL WHERE id = 5");
	run(f, "钙钛矿", &a);
	assert_int_equal(a.total, 0);
	run(f, "perovskite", &a);                         /* still in the English title */
	assert_int_equal(a.total, 1);
	run(f, "有机光伏", &a);
	assert_int_equal(a.total, 1);
	assert_int_equal(item_count(f, "kind = 'project'"), 2);
	if (search_reindex(&f->c, &n, &e) < 0)
		fail_msg("reindex: %s", e.message);
	assert_int_equal(item_count(f, "kind = 'project'"), 2);
	fx_sql(f, "DELETE FROM project WHERE id = 5");
	assert_int_equal(item_count(f, "kind = 'project'"), 1);
	run(f, "有机光伏", &a);
	assert_int_equal(a.total, 0);
}

/* ---- did you mean ---------------------------------------------------------- */

static void a_misspelt_word_is_corrected(void **state)
{
	struct fx *f = *state;
	struct search_answer a;
	add_instrument(f, "扫描电子显微镜", "Scanning electron microscope", NULL, 1);
	run(f, "electron microscpoe", &a);
	assert_true(a.corrected);
	assert_string_equal(a.did_you_mean, "electron microscope");
	assert_int_equal(a.total, 1);
	run(f, "\"microscpoe\"", &a);          /* a quoted phrase is left as typed */
	assert_false(a.corrected);
	assert_int_equal(a.total, 0);
}

/* ---- suggestions ----------------------------------------------------------- */

static void suggestions_by_prefix_initials_and_abbreviation(void **state)
{
	struct fx *f = *state;
	struct suggestion *s;
	struct derr e = { 0 };
	size_t n;
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, name_en, region_code, city_code, created_at,"
		  " updated_at) VALUES (5, 'university', '中国科学技术大学',"
		  " 'University of Science and Technology of China', '340000', '340100', 0, 0)");
	add_instrument(f, "中子衍射仪", NULL, NULL, 1);

	assert_int_equal(suggest_names(&f->c, "中", 8, &s, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].name, "中国科学技术大学");    /* organisations first */
	assert_string_equal(s[1].name, "中子衍射仪");
	assert_int_equal(s[0].match, SUGGEST_PREFIX);

	assert_int_equal(suggest_names(&f->c, "zgkx", 8, &s, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].match, SUGGEST_INITIALS);

	assert_int_equal(suggest_names(&f->c, "zkd", 8, &s, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].name, "中国科学技术大学");
	assert_int_equal(s[0].match, SUGGEST_ABBREV);

	assert_int_equal(suggest_names(&f->c, "中科大", 8, &s, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].match, SUGGEST_ABBREV);

	assert_int_equal(suggest_names(&f->c, "UNIVERSITY of", 8, &s, &n, &e), 0);
	assert_int_equal(n, 1);

	/* a name added later is offered at once */
	assert_int_equal(suggest_names(&f->c, "测试", 8, &s, &n, &e), 0);
	assert_int_equal(n, 2);
	fx_sql(f, "UPDATE org SET name_zh = '改名研究院' WHERE id = 2");
	assert_int_equal(suggest_names(&f->c, "测试", 8, &s, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(suggest_names(&f->c, "", 8, &s, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(suggest_names(&f->c, "x", 0, &s, &n, &e), -1);
	assert_string_equal(e.field, "limit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spell_distance_is_bounded_damerau_levenshtein),
		cmocka_unit_test(pinyin_initials_come_from_unihan_with_polyphones),
		cmocka_unit_test(stop_words_leave_a_well_formed_query),
		cmocka_unit_test_setup_teardown(the_index_changes_with_the_record, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_failed_write_leaves_no_document, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_rebuild_gives_the_same_index, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(names_outrank_descriptions_and_exact_names_come_first,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(same_names_do_not_fill_the_page, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(activity_lifts_an_instrument_in_use_a_little, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(facets_count_every_match, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(contracts_are_found_by_their_parties_only, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(challenges_hide_unpublished_and_anonymous_posters,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(projects_are_found_and_follow_their_lead, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(a_misspelt_word_is_corrected, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(suggestions_by_prefix_initials_and_abbreviation,
						fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
