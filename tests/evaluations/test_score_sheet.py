"""The score sheet never loses what an evaluator typed (issue 16 §2): one form for both rubrics, sending only
after a summary is confirmed, "Simpan & sesi berikutnya" within the evaluator's own panels, and messages beside
the buttons."""

import re

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.models import ScoreSheet, Session, SheetStatus
from kotacerdas.evaluations.scoring import rounded, sheet_total
from tests.evaluations.test_scoring import (
    all_values,
    confirm_send,
    form_data,
    masterplan_rubric,
    quick_win_rubric,
    score_url,
    send_url,
    sheet_data,
)
from tests.factories import PanelMemberFactory

pytestmark = pytest.mark.django_db


def session_of(data, code) -> Session:
    return Session.objects.get(event=data["event"], participation__region__code=code)


def stored(data, evaluator_key, session, rubric) -> dict:
    """criterion name -> (value, is_na, comment) of the evaluator's stored sheet, with its general comment."""
    sheet = ScoreSheet.objects.get(session=session, evaluator=data[evaluator_key], rubric=rubric)
    scores = {
        s.criterion.name: (s.value, s.is_na, s.comment) for s in sheet.scores.select_related("criterion")
    }
    return {"scores": scores, "general": sheet.general_comment, "status": sheet.status}


def both_parts(data, *, action="save", mp_value=4, qw_value=3):
    """The whole sheet: every masterplan criterion at ``mp_value``, every quick-win criterion at ``qw_value``,
    a comment on the first criterion of each and a general comment on each."""
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    mp_first, qw_first = mp.criteria.first(), qw.criteria.first()
    return sheet_data(
        form_data(
            mp, all_values(mp, mp_value), comments={mp_first: "SWOT tajam."}, general="Masterplan matang."
        ),
        form_data(
            qw, all_values(qw, qw_value), comments={qw_first: "Sudah berjalan."}, general="Quick win nyata."
        ),
        action=action,
    )


# ------------------------------------------------------------------------------------- one sheet, one form


def test_score_page_is_one_form_holding_both_rubrics(blank, en):
    en.force_login(blank["evaluator3"])
    mp, qw = masterplan_rubric(blank), quick_win_rubric(blank)

    html = en.get(score_url(blank["pemalang"])).content.decode()

    forms = re.findall(r"<form[^>]*data-score-sheet.*?</form>", html, re.S)
    assert len(forms) == 1
    sheet = forms[0]
    assert re.findall(r'name="rubrics" value="(\d+)"', sheet) == [str(mp.pk), str(qw.pk)]
    assert re.findall(r'name="action" value="(\w+)"', sheet) == ["save", "next", "review"]
    # Every criterion input of both rubrics is inside that one form.
    for rubric in (mp, qw):
        for criterion in rubric.criteria.all():
            assert f'name="r{rubric.pk}-c{criterion.pk}"' in sheet
            assert f'name="r{rubric.pk}-c{criterion.pk}_comment"' in sheet
    # The script is a static file, deferred; no inline script anywhere (CSP).
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/evaluations/score_sheet.js" defer>' in scripts
    assert [tag for tag in scripts if 'src="' not in tag] == []


@pytest.mark.parametrize("action", ["save", "next", "review"])
def test_any_button_stores_both_rubrics_scores_and_comments(blank, en, action):
    data = blank
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])

    response = en.post(score_url(data["pemalang"]), both_parts(data, action=action, mp_value=4, qw_value=3))

    assert response.status_code == 302
    mp_sheet = stored(data, "evaluator3", data["pemalang"], mp)
    qw_sheet = stored(data, "evaluator3", data["pemalang"], qw)
    mp_names = [c.name for c in mp.criteria.all()]
    qw_names = [c.name for c in qw.criteria.all()]
    assert mp_sheet == {
        "scores": {name: (4, False, "SWOT tajam." if i == 0 else "") for i, name in enumerate(mp_names)},
        "general": "Masterplan matang.",
        "status": SheetStatus.DRAFT,
    }
    assert qw_sheet == {
        "scores": {name: (3, False, "Sudah berjalan." if i == 0 else "") for i, name in enumerate(qw_names)},
        "general": "Quick win nyata.",
        "status": SheetStatus.DRAFT,
    }
    assert not AuditEntry.objects.filter(action="evaluation.sheet_submitted").exists()


def test_saving_keeps_the_other_rubrics_draft_values(demo_event, en):
    """The bug of the two forms: saving the quick-win part discarded what the masterplan part held."""
    data = demo_event
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])
    page = en.get(score_url(data["pemalang"]))
    masterplan_before = stored(data, "evaluator3", data["pemalang"], mp)
    # The browser posts the whole form: the masterplan part as loaded, the quick-win part changed.
    posted = {"csrfmiddlewaretoken": "x"}
    for panel in page.context["panels"]:
        for bound in panel.form:
            value = bound.value()
            if value not in (None, False, ""):
                posted[bound.html_name] = "on" if value is True else value
    posted.update({"rubrics": [mp.pk, qw.pk], "action": "save"})
    first_qw = qw.criteria.first()
    posted[f"r{qw.pk}-c{first_qw.pk}"] = 5
    posted[f"r{qw.pk}-c{first_qw.pk}_comment"] = "Layanan aduan daring aktif."

    en.post(score_url(data["pemalang"]), posted)

    assert stored(data, "evaluator3", data["pemalang"], mp) == masterplan_before
    assert stored(data, "evaluator3", data["pemalang"], qw)["scores"][first_qw.name] == (
        5,
        False,
        "Layanan aduan daring aktif.",
    )


def test_a_refused_entry_saves_nothing_and_shows_everything_typed_again(blank, en):
    data = blank
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    mp_criteria, qw_criteria = list(mp.criteria.all()), list(qw.criteria.all())
    en.force_login(data["evaluator3"])
    posted = sheet_data(
        form_data(mp, {mp_criteria[0]: 3, mp_criteria[1]: 5}, comments={mp_criteria[0]: "Ditulis panjang."}),
        form_data(qw, {qw_criteria[0]: 9}, general="Catatan umum quick win."),
    )

    response = en.post(score_url(data["pemalang"]), posted)

    html = response.content.decode()
    assert response.status_code == 200
    assert ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"]).count() == 0
    assert f"“{qw_criteria[0].name}” takes a score from 1 to 5; 9 is outside the scale." in html
    # Both parts come back as typed, and the page knows they are not saved (the leave warning is armed).
    assert f'name="r{mp.pk}-c{mp_criteria[0].pk}" value="3" checked' in html
    assert f'name="r{mp.pk}-c{mp_criteria[1].pk}" value="5" checked' in html
    assert "Ditulis panjang.</textarea>" in html
    assert "Catatan umum quick win.</textarea>" in html
    assert "data-score-sheet data-unsaved" in html
    bar = html.split('id="sheet-bar"')[1]
    assert "Nothing was saved: correct the marked entries and save again. What you typed is kept." in bar


def test_an_untouched_part_starts_no_sheet(blank, en):
    data = blank
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])

    en.post(score_url(data["pemalang"]), sheet_data(form_data(mp, all_values(mp, 2)), form_data(qw, {})))

    sheets = ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"])
    assert list(sheets.values_list("rubric_id", flat=True)) == [mp.pk]


# ------------------------------------------------------------------------------------- messages at the buttons


def test_saved_message_sits_in_the_button_bar_with_the_time(blank, client):
    client.force_login(blank["evaluator3"])  # Indonesian, the default

    response = client.post(score_url(blank["pemalang"]), both_parts(blank))
    page = client.get(response["Location"])

    html = page.content.decode()
    assert response["Location"] == score_url(blank["pemalang"]) + "#sheet-bar"
    top, bar = html.split('id="sheet-bar"')
    assert re.search(r"Semua nilai dan komentar tersimpan pukul \d{1,2}\.\d{2} WIB\.", bar)
    assert "tersimpan pukul" not in top
    assert bar.index("tersimpan pukul") < bar.index('name="action" value="save"')


def test_live_total_reads_the_weights_the_server_uses(demo_event, en):
    en.force_login(demo_event["evaluator3"])
    mp = masterplan_rubric(demo_event)
    sheet = ScoreSheet.objects.get(
        session=demo_event["pemalang"], evaluator=demo_event["evaluator3"], rubric=mp
    )

    html = en.get(score_url(demo_event["pemalang"])).content.decode()

    found = re.findall(r'data-criterion data-weight="([\d.]+)" data-min="(\d+)" data-max="(\d+)"', html)
    expected = [(f"{c.weight:.2f}", str(c.scale_min), str(c.scale_max)) for c in mp.criteria.all()]
    assert found[: len(expected)] == expected
    # The server's total of the stored draft is what the page shows before any change.
    assert (
        f'<output data-total="r{mp.pk}">{rounded(sheet_total(sheet.rubric.criteria.all(), sheet.scores.all()))}</output>'
        in html
    )


# ----------------------------------------------------------------------------------------- send (Kirim)


def test_send_button_saves_and_shows_the_summary_without_locking(blank, en):
    data = blank
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    qw_criteria = list(qw.criteria.all())
    en.force_login(data["evaluator3"])
    posted = sheet_data(
        form_data(mp, all_values(mp, 5)),
        form_data(qw, {c: 3 for c in qw_criteria[1:]}),
        action="review",
    )

    response = en.post(score_url(data["pemalang"]), posted)
    summary = en.get(response["Location"])

    html = summary.content.decode()
    assert response["Location"] == send_url(data["pemalang"]) + "#main"
    assert set(
        ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"]).values_list(
            "status", flat=True
        )
    ) == {SheetStatus.DRAFT}
    assert not AuditEntry.objects.filter(action="evaluation.sheet_submitted").exists()
    masterplan, quick_wins = summary.context["summaries"]
    assert (masterplan.total, masterplan.blanks, masterplan.sendable) == (100, [], True)
    assert (quick_wins.total, quick_wins.blanks, quick_wins.sendable) == (None, [qw_criteria[0]], False)
    assert f"1 criterion is not scored yet:</strong> {qw_criteria[0].name}." in html
    assert "100.00" in html
    assert f'name="send" value="{mp.pk}" checked' in html
    assert f'name="send" value="{qw.pk}"' not in html


def test_send_without_confirmation_locks_nothing(demo_event, en):
    data = demo_event
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])
    en.post(score_url(data["pemalang"]), both_parts(data))
    revisions = {
        s.rubric_id: s.revision
        for s in ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"])
    }

    response = en.post(
        send_url(data["pemalang"]),
        {"send": [mp.pk, qw.pk], **{f"revision-{pk}": rev for pk, rev in revisions.items()}},
    )
    page = en.get(score_url(data["pemalang"]))

    assert response.status_code == 400
    assert "Nothing was sent: confirm with the button below." in response.content.decode()
    sheets = ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"])
    assert {(s.rubric_id, s.status, s.revision) for s in sheets} == {
        (mp.pk, SheetStatus.DRAFT, revisions[mp.pk]),
        (qw.pk, SheetStatus.DRAFT, revisions[qw.pk]),
    }
    assert not AuditEntry.objects.filter(action="evaluation.sheet_submitted").exists()
    assert [p.locked for p in page.context["panels"]] == [False, False]  # still editable


def test_send_with_confirmation_locks_both_sheets_and_audits_them(demo_event, en):
    data = demo_event
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])
    en.post(score_url(data["pemalang"]), both_parts(data, mp_value=5, qw_value=3))

    response = confirm_send(en, data["pemalang"], [mp, qw])

    sheets = {
        s.rubric_id: s
        for s in ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"])
    }
    assert response.status_code == 302
    assert response["Location"] == score_url(data["pemalang"]) + "#main"
    assert {pk: s.status for pk, s in sheets.items()} == {mp.pk: "submitted", qw.pk: "submitted"}
    audited = AuditEntry.objects.filter(
        action="evaluation.sheet_submitted", target_id__in=[str(s.pk) for s in sheets.values()]
    )
    assert sorted(audited.values_list("new_value", flat=True)) == ["100.00", "50.00"]
    page = en.get(score_url(data["pemalang"]))
    assert [p.locked for p in page.context["panels"]] == [True, True]
    assert "Score sheets sent: Masterplan, Quick wins." in page.content.decode()


def test_send_only_the_ticked_sheet(demo_event, en):
    data = demo_event
    mp, qw = masterplan_rubric(data), quick_win_rubric(data)
    en.force_login(data["evaluator3"])
    en.post(score_url(data["pemalang"]), both_parts(data))

    response = confirm_send(en, data["pemalang"], [qw])

    statuses = dict(
        ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"]).values_list(
            "rubric_id", "status"
        )
    )
    assert response["Location"] == score_url(data["pemalang"]) + "#sheet-bar"
    assert statuses == {mp.pk: SheetStatus.DRAFT, qw.pk: SheetStatus.SUBMITTED}


def test_send_refused_when_the_sheet_changed_after_the_summary(demo_event, en):
    data = demo_event
    mp = masterplan_rubric(data)
    en.force_login(data["evaluator3"])
    en.post(score_url(data["pemalang"]), both_parts(data, mp_value=4))
    summary = en.get(send_url(data["pemalang"]))
    shown = {s.rubric.pk: s.sheet.revision for s in summary.context["summaries"]}
    # Another tab saves other scores after the summary was shown.
    en.post(score_url(data["pemalang"]), both_parts(data, mp_value=2))

    response = en.post(
        send_url(data["pemalang"]), {"confirm": "yes", "send": [mp.pk], f"revision-{mp.pk}": shown[mp.pk]}
    )

    assert response.status_code == 409
    assert "This score sheet was changed after the summary was shown." in response.content.decode()
    assert stored(data, "evaluator3", data["pemalang"], mp)["status"] == SheetStatus.DRAFT
    assert not AuditEntry.objects.filter(action="evaluation.sheet_submitted").exists()


def test_send_page_is_404_outside_own_panel_and_403_when_conflicted(demo_event, en):
    en.force_login(demo_event["evaluator4"])  # Panel 2
    other_panel = (en.get(send_url(demo_event["pemalang"])).status_code, confirm_send_status(en, demo_event))
    mentor = demo_event["mentor"]
    mentor.is_evaluator = True
    mentor.save()
    PanelMemberFactory(panel=demo_event["pemalang"].panel, evaluator=mentor)
    en.force_login(mentor)

    conflicted = en.get(send_url(demo_event["pemalang"])).status_code

    assert other_panel == (404, 404)
    assert conflicted == 403
    assert (
        ScoreSheet.objects.filter(session=demo_event["pemalang"], status=SheetStatus.SUBMITTED).count() == 4
    )


def confirm_send_status(client, data) -> int:
    mp = masterplan_rubric(data)
    return client.post(send_url(data["pemalang"]), {"confirm": "yes", "send": [mp.pk]}).status_code


# ----------------------------------------------------------------------------- Simpan & sesi berikutnya


def test_save_and_next_goes_to_the_next_unsent_session_of_own_panel(demo_event, en):
    # evaluator3 (Panel 1): Padang 13.15, Denpasar 14.00, Pemalang 14.45 on day 2, all drafts. Panel 2's
    # Surakarta starts at 13.15 too, in the next room: next by time and room, but not evaluator3's.
    data = demo_event
    padang, denpasar = session_of(data, "13.71"), session_of(data, "51.71")
    mp = masterplan_rubric(data)
    en.force_login(data["evaluator3"])

    response = en.post(score_url(padang), form_data(mp, all_values(mp, 4), action="next"))

    assert response["Location"] == score_url(denpasar) + "#main"
    assert stored(data, "evaluator3", padang, mp)["scores"] == {
        c.name: (4, False, "") for c in mp.criteria.all()
    }
    page = en.get(response["Location"])
    assert "Scores for Kota Padang saved at" in page.content.decode()


def test_save_and_next_skips_sessions_already_sent(demo_event, en):
    data = demo_event
    padang, denpasar = session_of(data, "13.71"), session_of(data, "51.71")
    ScoreSheet.objects.filter(session=denpasar, evaluator=data["evaluator3"]).update(
        status=SheetStatus.SUBMITTED
    )
    mp = masterplan_rubric(data)
    en.force_login(data["evaluator3"])

    response = en.post(score_url(padang), form_data(mp, all_values(mp, 4), action="next"))

    assert response["Location"] == score_url(data["pemalang"]) + "#main"


def test_save_and_next_never_leaves_the_evaluators_panel(demo_event, en):
    # evaluator6 (Panel 2) on Surakarta at 13.15: Panel 1's Denpasar (14.00, room A) comes before Panel 2's
    # Banjarmasin (14.00, room B) in time and room order, and belongs to another panel and region.
    data = demo_event
    surakarta, banjarmasin = session_of(data, "33.72"), session_of(data, "63.71")
    mp = masterplan_rubric(data)
    en.force_login(data["evaluator6"])

    first = en.post(score_url(surakarta), form_data(mp, all_values(mp, 3), action="next"))
    second = en.post(score_url(banjarmasin), form_data(mp, all_values(mp, 3), action="next"))

    assert first["Location"] == score_url(banjarmasin) + "#main"
    assert second["Location"] == score_url(session_of(data, "12.71")) + "#main"


def test_save_and_next_from_the_last_session_returns_to_my_sessions(demo_event, en):
    data = demo_event
    mp = masterplan_rubric(data)
    en.force_login(data["evaluator3"])

    response = en.post(score_url(data["pemalang"]), form_data(mp, all_values(mp, 4), action="next"))
    page = en.get(response["Location"])

    assert response["Location"] == reverse("evaluations:my_sessions") + "#main"
    html = page.content.decode()
    assert "Scores for Kabupaten Pemalang saved at" in html
    assert "You have no later session left to score. 2 earlier sessions are still to be sent." in html


def test_sent_session_offers_the_next_one(demo_event, en):
    data = demo_event
    padang, denpasar = session_of(data, "13.71"), session_of(data, "51.71")
    ScoreSheet.objects.filter(session=padang, evaluator=data["evaluator3"]).update(
        status=SheetStatus.SUBMITTED
    )
    en.force_login(data["evaluator3"])

    page = en.get(score_url(padang))

    assert page.context["next_session"] == denpasar
    assert "data-score-sheet" not in page.content.decode()


# --------------------------------------------------------------------------------- typed scores (wide scales)


def test_wide_scale_is_typed_the_indonesian_way_and_whole_numbers_only(blank, client):
    data = blank
    mp = masterplan_rubric(data)
    wide = mp.criteria.first()
    wide.scale_min, wide.scale_max = 0, 100
    wide.save()
    client.force_login(data["evaluator3"])  # Indonesian, the default

    page = client.get(score_url(data["pemalang"])).content.decode()
    refused = client.post(score_url(data["pemalang"]), form_data(mp, {wide: "7,5"}))
    after_refusal = ScoreSheet.objects.filter(session=data["pemalang"], evaluator=data["evaluator3"]).count()
    saved = client.post(score_url(data["pemalang"]), form_data(mp, {wide: " 85 "}))

    field = re.search(rf'<input[^>]*name="r{mp.pk}-c{wide.pk}"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="numeric"' in field and "data-score" in field
    assert (refused.status_code, after_refusal) == (200, 0)
    assert "Masukkan bilangan bulat, tanpa angka di belakang koma." in refused.content.decode()
    assert saved.status_code == 302
    assert stored(data, "evaluator3", data["pemalang"], mp)["scores"][wide.name] == (85, False, "")
