"""Programme spreadsheet pages: download (export and blank template), upload, preview, confirm, discard.

Every view scopes the masterplan with ``visible_to`` first (404 outside) and then checks the permission (403).
The file format and the validation live in ``spreadsheets.py``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kotacerdas.masterplans import spreadsheets
from kotacerdas.masterplans.models import ImportStatus, Masterplan, Part, ProgrammeImport

# Browsers and operating systems label .xlsx uploads differently; the content is checked by opening it.


class ProgrammeUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        help_text=gettext_lazy("At most 2 MB. Start from the template or from an export of this masterplan."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, masterplan: Masterplan, **kwargs):
        super().__init__(*args, **kwargs)
        self.masterplan = masterplan
        self.data_bytes = b""
        self.preview: dict = {}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = spreadsheets.check_xlsx_upload(
            upload,
            too_large=_(
                "The file is %(size)s MB; at most 2 MB can be uploaded. Remove images or other sheets, or split "
                "the programmes into several files."
            ),
        )
        data = upload.read()
        try:
            self.preview = spreadsheets.build_preview(self.masterplan, data, filename=name)
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(exc.message) from exc
        self.data_bytes = data
        return upload


def _masterplan(request, pk) -> Masterplan:
    return get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related(
            "participation__region", "participation__cohort", "framework_version"
        ),
        pk=pk,
    )


def _require(request, perm: str, masterplan: Masterplan) -> None:
    if not request.user.has_perm(perm, masterplan):
        raise PermissionDenied


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


@login_required
def programmes_xlsx(request, pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.export_masterplan", masterplan)
    workbook = spreadsheets.build_workbook(masterplan)
    stamp = timezone.localdate().isoformat()
    return _xlsx_response(workbook, f"program-{_file_stem(masterplan)}-{stamp}.xlsx")


@login_required
def programmes_template(request, pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.export_masterplan", masterplan)
    workbook = spreadsheets.build_workbook(masterplan, with_rows=False)
    return _xlsx_response(workbook, f"templat-program-{_file_stem(masterplan)}.xlsx")


@login_required
def programmes_import(request, pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.edit_masterplan", masterplan)
    form = ProgrammeUploadForm(request.POST or None, request.FILES or None, masterplan=masterplan)
    if request.method == "POST" and form.is_valid():
        programme_import = ProgrammeImport(
            masterplan=masterplan, preview=form.preview, uploaded_by=request.user, status=ImportStatus.PREVIEW
        )
        programme_import.file.save(f"program-{masterplan.pk}.xlsx", ContentFile(form.data_bytes), save=False)
        programme_import.save()
        return redirect("masterplans:programmes_import_preview", pk=pk, import_pk=programme_import.pk)
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


@login_required
def programmes_import_preview(request, pk, import_pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.export_masterplan", masterplan)
    programme_import = _import(masterplan, import_pk)
    preview = programme_import.preview or {}
    rows = preview.get("rows", [])
    can_edit = request.user.has_perm("masterplans.edit_masterplan", masterplan)
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
        "programmes_url": reverse("masterplans:part", args=[pk, Part.PROGRAMMES]),
    }
    return render(request, "masterplans/spreadsheets/preview.html", context)


@login_required
@require_POST
def programmes_import_commit(request, pk, import_pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.edit_masterplan", masterplan)
    programme_import = _import(masterplan, import_pk)
    try:
        created, changed = spreadsheets.commit_programme_import(programme_import, by=request.user)
    except spreadsheets.ImportOutdated as exc:
        if programme_import.status == ImportStatus.PREVIEW:
            programme_import.preview = exc.preview
            programme_import.save(update_fields=["preview", "updated_at"])
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


@login_required
@require_POST
def programmes_import_discard(request, pk, import_pk):
    masterplan = _masterplan(request, pk)
    _require(request, "masterplans.edit_masterplan", masterplan)
    programme_import = _import(masterplan, import_pk)
    if programme_import.status == ImportStatus.PREVIEW:
        programme_import.status = ImportStatus.REJECTED
        programme_import.save(update_fields=["status", "updated_at"])
        messages.success(request, _("The import was discarded; nothing was changed."))
    return redirect("masterplans:programmes_import", pk=pk)
