"""The yearly monitoring report as DOCX (python-docx). The venv has no SVG rasteriser, so each indicator's
trend appears as a table of years, targets and values, as the masterplan books show their charts."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Mm, Pt, RGBColor

from kotacerdas.core.pdf import save_docx
from kotacerdas.monitoring.report import Report, number

PRIMARY = RGBColor(0x0B, 0x5C, 0x63)


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _value_text(section) -> str:
    v = section.value
    if v is None:
        return "–"
    text = section.value_text
    if not section.verified:
        text += f" ({_('unverified')})"
    if v.is_demo:
        text += f" ({_('demo')})"
    return text


def build_docx(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = PRIMARY

    document.add_heading(f"{_('Regional monitoring report')} {report.year}", level=0)
    document.add_paragraph(report.region.name).runs[0].bold = True
    document.add_paragraph(f"{_('Cohort')} {report.participation.cohort.year}")
    document.add_paragraph(f"{_('Reporting year')}: {report.year}")
    document.add_paragraph(f"{_('Generated on')} {date_format(report.generated_on, 'j F Y')}")

    document.add_page_break()
    document.add_heading(_("Summary"), level=1)
    count = len(report.indicators)
    _table(
        document,
        [_("Figure"), _("Count")],
        [
            [_("Indicators on target"), f"{report.on_target} / {count}"],
            [_("Indicators behind target"), f"{report.behind} / {count}"],
            [_("Programmes on track (of those due)"), f"{report.summary.on_track} / {report.summary.due}"],
            [_("Quick wins delivered"), f"{report.quick_wins_delivered} / {len(report.quick_wins)}"],
            *([[report.index_label, str(report.index_text)]] if report.index_text else []),
        ],
    )
    note = _(
        "Values are the current figures known on the day the report was generated. "
        "Values not yet verified are marked “unverified”."
    )
    if report.has_demo:
        note += " " + _("This report contains invented demo values, marked “demo”: they are not real data.")
    document.add_paragraph(note)

    document.add_heading(_("Indicators"), level=1)
    if not report.indicators:
        document.add_paragraph(_("The region tracks no indicators yet."))
    for s in report.indicators:
        document.add_heading(f"{s.code} · {s.name}", level=2)
        _table(
            document,
            [
                f"{_('Baseline')} ({s.baseline_year})",
                f"{_('Target')} {report.year}",
                f"{_('Value')} {report.year}",
                _("Status"),
            ],
            [
                [
                    s.baseline_text,
                    s.target_text,
                    _value_text(s),
                    s.standing_label,
                ]
            ],
        )
        document.add_paragraph()
        _table(
            document,
            [_("Year"), _("Target"), _("Value"), _("Verified")],
            [
                [str(y), number(t), number(v), "" if ok is None else (_("yes") if ok else _("no"))]
                for y, t, v, ok in s.rows
            ],
        )
        if s.value:
            provenance = f"{_('Source')}: {s.value.source}"
            if s.value.method:
                provenance += f" · {_('Method')}: {s.value.method}"
            document.add_paragraph(f"{provenance} · {_('Data quality')}: {s.quality_label}")

    document.add_heading(_("Programmes and quick wins"), level=1)
    document.add_paragraph(_("Status as of %(day)s.") % {"day": date_format(report.as_of, "j F Y")})
    if not report.programmes:
        document.add_paragraph(_("No masterplan programmes."))
    else:
        rows = []
        for r in report.programmes:
            name = r.programme.name + (f" ({_('demo')})" if r.latest and r.latest.is_demo else "")
            quick = ""
            if r.delivery:
                quick = (
                    f"{_('delivered')} {r.delivery.delivered_on:%d/%m/%Y}"
                    if r.delivery.delivered
                    else _("not delivered")
                )
            rows.append(
                [
                    name,
                    r.status_label,
                    str(r.percent),
                    number(r.budget_planned, 0),
                    number(r.budget_realised, 0),
                    quick,
                ]
            )
        _table(
            document,
            [
                _("Programme"),
                _("Status"),
                "%",
                _("Budget planned (Rp)"),
                _("Budget realised (Rp)"),
                _("Quick win"),
            ],
            rows,
        )
    return save_docx(document)
