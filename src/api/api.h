/*
 * api.h — the JSON API's handlers, one file per resource.  Routes are in
 * http/routes.c; each answers JSON through reply_json()/reply_error().
 * Lists answer {"items": [...], "total": N, "page": P, "per_page": K}.
 */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>
#include "http/request.h"

/* Wraps items (consumed) in the list envelope. */
json_t *api_list(json_t *items, int64_t total, int64_t page, int64_t per_page);

int api_healthz(struct req *r);
int api_stats(struct req *r);
int api_audit(struct req *r);

int api_session_create(struct req *r);
int api_session_get(struct req *r);
int api_session_delete(struct req *r);

int api_regions(struct req *r);
int api_region(struct req *r);
int api_cities(struct req *r);
int api_orgs_list(struct req *r);
int api_org_get(struct req *r);
int api_org_create(struct req *r);
int api_org_update(struct req *r);
int api_org_delete(struct req *r);

int api_instruments_list(struct req *r);
int api_instrument_get(struct req *r);
int api_instrument_create(struct req *r);
int api_instrument_update(struct req *r);
int api_instrument_delete(struct req *r);

/* bookings, calendars, figures, inbox (bookings.c, availability.c, sharing.c) */
int api_availability_get(struct req *r);
int api_availability_update(struct req *r);
int api_slots(struct req *r);
int api_blackout_create(struct req *r);
int api_blackout_delete(struct req *r);
int api_trained_list(struct req *r);
int api_trained_set(struct req *r);
int api_booking_create(struct req *r);
int api_bookings_list(struct req *r);
int api_booking_get(struct req *r);
int api_booking_move(struct req *r);
int api_booking_approve(struct req *r);
int api_booking_reject(struct req *r);
int api_booking_cancel(struct req *r);
int api_booking_check_in(struct req *r);
int api_booking_check_out(struct req *r);
int api_booking_accept(struct req *r);
int api_booking_decline(struct req *r);
int api_booking_rate(struct req *r);
int api_series_get(struct req *r);
int api_inbox(struct req *r);
int api_inbox_read(struct req *r);
int api_feed_create(struct req *r);
int api_sharing_instrument(struct req *r);
int api_sharing_org(struct req *r);
int api_sharing_city(struct req *r);
int api_sharing_region(struct req *r);
int api_sharing_all(struct req *r);
int api_sharing_report(struct req *r);
int api_statement(struct req *r);

/* technology market, institutes, dashboard, metrics (contracts.c,
 * dashboard.c, metrics.c) */
int api_contracts_list(struct req *r);
int api_contract_get(struct req *r);
int api_contract_create(struct req *r);
int api_contract_update(struct req *r);
int api_contract_verify(struct req *r);
int api_contract_return(struct req *r);
int api_contract_import(struct req *r);
int api_dashboard(struct req *r);
int api_flows(struct req *r);
int api_institutes(struct req *r);
int api_institute_register(struct req *r);
int api_institute_unregister(struct req *r);
int api_assessment_get(struct req *r);
int api_assessment_put(struct req *r);
int api_metrics(struct req *r);

/* talent pool: experts, finding, import/export, panel draws (experts.c,
 * panels.c) */
int api_experts_list(struct req *r);
int api_expert_get(struct req *r);
int api_expert_contact(struct req *r);
int api_expert_create(struct req *r);
int api_expert_update(struct req *r);
int api_expert_delete(struct req *r);
int api_me_expert(struct req *r);
int api_me_expert_export(struct req *r);
int api_me_expert_delete(struct req *r);
int api_expert_conflicts(struct req *r);
int api_expert_conflict_create(struct req *r);
int api_expert_conflict_delete(struct req *r);
int api_experts_match(struct req *r);
int api_experts_import(struct req *r);
int api_disciplines(struct req *r);
int api_panels_list(struct req *r);
int api_panel_create(struct req *r);
int api_panel_get(struct req *r);
int api_panel_decline(struct req *r);
int api_panel_rerun(struct req *r);

/* pre-approval consultation: rounds, guide items, overlaps, the check
 * (rounds.c, guide_items.c, overlaps.c) */
int api_rounds_list(struct req *r);
int api_round_create(struct req *r);
int api_round_get(struct req *r);
int api_round_update(struct req *r);
int api_round_close(struct req *r);
int api_round_items(struct req *r);
int api_round_item_create(struct req *r);
int api_round_import(struct req *r);
int api_round_overlaps(struct req *r);
int api_round_list(struct req *r);
int api_guide_item_get(struct req *r);
int api_guide_item_update(struct req *r);
int api_guide_item_withdraw(struct req *r);
int api_overlap_get(struct req *r);
int api_overlap_decide(struct req *r);
int api_overlap_check(struct req *r);

/* joint projects, consortia, challenges (projects.c, consortia.c,
 * challenges.c) */
int api_projects_list(struct req *r);
int api_project_get(struct req *r);
int api_project_create(struct req *r);
int api_project_update(struct req *r);
int api_project_delete(struct req *r);
int api_projects_import(struct req *r);
int api_projects_figures(struct req *r);
int api_milestone_create(struct req *r);
int api_milestone_update(struct req *r);
int api_milestone_delete(struct req *r);
int api_output_create(struct req *r);
int api_output_delete(struct req *r);
int api_consortia_list(struct req *r);
int api_consortium_get(struct req *r);
int api_consortium_create(struct req *r);
int api_consortium_update(struct req *r);
int api_consortium_delete(struct req *r);
int api_challenges_list(struct req *r);
int api_challenge_get(struct req *r);
int api_challenge_create(struct req *r);
int api_challenge_update(struct req *r);
int api_challenge_publish(struct req *r);
int api_challenge_return(struct req *r);
int api_challenge_close(struct req *r);
int api_challenge_recommendations(struct req *r);
int api_responses_list(struct req *r);
int api_response_create(struct req *r);
int api_response_get(struct req *r);
int api_response_withdraw(struct req *r);
int api_response_shortlist(struct req *r);
int api_response_select(struct req *r);

/* the platform-wide search and suggestions (search.c) */
int api_search(struct req *r);
int api_suggest(struct req *r);

#endif
