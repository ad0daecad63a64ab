"""A 2018 cohort with two regions and their teams, a Bimtek Tahap II stage on 13–14 December 2018 (a Thursday
and a Friday) and two dimensions, so every leak between region A and region B shows."""

import datetime
from dataclasses import dataclass

import pytest

from kotacerdas.programmes.models import StageKind
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    DimensionFactory,
    OpdFactory,
    ParticipationFactory,
    ProvinceFactory,
    RegionFactory,
    RegionMembershipFactory,
    StageFactory,
    UserFactory,
)

THURSDAY = datetime.date(2018, 12, 13)
FRIDAY = datetime.date(2018, 12, 14)


@dataclass
class World:
    cohort: object
    stage: object
    gov: object
    eco: object
    region_a: object
    region_b: object
    part_a: object
    part_b: object
    opd_a: object
    opd_b: object
    secretariat: object
    editor_a: object
    viewer_a: object
    editor_b: object
    mentor_a: object
    assessor: object
    outsider: object


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def w(db) -> World:
    cohort = CohortFactory(year=2018, name="Angkatan Uji 2018")
    stage = StageFactory(
        cohort=cohort, kind=StageKind.BIMTEK_2, starts_on=THURSDAY, ends_on=FRIDAY, place="Jakarta"
    )
    gov = DimensionFactory(
        version=cohort.framework_version,
        code="GOV",
        name_id="Smart Governance",
        name_en="Smart Governance",
        order=1,
    )
    eco = DimensionFactory(
        version=cohort.framework_version,
        code="ECO",
        name_id="Smart Economy",
        name_en="Smart Economy",
        order=2,
    )
    provinces = sorted((ProvinceFactory() for _ in range(2)), key=lambda p: p.code)
    region_a = RegionFactory(name="Kabupaten Alfa", province=provinces[0])
    region_b = RegionFactory(name="Kota Beta", province=provinces[1])
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status="mentoring")
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status="mentoring")
    editor_a, viewer_a, editor_b = (
        UserFactory(full_name=n) for n in ("Editor Alfa", "Pembaca Alfa", "Editor Beta")
    )
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mentor_a = UserFactory(full_name="Mentor Alfa", is_mentor=True)
    part_a.mentors.add(mentor_a)
    assessor = UserFactory(full_name="Asesor Uji", is_evaluator=True)
    cohort.assessors.add(assessor)
    return World(
        cohort=cohort,
        stage=stage,
        gov=gov,
        eco=eco,
        region_a=region_a,
        region_b=region_b,
        part_a=part_a,
        part_b=part_b,
        opd_a=OpdFactory(region=region_a, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo"),
        opd_b=OpdFactory(region=region_b, name="Dinas Kominfo Beta"),
        secretariat=UserFactory(full_name="Sekretariat Uji", is_secretariat=True),
        editor_a=editor_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
        mentor_a=mentor_a,
        assessor=assessor,
        outsider=UserFactory(full_name="Evaluator Lain", is_evaluator=True),
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
