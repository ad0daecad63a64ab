"""The implementation round's moves (closing the self-assessment, publishing the index, reopening) and taking an
evaluator off a validation ask first (core/confirm.py): without ``confirm=yes`` nothing changes and nothing is
audited; the page states the consequences in numbers; with the confirmation the move is made and audited."""

import pytest
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import AssessmentStatus, RoundEntry, RoundStatus, ValidationSheet
from tests.implementation import test_rounds as implementation
from tests.implementation.test_rounds import ALL, _cells, _entry, _round, _validate
from tests.utils import asked

pytestmark = pytest.mark.django_db
world = implementation.world  # the round's world, without that module's English-only messages
YES = {"confirm": "yes"}


def _move(client, rnd, status, **extra):
    return client.post(reverse("implementation:round_status", args=[rnd.year]), {"status": status, **extra})


@pytest.fixture
def self_assessed(world):
    """A round in self-assessment: Alfa submitted and has an evaluator, Beta neither."""
    rnd = _round(world)
    RoundEntry.objects.filter(pk=_entry(rnd, world.part_a).pk).update(self_status=AssessmentStatus.SUBMITTED)
    services_index.assign_validator(_entry(rnd, world.part_a), world.evaluator, by=world.secretariat)
    return rnd


@pytest.fixture
def validated(world):
    """A round in validation: Alfa's validation submitted, Beta's still a draft with every cell scored."""
    rnd = _round(world)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, dict.fromkeys(ALL, 3), by_secretariat=world.secretariat)
    draft = services_index.assign_validator(_entry(rnd, world.part_b), world.evaluator2, by=world.secretariat)
    services_index.save_validation(
        draft,
        cells=_cells(rnd, dict.fromkeys(ALL, 2)),
        comment="",
        by=world.evaluator2,
        expected_revision=1,
    )
    AuditEntry.objects.all().delete()  # only what the pages do counts below
    return rnd


def test_closing_the_self_assessment_states_who_submitted(client, world, self_assessed):
    client.force_login(world.secretariat)

    response = _move(client, self_assessed, RoundStatus.VALIDATION)

    assert asked(response) == [
        "1 dari 2 daerah telah mengirim penilaian mandiri.",
        "Daerah tidak dapat lagi mengubah penilaian mandirinya; evaluator mulai memvalidasi.",
        "1 validasi ditugaskan kepada evaluator.",
    ]
    assert response.context["confirmation"].warnings == [
        "1 daerah belum mengirim penilaian mandiri: penilaiannya ditutup sebagai draf yang belum selesai.",
        "1 daerah belum mendapat evaluator.",
    ]
    assert "Ya, tutup penilaian mandiri" in response.content.decode()


def test_closing_the_self_assessment_asks_first_then_moves_and_audits(client, world, self_assessed):
    client.force_login(world.secretariat)

    _move(client, self_assessed, RoundStatus.VALIDATION)
    self_assessed.refresh_from_db()
    before = (self_assessed.status, AuditEntry.objects.filter(action="implementation.round_status").count())
    done = _move(client, self_assessed, RoundStatus.VALIDATION, **YES)

    self_assessed.refresh_from_db()
    assert before == (RoundStatus.SELF_ASSESSMENT, 0)
    assert done.status_code == 302
    assert self_assessed.status == RoundStatus.VALIDATION
    assert list(
        AuditEntry.objects.filter(action="implementation.round_status").values_list("old_value", "new_value")
    ) == [("self_assessment", "validation")]


def test_publishing_the_index_states_what_counts(client, world, validated):
    client.force_login(world.secretariat)

    response = client.get(
        reverse("implementation:round_status", args=[validated.year]), {"status": RoundStatus.PUBLISHED}
    )

    assert asked(response) == [
        "Indeks 1 daerah dengan validasi terkirim menjadi publik, beserta peringkatnya.",
        "1 validasi terkirim dihitung.",
        "Nilai putaran ini tidak dapat diubah lagi.",
    ]
    assert response.context["confirmation"].warnings == [
        "1 daerah tidak memiliki validasi terkirim dan tidak mendapat indeks.",
        "1 validasi masih berupa draf dan tidak dihitung.",
    ]
    assert "Tindakan ini tidak dapat dibatalkan." in response.content.decode()


def test_publishing_the_index_asks_first_then_publishes_and_audits(client, world, validated):
    client.force_login(world.secretariat)

    _move(client, validated, RoundStatus.PUBLISHED)
    validated.refresh_from_db()
    before = (validated.status, AuditEntry.objects.count())
    _move(client, validated, RoundStatus.PUBLISHED, **YES)

    validated.refresh_from_db()
    assert before == (RoundStatus.VALIDATION, 0)
    assert validated.status == RoundStatus.PUBLISHED
    assert list(AuditEntry.objects.values_list("action", "new_value")) == [
        ("implementation.round_status", "published")
    ]


def test_reopening_the_self_assessment_asks_first_and_can_be_taken_back(client, world, validated):
    client.force_login(world.secretariat)

    response = _move(client, validated, RoundStatus.SELF_ASSESSMENT)

    validated.refresh_from_db()
    assert asked(response) == [
        "Penilaian mandiri dibuka kembali untuk 2 daerah; validasi dihentikan sementara.",
        "1 validasi terkirim tetap disimpan.",
    ]
    assert response.context["confirmation"].irreversible is False
    assert validated.status == RoundStatus.VALIDATION


def test_a_move_the_round_cannot_make_is_not_asked(client, world, self_assessed):
    client.force_login(world.secretariat)

    response = _move(client, self_assessed, RoundStatus.PUBLISHED)

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="implementation.round_status").count() == 0


def test_taking_an_evaluator_off_asks_first_then_deletes_the_draft_and_audits(client, world, validated):
    sheet = ValidationSheet.objects.get(evaluator=world.evaluator2)
    n_scores = len(_cells(validated, dict.fromkeys(ALL, 2)))
    client.force_login(world.secretariat)
    url = reverse("implementation:sheet_unassign", args=[validated.year, sheet.pk])

    confirm_page = client.get(url)
    kept = ValidationSheet.objects.filter(pk=sheet.pk).exists()
    client.post(url, YES)

    assert asked(confirm_page) == [
        f"Draf validasinya dihapus beserta {n_scores} nilai yang sudah diberikan.",
        "Kota Beta kemudian memiliki 0 evaluator untuk validasinya.",
    ]
    assert kept is True
    assert not ValidationSheet.objects.filter(pk=sheet.pk).exists()
    assert list(AuditEntry.objects.values_list("action", "old_value")) == [
        ("implementation.validator_removed", str(world.evaluator2))
    ]


def test_a_submitted_validation_cannot_be_taken_off(client, world, validated):
    sheet = ValidationSheet.objects.get(evaluator=world.evaluator)
    client.force_login(world.secretariat)

    response = client.post(reverse("implementation:sheet_unassign", args=[validated.year, sheet.pk]), YES)

    assert response.status_code == 302
    assert ValidationSheet.objects.filter(pk=sheet.pk).exists()
    page = client.get(reverse("implementation:sheet_unassign", args=[validated.year, sheet.pk]))
    assert page.context["confirmation"].refusal
    assert 'id="confirm-yes"' not in page.content.decode()
