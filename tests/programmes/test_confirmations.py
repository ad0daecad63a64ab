"""A participation's status change asks first (core/confirm.py): without ``confirm=yes`` nothing changes, nothing
is audited and nobody is e-mailed; the page says what moves, whether it is final, how many places are taken and
how many people are told; with the confirmation the status changes and is audited."""

import pytest
from django.core import mail
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = ParticipationStatus


@pytest.fixture
def cohort_world():
    cohort = CohortFactory(name="Angkatan Uji", target_size=3)
    region = RegionFactory(name="Kabupaten Alfa")
    applicant = ParticipationFactory(cohort=cohort, region=region, status=S.SHORTLISTED)
    ParticipationFactory(cohort=cohort, status=S.SELECTED)
    for role in (MembershipRole.EDITOR, MembershipRole.VIEWER):
        RegionMembershipFactory(region=region, role=role)
    applicant.mentors.add(UserFactory(is_mentor=True))
    return {"cohort": cohort, "applicant": applicant, "secretariat": UserFactory(is_secretariat=True)}


def test_status_page_states_places_and_mail(client, cohort_world):
    client.force_login(cohort_world["secretariat"])
    applicant = cohort_world["applicant"]

    response = client.post(
        reverse("programmes:participation_status", args=[applicant.pk]), {"status": S.SELECTED, "note": ""}
    )

    assert response.templates[0].name == "core/confirm.html"
    assert response.context["confirmation"].consequences == [
        "Kabupaten Alfa berpindah dari “Masuk daftar pendek” ke “Terpilih”.",
        "2 dari 3 tempat di Angkatan Uji kemudian terisi.",
        "3 orang diberi tahu melalui email.",
    ]
    assert response.context["confirmation"].irreversible is False


def test_a_final_status_says_so(client, cohort_world):
    client.force_login(cohort_world["secretariat"])
    applicant = cohort_world["applicant"]

    response = client.post(
        reverse("programmes:participation_status", args=[applicant.pk]),
        {"status": S.WITHDRAWN, "note": "Surat"},
    )

    assert response.context["confirmation"].consequences == [
        "Kabupaten Alfa berpindah dari “Masuk daftar pendek” ke “Mengundurkan diri”.",
        "“Mengundurkan diri” bersifat final: status tidak dapat diubah lagi.",
        "Catatan Anda ikut dikirim: “Surat”",
        "3 orang diberi tahu melalui email.",
    ]
    assert "Tindakan ini tidak dapat dibatalkan." in response.content.decode()


def test_status_change_asks_first_then_changes_and_audits(
    client, cohort_world, django_capture_on_commit_callbacks
):
    client.force_login(cohort_world["secretariat"])
    applicant = cohort_world["applicant"]
    url = reverse("programmes:participation_status", args=[applicant.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": S.SELECTED, "note": ""})
    applicant.refresh_from_db()
    before = (applicant.status, AuditEntry.objects.count(), len(mail.outbox))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": S.SELECTED, "note": "", "confirm": "yes"})

    applicant.refresh_from_db()
    assert before == (S.SHORTLISTED, 0, 0)
    assert applicant.status == S.SELECTED
    assert list(AuditEntry.objects.values_list("action", "new_value")) == [
        ("participation.status", "selected")
    ]
    assert len(mail.outbox) == 3


def test_a_full_cohort_cannot_be_confirmed(client, cohort_world):
    cohort_world["cohort"].target_size = 1
    cohort_world["cohort"].save()
    client.force_login(cohort_world["secretariat"])

    response = client.post(
        reverse("programmes:participation_status", args=[cohort_world["applicant"].pk]),
        {"status": S.SELECTED},
    )

    assert (
        response.context["confirmation"].refusal
        == "Kuota angkatan sudah penuh: 1 dari 1 tempat telah terisi."
    )
    assert 'id="confirm-yes"' not in response.content.decode()
