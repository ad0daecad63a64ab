from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kotacerdas.core.models import AuditEntry
from kotacerdas.masterplans.models import JobStatus, MasterplanStatus, Section
from kotacerdas.masterplans.services import allowed_moves, change_status

pytestmark = pytest.mark.django_db
S = MasterplanStatus


def test_submit_complete_masterplan_freezes_version_and_audits(demo, django_capture_on_commit_callbacks):
    mp = demo["pemalang"]

    with django_capture_on_commit_callbacks(execute=True):
        change_status(mp, S.SUBMITTED, by=demo["approver.pemalang"], note="Siap dinilai")

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
        change_status(mp, S.SUBMITTED, by=demo["approver.pemalang"])

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
    approver, mentor, secretariat = demo["approver.pemalang"], demo["mentor"], demo["sekretariat"]

    change_status(mp, S.SUBMITTED, by=approver)
    change_status(mp, S.REVISION_REQUESTED, by=mentor, note="Perjelas indikator")
    change_status(mp, S.SUBMITTED, by=approver)
    change_status(mp, S.IN_REVIEW, by=secretariat)
    change_status(mp, S.APPROVED, by=secretariat)
    change_status(mp, S.PUBLISHED, by=secretariat)

    mp.refresh_from_db()
    assert mp.status == S.PUBLISHED
    assert list(mp.versions.values_list("number", flat=True)) == [2, 1]


def _approved(demo):
    mp = demo["pemalang"]
    approver, secretariat = demo["approver.pemalang"], demo["sekretariat"]
    change_status(mp, S.SUBMITTED, by=approver)
    change_status(mp, S.IN_REVIEW, by=secretariat)
    change_status(mp, S.APPROVED, by=secretariat)
    return mp


def test_publication_builds_the_four_books_for_the_public_page(demo, django_capture_on_commit_callbacks):
    """Tests run tasks at once (ImmediateBackend); in production the jobs wait for the task worker."""
    from kotacerdas.masterplans.views_public import public_books

    mp = _approved(demo)
    assert mp.document_jobs.count() == 0  # approval alone builds nothing

    with django_capture_on_commit_callbacks(execute=True):
        change_status(mp, S.PUBLISHED, by=demo["sekretariat"])

    jobs = list(mp.document_jobs.order_by("kind"))
    assert [(j.kind, j.status, j.requested_by) for j in jobs] == [
        (kind, JobStatus.DONE, demo["sekretariat"])
        for kind in ["book1_docx", "book1_pdf", "book2_docx", "book2_pdf"]
    ]
    assert [j.kind for j in public_books(mp)] == ["book1_docx", "book1_pdf", "book2_docx", "book2_pdf"]


def test_books_that_cannot_be_queued_show_as_failed_and_publication_stands(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    from kotacerdas.masterplans import services

    def unreachable(*args, **kwargs):
        raise ConnectionError("queue down")

    mp = _approved(demo)
    monkeypatch.setattr(services, "build_document", SimpleNamespace(enqueue=unreachable))

    with django_capture_on_commit_callbacks(execute=True):
        change_status(mp, S.PUBLISHED, by=demo["sekretariat"])

    mp.refresh_from_db()
    assert mp.status == S.PUBLISHED
    assert [(j.status, j.error != "") for j in mp.document_jobs.all()] == [(JobStatus.FAILED, True)] * 4


@pytest.mark.parametrize(
    ("start", "new", "who"),
    [
        (S.DRAFT, S.APPROVED, "sekretariat"),
        (S.DRAFT, S.SUBMITTED, "mentor"),
        (S.DRAFT, S.SUBMITTED, "viewer.pemalang"),
        (S.DRAFT, S.SUBMITTED, "editor.pemalang"),  # editors write; approvers submit (issue 20)
        (S.REVISION_REQUESTED, S.SUBMITTED, "editor.pemalang"),
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
        for who in ["approver.pemalang", "editor.pemalang", "mentor", "sekretariat", "viewer.pemalang"]
    }

    assert moves == {
        "approver.pemalang": [],
        "editor.pemalang": [],
        "mentor": [S.IN_REVIEW, S.REVISION_REQUESTED],
        "sekretariat": [S.IN_REVIEW, S.REVISION_REQUESTED],
        "viewer.pemalang": [],
    }


def _overview(client, mp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("masterplans:overview", args=[mp.pk]))
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_a_frozen_masterplans_summary_is_computed_once_per_status(demo, client):
    """Submitted masterplans cannot change, so their completeness is shared; a new status recomputes it."""
    mp = demo["pemalang"]
    change_status(mp, S.SUBMITTED, by=demo["approver.pemalang"])
    mp.refresh_from_db()
    client.force_login(demo["sekretariat"])

    first, first_queries = _overview(client, mp)
    Section.objects.filter(masterplan=mp, key="vision").update(body="")  # behind the application's back
    second, second_queries = _overview(client, mp)
    change_status(mp, S.REVISION_REQUESTED, by=demo["sekretariat"], note="Perbaiki visi")
    mp.refresh_from_db()
    third, _queries = _overview(client, mp)

    assert first.context["completeness"].passed == second.context["completeness"].passed == 10
    assert second_queries <= first_queries - 9  # the dozen content queries are not run again
    assert third.context["completeness"].passed == 9  # editable again: computed afresh, sees the empty vision


def test_an_editable_masterplans_summary_is_always_fresh(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    before, _queries = _overview(client, mp)
    Section.objects.filter(masterplan=mp, key="vision").update(body="")
    after, _queries = _overview(client, mp)

    assert (before.context["completeness"].passed, after.context["completeness"].passed) == (10, 9)
