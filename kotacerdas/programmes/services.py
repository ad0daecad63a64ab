"""What changes a programme's cohorts and participations: statuses, mentors, applications, assessments and the
selection, each with its audit entry. Who may do it is decided in programmes/rules.py (the views declare it with
the gate of core/permissions.py); nothing here reads a user's roles.

Selection scores are computed exactly (``fractions.Fraction``) and rounded once, to two decimals, for display,
ranks and the audit trail (docs/architecture.md, "Selection score").
"""

import hashlib
import json
import logging
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import User
from kotacerdas.core import audit, deletion
from kotacerdas.programmes.models import (
    EXPIRY_WARNING_DAYS,
    SELECTED_STATUSES,
    Agreement,
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


def status_recipients(participation: Participation) -> set[str]:
    """Who is e-mailed about a status change: the region's team and the mentors (active accounts)."""
    recipients = {
        m.user.email for m in participation.region.memberships.select_related("user") if m.user.is_active
    }
    recipients |= {u.email for u in participation.mentors.filter(is_active=True)}
    return recipients


def _notify_status(participation: Participation, old: str, note: str) -> None:
    recipients = status_recipients(participation)
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
def register_application(cohort: Cohort, region, *, by) -> Participation:
    """Register ``region``'s application to ``cohort`` (status applied), with its audit entry."""
    participation = Participation.objects.create(cohort=cohort, region=region)
    audit.record(
        "participation.status",
        target=participation,
        by=by,
        field="status",
        new=participation.status,
        note=_("Application registered."),
        region_code=participation.region.code,
    )
    return participation


@transaction.atomic
def save_cohort(form, *, by) -> Cohort:
    """Save a cohort (``form``: a valid CohortForm), with its audit entry."""
    cohort = form.save()
    audit.record("cohort.saved", target=cohort, by=by, new=f"target={cohort.target_size}")
    return cohort


@transaction.atomic
def save_stage(form, *, by):
    """Save a stage of a cohort (``form``: a valid StageForm), with its audit entry."""
    stage = form.save()
    audit.record("stage.saved", target=stage, by=by, new=f"{stage.kind} {stage.starts_on}–{stage.ends_on}")
    return stage


@transaction.atomic
def save_participation_details(form, *, by) -> Participation:
    """Save a participation's details (``form``: a valid ParticipationDetailsForm); changed notes are audited.
    The MoU lives in the region's agreement register (``save_agreement``)."""
    participation = form.instance
    before = Participation.objects.values_list("notes", flat=True).get(pk=participation.pk)
    participation = form.save()
    if before != participation.notes:
        audit.record(
            "participation.details",
            target=participation,
            by=by,
            field="notes",
            region_code=participation.region.code,
        )
    return participation


def _agreement_summary(agreement: Agreement) -> str:
    validity = f"{agreement.valid_from or ''}–{agreement.valid_until or ''}".strip("–")
    return " ".join(
        part
        for part in (agreement.short_kind, agreement.our_number, agreement.region_number, validity)
        if part
    )


@transaction.atomic
def save_agreement(form, *, by) -> Agreement:
    """Save an agreement of a region (``form``: a valid AgreementForm), with its audit entry naming the changed
    fields. A replaced or cleared scan's old file is removed once the change is committed."""
    agreement = form.instance
    old_scan = (
        Agreement.objects.filter(pk=agreement.pk).values_list("scan", flat=True).first()
        if agreement.pk
        else ""
    )
    created = agreement.pk is None
    agreement = form.save()
    audit.record(
        "agreement.saved",
        target=agreement,
        by=by,
        field="" if created else ", ".join(form.changed_data),
        new=_agreement_summary(agreement),
        region_code=agreement.region.code,
    )
    if old_scan and old_scan != agreement.scan.name:
        storage = agreement.scan.storage
        transaction.on_commit(lambda: storage.delete(old_scan))
    return agreement


@transaction.atomic
def delete_agreement(agreement: Agreement, *, by) -> None:
    """Delete an agreement, with its audit entry; refused (``DeletionRefused``) while another agreement follows
    from it. Its scan is removed once the deletion is committed."""
    summary = _agreement_summary(agreement)
    region_code = agreement.region.code
    scan_name, storage = agreement.scan.name, agreement.scan.storage
    audit.record("agreement.deleted", target=agreement, by=by, old=summary, region_code=region_code)
    deletion.delete(agreement)
    if scan_name:
        transaction.on_commit(lambda: storage.delete(scan_name))


@transaction.atomic
def add_criterion(form, *, by) -> SelectionCriterion:
    """Add a selection criterion to a cohort (``form``: a valid CriterionForm), with its audit entry."""
    criterion = form.save()
    audit.record(
        "selection.criterion_added",
        target=criterion.cohort,
        by=by,
        new=f"{criterion.name} ({criterion.weight})",
    )
    return criterion


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
    if not assessor.has_perm("programmes.assess_application", participation):
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
    score: Decimal | None  # the exact score rounded once to two decimals (rounded_score): shown, ranked, tied
    assessor_count: int  # complete assessments counted in the score
    pending_count: int = 0  # assessors of the cohort who may still assess it and have not done so completely
    exact_score: Fraction | None = None

    @property
    def expected_count(self) -> int:
        """The assessments the application should have: those made and those still owed."""
        return self.assessor_count + self.pending_count

    @property
    def is_complete(self) -> bool:
        return self.assessor_count > 0 and self.pending_count == 0


def weighted_score(criteria: list[SelectionCriterion], scores: dict[int, int]) -> Fraction:
    """One assessor's score on 0–100, exactly: the weighted mean of each criterion's score over its maximum."""
    total_weight = sum(Fraction(c.weight) for c in criteria)
    total = sum(Fraction(c.weight) * Fraction(scores[c.pk], c.max_score) for c in criteria)
    return total / total_weight * 100


def application_score(
    criteria: list[SelectionCriterion], assessments: Iterable[dict[int, int]]
) -> Fraction | None:
    """An application's score, exactly: the mean of the weighted scores of its complete assessments (each a
    criterion id → score mapping; one that misses a criterion does not count). None without any."""
    values = [
        weighted_score(criteria, a) for a in assessments if criteria and all(c.pk in a for c in criteria)
    ]
    return sum(values, Fraction(0)) / len(values) if values else None


def rounded_score(value: Fraction) -> Decimal:
    """``value`` (at least 0) rounded half up to two decimals: the one rounding of a score, after all the
    arithmetic, so that applications with the same exact score show, rank and tie the same."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)


def rank_applications(cohort: Cohort) -> list[RankedApplication]:
    """Rank a cohort's applications by the mean of their assessors' weighted scores.

    Only complete assessments (every criterion scored) count. Unscored applications come last, unranked.
    The score is computed exactly and rounded once (``application_score``, ``rounded_score``). Equal (rounded)
    scores share a rank; the order among them (by region code) is for display only: selection never uses it to
    break a tie (see ``compute_selection_situation``).
    """
    criteria = list(cohort.criteria.all())
    participations = list(
        cohort.participations.exclude(status=S.WITHDRAWN).select_related("region", "region__province")
    )
    # Assessors who can still assess (record_assessment accepts only active evaluators).
    able = set(cohort.assessors.filter(is_active=True, is_evaluator=True).values_list("pk", flat=True))
    by_pair: dict[tuple[int, int], dict[int, int]] = {}
    current_scores = AssessmentScore.objects.filter(
        participation__cohort=cohort, assessor__in=cohort.assessors.all()
    )
    for s in current_scores.values("participation_id", "assessor_id", "criterion_id", "score"):
        by_pair.setdefault((s["participation_id"], s["assessor_id"]), {})[s["criterion_id"]] = s["score"]
    assessments: dict[int, list[dict[int, int]]] = {}
    complete_by: dict[int, set[int]] = {}
    for (participation_id, assessor_id), scores in by_pair.items():
        if criteria and all(c.pk in scores for c in criteria):
            assessments.setdefault(participation_id, []).append(scores)
            complete_by.setdefault(participation_id, set()).add(assessor_id)
    rows = []
    for p in participations:
        complete = assessments.get(p.pk, [])
        exact = application_score(criteria, complete)
        rows.append(
            RankedApplication(
                rank=None,
                participation=p,
                score=None if exact is None else rounded_score(exact),
                assessor_count=len(complete),
                pending_count=len(able - complete_by.get(p.pk, set())),
                exact_score=exact,
            )
        )
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.participation.region.code))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            break
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank
    return rows


@dataclass
class SelectionSituation:
    """What selecting by rank would do now, and what it cannot decide alone.

    ``certain``: shortlisted applications ranked above the cut-off, selected by rank. ``tied``: the
    shortlisted applications sharing the score at the cut-off when there are more of them than places left
    (``tied_places``); someone must choose among them. ``incomplete``: shortlisted applications that an
    assessor of the cohort has not (completely) assessed yet.
    """

    ranking: list[RankedApplication]
    target_size: int
    taken: int
    certain: list[RankedApplication]
    tied: list[RankedApplication]
    tied_places: int
    incomplete: list[RankedApplication]

    @property
    def free(self) -> int:
        return max(self.target_size - self.taken, 0)

    @property
    def tie_score(self) -> Decimal | None:
        return self.tied[0].score if self.tied else None

    @property
    def needs_decision(self) -> bool:
        return bool(self.free and (self.tied or self.incomplete))

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.ranking if row.is_complete)

    @property
    def state(self) -> str:
        """A fingerprint of everything the situation was computed from, to notice changes under a decision."""
        parts = [self.target_size, self.taken] + [
            [r.participation.pk, r.participation.status, str(r.score), r.assessor_count, r.pending_count]
            for r in self.ranking
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:20]


def split_at_cut_off(candidates: list, free: int) -> tuple[list, list]:
    """(selected by rank, tied at the cut-off) among ``candidates`` (scored, best first) for ``free`` places.

    The tied group is empty unless more candidates share the score of the last place than places are left.
    """
    if 0 < free < len(candidates) and candidates[free].score == candidates[free - 1].score:
        cut = candidates[free - 1].score
        return [r for r in candidates if r.score > cut], [r for r in candidates if r.score == cut]
    return candidates[:free], []


def compute_selection_situation(cohort: Cohort) -> SelectionSituation:
    ranking = rank_applications(cohort)
    taken = selected_count(cohort)
    free = max(cohort.target_size - taken, 0)
    shortlisted = [r for r in ranking if r.participation.status == S.SHORTLISTED]
    certain, tied = split_at_cut_off([r for r in shortlisted if r.score is not None], free)
    return SelectionSituation(
        ranking=ranking,
        target_size=cohort.target_size,
        taken=taken,
        certain=certain,
        tied=tied,
        tied_places=free - len(certain) if tied else 0,
        incomplete=[r for r in shortlisted if not r.is_complete],
    )


def _score_text(score: Decimal | None) -> str:
    return "—" if score is None else number_format(score, decimal_pos=2, use_l10n=True)


def _region_text(row: RankedApplication) -> str:
    return f"{row.participation.region.name} ({row.participation.region.code})"


def _check_decision(
    situation: SelectionSituation, *, chosen: set[int], reason: str, acknowledge_incomplete: bool
) -> None:
    """Raise a ValidationError (by form field) when the explicit decision the situation needs is missing."""
    errors: dict[str, str] = {}
    if situation.free and situation.tied:
        tied_ids = {r.participation.pk for r in situation.tied}
        numbers = {
            "count": len(situation.tied),
            "score": _score_text(situation.tie_score),
            "places": situation.tied_places,
            "chosen": len(chosen),
        }
        if not chosen:
            errors["tie_choice"] = (
                ngettext(
                    "%(count)s regions have the same score (%(score)s) for the last place: choose which of them "
                    "takes it.",
                    "%(count)s regions have the same score (%(score)s) for the last %(places)s places: choose "
                    "which of them take these places.",
                    situation.tied_places,
                )
                % numbers
            )
        elif not chosen <= tied_ids:
            errors["tie_choice"] = _("Choose only among the regions with the same score at the cut-off.")
        elif len(chosen) != situation.tied_places:
            errors["tie_choice"] = (
                _(
                    "Choose exactly %(places)s of the %(count)s regions with the same score; you chose %(chosen)s."
                )
                % numbers
            )
    elif chosen:
        errors["tie_choice"] = _("There is no tie at the cut-off to decide.")
    if situation.free and situation.incomplete and not acknowledge_incomplete:
        errors["acknowledge_incomplete"] = ngettext(
            "The assessment of %(count)s shortlisted application is not complete. Confirm that you continue "
            "anyway, or wait for the assessors.",
            "The assessments of %(count)s shortlisted applications are not complete. Confirm that you "
            "continue anyway, or wait for the assessors.",
            len(situation.incomplete),
        ) % {"count": len(situation.incomplete)}
    if situation.needs_decision and not reason:
        errors["reason"] = _(
            "Write the reason for this decision; it is kept with the decision in the audit trail."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def select_top_applications(
    cohort: Cohort,
    *,
    by,
    note: str = "",
    tie_choice: Collection[int] = (),
    reason: str = "",
    acknowledge_incomplete: bool = False,
    expected_state: str = "",
) -> list[Participation]:
    """Select the best-ranked shortlisted applications until the cohort reaches its target size.

    A tie across the last places, and shortlisted applications not yet assessed by every assessor, are never
    settled silently: the caller names the tied applications (participation ids in ``tie_choice``) that take
    the places left, confirms ``acknowledge_incomplete``, and gives a ``reason``; otherwise nothing changes.
    ``expected_state`` (``SelectionSituation.state`` as shown to the user) refuses a decision taken on a
    situation that has changed since.

    Side effects: ``change_status`` for each selected application (audit entry, mail); an audit entry on the
    cohort for a decided tie and for continuing with incomplete assessments, with the reason.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    situation = compute_selection_situation(cohort)
    if expected_state and expected_state != situation.state:
        raise ValidationError(
            _(
                "The ranking or the places changed while this page was open (new assessments or decisions). "
                "Check the situation again and decide anew."
            ),
            code="stale",
        )
    chosen_ids = set(tie_choice)
    reason = reason.strip()
    _check_decision(
        situation, chosen=chosen_ids, reason=reason, acknowledge_incomplete=acknowledge_incomplete
    )
    if not situation.free:
        return []
    chosen_tied = [r for r in situation.tied if r.participation.pk in chosen_ids]
    if situation.incomplete:
        audit.record(
            "selection.incomplete_acknowledged",
            target=cohort,
            by=by,
            field="assessments",
            old="; ".join(
                _("%(region)s: %(done)s of %(expected)s assessors")
                % {"region": _region_text(r), "done": r.assessor_count, "expected": r.expected_count}
                for r in situation.incomplete
            ),
            note=reason,
        )
    if situation.tied:
        audit.record(
            "selection.tie_decided",
            target=cohort,
            by=by,
            field="tie",
            old=ngettext(
                "%(count)s regions with the same score (%(score)s) for %(places)s place: %(regions)s",
                "%(count)s regions with the same score (%(score)s) for %(places)s places: %(regions)s",
                situation.tied_places,
            )
            % {
                "count": len(situation.tied),
                "score": _score_text(situation.tie_score),
                "places": situation.tied_places,
                "regions": ", ".join(_region_text(r) for r in situation.tied),
            },
            new=", ".join(_region_text(r) for r in chosen_tied),
            note=reason,
        )
    by_rank = note or _("Selected by rank.")
    chosen = [change_status(r.participation, S.SELECTED, by=by, note=by_rank) for r in situation.certain]
    tie_note = _(
        "Chosen by the secretariat among %(count)s applications with the same score (%(score)s); the reason "
        "is recorded with the selection decision."
    ) % {"count": len(situation.tied), "score": _score_text(situation.tie_score)}
    chosen += [change_status(r.participation, S.SELECTED, by=by, note=tie_note) for r in chosen_tied]
    return chosen


# --- agreement reminders -----------------------------------------------------------------------------------------


def agreement_reminder_recipients() -> list[str]:
    """Who gets the weekly reminder of ending agreements: every active secretariat account."""
    return sorted(
        User.objects.filter(is_secretariat=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def send_agreement_reminders(today, *, site_url: str = "") -> tuple[int, int]:
    """E-mail every active secretariat account the agreements whose validity ends within EXPIRY_WARNING_DAYS
    days (and has not ended): one message each, plain text and HTML, in Indonesian. Nothing is sent when no
    agreement ends. Returns (messages sent, agreements listed)."""
    agreements = list(
        Agreement.objects.ending_within(today).select_related("region").order_by("valid_until", "pk")
    )
    recipients = agreement_reminder_recipients()
    if not agreements or not recipients:
        return 0, len(agreements)
    base = site_url.rstrip("/")
    with translation.override("id"):
        context = {
            "rows": [(a, a.days_left(today)) for a in agreements],
            "days": EXPIRY_WARNING_DAYS,
            "count": len(agreements),
            "base": base,
            "register_url": base + reverse("programmes:agreement_register") + "?ending=1" if base else "",
        }
        subject = render_to_string("programmes/email/agreements_subject.txt", context).strip()
        text = render_to_string("programmes/email/agreements.txt", context)
        html = render_to_string("programmes/email/agreements.html", context)
    messages = []
    for email in recipients:
        message = EmailMultiAlternatives(subject, text, None, [email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    return sent, len(agreements)
