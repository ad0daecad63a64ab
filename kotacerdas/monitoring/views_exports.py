"""Downloads of a region's monitoring data: values and programme progress as XLSX or CSV, and the yearly
monitoring report as PDF or DOCX. Read access is enough: whoever may see the monitoring pages may download."""

import io

from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from kotacerdas.core.permissions import permission_required
from kotacerdas.monitoring import exports, finders
from kotacerdas.monitoring.report import build_report
from kotacerdas.monitoring.report_docx import build_docx
from kotacerdas.monitoring.report_pdf import build_pdf

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VIEW = "monitoring.view_monitoring"


def _download(content: bytes, content_type: str, filename: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


def _stem(participation, what: str) -> str:
    return f"{what}-{slugify(participation.region.name)}-{participation.cohort.year}"


@require_GET
@permission_required(VIEW, fetch=finders.participation)
def export_values(request, participation, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    table = exports.values_table(participation)
    stem = _stem(participation, "nilai-indikator")
    if fmt == "csv":
        return _download(exports.csv_bytes(table), exports.CSV_CONTENT_TYPE, f"{stem}.csv")
    return _download(exports.xlsx_bytes([table]), exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")


@require_GET
@permission_required(VIEW, fetch=finders.participation)
def export_progress(request, participation, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    current, history = exports.progress_tables(participation)
    stem = _stem(participation, "kemajuan-program")
    if fmt == "csv":  # one table per CSV file: the current state only (the XLSX has the history too)
        return _download(exports.csv_bytes(current), exports.CSV_CONTENT_TYPE, f"{stem}.csv")
    return _download(exports.xlsx_bytes([current, history]), exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx")


@require_GET
@permission_required(VIEW, fetch=finders.participation)
def report(request, participation, year, fmt):
    if fmt not in ("pdf", "docx") or not 2000 <= year <= 2100:
        raise Http404
    content = build_report(participation, year)
    stem = _stem(participation, f"laporan-monitoring-{year}")
    if fmt == "pdf":
        return _download(build_pdf(content), "application/pdf", f"{stem}.pdf")
    return _download(build_docx(content), DOCX_CONTENT_TYPE, f"{stem}.docx")
