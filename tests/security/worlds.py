"""One region's whole life in the platform, with every free-text field filled with its corpus payload.

The rows are made small and plain first, by the factories of tests/factories.py given only what the pages and
forms depend on (statuses, years, numbers, the links between rows); ``poison`` then writes each field's
payload into every row of its model (one UPDATE per field, or per row where the field must be unique), so the
text the factories chose does not matter. The steps that copy text into snapshots (masterplan versions, agenda
releases, published index) run after it, so the copies carry the payloads as well.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.api.models import ApiToken
from kotacerdas.api.services import create_token
from kotacerdas.core import audit
from kotacerdas.evaluations import models as ev
from kotacerdas.evaluations.services import publish_agenda
from kotacerdas.framework.services import create_framework_version
from kotacerdas.implementation import models as ix
from kotacerdas.letters import models as lt
from kotacerdas.letters import services as letters
from kotacerdas.letters.seed import load_letter_templates
from kotacerdas.masterplans import models as mp
from kotacerdas.masterplans.services import create_masterplan, freeze_version
from kotacerdas.monitoring import models as mo
from kotacerdas.news import models as nw
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    ActionStepFactory,
    AgreementFactory,
    AspectAnalysisFactory,
    AssessmentScoreFactory,
    AttendeeFactory,
    AwardCategoryFactory,
    BodyMemberFactory,
    BreakFactory,
    CohortFactory,
    DeclaredConflictFactory,
    DeliverableExpectationFactory,
    DeliverableReceiptFactory,
    DimensionReadinessFactory,
    EvaluationCriterionFactory,
    EvaluationEventFactory,
    EventDayFactory,
    GapRowFactory,
    GoalFactory,
    GoalIndicatorFactory,
    ImplementationRoundFactory,
    IndexResultFactory,
    IndexSchemeFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    KeyFigureFactory,
    LevelDescriptorFactory,
    MasterplanCommentFactory,
    MasterplanProgrammeFactory,
    MilestoneFactory,
    MissionFactory,
    ObjectiveFactory,
    ObjectiveIndicatorFactory,
    OpdFactory,
    PanelFactory,
    PanelMemberFactory,
    ParticipationFactory,
    PostCommentFactory,
    PostFactory,
    PostImageFactory,
    ProgrammeIndicatorFactory,
    ProgressReportFactory,
    QuickWinFeedbackFactory,
    RegionalBodyFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoomFactory,
    RoundEntryFactory,
    RubricFactory,
    SchemeWeightFactory,
    ScoreFactory,
    ScoreSheetFactory,
    SelfEvidenceFactory,
    SessionFactory,
    StageFactory,
    StrategicIssueFactory,
    StrategyFactory,
    SwotItemFactory,
    TargetFactory,
    TrackedIndicatorFactory,
    UserFactory,
    ValidationSheetFactory,
    VisionKeywordFactory,
    WorkingGroupFactory,
)
from tests.security.corpus import is_unique, payloads, user_text_fields

YEAR = 2018  # the cohort; the masterplan runs from 2019
ROUND_YEAR = 2023


@dataclass
class World:
    framework: object
    draft_framework: object
    region: object
    other_region: object
    opd: object
    cohort: object
    participation: object
    applicant: object
    stage: object
    secretariat: User
    editor: User
    mentor: User
    evaluator: User
    masterplan: mp.Masterplan
    programme: mp.MasterplanProgramme
    quick_win: mp.MasterplanProgramme
    strategy: mp.Strategy
    comment: mp.Comment
    rubric: ev.Rubric
    criterion: ev.Criterion
    open_rubric: ev.Rubric  # without scores, so it can still be edited
    open_criterion: ev.Criterion
    event: ev.EvaluationEvent
    panel: ev.Panel
    session: ev.Session
    sheet: ev.ScoreSheet
    indicator: mo.Indicator
    tracked: mo.TrackedIndicator
    value: mo.IndicatorValue
    milestone: mo.Milestone
    round: ix.ImplementationRound
    entry: ix.RoundEntry
    validation: ix.ValidationSheet
    letter: object
    letter_register: object
    letter_batch: object
    post: nw.Post
    token: ApiToken
    agreement: object
    body: object
    body_member: object
    payloads: dict


def poison(values: dict[str, str]) -> None:
    """Write each field's payload into every row of its model."""
    fields = user_text_fields()
    for label, text in values.items():
        field = fields[label]
        manager = field.model._base_manager
        if is_unique(field):
            for pk in manager.values_list("pk", flat=True):
                manager.filter(pk=pk).update(**{field.name: f"{text} #{pk}"})
        else:
            manager.update(**{field.name: text})


def build_world(framework, values: dict[str, str] | None = None) -> World:
    """``framework``: the current framework version (the suite's ``framework`` fixture); ``values``: the text
    for each field (label -> text), the XSS corpus payloads unless given."""
    values = values or payloads()

    draft_framework = create_framework_version(framework, code="sec-draft", title="t", by=None)

    # People and places.
    secretariat = UserFactory(is_secretariat=True, is_staff=True)
    editor = UserFactory()
    mentor = UserFactory(is_mentor=True)
    evaluator = UserFactory(is_evaluator=True)
    other_evaluator = UserFactory(is_evaluator=True)
    region = RegionFactory(kind="kota")
    other_region = RegionFactory()
    RegionMembershipFactory(user=editor, region=region, role=MembershipRole.APPROVER)
    opd = OpdFactory(region=region)

    # The programme, its cohort, an application and a participation with its masterplan.
    cohort = CohortFactory(year=YEAR, framework_version=framework)
    cohort.assessors.add(evaluator)
    participation = ParticipationFactory(cohort=cohort, region=region, status=ParticipationStatus.EVALUATED)
    participation.mentors.add(mentor)
    applicant = ParticipationFactory(
        cohort=cohort, region=other_region, status=ParticipationStatus.SHORTLISTED
    )
    stage = StageFactory(cohort=cohort)
    AssessmentScoreFactory(participation=applicant, assessor=evaluator)

    masterplan = create_masterplan(participation, by=editor)
    parts = _fill_masterplan(masterplan, framework, opd)
    comment = MasterplanCommentFactory(masterplan=masterplan, part="profile", author=mentor)

    # The national evaluation: rubric, event, session, a submitted score sheet, an award.
    rubric = RubricFactory(kind="masterplan")
    ev_criterion = EvaluationCriterionFactory(rubric=rubric)
    LevelDescriptorFactory(criterion=ev_criterion)
    event = EvaluationEventFactory(cohort=cohort, masterplan_rubric=rubric, min_panel_size=1)
    day = EventDayFactory(event=event)
    BreakFactory(event=event)
    room = RoomFactory(event=event)
    panel = PanelFactory(event=event, room=room, day=day)
    PanelMemberFactory(panel=panel, evaluator=evaluator, is_chair=True)
    session = SessionFactory(
        event=event, participation=participation, day=day, room=room, panel=panel, presents="masterplan"
    )
    DeclaredConflictFactory(evaluator=other_evaluator, region=other_region)
    sheet = ScoreSheetFactory(
        session=session, evaluator=evaluator, rubric=rubric, status="submitted", submitted_at=timezone.now()
    )
    ScoreFactory(sheet=sheet, criterion=ev_criterion)
    AwardCategoryFactory(event=event, places=1)
    open_rubric = RubricFactory(kind="quick_win")
    open_criterion = EvaluationCriterionFactory(rubric=open_rubric)
    LevelDescriptorFactory(criterion=open_criterion)

    # Monitoring: a shared indicator the region tracks, a verified value, progress and a milestone.
    indicator = IndicatorFactory()
    tracked = TrackedIndicatorFactory(participation=participation, indicator=indicator, baseline_year=2018)
    # 3 in 2019 and a target of 5 for 2020: the 4 that test_xss_corpus reports for 2020 needs no confirming.
    TargetFactory(tracked=tracked, year=2020, value=Decimal("5"))
    value = IndicatorValueFactory(
        tracked=tracked,
        year=2019,
        value=Decimal("3"),
        status="verified",
        verified_by=mentor,
        verified_at=timezone.now(),
        reported_by=editor,
    )
    ProgressReportFactory(
        programme=parts["programme"],
        status="delayed",
        delay_reason="r",  # a delay needs a reason (a database constraint)
        percent_complete=30,
        reported_by=editor,
    )
    ProgressReportFactory(
        programme=parts["quick_win"], status="done", percent_complete=100, reported_by=editor
    )
    milestone = MilestoneFactory(programme=parts["programme"])

    # The implementation evaluation of 2023, published.
    scheme = IndexSchemeFactory()
    weights = {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20}
    for dimension, weight in weights.items():
        SchemeWeightFactory(scheme=scheme, dimension=dimension, weight=Decimal(weight))
    impl_rubric = RubricFactory(kind="implementation")
    for order, dimension in enumerate(ev.ImplementationDimension.values):
        EvaluationCriterionFactory(rubric=impl_rubric, order=order, implementation_dimension=dimension)
    rnd = ImplementationRoundFactory(
        year=ROUND_YEAR, scheme=scheme, rubric=impl_rubric, framework_version=framework
    )
    entry = RoundEntryFactory(round=rnd, participation=participation, self_status="submitted")
    SelfEvidenceFactory(entry=entry)
    validation = ValidationSheetFactory(
        entry=entry, evaluator=evaluator, status="submitted", submitted_at=timezone.now()
    )

    # News: a public post about the region with an image, an approved comment and approved feedback.
    post = PostFactory()
    post.regions.add(region)
    PostImageFactory(post=post)
    PostCommentFactory(post=post, status="approved")
    QuickWinFeedbackFactory(programme=parts["quick_win"], status="approved")

    token, _raw = create_token(editor, name="t", by=editor)

    # Paperwork: an agreement in the region's register; the council (its chair shows on the readiness part).
    agreement = AgreementFactory(region=region, participation=participation)
    body = RegionalBodyFactory(region=region)
    body_member = BodyMemberFactory(body=body, role="chair", opd=opd)
    # Bimtek: a working group, an attendee who came, a deliverable expected and received.
    group = WorkingGroupFactory(stage=stage, dimension=framework.dimensions.first())
    AttendeeFactory(
        stage=stage, participation=participation, working_group=group, attended_on=stage.starts_on
    )
    expectation = DeliverableExpectationFactory(stage=stage)
    DeliverableReceiptFactory(expectation=expectation, participation=participation)

    # Letters: the starting templates and registers, a draft invitation to the evaluation for the region (prepared
    # again after the poisoning, so its values copy the poisoned names), a failed batch and a failed sending.
    load_letter_templates()
    letter = letters.prepare_letter(lt.LetterKind.EVALUATION_INVITATION, session=session, by=secretariat)
    letter_register = lt.NumberRegister.objects.filter(kind=lt.LetterKind.EVALUATION_INVITATION).first()
    letter_batch = lt.LetterBatch.objects.create(
        kind=lt.LetterKind.EVALUATION_INVITATION, event=event, cohort=cohort, status="failed", error="e"
    )
    lt.Dispatch.objects.create(letter=letter, recipients=[editor.email], ok=False, error="e")

    # Every free-text field gets its payload; then the steps that copy text run on the poisoned rows.
    poison(values)
    letter = letters.refresh_letter(letter, by=secretariat)
    for model_obj in (masterplan, event, rnd):
        model_obj.refresh_from_db()
    freeze_version(masterplan, by=editor)
    mp.Masterplan.objects.filter(pk=masterplan.pk).update(status=mp.MasterplanStatus.PUBLISHED)
    audit.record(
        "masterplan.status",
        target=masterplan,
        by=secretariat,
        field="status",
        old="approved",
        new="published",
        note="n",
        region_code=region.code,
    )
    publish_agenda(event, by=secretariat, note="n")
    ev.EvaluationEvent.objects.filter(pk=event.pk).update(results_published_at=timezone.now())
    ix.ImplementationRound.objects.filter(pk=rnd.pk).update(
        status=ix.RoundStatus.PUBLISHED, published_at=timezone.now()
    )
    IndexResultFactory(entry=entry, by_dimension={"GOV": "3.50"})
    poison(values)  # the audit entries and the agenda release written just now

    def fresh(obj):
        obj.refresh_from_db()
        return obj

    return World(
        framework=fresh(framework),
        draft_framework=fresh(draft_framework),
        region=fresh(region),
        other_region=fresh(other_region),
        opd=fresh(opd),
        cohort=fresh(cohort),
        participation=fresh(participation),
        applicant=fresh(applicant),
        stage=fresh(stage),
        secretariat=fresh(secretariat),
        editor=fresh(editor),
        mentor=fresh(mentor),
        evaluator=fresh(evaluator),
        masterplan=fresh(masterplan),
        programme=fresh(parts["programme"]),
        quick_win=fresh(parts["quick_win"]),
        strategy=fresh(parts["strategy"]),
        comment=fresh(comment),
        rubric=fresh(rubric),
        criterion=fresh(ev_criterion),
        open_rubric=fresh(open_rubric),
        open_criterion=fresh(open_criterion),
        event=fresh(event),
        panel=fresh(panel),
        session=fresh(session),
        letter=fresh(letter),
        letter_register=fresh(letter_register),
        letter_batch=fresh(letter_batch),
        sheet=fresh(sheet),
        indicator=fresh(indicator),
        tracked=fresh(tracked),
        value=fresh(value),
        milestone=fresh(milestone),
        round=fresh(rnd),
        entry=fresh(entry),
        validation=fresh(validation),
        post=fresh(post),
        token=fresh(token),
        agreement=fresh(agreement),
        body=fresh(body),
        body_member=fresh(body_member),
        payloads=values,
    )


def _fill_masterplan(masterplan, framework, opd) -> dict:
    """One row of every part of a masterplan, in the first dimension and aspect."""
    KeyFigureFactory(masterplan=masterplan)
    level = framework.readiness_levels.order_by("value").first()
    aspect = framework.aspects.filter(is_optional=False).order_by("order").first()
    dimension = framework.dimensions.order_by("order").first()
    element = dimension.elements.order_by("order").first()
    AspectAnalysisFactory(masterplan=masterplan, aspect=aspect, level=level)
    for kind in "SWOT":
        SwotItemFactory(masterplan=masterplan, aspect=aspect, kind=kind)
    GapRowFactory(masterplan=masterplan, aspect=aspect)
    DimensionReadinessFactory(masterplan=masterplan, dimension=dimension, level=level)
    objective = ObjectiveFactory(masterplan=masterplan, mission=MissionFactory(masterplan=masterplan))
    ObjectiveIndicatorFactory(objective=objective)
    goal = GoalFactory(masterplan=masterplan, dimension=dimension, objective=objective)
    GoalIndicatorFactory(goal=goal)
    StrategicIssueFactory(masterplan=masterplan)
    VisionKeywordFactory(masterplan=masterplan)
    strategy = StrategyFactory(masterplan=masterplan, dimension=dimension, element=element, goal=goal)
    common = {
        "masterplan": masterplan,
        "strategy": strategy,
        "element": element,
        "owner_opd": opd,
        "funding_source": "apbd",
        "budget": Decimal("1000000"),
        "start_year": 2019,
        "end_year": 2019,
        "horizon": "short",
    }
    programme = MasterplanProgrammeFactory(**common)
    quick_win = MasterplanProgrammeFactory(
        is_quick_win=True, delivery_months=6, commitment_signed_on=datetime.date(2018, 11, 20), **common
    )
    programme.partner_opds.add(opd)
    ProgrammeIndicatorFactory(programme=programme)
    ActionStepFactory(masterplan=masterplan, owner_opd=opd)
    return {"programme": programme, "quick_win": quick_win, "strategy": strategy}
