"""Letter batches: prepare the letters of one kind for every region of a cohort, an evaluation event or a bimtek
stage in the background, follow the progress (an htmx fragment polling itself, as the masterplan books do),
download the ZIP of the PDFs, try a failed batch again, and finalise all its drafts (asked first: each takes a
number for good)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.core import confirm
from kotacerdas.core.middleware import query_int
from kotacerdas.core.permissions import permission_required
from kotacerdas.letters import finders, services
from kotacerdas.letters.forms import BatchForm
from kotacerdas.letters.models import (
    DEFAULT_PATTERN,
    BatchAction,
    JobStatus,
    Letter,
    LetterBatch,
    LetterStatus,
    NumberRegister,
)
from kotacerdas.letters.numbering import format_number
from kotacerdas.letters.tasks import release_lost_batches

MANAGE = "letters.manage_letters"
confirmable = require_http_methods(["GET", "POST"])
BATCHES_SHOWN = 100


def _context(**extra):
    return {"nav_active": "letters", **extra}


def batch_letters(batch: LetterBatch):
    """The letters of a batch: those it prepared, or those it finalises."""
    letters = (
        Letter.objects.filter(pk__in=batch.letter_ids)
        if batch.action == BatchAction.FINALISE
        else batch.letters
    )
    return letters.select_related("region", "event", "cohort").order_by("region__name", "pk")


@permission_required(MANAGE)
def batch_list(request):
    release_lost_batches()
    batches = LetterBatch.objects.select_related("cohort", "event", "stage", "requested_by")[:BATCHES_SHOWN]
    return render(request, "letters/batch_list.html", _context(batches=batches))


@permission_required(MANAGE)
def batch_new(request):
    initial = {}
    for source in ("cohort", "event", "stage"):
        value = query_int(request.GET, source)
        if value is not None:
            initial["subject"] = f"{source}:{value}"
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = BatchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.prepare_batch(
                data["kind"], letter_date=data["letter_date"], by=request.user, **form.subject_kwargs()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The letters are being prepared."))
            return redirect("letters:batch", pk=batch.pk)
    return render(
        request,
        "letters/batch_form.html",
        _context(form=form),
        status=400 if request.method == "POST" else 200,
    )


def _finalising(kind: str, letter_ids: set) -> LetterBatch | None:
    """The queued or running finalising batch that holds one of ``letter_ids``, if any."""
    for active in LetterBatch.objects.filter(
        kind=kind, action=BatchAction.FINALISE, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ):
        if letter_ids & set(active.letter_ids or []):
            return active
    return None


def _drafts(batch):
    if batch.action != BatchAction.PREPARE:
        return Letter.objects.none()
    return batch.letters.filter(status=LetterStatus.DRAFT)


@permission_required(MANAGE, fetch=finders.batch)
def batch_detail(request, batch):
    release_lost_batches()
    batch.refresh_from_db()
    letters = list(batch_letters(batch))
    counts = {}
    for letter in letters:
        counts[letter.status] = counts.get(letter.status, 0) + 1
    return render(
        request,
        "letters/batch.html",
        _context(
            batch=batch,
            letters=letters,
            status_counts=[
                (value, label, counts[value]) for value, label in LetterStatus.choices if value in counts
            ],
            drafts=sum(1 for letter in letters if letter.status == LetterStatus.DRAFT)
            if batch.action == BatchAction.PREPARE
            else 0,
            finalising=_finalising(batch.kind, {letter.pk for letter in letters}),
        ),
    )


@require_GET
@permission_required(MANAGE, fetch=finders.batch)
def batch_progress(request, batch):
    """The htmx fragment of the batch's state; it polls itself while the batch is queued or running. When the
    batch has finished, an htmx request reloads the whole page, so its letters show."""
    release_lost_batches()
    batch.refresh_from_db()
    response = render(request, "letters/_batch_progress.html#progress", {"batch": batch})
    if request.htmx and not batch.is_active:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@permission_required(MANAGE, fetch=finders.batch)
def batch_zip(request, batch):
    if batch.status != JobStatus.DONE or not batch.zip_file:
        raise Http404
    try:
        handle = batch.zip_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"surat-{batch.kind.replace('_', '-')}-{batch.pk}.zip"
    return FileResponse(handle, as_attachment=True, filename=name)


@permission_required(MANAGE, fetch=finders.batch, methods=("POST",))
def batch_retry(request, batch):
    if batch.status != JobStatus.FAILED:
        messages.info(request, _("Only a batch that failed can be tried again."))
    elif services.retry_batch(batch, by=request.user):
        messages.success(request, _("The batch is running again."))
    else:
        batch.refresh_from_db()
        messages.error(request, batch.error)
    return redirect("letters:batch", pk=batch.pk)


def _numbers_ahead(kind: str, letters: list) -> tuple[str, str, str]:
    """(register, first number, last number) the drafts would take now, in order (read only)."""
    if not letters:
        return "", "", ""
    first, last = letters[0], letters[-1]
    year = first.letter_date.year
    register = NumberRegister.objects.filter(kind=kind, year=year).first()
    if register is None:
        previous = NumberRegister.objects.filter(kind=kind).order_by("-year").first()
        pattern, seq = (previous.pattern if previous else DEFAULT_PATTERN), 0
        name = f"{first.get_kind_display()} {year}"
    else:
        pattern, seq, name = register.pattern, register.last_seq, str(register)
    return (
        name,
        format_number(pattern, seq + 1, first.letter_date),
        format_number(pattern, seq + len(letters), last.letter_date),
    )


@permission_required(MANAGE, fetch=finders.batch)
@confirmable
def batch_finalise(request, batch):
    back = reverse("letters:batch", args=[batch.pk])
    drafts = list(_drafts(batch).select_related("region").order_by("region__code", "pk"))
    running = _finalising(batch.kind, {d.pk for d in drafts})
    if running is not None:  # a second click, or another tab: the drafts are already being finalised
        messages.info(request, _("These drafts are already being finalised."))
        return redirect("letters:batch", pk=running.pk)
    if not confirm.is_confirmed(request):
        register, first, last = _numbers_ahead(batch.kind, drafts)
        years = {d.letter_date.year for d in drafts}
        lines = [
            ngettext(
                "%(n)s draft letter is finalised, in the background.",
                "%(n)s draft letters are finalised, one after the other, in the background.",
                len(drafts),
            )
            % {"n": len(drafts)},
            _(
                "They take the next numbers of the register %(register)s: %(first)s to %(last)s (unless other letters are finalised meanwhile)."
            )
            % {"register": register, "first": first, "last": last}
            if drafts and len(years) == 1
            else "",
            _("Numbers once taken can never be reused, not even when a letter is cancelled."),
            _("Each letter's values, PDF and Word file are frozen; a ZIP of the PDFs is made at the end."),
        ]
        return confirm.ask(
            request,
            title=_("Finalise all drafts of this batch?"),
            action=_("finalise all drafts"),
            consequences=lines,
            refusal="" if drafts else _("This batch has no draft left to finalise."),
            cancel_url=back,
            eyebrow=batch.get_kind_display(),
            nav_active="letters",
        )
    if not drafts:
        messages.info(request, _("This batch has no draft left to finalise."))
        return redirect(back)
    try:
        finalising = services.finalise_batch(batch, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("The drafts are being finalised."))
    return redirect("letters:batch", pk=finalising.pk)
