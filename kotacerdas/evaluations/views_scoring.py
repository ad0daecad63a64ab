"""Scoring: the evaluator's sessions and score sheets, the secretariat's live board, results and reports.

Scope first, then permission: an evaluator reaches only sessions of their own panels (anything else is a 404);
the board, reopening and the XLSX are the secretariat's (403 for other users); results are the secretariat's
until published, then public; a region's feedback is the secretariat's, and its own team's once published.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.text import compress_string
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core.cache import accepts_gzip, serve_compressed
from kotacerdas.core.forms import NumberField, NumberInput
from kotacerdas.core.middleware import query_int
from kotacerdas.core.numbers_format import format_clock_range, format_time_in
from kotacerdas.evaluations import results as results_module
from kotacerdas.evaluations.board_state import board_version
from kotacerdas.evaluations.conflicts import conflict_reasons, conflicts_for
from kotacerdas.evaluations.models import (
    AwardCategory,
    Criterion,
    EvaluationEvent,
    EvaluationKind,
    PanelMember,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.evaluations.reports import (
    build_feedback_docx,
    build_feedback_pdf,
    build_scores_workbook,
    region_feedback,
)
from kotacerdas.evaluations.results import RegionResult, RubricStats, compute_results, outliers, rank
from kotacerdas.evaluations.services import (
    record_scores,
    reopen_sheet,
    send_sheet,
    sheet_total,
    weighted_total,
)
from kotacerdas.masterplans.documents.frozen import version_book
from kotacerdas.masterplans.models import MasterplanVersion
from kotacerdas.regions.models import RegionMembership

TWO = Decimal("0.01")
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


# ------------------------------------------------------------------------------------------------ helpers


def time_range(session: Session) -> str:
    """ "14.45–15.30 WIB" (English "14:45–15:30 WIB"): the session's times in its event's zone (as stored)."""
    return format_clock_range(session.starts, session.ends, session.event.timezone)


def evaluator_sessions(user):
    """Sessions on the panels ``user`` sits on; none for users who are not active evaluators."""
    if not (user.is_authenticated and user.is_active and user.is_evaluator):
        return Session.objects.none()
    return Session.objects.for_evaluator(user)


def _require_secretariat(user) -> None:
    if not user.is_secretariat:
        raise PermissionDenied


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


def _total(sheet: ScoreSheet, criteria: list[Criterion]) -> Decimal | None:
    """A sheet's weighted total on 0–100 from its prefetched scores, rounded as ``results`` rounds it."""
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    rows = [
        (
            c.weight,
            c.scale_min,
            c.scale_max,
            scores[c.pk].value if c.pk in scores else None,
            bool(c.pk in scores and scores[c.pk].is_na),
        )
        for c in criteria
    ]
    total = weighted_total(rows)
    return None if total is None else total.quantize(TWO, ROUND_HALF_UP)


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


@login_required
@require_GET
def my_sessions(request):
    sessions = evaluator_session_list(request.user)
    days = []  # [(event, date, [session, ...])] in time order
    for session in sessions:
        if not days or days[-1][:2] != (session.event, session.day.date):
            days.append((session.event, session.day.date, []))
        days[-1][2].append(session)
    to_do = sum(1 for s in sessions if not s.is_done)
    return render(request, "evaluations/scoring/my_sessions.html", {"days": days, "to_do": to_do})


# ----------------------------------------------------------------------------------------- score session

# The score sheet is ONE form holding every open rubric of the session, so no button can discard what was
# typed in another part. Its buttons (in one bar, sticky at the bottom of the screen) all save everything:
SAVE, SAVE_AND_NEXT, REVIEW = "save", "next", "review"  # ... then stay, go to the next session, or confirm
# A message with this extra tag is shown in the sheet's button bar, next to the button that was pressed.
SHEET_NOTE = "sheet"
# A redirect to another page opens at its top, where its message is: without a fragment of its own, the browser
# would keep the sheet's "#sheet-bar" (the form's action) and open the next page at its bottom.
TOP = "#main"


class SheetForm(forms.Form):
    """One rubric's part of the score sheet. Values are parsed here; whether they fit the scale is the
    service's rule."""

    general_comment = forms.CharField(
        label=gettext_lazy("General comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            # Radio buttons post whole numbers; a wide scale is typed, the reader's way (core NumberField).
            self.fields[f"c{c.pk}"] = NumberField(
                label=c.name,
                required=False,
                integer=True,
                widget=NumberInput(attrs={"data-score": "", "class": "score-input"}, integer=True),
            )
            self.fields[f"c{c.pk}_na"] = forms.BooleanField(
                label=gettext_lazy("Not applicable (n/a)"),
                required=False,
                widget=forms.CheckboxInput(attrs={"data-na": ""}),
            )
            self.fields[f"c{c.pk}_comment"] = forms.CharField(
                label=gettext_lazy("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (data[f"c{c.pk}"], data[f"c{c.pk}_na"], data[f"c{c.pk}_comment"]) for c in self.criteria
        }

    def is_blank(self) -> bool:
        """Nothing typed or chosen at all (no sheet is started for a part left empty)."""
        return not self.cleaned_data["general_comment"] and all(
            value is None and not na and not comment for value, na, comment in self.entries().values()
        )


def _initial(sheet: ScoreSheet | None) -> dict:
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


def _panel(rubric, criteria, sheet, *, data=None, errors=()) -> RubricPanel:
    prefix = f"r{rubric.pk}"
    form = SheetForm(data, criteria=criteria, prefix=prefix, initial=_initial(sheet))
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
        panel.total = _total(sheet, criteria)
    return panel


def _peer_totals(
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
        total = _total(sheet, criteria) if sheet and sheet.is_locked else None
        peers.append(
            (member.evaluator.full_name, status, STATUS_LABELS[status], STATUS_BADGES[status], total)
        )
    return peers


def _scoring_session(request, pk) -> Session:
    return get_object_or_404(
        evaluator_sessions(request.user).select_related(
            "event__masterplan_rubric",
            "event__quick_win_rubric",
            "participation__region__province",
            "day",
            "room",
            "panel",
        ),
        pk=pk,
    )


def _posted_rubrics(data, rubrics: list) -> list:
    """The rubrics whose part the posted sheet holds (404 for a rubric that is not the session's)."""
    by_pk = {str(r.pk): r for r in rubrics}
    chosen = []
    for value in data.getlist("rubrics"):
        if value not in by_pk:
            raise Http404
        if by_pk[value] not in chosen:
            chosen.append(by_pk[value])
    if not chosen:
        raise Http404
    return chosen


def _save_sheet_parts(session: Session, parts: dict, *, by) -> dict:
    """Save every posted part (rubric pk -> SheetForm) of one evaluator's sheet, all or nothing.

    Returns the errors per rubric pk; when there is any, nothing was saved. A part left entirely empty starts
    no sheet. The arithmetic and the rules stay in ``services.record_scores``.
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


def _saved_at(moment, event: EvaluationEvent) -> str:
    """ "14.52 WIB": a moment as a clock time in the event's zone."""
    return format_time_in(moment, event.tzinfo)


def _after_save(request, session: Session):
    """Where each button of the sheet leads once everything typed is saved, with a message where it is read."""
    event, region = session.event, session.participation.region.name
    action = request.POST.get("action", SAVE)
    saved_at = _saved_at(timezone.now(), event)
    if action == REVIEW:
        messages.info(
            request,
            _("Your scores were saved at %(time)s but not sent yet. Check them below, then confirm.")
            % {"time": saved_at},
        )
        return redirect(reverse("evaluations:score_send", args=[session.pk]) + TOP)
    if action == SAVE_AND_NEXT:
        following, earlier = next_session_to_score(request.user, session)
        if following is not None:
            messages.success(
                request,
                _("Scores for %(region)s saved at %(time)s. This is your next session.")
                % {"region": region, "time": saved_at},
            )
            return redirect(reverse("evaluations:score_session", args=[following.pk]) + TOP)
        text = _("Scores for %(region)s saved at %(time)s. You have no later session left to score.") % {
            "region": region,
            "time": saved_at,
        }
        if earlier:
            text += " " + (
                ngettext(
                    "%(count)s earlier session is still to be sent.",
                    "%(count)s earlier sessions are still to be sent.",
                    earlier,
                )
                % {"count": earlier}
            )
        messages.success(request, text)
        return redirect(reverse("evaluations:my_sessions") + TOP)
    messages.success(
        request, _("All scores and comments saved at %(time)s.") % {"time": saved_at}, extra_tags=SHEET_NOTE
    )
    return redirect(reverse("evaluations:score_session", args=[session.pk]) + "#sheet-bar")


def _split_messages(request, *, has_bar: bool) -> tuple[list, list]:
    """(messages for the top of the page, messages for the button bar). Sheet notes go to the bar when the
    page has one, else to the top (as plain messages)."""
    top, bar = [], []
    for message in messages.get_messages(request):
        if SHEET_NOTE in message.extra_tags.split():
            if has_bar:
                bar.append(message)
            else:
                top.append(Message(message.level, message.message))
        else:
            top.append(message)
    return top, bar


def _last_saved(sheets: list, event: EvaluationEvent) -> str:
    """When the evaluator's open sheets were last saved: "14.52 WIB", or with the date on another day."""
    moments = [s.updated_at for s in sheets]
    if not moments:
        return ""
    moment = max(moments)
    local, today = timezone.localtime(moment, event.tzinfo), timezone.localtime(timezone.now(), event.tzinfo)
    if local.date() == today.date():
        return _("Last saved at %(time)s.") % {"time": _saved_at(moment, event)}
    return _("Last saved on %(date)s at %(time)s.") % {
        "date": formats.date_format(local.date(), "j F Y"),
        "time": _saved_at(moment, event),
    }


@login_required
@require_http_methods(["GET", "POST"])
def score_session(request, pk):
    session = _scoring_session(request, pk)
    event, user = session.event, request.user
    reasons = conflict_reasons(user, session.participation, event)
    rubrics = session.rubrics()
    criteria = {r.pk: list(r.criteria.prefetch_related("levels")) for r in rubrics}
    status_code = 200
    posted = {}  # rubric pk -> (data, errors) of a sheet that could not be saved

    if request.method == "POST":
        if reasons:
            status_code = 403
            messages.error(
                request, _("You may not score this session: %(reasons)s") % {"reasons": " ".join(reasons)}
            )
        else:
            chosen = _posted_rubrics(request.POST, rubrics)
            parts = {
                r.pk: SheetForm(request.POST, criteria=criteria[r.pk], prefix=f"r{r.pk}") for r in chosen
            }
            errors = _save_sheet_parts(session, parts, by=user)
            if not errors:
                return _after_save(request, session)
            posted = {pk: (request.POST, errors.get(pk, [])) for pk in parts}
            messages.error(
                request,
                _("Nothing was saved: correct the marked entries and save again. What you typed is kept."),
                extra_tags=SHEET_NOTE,
            )

    members = list(session.panel.memberships.select_related("evaluator")) if session.panel_id else []
    member_ids = [m.evaluator_id for m in members]
    # Sheets of this session by its own panel's members only: another panel's sheets never reach the page.
    sheets = list(
        ScoreSheet.objects.filter(session=session, evaluator_id__in=member_ids).prefetch_related("scores")
    )
    panels = []
    if not reasons:
        for rubric in rubrics:
            mine = next((s for s in sheets if s.evaluator_id == user.pk and s.rubric_id == rubric.pk), None)
            data, errors = posted.get(rubric.pk, (None, []))
            if mine is not None and mine.is_locked:
                data = None  # a submitted sheet is shown as saved, whatever was posted
            panel = _panel(rubric, criteria[rubric.pk], mine, data=data, errors=errors)
            panel.peers = _peer_totals(session, rubric, user, mine, members, sheets)
            panels.append(panel)
    open_panels = [p for p in panels if not p.locked]
    top, bar = _split_messages(request, has_bar=bool(open_panels))
    following = None
    if panels and not open_panels:
        following, _earlier = next_session_to_score(user, session)
    context = {
        "session": session,
        "event": event,
        "time_range": time_range(session),
        "reasons": reasons,
        "panels": panels,
        "open_panels": open_panels,
        "unsaved": bool(posted),
        "error_rows": [(p, row) for p in open_panels for row in p.rows if row.errors],
        "last_saved": _last_saved([p.sheet for p in open_panels if p.sheet], event),
        "next_session": following,
        "members": members,
        "messages": top,
        "bar_messages": bar,
        # The masterplan as submitted; nothing while the region has not submitted or the evaluator has a conflict.
        "has_masterplan": not reasons
        and MasterplanVersion.objects.filter(masterplan__participation_id=session.participation_id).exists(),
    }
    return render(request, "evaluations/scoring/score.html", context, status=status_code)


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
        summaries.append(SheetSummary(rubric, sheet, rows, _total(sheet, criteria) if sheet else None))
    return summaries


def _revision(value) -> int:
    bounded = query_int({"revision": value}, "revision")
    return -1 if bounded is None else bounded


@login_required
@require_http_methods(["GET", "POST"])
def score_send(request, pk):
    """Kirim: the summary of the evaluator's sheets as stored, and the confirmation that sends (locks) them.
    Nothing is sent without this page's confirmation, and only what it showed (the sheet's revision)."""
    session = _scoring_session(request, pk)
    event, user = session.event, request.user
    if conflict_reasons(user, session.participation, event):
        raise PermissionDenied
    sheet_url = reverse("evaluations:score_session", args=[session.pk])
    rubrics = session.rubrics()
    summaries = sheet_summaries(session, user, rubrics)
    status_code = 200
    if request.method == "POST":
        sendable = {s.rubric.pk: s for s in summaries if s.sendable}
        chosen = [sendable[pk] for pk in sendable if str(pk) in request.POST.getlist("send")]
        if request.POST.get("confirm") != "yes":
            messages.error(
                request, _("Nothing was sent: confirm with the button below."), extra_tags=SHEET_NOTE
            )
            status_code = 400
        elif not chosen:
            messages.error(
                request, _("Nothing was sent: tick at least one complete sheet."), extra_tags=SHEET_NOTE
            )
            status_code = 400
        else:
            try:
                with transaction.atomic():
                    for summary in chosen:
                        send_sheet(
                            summary.sheet,
                            by=user,
                            revision=_revision(request.POST.get(f"revision-{summary.rubric.pk}")),
                        )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages), extra_tags=SHEET_NOTE)
                status_code = 409
                summaries = sheet_summaries(session, user, rubrics)
            else:
                names = ", ".join(s.rubric.get_kind_display() for s in chosen)
                messages.success(
                    request,
                    ngettext(
                        "Score sheet sent: %(sheets)s. It is locked; only the secretariat can reopen it.",
                        "Score sheets sent: %(sheets)s. They are locked; only the secretariat can reopen them.",
                        len(chosen),
                    )
                    % {"sheets": names},
                    extra_tags=SHEET_NOTE,
                )
                still_open = any(not s.locked and s not in chosen for s in summaries)
                return redirect(sheet_url + ("#sheet-bar" if still_open else TOP))
    top, bar = _split_messages(request, has_bar=True)
    context = {
        "session": session,
        "event": event,
        "time_range": time_range(session),
        "summaries": summaries,
        "sendable": [s for s in summaries if s.sendable],
        "sheet_url": sheet_url,
        "messages": top,
        "bar_messages": bar,
    }
    return render(request, "evaluations/scoring/send.html", context, status=status_code)


@login_required
@require_GET
def session_masterplan(request, pk):
    """Buku 2 of the presenting region's masterplan as the region last submitted it (its newest frozen version,
    never the live text), read-only, for the session's panel and the secretariat. An evaluator with a conflict of
    interest with the region reads nothing (404), as does everyone while the region has submitted nothing."""
    user = request.user
    scope = Session.objects.all() if user.is_secretariat else evaluator_sessions(user)
    session = get_object_or_404(
        scope.select_related("event", "participation__region__province", "day", "room"), pk=pk
    )
    version = _readable_version(session, user)
    if version is None:
        raise Http404
    book = version_book(version, 2)
    return render(
        request,
        "evaluations/scoring/masterplan.html",
        {
            "session": session,
            "time_range": time_range(session),
            "masterplan": version.masterplan,
            "version": version,
            "title": version.snapshot.get("title") or version.masterplan.title,
            "book": book,
        },
    )


def _readable_version(session: Session, user) -> MasterplanVersion | None:
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


# ------------------------------------------------------------------------------------------------ board


@dataclass
class BoardRow:
    session: Session
    stats: list  # RubricStats per rubric, as results.compute_results computes them
    expected: int
    submitted: int
    drafts: int
    missing: list  # [(evaluator, [rubric, ...], has_draft)]
    conflicted: list  # [(evaluator, reasons)]

    @property
    def flagged(self) -> list:
        return [(rs.rubric, e, t, rs.median) for rs in self.stats for e, t in rs.outliers]

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 100


def board_rows(event: EvaluationEvent) -> list[BoardRow]:
    """Scoring progress per session with a fixed number of queries, whatever the number of sessions."""
    sessions = list(
        event.sessions.select_related("participation__region__province", "day", "room", "panel")
        .prefetch_related(
            Prefetch("panel__memberships", queryset=PanelMember.objects.select_related("evaluator")),
            Prefetch(
                "sheets",
                queryset=ScoreSheet.objects.select_related("evaluator", "rubric")
                .prefetch_related("scores")
                .order_by("pk"),
            ),
        )
        .order_by("day__date", "starts", "room__order", "pk")
    )
    for s in sessions:
        s.event = event
    rubric_ids = {r.pk for s in sessions for r in s.rubrics()}
    criteria = defaultdict(list)
    for c in Criterion.objects.filter(rubric_id__in=rubric_ids).order_by("rubric", "order", "pk"):
        criteria[c.rubric_id].append(c)
    conflicts = conflict_map(sessions, event)
    rows = []
    for session in sessions:
        members = [m.evaluator for m in session.panel.memberships.all()] if session.panel_id else []
        expected = [m for m in members if (m.pk, session.pk) not in conflicts]
        rubrics = session.rubrics()
        stats, drafts, missing = [], 0, defaultdict(list)
        draft_of = set()
        for rubric in rubrics:
            totals = []
            for sheet in session.sheets.all():
                if sheet.rubric_id != rubric.pk:
                    continue
                if sheet.status == SheetStatus.DRAFT:
                    draft_of.add((sheet.evaluator_id, rubric.pk))
                    drafts += any(m.pk == sheet.evaluator_id for m in expected)
                    continue
                total = _total(sheet, criteria[rubric.pk])
                # As in results: only current panel members without a conflict count.
                if total is not None and any(m.pk == sheet.evaluator_id for m in expected):
                    totals.append((sheet.evaluator, total))
            done = {e.pk for e, _t in totals}
            rs = RubricStats(rubric=rubric, totals=totals, missing=[m for m in expected if m.pk not in done])
            rs.outliers = outliers(totals, rs.median)
            stats.append(rs)
            for m in rs.missing:
                missing[m].append(rubric)
        rows.append(
            BoardRow(
                session=session,
                stats=stats,
                expected=len(expected) * len(rubrics),
                submitted=sum(rs.count for rs in stats),
                drafts=drafts,
                missing=[(m, rs, any((m.pk, r.pk) in draft_of for r in rs)) for m, rs in missing.items()],
                conflicted=[
                    (m, conflicts[(m.pk, session.pk)]) for m in members if (m.pk, session.pk) in conflicts
                ],
            )
        )
    return rows


# How long one render of the board may take before another process tries instead (a failed render drops it).
BOARD_RENDER_LOCK_SECONDS = 30


def board_context(event: EvaluationEvent) -> dict:
    if event.get_deferred_fields():  # the refresh loads only the key
        event = EvaluationEvent.objects.select_related("masterplan_rubric", "quick_win_rubric").get(
            pk=event.pk
        )
    rows = board_rows(event)
    expected = sum(r.expected for r in rows)
    submitted = sum(min(r.submitted, r.expected) for r in rows)
    return {
        "event": event,
        "rows": rows,
        "expected": expected,
        "submitted": submitted,
        "drafts": sum(r.drafts for r in rows),
        "outlier_count": sum(len(r.flagged) for r in rows),
        "percent": round(100 * submitted / expected) if expected else 0,
        "outlier_points": results_module.OUTLIER_POINTS,
    }


def board_fragment(event: EvaluationEvent) -> tuple[str | None, str]:
    """The board's HTML, shared by every secretariat user watching the event, with the key of the state it shows
    (None when it is not kept: the cache is off, or another process is rendering a new state).

    On an evaluation day many staff keep the board open and each page polls it every 10 seconds, while the
    totals and medians of hundreds of sheets take a few hundred milliseconds to compute and render. The
    fragment is rendered once per state of the sheets (``board_state.board_version``) and language, kept at most
    ``SCORING_BOARD_CACHE_SECONDS`` (the board's own refresh period), so a change of a panel or a conflict of
    interest shows within one refresh and a submitted or reopened sheet at the next look. It holds nothing per
    user.

    Each process keeps the fragment in its own memory (no query to read it) and takes it from the shared cache
    when it has none, so the whole deployment renders it once. While one process renders a new state the others
    show the last board rendered (at most one render old) instead of all rendering it at once.
    """
    template = "evaluations/scoring/board.html#board"
    seconds = settings.SCORING_BOARD_CACHE_SECONDS
    if not seconds:
        return None, render_to_string(template, board_context(event))
    prefix = f"scoring-board:{event.pk}:{get_language()}"
    key = f"{prefix}:{board_version(event.pk)}"
    local = caches["local"]  # the key names the state: a per-process copy is never stale
    html = local.get(key)
    if html is not None:
        return key, html
    html = cache.get(key)
    if html is None:
        if not cache.add(f"{prefix}:render", 1, BOARD_RENDER_LOCK_SECONDS):
            # Another process is rendering this state: show the last board, not kept, so the next look asks again.
            latest = cache.get(f"{prefix}:latest")
            if latest is not None:
                return None, latest
        try:
            html = render_to_string(template, board_context(event))
            cache.set_many({key: html, f"{prefix}:latest": html}, seconds)
        finally:
            cache.delete(f"{prefix}:render")
    local.set(key, html, seconds)
    return key, html


def _board_gzip(key: str, html: str) -> bytes:
    """The kept board gzipped once per state in this process: every open board polls it, and the proxy would
    otherwise compress its 88 KB again for each poll."""
    local = caches["local"]
    compressed = local.get(f"{key}:gzip")
    if compressed is None:
        compressed = compress_string(html.encode())
        local.set(f"{key}:gzip", compressed, settings.SCORING_BOARD_CACHE_SECONDS)
    return compressed


@login_required
@require_GET
def scoring_board(request, pk):
    # The 10-second refresh needs only the event's key (the fragment is cached); the page needs its rubrics.
    events = EvaluationEvent.objects.only("pk") if request.htmx else EvaluationEvent.objects.all()
    event = get_object_or_404(events, pk=pk)
    _require_secretariat(request.user)
    key, html = board_fragment(event)
    if request.htmx:
        compressed = _board_gzip(key, html) if key and accepts_gzip(request) else None
        return serve_compressed(request, HttpResponse(html), compressed)
    # The fragment was rendered by our own template with autoescaping on.
    board = mark_safe(html)  # noqa: S308
    # The page's heading shows only the event's own fields: kept while the event row is unchanged.
    head_state = f"{event.pk}:{event.updated_at.timestamp()}"
    return render(
        request, "evaluations/scoring/board.html", {"event": event, "board": board, "head_state": head_state}
    )


@login_required
@require_GET
def session_sheets(request, pk):
    """The submitted sheets of one session with their totals, each with a link to reopen it."""
    session = get_object_or_404(
        Session.objects.select_related("event", "participation__region", "day", "room", "panel"), pk=pk
    )
    _require_secretariat(request.user)
    sheets = list(
        session.sheets.filter(status=SheetStatus.SUBMITTED)
        .select_related("evaluator", "rubric")
        .prefetch_related("scores")
        .order_by("rubric__kind", "evaluator__full_name", "pk")
    )
    criteria = defaultdict(list)
    for c in Criterion.objects.filter(rubric_id__in={s.rubric_id for s in sheets}).order_by("order", "pk"):
        criteria[c.rubric_id].append(c)
    context = {
        "session": session,
        "event": session.event,
        "sheets": [(sheet, _total(sheet, criteria[sheet.rubric_id])) for sheet in sheets],
        "drafts": session.sheets.filter(status=SheetStatus.DRAFT).count(),
    }
    return render(request, "evaluations/scoring/session_sheets.html", context)


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why is the sheet reopened?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_reopen(request, pk):
    """GET: the reason form for one submitted sheet (a page of its own, so the board stays light with hundreds
    of sheets); POST: reopen it."""
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related(
            "session__event", "session__participation__region", "session__day", "evaluator", "rubric"
        ),
        pk=pk,
    )
    _require_secretariat(request.user)
    back = reverse("evaluations:session_sheets", args=[sheet.session_id])
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        context = {"sheet": sheet, "form": form, "back": back, "total": sheet_total(sheet)}
        status = 400 if request.method == "POST" else 200
        return render(request, "evaluations/scoring/reopen.html", context, status=status)
    try:
        reopen_sheet(sheet, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "The sheet of %(evaluator)s (%(rubric)s) is open again; the evaluator can change and resubmit it."
            )
            % {"evaluator": sheet.evaluator.full_name, "rubric": sheet.rubric.name},
        )
    return redirect(back)


# ---------------------------------------------------------------------------------------------- results


def rule_sentences() -> list[str]:
    """The rules of ``results`` (its module docstring) in the reader's language."""
    return [
        _(
            "A score sheet counts once it is submitted; its total is the weighted score on a scale of 0 to 100."
        ),
        _(
            "Per region and rubric: the mean, the median, the spread (highest minus lowest total), the number of "
            "sheets and the missing sheets (panel members without a conflict of interest who have not submitted)."
        ),
        _(
            "A total is flagged as an outlier when it lies more than %(points)s points from the median of at least three totals."
        )
        % {"points": results_module.OUTLIER_POINTS},
        _(
            "The final score is the mean of the region's rubric means (masterplan and quick wins weigh the same)."
        ),
        _(
            "Ties: equal final scores (to two decimals) share a rank and the next rank is skipped (1, 2, 2, 4); "
            "regions without a submitted sheet are not ranked."
        ),
    ]


def award_winners(event: EvaluationEvent, region_results: list[RegionResult]) -> list[tuple]:
    """(category, [RegionResult ranked on the category's rubric mean, within its places]) per award category."""
    rubric_of = {
        EvaluationKind.MASTERPLAN: event.masterplan_rubric_id,
        EvaluationKind.QUICK_WIN: event.quick_win_rubric_id,
    }
    awards = []
    for category in AwardCategory.objects.filter(event=event):
        rubric_id = rubric_of.get(category.kind)
        entries = []
        for result in region_results:
            mean = next((s.mean for s in result.stats if s.rubric.pk == rubric_id), None)
            if mean is not None:
                entries.append(RegionResult(session=result.session, stats=[], final=mean))
        ranked = rank(entries)
        awards.append((category, [e for e in ranked if e.rank is not None and e.rank <= category.places]))
    return awards


@require_GET
def results(request, pk):
    event = get_object_or_404(
        EvaluationEvent.objects.select_related("cohort", "masterplan_rubric", "quick_win_rubric"), pk=pk
    )
    is_secretariat = request.user.is_authenticated and request.user.is_secretariat
    if not (is_secretariat or event.results_are_published):
        raise Http404
    region_results = compute_results(event)
    rubrics = [r for r in (event.masterplan_rubric, event.quick_win_rubric) if r is not None]
    for result in region_results:
        by_rubric = {s.rubric.pk: s for s in result.stats}
        result.columns = [by_rubric.get(r.pk) for r in rubrics]
        result.flag_count = sum(len(s.outliers) for s in result.stats)
        result.missing_count = sum(len(s.missing) for s in result.stats)
        result.missing_names = sorted({m.full_name for s in result.stats for m in s.missing})
    team_regions = set()
    if request.user.is_authenticated and event.results_are_published:
        team_regions = set(
            RegionMembership.objects.filter(user=request.user).values_list("region__code", flat=True)
        )
    context = {
        "event": event,
        "results": region_results,
        "rubrics": rubrics,
        "rules": rule_sentences(),
        "awards": award_winners(event, region_results),
        "is_secretariat": is_secretariat,
        "team_regions": team_regions,
        "ranked_count": sum(1 for r in region_results if r.rank is not None),
    }
    return render(request, "evaluations/results/results.html", context)


# ---------------------------------------------------------------------------------------------- reports


def _feedback_session(request, pk, code) -> Session:
    """The region's session at the event: the secretariat's, or its own team's once results are published."""
    event = get_object_or_404(EvaluationEvent, pk=pk)
    session = get_object_or_404(
        Session.objects.select_related("event", "participation__region__province", "day", "room"),
        event=event,
        participation__region__code=code,
    )
    user = request.user
    if user.is_secretariat:
        return session
    if (
        event.results_are_published
        and RegionMembership.objects.filter(user=user, region_id=session.participation.region_id).exists()
    ):
        return session
    raise Http404


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def feedback_pdf(request, pk, code):
    session = _feedback_session(request, pk, code)
    feedback = region_feedback(session.event, session)
    return _download(build_feedback_pdf(feedback), f"{feedback.filename_stem}.pdf", "application/pdf")


@login_required
@require_GET
def feedback_docx(request, pk, code):
    session = _feedback_session(request, pk, code)
    feedback = region_feedback(session.event, session)
    return _download(
        build_feedback_docx(feedback),
        f"{feedback.filename_stem}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_GET
def scores_xlsx(request, pk):
    event = get_object_or_404(EvaluationEvent, pk=pk)
    _require_secretariat(request.user)
    return _download(
        build_scores_workbook(event),
        f"nilai-evaluasi-{event.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
