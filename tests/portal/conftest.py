from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.accounts.models import User
from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus
from kotacerdas.regions.models import MembershipRole, Region
from tests.factories import (
    AgreementFactory,
    AttendeeFactory,
    BodyMemberFactory,
    CohortFactory,
    DeliverableExpectationFactory,
    ImplementationRoundFactory,
    IndicatorFactory,
    KeyFigureFactory,
    MasterplanCommentFactory,
    OpdFactory,
    ParticipationFactory,
    PostFactory,
    ProvinceFactory,
    RegionalBodyFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoundEntryFactory,
    SelectionCriterionFactory,
    StageFactory,
    TrackedIndicatorFactory,
    UserFactory,
    ValidationSheetFactory,
)


@dataclass
class World:
    """Two regions in one cohort, each with its own team, so any leak between them shows."""

    cohort: Cohort
    region_a: Region
    region_b: Region
    part_a: Participation
    part_b: Participation
    applicant: Participation
    secretariat: User
    editor_a: User
    editor_b: User
    viewer_a: User
    mentor_a: User
    assessor: User
    evaluator_other: User


@pytest.fixture
def world(db):
    cohort = CohortFactory(name="Angkatan Uji", target_size=3)
    # Each in its own province, the provinces' codes in the order of the names: lists ordered by code do not
    # depend on which codes the factories handed out before (that differs between test processes).
    provinces = sorted((ProvinceFactory() for _ in range(3)), key=lambda province: province.code)
    region_a = RegionFactory(name="Kabupaten Alfa", province=provinces[0])
    region_b = RegionFactory(name="Kota Beta", province=provinces[1])
    region_c = RegionFactory(name="Kabupaten Gamma Pelamar", province=provinces[2])
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.MENTORING)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.MENTORING)
    applicant = ParticipationFactory(cohort=cohort, region=region_c, status=ParticipationStatus.SHORTLISTED)
    StageFactory(cohort=cohort, place="Gedung Uji Bimtek")
    OpdFactory(region=region_a, name="Dinas Kominfo Alfa")
    OpdFactory(region=region_b, name="Dinas Kominfo Beta")
    SelectionCriterionFactory(cohort=cohort, name="Kapasitas fiskal")
    editor_a = UserFactory(full_name="Editor Alfa")
    editor_b = UserFactory(full_name="Editor Beta")
    viewer_a = UserFactory(full_name="Pembaca Alfa")
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    mentor_a = UserFactory(full_name="Mentor Alfa", is_mentor=True)
    part_a.mentors.add(mentor_a)
    assessor = UserFactory(full_name="Asesor Uji", is_evaluator=True)
    cohort.assessors.add(assessor)
    return World(
        cohort=cohort,
        region_a=region_a,
        region_b=region_b,
        part_a=part_a,
        part_b=part_b,
        applicant=applicant,
        secretariat=UserFactory(full_name="Sekretariat Uji", is_secretariat=True),
        editor_a=editor_a,
        editor_b=editor_b,
        viewer_a=viewer_a,
        mentor_a=mentor_a,
        assessor=assessor,
        evaluator_other=UserFactory(full_name="Evaluator Lain", is_evaluator=True),
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def matrix_world(world, settings, tmp_path):
    from kotacerdas.masterplans.services import create_masterplan, freeze_version

    settings.MEDIA_ROOT = tmp_path / "media"  # the signed scans below are written there

    world.opd_a = world.region_a.opds.get()
    world.stage = world.cohort.stages.get()
    world.mp = create_masterplan(world.part_a, by=world.editor_a)
    world.figure = KeyFigureFactory(masterplan=world.mp)
    world.comment = MasterplanCommentFactory(masterplan=world.mp, author=world.mentor_a)
    freeze_version(world.mp, by=world.editor_a)
    OpdFactory(region=world.region_b)
    world.own_indicator_a = IndicatorFactory(source="region", region=world.region_a)
    world.tracked_a = TrackedIndicatorFactory(participation=world.part_a, indicator=world.own_indicator_a)
    world.round = ImplementationRoundFactory(framework_version=world.cohort.framework_version)
    world.entry_a = RoundEntryFactory(round=world.round, participation=world.part_a)
    world.sheet_a = ValidationSheetFactory(entry=world.entry_a, evaluator=world.assessor)
    world.news_draft = PostFactory(status="draft")
    scan = b"%PDF-1.4\n"
    world.agreement_a = AgreementFactory(
        region=world.region_a, participation=world.part_a, scan=SimpleUploadedFile("a.pdf", scan)
    )
    world.body_a = RegionalBodyFactory(region=world.region_a, scan=SimpleUploadedFile("sk.pdf", scan))
    world.body_member_a = BodyMemberFactory(body=world.body_a, role="chair")
    world.attendee_a = AttendeeFactory(stage=world.stage, participation=world.part_a)
    world.expectation = DeliverableExpectationFactory(stage=world.stage)
    from kotacerdas.letters import services as letters
    from kotacerdas.letters.models import LetterBatch, LetterKind, NumberRegister
    from kotacerdas.letters.seed import load_letter_templates

    # Letters: region A's bimtek invitation, signed (its team reads it); the register that numbered it; a done
    # batch of the cohort with its ZIP.
    load_letter_templates()
    invitation = letters.prepare_letter(
        LetterKind.BIMTEK_INVITATION, stage=world.stage, participation=world.part_a, by=world.secretariat
    )
    letters.finalise_letter(invitation, by=world.secretariat)
    world.letter_a = letters.sign_letter(
        invitation, SimpleUploadedFile("ttd.pdf", scan), by=world.secretariat
    )
    world.letter_register = NumberRegister.objects.get(
        kind=LetterKind.BIMTEK_INVITATION, year=world.letter_a.letter_date.year
    )
    world.letter_batch = LetterBatch.objects.create(
        kind=LetterKind.BIMTEK_INVITATION,
        stage=world.stage,
        cohort=world.cohort,
        status="done",
        zip_file=SimpleUploadedFile("surat.zip", b"PK\x05\x06" + b"\0" * 18),
    )
    return world
