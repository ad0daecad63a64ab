"""Selection never breaks a tie silently (issue 16 §3): the cut-off situation, the secretariat's explicit
choice among tied regions, incomplete assessments, and the selection page that asks for them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.models import Participation, ParticipationStatus
from kotacerdas.programmes.services import (
    compute_selection_situation,
    select_top_applications,
    split_at_cut_off,
)
from tests.factories import (
    AssessmentScoreFactory,
    CohortFactory,
    ParticipationFactory,
    ProvinceFactory,
    RegionFactory,
    RegionMembershipFactory,
    SelectionCriterionFactory,
    UserFactory,
)

S = ParticipationStatus

# One criterion scored out of 40: a score of 33 is 82,50 on the 0–100 scale.
TIE, TOP, LOW = 33, 38, 20


def _region(province, code, name):
    return RegionFactory(province=province, code=code, name=name)


@pytest.fixture
def tie(db):
    """Three places, two assessors who scored everything: one region clearly first, then four regions of two
    provinces at 82,50 for the two places left. Ordering by Kemendagri code would pick both from province 97."""
    west = ProvinceFactory(code="97", name="Provinsi Barat Uji")
    east = ProvinceFactory(code="98", name="Provinsi Timur Uji")
    cohort = CohortFactory(name="Angkatan Seri", target_size=3)
    criterion = SelectionCriterionFactory(cohort=cohort, name="Nilai gabungan", max_score=40)
    assessors = [UserFactory(is_evaluator=True, full_name=f"Asesor {n}") for n in (1, 2)]
    cohort.assessors.add(*assessors)
    w = SimpleNamespace(cohort=cohort, criterion=criterion, assessors=assessors)
    plan = {
        "top": (_region(east, "98.71", "Kota Timur Juara"), TOP),
        "w1": (_region(west, "97.01", "Kabupaten Barat Satu"), TIE),
        "w2": (_region(west, "97.02", "Kabupaten Barat Dua"), TIE),
        "e1": (_region(east, "98.01", "Kabupaten Timur Satu"), TIE),
        "e2": (_region(east, "98.02", "Kabupaten Timur Dua"), TIE),
        "low": (_region(west, "97.71", "Kota Barat Bawah"), LOW),
    }
    for key, (region, score) in plan.items():
        participation = ParticipationFactory(cohort=cohort, region=region, status=S.SHORTLISTED)
        for assessor in assessors:
            AssessmentScoreFactory(
                participation=participation, criterion=criterion, assessor=assessor, score=score
            )
        setattr(w, key, participation)
    # Another cohort with its own tie: nothing of it may appear or change.
    other = CohortFactory(name="Angkatan Lain", target_size=1)
    other_criterion = SelectionCriterionFactory(cohort=other, max_score=40)
    other.assessors.add(assessors[0])
    for code in ("97.41", "98.41"):
        p = ParticipationFactory(
            cohort=other, region=_region(west if code < "98" else east, code, f"Kota Lain {code}"),
            status=S.SHORTLISTED,
        )  # fmt: skip
        AssessmentScoreFactory(participation=p, criterion=other_criterion, assessor=assessors[0], score=TIE)
    w.other = other
    w.secretariat = UserFactory(is_secretariat=True, full_name="Sari Sekretariat")
    return w


def statuses(cohort) -> dict[str, str]:
    return dict(Participation.objects.filter(cohort=cohort).values_list("region__code", "status"))


def codes(rows) -> list[str]:
    return [r.participation.region.code for r in rows]


ALL_SHORTLISTED = {code: S.SHORTLISTED for code in ("97.01", "97.02", "97.71", "98.01", "98.02", "98.71")}


# split_at_cut_off (property) ----------------------------------------------------------------------------------


@given(
    st.lists(st.integers(min_value=0, max_value=6), max_size=12).map(lambda xs: sorted(xs, reverse=True)),
    st.integers(min_value=0, max_value=14),
)
def test_split_at_cut_off_never_orders_within_a_tie(scores, free):
    candidates = [SimpleNamespace(score=Decimal(x), pk=n) for n, x in enumerate(scores)]

    certain, tied = split_at_cut_off(candidates, free)

    rest = [c for c in candidates if c not in certain and c not in tied]
    assert len(certain) <= free
    assert all(c.score > r.score for c in certain for r in rest + tied)
    if tied:
        # More tied than places left, all at one score, and nobody with that score decided by position.
        assert len({t.score for t in tied}) == 1
        assert len(certain) < free < len(certain) + len(tied)
        assert all(r.score < tied[0].score for r in rest)
    else:
        assert certain == candidates[:free]


# compute_selection_situation --------------------------------------------------------------------------------


def test_compute_selection_situation_tie_across_cut_off(tie):
    situation = compute_selection_situation(tie.cohort)

    assert (situation.free, codes(situation.certain), codes(situation.tied), situation.tied_places) == (
        3,
        ["98.71"],
        ["97.01", "97.02", "98.01", "98.02"],
        2,
    )
    assert (situation.tie_score, situation.incomplete, situation.needs_decision) == (
        Decimal("82.50"),
        [],
        True,
    )


def test_compute_selection_situation_tie_above_cut_off_needs_no_decision(tie):
    tie.cohort.target_size = 6
    tie.cohort.save()

    situation = compute_selection_situation(tie.cohort)

    assert (codes(situation.certain), situation.tied, situation.needs_decision) == (
        ["98.71", "97.01", "97.02", "98.01", "98.02", "97.71"],
        [],
        False,
    )


def test_compute_selection_situation_tie_filling_exactly_the_places_needs_no_decision(tie):
    tie.cohort.target_size = 5

    situation = compute_selection_situation(tie.cohort)

    assert (len(situation.certain), situation.tied, situation.needs_decision) == (5, [], False)


def test_compute_selection_situation_counts_missing_assessors(tie):
    late = UserFactory(is_evaluator=True)
    tie.cohort.assessors.add(late)
    AssessmentScoreFactory(participation=tie.w1, criterion=tie.criterion, assessor=late, score=TIE)
    UserFactory(is_evaluator=True, is_active=False).assessed_cohorts.add(tie.cohort)  # cannot assess any more

    situation = compute_selection_situation(tie.cohort)

    assert [(r.participation.region.code, r.assessor_count, r.expected_count) for r in situation.ranking] == [
        ("98.71", 2, 3),
        ("97.01", 3, 3),
        ("97.02", 2, 3),
        ("98.01", 2, 3),
        ("98.02", 2, 3),
        ("97.71", 2, 3),
    ]
    assert codes(situation.incomplete) == ["98.71", "97.02", "98.01", "98.02", "97.71"]


# select_top_applications --------------------------------------------------------------------------------------


def test_select_top_applications_tie_without_choice_changes_nothing(tie):
    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(tie.cohort, by=tie.secretariat, reason="Rapat seleksi")

    assert excinfo.value.message_dict == {
        "tie_choice": [
            "4 regions have the same score (82.50) for the last 2 places: choose which of them take these places."
        ]
    }
    assert statuses(tie.cohort) == ALL_SHORTLISTED
    assert AuditEntry.objects.count() == 0


def test_select_top_applications_tie_choice_selects_chosen_and_audits_reason(
    tie, django_capture_on_commit_callbacks
):
    RegionMembershipFactory(region=tie.e1.region, user=UserFactory(email="tim@timursatu.test"))

    with django_capture_on_commit_callbacks(execute=True):
        chosen = select_top_applications(
            tie.cohort,
            by=tie.secretariat,
            tie_choice=[tie.e1.pk, tie.e2.pk],
            reason="Kesiapan anggaran TIK 2027 lebih baik.",
        )

    assert [p.region.code for p in chosen] == ["98.71", "98.01", "98.02"]
    assert statuses(tie.cohort) == {
        **ALL_SHORTLISTED,
        "98.71": S.SELECTED,
        "98.01": S.SELECTED,
        "98.02": S.SELECTED,
    }
    assert list(
        AuditEntry.objects.filter(target_id=str(tie.cohort.pk), action__startswith="selection.").values_list(
            "action", "field", "old_value", "new_value", "note", "actor"
        )
    ) == [
        (
            "selection.tie_decided",
            "tie",
            "4 regions with the same score (82.50) for 2 places: Kabupaten Barat Satu (97.01), Kabupaten Barat "
            "Dua (97.02), Kabupaten Timur Satu (98.01), Kabupaten Timur Dua (98.02)",
            "Kabupaten Timur Satu (98.01), Kabupaten Timur Dua (98.02)",
            "Kesiapan anggaran TIK 2027 lebih baik.",
            tie.secretariat.pk,
        )
    ]
    tie_note = (
        "Chosen by the secretariat among 4 applications with the same score (82.50); the reason is recorded "
        "with the selection decision."
    )
    assert list(
        AuditEntry.objects.filter(action="participation.status")
        .order_by("pk")
        .values_list("region_code", "note")
    ) == [("98.71", "Selected by rank."), ("98.01", tie_note), ("98.02", tie_note)]
    assert [m.to for m in mail.outbox] == [["tim@timursatu.test"]]
    assert statuses(tie.other) == {"97.41": S.SHORTLISTED, "98.41": S.SHORTLISTED}


def test_select_top_applications_three_chosen_for_two_places_refused(tie):
    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(
            tie.cohort, by=tie.secretariat, tie_choice=[tie.w1.pk, tie.e1.pk, tie.e2.pk], reason="Rapat"
        )

    assert excinfo.value.message_dict == {
        "tie_choice": ["Choose exactly 2 of the 4 regions with the same score; you chose 3."]
    }
    assert statuses(tie.cohort) == ALL_SHORTLISTED


def test_select_top_applications_choice_outside_the_tie_refused(tie):
    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(
            tie.cohort, by=tie.secretariat, tie_choice=[tie.e1.pk, tie.low.pk], reason="x"
        )

    assert excinfo.value.message_dict == {
        "tie_choice": ["Choose only among the regions with the same score at the cut-off."]
    }
    assert statuses(tie.cohort) == ALL_SHORTLISTED


def test_select_top_applications_tie_choice_without_reason_refused(tie):
    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(
            tie.cohort, by=tie.secretariat, tie_choice=[tie.e1.pk, tie.e2.pk], reason="  "
        )

    assert excinfo.value.message_dict == {
        "reason": ["Write the reason for this decision; it is kept with the decision in the audit trail."]
    }
    assert statuses(tie.cohort) == ALL_SHORTLISTED


def test_select_top_applications_stale_situation_refused(tie):
    seen = compute_selection_situation(tie.cohort).state
    tie.w1.assessment_scores.filter(assessor=tie.assessors[0]).update(score=TOP)  # a late change of mind

    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(
            tie.cohort, by=tie.secretariat, tie_choice=[tie.e1.pk, tie.e2.pk], reason="x", expected_state=seen
        )

    assert excinfo.value.messages == [
        "The ranking or the places changed while this page was open (new assessments or decisions). Check the "
        "situation again and decide anew."
    ]
    assert statuses(tie.cohort) == ALL_SHORTLISTED


@pytest.fixture
def ranked(tie):
    """The same cohort without the tie: distinct scores 95, 82,50, 80, 77,50, 75, 50."""
    for participation, score in ((tie.w2, 32), (tie.e1, 31), (tie.e2, 30)):
        participation.assessment_scores.update(score=score)
    return tie


def test_select_top_applications_incomplete_assessments_block_until_acknowledged(ranked):
    ranked.cohort.assessors.add(UserFactory(is_evaluator=True, full_name="Asesor Terlambat"))

    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(ranked.cohort, by=ranked.secretariat, reason="Jadwal rapat")

    assert excinfo.value.message_dict == {
        "acknowledge_incomplete": [
            "The assessments of 6 shortlisted applications are not complete. Confirm that you continue anyway, "
            "or wait for the assessors."
        ]
    }
    assert statuses(ranked.cohort) == ALL_SHORTLISTED


def test_select_top_applications_incomplete_acknowledged_selects_and_audits(ranked):
    ranked.cohort.assessors.add(UserFactory(is_evaluator=True, full_name="Asesor Terlambat"))
    ranked.low.assessment_scores.filter(assessor=ranked.assessors[1]).delete()

    chosen = select_top_applications(
        ranked.cohort, by=ranked.secretariat, acknowledge_incomplete=True, reason="Asesor ketiga sakit."
    )

    assert [p.region.code for p in chosen] == ["98.71", "97.01", "97.02"]
    entry = AuditEntry.objects.get(action="selection.incomplete_acknowledged")
    assert (entry.target_id, entry.old_value, entry.note) == (
        str(ranked.cohort.pk),
        "Kota Timur Juara (98.71): 2 of 3 assessors; Kabupaten Barat Satu (97.01): 2 of 3 assessors; "
        "Kabupaten Barat Dua (97.02): 2 of 3 assessors; Kabupaten Timur Satu (98.01): 2 of 3 assessors; "
        "Kabupaten Timur Dua (98.02): 2 of 3 assessors; Kota Barat Bawah (97.71): 1 of 3 assessors",
        "Asesor ketiga sakit.",
    )


def test_select_top_applications_no_tie_and_complete_works_in_one_step(ranked):
    chosen = select_top_applications(ranked.cohort, by=ranked.secretariat)

    assert [p.region.code for p in chosen] == ["98.71", "97.01", "97.02"]
    assert not AuditEntry.objects.filter(action__startswith="selection.").exists()


def test_select_top_applications_tie_choice_without_tie_refused(ranked):
    with pytest.raises(ValidationError) as excinfo:
        select_top_applications(ranked.cohort, by=ranked.secretariat, tie_choice=[ranked.e1.pk], reason="x")

    assert excinfo.value.message_dict == {"tie_choice": ["There is no tie at the cut-off to decide."]}
    assert statuses(ranked.cohort) == ALL_SHORTLISTED


# The selection page -------------------------------------------------------------------------------------------


def page(client, cohort):
    return client.get(reverse("programmes:selection", args=[cohort.pk]))


def decide(client, cohort, **data):
    return client.post(reverse("programmes:selection_select_top", args=[cohort.pk]), data)


def test_selection_page_states_the_tie_and_lists_the_tied_regions(tie, client):
    client.force_login(tie.secretariat)

    response = page(client, tie.cohort)

    form = response.context["decision_form"]
    text = response.content.decode()
    assert response.status_code == 200
    assert [label for _value, label in form.fields["tie_choice"].choices] == [
        "Kabupaten Barat Satu",
        "Kabupaten Barat Dua",
        "Kabupaten Timur Satu",
        "Kabupaten Timur Dua",
    ]
    assert "4 daerah bernilai sama (82,50) untuk 2 tempat terakhir." in text
    assert "Pilih 2 dari 4 daerah bernilai 82,50" in text
    assert text.count("2 dari 2 asesor telah menilai") == 6 + 4  # ranking rows + tied choices
    # One form posts the selection: the decision form; no one-click button while a decision is needed.
    url = reverse("programmes:selection_select_top", args=[tie.cohort.pk])
    assert (text.count(f'action="{url}"'), text.count(f'action="{url}#decision"')) == (0, 1)
    assert "Kota Lain" not in text


def test_selection_page_post_without_choice_changes_nothing_and_lists_the_tie(tie, client):
    client.force_login(tie.secretariat)
    state = compute_selection_situation(tie.cohort).state

    response = decide(client, tie.cohort, state=state)

    text = response.content.decode()
    assert response.status_code == 400
    assert statuses(tie.cohort) == ALL_SHORTLISTED
    assert AuditEntry.objects.count() == 0
    assert (
        "4 daerah bernilai sama (82,50) untuk 2 tempat terakhir: pilih daerah yang mengisi tempat tersebut."
        in text
    )
    assert sorted(
        int(v) for v, _label in response.context["decision_form"].fields["tie_choice"].choices
    ) == sorted([tie.w1.pk, tie.w2.pk, tie.e1.pk, tie.e2.pk])
    assert "Tuliskan alasan keputusan ini" in text


def test_selection_page_choice_of_two_with_reason_selects_them(tie, client):
    client.force_login(tie.secretariat)
    state = compute_selection_situation(tie.cohort).state

    response = decide(
        client, tie.cohort, state=state, tie_choice=[tie.e2.pk, tie.e1.pk], reason="Hasil wawancara lanjutan."
    )

    assert response.status_code == 302
    assert statuses(tie.cohort) == {
        **ALL_SHORTLISTED,
        "98.71": S.SELECTED,
        "98.01": S.SELECTED,
        "98.02": S.SELECTED,
    }
    entry = AuditEntry.objects.get(action="selection.tie_decided")
    assert (entry.new_value, entry.note, entry.actor) == (
        "Kabupaten Timur Satu (98.01), Kabupaten Timur Dua (98.02)",
        "Hasil wawancara lanjutan.",
        tie.secretariat,
    )
    after = page(client, tie.cohort).content.decode()
    assert "Hasil wawancara lanjutan." in after  # the reason stays readable on the selection page
    assert "3 pendaftaran terpilih." in after


def test_selection_page_three_for_two_places_refused_in_indonesian(tie, client):
    client.force_login(tie.secretariat)
    state = compute_selection_situation(tie.cohort).state

    response = decide(
        client, tie.cohort, state=state, tie_choice=[tie.w1.pk, tie.e1.pk, tie.e2.pk], reason="Rapat pleno."
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Pilih tepat 2 dari 4 daerah bernilai sama; Anda memilih 3." in text
    assert "Rapat pleno.</textarea>" in text  # what was typed is kept
    assert text.count("checked") == 3
    assert statuses(tie.cohort) == ALL_SHORTLISTED
    assert AuditEntry.objects.count() == 0


def test_selection_page_incomplete_assessments_need_acknowledgement(ranked, client):
    ranked.cohort.assessors.add(UserFactory(is_evaluator=True))
    client.force_login(ranked.secretariat)
    state = compute_selection_situation(ranked.cohort).state

    refused = decide(client, ranked.cohort, state=state, reason="Tenggat pengumuman.")
    accepted = decide(
        client, ranked.cohort, state=state, reason="Tenggat pengumuman.", acknowledge_incomplete="on"
    )

    refused_text = refused.content.decode()
    assert refused.status_code == 400
    assert "Penilaian 6 pendaftaran dalam daftar pendek belum lengkap." in refused_text
    assert "2 dari 3 asesor telah menilai" in refused_text
    assert "Lanjutkan walau penilaian belum lengkap" in refused_text
    assert accepted.status_code == 302
    assert statuses(ranked.cohort) == {
        **ALL_SHORTLISTED,
        "98.71": S.SELECTED,
        "97.01": S.SELECTED,
        "97.02": S.SELECTED,
    }
    assert AuditEntry.objects.get(action="selection.incomplete_acknowledged").note == "Tenggat pengumuman."


def test_selection_page_no_tie_complete_selects_in_one_step(ranked, client):
    client.force_login(ranked.secretariat)
    text = page(client, ranked.cohort).content.decode()

    response = decide(client, ranked.cohort, state=compute_selection_situation(ranked.cohort).state)

    assert "Tidak ada nilai sama di batas kuota." in text
    assert "Pilih daerah berperingkat terbaik dari daftar pendek" in text
    assert response.status_code == 302
    assert statuses(ranked.cohort) == {
        **ALL_SHORTLISTED,
        "98.71": S.SELECTED,
        "97.01": S.SELECTED,
        "97.02": S.SELECTED,
    }


def test_selection_page_changed_ranking_refuses_and_shows_the_new_situation(ranked, client):
    client.force_login(ranked.secretariat)
    seen = compute_selection_situation(ranked.cohort).state
    ranked.e1.assessment_scores.update(score=32)  # 98.01 now ties with 97.02 (80,00) at the cut-off

    response = decide(client, ranked.cohort, state=seen)

    text = response.content.decode()
    assert response.status_code == 400
    assert "Peringkat atau jumlah tempat berubah selama halaman ini terbuka" in text
    assert (
        response.context["decision_form"]["state"].value() == compute_selection_situation(ranked.cohort).state
    )
    assert statuses(ranked.cohort) == ALL_SHORTLISTED


def test_selection_page_assessor_sees_the_tie_but_no_decision_form(tie, client):
    client.force_login(tie.assessors[0])

    response = page(client, tie.cohort)

    text = response.content.decode()
    assert response.status_code == 200
    assert "4 daerah bernilai sama (82,50) untuk 2 tempat terakhir." in text
    assert response.context["decision_form"] is None
    assert "select-top" not in text


def test_selection_decision_by_assessor_refused(tie, client):
    client.force_login(tie.assessors[0])

    response = decide(client, tie.cohort, tie_choice=[tie.e1.pk, tie.e2.pk], reason="x")

    assert response.status_code == 403
    assert statuses(tie.cohort) == ALL_SHORTLISTED
