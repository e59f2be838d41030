/*
 * routes.c — the one table of routes, and the dispatcher that enforces
 * each route's flags so that no handler can forget them.
 *
 * Adding a route takes:
 *   1. a handler in web/<page>.c or api/<resource>.c, declared in web/web.h
 *      or api/api.h;
 *   2. one line in routes[] below, with the flags it needs;
 *   3. a test: tests/api/ for the API, tests/e2e/ for a page;
 *   4. for the API, an entry in docs/api/openapi.yaml (a test checks that
 *      every /api/ route here is documented there and the reverse).
 */
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include "api/api.h"
#include "core/util.h"
#include "http/routes.h"
#include "web/web.h"
#include "core/banned.h"

const struct route routes[] = {
	/* pages */
	{ "GET", "/", web_home, CACHE },
	{ "GET", "/instruments", web_instruments, CACHE },
	{ "GET", "/instruments/new", web_instrument_new, NEED_LOGIN },
	{ "POST", "/instruments", web_instrument_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/instruments/:id", web_instrument, CACHE },
	{ "GET", "/instruments/:id/edit", web_instrument_edit, NEED_LOGIN },
	{ "POST", "/instruments/:id", web_instrument_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/instruments/:id/delete", web_instrument_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/orgs", web_orgs, CACHE },
	{ "GET", "/orgs/:id", web_org, CACHE },
	{ "GET", "/regions/:code", web_region, CACHE },
	{ "GET", "/login", web_login, 0 },
	{ "POST", "/login", web_login_post, NEED_CSRF | BODY_FORM },
	{ "POST", "/logout", web_logout, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/admin/audit", web_audit, NEED_LOGIN },
	{ "GET", "/static/:code", web_static, CACHE },
	{ "GET", "/healthz", api_healthz, API },

	/* the JSON API */
	{ "POST", "/api/v1/session", api_session_create, API | BODY_JSON },
	{ "GET", "/api/v1/session", api_session_get, API | NEED_LOGIN },
	{ "DELETE", "/api/v1/session", api_session_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/regions", api_regions, API | CACHE },
	{ "GET", "/api/v1/regions/:code", api_region, API | CACHE },
	{ "GET", "/api/v1/cities", api_cities, API | CACHE },
	{ "GET", "/api/v1/organisations", api_orgs_list, API | CACHE },
	{ "POST", "/api/v1/organisations", api_org_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/organisations/:id", api_org_get, API | CACHE },
	{ "PUT", "/api/v1/organisations/:id", api_org_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/organisations/:id", api_org_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/organisations/:id", api_org_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/instruments", api_instruments_list, API | CACHE },
	{ "POST", "/api/v1/instruments", api_instrument_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/instruments/:id", api_instrument_get, API | CACHE },
	{ "PUT", "/api/v1/instruments/:id", api_instrument_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/instruments/:id", api_instrument_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/instruments/:id", api_instrument_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/stats", api_stats, API | CACHE },
	{ "GET", "/api/v1/audit", api_audit, API | NEED_LOGIN },

	/* bookings, calendars, figures, inbox */
	{ "GET", "/instruments/:id/calendar", web_calendar, 0 },
	{ "GET", "/instruments/:id/calendar.ics", web_calendar_ics, 0 },
	{ "GET", "/instruments/:id/book", web_booking_new, NEED_LOGIN },
	{ "POST", "/instruments/:id/book", web_booking_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/instruments/:id/availability", web_availability, NEED_LOGIN },
	{ "POST", "/instruments/:id/availability", web_availability_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/instruments/:id/blackouts", web_blackout_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/instruments/:id/trained", web_trained_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/blackouts/:id/delete", web_blackout_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/bookings", web_bookings, NEED_LOGIN },
	{ "GET", "/bookings/:id", web_booking, NEED_LOGIN },
	{ "POST", "/bookings/:id/:code", web_booking_action, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/inbox", web_inbox, NEED_LOGIN },
	{ "POST", "/inbox/read", web_inbox_read, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/calendar-feed", web_feed_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/calendar/:code", web_feed, 0 },
	{ "GET", "/orgs/:id/statement", web_statement, NEED_LOGIN },
	{ "GET", "/sharing", web_sharing, NEED_LOGIN },
	{ "GET", "/api/v1/instruments/:id/availability", api_availability_get, API | CACHE },
	{ "PATCH", "/api/v1/instruments/:id/availability", api_availability_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/instruments/:id/slots", api_slots, API },
	{ "POST", "/api/v1/instruments/:id/blackouts", api_blackout_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/blackouts/:id", api_blackout_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/instruments/:id/trained", api_trained_list, API | NEED_LOGIN },
	{ "POST", "/api/v1/instruments/:id/trained", api_trained_set, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/bookings", api_booking_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/bookings", api_bookings_list, API | NEED_LOGIN },
	{ "GET", "/api/v1/bookings/:id", api_booking_get, API | NEED_LOGIN },
	{ "PATCH", "/api/v1/bookings/:id", api_booking_move, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/bookings/:id/approve", api_booking_approve, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/bookings/:id/reject", api_booking_reject, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/bookings/:id/cancel", api_booking_cancel, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/bookings/:id/check-in", api_booking_check_in, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/bookings/:id/check-out", api_booking_check_out, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/bookings/:id/accept", api_booking_accept, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/bookings/:id/decline", api_booking_decline, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/bookings/:id/rating", api_booking_rate, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/booking-series/:id", api_series_get, API | NEED_LOGIN },
	{ "GET", "/api/v1/me/notifications", api_inbox, API | NEED_LOGIN },
	{ "POST", "/api/v1/me/notifications/read", api_inbox_read, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/me/calendar-feed", api_feed_create, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/instruments/:id/sharing", api_sharing_instrument, API | CACHE },
	{ "GET", "/api/v1/organisations/:id/sharing", api_sharing_org, API | CACHE },
	{ "GET", "/api/v1/cities/:code/sharing", api_sharing_city, API | CACHE },
	{ "GET", "/api/v1/regions/:code/sharing", api_sharing_region, API | CACHE },
	{ "GET", "/api/v1/sharing", api_sharing_all, API | CACHE },
	{ "GET", "/api/v1/sharing/instruments", api_sharing_report, API | NEED_LOGIN },
	{ "GET", "/api/v1/organisations/:id/statement", api_statement, API | NEED_LOGIN },

	/* technology market, institutes' assessment, the dashboard, metrics */
	{ "GET", "/dashboard", web_dashboard, CACHE },
	{ "GET", "/dashboard/:code", web_dashboard_csv, CACHE },
	{ "GET", "/flows", web_flows, CACHE },
	{ "GET", "/institutes", web_institutes, CACHE },
	{ "GET", "/institutes/scheme", web_scheme, NEED_LOGIN },
	{ "POST", "/institutes/scheme", web_scheme_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/contracts", web_contracts, NEED_LOGIN },
	{ "GET", "/contracts/new", web_contract_new, NEED_LOGIN },
	{ "POST", "/contracts", web_contract_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/contracts/import", web_contract_import, NEED_LOGIN },
	{ "POST", "/contracts/import", web_contract_import_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/contracts/:id", web_contract, NEED_LOGIN },
	{ "POST", "/contracts/:id/:code", web_contract_action, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/metrics", api_metrics, API },
	{ "GET", "/api/v1/contracts", api_contracts_list, API | NEED_LOGIN },
	{ "POST", "/api/v1/contracts", api_contract_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/contracts/import", api_contract_import, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/contracts/:id", api_contract_get, API | NEED_LOGIN },
	{ "PATCH", "/api/v1/contracts/:id", api_contract_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/contracts/:id/verify", api_contract_verify, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/contracts/:id/return", api_contract_return, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/flows", api_flows, API | CACHE },
	{ "GET", "/api/v1/dashboard", api_dashboard, API | CACHE },
	{ "GET", "/api/v1/institutes", api_institutes, API | CACHE },
	{ "POST", "/api/v1/institutes", api_institute_register, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/institutes/:id", api_institute_unregister, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/assessment/:id", api_assessment_get, API | CACHE },
	{ "PUT", "/api/v1/assessment/:id", api_assessment_put, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },

	/* talent pool: experts, finding, import/export, review-panel draws */
	{ "GET", "/experts", web_experts, CACHE },
	{ "GET", "/experts/new", web_expert_new, NEED_LOGIN },
	{ "POST", "/experts", web_expert_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/experts/import", web_expert_import, NEED_LOGIN },
	{ "GET", "/experts/export", web_experts_export, NEED_LOGIN },
	{ "POST", "/experts/import", web_expert_import_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/experts/:id", web_expert, CACHE },
	{ "GET", "/experts/:id/edit", web_expert_edit, NEED_LOGIN },
	{ "POST", "/experts/:id", web_expert_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/experts/:id/delete", web_expert_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/experts/:id/conflicts", web_expert_conflict_add, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/expert-conflicts/:id/delete", web_expert_conflict_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/me/expert", web_me_expert, NEED_LOGIN },
	{ "POST", "/me/expert/delete", web_me_expert_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/disciplines", web_disciplines, CACHE },
	{ "GET", "/panels", web_panels, NEED_LOGIN },
	{ "GET", "/panels/new", web_panel_new, NEED_LOGIN },
	{ "POST", "/panels", web_panel_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/panels/:id", web_panel, NEED_LOGIN },
	{ "POST", "/panels/:id/decline", web_panel_decline, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/panels/:id/rerun", web_panel_rerun, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/api/v1/experts", api_experts_list, API | CACHE },
	{ "POST", "/api/v1/experts", api_expert_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/experts/match", api_experts_match, API | BODY_JSON },
	{ "POST", "/api/v1/experts/import", api_experts_import, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/experts/:id", api_expert_get, API | CACHE },
	{ "PUT", "/api/v1/experts/:id", api_expert_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/experts/:id", api_expert_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/experts/:id", api_expert_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/experts/:id/contact", api_expert_contact, API | NEED_LOGIN },
	{ "GET", "/api/v1/experts/:id/conflicts", api_expert_conflicts, API | NEED_LOGIN },
	{ "POST", "/api/v1/experts/:id/conflicts", api_expert_conflict_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/expert-conflicts/:id", api_expert_conflict_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/me/expert", api_me_expert, API | NEED_LOGIN },
	{ "GET", "/api/v1/me/expert/export", api_me_expert_export, API | NEED_LOGIN },
	{ "DELETE", "/api/v1/me/expert", api_me_expert_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/disciplines", api_disciplines, API | CACHE },
	{ "GET", "/api/v1/panel-draws", api_panels_list, API | NEED_LOGIN },
	{ "POST", "/api/v1/panel-draws", api_panel_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/panel-draws/:id", api_panel_get, API | NEED_LOGIN },
	{ "POST", "/api/v1/panel-draws/:id/decline", api_panel_decline, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/panel-draws/:id/rerun", api_panel_rerun, API | NEED_LOGIN | NEED_CSRF },

	/* pre-approval consultation: rounds, guide items, overlaps, the check */
	{ "GET", "/rounds", web_rounds, CACHE },
	{ "GET", "/rounds/new", web_round_new, NEED_LOGIN },
	{ "POST", "/rounds", web_round_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/rounds/:id", web_round, 0 },
	{ "POST", "/rounds/:id/settings", web_round_settings, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/rounds/:id/close", web_round_close, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/rounds/:id/list", web_round_list, CACHE },
	{ "GET", "/rounds/:id/list.xlsx", web_round_list_xlsx, 0 },
	{ "GET", "/rounds/:id/import", web_round_import, NEED_LOGIN },
	{ "POST", "/rounds/:id/import", web_round_import_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/rounds/:id/items/new", web_item_new, NEED_LOGIN },
	{ "POST", "/rounds/:id/items", web_item_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/guide-items/:id", web_guide_item, 0 },
	{ "GET", "/guide-items/:id/edit", web_item_edit, NEED_LOGIN },
	{ "POST", "/guide-items/:id", web_item_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/guide-items/:id/withdraw", web_item_withdraw, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/overlaps/:id", web_overlap, NEED_LOGIN },
	{ "POST", "/overlaps/:id/decision", web_overlap_decide, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/check", web_check, NEED_LOGIN },
	{ "POST", "/check", web_check_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/api/v1/rounds", api_rounds_list, API | CACHE },
	{ "POST", "/api/v1/rounds", api_round_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/rounds/:id", api_round_get, API },
	{ "PATCH", "/api/v1/rounds/:id", api_round_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/rounds/:id/close", api_round_close, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/rounds/:id/items", api_round_items, API },
	{ "POST", "/api/v1/rounds/:id/items", api_round_item_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/rounds/:id/items/import", api_round_import, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/rounds/:id/overlaps", api_round_overlaps, API | NEED_LOGIN },
	{ "GET", "/api/v1/rounds/:id/list", api_round_list, API | CACHE },
	{ "GET", "/api/v1/guide-items/:id", api_guide_item_get, API },
	{ "PATCH", "/api/v1/guide-items/:id", api_guide_item_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/guide-items/:id/withdraw", api_guide_item_withdraw, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/overlaps/check", api_overlap_check, API | NEED_LOGIN | BODY_JSON },
	{ "GET", "/api/v1/overlaps/:id", api_overlap_get, API | NEED_LOGIN },
	{ "POST", "/api/v1/overlaps/:id/decision", api_overlap_decide, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },

	/* search: every kind of record through one box, and suggestions */
	{ "GET", "/search", web_search, CACHE },
	{ "GET", "/api/v1/search", api_search, API | CACHE },
	{ "GET", "/api/v1/suggest", api_suggest, API | CACHE },

	/* joint projects, innovation consortia, enterprise challenges (揭榜挂帅) */
	{ "GET", "/challenges", web_challenges, CACHE },
	{ "GET", "/challenges/new", web_challenge_new, NEED_LOGIN },
	{ "POST", "/challenges", web_challenge_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/challenges/:id", web_challenge, CACHE },
	{ "GET", "/challenges/:id/edit", web_challenge_edit, NEED_LOGIN },
	{ "POST", "/challenges/:id", web_challenge_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/challenges/:id/respond", web_respond, NEED_LOGIN },
	{ "POST", "/challenges/:id/respond", web_respond_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/challenges/:id/:code", web_challenge_action, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/responses/:id/:code", web_response_action, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/projects", web_projects, CACHE },
	{ "GET", "/projects/new", web_project_new, NEED_LOGIN },
	{ "GET", "/projects/import", web_project_import, NEED_LOGIN },
	{ "POST", "/projects/import", web_project_import_post, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/projects/figures", web_joint_figures, CACHE },
	{ "POST", "/projects", web_project_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/projects/:id", web_project, CACHE },
	{ "GET", "/projects/:id/edit", web_project_edit, NEED_LOGIN },
	{ "POST", "/projects/:id", web_project_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/projects/:id/milestones", web_milestone_add, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/projects/:id/outputs", web_output_add, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/milestones/:id", web_milestone_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/project-outputs/:id/delete", web_output_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/consortia", web_consortia, CACHE },
	{ "GET", "/consortia/new", web_consortium_new, NEED_LOGIN },
	{ "POST", "/consortia", web_consortium_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/consortia/:id", web_consortium, CACHE },
	{ "GET", "/api/v1/projects", api_projects_list, API | CACHE },
	{ "POST", "/api/v1/projects", api_project_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/projects/import", api_projects_import, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/projects/figures", api_projects_figures, API | CACHE },
	{ "GET", "/api/v1/projects/:id", api_project_get, API | CACHE },
	{ "PATCH", "/api/v1/projects/:id", api_project_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/projects/:id", api_project_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/projects/:id/milestones", api_milestone_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/milestones/:id", api_milestone_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/milestones/:id", api_milestone_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/projects/:id/outputs", api_output_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/project-outputs/:id", api_output_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/consortia", api_consortia_list, API | CACHE },
	{ "POST", "/api/v1/consortia", api_consortium_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/consortia/:id", api_consortium_get, API | CACHE },
	{ "PATCH", "/api/v1/consortia/:id", api_consortium_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/consortia/:id", api_consortium_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/challenges", api_challenges_list, API | CACHE },
	{ "POST", "/api/v1/challenges", api_challenge_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/challenges/:id", api_challenge_get, API | CACHE },
	{ "PATCH", "/api/v1/challenges/:id", api_challenge_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/challenges/:id/publish", api_challenge_publish, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/challenges/:id/return", api_challenge_return, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "POST", "/api/v1/challenges/:id/close", api_challenge_close, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/challenges/:id/recommendations", api_challenge_recommendations, API | CACHE },
	{ "GET", "/api/v1/challenges/:id/responses", api_responses_list, API | NEED_LOGIN },
	{ "POST", "/api/v1/challenges/:id/responses", api_response_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/responses/:id", api_response_get, API | NEED_LOGIN },
	{ "POST", "/api/v1/responses/:id/withdraw", api_response_withdraw, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/responses/:id/shortlist", api_response_shortlist, API | NEED_LOGIN | NEED_CSRF },
	{ "POST", "/api/v1/responses/:id/select", api_response_select, API | NEED_LOGIN | NEED_CSRF },
};
const size_t nroutes = ARRAY_SIZE(routes);

/* Matches one path against a pattern; fills id / param for ":id" / ":code". */
static int path_match(const char *pat, const char *path, int64_t *id,
		      const char **param, struct arena *a)
{
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		if (*pat == ':') {
			const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
			size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);
			size_t slen = se ? (size_t)(se - path) : strlen(path);
			char num[24];
			int64_t v;
			if (slen == 0)
				return 0;
			if (plen == 3 && strncmp(pat, ":id", 3) == 0) {
				if (slen >= sizeof num)
					return 0;
				memcpy(num, path, slen);
				num[slen] = '\0';
				if (num[0] < '1' || num[0] > '9' ||
				    parse_i64(num, 1, INT64_MAX, &v) < 0)
					return 0;
				if (id)
					*id = v;
			} else if (param && a) {
				*param = arena_strndup(a, path, slen);
			}
			pat += plen;
			path += slen;
			continue;
		}
		while (*pat && *pat != '/' && *pat == *path) {
			pat++;
			path++;
		}
		if (*pat && *pat != '/')
			return 0;
		if (*path && *path != '/')
			return 0;
	}
	if (*path == '/' && path[1] == '\0' && !*pat)   /* a trailing slash */
		return 1;
	return !*pat && !*path;
}

const struct route *routes_match(const char *method, const char *path,
				 int64_t *id, const char **param, struct arena *a)
{
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < nroutes; i++)
		if (strcmp(routes[i].method, method) == 0 &&
		    path_match(routes[i].path, path, id, param, a))
			return &routes[i];
	return NULL;
}

static int content_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int csrf_ok(struct req *r)
{
	const char *given;
	if (r->bearer && r->logged_in)
		return 1;   /* a bearer token is not sent by browsers on their own */
	given = (r->route->flags & BODY_FORM) ? form_str(r, "_csrf") : r->csrf_header;
	return given && r->csrf[0] && strlen(given) == strlen(r->csrf) &&
	       sodium_memcmp(given, r->csrf, strlen(given)) == 0;
}

void routes_dispatch(struct req *r)
{
	const struct route *rt = routes_match(r->method, r->path, &r->id, &r->param, r->a);
	unsigned f;

	if (!rt) {
		char allow[128] = "";
		size_t used = 0;
		for (size_t i = 0; i < nroutes; i++) {
			if (!path_match(routes[i].path, r->path, NULL, NULL, NULL))
				continue;
			if (!r->route)
				r->route = &routes[i];   /* answer in that route's format */
			if (!strstr(allow, routes[i].method)) {
				int k = snprintf(allow + used, sizeof allow - used, "%s%s",
						 used ? ", " : "", routes[i].method);
				if (k > 0 && (size_t)k < sizeof allow - used)
					used += (size_t)k;
			}
		}
		if (used) {
			req_header(r, "Allow", arena_strdup(r->a, allow));
			reply_error(r, 405, "method_not_allowed", NULL,
				    "%s is not allowed here; use %s", r->method, allow);
		} else {
			reply_error(r, 404, "not_found", NULL, "no such page");
		}
		return;
	}
	r->route = rt;
	f = rt->flags;
	if ((f & NEED_LOGIN) && !r->logged_in) {
		if (f & API) {
			reply_error(r, 401, "login_required", NULL, "log in first");
			req_header(r, "WWW-Authenticate", "Bearer");
		} else {
			/* come back to the same page, query and all */
			char *next = url_encode(r->a, r->raw_query[0]
						? arena_printf(r->a, "%s?%s", r->path, r->raw_query)
						: r->path);
			reply_redirect(r, arena_printf(r->a, "/login?next=%s", next ? next : "/"));
		}
		return;
	}
	if (f & BODY_FORM) {
		if (!content_type_is(r->content_type, "application/x-www-form-urlencoded")) {
			reply_error(r, 415, "unsupported_media_type", NULL,
				    "send application/x-www-form-urlencoded");
			return;
		}
		if (form_parse(r->a, r->body, r->body_len, &r->form, &r->nform) < 0) {
			reply_error(r, 400, "invalid", NULL, "too many form fields");
			return;
		}
	}
	if (f & BODY_JSON) {
		json_error_t je;
		if (!content_type_is(r->content_type, "application/json")) {
			reply_error(r, 415, "unsupported_media_type", NULL, "send application/json");
			return;
		}
		r->json = json_loadb(r->body ? r->body : "", r->body_len,
				     JSON_REJECT_DUPLICATES, &je);
		if (!r->json) {
			reply_error(r, 400, "malformed_json", NULL,
				    "malformed JSON at line %d column %d: %s",
				    je.line, je.column, je.text);
			return;
		}
	}
	if ((f & NEED_CSRF) && !csrf_ok(r)) {
		reply_error(r, 403, "csrf", "_csrf",
			    "the form's security token is missing or wrong; reload the page");
		return;
	}
	if (q_check_text(r) < 0)
		return;
	rt->fn(r);
}
