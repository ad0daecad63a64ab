import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.programmes.models import (
    SELECTED_STATUSES,
    AssessmentScore,
    Cohort,
    Participation,
    ParticipationStatus,
    SelectionCriterion,
)

logger = logging.getLogger(__name__)
S = ParticipationStatus
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.SHORTLISTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.SHORTLISTED: {S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.NOT_SELECTED: {S.SHORTLISTED},
    S.SELECTED: {S.MENTORING, S.WITHDRAWN},
    S.MENTORING: {S.EVALUATED, S.WITHDRAWN},
    S.EVALUATED: {S.GRADUATED, S.WITHDRAWN},
    S.GRADUATED: set(),
    S.WITHDRAWN: set(),
}


def allowed_statuses(participation: Participation) -> list[ParticipationStatus]:
    return [s for s in ParticipationStatus if s in ALLOWED_TRANSITIONS[participation.status]]


def selected_count(cohort: Cohort) -> int:
    return cohort.participations.filter(status__in=SELECTED_STATUSES).count()


@transaction.atomic
def change_status(participation: Participation, new: str, *, by, note: str = "") -> Participation:
    """Move a participation to another status.

    Side effects: an AuditEntry; an e-mail to the region's team and the mentors.
    """
    # Lock the cohort row so two secretariat officers cannot both take the last free place.
    cohort = Cohort.objects.select_for_update().get(pk=participation.cohort_id)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    old = participation.status
    if new not in ALLOWED_TRANSITIONS.get(old, set()):
        raise ValidationError(
            _("A participation cannot move from “%(old)s” to “%(new)s”.")
            % {"old": ParticipationStatus(old).label, "new": _label(new)}
        )
    if new == S.SELECTED and selected_count(cohort) >= cohort.target_size:
        raise ValidationError(
            _("The cohort is full: %(count)s of %(target)s places are taken.")
            % {"count": selected_count(cohort), "target": cohort.target_size}
        )
    participation.status = new
    participation.save(update_fields=["status", "updated_at"])
    audit.record(
        "participation.status",
        target=participation,
        by=by,
        field="status",
        old=old,
        new=new,
        note=note,
        region_code=participation.region.code,
    )
    transaction.on_commit(lambda: _notify_status(participation, old, note))
    return participation


def _label(value: str) -> str:
    try:
        return ParticipationStatus(value).label
    except ValueError:
        return value


def _notify_status(participation: Participation, old: str, note: str) -> None:
    recipients = {
        m.user.email for m in participation.region.memberships.select_related("user") if m.user.is_active
    }
    recipients |= {u.email for u in participation.mentors.filter(is_active=True)}
    if not recipients:
        return
    # Mail goes out in Indonesian, the programme's working language.
    with translation.override("id"):
        context = {
            "participation": participation,
            "old": _label(old),
            "new": participation.get_status_display(),
            "note": note,
        }
        subject = render_to_string("programmes/email/status_subject.txt", context).strip()
        body = render_to_string("programmes/email/status.txt", context)
    send_notifications(subject, body, recipients)


def send_notifications(subject: str, body: str, recipients) -> None:
    """Send one e-mail per recipient. A mail server failure is logged, never turned into an error page:
    the change it reports has already been saved."""
    try:
        send_mass_mail([(subject, body, None, [email]) for email in sorted(recipients)], fail_silently=False)
    except Exception:  # any SMTP or connection error
        logger.exception("Could not send notification %r to %s recipients", subject, len(recipients))


@transaction.atomic
def assign_mentors(participation: Participation, mentors, *, by) -> Participation:
    before = sorted(u.email for u in participation.mentors.all())
    participation.mentors.set(mentors)
    after = sorted(u.email for u in participation.mentors.all())
    if before != after:
        audit.record(
            "participation.mentors",
            target=participation,
            by=by,
            field="mentors",
            old=", ".join(before),
            new=", ".join(after),
            region_code=participation.region.code,
        )
    return participation


@transaction.atomic
def record_assessment(
    participation: Participation, *, assessor, scores: dict[int, int], comments: dict[int, str]
):
    """Save one assessor's scores for an application; every criterion of the cohort must be scored."""
    if not participation.cohort.assessors.filter(pk=assessor.pk, is_evaluator=True, is_active=True).exists():
        raise ValidationError(_("Only the cohort's assessors can assess its applications."))
    if participation.status not in (S.APPLIED, S.SHORTLISTED):
        raise ValidationError(_("Only applications still under selection can be assessed."))
    criteria = {c.pk: c for c in participation.cohort.criteria.all()}
    errors = {}
    for pk, criterion in criteria.items():
        value = scores.get(pk)
        if value is None or not (0 <= value <= criterion.max_score):
            errors[f"score_{pk}"] = _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
    if set(scores) - set(criteria):
        errors["__all__"] = _("A score was given for a criterion of another cohort.")
    if errors:
        raise ValidationError(errors)
    for pk, criterion in criteria.items():
        AssessmentScore.objects.update_or_create(
            participation=participation,
            criterion=criterion,
            assessor=assessor,
            defaults={"score": scores[pk], "comment": comments.get(pk, "")},
        )
    audit.record(
        "selection.assessed",
        target=participation,
        by=assessor,
        new=", ".join(f"{criteria[pk].name}={scores[pk]}" for pk in criteria),
        region_code=participation.region.code,
    )


@dataclass
class RankedApplication:
    rank: int | None
    participation: Participation
    score: Decimal | None
    assessor_count: int


def weighted_score(criteria: list[SelectionCriterion], scores: dict[int, int]) -> Decimal:
    """One assessor's score on 0–100: the weighted mean of each criterion's score over its maximum."""
    total_weight = sum(c.weight for c in criteria)
    total = sum(c.weight * Decimal(scores[c.pk]) / Decimal(c.max_score) for c in criteria)
    return total / total_weight * 100


def rank_applications(cohort: Cohort) -> list[RankedApplication]:
    """Rank a cohort's applications by the mean of their assessors' weighted scores.

    Only complete assessments (every criterion scored) count. Unscored applications come last, unranked.
    Equal scores share a rank; the order among them is by region code.
    """
    criteria = list(cohort.criteria.all())
    participations = list(
        cohort.participations.exclude(status=S.WITHDRAWN).select_related("region", "region__province")
    )
    by_pair: dict[tuple[int, int], dict[int, int]] = {}
    current_scores = AssessmentScore.objects.filter(
        participation__cohort=cohort, assessor__in=cohort.assessors.all()
    )
    for s in current_scores.values("participation_id", "assessor_id", "criterion_id", "score"):
        by_pair.setdefault((s["participation_id"], s["assessor_id"]), {})[s["criterion_id"]] = s["score"]
    per_participation: dict[int, list[Decimal]] = {}
    for (participation_id, _assessor), scores in by_pair.items():
        if criteria and all(c.pk in scores for c in criteria):
            per_participation.setdefault(participation_id, []).append(weighted_score(criteria, scores))
    rows = []
    for p in participations:
        values = per_participation.get(p.pk, [])
        mean = (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP) if values else None
        rows.append(RankedApplication(rank=None, participation=p, score=mean, assessor_count=len(values)))
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.participation.region.code))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            break
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank
    return rows


@transaction.atomic
def select_top_applications(cohort: Cohort, *, by, note: str = "") -> list[Participation]:
    """Select the best-ranked shortlisted applications until the cohort reaches its target size."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    free = cohort.target_size - selected_count(cohort)
    chosen = []
    for row in rank_applications(cohort):
        if free <= 0:
            break
        if row.score is not None and row.participation.status == S.SHORTLISTED:
            chosen.append(
                change_status(row.participation, S.SELECTED, by=by, note=note or _("Selected by rank."))
            )
            free -= 1
    return chosen
