"""Importing indicator values and programme progress from a spreadsheet: template, upload, preview, commit.

Every view scopes the participation with ``visible_to`` first (404 outside) and then checks ``monitoring.report``
(403): the gate does both (core/permissions.py), except for the commit, which answers 405 to a GET first. No model holds the upload: the file is kept with the default storage under ``imports/monitoring/`` and its
name travels between the preview and the commit in a signed token bound to the participation and the user. The
commit reads the file again, checks every row again and writes all rows or none (``spreadsheets.commit_file``).
"""

import re
import uuid

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import permission_required
from kotacerdas.monitoring import finders, spreadsheets
from kotacerdas.monitoring.forms_import import ImportUploadForm

TEMPLATES = "monitoring/import/"
TOKEN_SALT = "kotacerdas.monitoring.import"
TOKEN_MAX_AGE = 24 * 60 * 60
STORAGE_DIR = "imports/monitoring/"
STORED_NAME = re.compile(r"^imports/monitoring/[0-9a-f]{32}\.xlsx$")
REPORT = "monitoring.report"


def _sign(participation, user, stored: str, filename: str) -> str:
    payload = {"p": participation.pk, "u": user.pk, "f": stored, "n": filename[:200]}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def _unsign(token: str, participation, user) -> dict | None:
    """The token's payload, or None when it is forged, expired or made for another participation or user."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != participation.pk or payload.get("u") != user.pk:
        return None
    if not STORED_NAME.match(str(payload.get("f", ""))):
        return None
    return payload


def _read_stored(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


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
        stored = default_storage.save(f"{STORAGE_DIR}{uuid.uuid4().hex}.xlsx", ContentFile(form.data_bytes))
        token = _sign(participation, request.user, stored, form.filename)
        url = reverse("monitoring:import_preview", args=[participation.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    return _upload_page(request, participation, form, status=400 if request.method == "POST" else 200)


@permission_required(REPORT, fetch=finders.participation)
def import_preview(request, participation):
    token = request.GET.get("t", "")
    if not token:
        return redirect("monitoring:import_upload", pk=participation.pk)
    payload = _unsign(token, participation, request.user)
    data = _read_stored(payload["f"]) if payload else None
    if data is None:
        return _refused(request, participation)
    try:
        preview = spreadsheets.build_preview(participation, data, filename=payload["n"], by=request.user)
    except spreadsheets.SpreadsheetError as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:import_upload", pk=participation.pk)
    return _preview_page(request, participation, preview, token=token)


@permission_required(REPORT, fetch=finders.participation, methods=("POST",))
def import_commit(request, participation):
    token = request.POST.get("t", "")
    payload = _unsign(token, participation, request.user) if token else None
    data = _read_stored(payload["f"]) if payload else None
    if data is None:
        return _refused(request, participation)
    try:
        preview = spreadsheets.commit_file(participation, data, by=request.user, filename=payload["n"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        url = reverse("monitoring:import_preview", args=[participation.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    default_storage.delete(payload["f"])
    counts = preview.counts
    messages.success(
        request,
        _("Import complete: %(new)s new values, %(corrections)s corrections, %(progress)s progress reports.")
        % {"new": counts["new"], "corrections": counts["correction"], "progress": counts["progress"]},
    )
    return redirect("monitoring:participation", pk=participation.pk)
