"""factory-boy factories. Each builds the smallest valid object and nothing more: no roles, no memberships,
no status changes unless a test asks for them.

Province codes come from two-digit codes that no real Kemendagri province uses, so factory data can sit
next to the real regions loaded by the ``regions_loaded`` fixture without clashing.
"""

import datetime
from decimal import Decimal

import factory

from kotacerdas.accounts.models import User
from kotacerdas.framework.models import FrameworkVersion, VersionStatus
from kotacerdas.programmes.models import (
    AssessmentScore,
    Cohort,
    Participation,
    ParticipationStatus,
    Programme,
    SelectionCriterion,
    Stage,
    StageKind,
)
from kotacerdas.regions.models import (
    MembershipRole,
    Opd,
    Province,
    Region,
    RegionKind,
    RegionMembership,
    TimeZone,
)

REAL_PROVINCE_CODES = {
    *range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)
}  # fmt: skip
UNUSED_PROVINCE_CODES = [f"{n:02d}" for n in range(10, 100) if n not in REAL_PROVINCE_CODES]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.django.Password("password-for-tests")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: UNUSED_PROVINCE_CODES[n % len(UNUSED_PROVINCE_CODES)])
    name = factory.Sequence(lambda n: f"Provinsi Uji {n}")
    timezone = TimeZone.WIB


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}.{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    kind = RegionKind.KABUPATEN


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")


class RegionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionMembership

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = MembershipRole.EDITOR


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    """An empty draft version. Tests that need dimensions and elements use the ``framework`` fixture."""

    class Meta:
        model = FrameworkVersion

    code = factory.Sequence(lambda n: f"test-{n}")
    title = factory.Sequence(lambda n: f"Kerangka uji {n}")
    status = VersionStatus.DRAFT


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Program Uji {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    year = factory.Sequence(lambda n: 2030 + n % 70)
    name = factory.LazyAttribute(lambda o: f"Angkatan {o.year}")
    target_size = 10
    framework_version = factory.SubFactory(FrameworkVersionFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    region = factory.SubFactory(RegionFactory)
    status = ParticipationStatus.APPLIED


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    cohort = factory.SubFactory(CohortFactory)
    kind = StageKind.BIMTEK_1
    # Inside the cohort's year, as Stage.clean requires.
    starts_on = factory.LazyAttribute(lambda stage: datetime.date(stage.cohort.year, 3, 4))
    ends_on = factory.LazyAttribute(lambda stage: datetime.date(stage.cohort.year, 3, 5))


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = Decimal("1.00")
    max_score = 5


class AssessmentScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentScore
        skip_postgeneration_save = True

    participation = factory.SubFactory(ParticipationFactory)
    criterion = factory.SubFactory(
        SelectionCriterionFactory, cohort=factory.SelfAttribute("..participation.cohort")
    )
    assessor = factory.SubFactory(UserFactory, is_evaluator=True)
    score = 3

    @factory.post_generation
    def join_cohort_assessors(obj, create, extracted, **kwargs):
        # Only the cohort's current assessors count in the ranking, so a score implies an assessor.
        if create:
            obj.participation.cohort.assessors.add(obj.assessor)


# --- news (issue 7: news, comments, quick-win feedback) ----------------------------------------------------


class PostFactory(factory.django.DjangoModelFactory):
    """A published post whose publication time has passed."""

    class Meta:
        model = "news.Post"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Berita uji {n}")
    slug = factory.Sequence(lambda n: f"berita-uji-{n}")
    body = "Isi berita uji."
    status = "published"
    publish_at = factory.LazyFunction(lambda: datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC))


class PostCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.PostComment"

    post = factory.SubFactory(PostFactory)
    name = factory.Sequence(lambda n: f"Warga {n}")
    email = factory.Sequence(lambda n: f"warga{n}@example.test")
    text = "Komentar uji."
    status = "pending"


class QuickWinFeedbackFactory(factory.django.DjangoModelFactory):
    """Needs ``programme`` (a MasterplanProgramme): there is no factory for masterplans."""

    class Meta:
        model = "news.QuickWinFeedback"

    name = factory.Sequence(lambda n: f"Penilai {n}")
    email = factory.Sequence(lambda n: f"penilai{n}@example.test")
    text = "Pendapat uji tentang quick win."
    rating = 4
    status = "pending"
