"""Proposals on a real event: the job, the difference, applying, staleness, pins, repairs, failures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.models import Panel, Session
from kotacerdas.evaluations.services import schedule_violations
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.scheduling import services, tasks
from kotacerdas.scheduling.models import PoolMember, ProposalStatus, ScheduleProposal
from tests.factories import ScheduleProposalFactory, ScoreSheetFactory

pytestmark = pytest.mark.django_db


def _proposal(demo) -> ScheduleProposal:
    proposal = services.request_proposal(demo["event"], by=demo["sekretariat"])
    proposal.refresh_from_db()
    return proposal


def test_proposal_places_every_region_and_reports_the_solver(demo_2026):
    proposal = _proposal(demo_2026)

    assert proposal.status == ProposalStatus.READY
    assert proposal.solver_status == "optimal"
    assert proposal.objective == proposal.bound
    assert proposal.solutions_found >= 1
    assert len(proposal.result["sessions"]) == 40
    assert proposal.breakdown["preferences_missed"] == 0
    assert services.proposal_diff(proposal)["counts"] == {"added": 40}


def test_apply_creates_a_valid_schedule_with_panels_and_chairs(demo_2026):
    event = demo_2026["event"]
    proposal = _proposal(demo_2026)

    counts = services.apply_proposal(proposal, by=demo_2026["sekretariat"])

    assert counts == {"added": 40, "moved": 0, "reassigned": 0, "removed": 0}
    assert event.sessions.count() == 40
    assert schedule_violations(event) == []
    for panel in Panel.objects.filter(event=event).prefetch_related("memberships"):
        members = list(panel.memberships.all())
        assert len(members) == 3
        assert sum(m.is_chair for m in members) == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED
    entry = AuditEntry.objects.get(action="scheduling.proposal_applied")
    assert entry.new_value == str(proposal.pk)
    assert entry.note == "40 ditambahkan, 0 dipindah, 0 dengan panel baru, 0 dihapus."


def test_apply_keeps_mentors_off_their_regions_panels(demo_2026):
    event = demo_2026["event"]
    services.apply_proposal(_proposal(demo_2026), by=demo_2026["sekretariat"])

    for session in event.sessions.select_related("panel").prefetch_related("participation__mentors"):
        mentors = {m.pk for m in session.participation.mentors.all()}
        members = set(session.panel.members.values_list("pk", flat=True))
        assert mentors.isdisjoint(members)


def test_apply_refuses_a_stale_proposal_and_changes_nothing(demo_2026):
    event = demo_2026["event"]
    proposal = _proposal(demo_2026)
    PoolMember.objects.filter(event=event, evaluator=demo_2026["evaluator5"]).delete()

    with pytest.raises(ValidationError) as raised:
        services.apply_proposal(proposal, by=demo_2026["sekretariat"])

    assert len(raised.value.messages) == 1
    assert event.sessions.count() == 0
    assert Panel.objects.filter(event=event).count() == 0
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.READY


def test_repair_after_withdrawal_and_illness_moves_no_session_and_keeps_pins(demo_2026):
    event = demo_2026["event"]
    services.apply_proposal(_proposal(demo_2026), by=demo_2026["sekretariat"])
    before = {s.participation_id: (s.day_id, s.room_id, s.starts) for s in event.sessions.all()}
    pinned = event.sessions.order_by("pk")[3]
    pinned_panel = set(pinned.panel.members.values_list("pk", flat=True))
    Session.objects.filter(pk=pinned.pk).update(is_pinned=True)
    withdrawn = event.sessions.exclude(pk=pinned.pk).order_by("pk")[0].participation
    withdrawn.status = ParticipationStatus.WITHDRAWN
    withdrawn.save()
    ill = next(
        iter(pinned_panel ^ set(PoolMember.objects.filter(event=event).values_list("evaluator", flat=True)))
    )
    PoolMember.objects.filter(event=event, evaluator_id=ill).delete()

    proposal = _proposal(demo_2026)
    counts = services.apply_proposal(proposal, by=demo_2026["sekretariat"])

    assert (proposal.solver_status, proposal.objective - proposal.bound) == ("optimal", 0), proposal.breakdown
    assert proposal.breakdown["moved"] == 0
    assert counts["moved"] == 0
    assert counts["removed"] == 1
    assert not event.sessions.filter(participation=withdrawn).exists()
    after = {s.participation_id: (s.day_id, s.room_id, s.starts) for s in event.sessions.all()}
    assert after == {pid: cell for pid, cell in before.items() if pid != withdrawn.pk}
    pinned.refresh_from_db()
    assert set(pinned.panel.members.values_list("pk", flat=True)) == pinned_panel
    assert not Panel.objects.filter(event=event, members__pk=ill, sessions__isnull=False).exists()
    assert schedule_violations(event) == []


def test_failed_checks_end_the_proposal_with_plain_reasons(demo_2026):
    event = demo_2026["event"]
    PoolMember.objects.filter(event=event).exclude(
        evaluator__in=[demo_2026["evaluator7"], demo_2026["evaluator8"]]
    ).delete()

    proposal = _proposal(demo_2026)

    assert proposal.status == ProposalStatus.INFEASIBLE
    assert len(proposal.checks) == 1
    assert "2" in proposal.checks[0] and "3" in proposal.checks[0]
    assert proposal.result == {}


def test_only_one_proposal_runs_at_a_time(demo_2026):
    ScheduleProposalFactory(event=demo_2026["event"], status=ProposalStatus.QUEUED)

    with pytest.raises(ValidationError):
        services.request_proposal(demo_2026["event"], by=demo_2026["sekretariat"])

    assert ScheduleProposal.objects.count() == 1


def test_a_failing_run_is_recorded_and_can_be_retried(demo_2026, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(tasks, "solve", broken)
    failed = _proposal(demo_2026)
    monkeypatch.undo()

    retried = _proposal(demo_2026)

    assert failed.status == ProposalStatus.FAILED
    assert str(failed.pk) in failed.error
    assert "solver crashed" not in failed.error
    assert retried.status == ProposalStatus.READY


def test_proposal_leaves_other_events_alone(demo_2026):
    other = demo_2026["event_2018"]
    before = list(other.sessions.values_list("pk", "day_id", "room_id", "starts", "panel_id"))

    services.apply_proposal(_proposal(demo_2026), by=demo_2026["sekretariat"])

    assert list(other.sessions.values_list("pk", "day_id", "room_id", "starts", "panel_id")) == before
    assert not PoolMember.objects.filter(event=other).exists()


def test_scored_sessions_of_the_2018_event_stay_where_they_are(demo_2026):
    event = demo_2026["event_2018"]
    before = list(event.sessions.values_list("pk", "day_id", "room_id", "starts", "panel_id"))

    # The 45 known members of 2018 (cohorts.csv): 12 have a scored demo session, 33 have none yet (two rooms
    # cannot hold all 45); this test keeps to the 12.
    unplaced = event.cohort.participations.exclude(evaluation_sessions__event=event)
    assert unplaced.count() == 33
    unplaced.update(status=ParticipationStatus.WITHDRAWN)

    built = services.EventProblem(event)

    assert built.problem.regions == []
    assert len(built.problem.fixed) == 12
    proposal = services.request_proposal(event, by=demo_2026["sekretariat"])
    proposal.refresh_from_db()
    services.apply_proposal(proposal, by=demo_2026["sekretariat"])
    assert list(event.sessions.values_list("pk", "day_id", "room_id", "starts", "panel_id")) == before


def test_apply_refuses_when_a_session_was_scored_after_the_proposal(demo_2026):
    event = demo_2026["event"]
    services.apply_proposal(_proposal(demo_2026), by=demo_2026["sekretariat"])
    leaving = event.sessions.order_by("pk").first()
    leaving.participation.status = ParticipationStatus.WITHDRAWN
    leaving.participation.save()
    proposal = _proposal(demo_2026)
    evaluator = leaving.panel.members.first()
    ScoreSheetFactory(session=leaving, evaluator=evaluator, rubric=event.masterplan_rubric)

    with pytest.raises(ValidationError):
        services.apply_proposal(proposal, by=demo_2026["sekretariat"])

    assert event.sessions.filter(pk=leaving.pk).exists()


def test_a_silent_running_proposal_is_released(demo_2026):
    event = demo_2026["event"]
    dead = ScheduleProposalFactory(event=event, status=ProposalStatus.RUNNING)
    ScheduleProposal.objects.filter(pk=dead.pk).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=services.SILENT_SECONDS + 5)
    )

    fresh = _proposal(demo_2026)

    dead.refresh_from_db()
    assert dead.status == ProposalStatus.FAILED
    assert dead.error != ""
    assert fresh.status == ProposalStatus.READY
