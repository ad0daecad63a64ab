"""Fixtures of the API tests: two public regions (A with published data, B with only unpublished data), an
applicant whose data must never show, their teams, tokens, and a client that speaks JSON."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from kotacerdas.api.services import create_token
from kotacerdas.evaluations.models import EvaluationEvent
from kotacerdas.implementation.models import RoundStatus
from kotacerdas.implementation.services import load_index_schemes
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    AgendaReleaseFactory,
    CohortFactory,
    EvaluationEventFactory,
    EventDayFactory,
    ImplementationRoundFactory,
    IndexResultFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    MissionFactory,
    ParticipationFactory,
    ProgressReportFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoomFactory,
    SectionFactory,
    SessionFactory,
    StrategyFactory,
    TrackedIndicatorFactory,
    UserFactory,
)

# Words that only unpublished data carries; none may appear in any public answer.
SECRET = "Rahasia"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with empty rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


def programme(plan, dimension_code, **fields):
    """A programme of ``plan`` under its strategy for the framework dimension ``dimension_code`` (programme
    lists are ordered by dimension); the strategy is made with the plan's first programme of that dimension."""
    dimension = plan.framework_version.dimensions.get(code=dimension_code)
    strategy = plan.strategies.filter(dimension=dimension).first() or StrategyFactory(
        masterplan=plan, dimension=dimension
    )
    return MasterplanProgrammeFactory(masterplan=plan, strategy=strategy, **fields)


def value(tracked, year, amount, status="verified", supersedes=None):
    return IndicatorValueFactory(
        tracked=tracked,
        year=year,
        value=Decimal(amount),
        status=status,
        supersedes=supersedes,
        verified_at=timezone.now() if status == "verified" else None,
    )


def track(participation, indicator):
    # The plausibility warnings compare a value with the baseline when no earlier value is newer than it.
    return TrackedIndicatorFactory(
        participation=participation, indicator=indicator, baseline_year=2018, baseline_value=Decimal("1")
    )


def release_agenda(event, entries):
    AgendaReleaseFactory(event=event, number=1, snapshot=entries)
    EvaluationEvent.objects.filter(pk=event.pk).update(agenda_release=1)
    event.refresh_from_db()


def agenda_entry(region, *, starts="09:00", ends="09:45", room="Nusantara A", date="2018-12-13"):
    return {
        "region": region.name,
        "region_code": region.code,
        "date": date,
        "starts": starts,
        "ends": ends,
        "room": room,
        "presenter": f"Kepala Dinas {region.name}",
        "presenter_position": "",
        "presents": "both",
    }


@dataclass
class ApiWorld:
    cohort: object
    framework: object
    region_a: object
    region_b: object
    region_c: object
    part_a: object
    part_b: object
    applicant: object
    secretariat: object
    editor_a: object
    viewer_a: object
    editor_b: object
    mentor_a: object
    masterplan_a: object
    masterplan_b: object
    programme_a: object
    quick_win_a: object
    programme_b: object
    indicator: object
    own_indicator_b: object
    tracked_a: object
    tracked_b: object
    event: object
    event_hidden: object
    round: object
    round_hidden: object


@pytest.fixture
def api_world(db, framework) -> ApiWorld:
    cohort = CohortFactory(year=2018, name="Angkatan 2018", framework_version=framework)
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta", kind="kota")
    region_c = RegionFactory(
        name="Kabupaten Gamma"
    )  # applied, not selected: its name is public, not its data
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.MENTORING)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.SELECTED)
    applicant = ParticipationFactory(cohort=cohort, region=region_c, status=ParticipationStatus.SHORTLISTED)

    editor_a, viewer_a, editor_b = (
        UserFactory(full_name=n) for n in ("Editor Alfa", "Pembaca Alfa", "Editor Beta")
    )
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mentor_a = UserFactory(full_name="Mentor Alfa", is_mentor=True)
    part_a.mentors.add(mentor_a)

    # Masterplans: A's is published; B's only approved; the applicant's is marked published by mistake.
    plan_a = MasterplanFactory(
        participation=part_a, status="published", title="Masterplan Alfa", start_year=2019, end_year=2028
    )
    SectionFactory(masterplan=plan_a, key="vision", body="Alfa cerdas")
    MissionFactory(masterplan=plan_a, text="Melayani warga")
    programme_a = programme(plan_a, "GOV", name="Mal pelayanan publik", budget=Decimal("1500000000"))
    quick_win_a = programme(
        plan_a, "LIV", name="Antrean puskesmas daring", is_quick_win=True, delivery_months=6, start_year=2019
    )
    ProgressReportFactory(
        programme=quick_win_a, reported_on=datetime.date(2019, 5, 2), status="done", percent_complete=100
    )
    plan_b = MasterplanFactory(participation=part_b, status="approved", title=f"Masterplan Beta {SECRET}")
    programme_b = programme(plan_b, "ECO", name=f"Program {SECRET} Beta")
    plan_c = MasterplanFactory(
        participation=applicant, status="published", title=f"Masterplan Pelamar {SECRET}"
    )
    programme(plan_c, "ENV", name=f"Program {SECRET} Pelamar")

    # Indicator values: only verified current values of the shared catalogue of public regions are public.
    indicator = IndicatorFactory(code="EC:ICT:T:1", name_id="Akses internet", unit="%")
    own_b = IndicatorFactory(code="BETA-01", name_id=f"Indikator {SECRET}", source="region", region=region_b)
    tracked_a = track(part_a, indicator)
    old = value(tracked_a, 2018, "40")
    value(tracked_a, 2018, "41.25", supersedes=old)  # the verified correction replaces the 40
    value(tracked_a, 2019, "45.5")
    value(tracked_a, 2020, "666.5", status="reported")
    value(tracked_a, 2017, "667.5", status="rejected")
    tracked_b = track(part_b, indicator)
    value(tracked_b, 2019, "668.5", status="reported")
    value(track(part_b, own_b), 2019, "669.5")
    value(track(applicant, indicator), 2019, "670.5")

    # Evaluation: one event with a published agenda and results, one still being planned.
    event = EvaluationEventFactory(cohort=cohort, name="Evaluasi Masterplan 2018")
    day1 = EventDayFactory(event=event, date=datetime.date(2018, 12, 12))
    day2 = EventDayFactory(event=event, date=datetime.date(2018, 12, 13))
    SessionFactory(
        event=event,
        participation=part_a,
        day=day2,
        room=RoomFactory(event=event, name="Nusantara A"),
        starts=datetime.time(14, 45),
        ends=datetime.time(15, 30),
    )
    release_agenda(event, [agenda_entry(region_a, starts="14:45", ends="15:30")])
    assert day1.pk
    event_hidden = EvaluationEventFactory(cohort=cohort, name=f"Evaluasi {SECRET}")
    AgendaReleaseFactory(event=event_hidden, snapshot=[agenda_entry(region_b)])  # a draft
    SessionFactory(event=event_hidden, participation=part_b, room__name=f"Ruang {SECRET}")

    # Implementation index: the 2023 round is published, the 2024 round is not.
    scheme = load_index_schemes()[0]
    rnd = ImplementationRoundFactory(
        year=2023, scheme=scheme, status=RoundStatus.PUBLISHED, published_at=timezone.now()
    )
    IndexResultFactory(
        entry__round=rnd,
        entry__participation=part_a,
        index=Decimal("3.10"),
        rank=1,
        ranked_among=1,
        previous=None,
        change=None,
        self_index=Decimal("3.40"),
        by_evaluation={"baseline": "3.00", "output": "3.25"},
        by_dimension={"GOV": "3.50"},
    )
    hidden = ImplementationRoundFactory(year=2024, name=f"Evaluasi {SECRET} 2024")
    IndexResultFactory(entry__round=hidden, entry__participation=part_b, index=Decimal("2.22"))

    return ApiWorld(
        cohort=cohort,
        framework=framework,
        region_a=region_a,
        region_b=region_b,
        region_c=region_c,
        part_a=part_a,
        part_b=part_b,
        applicant=applicant,
        secretariat=UserFactory(full_name="Sekretariat", is_secretariat=True),
        editor_a=editor_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
        mentor_a=mentor_a,
        masterplan_a=plan_a,
        masterplan_b=plan_b,
        programme_a=programme_a,
        quick_win_a=quick_win_a,
        programme_b=programme_b,
        indicator=indicator,
        own_indicator_b=own_b,
        tracked_a=tracked_a,
        tracked_b=tracked_b,
        event=event,
        event_hidden=event_hidden,
        round=rnd,
        round_hidden=hidden,
    )


@pytest.fixture
def token():
    """``token(user)``: a new API token of the user, as the client sends it."""

    def _token(user, name="Uji"):
        _row, raw = create_token(user, name=name, by=user)
        return raw

    return _token


@pytest.fixture
def bearer(token):
    """``bearer(user)``: the headers that authenticate as the user."""

    def _bearer(user):
        return {"Authorization": f"Bearer {token(user)}"}

    return _bearer
