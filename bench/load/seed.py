"""National-scale data for the load benchmark, in the database DATABASE_URL names (PostgreSQL in practice).

    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/kotacerdas_load .venv/bin/python bench/load/seed.py

As a script it migrates the (freshly created, empty) database, seeds it and prints one line of JSON: the dict
``seed()`` returns. As a module: set up Django (``set_up_django()``), migrate, then call ``seed()``.

What it makes:

- the dashboards bench's world (``bench/dashboards.py``: ``World().grow(150)``): the real 514 kabupaten/kota and
  the current framework, 150 participations over seven cohorts with published masterplans of 12 programmes,
  progress reports, 100 tracked indicators × 5 years of verified values (75,000) and published index rounds;
- the default rubrics (``load_default_rubrics``);
- one evaluation event in progress on the newest cohort: 2 days × 5 rooms, 30-minute slots around a lunch break,
  one panel of three evaluators (one chair) per room and day, one session per participation (all 150: the
  event stands for the whole programme, so it also has participants of earlier cohorts, which the event forms
  would not offer), and score sheets on both rubrics: day 1 all submitted, day 2 partly submitted, partly in
  draft (with some criteria left empty) and the last sessions not started; some evaluators score far from their
  panel so the board flags outliers. The schedule breaks no hard rule (``evaluations.validation``);
- a secretariat user (password ``SECRETARIAT_PASSWORD``) and a logged-in database session for it, made as
  ``django.test.Client.force_login`` makes one, so a load generator sends ``Cookie: sessionid=<key>``.

The session is signed with DJANGO_SECRET_KEY (and its auth hash is an HMAC of it): the servers must run with the
same secret key as the seed, or the cookie is an anonymous visitor's.
"""

import datetime
import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = 150
DAYS = [datetime.date(2024, 12, 10), datetime.date(2024, 12, 11)]
ROOMS = 5
SLOT_MINUTES = 30
DAY_STARTS, DAY_ENDS = datetime.time(8, 0), datetime.time(17, 0)
BREAK = (datetime.time(12, 0), datetime.time(13, 0))
PANEL_SIZE = 3
EVALUATORS = 20  # a pool: each day takes 5 panels × 3 distinct evaluators from it
SECRETARIAT_EMAIL = "sekretariat@load.kotacerdas.id"
SECRETARIAT_PASSWORD = "beban-kotacerdas-2026"  # a throwaway benchmark database only


def set_up_django() -> None:
    """Django with the project's settings, which read DATABASE_URL; refuses to fall back to the dev database."""
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL is required (the database to seed).")
    for path in (ROOT, ROOT / "bench"):  # the project, and bench/ for ``dashboards``
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _slot_times() -> list[tuple[datetime.time, datetime.time]]:
    """(starts, ends) of every slot of a day: the event's hours cut into SLOT_MINUTES, skipping the break."""
    slots, day = [], datetime.date(2000, 1, 1)
    start = datetime.datetime.combine(day, DAY_STARTS)
    while True:
        end = start + datetime.timedelta(minutes=SLOT_MINUTES)
        if end.time() > DAY_ENDS or end.date() != day:
            return slots
        if start.time() < BREAK[1] and BREAK[0] < end.time():
            start = datetime.datetime.combine(day, BREAK[1])
            continue
        slots.append((start.time(), end.time()))
        start = end


def _secretariat():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend

    from kotacerdas.accounts.models import User

    user = User.objects.create_user(
        SECRETARIAT_EMAIL,
        SECRETARIAT_PASSWORD,
        full_name="Sekretariat Uji Beban",
        position="Sekretariat Gerakan Menuju Smart City",
        is_secretariat=True,
        is_staff=True,
    )
    # As Client.force_login: the first backend that can load a user (axes' backend only guards logins).
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return user, session.session_key


def _event(world, masterplan_rubric, quick_win_rubric):
    """The evaluation event with its days, break, rooms, panels, sessions, sheets and scores."""
    from django.contrib.auth.hashers import make_password

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluations.models import (
        Break,
        EvaluationEvent,
        EventDay,
        Panel,
        PanelMember,
        Presents,
        Room,
        Score,
        ScoreSheet,
        Session,
        SheetStatus,
    )

    event = EvaluationEvent.objects.create(
        cohort=world.cohorts[-1],
        name="Evaluasi Masterplan Nasional (uji beban)",
        venue="ICE BSD",
        address="Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang",
        slot_minutes=SLOT_MINUTES,
        day_starts=DAY_STARTS,
        day_ends=DAY_ENDS,
        min_panel_size=PANEL_SIZE,
        masterplan_rubric=masterplan_rubric,
        quick_win_rubric=quick_win_rubric,
    )
    days = EventDay.objects.bulk_create(EventDay(event=event, date=d) for d in DAYS)
    Break.objects.create(event=event, label="Ishoma", starts=BREAK[0], ends=BREAK[1])
    rooms = Room.objects.bulk_create(
        Room(event=event, name=f"Nusantara {chr(ord('A') + r)}", capacity=60, order=r + 1)
        for r in range(ROOMS)
    )
    password = make_password(SECRETARIAT_PASSWORD)  # one hash for all: Argon2 is slow on purpose
    evaluators = User.objects.bulk_create(
        User(
            email=f"evaluator{n:02d}@load.kotacerdas.id",
            full_name=f"Evaluator Uji {n:02d}",
            position="Evaluator",
            is_evaluator=True,
            password=password,
        )
        for n in range(1, EVALUATORS + 1)
    )
    # Panel of room r on day d: evaluators (5d + 3r + k) mod 20, k < 3 — distinct within a day.
    panels = {}
    for d, day in enumerate(days):
        for r, room in enumerate(rooms):
            panels[d, r] = Panel(event=event, name=f"Panel {d + 1}.{r + 1}", room=room, day=day)
    Panel.objects.bulk_create(panels.values())
    members = {
        key: [evaluators[(5 * key[0] + PANEL_SIZE * key[1] + k) % EVALUATORS] for k in range(PANEL_SIZE)]
        for key in panels
    }
    PanelMember.objects.bulk_create(
        PanelMember(panel=panels[key], evaluator=user, is_chair=k == 0)
        for key, users in members.items()
        for k, user in enumerate(users)
    )

    slots = _slot_times()
    per_day = -(-len(world.participants) // len(days))
    if per_day > ROOMS * len(slots):
        raise RuntimeError(f"{len(world.participants)} sessions do not fit {len(days)} days × {ROOMS} rooms")
    placed = []  # (session, day index, slot index, panel key)
    for i, participation in enumerate(world.participants):
        d, j = divmod(i, per_day)
        r, s = j % ROOMS, j // ROOMS
        starts, ends = slots[s]
        session = Session(
            event=event,
            participation=participation,
            day=days[d],
            room=rooms[r],
            starts=starts,
            ends=ends,
            panel=panels[d, r],
            presenter_name="Kepala Bappeda",
            presenter_position=f"Mewakili kepala daerah {participation.region.name}",
            presents=Presents.BOTH,
        )
        placed.append((session, d, s, (d, r)))
    Session.objects.bulk_create(p[0] for p in placed)

    # Day 1 is scored; day 2 is in progress: its first ten slots scored (a quarter of the sessions with the
    # third evaluator still in draft), the next three half done, the last ones not started.
    rubrics = [
        (rubric, list(rubric.criteria.order_by("order", "pk")))
        for rubric in (masterplan_rubric, quick_win_rubric)
    ]
    sheets, planned_scores = [], []
    for n, (session, d, s, key) in enumerate(placed):
        quality = 2 + n * 7 % 4  # the region's level, 2–5
        for m, evaluator in enumerate(members[key]):
            if d == 0 or s < 10:
                status = SheetStatus.DRAFT if d == 1 and m == 2 and n % 4 == 0 else SheetStatus.SUBMITTED
            elif s < 13:
                status = {0: SheetStatus.SUBMITTED, 1: SheetStatus.DRAFT}.get(m)
            else:
                status = None
            if status is None:
                continue
            outlier = m == 2 and n % 7 == 3  # far from the panel's median: the board flags it
            for rubric, criteria in rubrics:
                ended = datetime.datetime.combine(DAYS[d], session.ends, tzinfo=event.tzinfo)
                sheet = ScoreSheet(
                    session=session,
                    evaluator=evaluator,
                    rubric=rubric,
                    status=status,
                    submitted_at=ended + datetime.timedelta(minutes=10 + 5 * m)
                    if status == SheetStatus.SUBMITTED
                    else None,
                    general_comment="Dokumen lengkap; indikator perlu dipertajam."
                    if status == SheetStatus.SUBMITTED and m == 0
                    else "",
                )
                sheets.append(sheet)
                for c, criterion in enumerate(criteria):
                    if status == SheetStatus.DRAFT and c >= 2:
                        break  # a draft: the first criteria only
                    if criterion.allow_na and (n + m) % 5 == 0:
                        planned_scores.append((sheet, criterion, None, True))
                        continue
                    if outlier:
                        level = criterion.scale_min if quality >= 4 else criterion.scale_max
                    else:
                        level = quality + (c + m + n) % 3 - 1
                    value = max(criterion.scale_min, min(criterion.scale_max, level))
                    planned_scores.append((sheet, criterion, value, False))
    ScoreSheet.objects.bulk_create(sheets, batch_size=2000)
    Score.objects.bulk_create(
        (
            Score(sheet=sheet, criterion=criterion, value=value, is_na=na)
            for sheet, criterion, value, na in planned_scores
        ),
        batch_size=5000,
    )
    return event, len(placed), len(sheets)


def seed() -> dict:
    """Seed the empty database Django is connected to (migrated already); the figures a load run needs."""
    from dashboards import World
    from django.db import transaction
    from django.urls import reverse

    from kotacerdas.accounts.models import User
    from kotacerdas.evaluations.models import EvaluationKind
    from kotacerdas.evaluations.seed import load_default_rubrics
    from kotacerdas.monitoring.models import IndicatorValue
    from kotacerdas.regions.models import Region

    if Region.objects.exists() or User.objects.exists():
        raise RuntimeError("The database is not empty: seed a freshly created one.")
    start = time.perf_counter()
    with transaction.atomic():
        world = World()
        world.grow(PARTICIPANTS)
        rubrics = {r.kind: r for r in load_default_rubrics()}
        event, sessions, sheets = _event(
            world, rubrics[EvaluationKind.MASTERPLAN], rubrics[EvaluationKind.QUICK_WIN]
        )
        _user, session_key = _secretariat()
    first = world.participants[0]
    # The pages a load run asks for must exist: reversing them checks the names and arguments.
    reverse("evaluations:scoring_board", args=[event.pk])
    reverse("masterplans:overview", args=[first.masterplan.pk])
    return {
        "session_cookie": session_key,
        "event_id": event.pk,
        "region_code": first.region.code,
        "masterplan_id": first.masterplan.pk,
        "participations": len(world.participants),
        "values": IndicatorValue.objects.count(),
        "sessions": sessions,
        "score_sheets": sheets,
        "secretariat_email": SECRETARIAT_EMAIL,
        "seconds": round(time.perf_counter() - start, 1),
    }


def main() -> int:
    set_up_django()
    from django.conf import settings

    settings.DEBUG = False  # DJANGO_DEBUG=1 only spares a secret key; no query log for 75,000 rows
    migrate()
    print(json.dumps(seed()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
