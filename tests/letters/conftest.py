"""A small world for the letters: a cohort with two selected regions (a kabupaten and a kota), a bimtek stage, an
evaluation event with a session for each, the starting templates, a secretariat user and a region team."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.letters.seed import load_letter_templates
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole, RegionKind
from tests.factories import (
    CohortFactory,
    EvaluationEventFactory,
    EventDayFactory,
    OpdFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoomFactory,
    SessionFactory,
    StageFactory,
    UserFactory,
)

SCAN = b"%PDF-1.4\n% signed scan for tests\n%%EOF\n"


def scan_upload(name: str = "ttd.pdf", content: bytes = SCAN) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def world(db, media):
    load_letter_templates()
    cohort = CohortFactory(year=2031, name="Angkatan Uji 2031")
    kabupaten = RegionFactory(name="Kabupaten Sukamaju", kind=RegionKind.KABUPATEN)
    kota = RegionFactory(name="Kota Mekarsari", kind=RegionKind.KOTA)
    OpdFactory(region=kabupaten, name="Dinas Komunikasi dan Informatika", head_title="Kepala Dinas")
    participations = [
        ParticipationFactory(cohort=cohort, region=region, status=ParticipationStatus.SELECTED)
        for region in (kabupaten, kota)
    ]
    ParticipationFactory(cohort=cohort, region=RegionFactory(), status=ParticipationStatus.NOT_SELECTED)
    stage = StageFactory(cohort=cohort, title="Bimtek 2", place="Hotel Uji, Yogyakarta")
    event = EvaluationEventFactory(
        cohort=cohort, name="Evaluasi Uji 2031", venue="Balai Uji", address="Jl. Uji 1"
    )
    day = EventDayFactory(event=event, date=datetime.date(2031, 11, 13))
    room = RoomFactory(event=event, name="Ruang Garuda")
    sessions = [
        SessionFactory(
            event=event,
            participation=participation,
            day=day,
            room=room,
            starts=datetime.time(9 + i),
            ends=datetime.time(9 + i, 45),
        )
        for i, participation in enumerate(participations)
    ]
    secretariat = UserFactory(is_secretariat=True, email="sekretariat@example.test")
    team = RegionMembershipFactory(
        region=kabupaten, role=MembershipRole.VIEWER, user__email="tim@sukamaju.test"
    ).user
    other_team = RegionMembershipFactory(
        region=kota, role=MembershipRole.APPROVER, user__email="tim@mekarsari.test"
    ).user
    return {
        "cohort": cohort,
        "kabupaten": kabupaten,
        "kota": kota,
        "participations": participations,
        "stage": stage,
        "event": event,
        "sessions": sessions,
        "secretariat": secretariat,
        "team": team,
        "other_team": other_team,
        "date": datetime.date(2031, 10, 20),
    }
