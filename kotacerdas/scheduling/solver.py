"""The CP-SAT model of an evaluation schedule (issue 5).

Decisions: each region's session → a cell (day, room, slot) of the grid; each evaluator → the panels of
blocks (day, room, run of slots between breaks) they sit on. A panel has exactly the event's minimum size (more
only when pinned sessions bring more members), so a chair is always among them.

Hard rules, grouped in *families* so that an infeasible problem can be explained by naming them:
- structure: every region presents exactly once; one session per room and slot; panels only on used blocks;
- ``region_windows``: regions' availability; ``evaluator_windows``: evaluators' availability;
- ``conflicts``: a conflicted evaluator never sits on the panel of that region's block;
- ``panel_size``: every used block has its panel; ``evaluator_place``: an evaluator is in one room per block;
- ``pins``: pinned sessions' cells are taken and their evaluators sit on their block's panel.

Preferences (weights from the event's settings): fewest changes from the reference schedule (sessions moved,
evaluators taken off panels they sat on), regions' preferred windows, the largest number of panel sittings of
any evaluator (balance), and panel members changing between blocks of the same room and day (stability).
"""

import dataclasses
import threading
import time
from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from ortools.sat.python import cp_model

from kotacerdas.scheduling.problem import Problem, Solution

FAMILIES = {
    "region_windows": _("regions' availability windows"),
    "evaluator_windows": _("evaluators' availability windows"),
    "conflicts": _("conflicts of interest"),
    "panel_size": _("minimum panel size"),
    "evaluator_place": _("an evaluator can be in only one room at a time"),
    "pins": _("pinned sessions"),
}
STRUCTURE = _("every region presents exactly once, one session per room and slot")


@dataclasses.dataclass
class SolveResult:
    status: str  # optimal, feasible, infeasible, unknown
    solution: Solution | None = None
    objective: int | None = None
    bound: int | None = None
    gap: float | None = None
    wall_time: float = 0.0
    solutions_found: int = 0
    reasons: list = dataclasses.field(default_factory=list)
    breakdown: dict = dataclasses.field(default_factory=dict)


class SolveControl:
    """Shared between the solver's threads and the caller: progress so far, and a way to stop early."""

    def __init__(self):
        self._lock = threading.Lock()
        self._solver = None
        self.stopped = False
        self.progress = {"solutions": 0, "objective": None, "bound": None, "seconds": 0.0}

    def update(self, **values):
        with self._lock:
            self.progress.update(values)

    def snapshot(self) -> dict:
        with self._lock:
            return dict(self.progress)

    def stop(self):
        self.stopped = True
        if self._solver is not None:
            self._solver.StopSearch()


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, control: SolveControl, started: float):
        super().__init__()
        self.control, self.started, self.count = control, started, 0

    def on_solution_callback(self):
        self.count += 1
        self.control.update(
            solutions=self.count,
            objective=int(self.ObjectiveValue()),
            bound=int(self.BestObjectiveBound()),
            seconds=round(time.monotonic() - self.started, 2),
        )


@dataclasses.dataclass
class _Model:
    model: cp_model.CpModel
    x: dict  # (region id, cell) -> bool var
    y: dict  # (evaluator id, block key) -> bool var
    used: dict  # block key -> bool var
    families: dict  # family name -> enforcement literal


def _block_cells(problem: Problem, cells) -> dict:
    blocks = defaultdict(list)
    for d, r, t in cells:
        blocks[(d, r, problem.grid.blocks[t])].append((d, r, t))
    return blocks


def build_model(problem: Problem) -> _Model:
    grid, m = problem.grid, cp_model.CpModel()
    families = {name: m.NewBoolVar(name) for name in FAMILIES}
    free = problem.free_cells()
    block_cells = _block_cells(problem, grid.cells())
    blocks = sorted(block_cells)

    x = {(reg.id, c): m.NewBoolVar(f"x{reg.id}_{c}") for reg in problem.regions for c in free}
    by_cell = defaultdict(list)
    for (_rid, c), var in x.items():
        by_cell[c].append(var)
    for reg in problem.regions:
        m.AddExactlyOne(x[reg.id, c] for c in free)
        outside = [x[reg.id, c] for c in free if not problem.fits(reg.windows, c)]
        for var in outside:
            m.Add(var == 0).OnlyEnforceIf(families["region_windows"])
    # Implied, but it lets the solver prove at once that too many regions share too few slots (which a few
    # workers otherwise cannot, as in a pigeonhole problem).
    allowed = {reg.id: [c for c in free if problem.fits(reg.windows, c)] for reg in problem.regions}
    for reg in problem.regions:
        if reg.windows:
            cells = set(allowed[reg.id])
            inside = [
                other.id for other in problem.regions if allowed[other.id] and set(allowed[other.id]) <= cells
            ]
            m.Add(sum(x[rid, c] for rid in inside for c in cells) <= len(cells)).OnlyEnforceIf(
                families["region_windows"]
            )
            m.Add(sum(x[rid, c] for rid in inside for c in cells) == len(inside)).OnlyEnforceIf(
                families["region_windows"]
            )
    occupied = {c: sum(by_cell[c]) for c in free}
    for c in free:
        m.AddAtMostOne(by_cell[c])

    # Blocks holding a pinned session are in use whatever else happens; their members are required there.
    required = defaultdict(set)
    pinned_blocks = set()
    for f in problem.fixed:
        key = (f.day, f.room, grid.block_of_time(f.starts))
        pinned_blocks.add(key)
        required[key] |= set(f.evaluators)

    used = {}
    for key in blocks:
        used[key] = m.NewBoolVar(f"used{key}")
        cells = [c for c in block_cells[key] if c in occupied]
        for c in cells:
            m.Add(occupied[c] <= used[key])
        if key in pinned_blocks:
            m.Add(used[key] == 1)
        else:
            m.Add(sum(occupied[c] for c in cells) >= used[key])

    size = max(1, problem.min_panel_size)
    y = {(e.id, key): m.NewBoolVar(f"y{e.id}_{key}") for e in problem.evaluators for key in blocks}
    for key in blocks:
        members = [y[e.id, key] for e in problem.evaluators]
        for var in members:
            m.AddImplication(var, used[key])
        wanted = max(size, len(required[key]))
        # Linear in ``used`` (not enforced by it), so the LP relaxation bounds the sittings tightly.
        m.Add(sum(members) >= wanted * used[key]).OnlyEnforceIf(families["panel_size"])
        m.Add(sum(members) <= wanted * used[key])
    known = {e.id for e in problem.evaluators}
    for key, members in required.items():
        for eid in members:
            if eid in known:
                m.Add(y[eid, key] == 1).OnlyEnforceIf(families["pins"])
    for e in problem.evaluators:
        for d in range(len(grid.days)):
            for b in range(grid.n_blocks):
                m.Add(sum(y[e.id, (d, r, b)] for r in range(len(grid.rooms))) <= 1).OnlyEnforceIf(
                    families["evaluator_place"]
                )
        if e.windows:
            for key in blocks:
                for c in block_cells[key]:
                    if c in occupied and not problem.fits(e.windows, c):
                        m.Add(y[e.id, key] + occupied[c] <= 1).OnlyEnforceIf(families["evaluator_windows"])
    for eid, rid in problem.conflicts:
        if eid not in known or not any(reg.id == rid for reg in problem.regions):
            continue
        for key in blocks:
            in_block = [x[rid, c] for c in block_cells[key] if c in occupied]
            if in_block:
                m.Add(sum(in_block) + y[eid, key] <= 1).OnlyEnforceIf(families["conflicts"])

    _objective(problem, m, x, y, used, blocks, free)
    return _Model(m, x, y, used, families)


def _objective(problem, m, x, y, used, blocks, free):
    w, grid = problem.weights, problem.grid
    terms = []
    free_set = set(free)
    for reg in problem.regions:
        if reg.reference is not None and reg.reference in free_set and w.changes:
            terms.append(w.changes * (1 - x[reg.id, reg.reference]))
        if reg.preferred and w.preferences:
            misses = [x[reg.id, c] for c in free if not problem.fits(reg.preferred, c)]
            terms.append(w.preferences * sum(misses))
    for e in problem.evaluators:
        for key in e.reference:
            if (e.id, key) in y and w.changes:
                terms.append(w.changes * (1 - y[e.id, key]))
    if w.load and problem.evaluators:
        most = m.NewIntVar(0, len(blocks), "most_sittings")
        for e in problem.evaluators:
            m.Add(sum(y[e.id, key] for key in blocks) <= most)
        # An implied bound the solver cannot see quickly with few workers: the regions need at least
        # ``fewest_blocks`` panels, and their seats are shared by all evaluators.
        m.Add(most * len(problem.evaluators) >= max(1, problem.min_panel_size) * fewest_blocks(problem))
        terms.append(w.load * most)
    if w.stability and grid.n_blocks > 1:
        for e in problem.evaluators:
            for d in range(len(grid.days)):
                for r in range(len(grid.rooms)):
                    for b in range(grid.n_blocks - 1):
                        a, z = (d, r, b), (d, r, b + 1)
                        change = m.NewBoolVar("")
                        # Counted only when both blocks hold sessions: an empty afternoon is not a change.
                        m.Add(change >= y[e.id, a] - y[e.id, z] - (1 - used[z]))
                        m.Add(change >= y[e.id, z] - y[e.id, a] - (1 - used[a]))
                        terms.append(w.stability * change)
    m.Minimize(sum(terms))


def fewest_blocks(problem: Problem) -> int:
    """The fewest blocks that can hold every region still to place (largest blocks first), ignoring all
    other rules; blocks with a pinned session count anyway. A lower bound on the number of panels."""
    pinned = {(f.day, f.room, problem.grid.block_of_time(f.starts)) for f in problem.fixed}
    capacity = defaultdict(int)
    for d, r, t in problem.free_cells():
        capacity[(d, r, problem.grid.blocks[t])] += 1
    left = len(problem.regions) - sum(capacity[key] for key in pinned)
    count = len(pinned)
    for cap in sorted((c for key, c in capacity.items() if key not in pinned), reverse=True):
        if left <= 0:
            break
        left -= cap
        count += 1
    return count


def _hint(problem: Problem, built: _Model):
    for reg in problem.regions:
        if reg.reference is not None and (reg.id, reg.reference) in built.x:
            built.model.AddHint(built.x[reg.id, reg.reference], 1)
    for e in problem.evaluators:
        for key in e.reference:
            if (e.id, key) in built.y:
                built.model.AddHint(built.y[e.id, key], 1)


def _solution(problem: Problem, built: _Model, solver: cp_model.CpSolver) -> Solution:
    placements = {rid: c for (rid, c), var in built.x.items() if solver.BooleanValue(var)}
    panels = defaultdict(list)
    for (eid, key), var in built.y.items():
        if solver.BooleanValue(var):
            panels[key].append(eid)
    return _with_chairs(
        problem, Solution(placements=placements, panels={k: tuple(v) for k, v in panels.items()})
    )


def _with_chairs(problem: Problem, solution: Solution) -> Solution:
    """A chair for every panel: a pinned session's chair keeps the chair; otherwise the member who chairs least
    so far (then by id), so chairing is shared."""
    grid = problem.grid
    pinned_chairs = {
        (f.day, f.room, grid.block_of_time(f.starts)): f.chair for f in problem.fixed if f.chair is not None
    }
    chaired = defaultdict(int)
    chairs = {}
    for key in sorted(solution.panels):
        members = solution.panels[key]
        chair = pinned_chairs.get(key)
        if chair not in members:
            chair = min(members, key=lambda eid: (chaired[eid], eid))
        chairs[key] = chair
        chaired[chair] += 1
    solution.chairs = chairs
    return solution


def breakdown(problem: Problem, solution: Solution) -> dict:
    """The objective's parts, counted from a solution (so a greedy one can be compared too)."""
    grid = problem.grid
    moved = sum(
        1
        for reg in problem.regions
        if reg.reference is not None
        and reg.id in solution.placements
        and solution.placements[reg.id] != reg.reference
    )
    reassigned = sum(
        1 for e in problem.evaluators for key in e.reference if e.id not in solution.panels.get(key, ())
    )
    missed = sum(
        1
        for reg in problem.regions
        if reg.preferred
        and reg.id in solution.placements
        and not problem.fits(reg.preferred, solution.placements[reg.id])
    )
    sittings = defaultdict(int)
    for members in solution.panels.values():
        for eid in members:
            sittings[eid] += 1
    changes = 0
    for (d, r, b), members in solution.panels.items():
        following = solution.panels.get((d, r, b + 1))
        if following:
            changes += len(set(members) ^ set(following))
    return {
        "moved": moved,
        "reassigned": reassigned,
        "preferences_missed": missed,
        "most_sittings": max(sittings.values(), default=0),
        "fewest_sittings": min((sittings.get(e.id, 0) for e in problem.evaluators), default=0),
        "panel_changes": changes,
        "sessions": len(solution.placements) + len(problem.fixed),
        "panels": len(solution.panels),
        "blocks_per_day": grid.n_blocks,
    }


STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "unknown",
    cp_model.UNKNOWN: "unknown",
}


def _solver(time_limit: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = 1  # the same proposal for the same problem, as far as timing allows
    return solver


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    control: SolveControl | None = None,
    explain: bool = True,
) -> SolveResult:
    """Solve ``problem``; on proven infeasibility (and ``explain``), name the rule families in conflict."""
    control = control or SolveControl()
    started = time.monotonic()
    if not problem.regions:
        solution = Solution()
        return SolveResult("optimal", solution, 0, 0, 0.0, 0.0, 1, [], breakdown(problem, solution))
    built = build_model(problem)
    for lit in built.families.values():
        built.model.Add(lit == 1)
    _hint(problem, built)
    solver = _solver(time_limit, workers)
    solver.best_bound_callback = lambda bound: control.update(bound=int(bound))
    control._solver = solver
    if control.stopped:
        return SolveResult("unknown", wall_time=0.0)
    callback = _Callback(control, started)
    code = solver.Solve(built.model, callback)
    status = STATUS.get(code, "unknown")
    result = SolveResult(
        status, wall_time=round(time.monotonic() - started, 3), solutions_found=callback.count
    )
    if status in ("optimal", "feasible"):
        result.solution = _solution(problem, built, solver)
        result.objective = int(solver.ObjectiveValue())
        result.bound = int(solver.BestObjectiveBound())
        result.gap = (result.objective - result.bound) / max(1, abs(result.objective))
        result.breakdown = breakdown(problem, result.solution)
    elif status == "infeasible" and explain:
        result.reasons = explain_infeasibility(problem, time_limit=max(5.0, time_limit / 2))
    elif status == "unknown" and explain and not control.stopped:
        # No schedule and no proof within the limit: a single worker with a stronger linear relaxation
        # often proves what the portfolio could not (pigeonhole-like clashes of conflicts and panels).
        reasons = explain_infeasibility(problem, time_limit=min(10.0, max(2.0, time_limit / 3)))
        if reasons:
            result.status, result.reasons = "infeasible", reasons
    return result


def _infeasible_with(problem: Problem, active: list[str], time_limit: float) -> tuple[bool, list[str]]:
    """Whether the structure plus the ``active`` families is infeasible, and a core of them if it is."""
    built = build_model(problem)
    for name, lit in built.families.items():
        if name not in active:
            built.model.Add(lit == 0)
    built.model.ClearObjective()
    built.model.AddAssumptions([built.families[name] for name in active])
    solver = _solver(time_limit, 1)  # cores of assumptions come from a single worker
    solver.parameters.linearization_level = 2
    code = solver.Solve(built.model)
    if code != cp_model.INFEASIBLE:
        return False, []
    core_indices = set(solver.SufficientAssumptionsForInfeasibility())
    return True, [name for name in active if built.families[name].Index() in core_indices]


def explain_infeasibility(problem: Problem, *, time_limit: float = 10.0) -> list[str]:
    """Names of the smallest set of rule families found that cannot hold together (deletion filter over the
    solver's core). With no family at all in conflict, the structure itself cannot hold: too few slots."""
    infeasible, core = _infeasible_with(problem, list(FAMILIES), time_limit)
    if not infeasible:
        return []
    if not core:
        return [str(STRUCTURE)]
    for name in list(core):
        if name not in core:
            continue
        trial = [n for n in core if n != name]
        still, smaller = _infeasible_with(problem, trial, time_limit)
        if still:
            core = smaller or trial
    if not core:
        return [str(STRUCTURE)]
    return [str(FAMILIES[name]) for name in core]
