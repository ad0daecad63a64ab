"""Applying or discarding a schedule proposal and taking an evaluator out of the pool ask first (core/confirm.py):
without ``confirm=yes`` nothing changes and nothing is audited; the page states the consequences in numbers,
counted from the real proposal against the current schedule; with the confirmation the change is made and audited."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from kotacerdas.core.models import AuditEntry
from kotacerdas.scheduling import services
from kotacerdas.scheduling.models import PoolMember, ProposalStatus, ScheduleProposal
from tests.factories import ScheduleProposalFactory
from tests.utils import asked

pytestmark = pytest.mark.django_db
YES = {"confirm": "yes"}


def _ready_proposal(event, *, moved=(), removed=()) -> ScheduleProposal:
    """A ready proposal written by hand from the current schedule: ``moved`` sessions to 16:00, ``removed`` left out."""
    panels, rows = {}, []
    for session in (
        event.sessions.select_related("panel").prefetch_related("panel__memberships").order_by("pk")
    ):
        if session in removed:
            continue
        memberships = list(session.panel.memberships.all())
        key = f"p{session.panel_id}"
        panels[key] = {
            "day": session.day_id,
            "room": session.room_id,
            "starts": "09:00",
            "members": sorted(m.evaluator_id for m in memberships),
            "chair": next(m.evaluator_id for m in memberships if m.is_chair),
        }
        starts, ends = (
            ("16:00", "16:45") if session in moved else (f"{session.starts:%H:%M}", f"{session.ends:%H:%M}")
        )
        rows.append(
            {
                "participation": session.participation_id,
                "day": session.day_id,
                "room": session.room_id,
                "starts": starts,
                "ends": ends,
                "panel": key,
            }
        )
    return ScheduleProposalFactory(
        event=event,
        status=ProposalStatus.READY,
        result={"sessions": rows, "panels": panels, "removed": [s.pk for s in removed]},
        fingerprint=services.fingerprint(event),
    )


def test_apply_page_counts_the_proposal_against_the_current_schedule(client, demo_2026):
    event = demo_2026["event_2018"]
    sessions = list(event.sessions.order_by("pk"))
    proposal = _ready_proposal(event, moved=sessions[:3], removed=sessions[-1:])
    client.force_login(demo_2026["sekretariat"])

    response = client.get(reverse("scheduling:proposal_apply", args=[proposal.pk]))

    assert asked(response) == [
        "0 sesi ditambahkan, 3 dipindah, 0 mendapat panel baru, 1 dihapus.",
        "8 sesi tetap seperti sekarang.",
        gettext("Nothing is public until you publish the agenda."),
    ]
    assert response.context["confirmation"].warnings == ["1 sesi dihapus dari jadwal."]
    assert "Ya, terapkan usulan" in response.content.decode()


def test_apply_page_refuses_a_stale_proposal(client, demo_2026):
    event = demo_2026["event_2018"]
    proposal = _ready_proposal(event)
    event.sessions.filter(pk=event.sessions.first().pk).update(is_pinned=True)
    client.force_login(demo_2026["sekretariat"])

    response = client.post(reverse("scheduling:proposal_apply", args=[proposal.pk]))

    assert response.context["confirmation"].refusal == (
        "Jadwal atau hal yang menjadi dasarnya berubah setelah usulan ini dibuat, sehingga usulan tidak dapat "
        "diterapkan lagi. Usulkan lagi."
    )
    assert 'id="confirm-yes"' not in response.content.decode()


def test_apply_asks_first_then_applies_and_audits(client, demo_2026):
    event = demo_2026["event"]
    client.force_login(demo_2026["sekretariat"])
    client.post(reverse("scheduling:propose", args=[event.pk]))
    proposal = ScheduleProposal.objects.get(event=event)
    url = reverse("scheduling:proposal_apply", args=[proposal.pk])

    confirm_page = client.post(url)
    before = (event.sessions.count(), AuditEntry.objects.filter(action="scheduling.proposal_applied").count())
    applied = client.post(url, YES)

    assert asked(confirm_page)[0] == "40 sesi ditambahkan, 0 dipindah, 0 mendapat panel baru, 0 dihapus."
    assert before == (0, 0)
    assert applied.url == reverse("evaluations:event_detail", args=[event.pk])
    assert event.sessions.count() == 40
    assert AuditEntry.objects.filter(action="scheduling.proposal_applied").count() == 1


def test_discard_asks_first_then_discards_and_audits(client, demo_2026):
    event = demo_2026["event_2018"]
    proposal = _ready_proposal(event)
    client.force_login(demo_2026["sekretariat"])
    url = reverse("scheduling:proposal_discard", args=[proposal.pk])

    confirm_page = client.post(url)
    proposal.refresh_from_db()
    status_before = proposal.status
    audits_before = AuditEntry.objects.filter(action="scheduling.proposal_discarded").count()
    client.post(url, YES)

    proposal.refresh_from_db()
    assert asked(confirm_page) == [
        "Usulan dengan 12 sesi ini tidak dapat diterapkan lagi.",
        "Jadwal saat ini tetap seperti sekarang.",
    ]
    assert (status_before, audits_before) == (ProposalStatus.READY, 0)
    assert proposal.status == ProposalStatus.DISCARDED
    assert AuditEntry.objects.filter(action="scheduling.proposal_discarded").count() == 1


def test_pool_remove_asks_first_then_removes_and_audits(client, demo_2026):
    event = demo_2026["event"]
    evaluator = demo_2026["evaluator9"]
    entry = PoolMember.objects.get(event=event, evaluator=evaluator)
    client.force_login(demo_2026["sekretariat"])
    url = reverse("scheduling:pool_remove", args=[event.pk, entry.pk])

    confirm_page = client.get(url)
    kept = PoolMember.objects.filter(pk=entry.pk).exists()
    audits_before = AuditEntry.objects.filter(action="scheduling.pool_removed").count()
    client.post(url, YES)

    assert asked(confirm_page) == [
        "Kelompok kemudian berisi 11 evaluator.",
        f"{evaluator.full_name} duduk di 0 panel pada acara ini.",
    ]
    assert (kept, audits_before) == (True, 0)
    assert not PoolMember.objects.filter(pk=entry.pk).exists()
    assert list(
        AuditEntry.objects.filter(action="scheduling.pool_removed").values_list("old_value", flat=True)
    ) == [evaluator.full_name]
