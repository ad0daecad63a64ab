"""Feasibility first: plain checks, before any solving, that prove a problem cannot be scheduled.

Each check is sound (it reports only what really makes a schedule impossible) and says so in words a
secretariat can act on, e.g. "23 regions can only present on day 1, which has 16 free slots."
"""

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core.numbers_format import format_clock_range
from kotacerdas.evaluations.validation import check_slots
from kotacerdas.scheduling.problem import Problem, Solution
from kotacerdas.scheduling.solver import busy_cells


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
            f"{date_format(date, 'l, j F Y')} {format_clock_range(start, end)}"
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
    # How many sessions the evaluators can staff at all: at each slot, as many rooms as there are full panels
    # of evaluators available then and not busy on a pinned session.
    busy = busy_cells(problem)
    staffable = 0
    for d in range(len(grid.days)):
        for t in range(len(grid.starts)):
            present = sum(
                1
                for e in evaluators
                if problem.fits(e.windows, (d, 0, t)) and (d, t) not in busy.get(e.id, ())
            )
            rooms = sum(1 for c in free if c[0] == d and c[2] == t)
            staffable += min(rooms, present // size)
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
    """Pinned (and scored) sessions stay as they are, so each must keep every rule by itself."""
    from kotacerdas.scheduling.validate import solution_slots

    names = problem.names()
    fixed_only = solution_slots(problem, Solution())
    found = check_slots(
        fixed_only,
        days=set(problem.grid.days),
        day_starts=problem.day_starts,
        day_ends=problem.day_ends,
        breaks=problem.breaks,
        evaluator_names=names,
        min_panel_size=problem.min_panel_size,
    )
    return [
        _("A pinned session breaks a rule: %(problem)s Fix it by hand or unpin it.") % {"problem": v.message}
        for v in found
    ]
