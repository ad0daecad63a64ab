"""Official letters: the list, one letter with its values, files, moves (finalise, signed scan, send, cancel), send
log and audit trail. Every view finds its letter through ``Letter.objects.visible_to`` first (404: a region's team
sees only its region's signed and sent letters), then the gate checks the permission (403); the services write.

The templates and registers are in views_setup.py, the batches in views_batches.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core import audit, confirm
from kotacerdas.core.middleware import query_int
from kotacerdas.core.models import AuditEntry
from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.core.scans import scan_download
from kotacerdas.evaluations.models import EvaluationEvent
from kotacerdas.letters import finders, services
from kotacerdas.letters import render as paper
from kotacerdas.letters.forms import CancelForm, FinaliseForm, SignForm
from kotacerdas.letters.models import (
    ALLOWED_TRANSITIONS,
    DEFAULT_PATTERN,
    Letter,
    LetterKind,
    LetterStatus,
    NumberRegister,
)
from kotacerdas.letters.numbering import format_number
from kotacerdas.letters.placeholders import PLACEHOLDERS
from kotacerdas.programmes.models import Cohort
from kotacerdas.regions.models import Region

MANAGE = "letters.manage_letters"
VIEW = "letters.view_letter"
PAGE_SIZE = 50
# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])
S = LetterStatus


def _context(**extra):
    return {"nav_active": "letters", **extra}


def letter_url(letter) -> str:
    return reverse("letters:letter", args=[letter.pk])


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---------------------------------------------------------------------------------------------------------
# The list


def _years():
    return sorted({d.year for d in Letter.objects.dates("letter_date", "year")}, reverse=True)


@permission_required(SIGNED_IN)
def home(request):
    """The letters the user may see, filtered by kind, status, year, cohort and event: every letter for the
    secretariat, the signed and sent letters of the user's regions for a region's team."""
    user = request.user
    letters = Letter.objects.visible_to(user).select_related("region", "cohort", "event")
    keys = ("kind", "status", "year", "cohort", "event", "region")
    filters = {key: request.GET.get(key, "").strip() for key in keys}
    if filters["kind"] in LetterKind.values:
        letters = letters.filter(kind=filters["kind"])
    else:
        filters["kind"] = ""
    if filters["status"] in S.values:
        letters = letters.filter(status=filters["status"])
    else:
        filters["status"] = ""
    # ?region=<code>: the region page links here with its code (its team sees its own letters only anyway).
    region = Region.objects.filter(code=filters["region"]).first() if filters["region"] else None
    if region is not None:
        letters = letters.filter(region=region)
    else:
        filters["region"] = ""
    # Numbers from the query string through core's query_int: "٣" or a 30-digit id filters nothing, never fails.
    year = query_int(request.GET, "year", minimum=1, maximum=9999)
    if year is not None:
        letters = letters.filter(letter_date__year=year)
    else:
        filters["year"] = ""
    can_manage = user.has_perm(MANAGE)
    cohort = query_int(request.GET, "cohort") if can_manage else None
    if cohort is not None:
        letters = letters.filter(cohort_id=cohort)
    else:
        filters["cohort"] = ""
    event = query_int(request.GET, "event") if can_manage else None
    if event is not None:
        letters = letters.filter(event_id=event)
    else:
        filters["event"] = ""
    query = request.GET.copy()
    query.pop("page", None)
    counts = (
        {row["status"]: row["n"] for row in Letter.objects.values("status").annotate(n=Count("pk"))}
        if can_manage
        else {}
    )
    return render(
        request,
        "letters/home.html",
        _context(
            page=Paginator(letters.order_by("-letter_date", "-pk"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            filters=filters,
            querystring=query.urlencode(),
            kinds=LetterKind.choices,
            statuses=S.choices,
            status_counts=[(value, label, counts.get(value, 0)) for value, label in S.choices],
            years=_years() if can_manage else [],
            cohorts=Cohort.objects.order_by("-year", "name") if can_manage else [],
            events=EvaluationEvent.objects.order_by("-created_at") if can_manage else [],
            can_manage=can_manage,
            region=region,
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# One letter


def _moves(user, letter) -> set[str]:
    """The statuses ``user`` may move ``letter`` to now (models.ALLOWED_TRANSITIONS)."""
    return {
        target
        for target, perm in ALLOWED_TRANSITIONS.get(letter.status, {}).items()
        if user.has_perm(perm, letter)
    }


def _values(letter) -> list[tuple[str, str, str]]:
    """(placeholder, what it is, value) for each placeholder of the letter's kind, in the list's order."""
    values = letter.values or {}
    return [
        (name, help_text, "" if values.get(name) is None else str(values.get(name)))
        for name, help_text in PLACEHOLDERS.get(letter.kind, {}).items()
    ]


def _trail(letter):
    """(entry, what happened, the new value as read) of the letter's audit entries, newest first."""
    entries = AuditEntry.objects.filter(
        target_type__app_label="letters", target_type__model="letter", target_id=str(letter.pk)
    ).select_related("actor")
    return [
        (entry, audit.action_label(entry.action), audit.value_label(entry.action, entry.new_value))
        for entry in entries.order_by("-created_at", "-pk")[:100]
    ]


def _detail(request, letter, *, finalise_form=None, status=200):
    user = request.user
    can_manage = user.has_perm(MANAGE)
    moves = _moves(user, letter)
    return render(
        request,
        "letters/letter.html",
        _context(
            letter=letter,
            values=_values(letter),
            annex=(letter.values or {}).get("lampiran")
            if isinstance((letter.values or {}).get("lampiran"), dict)
            else None,
            can_manage=can_manage,
            may_finalise=S.FINALISED in moves,
            may_sign=S.SIGNED in moves,
            may_send=S.SENT in moves
            or (letter.status == S.SENT and user.has_perm("letters.send_letter", letter)),
            may_cancel=S.CANCELLED in moves,
            finalise_form=finalise_form or (FinaliseForm(letter=letter) if S.FINALISED in moves else None),
            expected_number=_expected_number(letter) if S.FINALISED in moves else "",
            dispatches=letter.dispatches.select_related("by") if can_manage else [],
            trail=_trail(letter) if can_manage else [],
        ),
        status=status,
    )


@permission_required(VIEW, fetch=finders.letter)
def letter_detail(request, letter):
    return _detail(request, letter)


def _paper(letter, kind: str):
    """The letter's PDF or Word file: the frozen file once finalised, a fresh draft (marked DRAF) before."""
    stem = letter.filename_stem()
    if letter.is_draft:
        data = paper.letter_pdf(letter) if kind == "pdf" else paper.letter_docx(letter)
        content_type = (
            "application/pdf"
            if kind == "pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
        response["Cache-Control"] = "private, no-store"
        return response
    stored = letter.pdf if kind == "pdf" else letter.docx
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=f"{stem}.{kind}")


@require_GET
@permission_required(VIEW, fetch=finders.letter)
def letter_pdf(request, letter):
    return _paper(letter, "pdf")


@require_GET
@permission_required(VIEW, fetch=finders.letter)
def letter_docx(request, letter):
    return _paper(letter, "docx")


@require_GET
@permission_required(VIEW, fetch=finders.letter)
def letter_scan(request, letter):
    return scan_download(letter.signed_scan, f"{letter.filename_stem()}-ttd")


# ---------------------------------------------------------------------------------------------------------
# Moves


def _expected_number(letter) -> str:
    """The number the letter would take now from its register (another finalisation may take it first). Read
    only: a register that does not exist yet is made at finalisation (``numbering.register_for``)."""
    year = letter.letter_date.year
    register = NumberRegister.objects.filter(kind=letter.kind, year=year).first()
    if register is not None:
        return format_number(register.pattern, register.last_seq + 1, letter.letter_date)
    previous = NumberRegister.objects.filter(kind=letter.kind).order_by("-year").first()
    return format_number(previous.pattern if previous else DEFAULT_PATTERN, 1, letter.letter_date)


def _refuse_stale(request, letter, target: str):
    """A move the letter's status no longer allows (a second click, another tab): nothing changes."""
    if target in ALLOWED_TRANSITIONS.get(letter.status, {}):
        return None
    if letter.status == target:
        # A double click: the first click did it, so the second says so instead of an error.
        messages.info(
            request,
            _("This letter is already “%(status)s”, with the number %(number)s; nothing more was changed.")
            % {"status": letter.get_status_display(), "number": letter.number},
        )
        return redirect("letters:letter", pk=letter.pk)
    messages.error(
        request,
        _("This letter is now “%(status)s”; nothing was changed.") % {"status": letter.get_status_display()},
    )
    return redirect("letters:letter", pk=letter.pk)


@permission_required("letters.finalise_letter", fetch=finders.letter)
@confirmable
def letter_finalise(request, letter):
    refused = _refuse_stale(request, letter, S.FINALISED)
    if refused:
        return refused
    form = FinaliseForm(request.POST if request.method == "POST" else request.GET, letter=letter)
    if not form.is_valid():
        return _detail(request, letter, finalise_form=form, status=400)
    given = form.cleaned_data["given_number"]
    if not confirm.is_confirmed(request):
        if given:
            number_line = _(
                "The letter takes the number %(number)s, as given by the e-office (SRIKANDI)."
            ) % {"number": given}
        else:
            number_line = _(
                "The letter takes the next number of the register of %(kind)s %(year)s: %(number)s (unless "
                "another letter is finalised first)."
            ) % {
                "kind": letter.get_kind_display(),
                "year": letter.letter_date.year,
                "number": _expected_number(letter),
            }
        return confirm.ask(
            request,
            title=_("Finalise the letter to %(to)s?") % {"to": letter.addressed_to},
            action=_("finalise the letter"),
            consequences=[
                number_line,
                _("The number is taken for good: it is never given again, even if the letter is cancelled."),
                _(
                    "Its values, PDF and Word file are frozen as they are now; the template's later changes do not reach it."
                ),
            ],
            carry={"given_number": given},
            cancel_url=letter_url(letter),
            eyebrow=letter.get_kind_display(),
            nav_active="letters",
        )
    try:
        services.finalise_letter(letter, by=request.user, given_number=given)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        letter.refresh_from_db(fields=["number"])
        messages.success(
            request, _("The letter was finalised with the number %(number)s.") % {"number": letter.number}
        )
    return redirect("letters:letter", pk=letter.pk)


@permission_required("letters.sign_letter", fetch=finders.letter)
def letter_sign(request, letter):
    refused = _refuse_stale(request, letter, S.SIGNED)
    if refused:
        return refused
    form = SignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_letter(letter, form.cleaned_data["scan"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The signed scan was saved; the letter is signed."))
            return redirect("letters:letter", pk=letter.pk)
    return render(
        request,
        "letters/sign.html",
        _context(letter=letter, form=form),
        status=400 if request.method == "POST" else 200,
    )


@permission_required("letters.send_letter", fetch=finders.letter)
@confirmable
def letter_send(request, letter):
    # A sent letter may be sent again (each sending is logged); anything else moves only as ALLOWED_TRANSITIONS says.
    refused = None if letter.status == S.SENT else _refuse_stale(request, letter, S.SENT)
    if refused:
        return refused
    recipients = services.recipients_of(letter)
    if not confirm.is_confirmed(request):
        lines = [
            _("The letter and its signed scan are e-mailed to: %(recipients)s.")
            % {"recipients": ", ".join(recipients)}
            if recipients
            else "",
            _("The letter is marked as sent; each sending is kept in its send log."),
        ]
        return confirm.ask(
            request,
            title=_("Send the letter to %(to)s?") % {"to": letter.addressed_to},
            action=_("send the letter"),
            consequences=lines,
            refusal=""
            if recipients
            else _(
                "Nobody can receive this letter: the region's team has no active member with an e-mail address."
            ),
            # The letter's revision as confirmed: a second click on this page is not a second sending.
            carry={"revision": letter.revision},
            cancel_url=letter_url(letter),
            eyebrow=letter.get_kind_display(),
            nav_active="letters",
        )
    try:
        services.send_letter(letter, by=request.user, expected_revision=query_int(request.POST, "revision"))
    except ValidationError as exc:
        if exc.code == "sent_meanwhile":
            messages.info(request, _errors(exc))
        else:
            messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The letter was sent."))
    return redirect("letters:letter", pk=letter.pk)


@permission_required("letters.cancel_letter", fetch=finders.letter)
@confirmable
def letter_cancel(request, letter):
    refused = _refuse_stale(request, letter, S.CANCELLED)
    if refused:
        return refused
    form = CancelForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "letters/cancel.html",
            _context(letter=letter, form=form),
            status=400 if request.method == "POST" else 200,
        )
    reason = form.cleaned_data["reason"]
    if not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=_("Cancel the letter %(number)s?") % {"number": letter.number or letter.addressed_to},
            action=_("cancel the letter"),
            consequences=[
                _("The letter is marked cancelled, with the reason: “%(reason)s”.") % {"reason": reason},
                _("It keeps its number %(number)s, which is never given to another letter.")
                % {"number": letter.number}
                if letter.number
                else "",
                _("Its files stay as they are; it can no longer be signed or sent."),
            ],
            carry={"reason": reason},
            cancel_url=letter_url(letter),
            eyebrow=letter.get_kind_display(),
            nav_active="letters",
        )
    try:
        services.cancel_letter(letter, reason=reason, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The letter was cancelled."))
    return redirect("letters:letter", pk=letter.pk)
