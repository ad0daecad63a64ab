"""Feasibility first: plain checks, before any solving, that prove a problem cannot be scheduled.

Each check is sound (it reports only what really makes a schedule impossible) and says so in words a
secretariat can act on, e.g. "23 regions can only present on day 1, which has 16 free slots."
"""

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.scheduling.problem import Problem


def _day(problem: Problem, d: int) -> str:
    return date_format(problem.grid.days[d], "l, j F Y")


def allowed_cells(problem: Problem, free: list) -> dict:
    """Region id -> the free cells its hard windows allow."""
    return {reg.id: [c for c in free if problem.fits(reg.windows, c)] for reg in problem.regions}


def run_checks(problem: Problem) -> list[str]:
    """Every failed check, as a sentence; an empty list means no obstacle was found (the solver may still prove
    one)."""
    grid = problem.grid
    if not problem.regions:
        return []
    if not grid.days:
        return [_("The event has no days yet.")]
    if not grid.rooms:
        return [_("The event has no rooms yet.")]
    if not grid.starts:
        return [
            _("No slot of %(minutes)s minutes fits between the start and the end of the day.")
            % {"minutes": grid.slot_minutes}
        ]
    found = []
    free = problem.free_cells()
    n = len(problem.regions)
    if n > len(free):
        found.append(
            _(
                "%(regions)s regions need a session but there are only %(free)s free slots "
                "(%(days)s days × %(rooms)s rooms × %(slots)s slots, less %(pinned)s taken by pinned sessions)."
            )
            % {
                "regions": n,
                "free": len(free),
                "days": len(grid.days),
                "rooms": len(grid.rooms),
                "slots": len(grid.starts),
                "pinned": len(grid.days) * len(grid.rooms) * len(grid.starts) - len(free),
            }
        )
    allowed = allowed_cells(problem, free)
    names = {reg.id: reg.name for reg in problem.regions}
    for rid, cells in allowed.items():
        if not cells:
            found.append(
                _("%(region)s cannot present: its availability windows hold no free slot.")
                % {"region": names[rid]}
            )
    found.extend(_day_checks(problem, free, allowed))
    found.extend(_window_checks(problem, allowed))
    found.extend(_panel_checks(problem, free))
    found.extend(_pin_checks(problem))
    return found


def _day_checks(problem: Problem, free: list, allowed: dict) -> list[str]:
    """Regions held to one day by their windows, against that day's free slots (a case of Hall's condition)."""
    found = []
    if len(problem.grid.days) < 2:
        return found  # the total count above already says it
    only_on = defaultdict(int)
    for cells in allowed.values():
        days = {d for d, _r, _t in cells}
        if len(days) == 1:
            only_on[days.pop()] += 1
    for d, count in sorted(only_on.items()):
        capacity = sum(1 for c in free if c[0] == d)
        if count > capacity:
            found.append(
                _(
                    "%(count)s regions can only present on day %(number)s (%(day)s), which has %(free)s free slots."
                )
                % {"count": count, "number": d + 1, "day": _day(problem, d), "free": capacity}
            )
    return found


def window_groups(problem: Problem, allowed: dict) -> list[tuple[frozenset, list]]:
    """For each distinct set of cells some restricted region is held to: that set and every region held inside
    it. More regions than cells in such a set make a schedule impossible (Hall's condition)."""
    restricted = {reg.id for reg in problem.regions if reg.windows}
    sets = {frozenset(allowed[rid]) for rid in restricted}
    groups = []
    for cells in sets:
        inside = [rid for rid, own in allowed.items() if own and set(own) <= cells]
        groups.append((cells, inside))
    return groups


def _window_checks(problem: Problem, allowed: dict) -> list[str]:
    names = {reg.id: reg.name for reg in problem.regions}
    windows = {reg.id: reg.windows for reg in problem.regions}
    found, seen_days = [], set()
    for cells, inside in sorted(window_groups(problem, allowed), key=lambda g: (len(g[0]), sorted(g[1]))):
        if len(inside) <= len(cells):
            continue
        days = {d for d, _r, _t in cells}
        if len(days) == 1 and len(cells) == sum(1 for c in problem.free_cells() if c[0] in days):
            seen_days |= days  # already said per day
            continue
        example = windows[inside[0]]
        when = "; ".join(
            f"{date_format(date, 'l, j F Y')} {start:%H:%M}–{end:%H:%M}"
            for date, start, end in sorted(example)
        )
        found.append(
            _(
                "%(count)s regions (%(names)s) can only present within %(when)s, which holds %(free)s free slots."
            )
            % {
                "count": len(inside),
                "names": ", ".join(names[rid] for rid in inside[:3]) + (", …" if len(inside) > 3 else ""),
                "when": when,
                "free": len(cells),
            }
        )
    return found


def _panel_checks(problem: Problem, free: list) -> list[str]:
    grid, size = problem.grid, max(1, problem.min_panel_size)
    evaluators = problem.evaluators
    found = []
    if len(evaluators) < size:
        found.append(
            ngettext(
                "The evaluator pool has %(count)s evaluator; every panel needs %(size)s.",
                "The evaluator pool has %(count)s evaluators; every panel needs %(size)s.",
                len(evaluators),
            )
            % {"count": len(evaluators), "size": size}
        )
        return found
    # How many sessions the evaluators can staff at all: per block of each day, as many rooms as there are
    # full panels of evaluators available for some slot of that block.
    staffable = 0
    for d in range(len(grid.days)):
        for b in range(grid.n_blocks):
            slots = grid.block_slots(b)
            present = sum(1 for e in evaluators if any(problem.fits(e.windows, (d, 0, t)) for t in slots))
            rooms = min(len(grid.rooms), present // size)
            per_room = sorted(
                (
                    sum(1 for c in free if c[0] == d and c[1] == r and grid.blocks[c[2]] == b)
                    for r in range(len(grid.rooms))
                ),
                reverse=True,
            )
            staffable += sum(per_room[:rooms])
    if staffable < len(problem.regions):
        found.append(
            _(
                "With panels of %(size)s, the available evaluators can staff at most %(staffable)s sessions; "
                "%(regions)s regions need one. Add evaluators to the pool or widen their availability."
            )
            % {"size": size, "staffable": staffable, "regions": len(problem.regions)}
        )
    ids = {e.id for e in evaluators}
    for reg in problem.regions:
        conflicted = sum(1 for eid in ids if (eid, reg.id) in problem.conflicts)
        if len(ids) - conflicted < size:
            found.append(
                _(
                    "%(region)s is in conflict with %(conflicted)s of the %(count)s evaluators; "
                    "a panel of %(size)s cannot be formed."
                )
                % {"region": reg.name, "conflicted": conflicted, "count": len(ids), "size": size}
            )
    return found


def _pin_checks(problem: Problem) -> list[str]:
    """Pinned sessions keep their panels: one evaluator cannot sit in two rooms in the same block."""
    grid = problem.grid
    rooms_of = defaultdict(set)
    for f in problem.fixed:
        for eid in f.evaluators:
            rooms_of[(eid, f.day, grid.block_of_time(f.starts))].add(f.room)
    names = {e.id: e.name for e in problem.evaluators}
    found = []
    for (eid, d, _b), rooms in sorted(rooms_of.items()):
        if len(rooms) > 1:
            found.append(
                _("%(evaluator)s sits on pinned sessions in %(rooms)s in the same part of %(day)s.")
                % {
                    "evaluator": names.get(eid, eid),
                    "rooms": ", ".join(grid.rooms[r] for r in sorted(rooms)),
                    "day": _day(problem, d),
                }
            )
    return found
