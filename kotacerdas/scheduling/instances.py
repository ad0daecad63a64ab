"""Reproducible scheduling instances for the benchmark and the tests, plus the repair scenario.

``generate("2018-like", seed=2018)`` returns a ``Problem`` of plain values (no database). The same name and
seed give an equal ``Problem``; only ``random.Random(seed)`` is used.

Every instance is feasible by construction: the generator first *plants* a schedule (regions spread evenly
over the days' morning and afternoon blocks, each room-block with a panel of ``min_panel_size`` evaluators,
no evaluator in two rooms of one block) and then draws the hard rules around it: a mentor is in conflict only
with regions whose planted panel they do not sit on, a restricted region's window (one day or one half-day)
holds its planted slot, and an evaluator with restricted availability sits on no planted panel outside it.
``planted()`` returns that witness schedule too. Preferred windows are wishes and are drawn freely.

Named instances (the issue's "Measured" section):

=========== ======= ==== ===== ========== ======= =============================================
name        regions days rooms evaluators slots   other
=========== ======= ==== ===== ========== ======= =============================================
small       8       2    2     6          4/day   08:00–12:00, break 10:00–10:30; for tests
2018-like   50      2    4     12         10/day  08:00–17:00, break 12:00–13:00
national    100     3    6     30         10/day  as 2018-like
stress      200     5    8     60         10/day  as 2018-like
=========== ======= ==== ===== ========== ======= =============================================

All use 45-minute slots and panels of at least 3 evaluators. Half the evaluators mentor 4–5 regions each
(conflicts of interest), 10 % of regions may present only on one day or one half-day, 20 % of regions have a
preferred day or half-day, and 10 % of evaluators are away for one day (one half-day on a one-day event).
Event days are working days from 12 December 2018.

"Moved sessions" (the repair figure): ``moved(reference, new_solution)`` counts the regions placed both in the
reference (a ``Solution``, or a ``Problem`` whose regions carry ``reference`` cells) and in ``new_solution``
whose cell (day, room, slot) differs. A region only in one of them (withdrawn, or left unplaced) is not moved.
"""

import dataclasses
import datetime
import math
import random

from kotacerdas.scheduling.problem import (
    Cell,
    EvaluatorItem,
    FixedSession,
    Grid,
    Problem,
    RegionItem,
    Solution,
    Weights,
    Window,
    build_grid,
)

T = datetime.time
START_DATE = datetime.date(2018, 12, 12)
DEFAULT_SEED = 2018


class SpecTooTight(ValueError):
    """The spec leaves no room for a planted schedule (too few cells or evaluators)."""


@dataclasses.dataclass(frozen=True)
class Spec:
    regions: int
    days: int
    rooms: int
    evaluators: int
    min_panel_size: int = 3
    slot_minutes: int = 45
    day_starts: datetime.time = T(8, 0)
    day_ends: datetime.time = T(17, 0)
    breaks: tuple = ((T(12, 0), T(13, 0), "Ishoma"),)
    mentor_share: float = 0.5  # share of evaluators who mentor regions
    mentees: tuple[int, int] = (4, 5)  # regions per mentor, inclusive range
    restricted_share: float = 0.10  # regions with hard windows
    preferred_share: float = 0.20  # regions with a preferred window
    evaluator_restricted_share: float = 0.10  # evaluators away for a day (or a half-day)
    fixed_blocks: int = 0  # room-blocks of the planted schedule turned into pinned sessions
    start: datetime.date = START_DATE


SPECS = {
    "small": Spec(
        regions=8,
        days=2,
        rooms=2,
        evaluators=6,
        day_ends=T(12, 0),
        breaks=((T(10, 0), T(10, 30), "Rehat kopi"),),
        mentees=(1, 2),
    ),
    "2018-like": Spec(regions=50, days=2, rooms=4, evaluators=12),
    "national": Spec(regions=100, days=3, rooms=6, evaluators=30),
    "stress": Spec(regions=200, days=5, rooms=8, evaluators=60),
}


def generate(name_or_spec: str | Spec, seed: int = DEFAULT_SEED) -> Problem:
    """A feasible instance by name (see ``SPECS``) or from a ``Spec``."""
    return planted(name_or_spec, seed)[0]


def planted(name_or_spec: str | Spec, seed: int = DEFAULT_SEED) -> tuple[Problem, Solution]:
    """The instance and the schedule it was built around (a witness that the instance is feasible)."""
    spec = SPECS[name_or_spec] if isinstance(name_or_spec, str) else name_or_spec
    return _build(spec, random.Random(seed))


def random_small(seed: int) -> Problem:
    """A small random feasible instance (1–10 regions, 1–2 days, 1–3 rooms, panels of 1–3, sometimes pinned
    sessions), for property tests: ``@given(st.integers(0, 10_000))`` then ``random_small(seed)``."""
    return random_small_planted(seed)[0]


def random_small_planted(seed: int) -> tuple[Problem, Solution]:
    """``random_small(seed)`` and the schedule it was built around."""
    rng = random.Random(seed)
    hours = [
        (T(8, 0), T(12, 0), ((T(10, 0), T(10, 30), "Rehat kopi"),)),
        (T(8, 0), T(11, 0), ()),
        (T(8, 0), T(14, 0), ((T(12, 0), T(13, 0), "Ishoma"),)),
    ]
    while True:  # a drawn spec can be too tight for a planted schedule; draw again (still seeded)
        day_starts, day_ends, breaks = rng.choice(hours)
        min_panel = rng.randint(1, 3)
        rooms = rng.randint(1, 3)
        spec = Spec(
            regions=rng.randint(1, 10),
            days=rng.randint(1, 2),
            rooms=rooms,
            evaluators=rng.randint(min_panel, rooms * min_panel + 2),
            min_panel_size=min_panel,
            slot_minutes=rng.choice([30, 45, 60]),
            day_starts=day_starts,
            day_ends=day_ends,
            breaks=breaks,
            mentor_share=rng.choice([0.0, 0.3, 0.6]),
            mentees=(1, 3),
            restricted_share=rng.choice([0.0, 0.2, 0.5]),
            preferred_share=rng.choice([0.0, 0.3]),
            evaluator_restricted_share=rng.choice([0.0, 0.2]),
            fixed_blocks=rng.choice([0, 0, 1]),
        )
        try:
            return _build(spec, rng)
        except SpecTooTight:
            continue


# --- building -------------------------------------------------------------------------------------------


def _working_days(start: datetime.date, n: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _block_span(spec: Spec, grid: Grid, b: int) -> tuple[datetime.time, datetime.time]:
    """The part of the day a block covers, from the previous break's end (or the day's start) to the next
    break's start (or the day's end): 08:00–12:00 and 13:00–17:00 on the 2018 grid."""
    slots = grid.block_slots(b)
    first, last_end = grid.starts[slots[0]], grid.ends(slots[-1])
    start = max([spec.day_starts] + [end for _s, end, _l in spec.breaks if end <= first])
    end = min([spec.day_ends] + [s for s, _e, _l in spec.breaks if s >= last_end])
    return start, end


def _fits(grid: Grid, windows: list[Window], d: int, t: int) -> bool:
    if not windows:
        return True
    date, start, end = grid.days[d], grid.starts[t], grid.ends(t)
    return any(w_date == date and w_start <= start and end <= w_end for w_date, w_start, w_end in windows)


def _build(spec: Spec, rng: random.Random) -> tuple[Problem, Solution]:
    grid = build_grid(
        days=_working_days(spec.start, spec.days),
        rooms=[f"Ruang {chr(ord('A') + i)}" for i in range(spec.rooms)],
        day_starts=spec.day_starts,
        day_ends=spec.day_ends,
        slot_minutes=spec.slot_minutes,
        breaks=[(s, e) for s, e, _label in spec.breaks],
    )
    if not grid.starts:
        raise SpecTooTight("no slot fits in the day")
    n_days, n_blocks = len(grid.days), grid.n_blocks
    region_ids = list(range(1, spec.regions + 1))
    evaluator_ids = list(range(1001, 1001 + spec.evaluators))
    spans = {b: _block_span(spec, grid, b) for b in range(n_blocks)}

    # Evaluators away for a day (or, on a one-day event, for a half-day): available everywhere else.
    evaluator_windows = {}
    for e in rng.sample(evaluator_ids, round(spec.evaluator_restricted_share * len(evaluator_ids))):
        if n_days > 1:
            away = rng.randrange(n_days)
            evaluator_windows[e] = [
                (day, spec.day_starts, spec.day_ends) for d, day in enumerate(grid.days) if d != away
            ]
        elif n_blocks > 1:
            b = rng.randrange(n_blocks)
            evaluator_windows[e] = [(grid.days[0], *spans[b])]

    # Plant: regions spread evenly over (day, block); each block uses as few rooms as it needs.
    day_blocks = [(d, b) for d in range(n_days) for b in range(n_blocks)]
    capacity = {(d, b): spec.rooms * len(grid.block_slots(b)) for d, b in day_blocks}
    count = dict.fromkeys(day_blocks, 0)
    for _ in region_ids:
        open_blocks = [db for db in day_blocks if count[db] < capacity[db]]
        if not open_blocks:
            raise SpecTooTight("more regions than cells")
        db = min(open_blocks, key=lambda db: (count[db] / capacity[db], db))
        count[db] += 1
    order = region_ids[:]
    rng.shuffle(order)
    placements, panels, chairs = {}, {}, {}
    load = dict.fromkeys(evaluator_ids, 0)
    for d, b in day_blocks:
        if not count[(d, b)]:
            continue
        slots = grid.block_slots(b)
        rooms = sorted(rng.sample(range(spec.rooms), math.ceil(count[(d, b)] / len(slots))))
        cells = rng.sample([(d, r, t) for r in rooms for t in slots], count[(d, b)])
        for cell in cells:
            placements[order.pop()] = cell
        used_rooms = sorted({r for _d, r, _t in cells})
        free = [
            e for e in evaluator_ids if all(_fits(grid, evaluator_windows.get(e, []), d, t) for t in slots)
        ]
        if len(free) < len(used_rooms) * spec.min_panel_size:
            raise SpecTooTight("too few evaluators for the panels of a block")
        for r in used_rooms:
            free.sort(key=lambda e: (load[e], rng.random()))
            members, free = free[: spec.min_panel_size], free[spec.min_panel_size :]
            for e in members:
                load[e] += 1
            panels[(d, r, b)] = tuple(members)
            if members:
                chairs[(d, r, b)] = members[0]

    # Mentors: conflicts of interest only with regions whose planted panel they are not on.
    conflicts = set()
    mentored = set()
    for mentor in rng.sample(evaluator_ids, round(spec.mentor_share * len(evaluator_ids))):
        candidates = [
            rid
            for rid in region_ids
            if rid not in mentored and mentor not in panels.get(_key(grid, placements[rid]), ())
        ]
        k = min(len(candidates), rng.randint(*spec.mentees))
        for rid in rng.sample(candidates, k):
            conflicts.add((mentor, rid))
            mentored.add(rid)

    # Restricted regions: one day, or one half-day, holding the planted slot.
    region_windows = {}
    for rid in rng.sample(region_ids, round(spec.restricted_share * len(region_ids))):
        d, _r, t = placements[rid]
        if n_days > 1 and rng.random() < 0.5:
            region_windows[rid] = [(grid.days[d], spec.day_starts, spec.day_ends)]
        else:
            region_windows[rid] = [(grid.days[d], *spans[grid.blocks[t]])]

    # Preferred windows: a wish for a day or a half-day, drawn freely.
    preferred = {}
    for rid in rng.sample(region_ids, round(spec.preferred_share * len(region_ids))):
        day = grid.days[rng.randrange(n_days)]
        if rng.random() < 0.5:
            preferred[rid] = [(day, spec.day_starts, spec.day_ends)]
        else:
            preferred[rid] = [(day, *spans[rng.randrange(n_blocks)])]

    # Pinned sessions: whole room-blocks of the plant, each session keeping its panel and chair.
    fixed = []
    used_keys = sorted({_key(grid, cell) for cell in placements.values()})
    for key in sorted(rng.sample(used_keys, min(spec.fixed_blocks, len(used_keys)))):
        for rid in sorted(rid for rid, cell in placements.items() if _key(grid, cell) == key):
            d, r, t = placements.pop(rid)
            fixed.append(
                FixedSession(
                    id=rid,
                    name=_region_name(rid),
                    day=d,
                    room=r,
                    starts=grid.starts[t],
                    ends=grid.ends(t),
                    evaluators=frozenset(panels[key]),
                    chair=chairs.get(key),
                )
            )
        panels.pop(key)
        chairs.pop(key, None)
    fixed_ids = {f.id for f in fixed}

    problem = Problem(
        grid=grid,
        regions=[
            RegionItem(
                id=rid,
                name=_region_name(rid),
                windows=region_windows.get(rid, []),
                preferred=preferred.get(rid, []),
            )
            for rid in region_ids
            if rid not in fixed_ids
        ],
        evaluators=[
            EvaluatorItem(id=e, name=f"Evaluator {e - 1000:02d}", windows=evaluator_windows.get(e, []))
            for e in evaluator_ids
        ],
        conflicts=frozenset(conflicts),
        min_panel_size=spec.min_panel_size,
        fixed=fixed,
        weights=Weights(),
        breaks=list(spec.breaks),
        day_starts=spec.day_starts,
        day_ends=spec.day_ends,
    )
    # Solutions name a panel per session: each session gets its block's panel.
    return problem, Solution(
        placements=placements,
        panels={
            cell: panels[_key(grid, cell)] for cell in placements.values() if panels.get(_key(grid, cell))
        },
        chairs={cell: chairs[_key(grid, cell)] for cell in placements.values() if _key(grid, cell) in chairs},
    )


def _region_name(rid: int) -> str:
    return f"Kab. Contoh {rid:02d}"


def _key(grid: Grid, cell: Cell) -> tuple[int, int, int]:
    d, r, t = cell
    return (d, r, grid.blocks[t])


# --- references and repair ------------------------------------------------------------------------------


def with_reference(problem: Problem, solution: Solution) -> Problem:
    """A copy whose regions' ``reference`` is where ``solution`` placed them and whose evaluators' ``reference``
    is the set of sessions (cells) whose panels they sit on in ``solution``."""
    seats = {}
    for key, members in solution.panels.items():
        for e in members:
            seats.setdefault(e, set()).add(key)
    return dataclasses.replace(
        problem,
        regions=[dataclasses.replace(r, reference=solution.placements.get(r.id)) for r in problem.regions],
        evaluators=[
            dataclasses.replace(e, reference=frozenset(seats.get(e.id, ()))) for e in problem.evaluators
        ],
        fixed=list(problem.fixed),
        weights=dataclasses.replace(problem.weights),
        breaks=list(problem.breaks),
    )


def without_reference(problem: Problem) -> Problem:
    """The same problem to be solved from scratch: no references and no weight on changes."""
    return dataclasses.replace(
        problem,
        regions=[dataclasses.replace(r, reference=None) for r in problem.regions],
        evaluators=[dataclasses.replace(e, reference=frozenset()) for e in problem.evaluators],
        fixed=list(problem.fixed),
        weights=dataclasses.replace(problem.weights, changes=0),
        breaks=list(problem.breaks),
    )


def repair_scenario(problem: Problem, solution: Solution, seed: int = DEFAULT_SEED) -> Problem:
    """``with_reference(problem, solution)`` after one placed region withdraws and one evaluator who sits on at
    least one of ``solution``'s panels falls ill (both drawn with ``seed``)."""
    rng = random.Random(seed)
    reference = with_reference(problem, solution)
    placed = sorted(r.id for r in problem.regions if r.id in solution.placements)
    seated = sorted({e for members in solution.panels.values() for e in members})
    if not placed or not seated:
        raise ValueError("the solution places no region or seats no evaluator")
    withdrawn, ill = rng.choice(placed), rng.choice(seated)
    return dataclasses.replace(
        reference,
        regions=[r for r in reference.regions if r.id != withdrawn],
        evaluators=[e for e in reference.evaluators if e.id != ill],
        conflicts=frozenset((e, r) for e, r in problem.conflicts if e != ill and r != withdrawn),
    )


def moved(reference: Problem | Solution, new_solution: Solution) -> int:
    """Regions placed both in ``reference`` and in ``new_solution`` whose cell differs (see the module doc)."""
    if isinstance(reference, Solution):
        before = reference.placements
    else:
        before = {r.id: r.reference for r in reference.regions if r.reference is not None}
    return sum(1 for rid, cell in new_solution.placements.items() if rid in before and before[rid] != cell)
