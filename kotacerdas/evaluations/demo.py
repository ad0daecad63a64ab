"""Demo evaluation: the national masterplan evaluation of 12–13 December 2018 at ICE BSD.

Real (docs/domain.md §7): the venue, the two days, Pemalang on day 2 in Nusantara A at 14:45–15:30 WIB, presented by
the head of Dinas Kominfo on behalf of the Bupati. Everything else (other rooms, panels, evaluators, the other
regions' slots, all scores) is invented and marked as demo data. The sessions' regions are 2018 members that public
sources name (programmes/data/cohorts.csv): Kota Manado on day 1 and Kota Padang on day 2, as the sources say.
"""

import datetime

from django.db import transaction

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.models import (
    AwardCategory,
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
from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.programmes.demo import DEMO_PASSWORD
from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus
from kotacerdas.regions.models import Region

# 2018 members of cohorts.csv that load_demo creates; never a region the sources name for another cohort.
EXTRA_2018 = ["32.04", "32.77", "71.71", "13.71", "33.72", "51.71", "63.71", "12.71"]
EVALUATORS = [
    ("evaluator@demo.kotacerdas.id", "Ratna Kusumawati"),
    ("evaluator2@demo.kotacerdas.id", "Hendra Gunawan"),
    ("evaluator3@demo.kotacerdas.id", "Yuliana Siregar"),
    ("evaluator4@demo.kotacerdas.id", "Made Wiradana"),
    ("evaluator5@demo.kotacerdas.id", "Fajar Nugroho"),
    ("evaluator6@demo.kotacerdas.id", "Intan Permatasari"),
]
T = datetime.time
# Invented quality level (1–5) of each demo session's region, in the order of the plan below.
QUALITY = [4, 3, 5, 2, 4, 3, 5, 3, 4, 2, 4, 3]


def demo_evaluators(people: list[tuple[str, str]]) -> list[User]:
    """The demo evaluators with these (e-mail, name) pairs, created with the demo password when missing."""
    evaluators = []
    for email, name in people:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"full_name": name, "position": "Evaluator", "is_evaluator": True, "is_demo": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        evaluators.append(user)
    return evaluators


@transaction.atomic
def load_demo_event() -> EvaluationEvent | None:
    cohort = Cohort.objects.filter(year=2018).first()
    if cohort is None:
        return None
    existing = EvaluationEvent.objects.filter(cohort=cohort).first()
    if existing:
        return existing
    masterplan_rubric, quick_win_rubric, *_others = load_default_rubrics()
    evaluators = demo_evaluators(EVALUATORS)
    for code in EXTRA_2018:
        Participation.objects.get_or_create(
            cohort=cohort,
            region=Region.objects.get(code=code),
            defaults={"status": ParticipationStatus.EVALUATED, "is_demo": True},
        )
    event = EvaluationEvent.objects.create(
        cohort=cohort,
        name="Evaluasi Masterplan Gerakan Menuju 100 Smart City 2018",
        venue="ICE BSD",
        address="Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang",
        slot_minutes=45,
        day_starts=T(8, 0),
        day_ends=T(17, 0),
        min_panel_size=3,
        masterplan_rubric=masterplan_rubric,
        quick_win_rubric=quick_win_rubric,
        is_demo=True,
    )
    AwardCategory.objects.create(event=event, name="Masterplan terbaik", kind="masterplan", places=3)
    AwardCategory.objects.create(event=event, name="Quick win terbaik", kind="quick_win", places=3)
    day1 = EventDay.objects.create(event=event, date=datetime.date(2018, 12, 12))
    day2 = EventDay.objects.create(event=event, date=datetime.date(2018, 12, 13))
    Break.objects.create(event=event, label="Ishoma", starts=T(12, 0), ends=T(13, 0))
    room_a = Room.objects.create(event=event, name="Nusantara A", capacity=80, order=1)
    room_b = Room.objects.create(event=event, name="Nusantara B", capacity=80, order=2)
    panel_a = Panel.objects.create(event=event, name="Panel 1", room=room_a)
    panel_b = Panel.objects.create(event=event, name="Panel 2", room=room_b)
    for panel, members in ((panel_a, evaluators[:3]), (panel_b, evaluators[3:])):
        for i, user in enumerate(members):
            PanelMember.objects.create(panel=panel, evaluator=user, is_chair=i == 0)
    participations = {
        p.region.code: p for p in Participation.objects.filter(cohort=cohort).select_related("region")
    }
    # (region code, day, room, panel, start): Pemalang's slot is the real one.
    plan = [
        ("33.75", day1, room_a, panel_a, T(9, 0)),
        ("35.23", day1, room_b, panel_b, T(9, 0)),
        ("12.73", day1, room_a, panel_a, T(9, 45)),
        ("32.04", day1, room_b, panel_b, T(9, 45)),
        ("32.77", day1, room_a, panel_a, T(10, 30)),
        ("71.71", day1, room_b, panel_b, T(10, 30)),
        ("13.71", day2, room_a, panel_a, T(13, 15)),
        ("33.72", day2, room_b, panel_b, T(13, 15)),
        ("51.71", day2, room_a, panel_a, T(14, 0)),
        ("63.71", day2, room_b, panel_b, T(14, 0)),
        ("33.27", day2, room_a, panel_a, T(14, 45)),
        ("12.71", day2, room_b, panel_b, T(14, 45)),
    ]
    sessions = []
    for code, day, room, panel, start in plan:
        end = (datetime.datetime.combine(day.date, start) + datetime.timedelta(minutes=45)).time()
        real = code == "33.27"
        sessions.append(
            Session.objects.create(
                event=event,
                participation=participations[code],
                day=day,
                room=room,
                panel=panel,
                starts=start,
                ends=end,
                presenter_name="Kepala Dinas Komunikasi dan Informatika" if real else "",
                presenter_position="Mewakili Bupati Pemalang" if real else "",
                presents=Presents.BOTH,
                is_demo=not real,
            )
        )
    # Scores: every sheet of day 1 submitted; on day 2 one evaluator per panel has not submitted yet.
    for n, session in enumerate(sessions):
        members = list(session.panel.memberships.select_related("evaluator"))
        for m_index, membership in enumerate(members):
            for rubric in session.rubrics():
                submitted = session.day == day1 or m_index < 2
                sheet = ScoreSheet.objects.create(
                    session=session,
                    evaluator=membership.evaluator,
                    rubric=rubric,
                    status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
                    submitted_at=datetime.datetime(2018, 12, 13, 17, 0, tzinfo=event.tzinfo)
                    if submitted
                    else None,
                )
                for c_index, criterion in enumerate(rubric.criteria.all()):
                    # A fixed pattern: each region has its own level, evaluators and criteria vary around it.
                    level = QUALITY[n] + (c_index + m_index + n) % 3 - 1
                    value = max(criterion.scale_min, min(criterion.scale_max, level))
                    Score.objects.create(sheet=sheet, criterion=criterion, value=value)
    return event
