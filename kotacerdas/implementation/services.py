"""The implementation evaluation: rounds, self-assessments, validations, and the results (rules in index.py)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.evaluations.models import DeclaredConflict, EvaluationKind, ImplementationDimension, Rubric
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.implementation import index
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    IndexResult,
    IndexScheme,
    RoundEntry,
    RoundStatus,
    SchemeWeight,
    SelfEvidence,
    SelfScore,
    ValidationScore,
    ValidationSheet,
)
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.monitoring import progress
from kotacerdas.programmes.models import Participation, ParticipationStatus

# Regions whose masterplan has been evaluated take part in the implementation evaluations of later years.
ELIGIBLE_STATUSES = [ParticipationStatus.EVALUATED, ParticipationStatus.GRADUATED]
EVALUATION_DIMENSIONS = list(ImplementationDimension.values)

SEEDED_SCHEMES = [
    (
        "Bobot 2021 (10/20/30/20/20)",
        "Bobot indeks evaluasi implementasi sejak 2021: Baseline 10 %, Output 20 %, Outcome 30 %, Impact 20 %, "
        "Quick Win 20 %.",
        {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20},
    ),
    (
        "Bobot Impact 30 % (10/20/30/30/10)",
        "Bobot yang dipakai pada putaran berikutnya: Impact 30 %, Quick Win 10 %.",
        {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick_win": 10},
    ),
]

ROUND_TRANSITIONS = {
    RoundStatus.SELF_ASSESSMENT: {RoundStatus.VALIDATION},
    RoundStatus.VALIDATION: {RoundStatus.SELF_ASSESSMENT, RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}


# --- weights and rubrics -----------------------------------------------------------------------------------


@transaction.atomic
def load_index_schemes() -> list[IndexScheme]:
    """Seed the two published weightings (idempotent)."""
    schemes = []
    for name, description, weights in SEEDED_SCHEMES:
        scheme, created = IndexScheme.objects.get_or_create(
            name=name, defaults={"description": description, "is_seeded_default": True}
        )
        if created:
            SchemeWeight.objects.bulk_create(
                SchemeWeight(scheme=scheme, dimension=d, weight=Decimal(w)) for d, w in weights.items()
            )
        schemes.append(scheme)
    return schemes


@transaction.atomic
def create_scheme(*, name: str, description: str, weights: dict[str, Decimal], by) -> IndexScheme:
    if sum(weights.values()) != 100:
        raise ValidationError(_("The weights must add up to 100 %."))
    scheme = IndexScheme.objects.create(name=name, description=description)
    SchemeWeight.objects.bulk_create(
        SchemeWeight(scheme=scheme, dimension=d, weight=w) for d, w in weights.items()
    )
    audit.record("implementation.scheme_created", target=scheme, by=by, new=name)
    return scheme


def rubric_problems(rubric: Rubric) -> list[str]:
    """Why a rubric cannot score an implementation round (empty when it can)."""
    problems = []
    if rubric.kind != EvaluationKind.IMPLEMENTATION:
        problems.append(_("The rubric is not an implementation rubric."))
    criteria = list(rubric.criteria.all())
    if not criteria:
        problems.append(_("The rubric has no criteria."))
    if any(not c.implementation_dimension for c in criteria):
        problems.append(_("Every criterion must name its evaluation dimension."))
    return problems


# --- rounds --------------------------------------------------------------------------------------------------


def eligible_participations(year: int):
    return Participation.objects.filter(cohort__year__lt=year, status__in=ELIGIBLE_STATUSES)


@transaction.atomic
def create_round(
    *,
    year: int,
    name: str,
    scheme: IndexScheme,
    rubric: Rubric,
    by,
    self_assessment_due=None,
    scale_min: int = 1,
    scale_max: int = 4,
    is_demo=False,
) -> ImplementationRound:
    problems = rubric_problems(rubric)
    if problems:
        raise ValidationError(problems)
    version = FrameworkVersion.objects.current()
    if version is None:
        raise ValidationError(_("There is no current framework version."))
    if ImplementationRound.objects.filter(year=year).exists():
        raise ValidationError(_("There is already a round for %(year)s.") % {"year": year})
    rnd = ImplementationRound(
        year=year,
        name=name,
        scheme=scheme,
        rubric=rubric,
        framework_version=version,
        self_assessment_due=self_assessment_due,
        scale_min=scale_min,
        scale_max=scale_max,
        is_demo=is_demo,
    )
    rnd.full_clean(validate_unique=False)
    rnd.save()
    enrol_regions(rnd, by=by)
    audit.record("implementation.round_created", target=rnd, by=by, new=str(year))
    return rnd


@transaction.atomic
def enrol_regions(rnd: ImplementationRound, *, by) -> int:
    """Add every eligible region not yet in the round; returns how many were added."""
    # One entry per region: a region that took part in two cohorts is evaluated on its latest participation.
    present = set(rnd.entries.values_list("participation__region_id", flat=True))
    new = []
    for pk, region_id in (
        eligible_participations(rnd.year).order_by("-cohort__year").values_list("pk", "region_id")
    ):
        if region_id not in present:
            present.add(region_id)
            new.append(RoundEntry(round=rnd, participation_id=pk, is_demo=rnd.is_demo))
    RoundEntry.objects.bulk_create(new)
    if new and by is not None:
        audit.record("implementation.regions_enrolled", target=rnd, by=by, new=str(len(new)))
    return len(new)


@transaction.atomic
def change_round_status(rnd: ImplementationRound, new: str, *, by, note: str = "") -> ImplementationRound:
    rnd = ImplementationRound.objects.select_for_update().get(pk=rnd.pk)
    if new not in ROUND_TRANSITIONS[rnd.status]:
        raise ValidationError(
            _("A round cannot move from “%(old)s” to “%(new)s”.")
            % {"old": RoundStatus(rnd.status).label, "new": RoundStatus(new).label}
        )
    if new == RoundStatus.PUBLISHED:
        if not ValidationSheet.objects.filter(entry__round=rnd, status=AssessmentStatus.SUBMITTED).exists():
            raise ValidationError(
                _("No region has a submitted validation yet: there is no index to publish.")
            )
        rnd.published_at = timezone.now()
    old = rnd.status
    rnd.status = new
    rnd.save(update_fields=["status", "published_at", "updated_at"])
    if new == RoundStatus.PUBLISHED:
        store_results(rnd)
    audit.record(
        "implementation.round_status", target=rnd, by=by, field="status", old=old, new=new, note=note
    )
    return rnd


# --- scoring grids -------------------------------------------------------------------------------------------


def _check_cells(rnd: ImplementationRound, cells: dict, *, complete: bool) -> dict:
    """Cells ``{(criterion id, dimension id): (value, is_na)}`` checked against the rubric's scales; with
    ``complete`` every cell must be answered."""
    criteria = {c.pk: c for c in rnd.rubric.criteria.all()}
    dimensions = set(rnd.framework_version.dimensions.values_list("pk", flat=True))
    errors = []
    for (criterion_id, dimension_id), (value, is_na) in cells.items():
        c = criteria.get(criterion_id)
        if c is None or dimension_id not in dimensions:
            errors.append(_("A score names a criterion or dimension outside this round."))
        elif is_na and not c.allow_na:
            errors.append(_("“%(criterion)s” does not allow n/a.") % {"criterion": c.name})
        elif not is_na and value is not None and not c.scale_min <= value <= c.scale_max:
            errors.append(
                _("“%(criterion)s” takes scores from %(low)s to %(high)s.")
                % {"criterion": c.name, "low": c.scale_min, "high": c.scale_max}
            )
    if complete:
        answered = {k for k, (v, na) in cells.items() if na or v is not None}
        if len(answered & {(c, d) for c in criteria for d in dimensions}) < len(criteria) * len(dimensions):
            errors.append(_("Score every cell (or mark it n/a) before submitting."))
    if errors:
        raise ValidationError(errors)
    return cells


def _bump(model, obj, expected_revision: int, **values) -> None:
    updated = model.objects.filter(pk=obj.pk, revision=expected_revision).update(
        revision=F("revision") + 1, **values
    )
    if not updated:
        raise StaleEditError
    obj.revision = expected_revision + 1
    for name, value in values.items():
        setattr(obj, name, value)


def _write_cells(model, owner_field: str, owner, cells: dict) -> None:
    model.objects.filter(**{owner_field: owner}).delete()
    model.objects.bulk_create(
        model(**{owner_field: owner}, criterion_id=c, dimension_id=d, value=None if na else v, is_na=na)
        for (c, d), (v, na) in cells.items()
        if na or v is not None
    )


@transaction.atomic
def save_self_assessment(
    entry: RoundEntry, *, cells: dict, evidence: dict, by, expected_revision: int, submit: bool = False
) -> RoundEntry:
    """Save the region's grid and its evidence per evaluation dimension ``{dimension: {explanation,
    evidence_url, evidence_file}}``; ``submit`` also hands it to the evaluators (it is then locked): only the
    region's approvers submit (regions/rules.py)."""
    entry = RoundEntry.objects.select_related(
        "round__rubric", "round__framework_version", "participation__region"
    ).get(pk=entry.pk)
    if submit and not by.has_perm("implementation.submit_self_assessment", entry):
        raise ValidationError(_("Your role does not allow this step."))
    if entry.round.status != RoundStatus.SELF_ASSESSMENT:
        raise ValidationError(_("The self-assessment of this round is closed."))
    if entry.self_status == AssessmentStatus.SUBMITTED:
        raise ValidationError(_("The self-assessment has been submitted and can no longer change."))
    _check_cells(entry.round, cells, complete=submit)
    if submit:
        _bump(
            RoundEntry,
            entry,
            expected_revision,
            self_status=AssessmentStatus.SUBMITTED,
            self_submitted_at=timezone.now(),
            self_submitted_by=by,
        )
    else:
        _bump(RoundEntry, entry, expected_revision)
    _write_cells(SelfScore, "entry", entry, cells)
    for dimension, fields in evidence.items():
        item, _created = SelfEvidence.objects.get_or_create(entry=entry, dimension=dimension)
        item.explanation = fields.get("explanation", "")
        item.evidence_url = fields.get("evidence_url", "")
        if fields.get("evidence_file"):
            item.evidence_file = fields["evidence_file"]
        item.save()
    if submit:
        audit.record(
            "implementation.self_assessment_submitted",
            target=entry,
            by=by,
            region_code=entry.participation.region.code,
        )
    return entry


# The longest reason kept with a hand-back (as the form fields of notes elsewhere).
NOTE_MAX_LENGTH = 2000


@transaction.atomic
def reopen_self_assessment(entry: RoundEntry, *, by, note: str) -> RoundEntry:
    """The secretariat hands a submitted self-assessment back to the region (with a reason)."""
    if not note.strip():
        raise ValidationError(_("Say why the self-assessment goes back to the region."))
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Write the reason in at most %(limit)s characters; nothing was changed.")
            % {"limit": number_format(NOTE_MAX_LENGTH, force_grouping=True)}
        )
    if entry.round.status != RoundStatus.SELF_ASSESSMENT:
        raise ValidationError(_("The self-assessment of this round is closed."))
    RoundEntry.objects.filter(pk=entry.pk).update(
        self_status=AssessmentStatus.DRAFT, self_submitted_at=None, revision=F("revision") + 1
    )
    entry.refresh_from_db()
    audit.record("implementation.self_assessment_reopened", target=entry, by=by, note=note)
    return entry


def validator_problem(entry: RoundEntry, evaluator) -> str:
    """Why ``evaluator`` may not validate ``entry`` ("" when they may)."""
    participation = entry.participation
    if not (evaluator.is_active and evaluator.is_evaluator):
        return _("Only active evaluators validate.")
    if participation.mentors.filter(pk=evaluator.pk).exists():
        return _("%(name)s mentors this region and cannot validate it.") % {"name": evaluator}
    if DeclaredConflict.objects.filter(evaluator=evaluator, region=participation.region_id).exists():
        return _("%(name)s declared a conflict of interest with this region.") % {"name": evaluator}
    if participation.region.memberships.filter(user=evaluator).exists():
        return _("%(name)s belongs to the region's team.") % {"name": evaluator}
    return ""


@transaction.atomic
def assign_validator(entry: RoundEntry, evaluator, *, by) -> ValidationSheet:
    if entry.round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("The round is published."))
    problem = validator_problem(entry, evaluator)
    if problem:
        raise ValidationError(problem)
    sheet, created = ValidationSheet.objects.get_or_create(
        entry=entry, evaluator=evaluator, defaults={"is_demo": entry.is_demo}
    )
    if created:
        audit.record("implementation.validator_assigned", target=entry, by=by, new=str(evaluator))
    return sheet


@transaction.atomic
def unassign_validator(sheet: ValidationSheet, *, by) -> None:
    if sheet.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(_("A submitted validation is evidence and stays."))
    audit.record("implementation.validator_removed", target=sheet.entry, by=by, old=str(sheet.evaluator))
    sheet.delete()


@transaction.atomic
def save_validation(
    sheet: ValidationSheet, *, cells: dict, comment: str, by, expected_revision: int, submit: bool = False
) -> ValidationSheet:
    sheet = ValidationSheet.objects.select_related(
        "entry__round__rubric", "entry__round__framework_version"
    ).get(pk=sheet.pk)
    if sheet.evaluator_id != by.pk:
        raise ValidationError(_("Only the assigned evaluator fills in this validation."))
    if sheet.entry.round.status != RoundStatus.VALIDATION:
        raise ValidationError(_("The round is not in validation."))
    if sheet.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(_("The validation has been submitted and can no longer change."))
    _check_cells(sheet.entry.round, cells, complete=submit)
    values = {"general_comment": comment}
    if submit:
        values |= {"status": AssessmentStatus.SUBMITTED, "submitted_at": timezone.now()}
    _bump(ValidationSheet, sheet, expected_revision, **values)
    _write_cells(ValidationScore, "sheet", sheet, cells)
    if submit:
        audit.record("implementation.validation_submitted", target=sheet.entry, by=by)
    return sheet


# --- results -------------------------------------------------------------------------------------------------


@dataclass
class IndexRow:
    entry: RoundEntry
    index: Decimal | None
    rank: int | None = None
    previous: Decimal | None = None
    change: Decimal | None = None
    self_index: Decimal | None = None
    by_evaluation: list = field(default_factory=list)  # [(label, code, value)]
    by_dimension: list = field(default_factory=list)  # [(Dimension, value)]
    sheets_submitted: int = 0
    sheets_assigned: int = 0
    figures: progress.ProgressSummary | None = None

    @property
    def region(self):
        return self.entry.participation.region


def _specs(rnd: ImplementationRound) -> list[index.CriterionSpec]:
    return [
        index.CriterionSpec(c.pk, c.implementation_dimension, c.weight, c.scale_min, c.scale_max)
        for c in rnd.rubric.criteria.all()
    ]


def _cells(scores) -> dict:
    return {(s.criterion_id, s.dimension_id): (s.value, s.is_na) for s in scores}


def _previous_indices(rnd: ImplementationRound) -> dict[int, Decimal]:
    """Region id → index in the latest published round before this one."""
    previous = ImplementationRound.objects.published().filter(year__lt=rnd.year).order_by("-year").first()
    if previous is None:
        return {}
    return {
        row.entry.participation.region_id: row.index
        for row in round_results(previous, with_previous=False, with_figures=False)
        if row.index is not None
    }


def monitoring_figures(participation_ids, *, as_of: datetime.date) -> dict[int, progress.ProgressSummary]:
    """The share of programmes on track and of quick wins delivered on time, per participation, as of a date
    (three queries whatever the number of regions)."""
    rows = progress.progress_rows(
        MasterplanProgramme.objects.filter(masterplan__participation__in=list(participation_ids)),
        as_of=as_of,
        with_milestones=False,
    )
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.programme.masterplan.participation_id, []).append(row)
    return {pk: progress.summarise(group) for pk, group in grouped.items()}


def round_as_of(rnd: ImplementationRound) -> datetime.date:
    return min(timezone.localdate(), datetime.date(rnd.year, 12, 31))


def round_results(
    rnd: ImplementationRound, *, with_previous: bool = True, with_figures: bool = True
) -> list[IndexRow]:
    """Every entry of the round with its validated index, rank and change from the previous published round.
    A constant number of queries."""
    specs = _specs(rnd)
    dimensions = list(rnd.framework_version.dimensions.all())
    dimension_ids = [d.pk for d in dimensions]
    weights = rnd.scheme.weight_map()
    scale = rnd.scale
    entries = list(
        rnd.entries.select_related(
            "participation__region__province", "participation__cohort"
        ).prefetch_related(
            "self_scores",
            Prefetch("sheets", queryset=ValidationSheet.objects.prefetch_related("scores")),
        )
    )
    previous = _previous_indices(rnd) if with_previous else {}
    figures = (
        monitoring_figures([e.participation_id for e in entries], as_of=round_as_of(rnd))
        if with_figures
        else {}
    )
    labels = dict(ImplementationDimension.choices)
    rows = []
    for entry in entries:
        sheets = list(entry.sheets.all())
        submitted = [s for s in sheets if s.status == AssessmentStatus.SUBMITTED]
        grids = [index.sheet_grid(specs, _cells(s.scores.all()), dimension_ids, scale) for s in submitted]
        result = (
            index.region_index(index.mean_grid(grids), weights, EVALUATION_DIMENSIONS, dimension_ids)
            if grids
            else None
        )
        self_scores = list(entry.self_scores.all())
        own = (
            index.region_index(
                index.sheet_grid(specs, _cells(self_scores), dimension_ids, scale),
                weights,
                EVALUATION_DIMENSIONS,
                dimension_ids,
            )
            if self_scores
            else None
        )
        value = result.index if result else None
        region_id = entry.participation.region_id
        rows.append(
            IndexRow(
                entry=entry,
                index=value,
                previous=previous.get(region_id),
                change=index.change(value, previous.get(region_id)),
                self_index=own.index if own else None,
                by_evaluation=[
                    (labels[e], e, result.by_evaluation.get(e) if result else None)
                    for e in EVALUATION_DIMENSIONS
                ],
                by_dimension=[(d, result.by_dimension.get(d.pk) if result else None) for d in dimensions],
                sheets_submitted=len(submitted),
                sheets_assigned=len(sheets),
                figures=figures.get(entry.participation_id),
            )
        )
    ranked = index.rank(
        [index.Ranked(key=row, index=row.index, name=row.entry.participation.region.name) for row in rows]
    )
    for item in ranked:
        item.key.rank = item.rank
    return [item.key for item in ranked]


def _text(value) -> str | None:
    return None if value is None else str(value)


def store_results(rnd: ImplementationRound) -> int:
    """Write the published index of every entry (see IndexResult)."""
    rows = round_results(rnd, with_figures=False)
    ranked = sum(1 for r in rows if r.rank is not None)
    IndexResult.objects.filter(entry__round=rnd).delete()
    IndexResult.objects.bulk_create(
        IndexResult(
            entry=row.entry,
            index=row.index,
            rank=row.rank,
            ranked_among=ranked,
            previous=row.previous,
            change=row.change,
            self_index=row.self_index,
            by_evaluation={code: _text(value) for _label, code, value in row.by_evaluation},
            by_dimension={d.code: _text(value) for d, value in row.by_dimension},
        )
        for row in rows
    )
    return len(rows)


def latest_published_round(year: int | None = None) -> ImplementationRound | None:
    rounds = ImplementationRound.objects.published().select_related("scheme", "rubric", "framework_version")
    if year is not None:
        return rounds.filter(year=year).first()
    return rounds.order_by("-year").first()


# --- what dashboards read (published results only) --------------------------------------------------------------


def published_results(year: int | None = None) -> tuple[ImplementationRound | None, list[IndexResult]]:
    """The latest (or the given year's) published round and its stored results, best first. Two queries."""
    rnd = latest_published_round(year)
    if rnd is None:
        return None, []
    results = list(
        IndexResult.objects.filter(entry__round=rnd)
        .select_related("entry__participation__region__province", "entry__participation__cohort")
        .order_by(F("rank").asc(nulls_last=True), "entry__participation__region__name")
    )
    return rnd, results


def index_histogram(
    values: list[Decimal], *, scale: index.Scale = index.DEFAULT_SCALE, step: Decimal | None = None
) -> list[tuple]:
    """[(from, to, count)] over the round's index scale; the top bin includes its top (index.histogram_bins)."""
    return index.histogram_bins(values, scale, step=step)


def region_index_history(region) -> list[IndexResult]:
    """The region's published indices, oldest first. One query."""
    return list(
        IndexResult.objects.published()
        .filter(entry__participation__region=region)
        .select_related("entry__round")
        .order_by("entry__round__year")
    )


def published_index_of(region_id: int, year: int) -> IndexResult | None:
    """The region's published index of the year, for monitoring's yearly report (registered in apps.py)."""
    return (
        IndexResult.objects.published()
        .filter(entry__participation__region=region_id, entry__round__year=year)
        .select_related("entry__round")
        .first()
    )
