"""factory-boy factories. Each builds the smallest valid object and nothing more: no roles, no memberships,
no status changes unless a test asks for them.

Province codes come from two-digit codes that no real Kemendagri province uses, so factory data can sit
next to the real regions loaded by the ``regions_loaded`` fixture without clashing.
"""

import datetime
import hashlib
from decimal import Decimal

import factory

from kotacerdas.accounts.models import User
from kotacerdas.api.models import ApiToken, password_fingerprint
from kotacerdas.bimtek.models import Attendee, DeliverableExpectation, DeliverableReceipt, WorkingGroup
from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.models import (
    AgendaRelease,
    AvailabilityWindow,
    AwardCategory,
    Break,
    DeclaredConflict,
    EvaluationEvent,
    EventDay,
    LevelDescriptor,
    Panel,
    PanelMember,
    Room,
    Rubric,
    Score,
    ScoreSheet,
    Session,
)
from kotacerdas.evaluations.models import Criterion as EvaluationCriterion
from kotacerdas.framework.models import (
    Dimension,
    Element,
    FrameworkVersion,
    ReadinessAspect,
    ReadinessLevel,
    VersionStatus,
)
from kotacerdas.implementation.models import (
    ImplementationRound,
    IndexResult,
    IndexScheme,
    RoundEntry,
    SchemeWeight,
    SelfEvidence,
    SelfScore,
    ValidationScore,
    ValidationSheet,
)
from kotacerdas.masterplans.models import (
    ActionStep,
    AspectAnalysis,
    DimensionReadiness,
    DocumentJob,
    GapRow,
    Goal,
    GoalIndicator,
    KeyFigure,
    Masterplan,
    MasterplanProgramme,
    MasterplanVersion,
    Mission,
    ProgrammeImport,
    ProgrammeIndicator,
    Section,
    Strategy,
    SwotItem,
)
from kotacerdas.masterplans.models import Comment as MasterplanComment
from kotacerdas.monitoring.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressReport,
    Target,
    TrackedIndicator,
)
from kotacerdas.news.models import Post, PostComment, PostImage, QuickWinFeedback
from kotacerdas.programmes.models import (
    Agreement,
    AgreementKind,
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
    BodyKind,
    BodyMember,
    BodyRole,
    MembershipRole,
    Opd,
    Province,
    Region,
    RegionalBody,
    RegionKind,
    RegionMembership,
    TimeZone,
)
from kotacerdas.scheduling.models import PoolMember, ScheduleProposal, SchedulingSettings

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
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Berita uji {n}")
    slug = factory.Sequence(lambda n: f"berita-uji-{n}")
    body = "Isi berita uji."
    status = "published"
    publish_at = factory.LazyFunction(lambda: datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC))


class PostCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostComment

    post = factory.SubFactory(PostFactory)
    name = factory.Sequence(lambda n: f"Warga {n}")
    email = factory.Sequence(lambda n: f"warga{n}@example.test")
    text = "Komentar uji."
    status = "pending"


class QuickWinFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuickWinFeedback

    programme = factory.SubFactory("tests.factories.MasterplanProgrammeFactory", is_quick_win=True)

    name = factory.Sequence(lambda n: f"Penilai {n}")
    email = factory.Sequence(lambda n: f"penilai{n}@example.test")
    text = "Pendapat uji tentang quick win."
    rating = 4
    status = "pending"


# --- every other model (issue 18: each project model has a factory, tests/test_factories.py checks it) ------
# Related objects come from the same world: a masterplan's dimensions from its framework version, a session's
# day and room from its event, a score's criterion from its sheet's rubric, so that full_clean() passes.


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory)
    action = "test.action"
    target_repr = factory.Sequence(lambda n: f"Objek uji {n}")


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row; the key itself is unknown (tests that call the API make tokens with the api services)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Token uji {n}")
    prefix = factory.Sequence(lambda n: f"kc_{n:08d}"[:12])
    key_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())
    password_fingerprint = factory.LazyAttribute(lambda o: password_fingerprint(o.user.password))


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name_id = factory.Sequence(lambda n: f"Dimensi {n}")
    name_en = factory.Sequence(lambda n: f"Dimension {n}")


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"E{n}")
    name_id = factory.Sequence(lambda n: f"Elemen {n}")
    name_en = factory.Sequence(lambda n: f"Element {n}")


class ReadinessAspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadinessAspect

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"aspek-{n}")
    name_id = factory.Sequence(lambda n: f"Aspek {n}")
    name_en = factory.Sequence(lambda n: f"Aspect {n}")


class ReadinessLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadinessLevel

    version = factory.SubFactory(FrameworkVersionFactory)
    value = factory.Sequence(lambda n: n % 5 + 1)
    name_id = factory.Sequence(lambda n: f"Tingkat {n}")
    name_en = factory.Sequence(lambda n: f"Level {n}")


# masterplans


class MasterplanFactory(factory.django.DjangoModelFactory):
    """A draft masterplan for the ten years after its cohort's year, on the cohort's framework version."""

    class Meta:
        model = Masterplan

    participation = factory.SubFactory(ParticipationFactory)
    framework_version = factory.SelfAttribute("participation.cohort.framework_version")
    title = factory.Sequence(lambda n: f"Masterplan Uji {n}")
    start_year = factory.LazyAttribute(lambda o: min(o.participation.cohort.year + 1, 2100))
    end_year = factory.LazyAttribute(lambda o: min(o.start_year + 9, 2100))


class _MasterplanPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    masterplan = factory.SubFactory(MasterplanFactory)


def _of_plan(sub_factory, **kwargs):
    """A framework row (dimension, aspect, level) of the masterplan's own framework version."""
    return factory.SubFactory(
        sub_factory, version=factory.SelfAttribute("..masterplan.framework_version"), **kwargs
    )


def _plan_dimension(part) -> Dimension:
    """The first dimension of the masterplan's framework version, or a new one when it has none: a strategy or a
    goal on the real framework (fixture ``framework``) then sits under a real dimension instead of adding one."""
    version = part.masterplan.framework_version
    return version.dimensions.order_by("order", "pk").first() or DimensionFactory(version=version)


class SectionFactory(_MasterplanPartFactory):
    class Meta:
        model = Section

    key = "introduction"
    body = "Pendahuluan uji."


class KeyFigureFactory(_MasterplanPartFactory):
    class Meta:
        model = KeyFigure

    label = factory.Sequence(lambda n: f"Angka kunci {n}")
    value = Decimal("1250.50")
    year = factory.LazyAttribute(lambda o: o.masterplan.start_year)
    source = "BPS"


class AspectAnalysisFactory(_MasterplanPartFactory):
    class Meta:
        model = AspectAnalysis

    aspect = _of_plan(ReadinessAspectFactory)


class SwotItemFactory(_MasterplanPartFactory):
    class Meta:
        model = SwotItem

    aspect = _of_plan(ReadinessAspectFactory)
    kind = "S"
    text = "Kekuatan uji."


class GapRowFactory(_MasterplanPartFactory):
    class Meta:
        model = GapRow

    aspect = _of_plan(ReadinessAspectFactory)
    current_state = "Keadaan kini."
    target_state = "Keadaan tujuan."
    gap = "Kesenjangan."
    action = "Tindakan."


class DimensionReadinessFactory(_MasterplanPartFactory):
    class Meta:
        model = DimensionReadiness

    dimension = _of_plan(DimensionFactory)
    level = _of_plan(ReadinessLevelFactory)


class MissionFactory(_MasterplanPartFactory):
    class Meta:
        model = Mission

    text = factory.Sequence(lambda n: f"Misi uji {n}")


class GoalFactory(_MasterplanPartFactory):
    class Meta:
        model = Goal

    dimension = factory.LazyAttribute(_plan_dimension)
    text = factory.Sequence(lambda n: f"Tujuan uji {n}")


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Indikator tujuan {n}")
    baseline_year = factory.LazyAttribute(lambda o: o.goal.masterplan.start_year)
    baseline_value = Decimal("10")
    target_year = factory.LazyAttribute(lambda o: o.goal.masterplan.end_year)
    target_value = Decimal("20")


class StrategyFactory(_MasterplanPartFactory):
    class Meta:
        model = Strategy

    dimension = factory.LazyAttribute(_plan_dimension)
    title = factory.Sequence(lambda n: f"Strategi uji {n}")


class MasterplanProgrammeFactory(_MasterplanPartFactory):
    class Meta:
        model = MasterplanProgramme
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory, masterplan=factory.SelfAttribute("..masterplan"))
    name = factory.Sequence(lambda n: f"Program masterplan uji {n}")

    class Params:
        # What the completeness check asks of a programme before the masterplan may be submitted.
        complete = factory.Trait(
            owner_opd=factory.SubFactory(
                OpdFactory, region=factory.SelfAttribute("..masterplan.participation.region")
            ),
            funding_source="apbd",
            start_year=factory.SelfAttribute("masterplan.start_year"),
            end_year=factory.SelfAttribute("masterplan.end_year"),
        )

    @factory.post_generation
    def partner_opds(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_opds.set(extracted)


class ProgrammeIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeIndicator

    programme = factory.SubFactory(MasterplanProgrammeFactory)
    name = factory.Sequence(lambda n: f"Indikator program {n}")
    baseline_year = factory.LazyAttribute(lambda o: o.programme.masterplan.start_year)
    baseline_value = Decimal("10")
    target_year = factory.LazyAttribute(lambda o: o.programme.masterplan.end_year)
    target_value = Decimal("20")


class ActionStepFactory(_MasterplanPartFactory):
    class Meta:
        model = ActionStep

    category = "policy"
    description = "Langkah uji."
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.masterplan.start_year, 6, 1))


class MasterplanCommentFactory(_MasterplanPartFactory):
    class Meta:
        model = MasterplanComment

    part = "profile"
    author = factory.SubFactory(UserFactory)
    body = "Catatan uji."


class MasterplanVersionFactory(_MasterplanPartFactory):
    class Meta:
        model = MasterplanVersion

    number = factory.Sequence(lambda n: n + 1)
    snapshot = factory.LazyAttribute(lambda o: {"title": o.masterplan.title})
    created_by = factory.SubFactory(UserFactory)


class DocumentJobFactory(_MasterplanPartFactory):
    class Meta:
        model = DocumentJob

    kind = "book1_docx"
    requested_by = factory.SubFactory(UserFactory)


class ProgrammeImportFactory(_MasterplanPartFactory):
    """Names an upload without writing one: tests that read the file upload it through the page."""

    class Meta:
        model = ProgrammeImport

    file = "imports/programmes-uji.xlsx"
    uploaded_by = factory.SubFactory(UserFactory)


# evaluations


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    kind = "masterplan"
    name = factory.Sequence(lambda n: f"Rubrik uji {n}")


class EvaluationCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationCriterion

    rubric = factory.SubFactory(RubricFactory)
    name = factory.Sequence(lambda n: f"Kriteria penilaian {n}")
    weight = Decimal("1.00")


class LevelDescriptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelDescriptor

    criterion = factory.SubFactory(EvaluationCriterionFactory)
    value = factory.Sequence(lambda n: n % 5 + 1)
    description = "Deskripsi tingkat."


class EvaluationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationEvent

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Evaluasi uji {n}")
    venue = "Gedung Uji"


class _EventPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    event = factory.SubFactory(EvaluationEventFactory)


class EventDayFactory(_EventPartFactory):
    class Meta:
        model = EventDay

    # In November of the cohort's year, as event_day_problem requires; consecutive days for one event.
    date = factory.LazyAttribute(lambda o: datetime.date(o.event.cohort.year, 11, 10))


class BreakFactory(_EventPartFactory):
    class Meta:
        model = Break

    label = "Istirahat"
    starts = datetime.time(12)
    ends = datetime.time(13)


class RoomFactory(_EventPartFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Ruang {n}")


class PanelFactory(_EventPartFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    # Not "Panel {n}": the demo event's panels are "Panel 1" and "Panel 2", and names are unique per event.
    name = factory.Sequence(lambda n: f"Panel uji {n}")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    evaluator = factory.SubFactory(UserFactory, is_evaluator=True)


class SessionFactory(_EventPartFactory):
    class Meta:
        model = Session

    participation = factory.SubFactory(ParticipationFactory, cohort=factory.SelfAttribute("..event.cohort"))
    day = factory.SubFactory(EventDayFactory, event=factory.SelfAttribute("..event"))
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    starts = datetime.time(9)
    ends = datetime.time(9, 45)


class AvailabilityWindowFactory(_EventPartFactory):
    """An evaluator's window, or a region's when participation=… is given (it then has no evaluator)."""

    class Meta:
        model = AvailabilityWindow

    participation = None
    evaluator = factory.Maybe(
        "participation",
        yes_declaration=None,
        no_declaration=factory.SubFactory(UserFactory, is_evaluator=True),
    )
    day = factory.SubFactory(EventDayFactory, event=factory.SelfAttribute("..event"))
    starts = datetime.time(8)
    ends = datetime.time(12)


class DeclaredConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredConflict

    evaluator = factory.SubFactory(UserFactory, is_evaluator=True)
    region = factory.SubFactory(RegionFactory)
    reason = "Pernah bekerja di daerah ini."


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    session = factory.SubFactory(SessionFactory)
    evaluator = factory.SubFactory(UserFactory, is_evaluator=True)
    rubric = factory.SubFactory(RubricFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    sheet = factory.SubFactory(ScoreSheetFactory)
    criterion = factory.SubFactory(EvaluationCriterionFactory, rubric=factory.SelfAttribute("..sheet.rubric"))
    value = 3


class AgendaReleaseFactory(_EventPartFactory):
    class Meta:
        model = AgendaRelease

    number = factory.Sequence(lambda n: n + 1)
    published_by = factory.SubFactory(UserFactory, is_secretariat=True)
    snapshot = factory.LazyFunction(lambda: {"sessions": []})


class AwardCategoryFactory(_EventPartFactory):
    class Meta:
        model = AwardCategory

    name = factory.Sequence(lambda n: f"Penghargaan {n}")
    kind = "masterplan"


# scheduling


class SchedulingSettingsFactory(_EventPartFactory):
    class Meta:
        model = SchedulingSettings


class PoolMemberFactory(_EventPartFactory):
    class Meta:
        model = PoolMember

    evaluator = factory.SubFactory(UserFactory, is_evaluator=True)


class ScheduleProposalFactory(_EventPartFactory):
    class Meta:
        model = ScheduleProposal

    requested_by = factory.SubFactory(UserFactory, is_secretariat=True)


# monitoring


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"UJI-{n:03d}")
    name_id = factory.Sequence(lambda n: f"Indikator uji {n}")
    unit = "%"
    source = "u4ssc"


class TrackedIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedIndicator

    participation = factory.SubFactory(ParticipationFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    baseline_year = 2020
    baseline_value = Decimal("10")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    tracked = factory.SubFactory(TrackedIndicatorFactory)
    year = factory.Sequence(lambda n: 2021 + n % 50)
    value = Decimal("20")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    tracked = factory.SubFactory(TrackedIndicatorFactory)
    year = factory.Sequence(lambda n: 2021 + n % 50)
    value = Decimal("12.5")
    source = "BPS"
    reported_by = factory.SubFactory(UserFactory)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    programme = factory.SubFactory(MasterplanProgrammeFactory)
    reported_on = factory.LazyAttribute(lambda o: datetime.date(o.programme.masterplan.start_year, 6, 30))
    status = "running"
    percent_complete = 40
    reported_by = factory.SubFactory(UserFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    programme = factory.SubFactory(MasterplanProgrammeFactory)
    title = factory.Sequence(lambda n: f"Tonggak uji {n}")
    due_on = factory.LazyAttribute(lambda o: datetime.date(o.programme.masterplan.start_year, 12, 1))


# implementation


class IndexSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndexScheme

    name = factory.Sequence(lambda n: f"Skema indeks uji {n}")


class SchemeWeightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeWeight

    scheme = factory.SubFactory(IndexSchemeFactory)
    dimension = "baseline"
    weight = Decimal("20")


class ImplementationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationRound

    year = factory.Sequence(lambda n: 2000 + n % 101)
    name = factory.LazyAttribute(lambda o: f"Putaran {o.year}")
    scheme = factory.SubFactory(IndexSchemeFactory)
    rubric = factory.SubFactory(RubricFactory, kind="implementation")
    framework_version = factory.SubFactory(FrameworkVersionFactory)


class RoundEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEntry

    round = factory.SubFactory(ImplementationRoundFactory)
    participation = factory.SubFactory(ParticipationFactory)


class SelfEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfEvidence

    entry = factory.SubFactory(RoundEntryFactory)
    dimension = "baseline"
    explanation = "Bukti uji."


class SelfScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfScore

    entry = factory.SubFactory(RoundEntryFactory)
    criterion = factory.SubFactory(
        EvaluationCriterionFactory, rubric=factory.SelfAttribute("..entry.round.rubric")
    )
    dimension = factory.SubFactory(
        DimensionFactory, version=factory.SelfAttribute("..entry.round.framework_version")
    )
    value = 3


class ValidationSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationSheet

    entry = factory.SubFactory(RoundEntryFactory)
    evaluator = factory.SubFactory(UserFactory, is_evaluator=True)


class ValidationScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValidationScore

    sheet = factory.SubFactory(ValidationSheetFactory)
    criterion = factory.SubFactory(
        EvaluationCriterionFactory, rubric=factory.SelfAttribute("..sheet.entry.round.rubric")
    )
    dimension = factory.SubFactory(
        DimensionFactory, version=factory.SelfAttribute("..sheet.entry.round.framework_version")
    )
    value = 3


class IndexResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndexResult

    entry = factory.SubFactory(RoundEntryFactory)
    index = Decimal("3.50")
    rank = 1
    ranked_among = 1
    previous = Decimal("3.00")
    change = Decimal("0.50")
    self_index = Decimal("3.75")
    by_evaluation = factory.LazyFunction(lambda: {"baseline": "3.50"})
    by_dimension = factory.LazyFunction(lambda: {"D1": "3.50"})


# news


class PostImageFactory(factory.django.DjangoModelFactory):
    """Writes a small image to the media storage (the model reads its size): point MEDIA_ROOT at tmp_path."""

    class Meta:
        model = PostImage

    post = factory.SubFactory(PostFactory)
    image = factory.django.ImageField(filename="uji.png", width=8, height=6, format="PNG")
    alt_text = "Gambar uji"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    region = factory.SubFactory(RegionFactory)
    kind = AgreementKind.MOU
    our_number = factory.Sequence(lambda n: f"UJI/{n:03d}/MOU")
    signed_on = datetime.date(2024, 3, 1)
    valid_from = datetime.date(2024, 3, 1)


class RegionalBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalBody

    region = factory.SubFactory(RegionFactory)
    kind = BodyKind.COUNCIL
    decree_number = factory.Sequence(lambda n: f"UJI/188.4/{n}/2022")
    decree_date = datetime.date(2022, 1, 10)
    decree_signed_by = "Bupati Uji"
    period_start = datetime.date(2022, 1, 10)
    period_end = None


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(RegionalBodyFactory)
    name = factory.Sequence(lambda n: f"Anggota Uji {n}")
    position = "Kepala Dinas Uji"
    role = BodyRole.MEMBER


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    stage = factory.SubFactory(StageFactory)
    dimension = factory.SubFactory(
        DimensionFactory, version=factory.SelfAttribute("..stage.cohort.framework_version")
    )


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    stage = factory.SubFactory(StageFactory)
    participation = factory.SubFactory(ParticipationFactory, cohort=factory.SelfAttribute("..stage.cohort"))
    name = factory.Sequence(lambda n: f"Peserta Uji {n}")
    position = "Staf"
    invited = True


class DeliverableExpectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableExpectation

    stage = factory.SubFactory(StageFactory)
    title = factory.Sequence(lambda n: f"Draf Buku {n}")
    due_on = factory.LazyAttribute(lambda o: o.stage.ends_on + datetime.timedelta(days=14))


class DeliverableReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableReceipt

    expectation = factory.SubFactory(DeliverableExpectationFactory)
    participation = factory.SubFactory(
        ParticipationFactory, cohort=factory.SelfAttribute("..expectation.stage.cohort")
    )
    received_on = factory.LazyAttribute(lambda o: o.expectation.due_on)


# letters

from kotacerdas.letters.models import (  # noqa: E402  (appended section; the letters app came last)
    Dispatch,
    Letter,
    LetterBatch,
    LetterKind,
    LetterTemplate,
    NumberRegister,
)
from kotacerdas.letters.seed import LETTERHEAD, SIGNER, TEMPLATES  # noqa: E402


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    """The starting template of its kind (letters/seed.py); one per kind, so a second call returns it."""

    class Meta:
        model = LetterTemplate
        django_get_or_create = ("kind",)

    kind = LetterKind.EVALUATION_INVITATION
    letterhead = LETTERHEAD
    subject = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["subject"])
    addressee = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["addressee"])
    attachment = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["attachment"])
    opening = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["opening"])
    body = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["body"])
    closing = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["closing"])
    copies = factory.LazyAttribute(lambda o: TEMPLATES[o.kind]["copies"])
    signer_position = SIGNER["signer_position"]
    signer_name = SIGNER["signer_name"]
    signer_nip = SIGNER["signer_nip"]


class NumberRegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NumberRegister

    kind = LetterKind.EVALUATION_INVITATION
    year = factory.Sequence(lambda n: 2030 + n % 70)
    pattern = "{seq}/UJI/{month_roman}/{year}"


class LetterBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterBatch

    kind = LetterKind.SELECTION_DECISION
    cohort = factory.SubFactory(CohortFactory)
    requested_by = factory.SubFactory(UserFactory, is_secretariat=True)


class LetterFactory(factory.django.DjangoModelFactory):
    """A draft about a region (values empty: services.prepare_letter computes them)."""

    class Meta:
        model = Letter

    kind = LetterKind.EVALUATION_INVITATION
    template = factory.SubFactory(LetterTemplateFactory, kind=factory.SelfAttribute("..kind"))
    letter_date = factory.LazyFunction(lambda: datetime.date(2030, 11, 1))
    region = factory.SubFactory(RegionFactory)


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    letter = factory.SubFactory(LetterFactory)
    recipients = factory.LazyFunction(lambda: ["tim@example.test"])
    by = factory.SubFactory(UserFactory, is_secretariat=True)
    ok = True


# The planning chain of a masterplan (issue 17 §5): objectives (tujuan) under missions, strategic issues, the
# vision's keywords.
from kotacerdas.masterplans.models import Objective, ObjectiveIndicator, StrategicIssue, VisionKeyword  # noqa: E402


class ObjectiveFactory(_MasterplanPartFactory):
    class Meta:
        model = Objective

    mission = factory.SubFactory(MissionFactory, masterplan=factory.SelfAttribute("..masterplan"))
    text = factory.Sequence(lambda n: f"Tujuan uji {n}")


class ObjectiveIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectiveIndicator

    objective = factory.SubFactory(ObjectiveFactory)
    name = factory.Sequence(lambda n: f"Indikator tujuan uji {n}")
    baseline_year = factory.LazyAttribute(lambda o: o.objective.masterplan.start_year)
    baseline_value = Decimal("10")
    target_year = factory.LazyAttribute(lambda o: o.objective.masterplan.end_year)
    target_value = Decimal("20")


class StrategicIssueFactory(_MasterplanPartFactory):
    class Meta:
        model = StrategicIssue

    text = factory.Sequence(lambda n: f"Isu strategis uji {n}")


class VisionKeywordFactory(_MasterplanPartFactory):
    class Meta:
        model = VisionKeyword

    word = factory.Sequence(lambda n: f"Kata kunci {n}")
    explanation = factory.Sequence(lambda n: f"Penjelasan kata kunci {n}")
