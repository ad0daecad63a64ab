"""Demo for automatic scheduling: an invented 2026 cohort of 40 regions and its evaluation, not scheduled yet.

Everything here is invented and marked as demo data: the cohort, the event (15–16 December 2026), its rooms, the
six extra evaluators, the mentors' assignments, and the availability windows. Pressing "Propose schedule" on it
shows the whole journey: checks, progress, a proposal as a difference, applying it.
"""

import datetime

from django.db import transaction

from kotacerdas.evaluations.demo import EVALUATORS, demo_evaluators
from kotacerdas.evaluations.models import AvailabilityWindow, Break, EvaluationEvent, EventDay, Room
from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.programmes.demo import GMSC
from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
from kotacerdas.regions.models import Region
from kotacerdas.scheduling.models import PoolMember, SchedulingSettings

EVENT_NAME = "Evaluasi Masterplan Angkatan 2026 (contoh)"
MORE_EVALUATORS = [
    ("evaluator7@demo.kotacerdas.id", "Dewi Lestari"),
    ("evaluator8@demo.kotacerdas.id", "Agus Salim Harahap"),
    ("evaluator9@demo.kotacerdas.id", "Nurul Hidayah"),
    ("evaluator10@demo.kotacerdas.id", "Bambang Sutrisno"),
    ("evaluator11@demo.kotacerdas.id", "Ketut Ariani"),
    ("evaluator12@demo.kotacerdas.id", "Rizal Mahendra"),
]
REGIONS = 40
T = datetime.time


@transaction.atomic
def load_demo_scheduling() -> EvaluationEvent | None:
    """Create the demo once; running it again changes nothing. None when the programme demo is missing."""
    existing = EvaluationEvent.objects.filter(name=EVENT_NAME).first()
    if existing:
        return existing
    template = Cohort.objects.filter(year=2018).select_related("programme", "framework_version").first()
    if template is None:
        return None
    evaluators = demo_evaluators(EVALUATORS + MORE_EVALUATORS)
    cohort, _created = Cohort.objects.get_or_create(
        # An invented cohort after 2021 belongs to the programme that runs today.
        programme=Programme.objects.filter(name=GMSC).first() or template.programme,
        year=2026,
        defaults={
            "name": "Angkatan 2026 (contoh)",
            "target_size": REGIONS,
            "framework_version": template.framework_version,
            "is_demo": True,
        },
    )
    taken = set(Participation.objects.values_list("region_id", flat=True))
    # Every eighth region by code that no cohort has yet (so none that public sources name as a member of a real
    # cohort, programmes/data/cohorts.csv): spread over the provinces, the same on every machine.
    candidates = [r for r in Region.objects.order_by("code") if r.pk not in taken][::8][:REGIONS]
    participations = [
        Participation.objects.get_or_create(
            cohort=cohort, region=region, defaults={"status": ParticipationStatus.MENTORING, "is_demo": True}
        )[0]
        for region in candidates
    ]
    # Three evaluators also mentor four regions each: the scheduler must keep them off those panels.
    for i, mentor in enumerate(evaluators[:3]):
        for p in participations[i * 4 : i * 4 + 4]:
            p.mentors.add(mentor)
    masterplan_rubric, quick_win_rubric, *_others = load_default_rubrics()
    event = EvaluationEvent.objects.create(
        cohort=cohort,
        name=EVENT_NAME,
        venue="Gedung Serbaguna Kementerian (contoh)",
        address="Jakarta Pusat",
        slot_minutes=45,
        day_starts=T(8, 0),
        day_ends=T(17, 0),
        min_panel_size=3,
        masterplan_rubric=masterplan_rubric,
        quick_win_rubric=quick_win_rubric,
        is_demo=True,
    )
    day1 = EventDay.objects.create(event=event, date=datetime.date(2026, 12, 15))
    day2 = EventDay.objects.create(event=event, date=datetime.date(2026, 12, 16))
    Break.objects.create(event=event, label="Ishoma", starts=T(12, 0), ends=T(13, 0))
    for order, name in enumerate(["Ruang Garuda", "Ruang Rajawali", "Ruang Merak"], start=1):
        Room.objects.create(event=event, name=name, capacity=60, order=order)
    PoolMember.objects.bulk_create(PoolMember(event=event, evaluator=e) for e in evaluators)
    SchedulingSettings.objects.create(event=event, time_limit_seconds=20)
    windows = [
        # Four regions can only come on the first day (a regional budget meeting on the second).
        *[
            AvailabilityWindow(event=event, participation=p, day=day1, starts=T(8), ends=T(17))
            for p in participations[20:24]
        ],
        # Three prefer a morning slot (long journeys home).
        *[
            AvailabilityWindow(
                event=event, participation=p, day=d, starts=T(8), ends=T(12), is_preference=True
            )
            for p in participations[24:27]
            for d in (day1, day2)
        ],
        # One evaluator is only there on the second day.
        AvailabilityWindow(event=event, evaluator=evaluators[11], day=day2, starts=T(8), ends=T(17)),
    ]
    AvailabilityWindow.objects.bulk_create(windows)
    return event
