"""The yearly monitoring report as PDF: ``monitoring/exports/report.html`` printed by WeasyPrint, as the
masterplan books are (system fonts, inline SVG charts, every external URL refused)."""

from django.template.loader import render_to_string

from kotacerdas.masterplans.documents.pdf_builder import _refuse
from kotacerdas.monitoring.report import Report


def render_report_html(report: Report) -> str:
    return render_to_string("monitoring/exports/report.html", {"report": report})


def build_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint is slow to import, which every web process would otherwise pay.
    from weasyprint import HTML

    return HTML(string=render_report_html(report), base_url=None, url_fetcher=_refuse).write_pdf()
