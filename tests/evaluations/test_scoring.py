"""Scoring pages: the evaluator's sessions and score sheets, conflicts, peers, the live board and reopening."""

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.board import board_context, board_rows
from kotacerdas.evaluations.conflicts import conflict_reasons
from kotacerdas.evaluations.models import (
    Presents,
    Score,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.evaluations.results import compute_results
from kotacerdas.evaluations.scoring import rounded, sheet_total
from kotacerdas.evaluations.sheets import conflict_map
from kotacerdas.masterplans.services import freeze_version
from kotacerdas.regions.models import MembershipRole, Region
from tests.factories import (
    DeclaredConflictFactory,
    PanelMemberFactory,
    RegionMembershipFactory,
    ScoreFactory,
    ScoreSheetFactory,
    SessionFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

PANEL_2_NAMES = ["Made Wiradana", "Fajar Nugroho", "Intan Permatasari"]


@pytest.fixture
def fresh(demo_event):
    """Pemalang with evaluator3's draft sheets removed: evaluator3 starts from an empty sheet."""
    ScoreSheet.objects.filter(session=demo_event["pemalang"], evaluator=demo_event["evaluator3"]).delete()
    return demo_event


def score_url(session) -> str:
    return reverse("evaluations:score_session", args=[session.pk])


def masterplan_rubric(data):
    return data["event"].masterplan_rubric


def quick_win_rubric(data):
    return data["event"].quick_win_rubric


def form_data(rubric, values: dict, *, na=(), comments=None, action="save", general="") -> dict:
    """POST data of the sheet with one rubric's part: ``values`` maps criterion to a score (or any text typed).
    Combine parts with ``sheet_data``."""
    prefix = f"r{rubric.pk}"
    data = {"rubrics": [rubric.pk], "action": action, f"{prefix}-general_comment": general}
    for criterion, value in values.items():
        data[f"{prefix}-c{criterion.pk}"] = value
    for criterion in na:
        data[f"{prefix}-c{criterion.pk}_na"] = "on"
    for criterion, text in (comments or {}).items():
        data[f"{prefix}-c{criterion.pk}_comment"] = text
    return data


def sheet_data(*parts: dict, action="save") -> dict:
    """One POST of the whole sheet from several ``form_data`` parts."""
    data = {"rubrics": [], "action": action}
    for part in parts:
        data.update({key: value for key, value in part.items() if key not in ("rubrics", "action")})
        data["rubrics"] += part["rubrics"]
    return data


def send_url(session) -> str:
    return reverse("evaluations:score_send", args=[session.pk])


def confirm_send(client, session, rubrics):
    """Confirm the summary page for ``rubrics``, at the revisions the summary shows."""
    data = {"confirm": "yes", "send": [r.pk for r in rubrics]}
    for summary in client.get(send_url(session)).context["summaries"]:
        if summary.sheet is not None:
            data[f"revision-{summary.rubric.pk}"] = summary.sheet.revision
    return client.post(send_url(session), data)


def all_values(rubric, value=4) -> dict:
    return {c: value for c in rubric.criteria.all()}


def sheet_of(data, evaluator_key, rubric):
    return ScoreSheet.objects.filter(
        session=data["pemalang"], evaluator=data[evaluator_key], rubric=rubric
    ).first()


# --------------------------------------------------------------------------------------------- my sessions


def test_my_sessions_lists_own_panel_sessions_with_sheet_status(demo_event, en):
    en.force_login(demo_event["evaluator3"])

    response = en.get(reverse("evaluations:my_sessions"))

    html = response.content.decode()
    assert response.status_code == 200
    sessions = response.context["days"]
    regions = [s.participation.region.name for _e, _d, day in sessions for s in day]
    assert regions == [
        "Kota Pekalongan",
        "Kota Sibolga",
        "Kota Cimahi",
        "Kota Padang",
        "Kota Denpasar",
        "Kabupaten Pemalang",
    ]
    assert "14:45–15:30 WIB" in html
    assert "Thursday, 13 December 2018" in html
    assert "Kota Medan" not in html  # Panel 2's session at the same time


def test_my_sessions_shows_draft_and_submitted_statuses(demo_event, en):
    en.force_login(demo_event["evaluator3"])

    response = en.get(reverse("evaluations:my_sessions"))

    by_region = {
        s.participation.region.code: [state.status for state in s.states]
        for _e, _d, day in response.context["days"]
        for s in day
    }
    assert by_region["33.27"] == ["draft", "draft"]
    assert by_region["33.75"] == ["submitted", "submitted"]
    assert response.context["to_do"] == 3


def test_my_sessions_empty_for_users_on_no_panel(demo_event, en):
    en.force_login(demo_event["editor.pemalang"])

    response = en.get(reverse("evaluations:my_sessions"))

    assert (response.status_code, response.context["days"]) == (200, [])


# ----------------------------------------------------------------------------------------------- score page


def test_score_page_shows_region_time_presenter_and_one_form_per_rubric(demo_event, en):
    freeze_version(demo_event["pemalang"].participation.masterplan, by=None)  # submitted: the panel reads it
    en.force_login(demo_event["evaluator3"])

    response = en.get(score_url(demo_event["pemalang"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kabupaten Pemalang" in html
    assert "14:45–15:30 WIB" in html
    assert "Kepala Dinas Komunikasi dan Informatika" in html
    # One form for both rubrics, with one bar of buttons.
    assert html.count("data-score-sheet") == 1
    assert html.count('name="action" value="review"') == 1
    assert html.count('name="rubrics"') == 2
    assert [p.rubric for p in response.context["panels"]] == [
        masterplan_rubric(demo_event),
        quick_win_rubric(demo_event),
    ]
    # Level descriptors are the help of each score.
    assert "Analisis tajam, berbasis data, dan menghasilkan isu strategis" in html
    assert reverse("evaluations:session_masterplan", args=[demo_event["pemalang"].pk]) in html


def test_score_draft_then_submit_records_and_locks_sheet(fresh, en):
    rubric = masterplan_rubric(fresh)
    criteria = list(rubric.criteria.all())
    en.force_login(fresh["evaluator3"])

    draft = en.post(
        score_url(fresh["pemalang"]),
        form_data(rubric, {criteria[0]: 5, criteria[1]: 3}, comments={criteria[0]: "Analisis SWOT kuat."}),
    )
    sheet = sheet_of(fresh, "evaluator3", rubric)
    saved = {s.criterion_id: (s.value, s.comment) for s in sheet.scores.all()}
    en.post(score_url(fresh["pemalang"]), form_data(rubric, all_values(rubric, 4)))
    submitted = confirm_send(en, fresh["pemalang"], [rubric])
    sheet.refresh_from_db()

    assert draft.status_code == 302
    assert saved[criteria[0].pk] == (5, "Analisis SWOT kuat.")
    assert saved[criteria[1].pk] == (3, "")
    assert saved[criteria[2].pk] == (None, "")
    assert submitted.status_code == 302
    assert sheet.status == SheetStatus.SUBMITTED
    assert sorted(sheet.scores.values_list("value", flat=True)) == [4] * len(criteria)
    assert (
        AuditEntry.objects.filter(action="evaluation.sheet_submitted", target_id=str(sheet.pk)).count() == 1
    )


def test_score_outside_scale_refused_with_reason_and_nothing_saved(fresh, en):
    rubric = masterplan_rubric(fresh)
    criteria = list(rubric.criteria.all())
    en.force_login(fresh["evaluator3"])

    response = en.post(score_url(fresh["pemalang"]), form_data(rubric, {criteria[0]: 9, criteria[1]: 2}))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"“{criteria[0].name}” takes a score from 1 to 5; 9 is outside the scale." in html
    assert sheet_of(fresh, "evaluator3", rubric) is None
    # The evaluator's input is kept: the second criterion's choice is still ticked.
    assert (
        f'id="r{rubric.pk}-c{criteria[1].pk}-2" name="r{rubric.pk}-c{criteria[1].pk}" value="2" checked'
        in html
    )


def test_score_outside_scale_on_existing_draft_leaves_it_unchanged(demo_event, en):
    rubric = masterplan_rubric(demo_event)
    sheet = sheet_of(demo_event, "evaluator3", rubric)
    before = sorted(sheet.scores.values_list("criterion_id", "value"))
    en.force_login(demo_event["evaluator3"])

    response = en.post(score_url(demo_event["pemalang"]), form_data(rubric, all_values(rubric, 0)))

    assert "is outside the scale" in response.content.decode()
    assert sorted(sheet.scores.values_list("criterion_id", "value")) == before


def test_score_text_instead_of_number_refused_without_saving(fresh, en):
    rubric = masterplan_rubric(fresh)
    criterion = rubric.criteria.first()
    en.force_login(fresh["evaluator3"])

    response = en.post(score_url(fresh["pemalang"]), form_data(rubric, {criterion: "lima"}))

    assert response.status_code == 200
    assert "Write numbers like 2,150 for two thousand one hundred and fifty" in response.content.decode()
    assert sheet_of(fresh, "evaluator3", rubric) is None


def test_score_na_refused_where_not_allowed(fresh, en):
    rubric = masterplan_rubric(fresh)
    criterion = rubric.criteria.first()
    en.force_login(fresh["evaluator3"])

    response = en.post(score_url(fresh["pemalang"]), form_data(rubric, {}, na=[criterion]))

    assert criterion.allow_na is False
    assert f"“{criterion.name}” cannot be marked n/a." in response.content.decode()
    assert sheet_of(fresh, "evaluator3", rubric) is None


def test_score_na_accepted_where_allowed_and_submits(fresh, en):
    rubric = quick_win_rubric(fresh)
    optional = rubric.criteria.get(allow_na=True)
    values = {c: 3 for c in rubric.criteria.exclude(pk=optional.pk)}
    en.force_login(fresh["evaluator3"])

    en.post(score_url(fresh["pemalang"]), form_data(rubric, values, na=[optional]))
    response = confirm_send(en, fresh["pemalang"], [rubric])

    sheet = sheet_of(fresh, "evaluator3", rubric)
    assert response.status_code == 302
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.scores.get(criterion=optional).is_na is True


def test_submit_with_missing_criterion_refused(fresh, en):
    rubric = masterplan_rubric(fresh)
    criteria = list(rubric.criteria.all())
    values = {c: 4 for c in criteria[:-1]}
    en.force_login(fresh["evaluator3"])

    saved = en.post(score_url(fresh["pemalang"]), form_data(rubric, values, action="review"))
    summary = en.get(send_url(fresh["pemalang"]))
    response = confirm_send(en, fresh["pemalang"], [rubric])

    html = summary.content.decode()
    assert saved["Location"] == send_url(fresh["pemalang"]) + "#main"
    assert f"1 criterion is not scored yet:</strong> {criteria[-1].name}." in html
    assert f'name="send" value="{rubric.pk}"' not in html
    assert response.status_code == 400
    assert sheet_of(fresh, "evaluator3", rubric).status == SheetStatus.DRAFT


def test_submitted_sheet_is_read_only_and_locked_against_post(demo_event, en):
    rubric = masterplan_rubric(demo_event)
    sheet = sheet_of(demo_event, "evaluator", rubric)
    before = sorted(sheet.scores.values_list("criterion_id", "value"))
    en.force_login(demo_event["evaluator"])

    page = en.get(score_url(demo_event["pemalang"]))
    response = en.post(score_url(demo_event["pemalang"]), form_data(rubric, all_values(rubric, 1)))

    assert page.context["panels"][0].locked is True
    assert f'name="rubrics" value="{rubric.pk}"' not in page.content.decode()
    assert (
        "This score sheet was submitted and is locked. Ask the secretariat to reopen it."
        in response.content.decode()
    )
    assert sorted(sheet.scores.values_list("criterion_id", "value")) == before
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED


def test_score_unknown_rubric_is_404(demo_event, en):
    en.force_login(demo_event["evaluator3"])

    response = en.post(score_url(demo_event["pemalang"]), {"rubrics": 999999, "action": "save"})

    assert response.status_code == 404


def test_score_quick_wins_only_session_has_one_form(demo_event, en):
    Session.objects.filter(pk=demo_event["pemalang"].pk).update(presents=Presents.QUICK_WINS)
    en.force_login(demo_event["evaluator3"])

    response = en.get(score_url(demo_event["pemalang"]))

    assert [p.rubric for p in response.context["panels"]] == [quick_win_rubric(demo_event)]


# ------------------------------------------------------------------------------------------------- leaks


@pytest.mark.parametrize("who", ["evaluator4", "evaluator5", "editor.pemalang", "mentor", "sekretariat"])
def test_score_page_404_outside_own_panel(demo_event, en, who):
    en.force_login(demo_event[who])
    rubric = masterplan_rubric(demo_event)

    page = en.get(score_url(demo_event["pemalang"]))
    post = en.post(score_url(demo_event["pemalang"]), form_data(rubric, all_values(rubric)))

    assert (page.status_code, post.status_code) == (404, 404)
    assert not ScoreSheet.objects.filter(session=demo_event["pemalang"], evaluator=demo_event[who]).exists()


def test_score_page_redirects_anonymous_to_login(demo_event, client):
    response = client.get(score_url(demo_event["pemalang"]))

    assert (response.status_code, "/accounts/login/" in response["Location"]) == (302, True)


def test_peer_totals_hidden_until_own_sheet_submitted(demo_event, en):
    en.force_login(demo_event["evaluator3"])

    response = en.get(score_url(demo_event["pemalang"]))

    assert [p.peers for p in response.context["panels"]] == [None, None]
    assert "Hendra Gunawan" not in response.content.decode().split("Other evaluators on this panel")[1]


def test_peer_totals_shown_after_submitting(demo_event, en):
    en.force_login(demo_event["evaluator"])

    response = en.get(score_url(demo_event["pemalang"]))

    peers = response.context["panels"][0].peers
    assert [(name, status) for name, status, *_rest in peers] == [
        ("Hendra Gunawan", "submitted"),
        ("Yuliana Siregar", "draft"),
    ]
    assert peers[0][4] is not None and peers[1][4] is None  # a draft shows no total


def test_peer_totals_shown_before_submitting_when_event_allows(demo_event, en):
    event = demo_event["event"]
    event.peers_visible_before_submit = True
    event.save()
    en.force_login(demo_event["evaluator3"])

    response = en.get(score_url(demo_event["pemalang"]))

    assert [name for name, *_rest in response.context["panels"][0].peers] == [
        "Ratna Kusumawati",
        "Hendra Gunawan",
    ]


def test_evaluator_never_sees_another_panels_sheets(demo_event, en):
    event = demo_event["event"]
    event.peers_visible_before_submit = True
    event.save()
    # A sheet left on Pemalang's session by a Panel 2 evaluator (e.g. before a panel change) stays invisible.
    ScoreSheetFactory(
        session=demo_event["pemalang"],
        evaluator=demo_event["evaluator4"],
        rubric=masterplan_rubric(demo_event),
        status=SheetStatus.SUBMITTED,
    )
    en.force_login(demo_event["evaluator"])

    pages = [en.get(score_url(demo_event["pemalang"])), en.get(reverse("evaluations:my_sessions"))]

    for response in pages:
        html = response.content.decode()
        assert [name for name in PANEL_2_NAMES if name in html] == []
    assert [name for name, *_rest in pages[0].context["panels"][0].peers] == [
        "Hendra Gunawan",
        "Yuliana Siregar",
    ]


def test_evaluator_of_panel_2_gets_404_on_panel_1_masterplan(demo_event, en):
    en.force_login(demo_event["evaluator4"])

    response = en.get(reverse("evaluations:session_masterplan", args=[demo_event["pemalang"].pk]))

    assert response.status_code == 404


# -------------------------------------------------------------------------------------------- conflicts


@pytest.fixture
def mentor_on_panel_1(demo_event):
    """Pemalang's mentor made an evaluator and put on Panel 1."""
    mentor = demo_event["mentor"]
    mentor.is_evaluator = True
    mentor.save()
    PanelMemberFactory(panel=demo_event["pemalang"].panel, evaluator=mentor)
    return demo_event


def test_conflicted_evaluator_sees_reason_and_no_form(mentor_on_panel_1, en):
    en.force_login(mentor_on_panel_1["mentor"])

    response = en.get(score_url(mentor_on_panel_1["pemalang"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mentor of Kabupaten Pemalang." in html
    assert 'name="action"' not in html
    assert response.context["panels"] == []


def test_conflicted_evaluator_cannot_score_by_post(mentor_on_panel_1, en):
    rubric = masterplan_rubric(mentor_on_panel_1)
    en.force_login(mentor_on_panel_1["mentor"])

    response = en.post(
        score_url(mentor_on_panel_1["pemalang"]), form_data(rubric, all_values(rubric), action="review")
    )

    assert response.status_code == 403
    assert "Mentor of Kabupaten Pemalang." in response.content.decode()
    assert not ScoreSheet.objects.filter(evaluator=mentor_on_panel_1["mentor"]).exists()


def test_conflicted_session_marked_in_my_sessions(mentor_on_panel_1, en):
    en.force_login(mentor_on_panel_1["mentor"])

    response = en.get(reverse("evaluations:my_sessions"))

    states = {
        s.participation.region.code: [st.status for st in s.states]
        for _e, _d, day in response.context["days"]
        for s in day
    }
    assert states["33.27"] == ["conflict", "conflict"]


def test_conflict_map_agrees_with_conflict_reasons(mentor_on_panel_1):
    data = mentor_on_panel_1
    event = data["event"]
    DeclaredConflictFactory(evaluator=data["evaluator2"], region=data["pemalang"].region)
    # evaluator4 (Panel 2) joins a team in Jawa Tengah: in conflict with Jawa Tengah regions on Panel 2.
    RegionMembershipFactory(
        user=data["evaluator4"], region=Region.objects.get(code="33.75"), role=MembershipRole.VIEWER
    )
    sessions = list(
        event.sessions.select_related("participation__region__province", "panel").prefetch_related(
            "panel__memberships"
        )
    )

    bulk = conflict_map(sessions, event)

    one_by_one = {
        (m.evaluator_id, s.pk): conflict_reasons(m.evaluator, s.participation, event)
        for s in sessions
        for m in s.panel.memberships.all()
    }
    assert bulk == {key: reasons for key, reasons in one_by_one.items() if reasons}
    assert len(bulk) >= 3


# ------------------------------------------------------------------------------------------------ board


def board_url(data) -> str:
    return reverse("evaluations:scoring_board", args=[data["event"].pk])


def test_board_shows_progress_missing_evaluators_and_drafts(demo_event, en):
    en.force_login(demo_event["sekretariat"])

    response = en.get(board_url(demo_event))
    context = board_context(demo_event["event"])

    rows = {r.session.participation.region.code: r for r in context["rows"]}
    pemalang = rows["33.27"]
    assert (pemalang.expected, pemalang.submitted, pemalang.drafts) == (6, 4, 2)
    assert [(m.full_name, has_draft) for m, _rubrics, has_draft in pemalang.missing] == [
        ("Yuliana Siregar", True)
    ]
    assert (context["expected"], context["submitted"]) == (72, 60)
    html = response.content.decode()
    assert 'hx-trigger="every 10s"' in html and "60 / 72" in html
    assert "Yuliana Siregar" in html


def test_board_heading_follows_a_renamed_event(demo_event, en):
    """The heading is kept per state of the event row: a new name shows at the next look."""
    en.force_login(demo_event["sekretariat"])
    event = demo_event["event"]
    before = en.get(board_url(demo_event)).content.decode()
    event.name = "Evaluasi Masterplan Gelombang II"
    event.save()

    after = en.get(board_url(demo_event)).content.decode()

    assert "Evaluasi Masterplan Gelombang II" not in before
    assert '<p class="eyebrow">Evaluasi Masterplan Gelombang II' in after


def test_board_partial_for_htmx(demo_event, en):
    en.force_login(demo_event["sekretariat"])

    response = en.get(board_url(demo_event), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="board"')
    assert "<html" not in html and "<header" not in html


def test_board_flags_outlier(demo_event, en):
    pekalongan = Session.objects.get(event=demo_event["event"], participation__region__code="33.75")
    sheet = ScoreSheet.objects.get(
        session=pekalongan, evaluator=demo_event["evaluator2"], rubric=masterplan_rubric(demo_event)
    )
    Score.objects.filter(sheet=sheet).update(value=1)
    en.force_login(demo_event["sekretariat"])

    response = en.get(board_url(demo_event))
    context = board_context(demo_event["event"])

    row = next(r for r in context["rows"] if r.session.pk == pekalongan.pk)
    assert [(e.full_name, total) for _r, e, total, _m in row.flagged] == [("Hendra Gunawan", 0)]
    assert context["outlier_count"] == 1
    assert "Hendra Gunawan: 0" in response.content.decode()


def test_board_stats_equal_compute_results(demo_event):
    Score.objects.filter(sheet__evaluator=demo_event["evaluator2"], sheet__session__day__date__day=12).update(
        value=1
    )
    event = demo_event["event"]

    board = {r.session.pk: r.stats for r in board_rows(event)}
    results = {r.session.pk: r.stats for r in compute_results(event)}

    def summary(stats):
        return [
            (
                s.rubric.pk,
                s.mean,
                s.median,
                s.spread,
                s.count,
                [m.pk for m in s.missing],
                [(e.pk, t) for e, t in s.outliers],
            )
            for s in stats
        ]

    assert {pk: summary(s) for pk, s in board.items()} == {pk: summary(s) for pk, s in results.items()}


def _grow(data, n):
    """n more sessions on day 1 in Nusantara A (the board does not validate), each fully scored by Panel 1."""
    event = data["event"]
    pemalang = data["pemalang"]
    day1 = event.days.order_by("date").first()
    for _ in range(n):
        session = SessionFactory(
            event=event,
            day=day1,
            room=pemalang.room,
            panel=pemalang.panel,
            starts=pemalang.starts,
            ends=pemalang.ends,
        )
        for member in pemalang.panel.members.all():
            for rubric in session.rubrics():
                sheet = ScoreSheetFactory(
                    session=session, evaluator=member, rubric=rubric, status=SheetStatus.SUBMITTED
                )
                Score.objects.bulk_create(
                    ScoreFactory.build(sheet=sheet, criterion=c) for c in rubric.criteria.all()
                )


def test_board_query_count_constant_when_sessions_grow(demo_event, en):
    en.force_login(demo_event["sekretariat"])
    _grow(demo_event, 2)
    small = count_queries(en, board_url(demo_event))

    _grow(demo_event, 10)
    large = count_queries(en, board_url(demo_event))

    assert large == small


def test_my_sessions_query_count_constant_when_sessions_grow(demo_event, en):
    en.force_login(demo_event["evaluator"])
    _grow(demo_event, 2)
    small = count_queries(en, reverse("evaluations:my_sessions"))

    _grow(demo_event, 10)
    large = count_queries(en, reverse("evaluations:my_sessions"))

    assert large == small


@pytest.mark.parametrize(("who", "expected"), [("evaluator", 403), ("editor.pemalang", 403), ("mentor", 403)])
def test_board_forbidden_to_others(demo_event, en, who, expected):
    en.force_login(demo_event[who])

    assert en.get(board_url(demo_event)).status_code == expected


# ----------------------------------------------------------------------------------------------- reopen


def test_reopen_by_secretariat_is_audited_with_note(demo_event, en):
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    en.force_login(demo_event["sekretariat"])

    response = en.post(
        reverse("evaluations:sheet_reopen", args=[sheet.pk]), {"note": "Nilai kriteria 3 tertukar."}
    )

    sheet.refresh_from_db()
    entry = AuditEntry.objects.get(action="evaluation.sheet_reopened", target_id=str(sheet.pk))
    assert response.status_code == 302
    assert sheet.status == SheetStatus.DRAFT
    assert entry.note.startswith(
        "Nilai kriteria 3 tertukar. [Analisis strategis="
    )  # the submitted values follow
    assert "total " in entry.note
    assert (entry.actor, entry.old_value, entry.new_value) == (
        demo_event["sekretariat"],
        "submitted",
        "draft",
    )


def test_reopen_has_a_page_of_its_own_and_the_board_only_links_to_it(demo_event, en):
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    url = reverse("evaluations:sheet_reopen", args=[sheet.pk])
    sheets_url = reverse("evaluations:session_sheets", args=[demo_event["pemalang"].pk])
    en.force_login(demo_event["sekretariat"])

    board = en.get(board_url(demo_event)).content.decode()
    sheets = en.get(sheets_url).content.decode()
    page = en.get(url)
    blank = en.post(url, {"note": "  "})

    sheet.refresh_from_db()
    assert f'href="{sheets_url}"' in board and url not in board and 'name="note"' not in board
    assert f'href="{url}"' in sheets and 'name="note"' not in sheets
    assert page.status_code == 200
    assert "Kabupaten Pemalang" in page.content.decode() and 'name="note"' in page.content.decode()
    assert f'href="{sheets_url}"' in page.content.decode()  # back to the session's sheets
    assert blank.status_code == 400 and "This field is required." in blank.content.decode()
    assert sheet.status == SheetStatus.SUBMITTED


def test_session_sheets_lists_submitted_sheets_with_totals(demo_event, en):
    pemalang = demo_event["pemalang"]
    en.force_login(demo_event["sekretariat"])

    response = en.get(reverse("evaluations:session_sheets", args=[pemalang.pk]))

    listed = [
        (sheet.evaluator.full_name, sheet.rubric.kind, total) for sheet, total in response.context["sheets"]
    ]
    submitted = ScoreSheet.objects.filter(session=pemalang, status=SheetStatus.SUBMITTED)
    assert len(listed) == submitted.count() == 4
    assert {
        (s.evaluator.full_name, s.rubric.kind, rounded(sheet_total(s.rubric.criteria.all(), s.scores.all())))
        for s in submitted
    } == set(listed)
    assert response.context["drafts"] == 2
    assert "Yuliana Siregar" not in response.content.decode()  # her sheets are drafts


@pytest.mark.parametrize("who", ["evaluator", "editor.pemalang", "mentor"])
def test_session_sheets_forbidden_to_others(demo_event, en, who):
    en.force_login(demo_event[who])

    assert en.get(reverse("evaluations:session_sheets", args=[demo_event["pemalang"].pk])).status_code == 403


def test_the_board_moves_on_only_when_a_change_is_committed(demo_event, django_capture_on_commit_callbacks):
    """A board rendered while a change is not yet committed must not be kept under the new state's name."""
    from kotacerdas.evaluations.board_state import board_version

    event = demo_event["event"]
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    before = board_version(event.pk)

    with django_capture_on_commit_callbacks(execute=False) as pending:
        sheet.save()
        during = board_version(event.pk)
    for callback in pending:
        callback()
    after = board_version(event.pk)
    other_event_version = board_version(event.pk + 1000)

    assert during == before != after
    assert board_version(event.pk + 1000) == other_event_version != after


def test_a_session_change_moves_the_board_on(demo_event, django_capture_on_commit_callbacks):
    from kotacerdas.evaluations.board_state import board_version

    session = demo_event["pemalang"]
    before = board_version(session.event_id)

    with django_capture_on_commit_callbacks(execute=True):
        session.save()

    assert board_version(session.event_id) != before


def test_reopened_sheet_can_be_changed_and_resubmitted(demo_event, en):
    rubric = masterplan_rubric(demo_event)
    sheet = sheet_of(demo_event, "evaluator", rubric)
    en.force_login(demo_event["sekretariat"])
    en.post(reverse("evaluations:sheet_reopen", args=[sheet.pk]), {"note": "Salah input."})
    en.force_login(demo_event["evaluator"])

    en.post(score_url(demo_event["pemalang"]), form_data(rubric, all_values(rubric, 5)))
    response = confirm_send(en, demo_event["pemalang"], [rubric])

    sheet.refresh_from_db()
    assert response.status_code == 302
    assert sheet.status == SheetStatus.SUBMITTED
    assert set(sheet.scores.values_list("value", flat=True)) == {5}


def test_reopen_without_note_refused(demo_event, en):
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    en.force_login(demo_event["sekretariat"])

    en.post(reverse("evaluations:sheet_reopen", args=[sheet.pk]), {"note": "  "})

    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="evaluation.sheet_reopened").exists()


@pytest.mark.parametrize("who", ["evaluator", "evaluator2", "evaluator4"])
def test_reopen_refused_for_evaluators(demo_event, en, who):
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    en.force_login(demo_event[who])

    response = en.post(reverse("evaluations:sheet_reopen", args=[sheet.pk]), {"note": "Saya ingin mengubah."})

    sheet.refresh_from_db()
    assert response.status_code == 403
    assert sheet.status == SheetStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="evaluation.sheet_reopened").exists()


def test_opening_the_reopen_page_changes_nothing(demo_event, en):
    sheet = sheet_of(demo_event, "evaluator", masterplan_rubric(demo_event))
    en.force_login(demo_event["sekretariat"])

    assert en.get(reverse("evaluations:sheet_reopen", args=[sheet.pk])).status_code == 200
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="evaluation.sheet_reopened").exists()


# ------------------------------------------------------------------------------------------- masterplan


def test_session_masterplan_read_only_for_panel_and_secretariat(demo_event, en):
    freeze_version(demo_event["pemalang"].participation.masterplan, by=None)  # submitted: the panel reads it
    url = reverse("evaluations:session_masterplan", args=[demo_event["pemalang"].pk])
    answers = {}
    for who in ["evaluator3", "sekretariat", "evaluator4", "editor.pekalongan"]:
        en.force_login(demo_event[who])
        response = en.get(url)
        answers[who] = response.status_code
        if response.status_code == 200:
            html = response.content.decode()
            assert "Kabupaten Pemalang" in html
            assert "<form" not in html.split('id="main"')[1]

    assert answers == {"evaluator3": 200, "sekretariat": 200, "evaluator4": 404, "editor.pekalongan": 404}


def test_session_masterplan_404_without_masterplan(demo_event, en):
    padang = Session.objects.get(event=demo_event["event"], participation__region__code="13.71")
    en.force_login(demo_event["evaluator3"])

    response = en.get(reverse("evaluations:session_masterplan", args=[padang.pk]))
    score_page = en.get(score_url(padang))

    assert response.status_code == 404
    assert reverse("evaluations:session_masterplan", args=[padang.pk]) not in score_page.content.decode()
