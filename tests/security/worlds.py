"""One region's whole life in the platform, with every free-text field filled with its corpus payload.

The rows are made small and plain first; ``poison`` then writes each field's payload into every row of its
model (one UPDATE per field, or per row where the field must be unique), and the steps that copy text into
snapshots (masterplan versions, agenda releases, published index) run after it, so the copies carry the
payloads as well.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.api.models import ApiToken
from kotacerdas.api.services import create_token
from kotacerdas.core import audit
from kotacerdas.evaluations import models as ev
from kotacerdas.evaluations.services import publish_agenda
from kotacerdas.framework.services import create_framework_version
from kotacerdas.implementation import models as ix
from kotacerdas.masterplans import models as mp
from kotacerdas.masterplans.services import create_masterplan, freeze_version
from kotacerdas.monitoring import models as mo
from kotacerdas.news import models as nw
from kotacerdas.programmes.models import AssessmentScore, ParticipationStatus, SelectionCriterion, Stage
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    OpdFactory,
    ParticipationFactory,
    ProgrammeFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)
from tests.security.corpus import is_unique, payloads, user_text_fields
from tests.utils import png_bytes

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
    post: nw.Post
    token: ApiToken
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
    secretariat = UserFactory(is_secretariat=True, is_staff=True, position="p", institution="i")
    editor = UserFactory(position="p", institution="i")
    mentor = UserFactory(is_mentor=True)
    evaluator = UserFactory(is_evaluator=True)
    other_evaluator = UserFactory(is_evaluator=True)
    region = RegionFactory(kind="kota")
    other_region = RegionFactory()
    RegionMembershipFactory(user=editor, region=region, role=MembershipRole.APPROVER)
    opd = OpdFactory(region=region, short_name="s", head_name="h", head_title="t")

    # The programme, its cohort, an application and a participation with its masterplan.
    programme = ProgrammeFactory(short_name="s", organiser="o", description="d")
    cohort = CohortFactory(programme=programme, year=YEAR, framework_version=framework, target_size=5)
    cohort.assessors.add(evaluator)
    participation = ParticipationFactory(
        cohort=cohort, region=region, status=ParticipationStatus.EVALUATED, mou_number="m", notes="n"
    )
    participation.mentors.add(mentor)
    applicant = ParticipationFactory(
        cohort=cohort, region=other_region, status=ParticipationStatus.SHORTLISTED
    )
    stage = Stage.objects.create(
        cohort=cohort,
        kind="bimtek_1",
        title="t",
        starts_on=datetime.date(2018, 3, 1),
        ends_on=datetime.date(2018, 3, 2),
        place="p",
        deliverables="d",
    )
    criterion = SelectionCriterion.objects.create(cohort=cohort, name="c", description="d", weight=1)
    AssessmentScore.objects.create(
        participation=applicant, criterion=criterion, assessor=evaluator, score=3, comment="c"
    )

    masterplan = create_masterplan(participation, by=editor)
    parts = _fill_masterplan(masterplan, framework, opd)
    comment = mp.Comment.objects.create(masterplan=masterplan, part="profile", author=mentor, body="b")

    # The national evaluation: rubric, event, session, a submitted score sheet, an award.
    rubric = ev.Rubric.objects.create(kind="masterplan", name="r", description="d")
    ev_criterion = ev.Criterion.objects.create(rubric=rubric, name="c", description="d", weight=1, order=1)
    ev.LevelDescriptor.objects.create(criterion=ev_criterion, value=1, description="d")
    event = ev.EvaluationEvent.objects.create(
        cohort=cohort, name="e", venue="v", address="a", masterplan_rubric=rubric, min_panel_size=1
    )
    day = ev.EventDay.objects.create(event=event, date=datetime.date(2018, 12, 12))
    ev.Break.objects.create(event=event, label="l", starts=datetime.time(12), ends=datetime.time(13))
    room = ev.Room.objects.create(event=event, name="r")
    panel = ev.Panel.objects.create(event=event, name="p", room=room, day=day)
    ev.PanelMember.objects.create(panel=panel, evaluator=evaluator, is_chair=True)
    session = ev.Session.objects.create(
        event=event,
        participation=participation,
        day=day,
        room=room,
        panel=panel,
        starts=datetime.time(9),
        ends=datetime.time(9, 45),
        presenter_name="n",
        presenter_position="p",
        presents="masterplan",
    )
    ev.DeclaredConflict.objects.create(evaluator=other_evaluator, region=other_region, reason="r")
    sheet = ev.ScoreSheet.objects.create(
        session=session,
        evaluator=evaluator,
        rubric=rubric,
        status="submitted",
        submitted_at=timezone.now(),
        general_comment="g",
    )
    ev.Score.objects.create(sheet=sheet, criterion=ev_criterion, value=4, comment="c")
    ev.AwardCategory.objects.create(event=event, name="a", kind="masterplan", places=1)
    open_rubric = ev.Rubric.objects.create(kind="quick_win", name="q", description="d")
    open_criterion = ev.Criterion.objects.create(rubric=open_rubric, name="c", description="d", weight=1)
    ev.LevelDescriptor.objects.create(criterion=open_criterion, value=1, description="d")

    # Monitoring: a shared indicator the region tracks, a verified value, progress and a milestone.
    indicator = mo.Indicator.objects.create(
        code="SEC-1",
        name_id="n",
        name_en="n",
        definition="d",
        unit="u",
        numerator="n",
        denominator="d",
        source="u4ssc",
        reference="r",
    )
    tracked = mo.TrackedIndicator.objects.create(
        participation=participation, indicator=indicator, baseline_year=2018, baseline_value=Decimal("1")
    )
    mo.Target.objects.create(tracked=tracked, year=2020, value=Decimal("5"))
    value = mo.IndicatorValue.objects.create(
        tracked=tracked,
        year=2019,
        value=Decimal("3"),
        source="s",
        method="m",
        quality=2,
        evidence_url="https://example.test/",
        status="verified",
        verified_by=mentor,
        verified_at=timezone.now(),
        verification_note="v",
        reported_by=editor,
    )
    for target, status in ((parts["programme"], "delayed"), (parts["quick_win"], "done")):
        mo.ProgressReport.objects.create(
            programme=target,
            reported_on=datetime.date(2019, 5, 2),
            status=status,
            percent_complete=100 if status == "done" else 30,
            delay_reason="r",
            note="n",
            reported_by=editor,
        )
    milestone = mo.Milestone.objects.create(
        programme=parts["programme"], title="t", due_on=datetime.date(2019, 6, 1)
    )

    # The implementation evaluation of 2023, published.
    scheme = ix.IndexScheme.objects.create(name="s", description="d")
    ix.SchemeWeight.objects.bulk_create(
        ix.SchemeWeight(scheme=scheme, dimension=d, weight=Decimal(w))
        for d, w in {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20}.items()
    )
    impl_rubric = ev.Rubric.objects.create(kind="implementation", name="i", description="d")
    for order, dimension in enumerate(ev.ImplementationDimension.values):
        ev.Criterion.objects.create(
            rubric=impl_rubric, name=dimension, weight=1, order=order, implementation_dimension=dimension
        )
    rnd = ix.ImplementationRound.objects.create(
        year=ROUND_YEAR, name="r", scheme=scheme, rubric=impl_rubric, framework_version=framework
    )
    entry = ix.RoundEntry.objects.create(round=rnd, participation=participation, self_status="submitted")
    ix.SelfEvidence.objects.create(
        entry=entry, dimension="baseline", explanation="e", evidence_url="https://example.test/"
    )
    validation = ix.ValidationSheet.objects.create(
        entry=entry, evaluator=evaluator, status="submitted", submitted_at=timezone.now(), general_comment="g"
    )

    # News: a public post about the region with an image, an approved comment and approved feedback.
    post = nw.Post.objects.create(title="t", slug="sec-post", summary="s", body="b", status="published")
    post.publish_at = timezone.now() - datetime.timedelta(days=1)
    post.save()
    post.regions.add(region)
    nw.PostImage.objects.create(
        post=post,
        image=ContentFile(png_bytes((8, 8), (30, 120, 200)), name="sec.png"),
        alt_text="a",
        caption="c",
    )
    nw.PostComment.objects.create(post=post, name="n", email="a@example.test", text="t", status="approved")
    nw.QuickWinFeedback.objects.create(
        programme=parts["quick_win"], name="n", email="a@example.test", text="t", rating=4, status="approved"
    )

    token, _raw = create_token(editor, name="t", by=editor)

    # Every free-text field gets its payload; then the steps that copy text run on the poisoned rows.
    poison(values)
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
    ix.IndexResult.objects.create(
        entry=entry,
        index=Decimal("3.10"),
        rank=1,
        ranked_among=1,
        self_index=Decimal("3.40"),
        by_evaluation={"baseline": "3.00"},
        by_dimension={"GOV": "3.50"},
    )
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
        payloads=values,
    )


def _fill_masterplan(masterplan, framework, opd) -> dict:
    """One row of every part of a masterplan, in the first dimension and aspect."""
    for key in mp.SectionKey.values:
        mp.Section.objects.filter(masterplan=masterplan, key=key).update(body="b")
    mp.KeyFigure.objects.create(
        masterplan=masterplan, label="l", value=Decimal("1000"), unit="u", year=2017, source="s"
    )
    level = framework.readiness_levels.order_by("value").first()
    aspect = framework.aspects.filter(is_optional=False).order_by("order").first()
    dimension = framework.dimensions.order_by("order").first()
    element = dimension.elements.order_by("order").first()
    mp.AspectAnalysis.objects.create(masterplan=masterplan, aspect=aspect, level=level, summary="s")
    for kind in "SWOT":
        mp.SwotItem.objects.create(masterplan=masterplan, aspect=aspect, kind=kind, text="t")
    mp.GapRow.objects.create(
        masterplan=masterplan, aspect=aspect, current_state="c", target_state="t", gap="g", action="a"
    )
    mp.DimensionReadiness.objects.create(masterplan=masterplan, dimension=dimension, level=level, note="n")
    mp.Mission.objects.create(masterplan=masterplan, text="t", order=1)
    goal = mp.Goal.objects.create(masterplan=masterplan, dimension=dimension, text="t")
    mp.GoalIndicator.objects.create(
        goal=goal,
        name="n",
        unit="u",
        baseline_year=2018,
        baseline_value=Decimal("1"),
        target_year=2028,
        target_value=Decimal("2"),
    )
    strategy = mp.Strategy.objects.create(
        masterplan=masterplan, dimension=dimension, element=element, title="t", description="d"
    )
    common = {
        "masterplan": masterplan,
        "strategy": strategy,
        "element": element,
        "description": "d",
        "owner_opd": opd,
        "funding_source": "apbd",
        "budget": Decimal("1000000"),
        "start_year": 2019,
        "end_year": 2019,
        "horizon": "short",
        "output": "o",
        "outcome": "o",
    }
    programme = mp.MasterplanProgramme.objects.create(name="p", **common)
    quick_win = mp.MasterplanProgramme.objects.create(
        name="q",
        is_quick_win=True,
        delivery_months=6,
        expected_benefit="e",
        beneficiaries="b",
        commitment_signed_by="c",
        commitment_signed_on=datetime.date(2018, 11, 20),
        **common,
    )
    programme.partner_opds.add(opd)
    mp.ProgrammeIndicator.objects.create(
        programme=programme,
        name="n",
        unit="u",
        baseline_year=2018,
        baseline_value=Decimal("1"),
        target_year=2020,
        target_value=Decimal("2"),
    )
    mp.ActionStep.objects.create(
        masterplan=masterplan,
        category="policy",
        description="d",
        owner_opd=opd,
        due_date=datetime.date(2019, 3, 1),
    )
    return {"programme": programme, "quick_win": quick_win, "strategy": strategy}
