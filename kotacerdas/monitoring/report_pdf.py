"""The yearly monitoring report as PDF: ``monitoring/exports/report.html`` printed by WeasyPrint, as the
masterplan books are (system fonts, inline SVG charts, every external URL refused)."""

from django.template.loader import render_to_string

from kotacerdas.core.pdf import write_pdf
from kotacerdas.monitoring.report import Report


def render_report_html(report: Report) -> str:
    return render_to_string("monitoring/exports/report.html", {"report": report})


def build_pdf(report: Report) -> bytes:
    return write_pdf(render_report_html(report))
