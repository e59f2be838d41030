/*
 * contract.h — technology contracts (技术合同) of the technology market:
 * registration by the seller, verification by the seller's region, import
 * from CSV with a dry run, export.
 *
 * A contract has a type (development, transfer, licensing, consulting,
 * service), a title, an amount and its technical income in whole yuan, a
 * seller and a buyer organisation (their regions follow from them), a
 * signing date and a technology field.
 *
 * Who may do what:
 *   register   an organisation administrator, for their organisation as
 *              seller; a region coordinator for a seller in their region;
 *              a system administrator for anyone.  The state is "submitted".
 *   change     the same people, while it is submitted or returned; a
 *              change resubmits it.  A verified contract is final.
 *   verify / return (with a reason)
 *              the coordinator of the seller's region, or a system
 *              administrator; only a submitted contract.
 *   read       system administrators and the community office: all;
 *              coordinators: those with a party in their region;
 *              organisation members: those their organisation is party to.
 * Refusals name the field: a negative or zero amount, income above the
 * amount, the buyer equal to the seller, a signing date that is not a real
 * date or lies in the future, an unknown organisation.  Every write is
 * audited in its transaction.
 */
#ifndef DOMAIN_CONTRACT_H
#define DOMAIN_CONTRACT_H

#include <jansson.h>
#include "core/buf.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/market.h"

#define CONTRACT_MAX_CNY 100000000000LL    /* 100 billion yuan */
#define CONTRACT_YEAR_MIN 1990
#define CONTRACT_IMPORT_MAX_ROWS 20000

extern const struct term vocab_contract_kind[];
extern const struct term vocab_tech_field[];
extern const struct term vocab_contract_state[];
extern const struct field contract_fields[];

/* Creates a contract from a JSON object of contract_fields (seller_org_id
 * defaults to the actor's organisation).  *id is the new contract's. */
int contract_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e);
/* Changes a submitted or returned contract (PATCH semantics) and
 * resubmits it. */
int contract_update(struct ctx *c, int64_t id, json_t *in, struct derr *e);
/* submitted → verified. */
int contract_verify(struct ctx *c, int64_t id, struct derr *e);
/* submitted → returned; reason is required (1-500 characters). */
int contract_return(struct ctx *c, int64_t id, const char *reason, struct derr *e);
/* DERR_NOT_FOUND also when the actor may not read it (nothing leaks). */
int contract_get(struct ctx *c, int64_t id, struct contract *out, struct derr *e);

struct contract_query {
	int64_t year;                  /* 0 = any */
	const char *state, *kind, *field, *region;
	int64_t org_id;
	int review;                    /* only those the actor may verify now */
	int64_t page, per_page;        /* per_page 0 = every row (exports) */
};
/* Lists what the actor may read, narrowed by q; unknown vocabulary keys
 * are DERR_INVALID naming the parameter. */
int contract_list(struct ctx *c, const struct contract_query *q, struct contract **out,
		  size_t *n, int64_t *total, struct derr *e);
/* What the actor may do with a contract (for pages and answers). */
int contract_may_edit(const struct ctx *c, const struct contract *k);
int contract_may_decide(const struct ctx *c, const struct contract *k);
/* 1 if the actor may register contracts at all (the form's link). */
int contract_may_register(const struct ctx *c);
json_t *contract_json(const struct contract *k);

/* Exports rows as CSV (RFC 4180, UTF-8 with a BOM so Excel reads it, the
 * same columns import reads) or XLSX into out. */
int contract_csv(const struct contract *rows, size_t n, struct buf *out);
int contract_xlsx(const struct contract *rows, size_t n, struct buf *out, struct derr *e);

/* ---- import (contract_import.c) ---------------------------------------- */

/* For the importer: checks and registers one row inside the caller's open
 * transaction, as contract_create() does (audited). */
int contract_import_row(struct ctx *c, struct contract *k, int64_t *id, struct derr *e);

/* One refused row of an import: row is the line (CSV) or sheet row (XLSX)
 * of the file, the header being the first; field the column at fault. */
struct import_error {
	int64_t row;
	const char *field, *code, *message;
};
struct import_result {
	int64_t rows, valid, created;
	int dry_run;
	struct import_error *errors;   /* in c->a */
	size_t nerrors;
	int truncated;                 /* more bad rows than were listed */
};
/*
 * Imports contracts from a CSV file (core/csv.h: UTF-8, comma or tab) or
 * the first sheet of an XLSX workbook (core/xlsx.h), told apart by their
 * first bytes.  The first row names the columns in English or Chinese:
 * kind/合同类型, title/合同名称, amount_cny/合同金额, income_cny/技术性收入,
 * seller/卖方 (optional: the actor's organisation), buyer/买方,
 * signed_on/签订日期, field/技术领域; other columns are ignored, so an
 * export reads back.  kind and field take keys or labels; seller and buyer
 * organisation ids, credit codes or exact Chinese names; dates YYYY-MM-DD,
 * YYYY/M/D or an Excel date number.  Every row is checked as
 * contract_create() checks one, all in one transaction: a dry run, or any
 * bad row, rolls it back and lists every bad row (at most 1,000);
 * otherwise all are registered (submitted) and audited.  -1 (e set) only
 * for a refusal of the whole file: not allowed, unreadable, no header or a
 * required column missing, more than CONTRACT_IMPORT_MAX_ROWS rows.
 */
int contract_import(struct ctx *c, const char *data, size_t len, int dry_run,
		    struct import_result *out, struct derr *e);

/* ---- the pure part of the import, fuzzed by tests/fuzz/fuzz_market.c ---- */

enum { CI_KIND, CI_TITLE, CI_AMOUNT, CI_INCOME, CI_SELLER, CI_BUYER, CI_SIGNED, CI_FIELD,
       CI_NCOLS };
struct table_row;
/* Reads a signing date, "YYYY-MM-DD" or "YYYY/M/D", into *out as
 * "YYYY-MM-DD" (in a), its year and its CST day number: 0, or -1 if it is
 * not a real date. */
int contract_date(struct arena *a, const char *s, const char **out, int64_t *year,
		  int64_t *day);
/* Finds each column in the header row: col[k] is its cell index or -1.
 * -1 with e naming a required column that is missing. */
int contract_header(const struct table_row *head, int col[CI_NCOLS], struct derr *e);
/* Reads one data row into k (strings in a), leaving the parties as text
 * in *seller and *buyer ("" when empty) for the store to resolve.  -1 with
 * e naming the column (the import's names: seller, buyer, amount_cny...). */
int contract_row(struct arena *a, const int col[CI_NCOLS], const struct table_row *row,
		 struct contract *k, const char **seller, const char **buyer, struct derr *e);

#endif
