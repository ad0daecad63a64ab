"""Checking a ``Solution`` with the one independent validator (``evaluations.validation.check_slots``).

Nothing here trusts the solver: a solution is turned into plain ``Slot`` values (fixed sessions included) and
every hard rule is checked again from the problem's raw data (windows as dates and times, not grid cells).
"""

from django.utils.translation import gettext as _

from kotacerdas.evaluations.validation import Slot, Violation, check_slots
from kotacerdas.scheduling.problem import Problem, Solution


def solution_slots(problem: Problem, solution: Solution) -> list[Slot]:
    grid = problem.grid
    names = {r.id: r.name for r in problem.regions}
    slots = []
    for f in problem.fixed:
        slots.append(
            Slot(
                key=("fixed", f.id),
                region=f.name,
                participation_id=f.id,
                day=grid.days[f.day],
                room=grid.rooms[f.room],
                starts=f.starts,
                ends=f.ends,
                panel=(f.panel or _("pinned panel") + f" #{f.id}") if f.evaluators else None,
                evaluators=f.evaluators,
                chair=f.chair,
            )
        )
    for rid, (d, r, t) in sorted(solution.placements.items()):
        members = frozenset(solution.panels.get((d, r, t), ()))
        slots.append(
            Slot(
                key=("placed", rid),
                region=names.get(rid, str(rid)),
                participation_id=rid,
                day=grid.days[d],
                room=grid.rooms[r],
                starts=grid.starts[t],
                ends=grid.ends(t),
                panel=f"{grid.rooms[r]} {grid.days[d]} {grid.starts[t]}",
                evaluators=members,
                chair=solution.chairs.get((d, r, t)),
            )
        )
    return slots


def violations(problem: Problem, solution: Solution) -> list[Violation]:
    """Every broken hard rule; a region left without a session (greedy's unplaced) counts as one violation."""
    names = problem.names()
    conflicts = {pair: [_("Conflict of interest.")] for pair in problem.conflicts}
    found = check_slots(
        solution_slots(problem, solution),
        days=set(problem.grid.days),
        day_starts=problem.day_starts,
        day_ends=problem.day_ends,
        breaks=problem.breaks,
        conflicts=conflicts,
        evaluator_names=names,
        min_panel_size=problem.min_panel_size,
        region_windows={r.id: r.windows for r in problem.regions if r.windows},
        evaluator_windows={e.id: e.windows for e in problem.evaluators if e.windows},
    )
    scheduled = set(solution.placements) | {f.id for f in problem.fixed}
    for region in problem.regions:
        if region.id not in scheduled:
            found.append(Violation("unplaced", _("%(region)s has no session.") % {"region": region.name}, ()))
    return found
