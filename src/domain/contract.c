/*
 * contract.c — technology contracts: vocabularies, validation, who may do
 * what, the submitted → verified / returned workflow, lists and exports.
 * See contract.h.  The CSV import is in contract_import.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/cst.h"
#include "core/csv.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_contract_kind[] = {
	{ "development", "技术开发", "Technology development" },
	{ "transfer", "技术转让", "Technology transfer" },
	{ "licensing", "技术许可", "Technology licensing" },
	{ "consulting", "技术咨询", "Technology consulting" },
	{ "service", "技术服务", "Technology service" },
	{ NULL, NULL, NULL },
};

/* The technology fields of China's contract registration (技术领域). */
const struct term vocab_tech_field[] = {
	{ "electronic_information", "电子信息", "Electronic information" },
	{ "aerospace", "航空航天", "Aerospace" },
	{ "advanced_manufacturing", "先进制造", "Advanced manufacturing" },
	{ "biomedicine", "生物、医药和医疗器械", "Biomedicine and medical devices" },
	{ "new_materials", "新材料及其应用", "New materials" },
	{ "new_energy", "新能源与高效节能", "New energy and energy efficiency" },
	{ "environment", "环境保护与资源综合利用", "Environment and resources" },
	{ "nuclear", "核应用技术", "Nuclear applications" },
	{ "agriculture", "农业", "Agriculture" },
	{ "transport", "现代交通", "Modern transport" },
	{ "urban_social", "城市建设与社会发展", "Urban and social development" },
	{ NULL, NULL, NULL },
};

const struct term vocab_contract_state[] = {
	{ "submitted", "待核验", "Submitted" },
	{ "verified", "已核验", "Verified" },
	{ "returned", "已退回", "Returned" },
	{ NULL, NULL, NULL },
};

const struct field contract_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct contract, id), 0, 0, NULL, "编号", "ID" },
	{ "kind", FT_ENUM, F_REQUIRED, offsetof(struct contract, kind), 0, 0, vocab_contract_kind, "合同类型", "Type" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct contract, title), 0, 200, NULL, "合同名称", "Title" },
	{ "amount_cny", FT_INT, F_REQUIRED, offsetof(struct contract, amount_cny), 1, CONTRACT_MAX_CNY, NULL, "合同金额（元）", "Amount (CNY)" },
	{ "income_cny", FT_INT, F_REQUIRED, offsetof(struct contract, income_cny), 0, CONTRACT_MAX_CNY, NULL, "技术性收入（元）", "Technical income (CNY)" },
	{ "seller_org_id", FT_INT, 0, offsetof(struct contract, seller_org_id), 1, INT64_MAX, NULL, "卖方单位", "Seller" },
	{ "buyer_org_id", FT_INT, F_REQUIRED, offsetof(struct contract, buyer_org_id), 1, INT64_MAX, NULL, "买方单位", "Buyer" },
	{ "signed_on", FT_TEXT, F_REQUIRED, offsetof(struct contract, signed_on), 0, 10, NULL, "签订日期", "Signing date" },
	{ "field", FT_ENUM, F_REQUIRED, offsetof(struct contract, field), 0, 0, vocab_tech_field, "技术领域", "Technology field" },
	{ "state", FT_ENUM, F_READONLY, offsetof(struct contract, state), 0, 0, vocab_contract_state, "状态", "State" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

json_t *contract_json(const struct contract *k)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s?, s:s?, s:I, s:s?, s:s?,"
			      " s:s, s:s, s:s, s:I, s:s, s:s, s:s?, s:I, s:I}",
		"id", (json_int_t)k->id, "kind", k->kind, "title", k->title,
		"amount_cny", (json_int_t)k->amount_cny, "income_cny", (json_int_t)k->income_cny,
		"seller_org_id", (json_int_t)k->seller_org_id,
		"seller_zh", k->seller_zh, "seller_en", k->seller_en,
		"buyer_org_id", (json_int_t)k->buyer_org_id,
		"buyer_zh", k->buyer_zh, "buyer_en", k->buyer_en,
		"seller_region", k->seller_region, "buyer_region", k->buyer_region,
		"signed_on", k->signed_on, "year", (json_int_t)k->year, "field", k->field,
		"state", k->state, "reason", k->reason,
		"created_at", (json_int_t)k->created_at, "updated_at", (json_int_t)k->updated_at);
	if (j)
		json_object_set_new(j, "decided_at",
				    k->decided_at > 0 ? json_integer(k->decided_at) : json_null());
	return j;
}

/* ---- who may do what ------------------------------------------------------ */

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* May the actor register or change a contract whose seller is this
 * organisation in this region? */
static int may_sell(const struct ctx *c, int64_t seller, const char *region)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
		return 1;
	case ROLE_COORDINATOR:
		return same(region, c->user->region_code);
	case ROLE_ORG_ADMIN:
		return seller > 0 && seller == c->user->org_id;
	default:
		return 0;
	}
}

int contract_may_register(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r == ROLE_SYSADMIN || r == ROLE_COORDINATOR || (r == ROLE_ORG_ADMIN && c->user->org_id > 0);
}

int contract_may_edit(const struct ctx *c, const struct contract *k)
{
	return strcmp(k->state, "verified") != 0 &&
	       may_sell(c, k->seller_org_id, k->seller_region);
}

int contract_may_decide(const struct ctx *c, const struct contract *k)
{
	if (strcmp(k->state, "submitted") != 0)
		return 0;
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
		return 1;
	case ROLE_COORDINATOR:
		return same(k->seller_region, c->user->region_code);
	default:
		return 0;
	}
}

static int may_read(const struct ctx *c, const struct contract *k)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return same(k->seller_region, c->user->region_code) ||
		       same(k->buyer_region, c->user->region_code);
	case ROLE_ORG_ADMIN:
	case ROLE_MEMBER:
		return c->user->org_id > 0 && (k->seller_org_id == c->user->org_id ||
					       k->buyer_org_id == c->user->org_id);
	default:
		return 0;
	}
}

static int deny(const struct ctx *c, struct derr *e, const char *what)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to %s", what);
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "you may not %s", what);
}

/* ---- checks ------------------------------------------------------------- */

int contract_date(struct arena *a, const char *s, const char **out, int64_t *year,
		  int64_t *day)
{
	int64_t y = 0, m = 0, d = 0;
	int part = 0, digits = 0;
	char sep = 0;
	for (const char *p = s; ; p++) {
		if (*p >= '0' && *p <= '9') {
			int64_t *v = part == 0 ? &y : part == 1 ? &m : &d;
			if (++digits > (part == 0 ? 4 : 2))
				return -1;
			*v = *v * 10 + (*p - '0');
			continue;
		}
		if (*p == '\0' && part == 2 && digits)
			break;
		if ((*p != '-' && *p != '/') || !digits || part == 2 || (sep && *p != sep) ||
		    (part == 0 && digits != 4))
			return -1;
		sep = *p;
		part++;
		digits = 0;
	}
	if (!cst_date_valid(y, (int)m, (int)d))
		return -1;
	*year = y;
	*day = cst_days_from_civil(y, (int)m, (int)d);
	*out = arena_printf(a, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
	return *out ? 0 : -1;
}

/*
 * Checks k inside the open transaction and fills what follows from it: the
 * regions of the parties, the normalised date and its year.  Refusals name
 * the field.
 */
static int contract_check(struct ctx *c, struct contract *k, struct derr *e)
{
	struct org seller, buyer;
	int64_t year, day;
	int rc;

	if (k->seller_org_id <= 0)
		return derr_set(e, DERR_INVALID, "required", "seller_org_id",
				"seller_org_id is required");
	rc = store_org_get(c->db, c->a, k->seller_org_id, &seller);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "seller_org_id",
				"organisation %lld does not exist", (long long)k->seller_org_id);
	if (rc < 0)
		return derr_store(e, rc, "checking the seller");
	if (k->buyer_org_id == k->seller_org_id)
		return derr_set(e, DERR_INVALID, "same_party", "buyer_org_id",
				"the buyer must be another organisation than the seller");
	rc = store_org_get(c->db, c->a, k->buyer_org_id, &buyer);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "buyer_org_id",
				"organisation %lld does not exist", (long long)k->buyer_org_id);
	if (rc < 0)
		return derr_store(e, rc, "checking the buyer");
	if (k->income_cny > k->amount_cny)
		return derr_set(e, DERR_INVALID, "out_of_range", "income_cny",
				"income_cny cannot exceed amount_cny");
	if (!k->signed_on || contract_date(c->a, k->signed_on, &k->signed_on, &year, &day) < 0)
		return derr_set(e, DERR_INVALID, "wrong_type", "signed_on",
				"signed_on must be a real date, YYYY-MM-DD");
	if (day > cst_day(now_unix()))
		return derr_set(e, DERR_INVALID, "out_of_range", "signed_on",
				"signed_on is in the future");
	if (year < CONTRACT_YEAR_MIN)
		return derr_set(e, DERR_INVALID, "out_of_range", "signed_on",
				"signed_on is before %d", CONTRACT_YEAR_MIN);
	k->year = year;
	k->seller_region = seller.region_code;
	k->buyer_region = buyer.region_code;
	k->seller_zh = seller.name_zh;
	k->seller_en = seller.name_en;
	k->buyer_zh = buyer.name_zh;
	k->buyer_en = buyer.name_en;
	return 0;
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

/* Audits the change of contract id from old (NULL on create) to the row. */
static int audit_saved(struct ctx *c, const char *action, int64_t id,
		       const struct contract *old, struct derr *e)
{
	struct contract saved;
	json_t *before = old ? contract_json(old) : NULL, *after = NULL;
	int rc = store_contract_get(c->db, c->a, id, &saved);
	if (rc == 0 && !(after = contract_json(&saved)))
		rc = DB_ERR;
	if (rc == 0 && old && !before)
		rc = DB_ERR;
	if (rc == 0)
		rc = audit_log(c, action, "contract", id, before, after, e);
	json_decref(before);
	json_decref(after);
	return rc > 0 ? DB_ERR : rc;
}

/* Registers k (checked fields applied) inside the open transaction. */
static int contract_insert_checked(struct ctx *c, struct contract *k, int64_t *id,
				   struct derr *e)
{
	int rc = contract_check(c, k, e);
	if (rc < 0)
		return rc;
	if (!may_sell(c, k->seller_org_id, k->seller_region))
		return deny(c, e, "register contracts for this seller");
	k->state = "submitted";
	k->reason = NULL;
	k->registered_by = c->user ? c->user->id : 0;
	if ((rc = store_contract_insert(c->db, k, id)) < 0)
		return rc;
	return audit_saved(c, "create", *id, NULL, e);
}

int contract_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct contract k;
	int rc;

	memset(&k, 0, sizeof k);
	if (!contract_may_register(c))
		return deny(c, e, "register contracts");
	if (fields_apply(contract_fields, in, &k, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if (k.seller_org_id <= 0 && c->user->org_id > 0)
		k.seller_org_id = c->user->org_id;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "registering the contract");
	rc = contract_insert_checked(c, &k, id, e);
	return finish(c, rc, e, "registering the contract");
}

/* Opens the write transaction and reads contract id for a change. */
static int begin_change(struct ctx *c, int64_t id, struct contract *old, const char *what,
			struct derr *e)
{
	int rc;
	if (!c->user)
		return deny(c, e, what);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, what);
	rc = store_contract_get(c->db, c->a, id, old);
	if (rc == 0 && !may_read(c, old) && role_of(c->user) != ROLE_COORDINATOR)
		rc = 1;   /* do not tell outsiders it exists */
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"contract %lld does not exist", (long long)id);
	}
	if (rc < 0) {
		store_rollback(c->db);
		return derr_store(e, rc, what);
	}
	return 0;
}

int contract_update(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	struct contract old, k;
	int rc;

	if (begin_change(c, id, &old, "change this contract", e) < 0)
		return -1;
	if (!may_sell(c, old.seller_org_id, old.seller_region)) {
		store_rollback(c->db);
		return deny(c, e, "change this contract");
	}
	if (!strcmp(old.state, "verified")) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "verified", NULL,
				"a verified contract cannot be changed");
	}
	k = old;
	if (fields_apply(contract_fields, in, &k, c->a, FIELDS_PATCH, e) < 0 ||
	    contract_check(c, &k, e) < 0)
		return finish(c, -1, e, "changing the contract");
	/* moving it to another seller needs rights over that one too */
	if (!may_sell(c, k.seller_org_id, k.seller_region)) {
		store_rollback(c->db);
		return deny(c, e, "register contracts for this seller");
	}
	k.state = "submitted";
	k.reason = NULL;
	k.decided_by = k.decided_at = 0;
	rc = store_contract_update(c->db, &k);
	if (rc == 0)
		rc = audit_saved(c, "update", id, &old, e);
	return finish(c, rc, e, "changing the contract");
}

static int decide(struct ctx *c, int64_t id, const char *state, const char *reason,
		  struct derr *e)
{
	struct contract old, k;
	int rc;

	if (begin_change(c, id, &old, "verify contracts", e) < 0)
		return -1;
	if (role_of(c->user) != ROLE_SYSADMIN &&
	    !(role_of(c->user) == ROLE_COORDINATOR &&
	      same(old.seller_region, c->user->region_code))) {
		store_rollback(c->db);
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"only the coordinator of the seller's region may verify this contract");
	}
	if (strcmp(old.state, "submitted") != 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "not_submitted", NULL,
				"the contract is %s, not submitted", old.state);
	}
	k = old;
	k.state = state;
	k.reason = reason;
	k.decided_by = c->user->id;
	k.decided_at = now_unix();
	rc = store_contract_update(c->db, &k);
	if (rc == 0)
		rc = audit_saved(c, !strcmp(state, "verified") ? "verify" : "return", id, &old, e);
	return finish(c, rc, e, "deciding on the contract");
}

int contract_verify(struct ctx *c, int64_t id, struct derr *e)
{
	return decide(c, id, "verified", NULL, e);
}

int contract_return(struct ctx *c, int64_t id, const char *reason, struct derr *e)
{
	const char *s = reason;
	size_t len;
	while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	len = s ? strlen(s) : 0;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
		       s[len - 1] == '\r'))
		len--;
	if (!len)
		return derr_set(e, DERR_INVALID, "required", "reason",
				"say why the contract is returned");
	if (text_check(s, len, 1, 500, "reason", e) < 0)
		return -1;
	return decide(c, id, "returned", arena_strndup(c->a, s, len), e);
}

int contract_get(struct ctx *c, int64_t id, struct contract *out, struct derr *e)
{
	int rc;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to read contracts");
	rc = store_contract_get(c->db, c->a, id, out);
	if (rc == 0 && !may_read(c, out))
		rc = 1;
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"contract %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the contract") : 0;
}

static int check_key(const struct term *v, const char *key, const char *param,
		     struct derr *e)
{
	if (key && *key && !vocab_find(v, key))
		return derr_set(e, DERR_INVALID, "not_allowed", param,
				"%s must be one of the listed values", param);
	return 0;
}

int contract_list(struct ctx *c, const struct contract_query *q, struct contract **out,
		  size_t *n, int64_t *total, struct derr *e)
{
	struct contract_filter f = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to read contracts");
	if (check_key(vocab_contract_state, q->state, "state", e) < 0 ||
	    check_key(vocab_contract_kind, q->kind, "kind", e) < 0 ||
	    check_key(vocab_tech_field, q->field, "field", e) < 0)
		return -1;
	if (q->year && (q->year < CONTRACT_YEAR_MIN || q->year > 2100))
		return derr_set(e, DERR_INVALID, "out_of_range", "year",
				"year must be between %d and 2100", CONTRACT_YEAR_MIN);
	f.year = q->year;
	f.state = q->state && *q->state ? q->state : NULL;
	f.kind = q->kind && *q->kind ? q->kind : NULL;
	f.field = q->field && *q->field ? q->field : NULL;
	f.region = q->region && *q->region ? q->region : NULL;
	f.org_id = q->org_id;
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		break;
	case ROLE_COORDINATOR:
		if (q->review)
			f.seller_region = c->user->region_code;
		else if (f.region && !same(f.region, c->user->region_code))
			return 0;   /* nothing of another region is theirs to read */
		else
			f.region = c->user->region_code;
		break;
	case ROLE_ORG_ADMIN:
	case ROLE_MEMBER:
		if (c->user->org_id <= 0 || (f.org_id && f.org_id != c->user->org_id))
			return 0;
		f.org_id = c->user->org_id;
		break;
	default:
		return 0;
	}
	if (q->review) {
		if (role_of(c->user) != ROLE_COORDINATOR && role_of(c->user) != ROLE_SYSADMIN)
			return 0;
		f.state = "submitted";
	}
	f.offset = q->per_page > 0 ? (q->page - 1) * q->per_page : 0;
	f.limit = q->per_page;
	rc = store_contract_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing contracts") : 0;
}

/* ---- exports ------------------------------------------------------------ */

/* One cell and its separator (core/csv.h quotes it, and writes a cell a
 * spreadsheet would take for a formula as text). */
static int csv_cell(struct buf *out, const char *v, int last)
{
	int rc = v ? csv_add_field(out, v, strlen(v), ',', 1) : 0;
	return rc | buf_adds(out, last ? "\r\n" : ",");
}

int contract_csv(const struct contract *rows, size_t n, struct buf *out)
{
	static const char *const head[] = {
		"id", "kind", "title", "amount_cny", "income_cny", "seller", "seller_name",
		"seller_region", "buyer", "buyer_name", "buyer_region", "signed_on", "field", "state",
	};
	int rc = buf_adds(out, "\xEF\xBB\xBF");
	for (size_t i = 0; i < ARRAY_SIZE(head); i++)
		rc |= csv_cell(out, head[i], i + 1 == ARRAY_SIZE(head));
	for (size_t i = 0; i < n && !rc; i++) {
		const struct contract *k = &rows[i];
		char num[5][24];
		snprintf(num[0], sizeof num[0], "%lld", (long long)k->id);
		snprintf(num[1], sizeof num[1], "%lld", (long long)k->amount_cny);
		snprintf(num[2], sizeof num[2], "%lld", (long long)k->income_cny);
		snprintf(num[3], sizeof num[3], "%lld", (long long)k->seller_org_id);
		snprintf(num[4], sizeof num[4], "%lld", (long long)k->buyer_org_id);
		rc |= csv_cell(out, num[0], 0);
		rc |= csv_cell(out, k->kind, 0);
		rc |= csv_cell(out, k->title, 0);
		rc |= csv_cell(out, num[1], 0);
		rc |= csv_cell(out, num[2], 0);
		rc |= csv_cell(out, num[3], 0);
		rc |= csv_cell(out, k->seller_zh, 0);
		rc |= csv_cell(out, k->seller_region, 0);
		rc |= csv_cell(out, num[4], 0);
		rc |= csv_cell(out, k->buyer_zh, 0);
		rc |= csv_cell(out, k->buyer_region, 0);
		rc |= csv_cell(out, k->signed_on, 0);
		rc |= csv_cell(out, k->field, 0);
		rc |= csv_cell(out, k->state, 1);
	}
	return rc ? -1 : 0;
}

int contract_xlsx(const struct contract *rows, size_t n, struct buf *out, struct derr *e)
{
	static const char *const head[] = {
		"编号", "合同类型", "合同名称", "合同金额（元）", "技术性收入（元）", "卖方编号",
		"卖方", "卖方区域", "买方编号", "买方", "买方区域", "签订日期", "技术领域", "状态",
	};
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money;
	FILE *fp = NULL;
	int fd, rc = -1;
	long size;

	snprintf(path, sizeof path, "%s/shenrong-contracts-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"cannot make a temporary file: %s", strerror(errno));
	close(fd);
	if (!(wb = workbook_new(path))) {
		unlink(path);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot start the workbook");
	}
	ws = workbook_add_worksheet(wb, "技术合同");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0");
	for (lxw_col_t k = 0; k < ARRAY_SIZE(head); k++)
		worksheet_write_string(ws, 0, k, head[k], bold);
	for (size_t i = 0; i < n; i++) {
		const struct contract *k = &rows[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_number(ws, row, 0, (double)k->id, NULL);
		worksheet_write_string(ws, row, 1, vocab_label(vocab_contract_kind, k->kind, "zh"), NULL);
		worksheet_write_string(ws, row, 2, k->title, NULL);
		worksheet_write_number(ws, row, 3, (double)k->amount_cny, money);
		worksheet_write_number(ws, row, 4, (double)k->income_cny, money);
		worksheet_write_number(ws, row, 5, (double)k->seller_org_id, NULL);
		worksheet_write_string(ws, row, 6, k->seller_zh ? k->seller_zh : "", NULL);
		worksheet_write_string(ws, row, 7, k->seller_region, NULL);
		worksheet_write_number(ws, row, 8, (double)k->buyer_org_id, NULL);
		worksheet_write_string(ws, row, 9, k->buyer_zh ? k->buyer_zh : "", NULL);
		worksheet_write_string(ws, row, 10, k->buyer_region, NULL);
		worksheet_write_string(ws, row, 11, k->signed_on, NULL);
		worksheet_write_string(ws, row, 12, vocab_label(vocab_tech_field, k->field, "zh"), NULL);
		worksheet_write_string(ws, row, 13, vocab_label(vocab_contract_state, k->state, "zh"), NULL);
	}
	worksheet_set_column(ws, 2, 2, 36, NULL);
	worksheet_set_column(ws, 6, 6, 28, NULL);
	worksheet_set_column(ws, 9, 9, 28, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot write the workbook");
		goto out;
	}
	if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) < 0 || buf_grow(out, (size_t)size) < 0 ||
	    fread(out->s + out->len, 1, (size_t)size, fp) != (size_t)size) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the workbook back");
		goto out;
	}
	out->len += (size_t)size;
	out->s[out->len] = '\0';
	rc = 0;
out:
	if (fp)
		fclose(fp);
	unlink(path);
	return rc;
}

int contract_import_row(struct ctx *c, struct contract *k, int64_t *id, struct derr *e)
{
	return contract_insert_checked(c, k, id, e);
}
