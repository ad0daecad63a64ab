"""Importing indicator values and programme progress from a spreadsheet: template, upload, preview, commit.

Every view scopes the participation with ``visible_to`` first (404 outside) and then checks ``monitoring.report``
(403): the gate does both (core/permissions.py), except for the commit, which answers 405 to a GET first. No model holds the upload: it is kept between the preview and the commit by ``core/pending.py``, in a token bound
to the participation and the user. The
commit reads the file again, checks every row again and writes all rows or none (``spreadsheets.commit_file``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.pending import PendingFiles
from kotacerdas.core.permissions import permission_required
from kotacerdas.monitoring import finders, spreadsheets
from kotacerdas.monitoring.forms_import import ImportUploadForm

TEMPLATES = "monitoring/import/"
UPLOADS = PendingFiles("imports/monitoring/", salt="kotacerdas.monitoring.import")
REPORT = "monitoring.report"


def _bound_to(participation, user) -> dict:
    return {"p": participation.pk, "u": user.pk}


def _upload_page(request, participation, form, *, status=200, token_error=""):
    this_year = timezone.localdate().year
    context = {
        "participation": participation,
        "form": form,
        "token_error": token_error,
        "template_years": [this_year, this_year - 1, this_year - 2],
        "max_rows": spreadsheets.MAX_ROWS,
        "monitoring_tab": "import",
        "may_report": True,  # only reporters reach these pages
        "nav_active": "monitoring",
    }
    return render(request, TEMPLATES + "upload.html", context, status=status)


def _preview_page(request, participation, preview, *, token="", status=200):
    context = {
        "participation": participation,
        "preview": preview,
        "rows": preview.rows,
        "error_rows": preview.error_rows,
        "counts": preview.counts,
        "has_errors": preview.has_errors,
        "can_commit": bool(token and not preview.has_errors and (preview.values or preview.reports)),
        "token": token,
        "monitoring_tab": "import",
        "may_report": True,  # only reporters reach these pages
        "nav_active": "monitoring",
    }
    return render(request, TEMPLATES + "preview.html", context, status=status)


def _refused(request, participation):
    return _upload_page(
        request,
        participation,
        ImportUploadForm(participation=participation, user=request.user),
        status=400,
        token_error=_(
            "This import link is not valid or has expired, so nothing was imported. Upload the file again."
        ),
    )


@permission_required(REPORT, fetch=finders.participation)
def import_template(request, participation, year):
    if not 2000 <= year <= 2100:
        raise Http404
    data = spreadsheets.template_bytes(participation, year)
    response = HttpResponse(data, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    stem = slugify(participation.region.name) or f"wilayah-{participation.pk}"
    response["Content-Disposition"] = f'attachment; filename="templat-monitoring-{stem}-{year}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(REPORT, fetch=finders.participation)
def import_upload(request, participation):
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, participation=participation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        preview = form.preview
        if preview.has_errors:
            # Nothing can be confirmed: show the errors without keeping the file.
            return _preview_page(request, participation, preview)
        token = UPLOADS.keep(
            form.data_bytes,
            filename=form.filename,
            extension=".xlsx",
            bound_to=_bound_to(participation, request.user),
        )
        url = reverse("monitoring:import_preview", args=[participation.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    return _upload_page(request, participation, form, status=400 if request.method == "POST" else 200)


@permission_required(REPORT, fetch=finders.participation)
def import_preview(request, participation):
    token = request.GET.get("t", "")
    if not token:
        return redirect("monitoring:import_upload", pk=participation.pk)
    kept = UPLOADS.find(token, bound_to=_bound_to(participation, request.user))
    data = UPLOADS.read(kept)
    if data is None:
        return _refused(request, participation)
    try:
        preview = spreadsheets.build_preview(participation, data, filename=kept.filename, by=request.user)
    except spreadsheets.SpreadsheetError as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:import_upload", pk=participation.pk)
    return _preview_page(request, participation, preview, token=token)


@permission_required(REPORT, fetch=finders.participation, methods=("POST",))
def import_commit(request, participation):
    token = request.POST.get("t", "")
    kept = UPLOADS.find(token, bound_to=_bound_to(participation, request.user))
    data = UPLOADS.read(kept)
    if data is None:
        return _refused(request, participation)
    try:
        preview = spreadsheets.commit_file(participation, data, by=request.user, filename=kept.filename)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        url = reverse("monitoring:import_preview", args=[participation.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    UPLOADS.discard(kept)
    counts = preview.counts
    messages.success(
        request,
        _("Import complete: %(new)s new values, %(corrections)s corrections, %(progress)s progress reports.")
        % {"new": counts["new"], "corrections": counts["correction"], "progress": counts["progress"]},
    )
    return redirect("monitoring:participation", pk=participation.pk)
