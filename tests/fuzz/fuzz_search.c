/*
 * fuzz_search.c — the platform-wide search from what is typed to the
 * answer (domain/search_run.c), which parses more than text/query.c does:
 * the filters resolved against the community (type: region: city: org:
 * year: category:), the stop-word pass, the spelling correction and the
 * re-parse of its corrected query, then the ranked match over a small real
 * index holding every kind of record, the facets, the re-ranking and the
 * highlighting; and the suggestions' folding, pinyin initials and
 * abbreviations (domain/suggest.c) on the same text.
 *
 * The first byte picks the actor (a visitor, an administrator, a region's
 * coordinator, an organisation's member), the page and its size, and
 * whether the text goes in the type parameter as well; the rest is the
 * query when it is valid UTF-8 without control characters (the route
 * table answers 400 to anything else before a handler runs).  Whatever it
 * is: no crash, no leak, nothing out of bounds; a refusal is a 400 naming
 * q or type; an answer's items fit its page, their marks lie inside their
 * texts in order, and its type facet adds up to its total.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <sqlite3.h>
#include "core/arena.h"
#include "core/log.h"
#include "core/utf8.h"
#include "domain/community.h"
#include "domain/domain.h"
#include "domain/instrument.h"
#include "domain/search.h"
#include "domain/suggest.h"
#include "store/db.h"
#include "store/store.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *store;
static struct ctx c;
static struct arena a = ARENA_INIT;
static char path[64];

static const struct account admin = { .id = 1, .username = "admin", .role = "sysadmin" };
static const struct account coord = { .id = 2, .username = "c", .role = "coordinator",
				      .region_code = "320000" };
static const struct account member = { .id = 3, .username = "m", .role = "member", .org_id = 1 };

static void check(int ok, const char *what, const char *detail)
{
	if (!ok) {
		fprintf(stderr, "fuzz_search: %s: %s\n", what, detail ? detail : "");
		abort();
	}
}

static void sql(const char *s)
{
	char *msg = NULL;
	if (sqlite3_exec(db_handle(c.db), s, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "fuzz_search: %s: %s\n", s, msg ? msg : "");
		abort();
	}
}

static void add_instrument(const char *name, const char *name_en, const char *desc,
			   const char *kind, int64_t org)
{
	struct derr e = { 0 };
	int64_t id = 0;
	json_t *in = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:I, s:I, s:I}", "name_zh", name,
			       "name_en", name_en, "description", desc, "kind", kind,
			       "category", "analytical", "value_cny", (json_int_t)1000000,
			       "org_id", (json_int_t)org, "purchase_year", (json_int_t)2020);
	c.user = &admin;
	check(in && instrument_create(&c, in, &id, &e) == 0, "instrument_create", e.message);
	json_decref(in);
}

static void cleanup(void)
{
	if (store) {
		store_release(store, c.db);
		store_close(store);
	}
	tokenizer_free(c.tk);
	arena_free(&a);
	unlink(path);
	for (const char *sfx = "-wal\0-shm\0"; *sfx; sfx += strlen(sfx) + 1) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", path, sfx);
		unlink(p);
	}
}

static void setup(void)
{
	struct derr e = { 0 };
	char err[256], community[1024];
	int applied, fd;

	log_threshold = LOG_ERROR;
	snprintf(path, sizeof path, "/tmp/shenrong-fuzz-search-XXXXXX");
	fd = mkstemp(path);
	check(fd >= 0, "mkstemp", path);
	close(fd);
	unlink(path);
	store = store_open(path, 1, 1, err, sizeof err);
	check(store != NULL, "store_open", err);
	c.db = store_acquire(store);
	c.a = &a;
	c.tk = tokenizer_new();
	check(c.db && c.tk, "acquire", NULL);
	atexit(cleanup);
	check(store_migrate(c.db, &applied) == 0, "migrate", NULL);
	snprintf(community, sizeof community, "%s/data/community/yrd.tsv", SHENRONG_SHARE_DIR);
	check(community_load(&c, community, &e) == 0, "community", e.message);
	sql("INSERT INTO org(id, kind, name_zh, name_en, region_code, city_code, created_at, updated_at)"
	    " VALUES (1, 'university', '中国科学技术大学', 'University of Science and Technology of China',"
	    "  '340000', '340100', 0, 0),"
	    " (2, 'institute', '苏州纳米技术研究所', 'Suzhou Institute of Nano-Tech', '320000', '320500', 0, 0),"
	    " (3, 'enterprise', '上海测试装备有限公司', NULL, '310000', '310100', 0, 0)");
	add_instrument("场发射扫描电子显微镜", "Field-emission scanning electron microscope",
		       "二次电子分辨率 1.0 nm，配能谱仪，用于材料表面形貌分析。", "instrument", 1);
	add_instrument("X射线衍射仪", "X-ray diffractometer", "物相鉴定 the of and", "instrument", 2);
	add_instrument("單晶X射線衍射儀", NULL, "ＸＲＤ 全角", "instrument", 2);
	add_instrument("合肥同步辐射光源", "Hefei synchrotron light source", NULL, "facility", 1);
	sql("INSERT INTO expert(id, name, name_en, org_id, title, keywords, keywords_en, rev,"
	    " created_at, updated_at) VALUES (1, '陈固态', 'Chen Gutai', 1, 'professor',"
	    " '固态电池；固态电解质', 'solid-state batteries', 1, 0, 0)");
	sql("INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id,"
	    " buyer_org_id, seller_region, buyer_region, signed_on, year, field, state,"
	    " created_at, updated_at) VALUES ('development', '钙钛矿电池技术开发', 100, 50, 1, 3,"
	    " '340000', '310000', '2024-01-01', 2024, 'energy', 'submitted', 0, 0)");
	sql("INSERT INTO project(id, title, title_en, summary, field, lead_org_id, start_year,"
	    " created_at, updated_at) VALUES (1, '氮化镓衬底联合攻关', 'GaN substrates',"
	    " '大尺寸氮化镓单晶衬底生长', 'semiconductor', 2, 2024, 0, 0)");
	sql("INSERT INTO challenge(id, title, statement, indicators, field, budget_cny, deadline,"
	    " deadline_at, open_to, ip_terms, anonymous, poster_org_id, region_code, state,"
	    " published_at, created_at, updated_at) VALUES (1, '硅光芯片封装榜单', '高速硅光芯片',"
	    " '≥1.6 Tb/s', 'ic', 1, '2030-01-01', 1893456000, 'all', 'poster', 1, 3, '310000',"
	    " 'published', 1700000000, 0, 0)");
}

static void check_marked(const struct search_marked *m)
{
	if (!m->text) {
		check(m->nmarks == 0, "marks without a text", NULL);
		return;
	}
	for (size_t i = 0; i < m->nmarks; i++) {
		check(m->marks[i].start < m->marks[i].end && m->marks[i].end <= m->len,
		      "mark outside its text", m->text);
		check(i == 0 || m->marks[i - 1].end <= m->marks[i].start, "marks out of order",
		      m->text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct account *const actors[] = { NULL, &admin, &coord, &member };
	struct search_request r = { 0 };
	struct search_answer ans;
	struct suggestion *sg;
	struct derr e = { 0 };
	char *q;
	size_t nsg;
	int64_t sum = 0;
	uint8_t opt;

	if (!store)
		setup();
	if (size == 0)
		return 0;
	opt = data[0];
	data++;
	size--;
	if (!utf8_valid((const char *)data, size))
		return 0;
	for (size_t i = 0; i < size; i++)
		if (data[i] < 0x20 || data[i] == 0x7f)
			return 0;
	q = malloc(size + 1);
	check(q != NULL, "malloc", NULL);
	memcpy(q, data, size);
	q[size] = '\0';

	c.user = actors[opt & 3];
	r.q = q;
	r.page = 1 + ((opt >> 2) & 3);
	r.per_page = (opt & 0x10) ? 1 : 10;
	if (opt & 0x20)
		r.type = q;
	if (search_run(&c, &r, &ans, &e) < 0) {
		check(e.kind == DERR_INVALID, "a refusal that is not a 400", e.message);
		check(!strcmp(e.field, "q") || !strcmp(e.field, "type"),
		      "a 400 naming another field", e.field);
		check(e.message[0] != '\0', "a 400 without a message", NULL);
	} else {
		check(ans.n <= (size_t)r.per_page, "more items than the page holds", q);
		check(ans.total >= 0 && (int64_t)ans.n <= ans.total, "items beyond the total", q);
		check(!ans.nothing || ans.total == 0, "unsearchable with results", q);
		for (size_t i = 0; i < ans.n; i++) {
			check(ans.items[i].kind != NULL, "an item without a kind", q);
			check_marked(&ans.items[i].name);
			check_marked(&ans.items[i].name_en);
			check_marked(&ans.items[i].subtitle);
			check_marked(&ans.items[i].snippet);
		}
		for (size_t i = 0; i < ans.nfacets[SF_TYPE]; i++)
			sum += ans.facets[SF_TYPE][i].n;
		check(sum == ans.total, "the type facet does not add up to the total", q);
	}
	if (suggest_names(&c, q, 8, &sg, &nsg, &e) == 0) {
		check(nsg <= 8, "more suggestions than asked", q);
		for (size_t i = 0; i < nsg; i++)
			check(sg[i].name && sg[i].kind, "a suggestion without a name", q);
	} else {
		check(0, "suggest_names failed", e.message);
	}
	arena_free(&a);
	free(q);
	return 0;
}
