"""Programme spreadsheet pages: download (export and blank template), upload, preview, confirm, discard.

Every view finds the masterplan with ``visible_to`` first (404 outside) and then the gate checks the permission
(403; core/permissions.py). The file format and the validation live in ``spreadsheets.py``, the writes in
``services.py``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import permission_required
from kotacerdas.masterplans import services, spreadsheets
from kotacerdas.masterplans.forms import ProgrammeUploadForm
from kotacerdas.masterplans.models import ImportStatus, Masterplan, Part, ProgrammeImport
from kotacerdas.masterplans.views import find_masterplan

EXPORT = "masterplans.export_masterplan"
EDIT = "masterplans.edit_masterplan"


def _import(masterplan: Masterplan, import_pk: int) -> ProgrammeImport:
    return get_object_or_404(
        ProgrammeImport.objects.select_related("uploaded_by"), pk=import_pk, masterplan=masterplan
    )


def _xlsx_response(workbook, filename: str) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.workbook_bytes(workbook), content_type=spreadsheets.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_stem(masterplan: Masterplan) -> str:
    return slugify(masterplan.region.name) or f"masterplan-{masterplan.pk}"


@permission_required(EXPORT, fetch=find_masterplan)
def programmes_xlsx(request, masterplan):
    workbook = spreadsheets.build_workbook(masterplan)
    stamp = timezone.localdate().isoformat()
    return _xlsx_response(workbook, f"program-{_file_stem(masterplan)}-{stamp}.xlsx")


@permission_required(EXPORT, fetch=find_masterplan)
def programmes_template(request, masterplan):
    workbook = spreadsheets.build_workbook(masterplan, with_rows=False)
    return _xlsx_response(workbook, f"templat-program-{_file_stem(masterplan)}.xlsx")


@permission_required(EDIT, fetch=find_masterplan)
def programmes_import(request, masterplan):
    form = ProgrammeUploadForm(request.POST or None, request.FILES or None, masterplan=masterplan)
    if request.method == "POST" and form.is_valid():
        programme_import = services.start_programme_import(
            masterplan, preview=form.preview, data=form.data_bytes, by=request.user
        )
        return redirect(
            "masterplans:programmes_import_preview", pk=masterplan.pk, import_pk=programme_import.pk
        )
    context = {
        "masterplan": masterplan,
        "form": form,
        "recent": masterplan.imports.select_related("uploaded_by")[:5],
        "max_rows": spreadsheets.MAX_ROWS,
    }
    return render(
        request,
        "masterplans/spreadsheets/upload.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@permission_required(EXPORT, fetch=find_masterplan)
def programmes_import_preview(request, masterplan, import_pk):
    programme_import = _import(masterplan, import_pk)
    preview = programme_import.preview or {}
    rows = preview.get("rows", [])
    can_edit = request.user.has_perm(EDIT, masterplan)
    is_open = programme_import.status == ImportStatus.PREVIEW
    context = {
        "masterplan": masterplan,
        "programme_import": programme_import,
        "rows": rows,
        "error_rows": [r for r in rows if r["action"] == "error"],
        "counts": preview.get("counts", {}),
        "result": preview.get("result"),
        "filename": preview.get("filename", ""),
        "has_errors": spreadsheets.has_errors(preview),
        "is_open": is_open,
        "can_edit": can_edit,
        "can_commit": can_edit and is_open and not spreadsheets.has_errors(preview),
        "programmes_url": reverse("masterplans:part", args=[masterplan.pk, Part.PROGRAMMES]),
    }
    return render(request, "masterplans/spreadsheets/preview.html", context)


@permission_required(EDIT, fetch=find_masterplan, methods=("POST",))
def programmes_import_commit(request, masterplan, import_pk):
    pk = masterplan.pk
    programme_import = _import(masterplan, import_pk)
    try:
        created, changed = spreadsheets.commit_programme_import(programme_import, by=request.user)
    except spreadsheets.ImportOutdated as exc:
        services.renew_import_preview(programme_import, exc.preview)
        messages.error(
            request,
            _("The programmes changed after this preview was made, so nothing was imported. Check the updated "
              "preview below and confirm again."),
        )  # fmt: skip
        return redirect("masterplans:programmes_import_preview", pk=pk, import_pk=import_pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("masterplans:programmes_import_preview", pk=pk, import_pk=import_pk)
    messages.success(
        request,
        _("Import complete: %(created)s programmes added, %(changed)s changed.")
        % {"created": created, "changed": changed},
    )
    return redirect("masterplans:programmes_import_preview", pk=pk, import_pk=import_pk)


@permission_required(EDIT, fetch=find_masterplan, methods=("POST",))
def programmes_import_discard(request, masterplan, import_pk):
    programme_import = _import(masterplan, import_pk)
    if services.discard_programme_import(programme_import):
        messages.success(request, _("The import was discarded; nothing was changed."))
    return redirect("masterplans:programmes_import", pk=masterplan.pk)
