"""From an event to a scheduling problem and back: proposals, their difference from the schedule, applying them."""

import datetime
import hashlib
import json
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.models import User
from kotacerdas.core import audit
from kotacerdas.core.numbers_format import format_clock
from kotacerdas.evaluations.conflicts import conflicts_for
from kotacerdas.evaluations.models import (
    AvailabilityWindow,
    DeclaredConflict,
    EvaluationEvent,
    Panel,
    PanelMember,
    ScoreSheet,
    Session,
)
from kotacerdas.evaluations.services import schedule_violations
from kotacerdas.programmes.models import Participation, ParticipationStatus
from kotacerdas.scheduling.models import (
    PoolMember,
    ProposalMode,
    ProposalStatus,
    ScheduleProposal,
    SchedulingSettings,
)
from kotacerdas.scheduling.problem import (
    EvaluatorItem,
    FixedSession,
    Problem,
    RegionItem,
    Solution,
    Weights,
    build_grid,
)
from kotacerdas.scheduling.solver import panel_groups

# Regions of the cohort that present at the evaluation.
PRESENTING = [ParticipationStatus.SELECTED, ParticipationStatus.MENTORING, ParticipationStatus.EVALUATED]


def settings_of(event: EvaluationEvent) -> SchedulingSettings:
    found = SchedulingSettings.objects.filter(event=event).first()
    return found or SchedulingSettings(event=event)


def presenting(event: EvaluationEvent):
    return Participation.objects.filter(cohort=event.cohort_id, status__in=PRESENTING).select_related(
        "region__province"
    )


def pool(event: EvaluationEvent) -> list:
    """The evaluators the scheduler may use: the event's pool, or (while it is empty) everyone on its panels."""
    chosen = User.objects.filter(pk__in=PoolMember.objects.filter(event=event).values("evaluator"))
    if not chosen.exists():
        chosen = User.objects.filter(
            pk__in=PanelMember.objects.filter(panel__event=event).values("evaluator")
        )
    return list(chosen.filter(is_active=True).order_by("full_name", "pk"))


# Completing the schedule ("Lengkapi jadwal") weighs each change this many times the event's setting, so the
# fewest sessions move before any preference counts.
COMPLETE_CHANGE_FACTOR = 100


class EventProblem:
    """A ``Problem`` built from an event, with the maps back from grid indices to rows.

    ``complete``: keep the current schedule (not the last published one) as far as possible and place only what
    is missing or broken; every change then costs more than any preference.
    """

    def __init__(self, event: EvaluationEvent, *, complete: bool = False):
        self.event = event
        self.days = list(event.days.all())
        self.rooms = list(event.rooms.all())
        breaks = list(event.breaks.all())
        grid = build_grid(
            days=[d.date for d in self.days],
            rooms=[r.name for r in self.rooms],
            day_starts=event.day_starts,
            day_ends=event.day_ends,
            slot_minutes=event.slot_minutes,
            breaks=[(b.starts, b.ends) for b in breaks],
        )
        self.sessions = list(
            event.sessions.select_related("participation__region", "day", "room", "panel")
            .prefetch_related("panel__memberships__evaluator")
            .annotate(scored=Exists(ScoreSheet.objects.filter(session=OuterRef("pk"))))
        )
        participations = list(presenting(event))
        evaluators = pool(event)
        day_index = {d.pk: i for i, d in enumerate(self.days)}
        room_index = {r.pk: i for i, r in enumerate(self.rooms)}
        slot_index = {start: t for t, start in enumerate(grid.starts)}

        fixed, fixed_ids = [], set()
        for s in self.sessions:
            if s.is_pinned or s.scored:
                members = list(s.panel.memberships.all()) if s.panel_id else []
                fixed.append(
                    FixedSession(
                        id=s.participation_id,
                        name=s.participation.region.name,
                        day=day_index[s.day_id],
                        room=room_index[s.room_id],
                        starts=s.starts,
                        ends=s.ends,
                        evaluators=frozenset(m.evaluator_id for m in members),
                        chair=next((m.evaluator_id for m in members if m.is_chair), None),
                        panel=s.panel.name if s.panel_id else "",
                    )
                )
                fixed_ids.add(s.participation_id)
        self.fixed_ids = fixed_ids

        # Reference: where each region is in the last published agenda (else now), and who sits where now.
        reference = {}
        release = None if complete else event.releases.order_by("-number").first()
        if release is not None:
            by_code = {p.region.code: p.pk for p in participations}
            day_by_date = {d.date.isoformat(): i for i, d in enumerate(self.days)}
            room_by_name = {r.name: i for i, r in enumerate(self.rooms)}
            for row in release.snapshot:
                start = datetime.time.fromisoformat(row["starts"])
                cell = (day_by_date.get(row["date"]), room_by_name.get(row["room"]), slot_index.get(start))
                if row["region_code"] in by_code and None not in cell:
                    reference[by_code[row["region_code"]]] = cell
        else:
            for s in self.sessions:
                # A session typed off the slots counts as being in the slot it starts in (where the grid draws
                # it), so moving it elsewhere is a change like any other.
                slot = grid.slot_at(s.starts)
                if slot is not None:
                    reference[s.participation_id] = (day_index[s.day_id], room_index[s.room_id], slot)
        sitting = defaultdict(set)
        outside_pool = {}
        for s in self.sessions:
            slot = grid.slot_at(s.starts)
            if s.panel_id and slot is not None:
                cell = (day_index[s.day_id], room_index[s.room_id], slot)
                for m in s.panel.memberships.all():
                    sitting[m.evaluator_id].add(cell)
            if s.panel_id:
                for m in s.panel.memberships.all():
                    outside_pool[m.evaluator_id] = m.evaluator.full_name or m.evaluator.email

        region_windows, preferred, evaluator_windows = defaultdict(list), defaultdict(list), defaultdict(list)
        for w in AvailabilityWindow.objects.filter(event=event).select_related("day"):
            window = (w.day.date, w.starts, w.ends)
            if w.evaluator_id:
                evaluator_windows[w.evaluator_id].append(window)
            elif w.is_preference:
                preferred[w.participation_id].append(window)
            else:
                region_windows[w.participation_id].append(window)

        to_place = [p for p in participations if p.pk not in fixed_ids]
        conflicts = conflicts_for([(e.pk, p) for e in evaluators for p in to_place], event)
        weights_row = settings_of(event)
        self.settings = weights_row
        self.participations = {p.pk: p for p in participations}
        self.evaluators = {e.pk: e for e in evaluators}
        self.problem = Problem(
            grid=grid,
            regions=[
                RegionItem(
                    id=p.pk,
                    name=p.region.name,
                    windows=region_windows.get(p.pk, []),
                    preferred=preferred.get(p.pk, []),
                    reference=reference.get(p.pk),
                )
                for p in to_place
            ],
            evaluators=[
                EvaluatorItem(
                    id=e.pk,
                    name=e.full_name or e.email,
                    windows=evaluator_windows.get(e.pk, []),
                    reference=frozenset(sitting.get(e.pk, ())),
                )
                for e in evaluators
            ],
            conflicts=frozenset(conflicts),
            min_panel_size=event.min_panel_size,
            fixed=fixed,
            weights=Weights(
                changes=max(1, weights_row.weight_changes) * COMPLETE_CHANGE_FACTOR
                if complete
                else weights_row.weight_changes,
                preferences=weights_row.weight_preferences,
                load=weights_row.weight_load,
                stability=weights_row.weight_stability,
            ),
            breaks=[(b.starts, b.ends, b.label) for b in breaks],
            day_starts=event.day_starts,
            day_ends=event.day_ends,
            evaluator_names=outside_pool,
        )

    def result_json(self, solution: Solution) -> dict:
        """The solution in terms of rows (ids), as stored on the proposal."""
        grid = self.problem.grid
        sessions, panels = [], {}
        for (d, r, members), cells in panel_groups(solution).items():
            for chair in sorted({solution.chairs[c] for c in cells}):
                key = f"{d}-{r}-{'.'.join(map(str, members))}-{chair}"
                panels[key] = {
                    "day": self.days[d].pk,
                    "room": self.rooms[r].pk,
                    "starts": grid.starts[min(c[2] for c in cells if solution.chairs[c] == chair)].strftime(
                        "%H:%M"
                    ),
                    "members": list(members),
                    "chair": chair,
                }
                for c in cells:
                    if solution.chairs[c] == chair:
                        panels[key].setdefault("cells", []).append(c)
        panel_of_cell = {tuple(c): key for key, spec in panels.items() for c in spec.pop("cells")}
        for rid, (d, r, t) in sorted(solution.placements.items()):
            sessions.append(
                {
                    "participation": rid,
                    "day": self.days[d].pk,
                    "room": self.rooms[r].pk,
                    "starts": grid.starts[t].strftime("%H:%M"),
                    "ends": grid.ends(t).strftime("%H:%M"),
                    "panel": panel_of_cell[(d, r, t)],
                }
            )
        removed = [
            s.pk
            for s in self.sessions
            if s.participation_id not in self.fixed_ids and s.participation_id not in solution.placements
        ]
        return {"sessions": sessions, "panels": panels, "removed": removed}


def fingerprint(event: EvaluationEvent) -> str:
    """A digest of everything a proposal depends on: sessions, panels, pins, pool, windows, regions, settings."""
    data = {
        "event": [
            str(event.day_starts),
            str(event.day_ends),
            event.slot_minutes,
            event.min_panel_size,
            event.conflict_same_province,
        ],
        "days": list(event.days.values_list("pk", "date")),
        "rooms": list(event.rooms.values_list("pk", "name")),
        "breaks": list(event.breaks.values_list("starts", "ends")),
        "sessions": list(
            event.sessions.order_by("pk").values_list(
                "pk", "participation_id", "day_id", "room_id", "starts", "ends", "panel_id", "is_pinned"
            )
        ),
        "panels": list(
            PanelMember.objects.filter(panel__event=event)
            .order_by("pk")
            .values_list("panel_id", "evaluator_id", "is_chair")
        ),
        "pool": list(
            PoolMember.objects.filter(event=event).order_by("pk").values_list("evaluator_id", flat=True)
        ),
        "windows": list(
            AvailabilityWindow.objects.filter(event=event)
            .order_by("pk")
            .values_list("participation_id", "evaluator_id", "day_id", "starts", "ends", "is_preference")
        ),
        "regions": list(presenting(event).order_by("pk").values_list("pk", flat=True)),
        "declared": list(
            DeclaredConflict.objects.filter(region__participations__cohort=event.cohort_id)
            .order_by("pk")
            .values_list("evaluator_id", "region_id")
            .distinct()
        ),
        "mentors": list(
            Participation.mentors.through.objects.filter(participation__cohort=event.cohort_id)
            .order_by("pk")
            .values_list("participation_id", "user_id")
        ),
        "release": event.agenda_release,
        # Sessions scored since stay where they are: a proposal made before cannot know that.
        "scored": sorted(
            set(ScoreSheet.objects.filter(session__event=event).values_list("session_id", flat=True))
        ),
        "inactive": sorted(
            PoolMember.objects.filter(event=event, evaluator__is_active=False).values_list(
                "evaluator_id", flat=True
            )
        ),
    }
    return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def request_proposal(event: EvaluationEvent, *, by, mode: str = ProposalMode.FULL) -> ScheduleProposal:
    """Queue a solver run for ``event`` (one at a time per event); ``mode`` COMPLETE keeps the current schedule
    as far as it can (``EventProblem``). Side effects: a background task."""
    from kotacerdas.scheduling.tasks import run_proposal

    with transaction.atomic():
        EvaluationEvent.objects.select_for_update().get(pk=event.pk)
        release_dead_proposals(event)
        if ScheduleProposal.objects.filter(
            event=event, status__in=[ProposalStatus.QUEUED, ProposalStatus.RUNNING]
        ).exists():
            raise ValidationError(
                _("A proposal for this event is already being computed; wait for it or stop it.")
            )
        limit = min(settings_of(event).time_limit_seconds, settings.SCHEDULING_MAX_SECONDS)
        proposal = ScheduleProposal.objects.create(event=event, requested_by=by, time_limit=limit, mode=mode)
    run_proposal.enqueue(proposal.pk)
    return proposal


def add_to_pool(event: EvaluationEvent, evaluators) -> int:
    """Put ``evaluators`` (none of them in the pool yet, scheduling/forms.py PoolAddForm) into the evaluator pool of
    ``event``; returns how many."""
    added = PoolMember.objects.bulk_create(PoolMember(event=event, evaluator=e) for e in evaluators)
    return len(added)


@transaction.atomic
def remove_from_pool(member: PoolMember, *, by) -> None:
    """Take an evaluator out of the pool of their event. The schedule does not change until the next proposal.
    Side effects: audit entry ``scheduling.pool_removed``."""
    audit.record("scheduling.pool_removed", target=member.event, by=by, old=member.evaluator.full_name)
    member.delete()


@transaction.atomic
def discard_proposal(proposal: ScheduleProposal, *, by) -> bool:
    """Discard a ready proposal, so it can no longer be applied; False when it was not ready (any more).
    Side effects: audit entry ``scheduling.proposal_discarded``."""
    discarded = ScheduleProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.READY).update(
        status=ProposalStatus.DISCARDED
    )
    if discarded:
        audit.record("scheduling.proposal_discarded", target=proposal.event, by=by, old=str(proposal.pk))
    return bool(discarded)


def stop_proposal(proposal: ScheduleProposal) -> str:
    """Stop a proposal: a queued one fails at once, a running one is asked to stop and keeps the best schedule
    found so far (the worker reads ``cancel_requested``). Returns the status the proposal was stopped in (queued
    or running), or "" when it had already finished."""
    if proposal.status == ProposalStatus.QUEUED:
        ScheduleProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.QUEUED).update(
            status=ProposalStatus.FAILED, error=_("Stopped before it started."), finished_at=timezone.now()
        )
        return ProposalStatus.QUEUED
    if proposal.status == ProposalStatus.RUNNING:
        release_dead_proposals(proposal.event)
        ScheduleProposal.objects.filter(pk=proposal.pk).update(cancel_requested=True)
        return ProposalStatus.RUNNING
    return ""


# A running proposal writes its progress every half second; one silent for this long has lost its worker.
SILENT_SECONDS = 60


def release_dead_proposals(event: EvaluationEvent) -> int:
    """Mark as failed the running proposals of ``event`` whose worker stopped answering, so a new one can run."""
    silent_since = timezone.now() - datetime.timedelta(seconds=SILENT_SECONDS)
    return ScheduleProposal.objects.filter(
        event=event, status=ProposalStatus.RUNNING, updated_at__lt=silent_since
    ).update(
        status=ProposalStatus.FAILED,
        error=_("The worker computing this proposal stopped answering. Propose again."),
        finished_at=timezone.now(),
    )


def _panel_name(day, room, starts: str, taken: set) -> str:
    base = _("%(room)s · %(day)s · from %(time)s") % {
        "room": room.name[:60],
        "day": day.date.strftime("%d-%m"),
        "time": format_clock(datetime.time.fromisoformat(starts)),
    }
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name)
    return name


@transaction.atomic
def apply_proposal(proposal: ScheduleProposal, *, by) -> dict:
    """Make a ready proposal the event's schedule, unless its inputs changed since it was computed.

    Side effects: sessions moved, created or removed; panels reused or created (and panels an earlier proposal
    created that no session uses any more deleted); an AuditEntry; when the agenda is published, one audit
    entry per changed session, as manual edits leave.
    """
    event = EvaluationEvent.objects.select_for_update().get(pk=proposal.event_id)
    proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.READY:
        raise ValidationError(_("Only a proposal that is ready can be applied."))
    if fingerprint(event) != proposal.fingerprint:
        raise ValidationError(
            _(
                "The schedule or what it depends on (sessions, panels, pins, pool, availability, regions) "
                "changed after this proposal was made. Propose again."
            )
        )
    result = proposal.result
    days = {d.pk: d for d in event.days.all()}
    rooms = {r.pk: r for r in event.rooms.all()}
    existing_panels = list(event.panels.prefetch_related("memberships"))
    by_members = {}
    for panel in existing_panels:
        members = frozenset(m.evaluator_id for m in panel.memberships.all())
        chair = next((m.evaluator_id for m in panel.memberships.all() if m.is_chair), None)
        by_members.setdefault((members, chair, panel.room_id, panel.day_id), panel)
    taken_names = {p.name for p in existing_panels}
    panel_for, created = {}, []
    for key, spec in sorted(result["panels"].items()):
        # The same people in the same room on the same day keep their panel; anything else is a new one.
        wanted = (frozenset(spec["members"]), spec["chair"], spec["room"], spec["day"])
        panel = by_members.get(wanted)
        if panel is None:
            panel = Panel.objects.create(
                event=event,
                name=_panel_name(days[spec["day"]], rooms[spec["room"]], spec["starts"], taken_names),
                room=rooms[spec["room"]],
                day=days[spec["day"]],
            )
            PanelMember.objects.bulk_create(
                PanelMember(panel=panel, evaluator_id=eid, is_chair=eid == spec["chair"])
                for eid in spec["members"]
            )
            by_members[wanted] = panel
            created.append(panel.pk)
        panel_for[key] = panel

    current = {s.participation_id: s for s in event.sessions.select_related("day", "room")}
    scored = set(ScoreSheet.objects.filter(session__event=event).values_list("session_id", flat=True))
    counts = {"added": 0, "moved": 0, "reassigned": 0, "removed": 0}
    changed = []
    for row in result["sessions"]:
        starts = datetime.time.fromisoformat(row["starts"])
        ends = datetime.time.fromisoformat(row["ends"])
        panel = panel_for[row["panel"]]
        session = current.get(row["participation"])
        if session is None:
            session = Session(event=event, participation_id=row["participation"])
            counts["added"] += 1
        else:
            moved = (session.day_id, session.room_id, session.starts) != (row["day"], row["room"], starts)
            counts["moved"] += moved
            counts["reassigned"] += not moved and session.panel_id != panel.pk
            if not moved and session.panel_id == panel.pk:
                continue
            if session.pk in scored:
                raise ValidationError(_("A session that is being scored cannot be changed. Propose again."))
        session.day, session.room, session.starts, session.ends, session.panel = (
            days[row["day"]],
            rooms[row["room"]],
            starts,
            ends,
            panel,
        )
        session.save()
        changed.append(session)
    removed = Session.objects.filter(event=event, pk__in=result["removed"])
    if removed.filter(pk__in=scored).exists():
        raise ValidationError(_("A session that is being scored cannot be removed. Propose again."))
    counts["removed"] = removed.count()
    removed_regions = list(removed.values_list("participation__region__code", flat=True))
    removed.delete()

    earlier = set()
    for ids in ScheduleProposal.objects.filter(event=event, status=ProposalStatus.APPLIED).values_list(
        "created_panels", flat=True
    ):
        earlier.update(ids)
    Panel.objects.filter(event=event, pk__in=earlier, sessions__isnull=True).delete()

    violations = schedule_violations(event)
    if violations:
        # The validator has the last word: nothing is kept if the result breaks a rule.
        raise ValidationError([v.message for v in violations])
    proposal.status, proposal.applied_at, proposal.applied_by = ProposalStatus.APPLIED, timezone.now(), by
    proposal.created_panels = created
    proposal.save(update_fields=["status", "applied_at", "applied_by", "created_panels", "updated_at"])
    ScheduleProposal.objects.filter(event=event, status=ProposalStatus.READY).exclude(pk=proposal.pk).update(
        status=ProposalStatus.DISCARDED
    )
    summary = (
        _("%(added)s added, %(moved)s moved, %(reassigned)s with a new panel, %(removed)s removed.") % counts
    )
    audit.record("scheduling.proposal_applied", target=event, by=by, new=str(proposal.pk), note=summary)
    if event.agenda_is_published:
        for session in changed:
            audit.record(
                "evaluation.session_changed",
                target=session,
                by=by,
                new=f"{session.day.date} {session.starts:%H:%M}–{session.ends:%H:%M} {session.room}",
                note=_("Applied from a schedule proposal."),
                region_code=session.participation.region.code,
            )
        for code in removed_regions:
            audit.record(
                "evaluation.session_changed",
                target=event,
                by=by,
                note=_("Session removed by a schedule proposal."),
                region_code=code,
            )
    return counts


def proposal_diff(proposal: ScheduleProposal) -> dict:
    """The proposal against the current schedule: rows of added, moved, reassigned, removed and unchanged."""
    event = proposal.event
    days = {d.pk: d for d in event.days.all()}
    rooms = {r.pk: r for r in event.rooms.all()}
    sessions = {
        s.participation_id: s
        for s in event.sessions.select_related(
            "participation__region", "day", "room", "panel"
        ).prefetch_related("panel__memberships__evaluator")
    }
    result = proposal.result or {}
    evaluator_ids = {eid for spec in result.get("panels", {}).values() for eid in spec["members"]}
    names = dict(User.objects.filter(pk__in=evaluator_ids).values_list("pk", "full_name"))
    regions = dict(
        Participation.objects.filter(
            pk__in=[r["participation"] for r in result.get("sessions", [])]
        ).values_list("pk", "region__name")
    )
    rows = []
    for row in result.get("sessions", []):
        spec = result["panels"][row["panel"]]
        after = {
            "day": days.get(row["day"]),
            "room": rooms.get(row["room"]),
            "starts": datetime.time.fromisoformat(row["starts"]),
            "ends": datetime.time.fromisoformat(row["ends"]),
            "members": [names.get(eid, "?") for eid in spec["members"]],
            "chair": names.get(spec["chair"], ""),
        }
        session = sessions.get(row["participation"])
        if session is None:
            kind, before = "added", None
        else:
            before_members = (
                sorted(m.evaluator_id for m in session.panel.memberships.all()) if session.panel_id else []
            )
            before = {
                "day": session.day,
                "room": session.room,
                "starts": session.starts,
                "ends": session.ends,
                "members": [m.evaluator.full_name for m in session.panel.memberships.all()]
                if session.panel_id
                else [],
            }
            if (session.day_id, session.room_id, session.starts) != (
                row["day"],
                row["room"],
                after["starts"],
            ):
                kind = "moved"
            elif before_members != sorted(spec["members"]):
                kind = "reassigned"
            else:
                kind = "unchanged"
        rows.append(
            {"region": regions.get(row["participation"], "?"), "kind": kind, "before": before, "after": after}
        )
    by_pk = {s.pk: s for s in sessions.values()}
    for pk in result.get("removed", []):
        session = by_pk.get(pk)
        if session is not None:
            rows.append(
                {
                    "region": session.participation.region.name,
                    "kind": "removed",
                    "before": {
                        "day": session.day,
                        "room": session.room,
                        "starts": session.starts,
                        "ends": session.ends,
                        "members": [],
                    },
                    "after": None,
                }
            )
    order = {"added": 0, "moved": 1, "reassigned": 2, "removed": 3, "unchanged": 4}

    def place(row):
        side = row["after"] or row["before"]
        return (order[row["kind"]], side["day"].date, side["starts"], side["room"].order, row["region"])

    rows.sort(key=place)
    counts = defaultdict(int)
    for r in rows:
        counts[r["kind"]] += 1
    return {"rows": rows, "counts": dict(counts)}
