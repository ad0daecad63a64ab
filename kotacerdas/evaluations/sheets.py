"""Score sheets of evaluation sessions: whose sessions an evaluator scores, conflicts per panel member, the sheet
as the evaluator fills it in, and saving and sending it (the rules of one sheet stay in ``services``).

``views_scoring`` only translates HTTP into calls of these functions and back.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.numbers_format import format_clock_range
from kotacerdas.evaluations.conflicts import conflict_reasons, conflicts_for
from kotacerdas.evaluations.forms import SheetForm
from kotacerdas.evaluations.models import (
    Criterion,
    EvaluationEvent,
    PanelMember,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.evaluations.scoring import rounded, sheet_total
from kotacerdas.evaluations.services import record_scores, send_sheet
from kotacerdas.masterplans.models import MasterplanVersion

# A criterion whose scale has more points than this is scored with a number field instead of radio buttons.
MAX_RADIO_POINTS = 11
NOT_STARTED, CONFLICT = "not_started", "conflict"
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    SheetStatus.DRAFT: gettext_lazy("Draft"),
    SheetStatus.SUBMITTED: SheetStatus.SUBMITTED.label,  # "Terkirim": the score sheet's own word
    CONFLICT: gettext_lazy("Conflict of interest"),
}
# Badge styles of the design system that carry the meaning of each state (grey, yellow, green, red).
STATUS_BADGES = {
    NOT_STARTED: "applied",
    SheetStatus.DRAFT: "draft",
    SheetStatus.SUBMITTED: "approved",
    CONFLICT: "not_selected",
}


def time_range(session: Session) -> str:
    """ "14.45–15.30 WIB" (English "14:45–15:30 WIB"): the session's times in its event's zone (as stored)."""
    return format_clock_range(session.starts, session.ends, session.event.timezone)


def evaluator_sessions(user):
    """Sessions on the panels ``user`` sits on; none for users who are not active evaluators."""
    if not (user.is_authenticated and user.is_active and user.is_evaluator):
        return Session.objects.none()
    return Session.objects.for_evaluator(user)


def conflict_map(sessions: list[Session], event: EvaluationEvent | None = None) -> dict:
    """(evaluator pk, session pk) -> reasons for every panel member of ``sessions``, in a fixed number of queries.

    Each session's panel memberships and its participation's region (with province) must be loaded already.
    """
    found = {}
    by_event = defaultdict(list)
    for s in sessions:
        if s.panel_id:
            by_event[(event or s.event).pk].append(s)
    for group in by_event.values():
        ev = event or group[0].event
        pairs = [(m.evaluator_id, s.participation) for s in group for m in s.panel.memberships.all()]
        reasons = conflicts_for(pairs, ev)
        for s in group:
            for m in s.panel.memberships.all():
                if (m.evaluator_id, s.participation_id) in reasons:
                    found[(m.evaluator_id, s.pk)] = reasons[(m.evaluator_id, s.participation_id)]
    return found


def shown_total(sheet: ScoreSheet, criteria: list[Criterion]) -> Decimal | None:
    """A sheet's total from its prefetched scores, rounded as every total is shown (``scoring.rounded``)."""
    return rounded(sheet_total(criteria, sheet.scores.all()))


# ------------------------------------------------------------------------------------------- my sessions


@dataclass
class RubricState:
    rubric: object
    status: str

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


def evaluator_session_list(user) -> list[Session]:
    """The sessions of ``user``'s panels in time order (day, start, room), in a fixed number of queries.

    Each carries ``time_range``, ``is_conflicted``, ``states`` (a RubricState per rubric: the user's sheet's
    status, or not started, or conflict) and ``is_done`` (every rubric sent, or nothing to score: a conflict).
    """
    sessions = list(
        evaluator_sessions(user)
        .select_related(
            "event__masterplan_rubric",
            "event__quick_win_rubric",
            "participation__region__province",
            "day",
            "room",
            "panel",
        )
        .prefetch_related(
            Prefetch("panel__memberships", queryset=PanelMember.objects.filter(evaluator=user)),
            Prefetch("sheets", queryset=ScoreSheet.objects.filter(evaluator=user), to_attr="my_sheets"),
        )
        .order_by("day__date", "starts", "room__order", "pk")
    )
    conflicts = conflict_map(sessions)
    for session in sessions:
        session.time_range = time_range(session)
        session.is_conflicted = (user.pk, session.pk) in conflicts
        mine = {sheet.rubric_id: sheet for sheet in session.my_sheets}
        session.states = [
            RubricState(
                rubric,
                CONFLICT
                if session.is_conflicted
                else (mine[rubric.pk].status if rubric.pk in mine else NOT_STARTED),
            )
            for rubric in session.rubrics()
        ]
        session.is_done = all(s.status in (SheetStatus.SUBMITTED, CONFLICT) for s in session.states)
    return sessions


def next_session_to_score(user, current: Session) -> tuple[Session | None, int]:
    """The first of ``user``'s sessions after ``current`` (in the order of "My sessions") that they have not
    sent yet and may score, or None; with the number of sessions before ``current`` still to send."""
    sessions = evaluator_session_list(user)
    index = next((i for i, s in enumerate(sessions) if s.pk == current.pk), len(sessions))
    following = next((s for s in sessions[index + 1 :] if not s.is_done), None)
    return following, sum(1 for s in sessions[:index] if not s.is_done)


# ------------------------------------------------------------------------------------------- the sheet


def initial_values(sheet: ScoreSheet | None) -> dict:
    """The sheet's stored entries as the initial data of its ``SheetForm``."""
    if sheet is None:
        return {}
    initial = {"general_comment": sheet.general_comment}
    for score in sheet.scores.all():
        initial[f"c{score.criterion_id}"] = score.value
        initial[f"c{score.criterion_id}_na"] = score.is_na
        initial[f"c{score.criterion_id}_comment"] = score.comment
    return initial


@dataclass
class Level:
    value: int
    description: str
    checked: bool
    input_id: str


@dataclass
class CriterionRow:
    criterion: Criterion
    value: forms.BoundField
    na: forms.BoundField
    comment: forms.BoundField
    levels: list
    use_radio: bool
    errors: list
    score: object = None  # the saved Score, for the read-only view

    @property
    def anchor(self) -> str:
        return f"criterion-{self.criterion.pk}"


@dataclass
class RubricPanel:
    rubric: object
    sheet: ScoreSheet | None
    form: SheetForm
    rows: list
    errors: list = field(default_factory=list)
    total: Decimal | None = None
    blanks: int = 0  # criteria without a score (and not n/a) in what the form shows
    peers: list | None = None  # [(member name, status, label, badge, total)], None while hidden

    @property
    def locked(self) -> bool:
        return self.sheet is not None and self.sheet.is_locked

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet else NOT_STARTED

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def prefix(self) -> str:
        return self.form.prefix


def rubric_panel(rubric, criteria, sheet, *, data=None, errors=()) -> RubricPanel:
    """One rubric's part of the score sheet: its form (with ``data`` posted, if any), a row per criterion with
    its levels and errors, and the saved total."""
    prefix = f"r{rubric.pk}"
    form = SheetForm(data, criteria=criteria, prefix=prefix, initial=initial_values(sheet))
    if data is not None:
        form.is_valid()
    saved = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
    rows, blanks = [], 0
    for c in criteria:
        value_field = form[f"c{c.pk}"]
        raw = value_field.value()
        current = "" if raw in (None, "") else str(raw)
        descriptors = {lv.value: lv.description for lv in c.levels.all()}
        levels = [
            Level(v, descriptors.get(v, ""), current == str(v), f"{prefix}-c{c.pk}-{v}")
            for v in range(c.scale_min, c.scale_max + 1)
        ]
        comment_errors = list(form[f"c{c.pk}_comment"].errors)  # a comment over its limit
        row_errors = list(value_field.errors) + comment_errors + [e for e in errors if f"“{c.name}”" in e]
        blanks += not current and not form[f"c{c.pk}_na"].value()
        rows.append(
            CriterionRow(
                criterion=c,
                value=value_field,
                na=form[f"c{c.pk}_na"],
                comment=form[f"c{c.pk}_comment"],
                levels=levels,
                use_radio=c.scale_max - c.scale_min + 1 <= MAX_RADIO_POINTS,
                errors=row_errors,
                score=saved.get(c.pk),
            )
        )
    errors = list(errors) + list(form["general_comment"].errors)
    panel = RubricPanel(rubric=rubric, sheet=sheet, form=form, rows=rows, errors=errors, blanks=blanks)
    if sheet is not None:
        panel.total = shown_total(sheet, criteria)
    return panel


def peer_totals(
    session: Session, rubric, user, mine: ScoreSheet | None, members: list, sheets: list
) -> list | None:
    """Other members of this session's panel with their sheet's status and, once submitted, its total.

    Hidden (None) until the evaluator submitted this rubric, unless the event lets evaluators see each other's
    scores before submitting. Only the session's own panel members are ever listed.
    """
    if not (session.event.peers_visible_before_submit or (mine is not None and mine.is_locked)):
        return None
    by_evaluator = {s.evaluator_id: s for s in sheets if s.rubric_id == rubric.pk}
    criteria = list(rubric.criteria.all())
    peers = []
    for member in members:
        if member.evaluator_id == user.pk:
            continue
        sheet = by_evaluator.get(member.evaluator_id)
        status = sheet.status if sheet else NOT_STARTED
        total = shown_total(sheet, criteria) if sheet and sheet.is_locked else None
        peers.append(
            (member.evaluator.full_name, status, STATUS_LABELS[status], STATUS_BADGES[status], total)
        )
    return peers


def sheet_panels(session: Session, user, rubrics: list, criteria: dict, posted: dict) -> tuple[list, list]:
    """(the panel's members, a RubricPanel per rubric of ``user``'s sheet of ``session``).

    ``posted`` maps a rubric pk to (data, errors) of a part that could not be saved; a submitted part is shown
    as saved, whatever was posted. Only sheets of the session's own panel members are read.
    """
    members = list(session.panel.memberships.select_related("evaluator")) if session.panel_id else []
    member_ids = [m.evaluator_id for m in members]
    sheets = list(
        ScoreSheet.objects.filter(session=session, evaluator_id__in=member_ids).prefetch_related("scores")
    )
    panels = []
    for rubric in rubrics:
        mine = next((s for s in sheets if s.evaluator_id == user.pk and s.rubric_id == rubric.pk), None)
        data, errors = posted.get(rubric.pk, (None, []))
        if mine is not None and mine.is_locked:
            data = None
        panel = rubric_panel(rubric, criteria[rubric.pk], mine, data=data, errors=errors)
        panel.peers = peer_totals(session, rubric, user, mine, members, sheets)
        panels.append(panel)
    return members, panels


def save_sheet_parts(session: Session, parts: dict, *, by) -> dict:
    """Save every posted part (rubric pk -> SheetForm) of one evaluator's sheet, all or nothing.

    Returns the errors per rubric pk; when there is any, nothing was saved. A part left entirely empty starts
    no sheet. The rules of one sheet stay in ``services.record_scores``.
    """
    errors = {}
    for pk, form in parts.items():
        if not form.is_valid():
            errors[pk] = [_("Some entries could not be read; see the marked criteria.")]
    if errors:
        return errors
    with transaction.atomic():
        for pk, form in parts.items():
            sheet = ScoreSheet.objects.filter(session=session, evaluator=by, rubric_id=pk).first()
            if sheet is None:
                if form.is_blank():
                    continue
                sheet, _created = ScoreSheet.objects.get_or_create(
                    session=session, evaluator=by, rubric_id=pk
                )
            try:
                record_scores(
                    sheet, form.entries(), by=by, general_comment=form.cleaned_data["general_comment"]
                )
            except ValidationError as exc:
                errors[pk] = exc.messages
        if errors:
            transaction.set_rollback(True)
    return errors


# ------------------------------------------------------------------------------------------- send (Kirim)


@dataclass
class SummaryRow:
    criterion: Criterion
    score: object  # the saved Score or None

    @property
    def is_blank(self) -> bool:
        return self.score is None or (self.score.value is None and not self.score.is_na)


@dataclass
class SheetSummary:
    rubric: object
    sheet: ScoreSheet | None
    rows: list
    total: Decimal | None

    @property
    def locked(self) -> bool:
        return self.sheet is not None and self.sheet.is_locked

    @property
    def blanks(self) -> list:
        return [row.criterion for row in self.rows if row.is_blank]

    @property
    def sendable(self) -> bool:
        return self.sheet is not None and not self.locked and not self.blanks


def sheet_summaries(session: Session, user, rubrics: list) -> list[SheetSummary]:
    """What the evaluator's sheets of ``session`` hold as stored: each criterion's score, the blanks, the total."""
    sheets = {
        s.rubric_id: s
        for s in ScoreSheet.objects.filter(session=session, evaluator=user).prefetch_related("scores")
    }
    summaries = []
    for rubric in rubrics:
        criteria = list(rubric.criteria.all())
        sheet = sheets.get(rubric.pk)
        scores = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        rows = [SummaryRow(c, scores.get(c.pk)) for c in criteria]
        summaries.append(SheetSummary(rubric, sheet, rows, shown_total(sheet, criteria) if sheet else None))
    return summaries


@transaction.atomic
def send_sheets(chosen: list[tuple[ScoreSheet, int]], *, by) -> None:
    """Send (submit and lock) each (sheet, revision the evaluator confirmed), all or nothing
    (``services.send_sheet``; a ValidationError leaves every sheet as it was)."""
    for sheet, revision in chosen:
        send_sheet(sheet, by=by, revision=revision)


# ------------------------------------------------------------------------------------------- masterplan


def readable_version(session: Session, user) -> MasterplanVersion | None:
    """The version of the session's masterplan that ``user`` may read: the last submitted one, none to an
    evaluator with a conflict of interest with the region."""
    if not user.is_secretariat and conflict_reasons(user, session.participation, session.event):
        return None
    return (
        MasterplanVersion.objects.filter(masterplan__participation_id=session.participation_id)
        .last_submitted()
        .select_related("masterplan__participation__region", "masterplan__participation__cohort")
        .first()
    )


# ------------------------------------------------------------------------------------------- secretariat


def submitted_sheets(session: Session) -> list[tuple[ScoreSheet, Decimal | None]]:
    """The submitted sheets of ``session`` with their shown totals, by rubric and evaluator."""
    sheets = list(
        session.sheets.filter(status=SheetStatus.SUBMITTED)
        .select_related("evaluator", "rubric")
        .prefetch_related("scores")
        .order_by("rubric__kind", "evaluator__full_name", "pk")
    )
    criteria = defaultdict(list)
    for c in Criterion.objects.filter(rubric_id__in={s.rubric_id for s in sheets}).order_by("order", "pk"):
        criteria[c.rubric_id].append(c)
    return [(sheet, shown_total(sheet, criteria[sheet.rubric_id])) for sheet in sheets]
