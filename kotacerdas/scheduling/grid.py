"""The schedule of an evaluation event as a rooms × time grid per day, for the page that shows it (and moves on it).

The same grid draws the current schedule and a schedule proposal: ``schedule_grid`` reads the event's sessions,
``proposal_grid`` the proposal's result with what it changes. Rows are the event's slots (``problem.build_grid``)
with its breaks between them; a session that does not start on a slot (typed by hand) sits in the row of the
slot it starts in, with its own times shown. Markers say what the secretariat must know at a glance: pinned,
scored (the scheduler leaves it where it is), a conflict of interest avoided, outside the region's preferred
times.

Queries do not grow with the number of sessions (``bench/schedule_grid.py`` counts them).
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import formats

from kotacerdas.accounts.models import User
from kotacerdas.core.numbers_format import format_clock
from kotacerdas.evaluations.conflicts import conflicts_for
from kotacerdas.evaluations.models import (
    AvailabilityWindow,
    EvaluationEvent,
    PanelMember,
    ScoreSheet,
    Session,
)
from kotacerdas.scheduling.problem import Grid as SlotGrid
from kotacerdas.scheduling.problem import build_grid
from kotacerdas.scheduling.services import pool, presenting


@dataclass
class Card:
    """One session on the grid."""

    participation_id: int
    region: str
    region_code: str
    day_id: int
    room_id: int
    starts: datetime.time
    ends: datetime.time
    session_id: int | None = None  # None for a session a proposal adds
    panel: str = ""
    members: list = field(default_factory=list)  # names, chair first
    chair: str = ""
    is_pinned: bool = False
    is_scored: bool = False
    member_ids: list = field(default_factory=list)  # evaluator ids on the panel
    conflicts_avoided: list = field(default_factory=list)  # names of pool evaluators kept off for a conflict
    conflicts_seated: list = field(default_factory=list)  # names of panel members in conflict: a broken rule
    outside_preferred: bool = False
    change: str = ""  # in a proposal: added, moved, reassigned or "" (unchanged)
    moved_from: str = ""  # in a proposal: where a moved session is now


@dataclass
class Cell:
    room_id: int
    starts: datetime.time
    ends: datetime.time
    cards: list = field(default_factory=list)


@dataclass
class Row:
    starts: datetime.time
    ends: datetime.time
    cells: list = field(default_factory=list)  # one per room, in the rooms' order
    break_label: str = ""  # a break row has a label and no cells


@dataclass
class Day:
    day: object  # EventDay
    rows: list = field(default_factory=list)
    by_room: list = field(default_factory=list)  # (room, cards in time order): the phone's list per room

    @property
    def card_count(self) -> int:
        return sum(len(cards) for _room, cards in self.by_room)


@dataclass
class Grid:
    event: EvaluationEvent
    rooms: list
    days: list
    token: str = ""
    removed: list = field(default_factory=list)  # cards a proposal removes
    unplaced: list = field(default_factory=list)  # regions presenting without a session (current schedule)


def schedule_token(event: EvaluationEvent) -> str:
    """A digest of what the grid shows and moves change: a move made on an older grid is refused (stale)."""
    rows = list(
        event.sessions.order_by("pk").values_list(
            "pk", "participation_id", "day_id", "room_id", "starts", "ends", "panel_id", "is_pinned"
        )
    )
    members = list(
        PanelMember.objects.filter(panel__event=event)
        .order_by("pk")
        .values_list("panel_id", "evaluator_id", "is_chair")
    )
    return hashlib.sha256(repr((rows, members)).encode()).hexdigest()[:32]


def _inside(windows, date, starts, ends) -> bool:
    return any(w_date == date and w_start <= starts and ends <= w_end for w_date, w_start, w_end in windows)


def slot_grid(event: EvaluationEvent, days=None, rooms=None, breaks=None) -> SlotGrid:
    """The event's slots (``problem.build_grid``): the rows of the grid, and what a move may target."""
    days = list(event.days.all()) if days is None else days
    rooms = list(event.rooms.all()) if rooms is None else rooms
    breaks = list(event.breaks.all()) if breaks is None else breaks
    return build_grid(
        days=[d.date for d in days],
        rooms=[r.name for r in rooms],
        day_starts=event.day_starts,
        day_ends=event.day_ends,
        slot_minutes=event.slot_minutes,
        breaks=[(b.starts, b.ends) for b in breaks],
    )


def _frame(event: EvaluationEvent) -> tuple[list, list, list, SlotGrid]:
    """The event's days, rooms, row times ((starts, ends, break label) per row, the same every day) and slots."""
    days = list(event.days.all())
    rooms = list(event.rooms.all())
    breaks = list(event.breaks.all())
    slots = slot_grid(event, days, rooms, breaks)
    times = [(s, slots.ends(t), "") for t, s in enumerate(slots.starts)]
    times += [(b.starts, b.ends, b.label) for b in breaks]
    times.sort(key=lambda row: (row[0], row[2] == ""))
    return days, rooms, times, slots


def _lay_out(days, rooms, times, slots: SlotGrid, cards: list) -> list:
    """``cards`` placed into rows per day; a card off the slots goes to the row of ``slots.slot_at``."""
    placed = defaultdict(list)
    for card in cards:
        t = slots.slot_at(card.starts)
        placed[card.day_id, card.room_id, None if t is None else slots.starts[t]].append(card)
    result = []
    for day in days:
        rows = []
        for starts, ends, label in times:
            if label:
                rows.append(Row(starts, ends, break_label=label))
                continue
            cells = [Cell(room.pk, starts, ends, placed.get((day.pk, room.pk, starts), [])) for room in rooms]
            rows.append(Row(starts, ends, cells))
        by_room = [
            (
                room,
                sorted(
                    (c for c in cards if c.day_id == day.pk and c.room_id == room.pk), key=lambda c: c.starts
                ),
            )
            for room in rooms
        ]
        result.append(Day(day, rows, by_room))
    return result


def _mark(event: EvaluationEvent, days: list, cards: list, participations: dict, names: dict) -> None:
    """Conflicts avoided (pool evaluators with a conflict of interest kept off the panel), conflicts seated
    (panel members with one: a broken rule, shown as such) and preferred times, for cards of regions in
    ``participations`` (id -> Participation)."""
    pool_ids = [u.pk for u in pool(event)]
    pairs = [
        (e, participations[c.participation_id])
        for c in cards
        if c.participation_id in participations
        for e in set(pool_ids) | set(c.member_ids)
    ]
    conflicts = conflicts_for(pairs, event)
    by_region = defaultdict(set)
    for evaluator_id, participation_id in conflicts:
        by_region[participation_id].add(evaluator_id)
    missing = {e for ids in by_region.values() for e in ids} - set(names)
    names.update(User.objects.filter(pk__in=missing).values_list("pk", "full_name"))
    preferred = defaultdict(list)
    for participation_id, date, starts, ends in AvailabilityWindow.objects.filter(
        event=event, is_preference=True
    ).values_list("participation_id", "day__date", "starts", "ends"):
        preferred[participation_id].append((date, starts, ends))
    dates = {d.pk: d.date for d in days}
    for card in cards:
        conflicted = by_region.get(card.participation_id, set())
        card.conflicts_avoided = sorted(names.get(e, "?") for e in conflicted - set(card.member_ids))
        card.conflicts_seated = sorted(names.get(e, "?") for e in conflicted & set(card.member_ids))
        wishes = preferred.get(card.participation_id)
        card.outside_preferred = bool(wishes) and not _inside(
            wishes, dates.get(card.day_id), card.starts, card.ends
        )


def _sessions(event: EvaluationEvent) -> list[Session]:
    return list(
        event.sessions.select_related("participation__region__province", "panel")
        .prefetch_related(
            Prefetch("panel__memberships", queryset=PanelMember.objects.select_related("evaluator"))
        )
        .annotate(scored=Exists(ScoreSheet.objects.filter(session=OuterRef("pk"))))
    )


def _card_of(session: Session) -> Card:
    memberships = list(session.panel.memberships.all()) if session.panel_id else []
    chair = next((m.evaluator.full_name for m in memberships if m.is_chair), "")
    return Card(
        participation_id=session.participation_id,
        region=session.participation.region.name,
        region_code=session.participation.region.code,
        day_id=session.day_id,
        room_id=session.room_id,
        starts=session.starts,
        ends=session.ends,
        session_id=session.pk,
        panel=session.panel.name if session.panel_id else "",
        members=[m.evaluator.full_name for m in memberships],  # PanelMember's order puts the chair first
        member_ids=[m.evaluator_id for m in memberships],
        chair=chair,
        is_pinned=session.is_pinned,
        is_scored=session.scored,
    )


def schedule_grid(event: EvaluationEvent) -> Grid:
    """The event's current schedule, with the regions that present but have no session yet."""
    days, rooms, times, slots = _frame(event)
    sessions = _sessions(event)
    cards = [_card_of(s) for s in sessions]
    participations = {s.participation_id: s.participation for s in sessions}
    names = {
        m.evaluator_id: m.evaluator.full_name
        for s in sessions
        if s.panel_id
        for m in s.panel.memberships.all()
    }
    _mark(event, days, cards, participations, names)
    scheduled = set(participations)
    unplaced = [p for p in presenting(event).order_by("region__name") if p.pk not in scheduled]
    return Grid(
        event, rooms, _lay_out(days, rooms, times, slots, cards), schedule_token(event), unplaced=unplaced
    )


def proposal_grid(proposal) -> Grid:
    """A proposal's schedule on the grid, each card marked with what it changes against the current schedule."""
    from kotacerdas.programmes.models import Participation

    event = proposal.event
    days, rooms, times, slots = _frame(event)
    day_by_pk = {d.pk: d for d in days}
    room_by_pk = {r.pk: r for r in rooms}
    current = {s.participation_id: s for s in _sessions(event)}
    result = proposal.result or {}
    panels = result.get("panels", {})
    evaluator_ids = {e for spec in panels.values() for e in spec["members"]}
    names = dict(User.objects.filter(pk__in=evaluator_ids).values_list("pk", "full_name"))
    wanted = {row["participation"] for row in result.get("sessions", [])}
    participations = {
        p.pk: p for p in Participation.objects.filter(pk__in=wanted).select_related("region__province")
    }
    cards = []
    for row in result.get("sessions", []):
        if (
            row["day"] not in day_by_pk
            or row["room"] not in room_by_pk
            or row["participation"] not in participations
        ):
            continue  # a day or room deleted since: the proposal is stale and cannot be applied anyway
        spec = panels[row["panel"]]
        chair = names.get(spec["chair"], "")
        members = [chair] + sorted(names.get(e, "?") for e in spec["members"] if e != spec["chair"])
        region = participations[row["participation"]].region
        card = Card(
            participation_id=row["participation"],
            region=region.name,
            region_code=region.code,
            day_id=row["day"],
            room_id=row["room"],
            starts=datetime.time.fromisoformat(row["starts"]),
            ends=datetime.time.fromisoformat(row["ends"]),
            members=[m for m in members if m],
            member_ids=list(spec["members"]),
            chair=chair,
        )
        now = current.get(row["participation"])
        if now is None:
            card.change = "added"
        else:
            card.session_id, card.is_pinned, card.is_scored = now.pk, now.is_pinned, now.scored
            card.panel = now.panel.name if now.panel_id else ""
            if (now.day_id, now.room_id, now.starts) != (card.day_id, card.room_id, card.starts):
                card.change = "moved"
                card.moved_from = _place(day_by_pk[now.day_id], room_by_pk[now.room_id], now.starts)
            elif sorted(
                m.evaluator_id for m in (now.panel.memberships.all() if now.panel_id else [])
            ) != sorted(spec["members"]):
                card.change = "reassigned"
        cards.append(card)
    _mark(event, days, cards, participations, names)
    removed = [_card_of(s) for s in current.values() if s.pk in set(result.get("removed", []))]
    return Grid(event, rooms, _lay_out(days, rooms, times, slots, cards), removed=removed)


def _place(day, room, starts) -> str:
    """Where a session is now, said briefly: ``Sel 15 Des 08.00 · Ruang Garuda``."""
    return f"{formats.date_format(day.date, 'D j M')} {format_clock(starts)} · {room.name}"
