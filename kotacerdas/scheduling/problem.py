"""A scheduling problem and its solution as plain values, apart from the database.

The solver, the greedy baseline, the feasibility checks, the instance generator and the benchmark all work on
these values; ``scheduling.services`` builds a ``Problem`` from an event and applies a ``Solution`` back.

The time grid: every day of the event has the same slots (``slot_minutes`` long, from the day's start, skipping
breaks). Slots between two breaks form a *block*; a panel sits for a whole block in one room, so an evaluator is
in at most one room per block and panels stay stable through a morning or an afternoon.
"""

import datetime
from dataclasses import dataclass, field

Cell = tuple[int, int, int]  # (day index, room index, slot index)
BlockKey = tuple[int, int, int]  # (day index, room index, block index)


@dataclass(frozen=True)
class Grid:
    days: tuple[datetime.date, ...]
    rooms: tuple[str, ...]
    starts: tuple[datetime.time, ...]  # slot start times, the same on every day
    slot_minutes: int
    blocks: tuple[int, ...]  # block index of each slot

    @property
    def n_blocks(self) -> int:
        return (max(self.blocks) + 1) if self.blocks else 0

    def ends(self, t: int) -> datetime.time:
        return _add(self.starts[t], self.slot_minutes)

    def block_slots(self, b: int) -> list[int]:
        return [t for t, block in enumerate(self.blocks) if block == b]

    def cells(self):
        for d in range(len(self.days)):
            for r in range(len(self.rooms)):
                for t in range(len(self.starts)):
                    yield (d, r, t)

    def slot_at(self, starts: datetime.time) -> int | None:
        """The slot a session starting at ``starts`` is in: the last one starting at or before it (the first one
        for an earlier time). Sessions typed off the slots are drawn, referenced and swapped by this slot."""
        if not self.starts:
            return None
        return max((t for t, start in enumerate(self.starts) if start <= starts), default=0)

    def block_of_time(self, starts: datetime.time) -> int | None:
        """The block a session starting at ``starts`` belongs to (for sessions off the grid too)."""
        found = None
        for t, start in enumerate(self.starts):
            if start <= starts:
                found = self.blocks[t]
        return found if found is not None else (self.blocks[0] if self.blocks else None)


def _add(time: datetime.time, minutes: int) -> datetime.time:
    return (
        datetime.datetime.combine(datetime.date(2000, 1, 1), time) + datetime.timedelta(minutes=minutes)
    ).time()


def build_grid(
    *,
    days: list[datetime.date],
    rooms: list[str],
    day_starts: datetime.time,
    day_ends: datetime.time,
    slot_minutes: int,
    breaks: list[tuple[datetime.time, datetime.time]],
) -> Grid:
    """Slots from ``day_starts`` while one still fits before ``day_ends``; a slot that would overlap a break starts
    when the break ends, and the break opens a new block."""
    starts, blocks = [], []
    block, t = 0, day_starts
    ordered = sorted(breaks)
    while _add(t, slot_minutes) <= day_ends and _add(t, slot_minutes) > t:
        end = _add(t, slot_minutes)
        hit = next((b for b in ordered if t < b[1] and b[0] < end), None)
        if hit is not None:
            t = hit[1]
            if starts and blocks[-1] == block:
                block += 1
            continue
        starts.append(t)
        blocks.append(block)
        t = end
    return Grid(tuple(days), tuple(rooms), tuple(starts), slot_minutes, tuple(blocks))


Window = tuple[datetime.date, datetime.time, datetime.time]


@dataclass
class RegionItem:
    id: int  # participation id
    name: str
    windows: list[Window] = field(default_factory=list)  # hard availability; empty = any time
    preferred: list[Window] = field(default_factory=list)  # wishes; empty = none
    reference: Cell | None = None  # where it is in the schedule we want to change least


@dataclass
class EvaluatorItem:
    id: int
    name: str
    windows: list[Window] = field(default_factory=list)  # hard availability; empty = any time
    reference: frozenset = frozenset()  # cells of the sessions whose panel the evaluator sits on now


@dataclass(frozen=True)
class FixedSession:
    """A pinned (or already scored) session: it stays where it is, with its panel."""

    id: int  # participation id
    name: str
    day: int
    room: int
    starts: datetime.time
    ends: datetime.time
    evaluators: frozenset
    chair: int | None
    panel: str = ""  # the panel's name, so two pinned sessions sharing one panel are seen as such


@dataclass
class Weights:
    changes: int = 10
    preferences: int = 3
    load: int = 2
    stability: int = 1


@dataclass
class Problem:
    grid: Grid
    regions: list[RegionItem]
    evaluators: list[EvaluatorItem]
    conflicts: frozenset  # (evaluator id, participation id) pairs that may never meet
    min_panel_size: int
    fixed: list[FixedSession] = field(default_factory=list)
    weights: Weights = field(default_factory=Weights)
    breaks: list[tuple[datetime.time, datetime.time, str]] = field(default_factory=list)
    day_starts: datetime.time = datetime.time(8, 0)
    day_ends: datetime.time = datetime.time(17, 0)
    evaluator_names: dict = field(
        default_factory=dict
    )  # names of evaluators outside the pool (pinned panels)

    def names(self) -> dict:
        return {**self.evaluator_names, **{e.id: e.name for e in self.evaluators}}

    def fits(self, windows: list[Window], cell: Cell) -> bool:
        """Whether the slot of ``cell`` lies inside one of ``windows`` (no windows: always)."""
        if not windows:
            return True
        d, _r, t = cell
        date, start, end = self.grid.days[d], self.grid.starts[t], self.grid.ends(t)
        return any(w_date == date and w_start <= start and end <= w_end for w_date, w_start, w_end in windows)

    def free_cells(self) -> list[Cell]:
        """Grid cells not taken by a fixed session (a fixed session off the grid takes every cell it overlaps)."""
        taken = set()
        for f in self.fixed:
            for t, start in enumerate(self.grid.starts):
                if start < f.ends and f.starts < self.grid.ends(t):
                    taken.add((f.day, f.room, t))
        return [c for c in self.grid.cells() if c not in taken]


@dataclass
class Solution:
    placements: dict = field(default_factory=dict)  # participation id -> Cell
    panels: dict = field(default_factory=dict)  # Cell -> tuple of evaluator ids on that session's panel
    chairs: dict = field(default_factory=dict)  # Cell -> evaluator id
    unplaced: list = field(default_factory=list)  # participation ids without a session (greedy only)

    def panel_of(self, problem: Problem, rid: int) -> tuple:
        cell = self.placements[rid]
        return self.panels.get(cell, ()), self.chairs.get(cell)
