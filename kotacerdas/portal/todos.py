"""What each signed-in user must do next: the dashboard's "Perlu tindakan Anda" block.

One function per role returns plain ``Todo`` items: a count, a sentence, and the page where the work is done (the
object's own page when there is one thing to do, else the list it sits in). Every function starts from the
scoping QuerySets (``visible_to``, the evaluator's panels, the user's own sheets), so nothing of a region the user
does not follow can appear, and each runs a fixed number of queries whatever the amount of data.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Count, Max, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.evaluations.conflicts import conflicts_for
from kotacerdas.evaluations.models import EvaluationEvent, ScoreSheet, Session, SheetStatus
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    RoundEntry,
    RoundStatus,
    ValidationSheet,
)
from kotacerdas.masterplans.models import Comment, Masterplan, MasterplanStatus
from kotacerdas.monitoring.models import IndicatorValue, Milestone, ValueStatus
from kotacerdas.programmes.models import (
    EXPIRY_WARNING_DAYS,
    Agreement,
    Participation,
    ParticipationStatus,
    Stage,
)
from kotacerdas.regions.models import MembershipRole, RegionMembership
from kotacerdas.scheduling.models import ProposalStatus, ScheduleProposal

TEAM, MENTOR, EVALUATOR, SECRETARIAT = "team", "mentor", "evaluator", "secretariat"
ROLE_LABELS = {
    TEAM: _("Region team"),
    MENTOR: _("Mentor"),
    EVALUATOR: _("Evaluator"),
    SECRETARIAT: _("Secretariat"),
}
# How far ahead a region team is reminded of its cohort's stages (bimtek, evaluation).
STAGE_HORIZON_DAYS = 60
# Statuses in which a region writes its masterplan.
MASTERPLAN_PHASE = [ParticipationStatus.SELECTED, ParticipationStatus.MENTORING]


@dataclass(frozen=True)
class Todo:
    role: str
    count: int
    text: str  # what the count counts, e.g. "indicator values awaiting your verification"
    url: str
    where: str = ""  # the region, event, cohort or round it concerns
    due: date | None = None
    is_late: bool = False


def todos_for(user, *, today: date | None = None) -> list[Todo]:
    """Every to-do of ``user``, role by role (a person can be on a region team, a mentor and an evaluator)."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    today = today or timezone.localdate()
    items = region_team_todos(user, today=today)
    if user.is_mentor:
        items += mentor_todos(user)
    if user.is_evaluator:
        items += evaluator_todos(user, today=today)
    if user.is_secretariat:
        items += secretariat_todos(user, today=today)
    return items


def grouped(items: list[Todo]) -> list[tuple[str, list[Todo]]]:
    """(role label, items) in the order of ROLE_LABELS, roles without items left out."""
    by_role = defaultdict(list)
    for item in items:
        by_role[item.role].append(item)
    return [(label, by_role[role]) for role, label in ROLE_LABELS.items() if by_role[role]]


def _url(name: str, *args, anchor: str = "", query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _where(participation) -> str:
    return f"{participation.region.name} · {participation.cohort.name}"


# --- region team ---------------------------------------------------------------------------------------------


def region_team_todos(user, *, today: date) -> list[Todo]:
    """Drafts and deadlines of the regions where ``user`` is an editor or approver (viewers cannot act)."""
    editing = RegionMembership.objects.filter(
        user=user, role__in=[MembershipRole.EDITOR, MembershipRole.APPROVER]
    ).values("region")
    participations = list(
        Participation.objects.visible_to(user)
        .filter(region__in=editing)
        .exclude(status__in=[ParticipationStatus.NOT_SELECTED, ParticipationStatus.WITHDRAWN])
        .select_related("region", "cohort", "masterplan")
        .order_by("region__name", "-cohort__year")
    )
    if not participations:
        return []
    ids = [p.pk for p in participations]
    open_comments = dict(
        Comment.objects.filter(
            masterplan__participation__in=ids,
            masterplan__status__in=[MasterplanStatus.DRAFT, MasterplanStatus.REVISION_REQUESTED],
            is_resolved=False,
        )
        .values_list("masterplan__participation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rejected = dict(
        IndicatorValue.objects.current()
        .filter(tracked__participation__in=ids, status=ValueStatus.REJECTED)
        .values_list("tracked__participation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    late_milestones = dict(
        Milestone.objects.filter(
            programme__masterplan__participation__in=ids, done_on__isnull=True, due_on__lt=today
        )
        .values_list("programme__masterplan__participation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages = defaultdict(list)
    active_cohorts = {p.cohort_id for p in participations if p.status in MASTERPLAN_PHASE}
    for stage in Stage.objects.filter(
        cohort__in=active_cohorts,
        ends_on__gte=today,
        starts_on__lte=today + timedelta(days=STAGE_HORIZON_DAYS),
    ).order_by("starts_on", "pk"):
        stages[stage.cohort_id].append(stage)
    self_assessments = list(
        RoundEntry.objects.filter(
            participation__in=ids,
            round__status=RoundStatus.SELF_ASSESSMENT,
            self_status=AssessmentStatus.DRAFT,
        )
        .select_related("round")
        .order_by("round__self_assessment_due", "pk")
    )
    entries = defaultdict(list)
    for entry in self_assessments:
        entries[entry.participation_id].append(entry)

    items = []
    for p in participations:
        where = _where(p)
        masterplan = getattr(p, "masterplan", None)
        if masterplan is None and p.status in MASTERPLAN_PHASE:
            items.append(Todo(TEAM, 1, gettext("masterplan to start"), _url("masterplans:list"), where))
        elif masterplan is not None and masterplan.status == MasterplanStatus.DRAFT:
            items.append(
                Todo(
                    TEAM,
                    1,
                    gettext("masterplan in draft: complete it, then submit it"),
                    _url("masterplans:overview", masterplan.pk),
                    where,
                )
            )
        elif masterplan is not None and masterplan.status == MasterplanStatus.REVISION_REQUESTED:
            items.append(
                Todo(
                    TEAM,
                    1,
                    gettext("masterplan sent back for revision: revise it, then submit it again"),
                    _url("masterplans:overview", masterplan.pk),
                    where,
                )
            )
        if n := open_comments.get(p.pk):
            items.append(
                Todo(
                    TEAM,
                    n,
                    ngettext("open comment on the masterplan", "open comments on the masterplan", n),
                    _url("masterplans:overview", masterplan.pk),
                    where,
                )
            )
        for entry in entries.get(p.pk, []):
            due = entry.round.self_assessment_due
            items.append(
                Todo(
                    TEAM,
                    1,
                    gettext("self-assessment to submit"),
                    _url("implementation:entry_detail", entry.round.year, entry.pk),
                    f"{p.region.name} · {entry.round.name}",
                    due=due,
                    is_late=bool(due and due < today),
                )
            )
        if n := rejected.get(p.pk):
            items.append(
                Todo(
                    TEAM,
                    n,
                    ngettext(
                        "rejected indicator value to correct", "rejected indicator values to correct", n
                    ),
                    _url("monitoring:participation", p.pk),
                    where,
                )
            )
        if n := late_milestones.get(p.pk):
            items.append(
                Todo(
                    TEAM,
                    n,
                    ngettext("milestone past its due date", "milestones past their due date", n),
                    _url("monitoring:programmes", p.pk),
                    where,
                    is_late=True,
                )
            )
        if p.status in MASTERPLAN_PHASE and (upcoming := stages.get(p.cohort_id)):
            n = len(upcoming)
            items.append(
                Todo(
                    TEAM,
                    n,
                    ngettext("stage coming up", "stages coming up", n),
                    _url("programmes:participation_detail", p.pk),
                    f"{p.region.name} · {upcoming[0]}",
                    due=upcoming[0].starts_on,
                )
            )
    return items


# --- mentor --------------------------------------------------------------------------------------------------


def mentor_todos(user) -> list[Todo]:
    """Values to verify and masterplans to review, in the regions ``user`` mentors."""
    participations = {
        p.pk: p
        for p in Participation.objects.visible_to(user)
        .filter(mentors=user)
        .select_related("region", "cohort")
        .order_by("region__name", "-cohort__year")
    }
    if not participations:
        return []
    ids = list(participations)
    pending = defaultdict(dict)  # participation id -> {tracked id: number of values}
    for participation_id, tracked_id, n in (
        IndicatorValue.objects.current()
        .filter(tracked__participation__in=ids, status=ValueStatus.REPORTED)
        .exclude(reported_by=user)  # nobody verifies their own value
        .values_list("tracked__participation", "tracked")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        pending[participation_id][tracked_id] = n
    reviews = {
        mp.participation_id: mp
        for mp in Masterplan.objects.visible_to(user).filter(
            participation__in=ids, status__in=[MasterplanStatus.SUBMITTED, MasterplanStatus.IN_REVIEW]
        )
    }
    items = []
    for pk, p in participations.items():
        if tracked := pending.get(pk):
            n = sum(tracked.values())
            url = (
                _url("monitoring:tracked_detail", pk, next(iter(tracked)))
                if len(tracked) == 1
                else _url("monitoring:participation", pk)
            )
            items.append(
                Todo(
                    MENTOR,
                    n,
                    ngettext(
                        "indicator value awaiting your verification",
                        "indicator values awaiting your verification",
                        n,
                    ),
                    url,
                    _where(p),
                )
            )
        if masterplan := reviews.get(pk):
            text = (
                gettext("masterplan submitted: start the review")
                if masterplan.status == MasterplanStatus.SUBMITTED
                else gettext("masterplan in review: finish your review")
            )
            items.append(Todo(MENTOR, 1, text, _url("masterplans:overview", masterplan.pk), _where(p)))
    return items


# --- evaluator -----------------------------------------------------------------------------------------------


def evaluator_todos(user, *, today: date) -> list[Todo]:
    """Score sheets not sent, implementation validations not submitted, applications not assessed."""
    return _score_sheet_todos(user, today) + _validation_todos(user) + _selection_todos(user)


def _score_sheet_todos(user, today: date) -> list[Todo]:
    """Per event: rubric sheets of the user's sessions not sent (Kirim), for sessions that took place already and
    sheets started in advance; sessions where the user is in conflict are not theirs to score."""
    sessions = list(
        Session.objects.for_evaluator(user)
        .filter(event__results_published_at__isnull=True)
        .select_related(
            "event__masterplan_rubric", "event__quick_win_rubric", "participation__region__province", "day"
        )
        .prefetch_related(
            Prefetch("sheets", queryset=ScoreSheet.objects.filter(evaluator=user), to_attr="my_sheets")
        )
        .order_by("day__date", "starts", "pk")
    )
    if not sessions:
        return []
    conflicted = set()
    # conflicts_for reads the event only for its province rule: one call per value of that rule.
    by_rule = defaultdict(list)
    for s in sessions:
        by_rule[s.event.conflict_same_province].append(s)
    for group in by_rule.values():
        found = conflicts_for([(user.pk, s.participation) for s in group], group[0].event)
        conflicted.update(participation_id for _evaluator, participation_id in found)
    unsent = defaultdict(list)  # event -> [(session, number of sheets not sent)]
    for s in sessions:
        if s.participation_id in conflicted:
            continue
        mine = {sheet.rubric_id: sheet for sheet in s.my_sheets}
        open_sheets = [
            r for r in s.rubrics() if r.pk not in mine or mine[r.pk].status != SheetStatus.SUBMITTED
        ]
        started = any(r.pk in mine for r in open_sheets)
        if open_sheets and (s.day.date <= today or started):
            unsent[s.event].append((s, len(open_sheets)))
    items = []
    for event, rows in unsent.items():
        n = sum(count for _s, count in rows)
        url = (
            _url("evaluations:score_session", rows[0][0].pk)
            if len(rows) == 1
            else _url("evaluations:my_sessions")
        )
        items.append(
            Todo(
                EVALUATOR,
                n,
                ngettext("score sheet not sent", "score sheets not sent", n),
                url,
                event.name,
            )
        )
    return items


def _validation_todos(user) -> list[Todo]:
    sheets = defaultdict(list)
    for sheet in (
        ValidationSheet.objects.filter(
            evaluator=user, status=AssessmentStatus.DRAFT, entry__round__status=RoundStatus.VALIDATION
        )
        .select_related("entry__round")
        .order_by("entry__round__year", "pk")
    ):
        sheets[sheet.entry.round].append(sheet)
    items = []
    for rnd, mine in sheets.items():
        n = len(mine)
        url = (
            _url("implementation:sheet_detail", rnd.year, mine[0].pk)
            if n == 1
            else _url("implementation:rounds")
        )
        items.append(
            Todo(
                EVALUATOR,
                n,
                ngettext(
                    "implementation validation not submitted", "implementation validations not submitted", n
                ),
                url,
                rnd.name,
            )
        )
    return items


def _selection_todos(user) -> list[Todo]:
    """Applications of the cohorts ``user`` assesses that they have not scored on every criterion."""
    cohorts = {
        c.pk: c for c in user.assessed_cohorts.annotate(n_criteria=Count("criteria")).filter(n_criteria__gt=0)
    }
    if not cohorts:
        return []
    applications = (
        Participation.objects.filter(
            cohort__in=list(cohorts),
            status__in=[ParticipationStatus.APPLIED, ParticipationStatus.SHORTLISTED],
        )
        .annotate(mine=Count("assessment_scores", filter=Q(assessment_scores__assessor=user)))
        .values_list("cohort", "pk", "mine")
        .order_by("cohort", "region__name")
    )
    missing = defaultdict(list)
    for cohort_id, pk, mine in applications:
        if mine < cohorts[cohort_id].n_criteria:
            missing[cohort_id].append(pk)
    items = []
    for cohort_id, pks in missing.items():
        n = len(pks)
        url = _url("programmes:assess", pks[0]) if n == 1 else _url("programmes:selection", cohort_id)
        items.append(
            Todo(
                EVALUATOR,
                n,
                ngettext("application to assess", "applications to assess", n),
                url,
                cohorts[cohort_id].name,
            )
        )
    return items


# --- secretariat ---------------------------------------------------------------------------------------------


def secretariat_todos(user, *, today: date) -> list[Todo]:
    """The national desk: moderation, events, schedule proposals, rounds, masterplans, mentors, selection."""
    return (
        _moderation_todos()
        + _event_todos(today)
        + _round_todos(today)
        + _masterplan_todos()
        + _participation_todos()
        + _agreement_todos(today)
    )


def _group(text, objects: list, one_url, many_url: str, name=str) -> list[Todo]:
    """One secretariat item for all ``objects`` of a kind, ``text(n)`` saying what they are: the object's own page
    when there is one, else ``many_url``."""
    if not objects:
        return []
    n = len(objects)
    url = one_url(objects[0]) if n == 1 else many_url
    where = name(objects[0]) if n == 1 else ", ".join(name(o) for o in objects[:3]) + ("…" if n > 3 else "")
    return [Todo(SECRETARIAT, n, text(n), url, where)]


def _moderation_todos() -> list[Todo]:
    if not apps.is_installed("kotacerdas.news"):
        return []
    from kotacerdas.news.models import PostComment, QuickWinFeedback

    items = []
    if n := PostComment.objects.pending().count():
        text = ngettext("news comment held for moderation", "news comments held for moderation", n)
        items.append(Todo(SECRETARIAT, n, text, _url("news:moderation", query="kind=comments")))
    if n := QuickWinFeedback.objects.pending().count():
        text = ngettext("quick-win feedback held for moderation", "quick-win feedback held for moderation", n)
        items.append(Todo(SECRETARIAT, n, text, _url("news:moderation", query="kind=feedback")))
    return items


def _event_todos(today: date) -> list[Todo]:
    events = list(
        EvaluationEvent.objects.filter(results_published_at__isnull=True)
        .annotate(n_sessions=Count("sessions", distinct=True), last_day=Max("days__date"))
        .order_by("created_at", "pk")
    )
    unscheduled = [e for e in events if not e.n_sessions]
    unpublished = [e for e in events if e.n_sessions and not e.agenda_is_published]
    ended = [e for e in events if e.n_sessions and e.last_day and e.last_day < today]
    proposals = list(
        ScheduleProposal.objects.filter(status=ProposalStatus.READY)
        .select_related("event")
        .order_by("created_at")
    )
    events_page = _url("evaluations:event_list")
    return (
        _group(
            lambda n: ngettext(
                "evaluation event without a schedule", "evaluation events without a schedule", n
            ),
            unscheduled,
            lambda e: _url("scheduling:event", e.pk),
            events_page,
        )
        + _group(
            lambda n: ngettext("schedule proposal ready to apply", "schedule proposals ready to apply", n),
            proposals,
            lambda p: _url("scheduling:proposal", p.pk),
            events_page,
            lambda p: p.event.name,
        )
        + _group(
            lambda n: ngettext(
                "evaluation event whose agenda is not published",
                "evaluation events whose agenda is not published",
                n,
            ),
            unpublished,
            lambda e: _url("evaluations:event_detail", e.pk, anchor="agenda"),
            events_page,
        )
        + _group(
            lambda n: ngettext(
                "evaluation event ended, results not published",
                "evaluation events ended, results not published",
                n,
            ),
            ended,
            lambda e: _url("evaluations:event_detail", e.pk, anchor="results"),
            events_page,
        )
    )


def _round_todos(today: date) -> list[Todo]:
    """Implementation rounds waiting to move on: self-assessment complete or past its due date; validators to
    assign; validations complete, ready to publish."""
    rounds = list(
        ImplementationRound.objects.exclude(status=RoundStatus.PUBLISHED)
        .annotate(
            n_entries=Count("entries", distinct=True),
            n_self_submitted=Count(
                "entries", filter=Q(entries__self_status=AssessmentStatus.SUBMITTED), distinct=True
            ),
            n_unassigned=Count("entries", filter=Q(entries__sheets__isnull=True), distinct=True),
            n_sheets=Count("entries__sheets", distinct=True),
            n_sheets_open=Count(
                "entries__sheets", filter=Q(entries__sheets__status=AssessmentStatus.DRAFT), distinct=True
            ),
        )
        .order_by("year")
    )
    items = []
    for rnd in rounds:
        url = _url("implementation:round_detail", rnd.year)
        where = rnd.name
        if rnd.status == RoundStatus.SELF_ASSESSMENT and rnd.n_entries:
            closed = rnd.self_assessment_due is not None and rnd.self_assessment_due < today
            if closed or rnd.n_self_submitted == rnd.n_entries:
                n = rnd.n_self_submitted
                text = ngettext(
                    "of %(total)s self-assessment submitted: the round can move to validation",
                    "of %(total)s self-assessments submitted: the round can move to validation",
                    rnd.n_entries,
                ) % {"total": rnd.n_entries}
                items.append(
                    Todo(SECRETARIAT, n, text, url, where, due=rnd.self_assessment_due, is_late=closed)
                )
        elif rnd.status == RoundStatus.VALIDATION:
            if n := rnd.n_unassigned:
                text = ngettext("region without a validator", "regions without a validator", n)
                items.append(Todo(SECRETARIAT, n, text, url, where))
            elif rnd.n_sheets and not rnd.n_sheets_open:
                n = rnd.n_sheets
                text = ngettext(
                    "validation submitted: the round can be published",
                    "validations submitted: the round can be published",
                    n,
                )
                items.append(Todo(SECRETARIAT, n, text, url, where))
    return items


def _masterplan_todos() -> list[Todo]:
    waiting = {
        status: (n, first)
        for status, n, first in Masterplan.objects.filter(
            status__in=[MasterplanStatus.SUBMITTED, MasterplanStatus.IN_REVIEW, MasterplanStatus.APPROVED]
        )
        .values_list("status")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by()
    }
    texts = {
        MasterplanStatus.SUBMITTED: lambda n: ngettext(
            "masterplan submitted, review not started", "masterplans submitted, review not started", n
        ),
        MasterplanStatus.IN_REVIEW: lambda n: ngettext(
            "masterplan in review: approve it or send it back",
            "masterplans in review: approve them or send them back",
            n,
        ),
        MasterplanStatus.APPROVED: lambda n: ngettext(
            "approved masterplan to publish", "approved masterplans to publish", n
        ),
    }
    items = []
    for status, text in texts.items():
        if status in waiting:
            n, first = waiting[status]
            url = _url("masterplans:overview", first) if n == 1 else _url("masterplans:list")
            items.append(Todo(SECRETARIAT, n, text(n), url))
    return items


def _participation_todos() -> list[Todo]:
    rows = (
        Participation.objects.filter(
            Q(status__in=MASTERPLAN_PHASE, mentors__isnull=True)
            | Q(status__in=[ParticipationStatus.APPLIED, ParticipationStatus.SHORTLISTED])
        )
        .values_list("cohort", "cohort__name", "status")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-cohort__year", "status")
    )
    without_mentor, applications = defaultdict(int), defaultdict(int)
    names = {}
    for cohort_id, cohort_name, status, n in rows:
        names[cohort_id] = cohort_name
        (without_mentor if status in MASTERPLAN_PHASE else applications)[cohort_id] += n
    items = []
    for cohort_id, n in without_mentor.items():
        text = ngettext("participating region without a mentor", "participating regions without a mentor", n)
        items.append(
            Todo(SECRETARIAT, n, text, _url("programmes:cohort_detail", cohort_id), names[cohort_id])
        )
    for cohort_id, n in applications.items():
        text = ngettext(
            "application awaiting a selection decision", "applications awaiting a selection decision", n
        )
        items.append(Todo(SECRETARIAT, n, text, _url("programmes:selection", cohort_id), names[cohort_id]))
    return items


def _agreement_todos(today: date) -> list[Todo]:
    """Agreements (MoU, PKS) whose validity ends within EXPIRY_WARNING_DAYS days and has not ended yet: renew
    them or let them end knowingly. One item, due at the first end date."""
    ending = list(
        Agreement.objects.ending_within(today).select_related("region").order_by("valid_until", "pk")
    )
    items = _group(
        lambda n: (
            ngettext("agreement ending within %(days)s days", "agreements ending within %(days)s days", n)
            % {"days": EXPIRY_WARNING_DAYS}
        ),
        ending,
        lambda a: _url("programmes:agreement_detail", a.pk),
        _url("programmes:agreement_register", query="ending=1"),
        lambda a: f"{a.region.name} · {a}",
    )
    return [Todo(i.role, i.count, i.text, i.url, i.where, due=ending[0].valid_until) for i in items]
