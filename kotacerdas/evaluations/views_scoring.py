"""Scoring: the evaluator's sessions and score sheets, the secretariat's live board, results and reports.

Scope first, then permission (core/permissions.py, evaluations/rules.py): an evaluator reaches only sessions of
their own panels (anything else is a 404); the board, reopening and the XLSX are the secretariat's (403 for other
users); results are the secretariat's until published, then public; a region's feedback is the secretariat's, and
its own team's once published. These views only translate HTTP: the sheets are in ``sheets``, the arithmetic in
``scoring``, the results in ``results`` and the board in ``board``.
"""

import io

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core.middleware import query_int
from kotacerdas.core.numbers_format import format_time_in
from kotacerdas.core.permissions import SIGNED_IN, permission_required, public
from kotacerdas.evaluations import sheets
from kotacerdas.evaluations.board import board_html
from kotacerdas.evaluations.conflicts import conflict_reasons
from kotacerdas.evaluations.forms import ReopenForm, SheetForm
from kotacerdas.evaluations.meeting import meeting_links_for
from kotacerdas.evaluations.models import EvaluationEvent, ScoreSheet, Session, SheetStatus
from kotacerdas.evaluations.reports import (
    build_feedback_docx,
    build_feedback_pdf,
    build_scores_workbook,
    region_feedback,
)
from kotacerdas.evaluations.results import (
    award_winners,
    compute_results,
    events_with_visible_results,
    feedback_sessions,
    results_table,
    rule_sentences,
)
from kotacerdas.evaluations.services import reopen_sheet
from kotacerdas.masterplans.documents.frozen import version_book
from kotacerdas.masterplans.models import MasterplanVersion
from kotacerdas.regions.models import RegionMembership

MANAGE = "evaluations.manage_event"

# ------------------------------------------------------------------------------------------------ finders
# Each reads the object from a queryset scoped to the user (core/permissions.py): out of scope is 404.


def _scoring_session(request, pk) -> Session:
    """One of the sessions of the user's panels."""
    return get_object_or_404(
        sheets.evaluator_sessions(request.user).select_related(
            "event__masterplan_rubric",
            "event__quick_win_rubric",
            "participation__region__province",
            "day",
            "room",
            "panel",
        ),
        pk=pk,
    )


def _masterplan_session(request, pk) -> Session:
    """Any session for the secretariat; one of the user's panels' sessions for an evaluator."""
    user = request.user
    scope = Session.objects.all() if user.is_secretariat else sheets.evaluator_sessions(user)
    return get_object_or_404(
        scope.select_related("event", "participation__region__province", "day", "room"), pk=pk
    )


def _board_event(request, pk) -> EvaluationEvent:
    # The 10-second refresh needs only the event's key (the fragment is cached); the page needs its rubrics.
    events = EvaluationEvent.objects.only("pk") if request.htmx else EvaluationEvent.objects.all()
    return get_object_or_404(events, pk=pk)


def _event(request, pk) -> EvaluationEvent:
    return get_object_or_404(EvaluationEvent, pk=pk)


def _sheets_session(request, pk) -> Session:
    return get_object_or_404(
        Session.objects.select_related("event", "participation__region", "day", "room", "panel"), pk=pk
    )


def _reopen_sheet(request, pk) -> ScoreSheet:
    return get_object_or_404(
        ScoreSheet.objects.select_related(
            "session__event", "session__participation__region", "session__day", "evaluator", "rubric"
        ),
        pk=pk,
    )


def _feedback_session(request, pk, code) -> Session:
    """The region's session at the event: the secretariat's, or its own team's once results are published."""
    return get_object_or_404(
        feedback_sessions(request.user).select_related(
            "event", "participation__region__province", "day", "room"
        ),
        event_id=pk,
        participation__region__code=code,
    )


# ------------------------------------------------------------------------------------------- my sessions


@require_GET
@permission_required(SIGNED_IN)
def my_sessions(request):
    sessions = sheets.evaluator_session_list(request.user)
    links = meeting_links_for(request.user, sessions)  # the panel's own sessions: their links, one query
    for session in sessions:
        session.meeting_link = links[session.pk]
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
        following, earlier = sheets.next_session_to_score(request.user, session)
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


def _last_saved(saved: list, event: EvaluationEvent) -> str:
    """When the evaluator's open sheets were last saved: "14.52 WIB", or with the date on another day."""
    moments = [s.updated_at for s in saved]
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


@require_http_methods(["GET", "POST"])
@permission_required("evaluations.score_session", fetch=_scoring_session)
def score_session(request, session):
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
            errors = sheets.save_sheet_parts(session, parts, by=user)
            if not errors:
                return _after_save(request, session)
            posted = {pk: (request.POST, errors.get(pk, [])) for pk in parts}
            messages.error(
                request,
                _("Nothing was saved: correct the marked entries and save again. What you typed is kept."),
                extra_tags=SHEET_NOTE,
            )

    # An evaluator with a conflict of interest sees no sheet at all.
    members, panels = sheets.sheet_panels(session, user, [] if reasons else rubrics, criteria, posted)
    open_panels = [p for p in panels if not p.locked]
    top, bar = _split_messages(request, has_bar=bool(open_panels))
    following = None
    if panels and not open_panels:
        following, _earlier = sheets.next_session_to_score(user, session)
    context = {
        "session": session,
        "event": event,
        "time_range": sheets.time_range(session),
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


def _revision(value) -> int:
    bounded = query_int({"revision": value}, "revision")
    return -1 if bounded is None else bounded


@require_http_methods(["GET", "POST"])
@permission_required("evaluations.send_scores", fetch=_scoring_session)
def score_send(request, session):
    """Kirim: the summary of the evaluator's sheets as stored, and the confirmation that sends (locks) them.
    Nothing is sent without this page's confirmation, and only what it showed (the sheet's revision)."""
    event, user = session.event, request.user
    sheet_url = reverse("evaluations:score_session", args=[session.pk])
    rubrics = session.rubrics()
    summaries = sheets.sheet_summaries(session, user, rubrics)
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
            revisions = [(s.sheet, _revision(request.POST.get(f"revision-{s.rubric.pk}"))) for s in chosen]
            try:
                sheets.send_sheets(revisions, by=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages), extra_tags=SHEET_NOTE)
                status_code = 409
                summaries = sheets.sheet_summaries(session, user, rubrics)
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
        "time_range": sheets.time_range(session),
        "summaries": summaries,
        "sendable": [s for s in summaries if s.sendable],
        "sheet_url": sheet_url,
        "messages": top,
        "bar_messages": bar,
    }
    return render(request, "evaluations/scoring/send.html", context, status=status_code)


@require_GET
@permission_required("evaluations.read_session_masterplan", fetch=_masterplan_session)
def session_masterplan(request, session):
    """Buku 2 of the presenting region's masterplan as the region last submitted it (its newest frozen version,
    never the live text), read-only, for the session's panel and the secretariat. An evaluator with a conflict of
    interest with the region reads nothing (404), as does everyone while the region has submitted nothing."""
    version = sheets.readable_version(session, request.user)
    if version is None:
        raise Http404
    book = version_book(version, 2)
    return render(
        request,
        "evaluations/scoring/masterplan.html",
        {
            "session": session,
            "time_range": sheets.time_range(session),
            "masterplan": version.masterplan,
            "version": version,
            "title": version.snapshot.get("title") or version.masterplan.title,
            "book": book,
        },
    )


# ------------------------------------------------------------------------------------------------ board


@require_GET
@permission_required(MANAGE, fetch=_board_event)
def scoring_board(request, event):
    html = board_html(event)  # shared by every secretariat user watching the event (board.py)
    if request.htmx:
        return HttpResponse(html)
    # The fragment was rendered by our own template with autoescaping on.
    board = mark_safe(html)  # noqa: S308
    # The page's heading shows only the event's own fields: kept while the event row is unchanged.
    head_state = f"{event.pk}:{event.updated_at.timestamp()}"
    return render(
        request, "evaluations/scoring/board.html", {"event": event, "board": board, "head_state": head_state}
    )


@require_GET
@permission_required(MANAGE, fetch=_sheets_session)
def session_sheets(request, session):
    """The submitted sheets of one session with their totals, each with a link to reopen it."""
    context = {
        "session": session,
        "event": session.event,
        "sheets": sheets.submitted_sheets(session),
        "drafts": session.sheets.filter(status=SheetStatus.DRAFT).count(),
    }
    return render(request, "evaluations/scoring/session_sheets.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, fetch=_reopen_sheet)
def sheet_reopen(request, sheet):
    """GET: the reason form for one submitted sheet (a page of its own, so the board stays light with hundreds
    of sheets); POST: reopen it."""
    back = reverse("evaluations:session_sheets", args=[sheet.session_id])
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        total = sheets.shown_total(sheet, sheet.rubric.criteria.all())
        context = {"sheet": sheet, "form": form, "back": back, "total": total}
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


@require_GET
@public
def results(request, pk):
    # Public once published; before that the secretariat's, and 404 to everyone else (results.py).
    event = get_object_or_404(
        events_with_visible_results(request.user).select_related(
            "cohort", "masterplan_rubric", "quick_win_rubric"
        ),
        pk=pk,
    )
    is_secretariat = request.user.is_authenticated and request.user.is_secretariat
    region_results = compute_results(event)
    rubrics = results_table(event, region_results)
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


def _download(data: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required("evaluations.download_feedback", fetch=_feedback_session)
def feedback_pdf(request, session):
    feedback = region_feedback(session.event, session)
    return _download(build_feedback_pdf(feedback), f"{feedback.filename_stem}.pdf", "application/pdf")


@require_GET
@permission_required("evaluations.download_feedback", fetch=_feedback_session)
def feedback_docx(request, session):
    feedback = region_feedback(session.event, session)
    return _download(
        build_feedback_docx(feedback),
        f"{feedback.filename_stem}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@require_GET
@permission_required(MANAGE, fetch=_event)
def scores_xlsx(request, event):
    return _download(
        build_scores_workbook(event),
        f"nilai-evaluasi-{event.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
