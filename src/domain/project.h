/*
 * project.h — cross-region joint research projects (联合攻关项目): a lead
 * organisation and member organisations with their regions, the experts
 * involved, a period in years, funding lines (fiscal funds of a region,
 * enterprise funds, social capital) that add up to the total, milestones
 * with due dates and status, and outputs (patents, papers, standards,
 * products).  A project may belong to an innovation consortium and may
 * come from a challenge whose response was selected (challenge.h).
 *
 * The JSON document of a project (API body, converted form, import row):
 *   {"title", "title_en", "summary", "field", "status", "start_year",
 *    "end_year", "lead_org_id", "consortium_id", "total_cny",
 *    "members": [org ids, the lead not among them],
 *    "experts": [{"expert_id", "role": lead|co_lead|member}],
 *    "funding": [{"source": fiscal|enterprise|social, "region", "year",
 *                 "amount_cny", "note"}],
 *    "milestones": [{"title", "due_on", "status", "note"}]  (create only),
 *    "outputs": [{"kind", "title", "ref", "year"}]            (create only)}
 *
 * Refusals name the member at fault: a missing lead ("lead_org_id"), a
 * member twice ("members[2]", code duplicate), an end before the start, a
 * fiscal line without its region, a funding year outside the period, lines
 * that do not add up to total_cny ("funding", code sum_mismatch), unknown
 * organisations, experts or consortium.
 *
 * Who may do what:
 *   create, change, delete  system administrators and the community office;
 *                a region coordinator for a lead organisation in their
 *                region; an organisation administrator for their own
 *                organisation as lead.  A change that moves the lead needs
 *                rights over both.  Projects made from a challenge are not
 *                deleted (the challenge keeps them).
 *   milestones   only the project's leads: administrators of the lead
 *                organisation, accounts of its lead experts, and system
 *                administrators.
 *   outputs      whoever may change the project or its milestones.
 *   read         anyone.
 * Every write is audited in its transaction, and a project's text is put
 * in the duplicate detector's history (domain/overlap.h) in the same
 * transaction.
 */
#ifndef DOMAIN_PROJECT_H
#define DOMAIN_PROJECT_H

#include <jansson.h>
#include "core/table.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/project.h"

#define PROJECT_MAX_CNY 100000000000LL    /* 100 billion yuan */
#define PROJECT_YEAR_MIN 1990
#define PROJECT_YEAR_MAX 2100
#define PROJECT_MAX_YEARS 15              /* end_year - start_year */
#define PROJECT_MAX_FUNDING 60
#define PROJECT_MAX_MILESTONES 100
#define PROJECT_MAX_OUTPUTS 500
#define PROJECT_IMPORT_MAX_ROWS 5000

extern const struct term vocab_project_status[];
extern const struct term vocab_funding_source[];
extern const struct term vocab_milestone_status[];
extern const struct term vocab_output_kind[];
extern const struct field project_fields[];
extern const struct field milestone_fields[];
extern const struct field output_fields[];

/* A project read from a document, before it is checked and written. */
struct project_draft {
	struct project p;           /* the fields; p.members ... the lists */
	int has_members, has_experts, has_funding;   /* which lists were given */
};

/* Reads a document (see above) into d.  With FIELDS_PATCH, d must hold the
 * current project and only what is given changes (milestones and outputs
 * are refused: they have their own calls).  Checks what needs no store:
 * types, lengths, vocabularies, duplicates. */
int project_draft_read(struct ctx *c, json_t *in, enum fields_mode mode,
		       struct project_draft *d, struct derr *e);
/* Inside the caller's write transaction: checks d against the store
 * (organisations, experts, consortium, regions, periods, sums), inserts
 * it with its lists, audits it and puts it in the overlap history.  No
 * permission check: the caller decided.  For challenge selection and the
 * importer. */
int project_insert_draft(struct ctx *c, struct project_draft *d, int64_t *id,
			 struct derr *e);

int project_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
/* PATCH semantics; a list given replaces the whole list. */
int project_update(struct ctx *c, int64_t id, json_t *in, struct derr *e);
int project_delete(struct ctx *c, int64_t id, struct derr *e);
/* With its members, experts, funding lines, milestones and outputs. */
int project_get(struct ctx *c, int64_t id, struct project *out, struct derr *e);

struct project_query {
	const char *q, *region, *field, *status;
	int64_t org_id, consortium_id, year;
	int cross_region;
	int64_t page, per_page;
};
int project_list(struct ctx *c, const struct project_query *q, struct project **out,
		 size_t *n, int64_t *total, struct derr *e);

int project_may_create(const struct ctx *c);
/* May the actor make or change a project led by this organisation (in
 * this region)? */
int project_may_lead(const struct ctx *c, int64_t lead_org_id, const char *region);
int project_may_edit(const struct ctx *c, const struct project *p);
/* Leads only (see above); reads the store for lead experts. */
int project_may_edit_milestones(struct ctx *c, const struct project *p);

/* Milestones: {"title", "due_on" (YYYY-MM-DD), "status", "done_on", "note"};
 * a milestone marked done without done_on gets today's date. */
int milestone_add(struct ctx *c, int64_t project_id, json_t *in, int64_t now, int64_t *id,
		  struct derr *e);
int milestone_update(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e);
int milestone_delete(struct ctx *c, int64_t id, struct derr *e);
int milestone_get(struct ctx *c, int64_t id, struct milestone *out, struct derr *e);
/* Outputs: {"kind", "title", "ref", "year"}. */
int output_add(struct ctx *c, int64_t project_id, json_t *in, int64_t *id, struct derr *e);
int output_delete(struct ctx *c, int64_t id, struct derr *e);
int output_get(struct ctx *c, int64_t id, struct project_output *out, struct derr *e);

/* The project as the API shows it; with children, its lists too (after
 * project_get; a list read gives none). */
json_t *project_json(const struct project *p, int children);
json_t *milestone_json(const struct milestone *m);
json_t *output_json(const struct project_output *o);

/* ---- import (project_import.c) -------------------------------------------- */

struct project_import_error {
	int64_t row;
	const char *field, *code, *message;
};
struct project_import_result {
	int64_t rows, valid, created;
	int dry_run;
	struct project_import_error *errors;   /* in c->a */
	size_t nerrors;
	int truncated;                         /* more bad rows than were listed */
};
/*
 * Imports projects from CSV (core/csv.h) or the first sheet of an XLSX
 * workbook (core/xlsx.h), one project a row.  Columns, in English or
 * Chinese: title/项目名称, lead/牵头单位 (an id, credit code or exact
 * name), members/参与单位 (several, separated by ; ； 、 or |),
 * start_year/开始年份, end_year/结束年份, field/领域, status/状态,
 * fiscal_cny/财政资金 with fiscal_region/财政资金区域 (code or name; the
 * lead's region by default), enterprise_cny/企业资金, social_cny/社会资本
 * (each one funding line in the start year), total_cny/总经费 (optional:
 * when given it must equal the sum), consortium/创新联合体, summary/项目简介,
 * title_en/英文名称.  Each row is checked as project_create() checks one,
 * all in one transaction: a dry run or any bad row leaves nothing and
 * lists the bad rows (at most 1,000).  -1 only for a refusal of the whole
 * file: not allowed, unreadable, no header, a required column missing,
 * more than PROJECT_IMPORT_MAX_ROWS rows.
 */
int project_import(struct ctx *c, const char *data, size_t len, int dry_run,
		   struct project_import_result *out, struct derr *e);

/* ---- the pure part of the import, fuzzed by tests/fuzz/fuzz_project.c ---- */

enum { PI_TITLE, PI_TITLE_EN, PI_LEAD, PI_MEMBERS, PI_START, PI_END, PI_FIELD, PI_STATUS,
       PI_FISCAL, PI_FISCAL_REGION, PI_ENTERPRISE, PI_SOCIAL, PI_TOTAL, PI_CONSORTIUM,
       PI_SUMMARY, PI_NCOLS };
/* Finds each column in the header: col[k] is its cell index or -1; -1
 * with e naming a required column that is missing. */
int project_header(const struct table_row *head, int col[PI_NCOLS], struct derr *e);
/* A data row as a project document whose organisations, region and
 * consortium are still text: {"title", ..., "lead": "...", "members":
 * ["..."], "consortium": "...", "funding": [{"source", "region": "..." or
 * absent, "year", "amount_cny"}], "total_cny"} (total_cny is the sum when
 * the column is empty).  Numbers and vocabularies are read here (keys or
 * labels); -1 with e naming the column. The caller owns the object. */
json_t *project_row(const int col[PI_NCOLS], const struct table_row *row, struct derr *e);

#endif
