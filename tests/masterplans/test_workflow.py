import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kotacerdas.core.models import AuditEntry
from kotacerdas.masterplans.models import MasterplanStatus, Section
from kotacerdas.masterplans.services import allowed_moves, change_status

pytestmark = pytest.mark.django_db
S = MasterplanStatus


def test_submit_complete_masterplan_freezes_version_and_audits(demo, django_capture_on_commit_callbacks):
    mp = demo["pemalang"]

    with django_capture_on_commit_callbacks(execute=True):
        change_status(mp, S.SUBMITTED, by=demo["editor.pemalang"], note="Siap dinilai")

    mp.refresh_from_db()
    version = mp.versions.get()
    entry = AuditEntry.objects.get(action="masterplan.status")
    assert mp.status == S.SUBMITTED
    assert (version.number, version.snapshot["region"]["code"], len(version.snapshot["programmes"])) == (
        1,
        "33.27",
        16,
    )
    assert (entry.old_value, entry.new_value, entry.note, entry.region_code) == (
        "draft",
        "submitted",
        "Siap dinilai",
        "33.27",
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "mentor@demo.kotacerdas.id" in recipients
    assert "sekretariat@demo.kotacerdas.id" in recipients
    assert "editor.pekalongan@demo.kotacerdas.id" not in recipients


def test_submit_refused_while_incomplete(demo):
    mp = demo["pemalang"]
    Section.objects.filter(masterplan=mp, key="vision").update(body="")

    with pytest.raises(ValidationError) as error:
        change_status(mp, S.SUBMITTED, by=demo["editor.pemalang"])

    mp.refresh_from_db()
    assert "9 of 10" in error.value.messages[0]
    assert (
        mp.status,
        mp.versions.count(),
        AuditEntry.objects.filter(action="masterplan.status").count(),
    ) == (
        S.DRAFT,
        0,
        0,
    )


def test_full_cycle_each_version_numbered(demo):
    mp = demo["pemalang"]
    editor, mentor, secretariat = demo["editor.pemalang"], demo["mentor"], demo["sekretariat"]

    change_status(mp, S.SUBMITTED, by=editor)
    change_status(mp, S.REVISION_REQUESTED, by=mentor, note="Perjelas indikator")
    change_status(mp, S.SUBMITTED, by=editor)
    change_status(mp, S.IN_REVIEW, by=secretariat)
    change_status(mp, S.APPROVED, by=secretariat)
    change_status(mp, S.PUBLISHED, by=secretariat)

    mp.refresh_from_db()
    assert mp.status == S.PUBLISHED
    assert list(mp.versions.values_list("number", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    ("start", "new", "who"),
    [
        (S.DRAFT, S.APPROVED, "sekretariat"),
        (S.DRAFT, S.SUBMITTED, "mentor"),
        (S.DRAFT, S.SUBMITTED, "viewer.pemalang"),
        (S.DRAFT, S.SUBMITTED, "editor.pekalongan"),
        (S.SUBMITTED, S.APPROVED, "mentor"),
        (S.SUBMITTED, S.IN_REVIEW, "editor.pemalang"),
        (S.IN_REVIEW, S.PUBLISHED, "sekretariat"),
        (S.PUBLISHED, S.DRAFT, "sekretariat"),
    ],
)
def test_transition_refused(demo, start, new, who):
    mp = demo["pemalang"]
    mp.status = start
    mp.save()

    with pytest.raises(ValidationError):
        change_status(mp, new, by=demo[who])

    mp.refresh_from_db()
    assert mp.status == start


def test_allowed_moves_per_role(demo):
    mp = demo["pemalang"]
    mp.status = S.SUBMITTED
    mp.save()

    moves = {
        who: allowed_moves(mp, demo[who])
        for who in ["editor.pemalang", "mentor", "sekretariat", "viewer.pemalang"]
    }

    assert moves == {
        "editor.pemalang": [],
        "mentor": [S.IN_REVIEW, S.REVISION_REQUESTED],
        "sekretariat": [S.IN_REVIEW, S.REVISION_REQUESTED],
        "viewer.pemalang": [],
    }
