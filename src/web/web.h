/*
 * web.h — the HTML pages, one file per page or group of pages, and the
 * layout they share.  Pages are written only through http/html.h.  Every
 * page works without JavaScript and reads well on a phone.
 *
 * Text is written in both languages at the place of use: L(r, "中文",
 * "English") picks the request's language, so a page reads top to bottom
 * and no string can be missing in one language.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stdint.h>
#include "http/request.h"

static inline const char *L(const struct req *r, const char *zh, const char *en)
{
	return req_en(r) ? en : zh;
}

/* ---- layout (layout.c) ---- */
/* Opens the document: head, header with navigation, language switch and
 * the account menu; title is plain text. */
void page_begin(struct req *r, const char *title);
void page_end(struct req *r);
/* The error page body (reply_error's HTML twin). */
void web_error_page(struct req *r, int status, const char *code, const char *field,
		    const char *msg);
/* An amount of yuan, readably: 万元/亿元, or CNY million/billion (in r->a). */
const char *money_str(struct req *r, int64_t yuan);
void html_money(struct req *r, int64_t yuan);
/* A refusal in the page's language: built from e->code and the field's
 * label when the code is a known validation failure, else e->message. */
struct derr;
const char *web_field_error(struct req *r, const struct derr *e, const char *label);
/* Writes n with thousands separators. */
void html_count(struct req *r, int64_t n);
/* Writes the current path and query with one parameter replaced (value
 * NULL removes it), as an escaped attribute value. */
void html_self_link(struct req *r, const char *name, const char *value);
/* Writes text with [start,end) ranges wrapped in <mark>. */
struct hl_range;
void html_marked(struct req *r, const char *text, size_t len,
		 const struct hl_range *rg, size_t n);
/* Text with the query tokens marked; the tokens may be NULL. */
void html_highlight(struct req *r, const char *text, const char *const *tokens,
		    size_t ntokens, size_t snippet_chars);
/* Pagination links for page of total items at per_page. */
void html_pager(struct req *r, int64_t page, int64_t per_page, int64_t total);
/* A horizontal bar chart in SVG: labels and values, a title for screen
 * readers, and the value text beside each bar. */
void svg_bars(struct req *r, const char *title, const char *const *labels,
	      const int64_t *values, const char *const *value_text, size_t n);
/* The date of a Unix time, YYYY-MM-DD HH:MM (UTC+8, the community's). */
void html_time(struct req *r, int64_t t);

/* A list of instrument cards (instruments.c), for other pages. */
struct instrument;
void web_instrument_cards(struct req *r, const struct instrument *items, size_t n);

/* ---- pages ---- */
int web_home(struct req *r);
int web_instruments(struct req *r);
int web_instrument(struct req *r);
int web_instrument_new(struct req *r);
int web_instrument_create(struct req *r);
int web_instrument_edit(struct req *r);
int web_instrument_save(struct req *r);
int web_instrument_delete(struct req *r);
int web_orgs(struct req *r);
int web_org(struct req *r);
int web_region(struct req *r);
int web_login(struct req *r);
int web_login_post(struct req *r);
int web_logout(struct req *r);
int web_audit(struct req *r);
int web_static(struct req *r);

/* ---- bookings, calendars, figures, inbox ---- */
/* calendar.c: the week and month views, iCalendar feeds */
int web_calendar(struct req *r);
int web_calendar_ics(struct req *r);
int web_feed(struct req *r);
int web_feed_create(struct req *r);
/* bookings.c: the booking form, my bookings, one booking and its actions */
int web_booking_new(struct req *r);
int web_booking_create(struct req *r);
int web_bookings(struct req *r);
int web_booking(struct req *r);
int web_booking_action(struct req *r);
int web_inbox(struct req *r);
int web_inbox_read(struct req *r);
/* availability.c: the owner's rules, hours, blackouts and trained users */
int web_availability(struct req *r);
int web_availability_save(struct req *r);
int web_blackout_create(struct req *r);
int web_blackout_delete(struct req *r);
int web_trained_save(struct req *r);
/* sharing.c: figures on other pages, the report, statements */
int web_statement(struct req *r);
int web_sharing(struct req *r);
/* The open-sharing figures of an instrument (id), organisation (id) or
 * region (code) for the current year, as a section of its page; with
 * links to booking for an instrument. */
void web_sharing_section(struct req *r, int level, int64_t id, const char *code);
/* "Book" and "Calendar" links (and "Availability" for its managers) on an
 * instrument's page. */
void web_booking_links(struct req *r, const struct instrument *in);

/* ---- technology market, institutes, the dashboard ---- */
/* charts.c: charts and helpers the figure pages share */
/* A heat map of an n × n matrix (rows: from, columns: to) in SVG, the
 * shade of each cell by its value; cell_text is written in the cell. */
void svg_heatmap(struct req *r, const char *title, const char *const *labels, size_t n,
		 const int64_t *values, const char *const *cell_text);
/* The year and region chooser of a figure page (GET to action). */
void figures_form(struct req *r, const char *action, int64_t year, const char *region,
		  int with_region);
/* A link to the CSV twin of a chart: /dashboard/<name>.csv with the page's
 * year and region. */
void csv_link(struct req *r, const char *name, int64_t year, const char *region);
/* A figure value in its unit ("count", "cny", "hours"), and a growth ratio
 * as "+26.7%" ("—" for JSON null), in r->a. */
const char *figure_text(struct req *r, const char *unit, json_t *value);
const char *growth_text(struct req *r, json_t *growth);
/* dashboard.c, flows.c, institutes.c, contracts.c */
int web_dashboard(struct req *r);
int web_dashboard_csv(struct req *r);
int web_flows(struct req *r);
int web_institutes(struct req *r);
int web_scheme(struct req *r);
int web_scheme_save(struct req *r);
int web_contracts(struct req *r);
int web_contract_new(struct req *r);
int web_contract_create(struct req *r);
int web_contract_import(struct req *r);
int web_contract_import_post(struct req *r);
int web_contract(struct req *r);
int web_contract_action(struct req *r);
/* The flows sections (matrix heat map, trend, top lists) of a flows_doc(),
 * shared by /flows and /dashboard; h is the heading level (2 or 3). */
void web_flows_sections(struct req *r, json_t *flows, int h);

/* ---- talent pool (experts.c, expert_import.c, panels.c) ---- */
int web_experts(struct req *r);
int web_expert(struct req *r);
int web_expert_new(struct req *r);
int web_expert_create(struct req *r);
int web_expert_edit(struct req *r);
int web_expert_save(struct req *r);
int web_expert_delete(struct req *r);
int web_expert_conflict_add(struct req *r);
int web_expert_conflict_delete(struct req *r);
int web_me_expert(struct req *r);
int web_me_expert_delete(struct req *r);
int web_disciplines(struct req *r);
int web_expert_import(struct req *r);
int web_expert_import_post(struct req *r);
int web_experts_export(struct req *r);
int web_panels(struct req *r);
int web_panel_new(struct req *r);
int web_panel_create(struct req *r);
int web_panel(struct req *r);
int web_panel_decline(struct req *r);
int web_panel_rerun(struct req *r);

/* ---- pre-approval consultation (rounds.c, guide_items.c, overlaps.c,
 * overlap_check.c) ---- */
int web_rounds(struct req *r);
int web_round_new(struct req *r);
int web_round_create(struct req *r);
int web_round(struct req *r);
int web_round_settings(struct req *r);
int web_round_close(struct req *r);
int web_round_list(struct req *r);
int web_round_list_xlsx(struct req *r);
int web_round_import(struct req *r);
int web_round_import_post(struct req *r);
int web_item_new(struct req *r);
int web_item_create(struct req *r);
int web_guide_item(struct req *r);
int web_item_edit(struct req *r);
int web_item_save(struct req *r);
int web_item_withdraw(struct req *r);
int web_overlap(struct req *r);
int web_overlap_decide(struct req *r);
int web_check(struct req *r);
int web_check_post(struct req *r);
/* Writers the consultation pages share (overlaps.c): a level badge, a
 * share as "62%" ("—" below 0), a document's title (linked for guide
 * items) with its kind, region and year, the parts' shares, and the
 * three parts of a text with the given byte ranges marked. */
struct overlap_doc;
void web_overlap_level(struct req *r, const char *level);
void web_overlap_percent(struct req *r, double v);
void web_overlap_doc(struct req *r, const struct overlap_doc *d);
void web_overlap_parts(struct req *r, const double *part);
void web_overlap_side(struct req *r, const char *title, const char *content,
		      const char *indicators, struct hl_range *const *rg, const size_t *n);
/* A refusal of the consultation's forms in the page's language (its own
 * codes, then web_field_error()'s). */
const char *web_overlap_error(struct req *r, const struct derr *e, const char *label);

/* ---- joint projects, consortia, challenges (projects.c, project_form.c,
 * consortia.c, challenges.c, challenge_respond.c, joint_figures.c) ---- */
int web_projects(struct req *r);
int web_project(struct req *r);
int web_project_new(struct req *r);
int web_project_create(struct req *r);
int web_project_edit(struct req *r);
int web_project_save(struct req *r);
int web_project_import(struct req *r);
int web_project_import_post(struct req *r);
int web_milestone_add(struct req *r);
int web_milestone_save(struct req *r);
int web_output_add(struct req *r);
int web_output_delete(struct req *r);
int web_joint_figures(struct req *r);
int web_consortia(struct req *r);
int web_consortium(struct req *r);
int web_consortium_new(struct req *r);
int web_consortium_create(struct req *r);
int web_challenges(struct req *r);
int web_challenge(struct req *r);
int web_challenge_new(struct req *r);
int web_challenge_create(struct req *r);
int web_challenge_edit(struct req *r);
int web_challenge_save(struct req *r);
int web_challenge_action(struct req *r);
int web_respond(struct req *r);
int web_respond_post(struct req *r);
int web_response_action(struct req *r);
/* Writers those pages share (joint_ui.c). */
struct term;
struct field;
struct party;
struct person;
/* A badge of class "badge cls-key" with the key's label in v. */
void joint_badge(struct req *r, const char *cls, const struct term *v, const char *key);
/* The form's error paragraph (#form-error, data-field = the field at
 * fault), in the page's language; spec names the fields' labels. */
void joint_form_error(struct req *r, const struct derr *e, const struct field *spec);
/* Labelled controls: a select of v (any: the label of "" or NULL for
 * none), an input, a textarea; values are escaped. */
void joint_select(struct req *r, const char *name, const char *label, const struct term *v,
		  const char *current, const char *any);
void joint_input(struct req *r, const char *name, const char *label, const char *type,
		 const char *value, int required);
void joint_textarea(struct req *r, const char *name, const char *label, const char *value,
		    int rows);
/* The posted form value, "" if absent. */
const char *joint_posted(struct req *r, const char *name);
/* An organisation written as an id or its exact Chinese name, as a JSON
 * integer (an id that does not exist when nothing matches, so the domain
 * names the field); NULL for an empty text. */
json_t *joint_org_ref(struct req *r, const char *s);
/* Organisations, one per line (or separated by ; ； 、), as a JSON array
 * of ids; an unknown name sets e naming field. */
json_t *joint_org_refs(struct req *r, const char *text, const char *field, struct derr *e);
/* Experts, one per line "id" or "id role", as [{expert_id, role}]. */
json_t *joint_expert_refs(struct req *r, const char *text, struct derr *e);
/* A table of organisations taking part (name linked, region, role). */
void joint_parties_table(struct req *r, const struct party *m, size_t n, const char *id,
			 const struct term *roles);
/* A list of experts (name linked, role, organisation). */
void joint_persons_list(struct req *r, const struct person *x, size_t n, const char *id);
/* The links between the pages of joint research. */
void joint_tabs(struct req *r);

/* the platform-wide search page (search.c) */
int web_search(struct req *r);

#endif
