"""Every URL of the project, for every role, with two regions' data present.

The list of URLs comes from the URL configuration, so a new page without an entry here fails the suite.
GET only: forms that change data are covered by their own tests. POST-only views answer 405 to a GET
before any permission check, which reveals nothing about the object. Destructive or irreversible actions answer a
GET with their confirmation page (core/confirm.py) after the usual scope (404) and permission (403) checks.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "secretariat",
    "editor_a",
    "viewer_a",
    "editor_b",
    "mentor_a",
    "assessor",
    "evaluator_other",
]
LOGIN = "login"  # anonymous visitors are sent to the login page

# Region A's masterplan: its team (editor, viewer), its mentor and the secretariat read it; nobody else.
MP_READ = [LOGIN, 200, 200, 200, 404, 200, 404, 404]
# Its editors may edit it (a row's delete confirmation); readers who may not edit get 403.
MP_EDIT = [LOGIN, 403, 200, 403, 404, 403, 404, 404]
# A region's smart city bodies: its editors and the secretariat edit; viewers and mentors read (403 on edits).
BODY_EDIT = [LOGIN, 200, 200, 403, 404, 403, 404, 404]
# A region's agreements: only the secretariat edits; the region's team reads; nobody else sees them.
AGREEMENT_EDIT = [LOGIN, 200, 403, 403, 404, 404, 404, 404]
# A bimtek stage's desk (attendance, import, deliverables): the secretariat; whoever sees the cohort gets 403.
BIMTEK_DESK = [LOGIN, 200, 403, 403, 403, 403, 403, 404]
# Region A's letter once signed: its team reads it and downloads its files; nobody else sees it.
LETTER_READ = [LOGIN, 200, 200, 200, 404, 404, 404, 404]
# A move the signed letter no longer allows (finalise, sign): the secretariat is sent back to the letter.
LETTER_MOVE_DONE = [LOGIN, 302, 403, 403, 404, 404, 404, 404]
# A move the signed letter allows (send: its confirmation; cancel: the reason's form).
LETTER_MOVE = [LOGIN, 200, 403, 403, 404, 404, 404, 404]
# The letters' set-up (templates, number registers, batches): the secretariat's only.
LETTERS_SET_UP = [LOGIN, 200, 403, 403, 403, 403, 403, 403]
# A letter batch of the cohort: the secretariat; whoever sees the cohort gets 403.
LETTER_BATCH = [LOGIN, 200, 403, 403, 403, 403, 403, 404]

# name: (arguments, expected answer per role in ROLES order)
EXPECTED = {
    "portal:home": (lambda w: [], [200, 200, 200, 200, 200, 200, 200, 200]),
    "portal:region_directory": (lambda w: [], [200] * 8),
    "portal:region_detail": (lambda w: [w.region_a.code], [200] * 8),
    "portal:quick_wins": (lambda w: [], [200] * 8),
    # w.mp is a draft: its public page and books do not exist for anyone, the secretariat included.
    "portal:masterplan": (lambda w: [w.region_a.code, w.mp.pk], [404] * 8),
    "portal:masterplan_book": (lambda w: [w.region_a.code, w.mp.pk, "book2_pdf"], [404] * 8),
    "sitemap": (lambda w: [], [200] * 8),
    "robots_txt": (lambda w: [], [200] * 8),
    "portal:dashboard": (lambda w: [], [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "portal:audit_log": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    # Public dashboards: the same page for everyone (only published figures), region B's included.
    "portal:national_dashboard": (lambda w: [], [200] * 8),
    "portal:region_dashboard": (lambda w: [w.region_b.code], [200] * 8),
    "portal:compare": (lambda w: [], [200] * 8),
    "accounts:login": (lambda w: [], [200, 302, 302, 302, 302, 302, 302, 302]),
    "accounts:logout": (lambda w: [], [405] * 8),
    "accounts:password_change": (lambda w: [], [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "accounts:password_change_done": (lambda w: [], [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "accounts:password_reset": (lambda w: [], [200] * 8),
    "accounts:password_reset_done": (lambda w: [], [200] * 8),
    "accounts:password_reset_confirm": (lambda w: ["MQ", "bad-token"], [200] * 8),
    "accounts:password_reset_complete": (lambda w: [], [200] * 8),
    "accounts:user_list": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "accounts:user_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "accounts:user_edit": (lambda w: [w.editor_b.pk], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "regions:opd_list": (lambda w: [w.region_a.code], [LOGIN, 200, 200, 404, 404, 404, 404, 404]),
    "regions:opd_edit": (lambda w: [w.region_a.code, w.opd_a.pk], [LOGIN, 200, 200, 404, 404, 404, 404, 404]),
    "regions:opd_delete": (
        lambda w: [w.region_a.code, w.opd_a.pk],
        [LOGIN, 200, 200, 404, 404, 404, 404, 404],
    ),
    "regions:members": (lambda w: [w.region_a.code], [LOGIN, 200, 404, 404, 404, 404, 404, 404]),
    "regions:bodies": (lambda w: [w.region_a.code], [LOGIN, 200, 200, 200, 404, 200, 404, 404]),
    "regions:body_add": (lambda w: [w.region_a.code], BODY_EDIT),
    "regions:body_edit": (lambda w: [w.region_a.code, w.body_a.pk], BODY_EDIT),
    "regions:body_scan": (
        lambda w: [w.region_a.code, w.body_a.pk],
        [LOGIN, 200, 200, 200, 404, 403, 404, 404],
    ),
    "regions:body_member_add": (lambda w: [w.region_a.code, w.body_a.pk], BODY_EDIT),
    "regions:body_member_edit": (lambda w: [w.region_a.code, w.body_a.pk, w.body_member_a.pk], BODY_EDIT),
    "regions:body_member_remove": (lambda w: [w.region_a.code, w.body_a.pk, w.body_member_a.pk], BODY_EDIT),
    "programmes:agreement_register": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "programmes:agreement_list": (lambda w: [w.region_a.code], [LOGIN, 200, 200, 200, 404, 404, 404, 404]),
    "programmes:agreement_create": (lambda w: [w.region_a.code], AGREEMENT_EDIT),
    "programmes:agreement_detail": (lambda w: [w.agreement_a.pk], [LOGIN, 200, 200, 200, 404, 404, 404, 404]),
    "programmes:agreement_edit": (lambda w: [w.agreement_a.pk], AGREEMENT_EDIT),
    "programmes:agreement_delete": (lambda w: [w.agreement_a.pk], AGREEMENT_EDIT),
    "bimtek:home": (lambda w: [], [LOGIN] + [200] * 7),
    "bimtek:stage": (lambda w: [w.stage.pk], BIMTEK_DESK),
    "bimtek:expectation_add": (lambda w: [w.stage.pk], BIMTEK_DESK),
    "bimtek:import_template": (lambda w: [w.stage.pk], BIMTEK_DESK),
    "bimtek:import_upload": (lambda w: [w.stage.pk], BIMTEK_DESK),
    "bimtek:import_preview": (lambda w: [w.stage.pk], [LOGIN, 302, 403, 403, 403, 403, 403, 404]),
    "bimtek:import_commit": (lambda w: [w.stage.pk], [LOGIN] + [405] * 7),
    "bimtek:check_in": (lambda w: [w.stage.pk], [LOGIN, 200, 403, 403, 403, 200, 403, 404]),
    "bimtek:check_in_attendee": (lambda w: [w.stage.pk, w.attendee_a.pk], [LOGIN] + [405] * 7),
    "bimtek:cohort": (lambda w: [w.cohort.pk], BIMTEK_DESK),
    "bimtek:receipt": (lambda w: [w.expectation.pk], BIMTEK_DESK),
    "bimtek:region": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 200, 404, 200, 403, 404]),
    "programmes:agreement_scan": (lambda w: [w.agreement_a.pk], [LOGIN, 200, 200, 200, 404, 404, 404, 404]),
    "regions:member_remove": (
        lambda w: [w.region_a.code, w.region_a.memberships.first().pk],
        [LOGIN, 200, 404, 404, 404, 404, 404, 404],
    ),
    "framework:version_list": (lambda w: [], [200] * 8),
    "framework:version_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "framework:version_detail": (lambda w: [w.cohort.framework_version.code], [200] * 8),
    "framework:version_make_current": (
        lambda w: [w.cohort.framework_version.code],
        [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ),
    "framework:item_edit": (
        lambda w: [w.cohort.framework_version.code, "dimension", 999999],
        [LOGIN, 404, 403, 403, 403, 403, 403, 403],
    ),
    "programmes:cohort_list": (lambda w: [], [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "programmes:cohort_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "programmes:cohort_detail": (lambda w: [w.cohort.pk], [LOGIN, 200, 200, 200, 200, 200, 200, 404]),
    "programmes:cohort_edit": (lambda w: [w.cohort.pk], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "programmes:stage_create": (lambda w: [w.cohort.pk], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "programmes:stage_edit": (
        lambda w: [w.cohort.pk, w.stage.pk],
        [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ),
    "programmes:participation_add": (lambda w: [w.cohort.pk], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "programmes:selection": (lambda w: [w.cohort.pk], [LOGIN, 200, 404, 404, 404, 404, 200, 404]),
    "programmes:selection_select_top": (lambda w: [w.cohort.pk], [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    "programmes:participation_detail": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 200, 404, 200, 200, 404]),
    "programmes:participation_status": (lambda w: [w.part_a.pk], [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    "programmes:participation_details": (lambda w: [w.part_a.pk], [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    "programmes:participation_mentors": (lambda w: [w.part_a.pk], [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    "programmes:assess": (lambda w: [w.applicant.pk], [LOGIN, 404, 404, 404, 404, 404, 200, 404]),
    "masterplans:list": (lambda w: [], [LOGIN] + [200] * 7),
    "masterplans:create": (lambda w: [w.part_b.pk], [LOGIN] + [405] * 7),
    "masterplans:overview": (lambda w: [w.mp.pk], MP_READ),
    "masterplans:part": (lambda w: [w.mp.pk, "programmes"], MP_READ),
    "masterplans:section_save": (lambda w: [w.mp.pk, "vision"], [LOGIN] + [405] * 7),
    "masterplans:row_edit": (lambda w: [w.mp.pk, "key_figure", w.figure.pk], MP_READ),
    "masterplans:row_delete": (lambda w: [w.mp.pk, "key_figure", w.figure.pk], MP_EDIT),
    # Without a step to take, a GET goes back to the masterplan; only its team has a step (submit) on a draft.
    # A draft: only the region's approvers submit it (issue 20), and the matrix has none; editors get 403.
    "masterplans:status_change": (lambda w: [w.mp.pk], [LOGIN, 403, 403, 403, 404, 403, 404, 404]),
    "masterplans:comment_add": (lambda w: [w.mp.pk], [LOGIN] + [405] * 7),
    "masterplans:comment_resolve": (lambda w: [w.mp.pk, w.comment.pk], [LOGIN] + [405] * 7),
    "masterplans:versions": (lambda w: [w.mp.pk], MP_READ),
    "masterplans:version_compare": (lambda w: [w.mp.pk], [LOGIN, 400, 400, 400, 404, 400, 404, 404]),
    "masterplans:version_detail": (lambda w: [w.mp.pk, 1], MP_READ),
    "masterplans:programmes_xlsx": (lambda w: [w.mp.pk], MP_READ),
    "masterplans:programmes_template": (lambda w: [w.mp.pk], MP_READ),
    "masterplans:programmes_import": (lambda w: [w.mp.pk], [LOGIN, 403, 200, 403, 404, 403, 404, 404]),
    "masterplans:programmes_import_preview": (lambda w: [w.mp.pk, 999999], [LOGIN] + [404] * 7),
    "masterplans:programmes_import_commit": (lambda w: [w.mp.pk, 999999], [LOGIN] + [405] * 7),
    "masterplans:programmes_import_discard": (lambda w: [w.mp.pk, 999999], [LOGIN] + [405] * 7),
    "masterplans:document_request": (lambda w: [w.mp.pk, "book2_pdf"], [LOGIN] + [405] * 7),
    "masterplans:document_job": (lambda w: [w.mp.pk, 999999], [LOGIN] + [404] * 7),
    "masterplans:document_download": (lambda w: [w.mp.pk, 999999], [LOGIN] + [404] * 7),
    "masterplans:document_retry": (lambda w: [w.mp.pk, 999999], [LOGIN] + [405] * 7),
    "evaluations:event_list": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "evaluations:event_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "evaluations:event_detail": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:event_edit": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:day_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:day_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:break_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:break_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:room_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:room_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:panel_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:panel_edit": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:panel_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:award_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:award_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:availability_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:availability_delete": (
        lambda w: [999999, 999999],
        [LOGIN, 404, 403, 403, 403, 403, 403, 403],
    ),
    "evaluations:conflict_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:conflict_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:session_create": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:session_edit": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:session_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:agenda_publish": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:results_publish": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "monitoring:home": (lambda w: [], [LOGIN] + [200] * 7),
    "monitoring:participation": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 200, 404, 200, 200, 404]),
    "monitoring:track_add": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 403, 404, 403, 403, 404]),
    "monitoring:tracked_detail": (
        lambda w: [w.part_a.pk, w.tracked_a.pk],
        [LOGIN, 200, 200, 200, 404, 200, 200, 404],
    ),
    "monitoring:value_report": (lambda w: [w.part_a.pk, w.tracked_a.pk], [LOGIN] + [405] * 7),
    "monitoring:value_verify": (lambda w: [w.part_a.pk, 999999], [LOGIN] + [405] * 7),
    "monitoring:programmes": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 200, 404, 200, 200, 404]),
    "monitoring:progress_report": (lambda w: [w.part_a.pk, 999999], [LOGIN] + [404] * 7),
    "monitoring:milestone_add": (lambda w: [w.part_a.pk, 999999], [LOGIN] + [405] * 7),
    "monitoring:milestone_done": (lambda w: [w.part_a.pk, 999999], [LOGIN] + [405] * 7),
    "monitoring:import_upload": (lambda w: [w.part_a.pk], [LOGIN, 200, 200, 403, 404, 403, 403, 404]),
    "monitoring:import_template": (lambda w: [w.part_a.pk, 2024], [LOGIN, 200, 200, 403, 404, 403, 403, 404]),
    "monitoring:import_preview": (lambda w: [w.part_a.pk], [LOGIN, 302, 302, 403, 404, 403, 403, 404]),
    "monitoring:import_commit": (lambda w: [w.part_a.pk], [LOGIN] + [405] * 7),
    "monitoring:export_values": (lambda w: [w.part_a.pk, "xlsx"], [LOGIN, 200, 200, 200, 404, 200, 200, 404]),
    "monitoring:export_progress": (
        lambda w: [w.part_a.pk, "csv"],
        [LOGIN, 200, 200, 200, 404, 200, 200, 404],
    ),
    "monitoring:report": (lambda w: [w.part_a.pk, 2024, "pdf"], [LOGIN, 200, 200, 200, 404, 200, 200, 404]),
    "monitoring:value_evidence": (
        lambda w: [w.part_a.pk, 999999],
        [LOGIN, 404, 404, 404, 404, 404, 404, 404],
    ),
    # The API ignores sessions: every role gets the answer an anonymous client gets.
    "api:v1:openapi-json": (lambda w: [], [200] * 8),
    "api:v1:openapi-view": (lambda w: [], [200] * 8),
    "api:v1:api-root": (lambda w: [], [404] * 8),
    "api:v1:regions": (lambda w: [], [200] * 8),
    "api:v1:region": (lambda w: [w.region_a.code], [200] * 8),
    "api:v1:cohorts": (lambda w: [], [200] * 8),
    "api:v1:participations": (lambda w: [], [200] * 8),
    "api:v1:masterplans": (lambda w: [], [200] * 8),
    "api:v1:masterplan": (lambda w: [w.region_a.code, w.cohort.year], [404] * 8),  # a draft
    "api:v1:programmes": (lambda w: [], [200] * 8),
    "api:v1:programme_progress": (lambda w: [999999], [405] * 8),  # POST only
    "api:v1:indicators": (lambda w: [], [200] * 8),
    "api:v1:indicator": (lambda w: [w.own_indicator_a.code], [404] * 8),  # region-defined
    "api:v1:indicator_values": (lambda w: [], [200] * 8),
    "api:v1:indicator_value_report": (lambda w: [], [200] * 8),  # same path; GET is the list
    "api:v1:evaluation_events": (lambda w: [], [200] * 8),
    "api:v1:evaluation_agenda": (lambda w: [999999], [404] * 8),
    "api:v1:evaluation_results": (lambda w: [999999], [404] * 8),
    "api:v1:index_rounds": (lambda w: [], [200] * 8),
    "api:v1:index_round": (lambda w: [w.round.year], [404] * 8),  # not published
    "api:v1:index_results": (lambda w: [], [200] * 8),
    "api:tokens": (lambda w: [], [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "api:token_revoke": (lambda w: [999999], [LOGIN] + [404] * 7),
    # News: a draft post is seen by the secretariat only; managing news is the secretariat's.
    "news:post_list": (lambda w: [], [200] * 8),
    "news:post_detail": (lambda w: [w.news_draft.slug], [404, 200, 404, 404, 404, 404, 404, 404]),
    "news:comment_add": (lambda w: [w.news_draft.slug], [405] * 8),  # POST only
    "news:image": (lambda w: [999999], [404] * 8),
    "news:post_manage": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "news:post_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "news:moderation": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "news:post_edit": (lambda w: [w.news_draft.pk], [LOGIN, 200, 404, 404, 404, 404, 404, 404]),
    "news:quick_win_feedback": (lambda w: [999999], [404] * 8),
    "news:feedback_add": (lambda w: [999999], [405] * 8),  # POST only
    # Feedback on a region's quick wins: the secretariat and the region's own people.
    "news:region_feedback": (
        lambda w: [w.region_a.code],
        [LOGIN, 200, 200, 200, 404, 404, 404, 404],
    ),
    "implementation:rounds": (lambda w: [], [200] * 8),
    "implementation:round_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "implementation:schemes": (lambda w: [], [200] * 8),
    "implementation:scheme_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "implementation:round_detail": (lambda w: [w.round.year], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    # Without a status to move to, a GET goes back to the round's page.
    "implementation:round_status": (lambda w: [w.round.year], [LOGIN, 302, 403, 403, 403, 403, 403, 403]),
    "implementation:round_enrol": (lambda w: [w.round.year], [405] * 8),
    # The round is not published: its results are the secretariat's only.
    "implementation:round_results": (lambda w: [w.round.year], [404, 200, 404, 404, 404, 404, 404, 404]),
    "implementation:round_results_export": (
        lambda w: [w.round.year, "csv"],
        [404, 200, 404, 404, 404, 404, 404, 404],
    ),
    # Region A's self-assessment: its team, its mentor, the evaluator assigned to validate it, the secretariat.
    "implementation:entry_detail": (
        lambda w: [w.round.year, w.entry_a.pk],
        [LOGIN, 200, 200, 200, 404, 200, 200, 404],
    ),
    "implementation:entry_assign": (lambda w: [w.round.year, w.entry_a.pk], [405] * 8),
    "implementation:entry_reopen": (lambda w: [w.round.year, w.entry_a.pk], [405] * 8),
    "implementation:entry_evidence": (lambda w: [w.round.year, w.entry_a.pk, "output"], [LOGIN] + [404] * 7),
    "implementation:sheet_detail": (
        lambda w: [w.round.year, w.sheet_a.pk],
        [LOGIN, 200, 404, 404, 404, 404, 200, 404],
    ),
    "implementation:sheet_unassign": (
        lambda w: [w.round.year, w.sheet_a.pk],
        [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ),
    "monitoring:indicator_list": (lambda w: [], [200] * 8),
    "monitoring:indicator_create": (lambda w: [], [LOGIN, 200, 200, 403, 200, 403, 403, 403]),
    "monitoring:indicator_detail": (
        lambda w: [w.own_indicator_a.code],
        [404, 200, 200, 200, 404, 200, 200, 200],
    ),
    "monitoring:indicator_edit": (
        lambda w: [w.own_indicator_a.code],
        [LOGIN, 403, 200, 403, 404, 403, 403, 403],
    ),
    "scheduling:event": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:settings": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:pool_add": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:pool_remove": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:propose": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:proposal": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid_session": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid_move": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid_pin": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid_panel": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:grid_seat": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:complete": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "scheduling:proposal_apply": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:proposal_discard": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "scheduling:proposal_stop": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    "evaluations:rubric_list": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "evaluations:rubric_create": (lambda w: [], [LOGIN, 200, 403, 403, 403, 403, 403, 403]),
    "evaluations:rubric_detail": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:rubric_edit": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:criterion_create": (lambda w: [999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:criterion_edit": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:criterion_delete": (lambda w: [999999, 999999], [LOGIN, 404, 403, 403, 403, 403, 403, 403]),
    "evaluations:rubric_new_version": (lambda w: [999999], [LOGIN, 405, 403, 403, 403, 403, 403, 403]),
    # The agenda of an unpublished event does not exist for anyone (the matrix world has no published event).
    "evaluations:agenda": (lambda w: [999999], [404] * 8),
    "evaluations:agenda_region": (lambda w: [999999, "33.27"], [404] * 8),
    "evaluations:agenda_changes": (lambda w: [999999], [404] * 8),
    "evaluations:agenda_ics": (lambda w: [999999], [404] * 8),
    "evaluations:agenda_room_ics": (lambda w: [999999, 1], [404] * 8),
    "evaluations:agenda_region_ics": (lambda w: [999999, "33.27"], [404] * 8),
    "evaluations:agenda_pdf": (lambda w: [999999], [404] * 8),
    "evaluations:my_sessions": (lambda w: [], [LOGIN] + [200] * 7),
    "evaluations:score_session": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:score_send": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:session_masterplan": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:session_overlap": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:masterplan_overlap": (lambda w: [w.mp.pk], [LOGIN, 200, 404, 404, 404, 404, 404, 404]),
    "evaluations:scoring_board": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:scores_xlsx": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:feedback_pdf": (lambda w: [999999, "33.27"], [LOGIN] + [404] * 7),
    "evaluations:feedback_docx": (lambda w: [999999, "33.27"], [LOGIN] + [404] * 7),
    "evaluations:sheet_reopen": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:session_sheets": (lambda w: [999999], [LOGIN] + [404] * 7),
    "evaluations:results": (lambda w: [999999], [404] * 8),
    "letters:home": (lambda w: [], [LOGIN] + [200] * 7),
    "letters:letter": (lambda w: [w.letter_a.pk], LETTER_READ),
    "letters:letter_pdf": (lambda w: [w.letter_a.pk], LETTER_READ),
    "letters:letter_docx": (lambda w: [w.letter_a.pk], LETTER_READ),
    "letters:letter_scan": (lambda w: [w.letter_a.pk], LETTER_READ),
    "letters:letter_finalise": (lambda w: [w.letter_a.pk], LETTER_MOVE_DONE),
    "letters:letter_sign": (lambda w: [w.letter_a.pk], LETTER_MOVE_DONE),
    "letters:letter_send": (lambda w: [w.letter_a.pk], LETTER_MOVE),
    "letters:letter_cancel": (lambda w: [w.letter_a.pk], LETTER_MOVE),
    "letters:templates": (lambda w: [], LETTERS_SET_UP),
    "letters:template_edit": (lambda w: ["bimtek_invitation"], LETTERS_SET_UP),
    "letters:registers": (lambda w: [], LETTERS_SET_UP),
    "letters:register_create": (lambda w: [], LETTERS_SET_UP),
    "letters:register_edit": (lambda w: [w.letter_register.pk], LETTERS_SET_UP),
    "letters:batches": (lambda w: [], LETTERS_SET_UP),
    "letters:batch_new": (lambda w: [], LETTERS_SET_UP),
    "letters:batch": (lambda w: [w.letter_batch.pk], LETTER_BATCH),
    "letters:batch_progress": (lambda w: [w.letter_batch.pk], LETTER_BATCH),
    "letters:batch_zip": (lambda w: [w.letter_batch.pk], LETTER_BATCH),
    "letters:batch_retry": (lambda w: [w.letter_batch.pk], [LOGIN] + [405] * 7),
    "letters:batch_finalise": (lambda w: [w.letter_batch.pk], LETTER_BATCH),
    # Infrastructure without a page of its own.
    "health": (lambda w: [], [200] * 8),
    "set_language": (lambda w: [], [302] * 8),
}
NOT_OURS = {"admin"}


def _our_url_names(resolver=None, prefix=""):
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_OURS:
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _our_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_has_an_expectation():
    assert _our_url_names() == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role_as_expected(matrix_world, client, name):
    args_for, expected = EXPECTED[name]
    url = reverse(name, args=args_for(matrix_world))
    answers = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(matrix_world, role))
        response = client.get(url)
        is_login_redirect = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
        answers.append(LOGIN if is_login_redirect and name != "accounts:login" else response.status_code)

    assert answers == expected
