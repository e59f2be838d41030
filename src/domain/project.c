/*
 * project.c — joint projects: vocabularies, reading and checking their
 * documents, who may do what, writes with audit and the overlap history,
 * milestones and outputs.  See project.h.  The import is in
 * project_import.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/overlap.h"
#include "domain/project.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_project_status[] = {
	{ "planned", "筹备中", "Planned" },
	{ "active", "在研", "Active" },
	{ "completed", "已结题", "Completed" },
	{ "terminated", "已终止", "Terminated" },
	{ NULL, NULL, NULL },
};

const struct term vocab_funding_source[] = {
	{ "fiscal", "财政资金", "Fiscal funds" },
	{ "enterprise", "企业投入", "Enterprise funds" },
	{ "social", "社会资本", "Social capital" },
	{ NULL, NULL, NULL },
};

const struct term vocab_milestone_status[] = {
	{ "planned", "未开始", "Planned" },
	{ "in_progress", "进行中", "In progress" },
	{ "done", "已完成", "Done" },
	{ "cancelled", "已取消", "Cancelled" },
	{ NULL, NULL, NULL },
};

const struct term vocab_output_kind[] = {
	{ "patent", "专利", "Patent" },
	{ "paper", "论文", "Paper" },
	{ "standard", "标准", "Standard" },
	{ "product", "产品", "Product" },
	{ "software", "软件著作权", "Software" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL },
};

const struct field project_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct project, id), 0, 0, NULL, "编号", "ID" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct project, title), 0, 200, NULL, "项目名称", "Title" },
	{ "title_en", FT_TEXT, 0, offsetof(struct project, title_en), 0, 300, NULL, "英文名称", "Title (English)" },
	{ "summary", FT_TEXT, F_MULTILINE, offsetof(struct project, summary), 0, 5000, NULL, "项目简介", "Summary" },
	{ "field", FT_ENUM, 0, offsetof(struct project, field), 0, 0, vocab_industry, "产业领域", "Field" },
	{ "status", FT_ENUM, 0, offsetof(struct project, status), 0, 0, vocab_project_status, "状态", "Status" },
	{ "start_year", FT_INT, F_REQUIRED, offsetof(struct project, start_year), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, NULL, "开始年份", "Start year" },
	{ "end_year", FT_INT, F_REQUIRED, offsetof(struct project, end_year), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, NULL, "结束年份", "End year" },
	{ "lead_org_id", FT_INT, F_REQUIRED, offsetof(struct project, lead_org_id), 1, INT64_MAX, NULL, "牵头单位", "Lead organisation" },
	{ "consortium_id", FT_INT, 0, offsetof(struct project, consortium_id), 1, INT64_MAX, NULL, "创新联合体", "Innovation consortium" },
	{ "total_cny", FT_INT, F_REQUIRED, offsetof(struct project, total_cny), 0, PROJECT_MAX_CNY, NULL, "总经费（元）", "Total funding (CNY)" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const struct field funding_fields[] = {
	{ "source", FT_ENUM, F_REQUIRED, offsetof(struct funding_line, source), 0, 0, vocab_funding_source, "资金来源", "Source" },
	{ "region", FT_TEXT, 0, offsetof(struct funding_line, region_code), 0, 6, NULL, "区域", "Region" },
	{ "year", FT_INT, F_REQUIRED, offsetof(struct funding_line, year), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, NULL, "年度", "Year" },
	{ "amount_cny", FT_INT, F_REQUIRED, offsetof(struct funding_line, amount_cny), 1, PROJECT_MAX_CNY, NULL, "金额（元）", "Amount (CNY)" },
	{ "note", FT_TEXT, 0, offsetof(struct funding_line, note), 0, 200, NULL, "说明", "Note" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct field milestone_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct milestone, id), 0, 0, NULL, "编号", "ID" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct milestone, title), 0, 200, NULL, "里程碑", "Milestone" },
	{ "due_on", FT_TEXT, F_REQUIRED, offsetof(struct milestone, due_on), 0, 10, NULL, "计划完成日期", "Due on" },
	{ "status", FT_ENUM, 0, offsetof(struct milestone, status), 0, 0, vocab_milestone_status, "状态", "Status" },
	{ "done_on", FT_TEXT, 0, offsetof(struct milestone, done_on), 0, 10, NULL, "实际完成日期", "Done on" },
	{ "note", FT_TEXT, F_MULTILINE, offsetof(struct milestone, note), 0, 1000, NULL, "说明", "Note" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct field output_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct project_output, id), 0, 0, NULL, "编号", "ID" },
	{ "kind", FT_ENUM, F_REQUIRED, offsetof(struct project_output, kind), 0, 0, vocab_output_kind, "成果类型", "Kind" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct project_output, title), 0, 300, NULL, "成果名称", "Title" },
	{ "ref", FT_TEXT, 0, offsetof(struct project_output, ref), 0, 200, NULL, "编号（专利号、DOI、标准号）", "Reference (patent no., DOI, standard no.)" },
	{ "year", FT_INT, 0, offsetof(struct project_output, year), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, NULL, "年份", "Year" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- JSON ------------------------------------------------------------------ */

static json_t *opt_int(int64_t v)
{
	return v > 0 ? json_integer(v) : json_null();
}

json_t *milestone_json(const struct milestone *m)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s?, s:s?, s:I}",
		"id", (json_int_t)m->id, "project_id", (json_int_t)m->project_id,
		"seq", (json_int_t)m->seq, "title", m->title, "due_on", m->due_on,
		"status", m->status, "done_on", m->done_on, "note", m->note,
		"updated_at", (json_int_t)m->updated_at);
}

json_t *output_json(const struct project_output *o)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s?, s:I}", "id", (json_int_t)o->id,
			      "project_id", (json_int_t)o->project_id, "kind", o->kind,
			      "title", o->title, "ref", o->ref, "created_at", (json_int_t)o->created_at);
	if (j)
		json_object_set_new(j, "year", opt_int(o->year));
	return j;
}

json_t *project_json(const struct project *p, int children)
{
	json_t *j = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s, s:I, s:I, s:s?, s:s?, s:s?,"
			      " s:s?, s:I, s:I, s:I, s:I, s:I, s:b, s:I, s:I}",
		"id", (json_int_t)p->id, "title", p->title, "title_en", p->title_en,
		"summary", p->summary, "field", p->field, "status", p->status ? p->status : "active",
		"start_year", (json_int_t)p->start_year, "lead_org_id", (json_int_t)p->lead_org_id,
		"lead_zh", p->lead_zh, "lead_en", p->lead_en, "lead_region", p->lead_region,
		"consortium_name", p->consortium_name, "total_cny", (json_int_t)p->total_cny,
		"fiscal_cny", (json_int_t)p->fiscal_cny, "enterprise_cny", (json_int_t)p->enterprise_cny,
		"social_cny", (json_int_t)p->social_cny, "regions", (json_int_t)p->regions,
		"cross_region", p->regions >= 2,
		"created_at", (json_int_t)p->created_at, "updated_at", (json_int_t)p->updated_at);
	json_t *a;
	if (!j)
		return NULL;
	json_object_set_new(j, "end_year", opt_int(p->end_year));
	json_object_set_new(j, "consortium_id", opt_int(p->consortium_id));
	json_object_set_new(j, "challenge_id", opt_int(p->challenge_id));
	if (!children)
		return j;
	json_object_set_new(j, "members", joint_parties_json(p->members, p->nmembers));
	json_object_set_new(j, "experts", joint_persons_json(p->experts, p->nexperts));
	a = json_array();
	for (size_t i = 0; i < p->nfunding; i++) {
		const struct funding_line *f = &p->funding[i];
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:I, s:I, s:s?}",
			"id", (json_int_t)f->id, "source", f->source, "region", f->region_code,
			"region_zh", f->region_zh, "region_en", f->region_en, "year", (json_int_t)f->year,
			"amount_cny", (json_int_t)f->amount_cny, "note", f->note));
	}
	json_object_set_new(j, "funding", a);
	a = json_array();
	for (size_t i = 0; i < p->nmilestones; i++)
		json_array_append_new(a, milestone_json(&p->milestones[i]));
	json_object_set_new(j, "milestones", a);
	a = json_array();
	for (size_t i = 0; i < p->noutputs; i++)
		json_array_append_new(a, output_json(&p->outputs[i]));
	json_object_set_new(j, "outputs", a);
	return j;
}

/* ---- who may do what ----------------------------------------------------------- */

int project_may_lead(const struct ctx *c, int64_t lead, const char *region)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return region && c->user->region_code && strcmp(region, c->user->region_code) == 0;
	case ROLE_ORG_ADMIN:
		return lead > 0 && lead == c->user->org_id;
	default:
		return 0;
	}
}

int project_may_create(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r >= ROLE_COORDINATOR || (r == ROLE_ORG_ADMIN && c->user->org_id > 0);
}

int project_may_edit(const struct ctx *c, const struct project *p)
{
	return project_may_lead(c, p->lead_org_id, p->lead_region);
}

int project_may_edit_milestones(struct ctx *c, const struct project *p)
{
	switch (role_of(c->user)) {
	case ROLE_VISITOR:
		return 0;
	case ROLE_SYSADMIN:
		return 1;
	case ROLE_ORG_ADMIN:
		if (p->lead_org_id > 0 && c->user->org_id == p->lead_org_id)
			return 1;
		break;
	default:
		break;
	}
	return store_project_is_lead_expert(c->db, p->id, c->user->id) == 1;
}

static int deny(const struct ctx *c, struct derr *e, const char *what)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to %s", what);
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "you may not %s", what);
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	overlap_after_commit(c);
	return 0;
}

/* ---- reading a document ------------------------------------------------------------ */

/* Prefixes e->field with "list[i]." after a spec refused an element. */
static int in_list(struct ctx *c, struct derr *e, const char *list, size_t i)
{
	const char *f = *e->field ? arena_printf(c->a, "%s[%zu].%s", list, i, e->field)
				  : arena_printf(c->a, "%s[%zu]", list, i);
	if (f) {
		size_t n = strlen(f) < sizeof e->field - 1 ? strlen(f) : sizeof e->field - 1;
		memcpy(e->field, f, n);
		e->field[n] = '\0';
	}
	return -1;
}

/* Applies spec to each object of the array v into n records of size bytes
 * (zeroed first, then init() if given). */
static int read_list(struct ctx *c, json_t *v, const char *name, const struct field *spec,
		     size_t size, size_t max, void **out, size_t *n, struct derr *e)
{
	size_t i;
	json_t *x;
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be a list", name);
	if (json_array_size(v) > max)
		return derr_set(e, DERR_INVALID, "too_many", name, "%s has more than %zu entries",
				name, max);
	if (json_array_size(v) && !(*out = arena_zalloc(c->a, json_array_size(v) * size)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, x) {
		if (!json_is_object(x))
			return derr_set(e, DERR_INVALID, "wrong_type",
					arena_printf(c->a, "%s[%zu]", name, i),
					"%s[%zu] must be an object", name, i);
		if (fields_apply(spec, x, (char *)*out + i * size, c->a, FIELDS_CREATE, e) < 0)
			return in_list(c, e, name, i);
		(*n)++;
	}
	return 0;
}

int project_draft_read(struct ctx *c, json_t *in, enum fields_mode mode,
		       struct project_draft *d, struct derr *e)
{
	static const char *const lists[] = { "members", "experts", "funding", "milestones", "outputs" };
	json_t *rest, *v[5];
	void *arr;
	size_t n;
	int rc;

	if (joint_split(in, lists, 5, NULL, &rest, v, e) < 0)
		return -1;
	rc = fields_apply(project_fields, rest, &d->p, c->a, mode, e);
	json_decref(rest);
	if (rc < 0)
		return -1;
	if (mode == FIELDS_PATCH && (v[3] || v[4]))
		return derr_set(e, DERR_INVALID, "read_only", v[3] ? "milestones" : "outputs",
				"%s are changed one by one, not with the project",
				v[3] ? "milestones" : "outputs");
	if ((d->has_members = v[0] != NULL) &&
	    joint_parties(c, v[0], "members", d->p.lead_org_id, &d->p.members, &d->p.nmembers, e) < 0)
		return -1;
	if ((d->has_experts = v[1] != NULL) &&
	    joint_persons(c, v[1], "experts", &d->p.experts, &d->p.nexperts, e) < 0)
		return -1;
	if ((d->has_funding = v[2] != NULL)) {
		if (read_list(c, v[2], "funding", funding_fields, sizeof(struct funding_line),
			      PROJECT_MAX_FUNDING, &arr, &n, e) < 0)
			return -1;
		d->p.funding = arr;
		d->p.nfunding = n;
	}
	if (read_list(c, v[3], "milestones", milestone_fields, sizeof(struct milestone),
		      PROJECT_MAX_MILESTONES, &arr, &n, e) < 0)
		return -1;
	d->p.milestones = arr;
	d->p.nmilestones = n;
	if (read_list(c, v[4], "outputs", output_fields, sizeof(struct project_output),
		      PROJECT_MAX_OUTPUTS, &arr, &n, e) < 0)
		return -1;
	d->p.outputs = arr;
	d->p.noutputs = n;
	return 0;
}

/* ---- checking against the store ------------------------------------------------------ */

static int check_milestone(struct ctx *c, struct milestone *m, int64_t now, struct derr *e)
{
	char today[16];
	(void)c;
	if (joint_day(m->due_on) < 0)
		return derr_set(e, DERR_INVALID, "wrong_type", "due_on",
				"due_on must be a date written YYYY-MM-DD");
	if (m->done_on && joint_day(m->done_on) < 0)
		return derr_set(e, DERR_INVALID, "wrong_type", "done_on",
				"done_on must be a date written YYYY-MM-DD");
	if (!m->status)
		m->status = "planned";
	if (strcmp(m->status, "done") != 0)
		m->done_on = NULL;
	else if (!m->done_on) {
		cst_format_day(cst_day(now), today, sizeof today);
		m->done_on = arena_strdup(c->a, today);
	}
	return 0;
}

/*
 * Checks d inside the open transaction and fills what follows: the lead's
 * region, the members' regions, the default regions of funding lines.
 */
static int draft_check(struct ctx *c, struct project_draft *d, int64_t now, struct derr *e)
{
	struct project *p = &d->p;
	struct org lead;
	int64_t sum = 0;
	size_t k = 0;

	if (joint_org(c, p->lead_org_id, NULL, "lead_org_id", &lead, e) < 0)
		return -1;
	p->lead_region = lead.region_code;
	p->lead_zh = lead.name_zh;
	if (!p->status)
		p->status = "active";
	if (!vocab_find(vocab_project_status, p->status))   /* a project of an older shape */
		p->status = "active";
	if (p->end_year > 0 && p->end_year < p->start_year)
		return derr_set(e, DERR_INVALID, "out_of_range", "end_year",
				"end_year is before start_year");
	if (p->end_year - p->start_year > PROJECT_MAX_YEARS)
		return derr_set(e, DERR_INVALID, "out_of_range", "end_year",
				"a project lasts at most %d years", PROJECT_MAX_YEARS);
	if (p->consortium_id > 0) {
		struct consortium k0;
		int rc = store_consortium_get(c->db, c->a, p->consortium_id, &k0);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "consortium_id",
					"consortium %lld does not exist", (long long)p->consortium_id);
		if (rc < 0)
			return derr_store(e, rc, "reading the consortium");
		p->consortium_name = k0.name;
	}
	/* a new lead that was a member is the lead now, not a member too */
	for (size_t i = 0; i < p->nmembers; i++)
		if (p->members[i].org_id != p->lead_org_id)
			p->members[k++] = p->members[i];
	p->nmembers = k;
	if (joint_check_orgs(c, p->members, p->nmembers, "members", e) < 0 ||
	    joint_check_experts(c, p->experts, p->nexperts, "experts", e) < 0)
		return -1;
	for (size_t i = 0; i < p->nfunding; i++) {
		struct funding_line *f = &p->funding[i];
		struct region r;
		int rc;
		if (!f->region_code) {
			if (strcmp(f->source, "fiscal") == 0)
				return derr_set(e, DERR_INVALID, "required",
						arena_printf(c->a, "funding[%zu].region", i),
						"funding[%zu].region is required for fiscal funds", i);
			f->region_code = lead.region_code;
		}
		rc = store_region_get(c->db, c->a, f->region_code, &r);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found",
					arena_printf(c->a, "funding[%zu].region", i),
					"region %.20s is not in the community", f->region_code);
		if (rc < 0)
			return derr_store(e, rc, "reading a region");
		f->region_code = r.code;
		if (f->year < p->start_year || (p->end_year > 0 && f->year > p->end_year))
			return derr_set(e, DERR_INVALID, "out_of_range",
					arena_printf(c->a, "funding[%zu].year", i),
					"funding[%zu].year is outside the project's period", i);
		sum += f->amount_cny;
	}
	if (sum != p->total_cny)
		return derr_set(e, DERR_INVALID, "sum_mismatch", "funding",
				"the funding lines add up to %lld yuan, but total_cny is %lld",
				(long long)sum, (long long)p->total_cny);
	for (size_t i = 0; i < p->nmilestones; i++)
		if (check_milestone(c, &p->milestones[i], now, e) < 0)
			return in_list(c, e, "milestones", i);
	return 0;
}

/* The lists as stored: the lead first (role lead), then the members. */
static int write_lists(struct ctx *c, struct project *p)
{
	struct party *all = arena_zalloc(c->a, (p->nmembers + 1) * sizeof *all);
	int rc;
	if (!all)
		return DB_ERR;
	all[0].org_id = p->lead_org_id;
	all[0].role = "lead";
	for (size_t i = 0; i < p->nmembers; i++) {
		all[i + 1] = p->members[i];
		all[i + 1].role = "member";
	}
	if ((rc = store_project_set_members(c->db, p->id, all, p->nmembers + 1)) < 0 ||
	    (rc = store_project_set_experts(c->db, p->id, p->experts, p->nexperts)) < 0)
		return rc;
	return store_project_set_funding(c->db, p->id, p->funding, p->nfunding);
}

/* The saved project as JSON, for the audit trail (NULL on failure). */
static json_t *saved_json(struct ctx *c, int64_t id, struct project *out)
{
	struct project p;
	if (store_joint_project_get(c->db, c->a, id, &p) != 0 ||
	    store_project_children(c->db, c->a, &p) < 0)
		return NULL;
	if (out)
		*out = p;
	return project_json(&p, 1);
}

/* Puts the project's text in the duplicate detector's history. */
static int history_put(struct ctx *c, const struct project *p, struct derr *e)
{
	struct overlap_doc_in d = { 0 };
	d.kind = "project";
	d.ref_id = p->id;
	d.title = p->title;
	d.content = p->summary && *p->summary ? p->summary : p->title;
	d.field = p->field;
	d.region_code = p->lead_region;
	d.year = p->start_year;
	if (overlap_doc_put(c, &d, e) < 0) {
		if (e->kind == DERR_INVALID && strcmp(e->field, "content") == 0)
			snprintf(e->field, sizeof e->field, "%s", d.content == p->title ? "title" : "summary");
		return -1;
	}
	return 0;
}

int project_insert_draft(struct ctx *c, struct project_draft *d, int64_t *id, struct derr *e)
{
	struct project *p = &d->p;
	json_t *after = NULL;
	int rc;

	if (draft_check(c, d, now_unix(), e) < 0)
		return -1;
	p->created_by = c->user ? c->user->id : 0;
	if ((rc = store_joint_project_insert(c->db, p, id)) < 0)
		return derr_store(e, rc, "adding the project");
	p->id = *id;
	if ((rc = write_lists(c, p)) < 0)
		return derr_store(e, rc, "adding the project's members");
	for (size_t i = 0; i < p->nmilestones; i++) {
		p->milestones[i].project_id = *id;
		if ((rc = store_milestone_insert(c->db, &p->milestones[i], NULL)) < 0)
			return derr_store(e, rc, "adding a milestone");
	}
	for (size_t i = 0; i < p->noutputs; i++) {
		p->outputs[i].project_id = *id;
		if ((rc = store_output_insert(c->db, &p->outputs[i], NULL)) < 0)
			return derr_store(e, rc, "adding an output");
	}
	if (history_put(c, p, e) < 0)
		return -1;
	if (!(after = saved_json(c, *id, NULL)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the project back");
	rc = audit_log(c, "create", "project", *id, NULL, after, e);
	json_decref(after);
	return rc;
}

int project_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct project_draft d;
	struct org lead;
	int rc;

	memset(&d, 0, sizeof d);
	if (!project_may_create(c))
		return deny(c, e, "register joint projects");
	if (project_draft_read(c, in, FIELDS_CREATE, &d, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "adding the project");
	if (joint_org(c, d.p.lead_org_id, NULL, "lead_org_id", &lead, e) < 0)
		return finish(c, -1, e, "adding the project");
	if (!project_may_lead(c, lead.id, lead.region_code)) {
		store_rollback(c->db);
		return deny(c, e, "register a project led by this organisation");
	}
	rc = project_insert_draft(c, &d, id, e);
	return finish(c, rc, e, "adding the project");
}

int project_update(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	struct project_draft d;
	struct project old;
	struct org lead;
	json_t *before = NULL, *after = NULL;
	size_t k = 0;
	int rc;

	if (!c->user)
		return deny(c, e, "change projects");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the project");
	rc = store_joint_project_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"project %lld does not exist", (long long)id);
	}
	if (rc < 0 || (rc = store_project_children(c->db, c->a, &old)) < 0)
		return finish(c, rc, e, "changing the project");
	if (!project_may_edit(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "change this project");
	}
	memset(&d, 0, sizeof d);
	d.p = old;
	/* the members without the lead, as documents list them */
	d.p.members = arena_zalloc(c->a, (old.nmembers + 1) * sizeof *d.p.members);
	for (size_t i = 0; d.p.members && i < old.nmembers; i++)
		if (old.members[i].org_id != old.lead_org_id)
			d.p.members[k++] = old.members[i];
	d.p.nmembers = k;
	d.p.milestones = NULL;
	d.p.nmilestones = 0;
	d.p.outputs = NULL;
	d.p.noutputs = 0;
	if (project_draft_read(c, in, FIELDS_PATCH, &d, e) < 0)
		return finish(c, -1, e, "changing the project");
	if (d.p.lead_org_id != old.lead_org_id) {
		if (joint_org(c, d.p.lead_org_id, NULL, "lead_org_id", &lead, e) < 0)
			return finish(c, -1, e, "changing the project");
		if (!project_may_lead(c, lead.id, lead.region_code)) {
			store_rollback(c->db);
			return deny(c, e, "hand the project to this organisation");
		}
	}
	if (draft_check(c, &d, now_unix(), e) < 0)
		return finish(c, -1, e, "changing the project");
	if ((rc = store_joint_project_update(c->db, &d.p)) < 0 || (rc = write_lists(c, &d.p)) < 0)
		return finish(c, rc, e, "changing the project");
	if (history_put(c, &d.p, e) < 0)
		return finish(c, -1, e, "changing the project");
	before = project_json(&old, 1);
	after = saved_json(c, id, NULL);
	rc = before && after ? audit_log(c, "update", "project", id, before, after, e) : DB_ERR;
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "changing the project");
}

int project_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct project old;
	json_t *before;
	int rc;

	if (!c->user)
		return deny(c, e, "delete projects");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "deleting the project");
	rc = store_joint_project_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"project %lld does not exist", (long long)id);
	}
	if (rc < 0 || (rc = store_project_children(c->db, c->a, &old)) < 0)
		return finish(c, rc, e, "deleting the project");
	if (!project_may_edit(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "delete this project");
	}
	if (old.challenge_id > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "in_use", NULL,
				"project %lld came from challenge %lld and stays with it",
				(long long)id, (long long)old.challenge_id);
	}
	if (overlap_doc_delete(c, "project", id, e) < 0)
		return finish(c, -1, e, "deleting the project");
	before = project_json(&old, 1);
	rc = store_joint_project_delete(c->db, id);
	if (rc == 0)
		rc = audit_log(c, "delete", "project", id, before, NULL, e);
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "deleting the project");
}

int project_get(struct ctx *c, int64_t id, struct project *out, struct derr *e)
{
	int rc = store_joint_project_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"project %lld does not exist", (long long)id);
	if (rc == 0)
		rc = store_project_children(c->db, c->a, out);
	return rc < 0 ? derr_store(e, rc, "reading the project") : 0;
}

int project_list(struct ctx *c, const struct project_query *q, struct project **out,
		 size_t *n, int64_t *total, struct derr *e)
{
	struct project_filter f = { 0 };
	int rc;

	if (q->field && *q->field && !vocab_find(vocab_industry, q->field))
		return derr_set(e, DERR_INVALID, "not_allowed", "field",
				"field must be one of the industrial fields");
	if (q->status && *q->status && !vocab_find(vocab_project_status, q->status))
		return derr_set(e, DERR_INVALID, "not_allowed", "status",
				"status must be planned, active, completed or terminated");
	if (q->region && *q->region) {
		struct region r;
		rc = store_region_get(c->db, c->a, q->region, &r);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "region",
					"region %.20s is not in the community", q->region);
		if (rc < 0)
			return derr_store(e, rc, "reading the region");
	}
	if (q->page < 1 || q->per_page < 1 || q->per_page > 100)
		return derr_set(e, DERR_INVALID, "out_of_range", q->page < 1 ? "page" : "per_page",
				"page or per_page out of range");
	f.q = q->q;
	f.region = q->region;
	f.field = q->field;
	f.status = q->status;
	f.org_id = q->org_id;
	f.consortium_id = q->consortium_id;
	f.cross_region = q->cross_region;
	f.year = q->year;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	rc = store_joint_project_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing projects") : 0;
}

/* ---- milestones and outputs ---------------------------------------------------------------- */

/* Opens the write transaction and reads the project, refusing those who
 * may not: milestones = 1 for the milestone rule, else the output rule. */
static int open_project(struct ctx *c, int64_t id, int milestones, struct project *p,
			struct derr *e)
{
	int rc;
	if (!c->user)
		return deny(c, e, "change this project");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the project");
	rc = store_joint_project_get(c->db, c->a, id, p);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"project %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "reading the project");
	if (!project_may_edit_milestones(c, p) && (milestones || !project_may_edit(c, p))) {
		store_rollback(c->db);
		return milestones ? deny(c, e, "change this project's milestones: only its leads do")
				  : deny(c, e, "add outputs to this project");
	}
	return 0;
}

int milestone_add(struct ctx *c, int64_t project_id, json_t *in, int64_t now, int64_t *id,
		  struct derr *e)
{
	struct project p;
	struct milestone m, saved;
	json_t *after;
	int rc;

	memset(&m, 0, sizeof m);
	if (open_project(c, project_id, 1, &p, e) < 0)
		return -1;
	if (fields_apply(milestone_fields, in, &m, c->a, FIELDS_CREATE, e) < 0 ||
	    check_milestone(c, &m, now, e) < 0)
		return finish(c, -1, e, "adding the milestone");
	m.project_id = project_id;
	if ((rc = store_milestone_insert(c->db, &m, id)) < 0 ||
	    (rc = store_milestone_get(c->db, c->a, *id, &saved)) != 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "adding the milestone");
	after = milestone_json(&saved);
	rc = audit_log(c, "create", "milestone", *id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "adding the milestone");
}

/* Reads milestone id and opens its project under the milestone rule. */
static int open_milestone(struct ctx *c, int64_t id, struct milestone *m, struct derr *e)
{
	struct project p;
	int rc = store_milestone_get(c->db, c->a, id, m);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"milestone %lld does not exist", (long long)id);
	if (rc < 0)
		return derr_store(e, rc, "reading the milestone");
	return open_project(c, m->project_id, 1, &p, e);
}

int milestone_update(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e)
{
	struct milestone old, m, saved;
	json_t *before, *after;
	int rc;

	if (open_milestone(c, id, &old, e) < 0)
		return -1;
	m = old;
	if (fields_apply(milestone_fields, in, &m, c->a, FIELDS_PATCH, e) < 0)
		return finish(c, -1, e, "changing the milestone");
	if (json_object_get(in, "status") && !json_object_get(in, "done_on") &&
	    strcmp(m.status, "done") == 0 && strcmp(old.status, "done") != 0)
		m.done_on = NULL;   /* newly done: today, unless a date is given */
	if (check_milestone(c, &m, now, e) < 0)
		return finish(c, -1, e, "changing the milestone");
	if ((rc = store_milestone_update(c->db, &m)) != 0 ||
	    (rc = store_milestone_get(c->db, c->a, id, &saved)) != 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "changing the milestone");
	before = milestone_json(&old);
	after = milestone_json(&saved);
	rc = audit_log(c, "update", "milestone", id, before, after, e);
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "changing the milestone");
}

int milestone_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct milestone old;
	json_t *before;
	int rc;

	if (open_milestone(c, id, &old, e) < 0)
		return -1;
	before = milestone_json(&old);
	rc = store_milestone_delete(c->db, id);
	if (rc == 0)
		rc = audit_log(c, "delete", "milestone", id, before, NULL, e);
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "deleting the milestone");
}

int milestone_get(struct ctx *c, int64_t id, struct milestone *out, struct derr *e)
{
	int rc = store_milestone_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"milestone %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the milestone") : 0;
}

int output_add(struct ctx *c, int64_t project_id, json_t *in, int64_t *id, struct derr *e)
{
	struct project p;
	struct project_output o, saved;
	json_t *after;
	int rc;

	memset(&o, 0, sizeof o);
	if (open_project(c, project_id, 0, &p, e) < 0)
		return -1;
	if (fields_apply(output_fields, in, &o, c->a, FIELDS_CREATE, e) < 0)
		return finish(c, -1, e, "adding the output");
	o.project_id = project_id;
	if ((rc = store_output_insert(c->db, &o, id)) < 0 ||
	    (rc = store_output_get(c->db, c->a, *id, &saved)) != 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "adding the output");
	after = output_json(&saved);
	rc = audit_log(c, "create", "project_output", *id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "adding the output");
}

int output_get(struct ctx *c, int64_t id, struct project_output *out, struct derr *e)
{
	int rc = store_output_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"output %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the output") : 0;
}

int output_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct project_output old;
	struct project p;
	json_t *before;
	int rc = store_output_get(c->db, c->a, id, &old);

	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"output %lld does not exist", (long long)id);
	if (rc < 0)
		return derr_store(e, rc, "reading the output");
	if (open_project(c, old.project_id, 0, &p, e) < 0)
		return -1;
	before = output_json(&old);
	rc = store_output_delete(c->db, id);
	if (rc == 0)
		rc = audit_log(c, "delete", "project_output", id, before, NULL, e);
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "deleting the output");
}
