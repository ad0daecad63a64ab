"""Reports of an evaluation event: a region's feedback (PDF and DOCX) and every score as XLSX.

``region_feedback`` gathers one region's scores with a fixed number of queries into plain data; both the PDF
(the template ``evaluations/results/feedback.html`` printed by WeasyPrint) and the DOCX (python-docx) are built
from that data, so the two files cannot tell different stories. Evaluators' names never enter the feedback:
comments are kept as bare texts, sorted alphabetically so that their order does not point to a person.

Labels use English message ids under ``translation.override("id")``: like the masterplan books, the feedback goes
to an Indonesian region team.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from kotacerdas.core.numbers_format import format_clock_range, format_number
from kotacerdas.core.pdf import save_docx, write_pdf
from kotacerdas.core.spreadsheets import neutralise
from kotacerdas.evaluations.models import EvaluationEvent, Score, ScoreSheet, Session, SheetStatus
from kotacerdas.evaluations.results import compute_results
from kotacerdas.evaluations.scoring import mean, rounded, sheet_total
from kotacerdas.masterplans.documents.content import DOCUMENT_LANGUAGE


def format_score(value) -> str:
    """``83,25`` (two places, in the active language: core/numbers_format.py); "–" when there is none."""
    return format_number(value, 2)


def format_weight(value) -> str:
    """A criterion's weight: ``15``, ``12,5``."""
    return format_number(value, max_places=2)


# ----------------------------------------------------------------------------------------------- feedback


@dataclass
class CriterionFeedback:
    name: str
    description: str
    weight: Decimal
    scale_min: int
    scale_max: int
    mean: Decimal | None  # over the submitted sheets' scores, n/a left out
    count: int
    na_count: int
    comments: list[str] = field(default_factory=list)

    @property
    def scale(self) -> str:
        return f"{self.scale_min}–{self.scale_max}"


@dataclass
class RubricFeedback:
    name: str
    kind_label: str
    mean_total: Decimal | None  # the mean of the sheets' weighted totals (0–100), as on the results page
    sheet_count: int
    criteria: list[CriterionFeedback]
    general_comments: list[str]


@dataclass
class Feedback:
    event_name: str
    venue: str
    dates: str
    region_name: str
    region_code: str
    province: str
    session_when: str
    presenter: str
    final: Decimal | None
    rank: int | None
    ranked_count: int
    published: bool
    rubrics: list[RubricFeedback]
    language: str = DOCUMENT_LANGUAGE
    printed_on: str = ""

    @property
    def title(self) -> str:
        return _("Evaluation feedback: %(region)s") % {"region": self.region_name}

    @property
    def filename_stem(self) -> str:
        return f"umpan-balik-{self.region_code.replace('.', '')}"

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return _("not ranked (no submitted scores)")
        return _("%(rank)s of %(count)s") % {"rank": self.rank, "count": self.ranked_count}

    @property
    def final_text(self) -> str:
        return format_score(self.final)

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [
            (_("Region"), f"{self.region_name} ({self.region_code})"),
            (_("Province"), self.province),
            (_("Evaluation"), self.event_name),
            (_("Venue"), self.venue),
            (_("Session"), self.session_when),
            (_("Presenter"), self.presenter or "–"),
            (_("Final score (0–100)"), self.final_text),
            (_("Rank"), self.rank_text),
        ]


def _session_when(session: Session) -> str:
    event = session.event
    return (
        f"{date_format(session.day.date, 'l, j F Y')}, "
        f"{format_clock_range(session.starts, session.ends, event.timezone)}, {session.room.name}"
    )


def _dates(event: EvaluationEvent) -> str:
    days = [d.date for d in event.days.all()]
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return date_format(first, "j F Y")
    return f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"


def region_feedback(
    event: EvaluationEvent, session: Session, *, language: str = DOCUMENT_LANGUAGE
) -> Feedback:
    """The feedback of the region presenting in ``session``: scores per criterion and comments, no names."""
    with translation.override(language):
        results = compute_results(event)
        mine = next((r for r in results if r.session.pk == session.pk), None)
        stats = {s.rubric.pk: s for s in mine.stats} if mine else {}
        sheets = list(
            ScoreSheet.objects.filter(session=session, status=SheetStatus.SUBMITTED)
            .select_related("rubric")
            .prefetch_related("scores")
            .order_by("pk")
        )
        rubrics = []
        for rubric in session.rubrics():
            criteria = list(rubric.criteria.all())
            counted = {e.pk for e, _total in stats[rubric.pk].totals} if rubric.pk in stats else set()
            # The same sheets as the result: current panel members without a conflict.
            mine_sheets = [s for s in sheets if s.rubric_id == rubric.pk and s.evaluator_id in counted]
            by_criterion = {c.pk: [] for c in criteria}
            for sheet in mine_sheets:
                for score in sheet.scores.all():
                    if score.criterion_id in by_criterion:
                        by_criterion[score.criterion_id].append(score)
            rows = []
            for c in criteria:
                scores = by_criterion[c.pk]
                values = [s.value for s in scores if not s.is_na and s.value is not None]
                rows.append(
                    CriterionFeedback(
                        name=c.name,
                        description=c.description,
                        weight=c.weight,
                        scale_min=c.scale_min,
                        scale_max=c.scale_max,
                        mean=rounded(mean(values)),
                        count=len(values),
                        na_count=sum(1 for s in scores if s.is_na),
                        comments=sorted(s.comment.strip() for s in scores if s.comment.strip()),
                    )
                )
            rs = stats.get(rubric.pk)
            rubrics.append(
                RubricFeedback(
                    name=rubric.name,
                    kind_label=str(rubric.get_kind_display()),
                    mean_total=rs.mean if rs else None,
                    sheet_count=rs.count if rs else 0,
                    criteria=rows,
                    general_comments=sorted(
                        s.general_comment.strip() for s in mine_sheets if s.general_comment.strip()
                    ),
                )
            )
        region = session.participation.region
        return Feedback(
            event_name=event.name,
            venue=", ".join(p for p in (event.venue, event.address) if p),
            dates=_dates(event),
            region_name=region.name,
            region_code=region.code,
            province=region.province.name,
            session_when=_session_when(session),
            presenter=", ".join(p for p in (session.presenter_name, session.presenter_position) if p),
            final=mine.final if mine else None,
            rank=mine.rank if mine else None,
            ranked_count=sum(1 for r in results if r.rank is not None),
            published=event.results_are_published,
            rubrics=rubrics,
            language=language,
            printed_on=date_format(timezone.localtime(timezone.now(), event.tzinfo).date(), "j F Y"),
        )


def render_feedback_html(feedback: Feedback) -> tuple[str, str]:
    with translation.override(feedback.language):
        context = {"feedback": feedback}
        html = render_to_string("evaluations/results/feedback.html", context)
        css = render_to_string("evaluations/results/feedback.css", context)
    return html, css


def build_feedback_pdf(feedback: Feedback) -> bytes:
    html, css = render_feedback_html(feedback)
    return write_pdf(html, css)


def build_feedback_docx(feedback: Feedback) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    primary, muted = RGBColor(0x0B, 0x5C, 0x63), RGBColor(0x5B, 0x67, 0x70)
    with translation.override(feedback.language):
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin = section.right_margin = Mm(20)
        normal = document.styles["Normal"]
        normal.font.name, normal.font.size = "Calibri", Pt(10.5)
        for name in ("Title", "Heading 1", "Heading 2"):
            document.styles[name].font.color.rgb = primary
        props = document.core_properties
        props.title, props.subject, props.author = feedback.title, feedback.region_name, "kotacerdas"
        props.language = "id-ID" if feedback.language == "id" else "en-GB"

        footer = section.footer.paragraphs[0]
        footer.text = f"{feedback.event_name} · {feedback.region_name}"
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in footer.runs:
            run.font.size, run.font.color.rgb = Pt(8), muted

        document.add_paragraph(_("Evaluation feedback"), style="Title")
        document.add_paragraph(feedback.region_name, style="Heading 1")
        if not feedback.published:
            note = document.add_paragraph(
                _("Draft: the results are not published yet; scores and rank may still change.")
            )
            note.runs[0].font.bold = True
        facts = document.add_table(rows=0, cols=2)
        facts.style = "Table Grid"
        for label, value in feedback.facts:
            cells = facts.add_row().cells
            cells[0].text, cells[1].text = label, value
            cells[0].paragraphs[0].runs[0].font.bold = True
        document.add_paragraph(
            _("Comments are listed without the evaluators' names, in alphabetical order."), style="Normal"
        ).runs[0].font.color.rgb = muted

        for rubric in feedback.rubrics:
            document.add_paragraph(f"{rubric.kind_label}: {rubric.name}", style="Heading 1")
            document.add_paragraph(
                _("Mean total (0–100): %(total)s over %(count)s submitted score sheets.")
                % {"total": format_score(rubric.mean_total), "count": rubric.sheet_count}
            )
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells, (_("Criterion"), _("Weight"), _("Scale"), _("Mean score")), strict=True
            ):
                cell.text = text
                cell.paragraphs[0].runs[0].font.bold = True
            for c in rubric.criteria:
                cells = table.add_row().cells
                cells[0].text = c.name
                cells[1].text = format_weight(c.weight)
                cells[2].text = c.scale
                cells[3].text = format_score(c.mean) if c.count else _("n/a")
            for c in rubric.criteria:
                document.add_paragraph(c.name, style="Heading 2")
                if c.comments:
                    for comment in c.comments:
                        document.add_paragraph(comment, style="List Bullet")
                else:
                    document.add_paragraph(_("No comments.")).runs[0].font.italic = True
            if rubric.general_comments:
                document.add_paragraph(_("General comments"), style="Heading 2")
                for comment in rubric.general_comments:
                    document.add_paragraph(comment, style="List Bullet")
        return save_docx(document)


# ------------------------------------------------------------------------------------------------ XLSX

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE9F5")
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(value):
    """A value ready for a cell: formula-like text gets a leading ', characters XLSX cannot hold go."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise(value) if value else None
    return value


def _local(dt, event):
    """An aware datetime as a naive one in the event's zone (spreadsheets know no time zones)."""
    return timezone.localtime(dt, event.tzinfo).replace(tzinfo=None) if dt else None


def _write(sheet, headers: list, rows: list, widths: list) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def build_scores_workbook(event: EvaluationEvent) -> bytes:
    """Every score of the event (one row per criterion of each sheet) and every sheet with its total."""
    scores = (
        Score.objects.filter(sheet__session__event=event)
        .select_related(
            "criterion",
            "sheet__rubric",
            "sheet__evaluator",
            "sheet__session__day",
            "sheet__session__room",
            "sheet__session__panel",
            "sheet__session__participation__region",
        )
        .order_by(
            "sheet__session__day__date",
            "sheet__session__starts",
            "sheet__session__room__order",
            "sheet__rubric__kind",
            "sheet__evaluator__full_name",
            "criterion__order",
            "criterion__pk",
        )
    )
    tz = event.timezone_abbreviation
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    rows, sheets = [], {}
    for s in scores:
        sh, session = s.sheet, s.sheet.session
        sheets.setdefault(sh.pk, (sh, []))[1].append(s)
        rows.append(
            [
                session.day.date,
                format_clock_range(session.starts, session.ends, event.timezone),
                session.room.name,
                session.panel.name if session.panel_id else "",
                session.participation.region.code,
                session.participation.region.name,
                sh.evaluator.full_name,
                sh.evaluator.email,
                str(sh.rubric),
                s.criterion.name,
                s.criterion.weight,
                s.value,
                _("yes") if s.is_na else _("no"),
                s.comment,
                str(sh.get_status_display()),
            ]
        )
    _write(
        sheet,
        [
            _("Date"),
            _("Time"),
            _("Room"),
            _("Panel"),
            _("Region code"),
            _("Region"),
            _("Evaluator"),
            _("E-mail"),
            _("Rubric"),
            _("Criterion"),
            _("Weight"),
            _("Score"),
            _("n/a"),
            _("Comment"),
            _("Sheet status"),
        ],
        rows,
        [12, 18, 14, 10, 10, 26, 24, 30, 36, 32, 8, 8, 6, 50, 12],
    )
    for row in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        row[0].number_format = "yyyy-mm-dd"

    totals = workbook.create_sheet(_("Sheets")[:31])
    sheet_rows = []
    criteria_of = {}
    for sh, sheet_scores in sheets.values():
        criteria = criteria_of.setdefault(sh.rubric_id, list(sh.rubric.criteria.all()))
        total = sheet_total(criteria, sheet_scores)
        session = sh.session
        sheet_rows.append(
            [
                session.participation.region.code,
                session.participation.region.name,
                sh.evaluator.full_name,
                str(sh.rubric),
                str(sh.get_status_display()),
                _local(sh.submitted_at, event),
                rounded(total),
                sh.general_comment,
            ]
        )
    _write(
        totals,
        [
            _("Region code"),
            _("Region"),
            _("Evaluator"),
            _("Rubric"),
            _("Sheet status"),
            _("Submitted (%(tz)s)") % {"tz": tz},
            _("Total (0–100)"),
            _("General comment"),
        ],
        sheet_rows,
        [10, 26, 24, 36, 12, 18, 12, 60],
    )
    for row in totals.iter_rows(min_row=2, min_col=6, max_col=7):
        row[0].number_format = "yyyy-mm-dd hh:mm"
        row[1].number_format = "#,##0.00"  # a number shown in the reader's locale: 83,25 or 83.25
    for ws in (sheet, totals):
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAP
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
