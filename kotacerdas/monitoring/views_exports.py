"""Downloads of a region's monitoring data: values and programme progress as XLSX or CSV, and the yearly
monitoring report as PDF or DOCX. Read access is enough: whoever may see the monitoring pages may download."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from kotacerdas.monitoring import exports
from kotacerdas.monitoring.report import build_report
from kotacerdas.monitoring.report_docx import build_docx
from kotacerdas.monitoring.report_pdf import build_pdf
from kotacerdas.programmes.models import Participation

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _participation(request, pk) -> Participation:
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("region__province", "cohort"), pk=pk
    )
    if not request.user.has_perm("monitoring.view_monitoring", participation):
        raise PermissionDenied
    return participation


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(participation, what: str) -> str:
    return f"{what}-{slugify(participation.region.name)}-{participation.cohort.year}"


@require_GET
@login_required
def export_values(request, pk, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    participation = _participation(request, pk)
    table = exports.values_table(participation)
    stem = _stem(participation, "nilai-indikator")
    if fmt == "csv":
        return _download(exports.csv_bytes(table), exports.CSV_CONTENT_TYPE, f"{stem}.csv")
    return _download(exports.xlsx_bytes([table]), exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")


@require_GET
@login_required
def export_progress(request, pk, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    participation = _participation(request, pk)
    current, history = exports.progress_tables(participation)
    stem = _stem(participation, "kemajuan-program")
    if fmt == "csv":  # one table per CSV file: the current state only (the XLSX has the history too)
        return _download(exports.csv_bytes(current), exports.CSV_CONTENT_TYPE, f"{stem}.csv")
    return _download(exports.xlsx_bytes([current, history]), exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")


@require_GET
@login_required
def report(request, pk, year, fmt):
    if fmt not in ("pdf", "docx") or not 2000 <= year <= 2100:
        raise Http404
    participation = _participation(request, pk)
    content = build_report(participation, year)
    stem = _stem(participation, f"laporan-monitoring-{year}")
    if fmt == "pdf":
        return _download(build_pdf(content), "application/pdf", f"{stem}.pdf")
    return _download(build_docx(content), DOCX_CONTENT_TYPE, f"{stem}.docx")
