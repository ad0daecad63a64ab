"""Fixtures of the API tests: two public regions (A with published data, B with only unpublished data), an
applicant whose data must never show, their teams, tokens, and a client that speaks JSON."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from kotacerdas.api.services import create_token
from kotacerdas.evaluations.models import AgendaRelease, EvaluationEvent, EventDay, Room, Rubric, Session
from kotacerdas.implementation.models import ImplementationRound, IndexResult, RoundEntry, RoundStatus
from kotacerdas.implementation.services import load_index_schemes
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, Mission, Section, Strategy
from kotacerdas.monitoring.models import Indicator, IndicatorValue, ProgressReport, TrackedIndicator
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
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


def masterplan(participation, framework, *, status, title):
    return Masterplan.objects.create(
        participation=participation,
        framework_version=framework,
        title=title,
        start_year=2019,
        end_year=2028,
        status=status,
    )


def programme(plan, code, name, *, quick_win=False, months=None, budget=None):
    dimension = plan.framework_version.dimensions.get(code=code)
    strategy, _created = Strategy.objects.get_or_create(
        masterplan=plan, dimension=dimension, title=f"Strategi {code}"
    )
    return MasterplanProgramme.objects.create(
        masterplan=plan,
        strategy=strategy,
        name=name,
        start_year=2019,
        end_year=2020,
        is_quick_win=quick_win,
        delivery_months=months,
        budget=budget,
    )


def value(tracked, year, amount, status="verified", supersedes=None):
    return IndicatorValue.objects.create(
        tracked=tracked,
        year=year,
        value=Decimal(amount),
        source="BPS",
        status=status,
        supersedes=supersedes,
        verified_at=timezone.now() if status == "verified" else None,
    )


def track(participation, indicator):
    return TrackedIndicator.objects.create(
        participation=participation, indicator=indicator, baseline_year=2018, baseline_value=Decimal("1")
    )


def release_agenda(event, entries):
    AgendaRelease.objects.create(event=event, number=1, snapshot=entries)
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
    plan_a = masterplan(part_a, framework, status="published", title="Masterplan Alfa")
    Section.objects.create(masterplan=plan_a, key="vision", body="Alfa cerdas")
    Mission.objects.create(masterplan=plan_a, text="Melayani warga", order=1)
    programme_a = programme(plan_a, "GOV", "Mal pelayanan publik", budget=Decimal("1500000000"))
    quick_win_a = programme(plan_a, "LIV", "Antrean puskesmas daring", quick_win=True, months=6)
    ProgressReport.objects.create(
        programme=quick_win_a, reported_on=datetime.date(2019, 5, 2), status="done", percent_complete=100
    )
    plan_b = masterplan(part_b, framework, status="approved", title=f"Masterplan Beta {SECRET}")
    programme_b = programme(plan_b, "ECO", f"Program {SECRET} Beta")
    plan_c = masterplan(applicant, framework, status="published", title=f"Masterplan Pelamar {SECRET}")
    programme(plan_c, "ENV", f"Program {SECRET} Pelamar")

    # Indicator values: only verified current values of the shared catalogue of public regions are public.
    indicator = Indicator.objects.create(
        code="EC:ICT:T:1", name_id="Akses internet", unit="%", source="u4ssc"
    )
    own_b = Indicator.objects.create(
        code="BETA-01", name_id=f"Indikator {SECRET}", unit="unit", source="region", region=region_b
    )
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
    event = EvaluationEvent.objects.create(cohort=cohort, name="Evaluasi Masterplan 2018", venue="ICE BSD")
    day1 = EventDay.objects.create(event=event, date=datetime.date(2018, 12, 12))
    day2 = EventDay.objects.create(event=event, date=datetime.date(2018, 12, 13))
    room = Room.objects.create(event=event, name="Nusantara A")
    Session.objects.create(
        event=event,
        participation=part_a,
        day=day2,
        room=room,
        starts=datetime.time(14, 45),
        ends=datetime.time(15, 30),
    )
    release_agenda(event, [agenda_entry(region_a, starts="14:45", ends="15:30")])
    assert day1.pk
    event_hidden = EvaluationEvent.objects.create(
        cohort=cohort, name=f"Evaluasi {SECRET}", venue="Gedung Rahasia"
    )
    hidden_day = EventDay.objects.create(event=event_hidden, date=datetime.date(2018, 12, 20))
    AgendaRelease.objects.create(event=event_hidden, number=1, snapshot=[agenda_entry(region_b)])  # a draft
    Session.objects.create(
        event=event_hidden,
        participation=part_b,
        day=hidden_day,
        room=Room.objects.create(event=event_hidden, name=f"Ruang {SECRET}"),
        starts=datetime.time(9),
        ends=datetime.time(10),
    )

    # Implementation index: the 2023 round is published, the 2024 round is not.
    scheme = load_index_schemes()[0]
    rubric = Rubric.objects.create(kind="implementation", name="Rubrik implementasi")
    rnd = ImplementationRound.objects.create(
        year=2023,
        name="Evaluasi Implementasi 2023",
        scheme=scheme,
        rubric=rubric,
        framework_version=framework,
        status=RoundStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    IndexResult.objects.create(
        entry=RoundEntry.objects.create(round=rnd, participation=part_a),
        index=Decimal("3.10"),
        rank=1,
        ranked_among=1,
        self_index=Decimal("3.40"),
        by_evaluation={"baseline": "3.00", "output": "3.25"},
        by_dimension={"GOV": "3.50"},
    )
    hidden = ImplementationRound.objects.create(
        year=2024, name=f"Evaluasi {SECRET} 2024", scheme=scheme, rubric=rubric, framework_version=framework
    )
    IndexResult.objects.create(
        entry=RoundEntry.objects.create(round=hidden, participation=part_b), index=Decimal("2.22"), rank=1
    )

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
