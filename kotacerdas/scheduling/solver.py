"""The CP-SAT model of an evaluation schedule (issue 5).

Decisions: each region's session → a cell (day, room, slot) of the grid; each evaluator → the sessions whose
panel they sit on. A session's panel has exactly the event's minimum size; any member may chair, so the chair is
chosen after solving.

Hard rules, grouped in *families* so that an infeasible problem can be explained by naming them:
- structure: every region presents exactly once; one session per room and slot; nobody on an empty slot's panel;
- ``region_windows``: regions' availability; ``evaluator_windows``: evaluators' availability;
- ``conflicts``: a conflicted evaluator never sits on that region's panel;
- ``panel_size``: every session has a full panel; ``evaluator_place``: an evaluator is in one room at a time;
- ``pins``: pinned (and scored) sessions keep their cells and their panels' evaluators are busy then.

Preferences (weights from the event's settings): fewest changes from the reference schedule (sessions moved,
evaluators taken off sessions they sat on), regions' preferred windows, the largest number of sessions any
evaluator sits (balance), and panels that stay the same through a room's day (stability: the evaluators sitting
in a room on a day beyond one panel's worth).
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
    x: dict  # (region id, cell) -> bool var: the region presents there
    y: dict  # (evaluator id, cell or block key) -> bool var: the evaluator sits on that session's (block's) panel
    families: dict  # family name -> enforcement literal
    kind: str = "session"  # "block": one panel per room and block; "session": a panel per session


def busy_cells(problem: Problem) -> dict:
    """Evaluator id -> (day, slot) pairs taken by the pinned sessions they sit on (any room)."""
    grid = problem.grid
    busy = defaultdict(set)
    for f in problem.fixed:
        for t, start in enumerate(grid.starts):
            if start < f.ends and f.starts < grid.ends(t):
                for eid in f.evaluators:
                    busy[eid].add((f.day, t))
    return busy


def _add_window_groups(problem: Problem, m, x, cells, families) -> None:
    """Implied, but it lets the solver prove at once that too many regions share too few slots (which a few
    workers otherwise cannot, as in a pigeonhole problem): the regions held inside one region's windows fill
    at most as many of ``cells`` as those windows hold."""
    allowed = {reg.id: {c for c in cells if problem.fits(reg.windows, c)} for reg in problem.regions}
    for reg in problem.regions:
        if reg.windows:
            held = allowed[reg.id]
            inside = [other.id for other in problem.regions if allowed[other.id] <= held]
            total = sum(x[rid, c] for rid in inside for c in held)
            m.Add(total <= len(held)).OnlyEnforceIf(families["region_windows"])
            m.Add(total == len(inside)).OnlyEnforceIf(families["region_windows"])


def live_reference_cells(problem: Problem) -> set:
    """Reference cells whose region still presents: a seat on a withdrawn region's panel is not a change."""
    return {reg.reference for reg in problem.regions if reg.reference is not None}


def _place_regions(problem: Problem, m, cells: list, families: dict) -> tuple[dict, dict]:
    """Every region in exactly one of ``cells``, at most one region per cell; cells a pinned session takes and
    cells outside a region's windows are closed by their families. Returns x and each cell's occupancy."""
    free = set(problem.free_cells())
    x = {(reg.id, c): m.NewBoolVar(f"x{reg.id}_{c}") for reg in problem.regions for c in cells}
    by_cell = defaultdict(list)
    for (_rid, c), var in x.items():
        by_cell[c].append(var)
    for reg in problem.regions:
        m.AddExactlyOne(x[reg.id, c] for c in cells)
        for c in cells:
            if c not in free:
                m.Add(x[reg.id, c] == 0).OnlyEnforceIf(families["pins"])
            elif not problem.fits(reg.windows, c):
                m.Add(x[reg.id, c] == 0).OnlyEnforceIf(families["region_windows"])
    for c in cells:
        m.AddAtMostOne(by_cell[c])
    _add_window_groups(problem, m, x, cells, families)
    return x, {c: sum(by_cell[c]) for c in cells}


def _region_terms(problem: Problem, x: dict, cells: list) -> list:
    """The objective's terms about regions: moved from the reference, placed outside preferred windows."""
    w, terms = problem.weights, []
    for reg in problem.regions:
        if reg.reference is not None and (reg.id, reg.reference) in x and w.changes:
            terms.append(w.changes * (1 - x[reg.id, reg.reference]))
        if reg.preferred and w.preferences:
            terms.append(
                w.preferences * sum(x[reg.id, c] for c in cells if not problem.fits(reg.preferred, c))
            )
    return terms


def build_model(problem: Problem, kind: str = "session") -> _Model:
    if kind == "block":
        return build_block_model(problem)
    grid, m = problem.grid, cp_model.CpModel()
    families = {name: m.NewBoolVar(name) for name in FAMILIES}
    cells = list(grid.cells())
    size = max(1, problem.min_panel_size)
    x, occupied = _place_regions(problem, m, cells, families)

    # Every session's own panel: exactly the minimum size (nobody sits idle on a panel), any member may chair.
    y = {(e.id, c): m.NewBoolVar(f"y{e.id}_{c}") for e in problem.evaluators for c in cells}
    for c in cells:
        members = sum(y[e.id, c] for e in problem.evaluators)
        m.Add(members <= size * occupied[c])
        m.Add(members >= size * occupied[c]).OnlyEnforceIf(families["panel_size"])
    busy = busy_cells(problem)
    conflicted = defaultdict(set)
    known_regions = {reg.id for reg in problem.regions}
    for eid, rid in problem.conflicts:
        if rid in known_regions:
            conflicted[eid].add(rid)
    for e in problem.evaluators:
        for d in range(len(grid.days)):
            for t in range(len(grid.starts)):
                here = [y[e.id, (d, r, t)] for r in range(len(grid.rooms))]
                m.Add(sum(here) <= 1).OnlyEnforceIf(families["evaluator_place"])
                if (d, t) in busy.get(e.id, ()):
                    for var in here:
                        m.Add(var == 0).OnlyEnforceIf(families["pins"])
        for c in cells:
            if e.windows and not problem.fits(e.windows, c):
                m.Add(y[e.id, c] == 0).OnlyEnforceIf(families["evaluator_windows"])
            if conflicted.get(e.id):
                m.Add(y[e.id, c] + sum(x[rid, c] for rid in conflicted[e.id]) <= 1).OnlyEnforceIf(
                    families["conflicts"]
                )

    _objective(problem, m, x, y, cells, occupied, size)
    return _Model(m, x, y, families)


def build_block_model(problem: Problem) -> _Model:
    """The fast model tried first: one panel per room and block (the slots between two breaks), so panels are
    stable by construction and optimality is proven in seconds. It is stricter than the rules (an evaluator
    cannot step out of a block for one conflicted session), so when it finds no schedule, the per-session model
    decides."""
    grid, m = problem.grid, cp_model.CpModel()
    families = {name: m.NewBoolVar(name) for name in FAMILIES}
    free = problem.free_cells()  # the block model never offers a pinned cell at all
    block_cells = defaultdict(list)
    for d, r, t in grid.cells():
        block_cells[(d, r, grid.blocks[t])].append((d, r, t))
    blocks = sorted(block_cells)
    x, occupied = _place_regions(problem, m, free, families)

    used = {}
    for key in blocks:
        used[key] = m.NewBoolVar(f"used{key}")
        cells = [c for c in block_cells[key] if c in occupied]
        for c in cells:
            m.Add(occupied[c] <= used[key])
        m.Add(sum(occupied[c] for c in cells) >= used[key])

    size = max(1, problem.min_panel_size)
    y = {(e.id, key): m.NewBoolVar(f"y{e.id}_{key}") for e in problem.evaluators for key in blocks}
    for key in blocks:
        members = sum(y[e.id, key] for e in problem.evaluators)
        # Linear in ``used`` (not enforced by it), so the LP relaxation bounds the sittings tightly.
        m.Add(members >= size * used[key]).OnlyEnforceIf(families["panel_size"])
        m.Add(members <= size * used[key])
    busy = busy_cells(problem)
    for e in problem.evaluators:
        busy_blocks = {(d, grid.blocks[t]) for d, t in busy.get(e.id, ())}
        for d in range(len(grid.days)):
            for b in range(grid.n_blocks):
                here = [y[e.id, (d, r, b)] for r in range(len(grid.rooms))]
                m.Add(sum(here) <= 1).OnlyEnforceIf(families["evaluator_place"])
                if (d, b) in busy_blocks:
                    for var in here:
                        m.Add(var == 0).OnlyEnforceIf(families["pins"])
        if e.windows:
            for key in blocks:
                for c in block_cells[key]:
                    if c in occupied and not problem.fits(e.windows, c):
                        m.Add(y[e.id, key] + occupied[c] <= 1).OnlyEnforceIf(families["evaluator_windows"])
    known = {e.id for e in problem.evaluators}
    placing = {reg.id for reg in problem.regions}
    for eid, rid in problem.conflicts:
        if eid in known and rid in placing:
            for key in blocks:
                in_block = [x[rid, c] for c in block_cells[key] if c in occupied]
                if in_block:
                    m.Add(sum(in_block) + y[eid, key] <= 1).OnlyEnforceIf(families["conflicts"])

    w, terms = problem.weights, _region_terms(problem, x, free)
    live = live_reference_cells(problem)
    for e in problem.evaluators:
        # A seat on the block's panel keeps the evaluator on all its sessions: one term per block.
        for key in sorted({(d, r, grid.blocks[t]) for d, r, t in e.reference & live}):
            if w.changes:
                terms.append(w.changes * (1 - y[e.id, key]))
    if w.load and problem.evaluators:
        # Balance in panel sittings (blocks), the unit this model decides in.
        most = m.NewIntVar(0, len(blocks), "most_sittings")
        for e in problem.evaluators:
            m.Add(sum(y[e.id, key] for key in blocks) <= most)
        m.Add(most * len(problem.evaluators) >= size * fewest_blocks(problem))
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
    return _Model(m, x, y, families, kind="block")


def fewest_blocks(problem: Problem) -> int:
    """The fewest blocks that can hold every region (largest blocks first), ignoring all other rules: a lower
    bound on the number of block panels."""
    capacity = defaultdict(int)
    for d, r, t in problem.free_cells():
        capacity[(d, r, problem.grid.blocks[t])] += 1
    left, count = len(problem.regions), 0
    for cap in sorted(capacity.values(), reverse=True):
        if left <= 0:
            break
        left -= cap
        count += 1
    return count


def _objective(problem, m, x, y, cells, occupied, size):
    w, grid = problem.weights, problem.grid
    terms = _region_terms(problem, x, cells)
    live = live_reference_cells(problem)
    for e in problem.evaluators:
        for c in e.reference & live:
            if (e.id, c) in y and w.changes:
                terms.append(w.changes * (1 - y[e.id, c]))
    if w.load and problem.evaluators:
        most = m.NewIntVar(0, len(cells), "most_sessions")
        for e in problem.evaluators:
            m.Add(sum(y[e.id, c] for c in cells) <= most)
        # Implied: every region's session needs ``size`` seats, shared by the whole pool.
        m.Add(most * len(problem.evaluators) >= size * len(problem.regions))
        terms.append(w.load * most)
    if w.stability:
        # A room's panel should stay the same through a day: count the evaluators who sit in a room on a day
        # beyond the ``size`` a single panel needs.
        for d in range(len(grid.days)):
            for r in range(len(grid.rooms)):
                day_cells = [(d, r, t) for t in range(len(grid.starts))]
                used = m.NewBoolVar("")
                for c in day_cells:
                    m.Add(occupied[c] <= used)
                sitting = []
                for e in problem.evaluators:
                    z = m.NewBoolVar("")
                    for c in day_cells:
                        m.AddImplication(y[e.id, c], z)
                    sitting.append(z)
                extra = m.NewIntVar(0, len(problem.evaluators), "")
                m.Add(extra >= sum(sitting) - size * used)
                terms.append(w.stability * extra)
    m.Minimize(sum(terms))


def _hint(problem: Problem, built: _Model):
    for reg in problem.regions:
        if reg.reference is not None and (reg.id, reg.reference) in built.x:
            built.model.AddHint(built.x[reg.id, reg.reference], 1)
    for e in problem.evaluators:
        keys = {
            (d, r, problem.grid.blocks[t]) if built.kind == "block" else (d, r, t) for d, r, t in e.reference
        }
        for key in sorted(keys):  # one hint per variable: a repeated hint makes the model invalid
            if (e.id, key) in built.y:
                built.model.AddHint(built.y[e.id, key], 1)


def _solution(problem: Problem, built: _Model, solver: cp_model.CpSolver) -> Solution:
    placements = {rid: c for (rid, c), var in built.x.items() if solver.BooleanValue(var)}
    panels = defaultdict(list)
    for (eid, key), var in built.y.items():
        if solver.BooleanValue(var):
            panels[key].append(eid)
    if built.kind == "block":
        # Every session gets its block's panel.
        blocks = problem.grid.blocks
        panels = {
            (d, r, t): panels[(d, r, blocks[t])]
            for d, r, t in placements.values()
            if panels.get((d, r, blocks[t]))
        }
    return _with_chairs(
        problem, Solution(placements=placements, panels={k: tuple(v) for k, v in panels.items()})
    )


def _with_chairs(problem: Problem, solution: Solution) -> Solution:
    """A chair for every session's panel: in a room, the chair stays while they stay on the panel; a new chair
    is the member who has chaired least so far (then by id), so chairing is shared."""
    chaired = defaultdict(int)
    chairs, previous = {}, {}
    for cell in sorted(solution.panels):
        members = solution.panels[cell]
        d, r, _t = cell
        chair = previous.get((d, r))
        if chair not in members:
            chair = min(members, key=lambda eid: (chaired[eid], eid))
            chaired[chair] += 1
        chairs[cell] = previous[(d, r)] = chair
    solution.chairs = chairs
    return solution


def panel_groups(solution: Solution) -> dict:
    """(day, room, members) -> the cells where that same panel sits: one Panel each when applied."""
    groups = defaultdict(list)
    for (d, r, t), members in sorted(solution.panels.items()):
        groups[(d, r, tuple(sorted(members)))].append((d, r, t))
    return groups


def breakdown(problem: Problem, solution: Solution) -> dict:
    """The objective's parts, counted from a solution (so a greedy one can be compared too)."""
    moved = sum(
        1
        for reg in problem.regions
        if reg.reference is not None
        and reg.id in solution.placements
        and solution.placements[reg.id] != reg.reference
    )
    live = live_reference_cells(problem)
    reassigned = sum(
        1
        for e in problem.evaluators
        for cell in e.reference & live
        if e.id not in solution.panels.get(cell, ())
    )
    missed = sum(
        1
        for reg in problem.regions
        if reg.preferred
        and reg.id in solution.placements
        and not problem.fits(reg.preferred, solution.placements[reg.id])
    )
    # Counted as the block model counts them (its objective's units): a sitting is a block of a room on a day
    # the evaluator sits in; a change is a member who differs between consecutive blocks of a room and day.
    blocks = problem.grid.blocks
    members_of = defaultdict(set)
    sessions = defaultdict(int)
    for (d, r, t), members in solution.panels.items():
        members_of[(d, r, blocks[t])].update(members)
        for eid in members:
            sessions[eid] += 1
    sittings = defaultdict(int)
    for members in members_of.values():
        for eid in members:
            sittings[eid] += 1
    changes = 0
    for (d, r, b), members in members_of.items():
        following = members_of.get((d, r, b + 1))
        if following:
            changes += len(members ^ following)
    ids = [e.id for e in problem.evaluators]
    return {
        "moved": moved,
        "reassigned": reassigned,
        "preferences_missed": missed,
        "most_sittings": max(sittings.values(), default=0),
        "fewest_sittings": min((sittings.get(eid, 0) for eid in ids), default=0),
        "most_sessions": max(sessions.values(), default=0),
        "fewest_sessions": min((sessions.get(eid, 0) for eid in ids), default=0),
        "panel_changes": changes,
        "sessions": len(solution.placements) + len(problem.fixed),
        "panels": len(panel_groups(solution)),
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


def _run(problem: Problem, kind: str, time_limit: float, workers: int, control: SolveControl, started: float):
    built = build_model(problem, kind)
    for lit in built.families.values():
        built.model.Add(lit == 1)
    _hint(problem, built)
    solver = _solver(time_limit, workers)
    solver.best_bound_callback = lambda bound: control.update(bound=int(bound))
    control._solver = solver
    callback = _Callback(control, started)
    code = solver.Solve(built.model, callback)
    if code == cp_model.MODEL_INVALID:  # a bug of ours, never a property of the event
        raise RuntimeError(f"invalid {kind} model: {built.model.Validate()}")
    return built, solver, STATUS.get(code, "unknown"), callback.count


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    control: SolveControl | None = None,
    explain: bool = True,
) -> SolveResult:
    """Solve ``problem``: first with one panel per room and block (fast, stable panels), then, if that finds no
    schedule, with a panel per session (only the rules). On proven infeasibility (and ``explain``), name the rule
    families in conflict. The second model gets what is left of ``time_limit``, and at least half of it."""
    control = control or SolveControl()
    started = time.monotonic()
    if not problem.regions:
        solution = Solution()
        return SolveResult("optimal", solution, 0, 0, 0.0, 0.0, 1, [], breakdown(problem, solution))
    found = 0
    for kind in ("block", "session"):
        if control.stopped:
            break
        limit = (
            time_limit if kind == "block" else max(time_limit - (time.monotonic() - started), time_limit / 2)
        )
        built, solver, status, count = _run(problem, kind, limit, workers, control, started)
        found += count
        if status in ("optimal", "feasible"):
            result = SolveResult(status, solutions_found=found)
            result.solution = _solution(problem, built, solver)
            result.objective = int(solver.ObjectiveValue())
            result.bound = int(solver.BestObjectiveBound())
            result.gap = (result.objective - result.bound) / max(1, abs(result.objective))
            result.breakdown = {**breakdown(problem, result.solution), "model": kind}
            result.wall_time = round(time.monotonic() - started, 3)
            return result
    result = SolveResult(status if not control.stopped else "unknown", solutions_found=found)
    if result.status == "infeasible" and explain:
        result.reasons = explain_infeasibility(problem, time_limit=max(5.0, time_limit / 2), control=control)
    elif result.status == "unknown" and explain and not control.stopped:
        # No schedule and no proof within the limit: a single worker with a stronger linear relaxation
        # often proves what the portfolio could not (pigeonhole-like clashes of conflicts and panels).
        reasons = explain_infeasibility(
            problem, time_limit=min(10.0, max(2.0, time_limit / 3)), control=control
        )
        if reasons:
            result.status, result.reasons = "infeasible", reasons
    result.wall_time = round(time.monotonic() - started, 3)
    return result


def _infeasible_with(
    problem: Problem, active: list[str], time_limit: float, control: SolveControl
) -> tuple[bool | None, list[str]]:
    """Whether the structure plus the ``active`` families is infeasible (None: not proven either way within
    ``time_limit``), and a core of them if it is."""
    if time_limit <= 0 or control.stopped:
        return None, []
    built = build_model(problem)
    for name, lit in built.families.items():
        if name not in active:
            built.model.Add(lit == 0)
    built.model.ClearObjective()
    built.model.AddAssumptions([built.families[name] for name in active])
    solver = _solver(time_limit, 1)  # cores of assumptions come from a single worker
    solver.parameters.linearization_level = 2
    control._solver = solver
    code = solver.Solve(built.model)
    if code == cp_model.INFEASIBLE:
        core_indices = set(solver.SufficientAssumptionsForInfeasibility())
        return True, [name for name in active if built.families[name].Index() in core_indices]
    return (False if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None), []


def explain_infeasibility(
    problem: Problem, *, time_limit: float = 10.0, control: SolveControl | None = None
) -> list[str]:
    """Names of the smallest set of rule families found that cannot hold together (deletion filter over the
    solver's core), all within ``time_limit`` seconds. With no family in conflict, the structure itself cannot
    hold: too few slots. Empty when infeasibility was not proven."""
    control = control or SolveControl()
    deadline = time.monotonic() + time_limit
    infeasible, core = _infeasible_with(problem, list(FAMILIES), time_limit, control)
    if not infeasible:
        return []
    for name in list(core):
        if name not in core:
            continue
        trial = [n for n in core if n != name]
        # A trial that runs out of time keeps the family: the answer stays true, only less small.
        still, smaller = _infeasible_with(problem, trial, deadline - time.monotonic(), control)
        if still:
            core = smaller or trial
    if not core:
        return [str(STRUCTURE)]
    return [str(FAMILIES[name]) for name in core]
