"""The schedule grid: drawing it and validating one move, at 12 and 150 sessions; then "Lengkapi jadwal"
(completing the schedule) after pinning 20 sessions of a 514-region instance.

    DJANGO_DEBUG=1 .venv/bin/python bench/schedule_grid.py [--only grid|complete] [--db PATH] [--repeat 7]
                                                            [--time-limit 60] [--workers 2]

grid: a throwaway SQLite database (default /tmp/kotacerdas-bench/grid.sqlite3; the dev database is untouched)
with an evaluation event of 2 days, 5 rooms and 30-minute slots (16 a day, so 160 cells), one panel of three per
room and day, and first 12 then 150 sessions. Through Django's test client, as the secretariat: the grid page
(GET) and one move to a free slot of the same room (POST, which validates the whole schedule and saves), each
timed over ``--repeat`` requests (median, in this process: the server's time) with its query count. The query
counts must be equal at 12 and 150 sessions.

complete: no database. The instance of 514 regions over 5 days in 12 rooms (45-minute slots, 100 evaluators;
``kotacerdas.scheduling.instances``, seed 2018) with its planted schedule as the current one; 20 of its sessions
are pinned where they are and 10 regions are taken out of the schedule, as if they registered late. The problem
"Lengkapi jadwal" solves (``services.EventProblem(complete=True)`` does the same on an event: the current
schedule as reference, every change weighted ``COMPLETE_CHANGE_FACTOR`` times) against the same problem with
the event's ordinary weights: status, wall time, gap to the bound, the late regions placed, and sessions moved
against the current schedule (``instances.moved``).
"""

import argparse
import dataclasses
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("/tmp/kotacerdas-bench/grid.sqlite3")
T = datetime.time


def set_up_django(db: Path | None) -> None:
    sys.path.insert(0, str(ROOT))
    if db is not None:
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    if db is not None:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def build_event(n_sessions: int, tag: str):
    """An event of 2 days × 5 rooms × 16 half-hour slots with ``n_sessions`` sessions, filled room by room."""
    from kotacerdas.accounts.models import User
    from kotacerdas.evaluations.models import (
        Break,
        EvaluationEvent,
        EventDay,
        Panel,
        PanelMember,
        Room,
        Session,
    )
    from kotacerdas.framework.models import FrameworkVersion
    from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
    from kotacerdas.regions.models import Province, Region

    province = Province.objects.create(code=tag, name=f"Provinsi Bench {tag}", timezone="Asia/Jakarta")
    framework = FrameworkVersion.objects.create(code=f"bench-{tag}", title="Kerangka bench")
    programme = Programme.objects.create(name=f"Gerakan Menuju Smart City {tag}")
    cohort = Cohort.objects.create(
        programme=programme,
        year=2026,
        name=f"Angkatan {tag}",
        target_size=n_sessions,
        framework_version=framework,
    )
    event = EvaluationEvent.objects.create(
        cohort=cohort,
        name=f"Evaluasi {tag}",
        venue="Jakarta",
        slot_minutes=30,
        day_starts=T(8),
        day_ends=T(17),
    )
    Break.objects.create(event=event, label="Ishoma", starts=T(12), ends=T(12, 30))
    days = [EventDay.objects.create(event=event, date=datetime.date(2026, 12, d)) for d in (15, 16)]
    rooms = [Room.objects.create(event=event, name=f"Ruang {c}", order=i) for i, c in enumerate("ABCDE")]
    evaluators = [
        User.objects.create(
            email=f"e{i}-{tag}@bench.test", full_name=f"Evaluator {tag}-{i:02d}", is_evaluator=True
        )
        for i in range(15)
    ]
    panels = {}
    for day in days:
        for r, room in enumerate(rooms):
            panel = Panel.objects.create(
                event=event, name=f"Panel {room.name} {day.date:%d}", room=room, day=day
            )
            for k, e in enumerate(evaluators[3 * r : 3 * r + 3]):
                PanelMember.objects.create(panel=panel, evaluator=e, is_chair=k == 0)
            panels[day.pk, room.pk] = panel
    slots = [
        (datetime.datetime(2026, 1, 1, 8) + datetime.timedelta(minutes=30 * k)).time() for k in range(8)
    ] + [
        (datetime.datetime(2026, 1, 1, 12, 30) + datetime.timedelta(minutes=30 * k)).time() for k in range(9)
    ]
    slots = slots[:16]
    cells = [(day, room, s) for day in days for room in rooms for s in slots]
    for i in range(n_sessions):
        region = Region.objects.create(
            code=f"{tag}.{i + 1:03d}",
            name=f"Kabupaten Bench {tag}-{i + 1}",
            kind="kabupaten",
            province=province,
        )
        participation = Participation.objects.create(
            cohort=cohort, region=region, status=ParticipationStatus.SELECTED
        )
        day, room, starts = cells[i]
        ends = (datetime.datetime.combine(day.date, starts) + datetime.timedelta(minutes=30)).time()
        Session.objects.create(
            event=event, participation=participation, day=day, room=room, starts=starts, ends=ends,
            panel=panels[day.pk, room.pk],
        )  # fmt: skip
    return event


def _timed(call, repeat: int, prepare=lambda: None) -> tuple[float, int]:
    """Median milliseconds and the query count of ``call(prepare())`` over ``repeat`` calls (prepare untimed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries = [], 0
    for _ in range(repeat):
        prepared = prepare()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call(prepared)
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(seconds) * 1000, queries


def _measure(client, event, repeat: int) -> tuple[float, int, float, int, int]:
    """The grid page and one move (to a free slot of the same room, then back: each one a move) of ``event``."""
    from django.urls import reverse

    from kotacerdas.core.models import AuditEntry
    from kotacerdas.scheduling import grid as grids

    url = reverse("scheduling:grid", args=[event.pk])
    assert client.get(url).status_code == 200  # warm-up: templates, translations
    page_ms, page_queries = _timed(lambda _none: client.get(url), repeat)
    session = event.sessions.order_by("-day__date", "-room__order", "-starts").first()
    drawn = grids.schedule_grid(event)
    day, free = next(
        (d.day, c)
        for d in drawn.days
        if d.day.pk == session.day_id
        for row in d.rows
        if not row.break_label
        for c in row.cells
        if c.room_id == session.room_id and not c.cards
    )
    places = [
        f"{day.pk}|{free.room_id}|{free.starts:%H:%M}",
        f"{session.day_id}|{session.room_id}|{session.starts:%H:%M}",
    ]
    moves_before = AuditEntry.objects.filter(action="scheduling.session_moved").count()
    count = iter(range(10**6))

    def prepare():
        return {"session": session.pk, "token": grids.schedule_token(event), "cell": places[next(count) % 2]}

    def move(data):
        assert client.post(reverse("scheduling:grid_move", args=[event.pk]), data).status_code == 302

    move_ms, move_queries = _timed(move, repeat, prepare)
    saved = AuditEntry.objects.filter(action="scheduling.session_moved").count() - moves_before
    return page_ms, page_queries, move_ms, move_queries, saved


def bench_grid(repeat: int) -> None:
    from django.test import Client

    from kotacerdas.accounts.models import User

    secretariat = User.objects.create(
        email="sekretariat@bench.test", full_name="Sekretariat", is_secretariat=True
    )
    client = Client()
    client.force_login(secretariat)
    print("grid: 2 days, 5 rooms, 30-minute slots (160 cells), panels of 3 per room and day")
    print(f"{'sessions':>8}  {'grid page ms':>12}  {'queries':>7}  {'move ms':>8}  {'queries':>7}")
    rows = []
    for n, tag in ((12, "91"), (150, "92")):
        event = build_event(n, tag)
        page_ms, page_queries, move_ms, move_queries, saved = _measure(client, event, repeat)
        assert saved == repeat, f"only {saved} of {repeat} moves were saved"
        rows.append((n, page_queries, move_queries))
        print(f"{n:>8}  {page_ms:>12.1f}  {page_queries:>7}  {move_ms:>8.1f}  {move_queries:>7}")
    same = rows[0][1:] == rows[1][1:]
    print(f"queries equal at 12 and 150 sessions: {'yes' if same else 'NO'}")


def bench_complete(time_limit: float, workers: int) -> None:
    sys.path.insert(0, str(ROOT))
    from kotacerdas.scheduling import instances
    from kotacerdas.scheduling.problem import FixedSession
    from kotacerdas.scheduling.services import COMPLETE_CHANGE_FACTOR
    from kotacerdas.scheduling.solver import solve
    from kotacerdas.scheduling.validate import violations

    spec = instances.Spec(regions=514, days=5, rooms=12, evaluators=100)
    problem, current = instances.planted(spec)
    placed = sorted(current.placements)
    late = set(placed[5::50][:10])  # 10 regions taken out: they registered late
    pinned = set(placed[3::25][:20]) - late  # 20 sessions pinned where they are
    assert len(late) == 10 and len(pinned) == 20
    schedule = dataclasses.replace(
        current, placements={r: c for r, c in current.placements.items() if r not in late}
    )
    referenced = instances.with_reference(problem, schedule)
    grid = problem.grid
    fixed = []
    for rid in sorted(pinned):
        d, r, t = current.placements[rid]
        members = current.panels.get((d, r, t), ())
        fixed.append(
            FixedSession(
                id=rid, name=f"pinned {rid}", day=d, room=r, starts=grid.starts[t], ends=grid.ends(t),
                evaluators=frozenset(members), chair=current.chairs.get((d, r, t)), panel=f"pinned {d}-{r}-{t}",
            )
        )  # fmt: skip
    base = dataclasses.replace(
        referenced, regions=[reg for reg in referenced.regions if reg.id not in pinned], fixed=fixed
    )
    complete = dataclasses.replace(
        base,
        weights=dataclasses.replace(
            base.weights, changes=max(1, base.weights.changes) * COMPLETE_CHANGE_FACTOR
        ),
    )
    print(
        f"complete: 514 regions, 5 days, 12 rooms, 100 evaluators; 20 pinned, 10 late; time limit {time_limit:g} s, "
        f"{workers} workers"
    )
    print(
        f"{'weights':<22} {'status':<9} {'seconds':>7} {'gap':>6} {'late placed':>11} {'moved':>5} {'broken':>6}"
    )
    for label, chosen in (("complete (changes x100)", complete), ("ordinary weights", base)):
        started = time.monotonic()
        result = solve(chosen, time_limit=time_limit, workers=workers)
        seconds = time.monotonic() - started
        solution = result.solution
        if solution is None:
            print(f"{label:<22} {result.status:<9} {seconds:>7.1f}  no schedule")
            continue
        gap = "—" if result.gap is None else f"{result.gap * 100:.2f}%"
        late_placed = sum(1 for r in late if r in solution.placements)
        moved = instances.moved(schedule, solution)
        broken = len(violations(chosen, solution))
        print(
            f"{label:<22} {result.status:<9} {seconds:>7.1f} {gap:>6} {late_placed:>11} {moved:>5} {broken:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["grid", "complete"])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    set_up_django(args.db if args.only != "complete" else None)
    if args.only in (None, "grid"):
        bench_grid(args.repeat)
    if args.only in (None, "complete"):
        bench_complete(args.time_limit, args.workers)


if __name__ == "__main__":
    main()
