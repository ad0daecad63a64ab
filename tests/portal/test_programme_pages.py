"""Forms and actions on cohort, participation, selection and framework pages."""

import pytest
from django.core import mail
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.framework.models import Element, FrameworkVersion, VersionStatus
from kotacerdas.programmes.models import AssessmentScore, Cohort, Participation, ParticipationStatus
from tests.factories import AssessmentScoreFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_status_change_by_secretariat_audits_and_mails(world, login, django_capture_on_commit_callbacks):
    client = login(world.secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:participation_status", args=[world.part_a.pk]),
            {"status": "evaluated", "note": "Paparan selesai", "confirm": "yes"},
        )

    world.part_a.refresh_from_db()
    entry = AuditEntry.objects.get(action="participation.status")
    assert response.status_code == 302
    assert world.part_a.status == ParticipationStatus.EVALUATED
    assert (entry.old_value, entry.new_value, entry.note, entry.actor) == (
        "mentoring",
        "evaluated",
        "Paparan selesai",
        world.secretariat,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.editor_a.email, world.viewer_a.email, world.mentor_a.email]
    )
    assert "Dievaluasi" in mail.outbox[0].subject


def test_status_change_by_region_editor_refused_and_unchanged(world, login):
    client = login(world.editor_a)

    response = client.post(
        reverse("programmes:participation_status", args=[world.part_a.pk]), {"status": "evaluated"}
    )

    world.part_a.refresh_from_db()
    assert response.status_code == 403
    assert world.part_a.status == ParticipationStatus.MENTORING
    assert not AuditEntry.objects.exists()


def test_status_change_into_full_cohort_shows_message(world, login):
    world.cohort.target_size = 2
    world.cohort.save()
    client = login(world.secretariat)

    response = client.post(
        reverse("programmes:participation_status", args=[world.applicant.pk]),
        {"status": "selected"},
        follow=True,
    )

    world.applicant.refresh_from_db()
    assert world.applicant.status == ParticipationStatus.SHORTLISTED
    assert "Kuota angkatan sudah penuh: 2 dari 2 tempat telah terisi." in response.content.decode()


def test_mentor_assignment_audited(world, login):
    new_mentor = UserFactory(is_mentor=True, email="kedua@example.test")
    client = login(world.secretariat)

    client.post(
        reverse("programmes:participation_mentors", args=[world.part_b.pk]), {"mentors": [new_mentor.pk]}
    )

    assert list(world.part_b.mentors.all()) == [new_mentor]
    entry = AuditEntry.objects.get(action="participation.mentors")
    assert (entry.old_value, entry.new_value, entry.region_code) == (
        "",
        "kedua@example.test",
        world.region_b.code,
    )


def test_details_with_too_long_notes_show_the_error_and_keep_the_text(world, login):
    """The MoU left this form for the agreement register (tests/programmes/test_agreements.py); the notes stay."""
    client = login(world.secretariat)
    text = "x" * 4001

    response = client.post(
        reverse("programmes:participation_details", args=[world.part_a.pk]), {"notes": text}
    )

    world.part_a.refresh_from_db()
    assert response.status_code == 400
    assert response.context["details_form"].errors["notes"] == [
        "Pastikan nilai ini mengandung paling banyak 4000 karakter (sekarang 4001 karakter)."
    ]
    assert response.context["details_form"]["notes"].value() == text
    assert world.part_a.notes == ""


def test_select_top_selects_by_rank_up_to_target(world, login):
    cohort = world.cohort
    criterion = cohort.criteria.get()
    second = ParticipationFactory(cohort=cohort, status=ParticipationStatus.SHORTLISTED)
    AssessmentScoreFactory(
        participation=world.applicant, criterion=criterion, assessor=world.assessor, score=2
    )
    AssessmentScoreFactory(participation=second, criterion=criterion, assessor=world.assessor, score=5)
    client = login(world.secretariat)

    client.post(reverse("programmes:selection_select_top", args=[cohort.pk]))

    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("region__name", "status"))
    assert statuses[second.region.name] == ParticipationStatus.SELECTED
    assert statuses["Kabupaten Gamma Pelamar"] == ParticipationStatus.SHORTLISTED
    assert AuditEntry.objects.filter(action="participation.status", new_value="selected").count() == 1


def test_assess_saves_scores_for_assessor(world, login):
    criterion = world.cohort.criteria.get()
    client = login(world.assessor)

    response = client.post(
        reverse("programmes:assess", args=[world.applicant.pk]),
        {f"score_{criterion.pk}": "4", f"comment_{criterion.pk}": "Kapasitas memadai"},
    )

    assert response.status_code == 302
    score = AssessmentScore.objects.get()
    assert (score.assessor, score.score, score.comment) == (world.assessor, 4, "Kapasitas memadai")


def test_assess_score_out_of_range_rejected_whole(world, login):
    criterion = world.cohort.criteria.get()
    client = login(world.assessor)

    response = client.post(
        reverse("programmes:assess", args=[world.applicant.pk]), {f"score_{criterion.pk}": "9"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{criterion.pk}"] == ["Masukkan nilai dari 0 sampai 5."]
    assert not AssessmentScore.objects.exists()


def test_assess_refused_for_non_assessor(world, login):
    response = login(world.evaluator_other).get(reverse("programmes:assess", args=[world.applicant.pk]))

    assert response.status_code == 404


def test_cohort_form_horizons_out_of_order_rejected(world, login):
    client = login(world.secretariat)
    data = {
        "programme": world.cohort.programme.pk,
        "year": 2040,
        "name": "Angkatan 2040",
        "target_size": 10,
        "framework_version": world.cohort.framework_version.pk,
        "short_term_end": 3,
        "medium_term_end": 2,
        "long_term_end": 10,
    }

    response = client.post(reverse("programmes:cohort_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["medium_term_end"] == [
        "Jangka waktu harus berurutan: jangka pendek berakhir lebih dahulu, kemudian jangka menengah, lalu jangka panjang."
    ]
    assert not Cohort.objects.filter(year=2040).exists()


def test_stage_form_end_before_start_rejected(world, login):
    client = login(world.secretariat)

    response = client.post(
        reverse("programmes:stage_create", args=[world.cohort.pk]),
        {"kind": "bimtek_2", "starts_on": "2030-05-10", "ends_on": "2030-05-09"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "Tanggal selesai tahapan tidak boleh lebih awal dari tanggal mulai."
    ]


def test_framework_new_version_then_edit_leaves_old_untouched(framework, client):
    client.force_login(UserFactory(is_secretariat=True))
    client.post(
        reverse("framework:version_create"),
        {"source": framework.pk, "code": "gmsc-2024", "title": "Kerangka 2024"},
    )
    new = FrameworkVersion.objects.get(code="gmsc-2024")
    element = Element.objects.get(dimension__version=new, code="GOV-1")

    client.post(
        reverse("framework:item_edit", args=[new.code, "element", element.pk]),
        {
            "name_id": "Pelayanan Publik",
            "name_en": "Public Service",
            "definition_id": "",
            "definition_en": "",
        },
    )

    old = Element.objects.get(dimension__version=framework, code="GOV-1")
    element.refresh_from_db()
    assert (old.name_id, element.name_id) == ("Layanan Publik", "Pelayanan Publik")
    assert new.status == VersionStatus.DRAFT


def test_framework_current_version_cannot_be_edited(framework, client):
    client.force_login(UserFactory(is_secretariat=True))
    element = Element.objects.get(dimension__version=framework, code="GOV-1")

    client.post(
        reverse("framework:item_edit", args=[framework.code, "element", element.pk]),
        {"name_id": "Diubah", "name_en": "Changed", "definition_id": "", "definition_en": ""},
    )

    element.refresh_from_db()
    assert element.name_id == "Layanan Publik"


def test_framework_management_refused_for_evaluator(framework, client):
    client.force_login(UserFactory(is_evaluator=True))

    response = client.post(reverse("framework:version_make_current", args=[framework.code]))

    assert response.status_code == 403
