"""Automatic scheduling: CP-SAT against the first-fit greedy on seeded instances, and the repair scenario.

    DJANGO_DEBUG=1 .venv/bin/python bench/scheduling.py [--seed 2018] [--workers 2] [--only NAME] [--quick]

For each of "2018-like", "national" and "stress" (``kotacerdas.scheduling.instances``; the same seed gives
the same instance) runs the CP-SAT solver (time limits 5, 30 and 60 s; ``--quick`` 2, 5 and 10 s for a smoke
run) and the first-fit greedy on the same instance, and prints: status, wall time (the whole ``solve`` call,
model building included), objective, best bound, gap, hard-rule violations found by the independent validator
(a region left unplaced counts as one) and unplaced regions. The greedy's objective is the solver's objective
counted on its schedule (``solver.breakdown`` with the problem's weights), so the two can be compared; on an
incomplete schedule it leaves out the unplaced regions' costs.

Then "repair": the national instance solved, one region withdraws and one evaluator on a panel falls ill
(``instances.repair_scenario``); the new problem is solved with the repair objective (fewest changes from the
first schedule) and from scratch (no reference, no weight on changes), and the greedy runs on it too. Prints
the sessions moved against the first schedule (``instances.moved``), evaluators taken off panels they sat on,
and the violations.

No database: the instances are plain values; Django is set up only for the validator's messages.
``--only`` takes one of 2018-like, national, stress, repair.
"""

import argparse
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = ["2018-like", "national", "stress"]
LIMITS = {"2018-like": 5.0, "national": 30.0, "stress": 60.0}
QUICK_LIMITS = {"2018-like": 2.0, "national": 5.0, "stress": 10.0}
TARGETS = {
    "2018-like": "proven optimal in <= 5 s",
    "national": "within 1 % of the bound in <= 30 s",
    "stress": "a valid schedule in <= 60 s",
}


def set_up_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()


def describe(name: str, problem) -> str:
    grid = problem.grid
    per_day = len(grid.starts)
    facts = [
        ("regions", len(problem.regions)),
        ("days", f"{len(grid.days)} ({grid.days[0]:%d-%m-%Y} to {grid.days[-1]:%d-%m-%Y})"),
        ("rooms", len(grid.rooms)),
        ("slots a day", f"{per_day} of {grid.slot_minutes} min in {grid.n_blocks} blocks"),
        ("cells", len(grid.days) * len(grid.rooms) * per_day),
        ("evaluators", len(problem.evaluators)),
        ("min panel", problem.min_panel_size),
        ("conflicts", f"{len(problem.conflicts)} ({len({e for e, _r in problem.conflicts})} mentors)"),
        ("regions restricted", sum(1 for r in problem.regions if r.windows)),
        ("regions with a preference", sum(1 for r in problem.regions if r.preferred)),
        ("evaluators away part of the time", sum(1 for e in problem.evaluators if e.windows)),
        ("pinned sessions", len(problem.fixed)),
    ]
    return f"{name}: " + ", ".join(f"{label} {value}" for label, value in facts)


def recount(problem, solution) -> int | None:
    """The solver's objective counted on ``solution`` (for the greedy, and as a check on the solver)."""
    from kotacerdas.scheduling.solver import breakdown

    try:
        parts = breakdown(problem, solution)
        w = problem.weights
        return (
            w.changes * (parts["moved"] + parts["reassigned"])
            + w.preferences * parts["preferences_missed"]
            + w.load * parts["most_sittings"]
            + w.stability * parts["panel_changes"]
        )
    except KeyError:  # the breakdown's parts were renamed: no comparable figure
        return None


def summary(problem, solution) -> dict:
    from kotacerdas.scheduling.validate import violations

    found = violations(problem, solution)
    rules = Counter(v.rule for v in found)
    return {
        "violations": len(found),
        "rules": ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) or "-",
        "unplaced": sum(1 for r in problem.regions if r.id not in solution.placements),
    }


def run_solver(problem, *, limit: float, workers: int) -> tuple[dict, object]:
    from kotacerdas.scheduling.solver import solve

    started = time.perf_counter()
    result = solve(problem, time_limit=limit, workers=workers)
    wall = time.perf_counter() - started
    row = {
        "method": f"CP-SAT ({limit:g} s, {workers} w)",
        "status": result.status,
        "wall": wall,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "solutions": result.solutions_found,
    }
    if result.solution is not None:
        row |= summary(problem, result.solution)
        counted = recount(problem, result.solution)
        if counted is not None and counted != result.objective:
            row["note"] = f"objective recounted from the schedule: {counted}"
    else:
        row |= {"violations": None, "rules": "; ".join(result.reasons) or "-", "unplaced": None}
    return row, result


def run_greedy(problem) -> tuple[dict, object]:
    from kotacerdas.scheduling.greedy import first_fit

    started = time.perf_counter()
    solution = first_fit(problem)
    wall = time.perf_counter() - started
    row = {
        "method": "first-fit greedy",
        "status": "incomplete" if solution.unplaced else "complete",
        "wall": wall,
        "objective": recount(problem, solution),
        "bound": None,
        "gap": None,
        "solutions": 1,
    }
    row |= summary(problem, solution)
    return row, solution


def fmt(value, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec)


COLUMNS = [
    ("instance", "<", lambda r: r["instance"]),
    ("method", "<", lambda r: r["method"]),
    ("status", "<", lambda r: r["status"]),
    ("wall s", ">", lambda r: fmt(r["wall"], ".2f")),
    ("objective", ">", lambda r: fmt(r["objective"])),
    ("bound", ">", lambda r: fmt(r["bound"])),
    ("gap %", ">", lambda r: fmt(None if r["gap"] is None else 100 * r["gap"], ".2f")),
    ("solutions", ">", lambda r: fmt(r["solutions"])),
    ("violations", ">", lambda r: fmt(r["violations"])),
    ("unplaced", ">", lambda r: fmt(r["unplaced"])),
    ("violated rules", "<", lambda r: r["rules"]),
]
REPAIR_COLUMNS = [
    ("method", "<", lambda r: r["method"]),
    ("status", "<", lambda r: r["status"]),
    ("wall s", ">", lambda r: fmt(r["wall"], ".2f")),
    ("objective", ">", lambda r: fmt(r["objective"])),
    ("bound", ">", lambda r: fmt(r["bound"])),
    ("gap %", ">", lambda r: fmt(None if r["gap"] is None else 100 * r["gap"], ".2f")),
    ("moved", ">", lambda r: fmt(r.get("moved"))),
    ("evaluators off", ">", lambda r: fmt(r.get("reassigned"))),
    ("violations", ">", lambda r: fmt(r["violations"])),
    ("unplaced", ">", lambda r: fmt(r["unplaced"])),
    ("violated rules", "<", lambda r: r["rules"]),
]


def table(rows: list[dict], columns) -> str:
    cells = [[get(r) for _h, _a, get in columns] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, (h, _a, _g) in enumerate(columns)]
    lines = ["  ".join(format(h, f"{a}{w}") for (h, a, _g), w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for c in cells:
        lines.append(
            "  ".join(
                format(v, f"{a}{w}") for v, (_h, a, _g), w in zip(c, columns, widths, strict=True)
            ).rstrip()
        )
    return "\n".join(lines)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def verdict(name: str, row: dict, limit: float) -> str:
    valid = row["violations"] == 0
    met = {
        "2018-like": row["status"] == "optimal" and row["wall"] <= 5.0,
        "national": valid and row["gap"] is not None and row["gap"] <= 0.01 and row["wall"] <= 30.0,
        "stress": valid and row["status"] in ("optimal", "feasible") and row["wall"] <= 60.0,
    }[name]
    note = (
        "" if limit == LIMITS[name] else f" (time limit {limit:g} s, not the benchmark's {LIMITS[name]:g} s)"
    )
    return f"{name}: target {TARGETS[name]}: {'met' if met else 'NOT met'}{note}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2018, help="instance seed (default 2018)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--only", choices=[*INSTANCES, "repair"], help="run one instance, or only the repair")
    parser.add_argument("--quick", action="store_true", help="short time limits, for a smoke run")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    set_up_django()

    import ortools

    from kotacerdas.scheduling import instances

    limits = QUICK_LIMITS if args.quick else LIMITS
    print(
        f"Scheduling benchmark, seed {args.seed}, {args.workers} CP-SAT workers, "
        f"{'quick' if args.quick else 'full'} time limits; Python {platform.python_version()}, "
        f"OR-Tools {ortools.__version__}, {os.cpu_count()} CPUs ({platform.processor() or platform.machine()})"
    )
    print()

    rows, verdicts, solved = [], [], {}
    names = INSTANCES if args.only is None else [n for n in INSTANCES if n == args.only]
    for name in names:
        problem = instances.generate(name, seed=args.seed)
        print(describe(name, problem))
        progress(f"solving {name} with CP-SAT ({limits[name]:g} s) ...")
        row, result = run_solver(problem, limit=limits[name], workers=args.workers)
        rows.append({"instance": name, **row})
        verdicts.append(verdict(name, row, limits[name]))
        solved[name] = (problem, result)
        progress(f"greedy on {name} ...")
        row, _solution = run_greedy(problem)
        rows.append({"instance": name, **row})
    if rows:
        print()
        print(table(rows, COLUMNS))
        notes = [f"{r['instance']} {r['method']}: {r['note']}" for r in rows if r.get("note")]
        if notes:
            print("Check: " + "; ".join(notes))
        print()
        for line in verdicts:
            print(line)

    if args.only in (None, "repair"):
        if rows:
            print()
        repair(instances, seed=args.seed, limit=limits["national"], workers=args.workers, solved=solved)


def repair(instances, *, seed: int, limit: float, workers: int, solved: dict) -> None:
    from kotacerdas.scheduling.solver import breakdown

    if "national" in solved:
        problem, first = solved["national"]
    else:
        problem = instances.generate("national", seed=seed)
        progress(f"solving national with CP-SAT ({limit:g} s) for the repair ...")
        _row, first = run_solver(problem, limit=limit, workers=workers)
    if first.solution is None:
        print(f"repair: the national instance was not solved ({first.status}); nothing to repair")
        return
    repaired = instances.repair_scenario(problem, first.solution, seed=seed)
    withdrawn = sorted({r.name for r in problem.regions} - {r.name for r in repaired.regions})
    ill = sorted({e.name for e in problem.evaluators} - {e.name for e in repaired.evaluators})
    ill_panels = sum(
        1
        for members in first.solution.panels.values()
        for e in members
        if e not in {x.id for x in repaired.evaluators}
    )
    print(
        f"repair: national (seed {seed}, first solve {first.status}, objective {fmt(first.objective)}); "
        f"{', '.join(withdrawn)} withdraws, {', '.join(ill)} falls ill (sat on {ill_panels} panels); "
        f"{len(repaired.regions)} regions and {len(repaired.evaluators)} evaluators left"
    )

    rows = []
    progress(f"repair: solving with the reference ({limit:g} s) ...")
    row, result = run_solver(repaired, limit=limit, workers=workers)
    rows.append(_repair_row("CP-SAT, repair objective", row, repaired, result.solution, instances, breakdown))
    fresh = instances.without_reference(repaired)
    progress(f"repair: solving from scratch ({limit:g} s) ...")
    row, result = run_solver(fresh, limit=limit, workers=workers)
    rows.append(_repair_row("CP-SAT, from scratch", row, repaired, result.solution, instances, breakdown))
    row, solution = run_greedy(fresh)
    rows.append(_repair_row("first-fit greedy", row, repaired, solution, instances, breakdown))
    print()
    print(table(rows, REPAIR_COLUMNS))
    print(
        "moved: sessions of the remaining regions on another day, room or slot than in the first schedule; "
        "evaluators off: seats (evaluator, panel) of the first schedule no longer taken; objective, bound and "
        "gap are each run's own (from scratch: no weight on changes)"
    )


def _repair_row(method: str, row: dict, repaired, solution, instances, breakdown) -> dict:
    if row["method"].startswith("CP-SAT"):
        method += row["method"].removeprefix("CP-SAT")  # keep the time limit and workers
    row = dict(row, method=method)
    if solution is not None:
        row["moved"] = instances.moved(repaired, solution)
        row["reassigned"] = breakdown(repaired, solution).get("reassigned")
        row |= summary(repaired, solution)
    return row


if __name__ == "__main__":
    main()
