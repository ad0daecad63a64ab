"""Where user text comes back out: the HTML pages, the generated documents and the open data API, each as a
named *surface* that fetches its content for a world (tests/security/worlds.py), and the checks that the text
came out as text."""

import csv
import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import docx
import lxml.html
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from kotacerdas.core.pdf import BIDI_CONTROLS

# --------------------------------------------------------------------------------------------- the surfaces


@dataclass(frozen=True)
class Surface:
    name: str
    kind: str  # "html", "docx", "pdf", "ics", "json", "csv"
    user: str | None  # attribute of the world holding the user, None for an anonymous visitor
    url: Callable  # world -> URL
    method: str = "get"
    language: str = "id"


def page(name, user, url, kind="html", language="id"):
    return Surface(name, kind, user, url, language=language)


SEC, EDITOR, MENTOR, EVALUATOR = "secretariat", "editor", "mentor", "evaluator"

PAGES = [
    # Public pages.
    page("portal:home", None, lambda w: reverse("portal:home")),
    page("portal:region_directory", None, lambda w: reverse("portal:region_directory") + "?movement=1"),
    page("portal:region_detail", None, lambda w: reverse("portal:region_detail", args=[w.region.code])),
    page(
        "portal:masterplan",
        None,
        lambda w: reverse("portal:masterplan", args=[w.region.code, w.masterplan.pk]),
    ),
    page("portal:quick_wins", None, lambda w: reverse("portal:quick_wins")),
    page("portal:national_dashboard", None, lambda w: reverse("portal:national_dashboard")),
    page("portal:region_dashboard", None, lambda w: reverse("portal:region_dashboard", args=[w.region.code])),
    page(
        "portal:compare",
        None,
        lambda w: reverse("portal:compare") + f"?r={w.region.code}&year_from=2018&year_to=2024",
    ),
    page("framework:version_list", None, lambda w: reverse("framework:version_list")),
    page(
        "framework:version_detail",
        None,
        lambda w: reverse("framework:version_detail", args=[w.framework.code]),
    ),
    page(
        "framework:version_detail[en]",
        None,
        lambda w: reverse("framework:version_detail", args=[w.framework.code]),
        language="en",
    ),
    page("evaluations:agenda", None, lambda w: reverse("evaluations:agenda", args=[w.event.pk])),
    page(
        "evaluations:agenda_changes", None, lambda w: reverse("evaluations:agenda_changes", args=[w.event.pk])
    ),
    page(
        "evaluations:agenda_region",
        None,
        lambda w: reverse("evaluations:agenda_region", args=[w.event.pk, w.region.code]),
    ),
    page("news:post_list", None, lambda w: reverse("news:post_list")),
    page("news:post_detail", None, lambda w: reverse("news:post_detail", args=[w.post.slug])),
    page(
        "news:quick_win_feedback", None, lambda w: reverse("news:quick_win_feedback", args=[w.quick_win.pk])
    ),
    page("news:region_feedback", EDITOR, lambda w: reverse("news:region_feedback", args=[w.region.code])),
    page("monitoring:indicator_list", None, lambda w: reverse("monitoring:indicator_list")),
    page(
        "monitoring:indicator_detail",
        None,
        lambda w: reverse("monitoring:indicator_detail", args=[w.indicator.code]),
    ),
    page(
        "monitoring:indicator_detail[en]",
        None,
        lambda w: reverse("monitoring:indicator_detail", args=[w.indicator.code]),
        language="en",
    ),
    page(
        "implementation:round_results",
        None,
        lambda w: reverse("implementation:round_results", args=[w.round.year]),
    ),
    page("implementation:rounds", SEC, lambda w: reverse("implementation:rounds")),
    # The secretariat's pages.
    page("portal:dashboard", SEC, lambda w: reverse("portal:dashboard")),
    page("portal:audit_log", SEC, lambda w: reverse("portal:audit_log")),
    page("accounts:user_list", SEC, lambda w: reverse("accounts:user_list")),
    page("accounts:user_edit", SEC, lambda w: reverse("accounts:user_edit", args=[w.editor.pk])),
    page("regions:opd_list", SEC, lambda w: reverse("regions:opd_list", args=[w.region.code])),
    page("regions:opd_edit", SEC, lambda w: reverse("regions:opd_edit", args=[w.region.code, w.opd.pk])),
    page("regions:members", SEC, lambda w: reverse("regions:members", args=[w.region.code])),
    page("regions:bodies", EDITOR, lambda w: reverse("regions:bodies", args=[w.region.code])),
    page(
        "regions:body_edit", EDITOR, lambda w: reverse("regions:body_edit", args=[w.region.code, w.body.pk])
    ),
    page(
        "regions:body_member_edit",
        EDITOR,
        lambda w: reverse("regions:body_member_edit", args=[w.region.code, w.body.pk, w.body_member.pk]),
    ),
    page("bimtek:region", EDITOR, lambda w: reverse("bimtek:region", args=[w.participation.pk])),
    page("bimtek:check_in", SEC, lambda w: reverse("bimtek:check_in", args=[w.stage.pk])),
    page("bimtek:stage", SEC, lambda w: reverse("bimtek:stage", args=[w.stage.pk])),
    page("bimtek:cohort", SEC, lambda w: reverse("bimtek:cohort", args=[w.cohort.pk])),
    page("letters:home", SEC, lambda w: reverse("letters:home")),
    page("letters:letter", SEC, lambda w: reverse("letters:letter", args=[w.letter.pk])),
    page("letters:templates", SEC, lambda w: reverse("letters:templates")),
    page(
        "letters:template_edit",
        SEC,
        lambda w: reverse("letters:template_edit", args=["evaluation_invitation"]),
    ),
    page("letters:registers", SEC, lambda w: reverse("letters:registers")),
    page(
        "letters:register_edit", SEC, lambda w: reverse("letters:register_edit", args=[w.letter_register.pk])
    ),
    page("letters:batch", SEC, lambda w: reverse("letters:batch", args=[w.letter_batch.pk])),
    page("programmes:agreement_register", SEC, lambda w: reverse("programmes:agreement_register")),
    page(
        "programmes:agreement_list",
        SEC,
        lambda w: reverse("programmes:agreement_list", args=[w.agreement.region.code]),
    ),
    page(
        "programmes:agreement_detail",
        SEC,
        lambda w: reverse("programmes:agreement_detail", args=[w.agreement.pk]),
    ),
    page(
        "programmes:agreement_edit",
        SEC,
        lambda w: reverse("programmes:agreement_edit", args=[w.agreement.pk]),
    ),
    *[
        page(
            f"framework:item_edit[{kind}]",
            SEC,
            lambda w, kind=kind, related=related: reverse(
                "framework:item_edit",
                args=[w.draft_framework.code, kind, related(w.draft_framework).first().pk],
            ),
        )
        for kind, related in (
            ("dimension", lambda v: v.dimensions),
            ("element", lambda v: v.dimensions.first().elements),
            ("aspect", lambda v: v.aspects),
            ("level", lambda v: v.readiness_levels),
        )
    ],
    page("programmes:cohort_list", SEC, lambda w: reverse("programmes:cohort_list")),
    page("programmes:cohort_detail", SEC, lambda w: reverse("programmes:cohort_detail", args=[w.cohort.pk])),
    page("programmes:cohort_edit", SEC, lambda w: reverse("programmes:cohort_edit", args=[w.cohort.pk])),
    page(
        "programmes:stage_edit",
        SEC,
        lambda w: reverse("programmes:stage_edit", args=[w.cohort.pk, w.stage.pk]),
    ),
    page("programmes:selection", SEC, lambda w: reverse("programmes:selection", args=[w.cohort.pk])),
    page(
        "programmes:participation_detail",
        SEC,
        lambda w: reverse("programmes:participation_detail", args=[w.participation.pk]),
    ),
    page("programmes:assess", EVALUATOR, lambda w: reverse("programmes:assess", args=[w.applicant.pk])),
    page("masterplans:list", SEC, lambda w: reverse("masterplans:list")),
    page("masterplans:overview", SEC, lambda w: reverse("masterplans:overview", args=[w.masterplan.pk])),
    page(
        "masterplans:part[readiness][en]",
        MENTOR,
        lambda w: reverse("masterplans:part", args=[w.masterplan.pk, "readiness"]),
        language="en",
    ),
    page(
        "portal:masterplan[en]",
        None,
        lambda w: reverse("portal:masterplan", args=[w.region.code, w.masterplan.pk]),
        language="en",
    ),
    *[
        page(
            f"masterplans:part[{part}]",
            MENTOR,
            lambda w, part=part: reverse("masterplans:part", args=[w.masterplan.pk, part]),
        )
        for part in (
            "profile",
            "readiness",
            "vision",
            "strategies",
            "programmes",
            "action_plan",
            "roadmap",
            "quick_wins",
            "frame",
        )
    ],
    page(
        "masterplans:row_edit[programme]",
        SEC,
        lambda w: reverse("masterplans:row_edit", args=[w.masterplan.pk, "programme", w.quick_win.pk]),
    ),
    page("masterplans:versions", SEC, lambda w: reverse("masterplans:versions", args=[w.masterplan.pk])),
    page(
        "masterplans:version_detail",
        SEC,
        lambda w: reverse("masterplans:version_detail", args=[w.masterplan.pk, 1]),
    ),
    page(
        "masterplans:version_compare",
        SEC,
        lambda w: reverse("masterplans:version_compare", args=[w.masterplan.pk]) + "?a=1&b=current",
    ),
    page("evaluations:event_list", SEC, lambda w: reverse("evaluations:event_list")),
    page("evaluations:event_detail", SEC, lambda w: reverse("evaluations:event_detail", args=[w.event.pk])),
    page("evaluations:event_edit", SEC, lambda w: reverse("evaluations:event_edit", args=[w.event.pk])),
    page(
        "evaluations:panel_edit",
        SEC,
        lambda w: reverse("evaluations:panel_edit", args=[w.event.pk, w.panel.pk]),
    ),
    page(
        "evaluations:session_edit",
        SEC,
        lambda w: reverse("evaluations:session_edit", args=[w.event.pk, w.session.pk]),
    ),
    page("evaluations:rubric_list", SEC, lambda w: reverse("evaluations:rubric_list")),
    page(
        "evaluations:rubric_detail", SEC, lambda w: reverse("evaluations:rubric_detail", args=[w.rubric.pk])
    ),
    page(
        "evaluations:criterion_edit",
        SEC,
        lambda w: reverse("evaluations:criterion_edit", args=[w.open_rubric.pk, w.open_criterion.pk]),
    ),
    page("evaluations:scoring_board", SEC, lambda w: reverse("evaluations:scoring_board", args=[w.event.pk])),
    page(
        "evaluations:session_sheets",
        SEC,
        lambda w: reverse("evaluations:session_sheets", args=[w.session.pk]),
    ),
    page("evaluations:results", SEC, lambda w: reverse("evaluations:results", args=[w.event.pk])),
    page(
        "evaluations:session_overlap",
        SEC,
        lambda w: reverse("evaluations:session_overlap", args=[w.session.pk]),
    ),
    page(
        "evaluations:masterplan_overlap",
        SEC,
        lambda w: reverse("evaluations:masterplan_overlap", args=[w.masterplan.pk]),
    ),
    page("evaluations:my_sessions", EVALUATOR, lambda w: reverse("evaluations:my_sessions")),
    page(
        "evaluations:score_session",
        EVALUATOR,
        lambda w: reverse("evaluations:score_session", args=[w.session.pk]),
    ),
    page(
        "evaluations:score_send",
        EVALUATOR,
        lambda w: reverse("evaluations:score_send", args=[w.session.pk]),
    ),
    page(
        "evaluations:session_masterplan",
        EVALUATOR,
        lambda w: reverse("evaluations:session_masterplan", args=[w.session.pk]),
    ),
    page("scheduling:event", SEC, lambda w: reverse("scheduling:event", args=[w.event.pk])),
    page("monitoring:home", EDITOR, lambda w: reverse("monitoring:home")),
    page(
        "monitoring:participation",
        EDITOR,
        lambda w: reverse("monitoring:participation", args=[w.participation.pk]),
    ),
    page(
        "monitoring:tracked_detail",
        EDITOR,
        lambda w: reverse("monitoring:tracked_detail", args=[w.participation.pk, w.tracked.pk]),
    ),
    page(
        "monitoring:programmes", EDITOR, lambda w: reverse("monitoring:programmes", args=[w.participation.pk])
    ),
    page(
        "monitoring:progress_report",
        EDITOR,
        lambda w: reverse("monitoring:progress_report", args=[w.participation.pk, w.programme.pk]),
    ),
    page(
        "monitoring:indicator_edit",
        SEC,
        lambda w: reverse("monitoring:indicator_edit", args=[w.indicator.code]),
    ),
    page("implementation:schemes", SEC, lambda w: reverse("implementation:schemes")),
    page(
        "implementation:round_detail",
        SEC,
        lambda w: reverse("implementation:round_detail", args=[w.round.year]),
    ),
    page(
        "implementation:entry_detail",
        SEC,
        lambda w: reverse("implementation:entry_detail", args=[w.round.year, w.entry.pk]),
    ),
    page(
        "implementation:sheet_detail",
        EVALUATOR,
        lambda w: reverse("implementation:sheet_detail", args=[w.round.year, w.validation.pk]),
    ),
    page("news:post_manage", SEC, lambda w: reverse("news:post_manage")),
    page("news:post_edit", SEC, lambda w: reverse("news:post_edit", args=[w.post.pk])),
    page(
        "news:moderation[comments]",
        SEC,
        lambda w: reverse("news:moderation") + "?kind=comments&status=approved",
    ),
    page(
        "news:moderation[feedback]",
        SEC,
        lambda w: reverse("news:moderation") + "?kind=feedback&status=approved",
    ),
    page("api:tokens", EDITOR, lambda w: reverse("api:tokens")),
]

# Documents: built through the same views people use.
DOCUMENTS = [
    page("letters:letter_pdf", SEC, lambda w: reverse("letters:letter_pdf", args=[w.letter.pk]), kind="pdf"),
    page(
        "letters:letter_docx", SEC, lambda w: reverse("letters:letter_docx", args=[w.letter.pk]), kind="docx"
    ),
    *[
        Surface(
            f"masterplans:book[{kind}]",
            kind.rsplit("_", 1)[1],
            EDITOR,
            lambda w, kind=kind: reverse("masterplans:document_request", args=[w.masterplan.pk, kind]),
            method="book",
        )
        for kind in ("book1_docx", "book1_pdf", "book2_docx", "book2_pdf")
    ],
    page(
        "evaluations:feedback_pdf",
        SEC,
        lambda w: reverse("evaluations:feedback_pdf", args=[w.event.pk, w.region.code]),
        kind="pdf",
    ),
    page(
        "evaluations:feedback_docx",
        SEC,
        lambda w: reverse("evaluations:feedback_docx", args=[w.event.pk, w.region.code]),
        kind="docx",
    ),
    page(
        "evaluations:agenda_pdf",
        None,
        lambda w: reverse("evaluations:agenda_pdf", args=[w.event.pk]),
        kind="pdf",
    ),
    page(
        "evaluations:agenda_ics",
        None,
        lambda w: reverse("evaluations:agenda_ics", args=[w.event.pk]),
        kind="ics",
    ),
    page(
        "monitoring:report[pdf]",
        EDITOR,
        lambda w: reverse("monitoring:report", args=[w.participation.pk, 2019, "pdf"]),
        kind="pdf",
    ),
    page(
        "monitoring:report[docx]",
        EDITOR,
        lambda w: reverse("monitoring:report", args=[w.participation.pk, 2019, "docx"]),
        kind="docx",
    ),
]

# Spreadsheet and CSV downloads (tests/security/test_formula_injection.py checks them for formulas).
EXPORTS = [
    page(
        "bimtek:import_template",
        SEC,
        lambda w: reverse("bimtek:import_template", args=[w.stage.pk]),
        kind="xlsx",
    ),
    page(
        "masterplans:programmes_xlsx",
        EDITOR,
        lambda w: reverse("masterplans:programmes_xlsx", args=[w.masterplan.pk]),
        kind="xlsx",
    ),
    page(
        "masterplans:programmes_template",
        EDITOR,
        lambda w: reverse("masterplans:programmes_template", args=[w.masterplan.pk]),
        kind="xlsx",
    ),
    page(
        "evaluations:scores_xlsx",
        SEC,
        lambda w: reverse("evaluations:scores_xlsx", args=[w.event.pk]),
        kind="xlsx",
    ),
    *[
        page(
            f"monitoring:{name}[{fmt}]",
            EDITOR,
            lambda w, name=name, fmt=fmt: reverse(f"monitoring:{name}", args=[w.participation.pk, fmt]),
            kind=fmt,
        )
        for name in ("export_values", "export_progress")
        for fmt in ("xlsx", "csv")
    ],
    *[
        page(
            f"implementation:round_results_export[{fmt}]",
            SEC,
            lambda w, fmt=fmt: reverse("implementation:round_results_export", args=[w.round.year, fmt]),
            kind=fmt,
        )
        for fmt in ("xlsx", "csv")
    ],
    page(
        "monitoring:import_template",
        EDITOR,
        lambda w: reverse("monitoring:import_template", args=[w.participation.pk, 2020]),
        kind="xlsx",
    ),
]


def api(name, url, kinds=("json", "csv")):
    return [Surface(f"api:{name}[{kind}]", "api-" + kind, None, url) for kind in kinds]


API = [
    *api("regions", lambda w: reverse("api:v1:regions")),
    *api("region", lambda w: reverse("api:v1:region", args=[w.region.code]), kinds=("json",)),
    *api("cohorts", lambda w: reverse("api:v1:cohorts")),
    *api("participations", lambda w: reverse("api:v1:participations")),
    *api("masterplans", lambda w: reverse("api:v1:masterplans")),
    *api(
        "masterplan",
        lambda w: reverse("api:v1:masterplan", args=[w.region.code, w.cohort.year]),
        kinds=("json",),
    ),
    *api("programmes", lambda w: reverse("api:v1:programmes")),
    *api("indicators", lambda w: reverse("api:v1:indicators")),
    *api("indicator", lambda w: reverse("api:v1:indicator", args=[w.indicator.code]), kinds=("json",)),
    *api("indicator_values", lambda w: reverse("api:v1:indicator_values")),
    *api("evaluation_events", lambda w: reverse("api:v1:evaluation_events")),
    *api("evaluation_agenda", lambda w: reverse("api:v1:evaluation_agenda", args=[w.event.pk])),
    *api("evaluation_results", lambda w: reverse("api:v1:evaluation_results", args=[w.event.pk])),
    *api("index_rounds", lambda w: reverse("api:v1:index_rounds")),
    *api("index_round", lambda w: reverse("api:v1:index_round", args=[w.round.year]), kinds=("json",)),
    *api("index_results", lambda w: reverse("api:v1:index_results")),
]


# ------------------------------------------------------------------------------------------------- fetching


def fetch(client, world, surface: Surface, tmp_path) -> tuple[int, bytes, str]:
    """(status, raw bytes, readable text) of a surface."""
    user = getattr(world, surface.user) if surface.user else None
    client.logout()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = surface.language
    url = surface.url(world)
    if surface.method == "book":
        from kotacerdas.masterplans.models import DocumentJob

        client.post(url)
        job = DocumentJob.objects.filter(masterplan=world.masterplan).latest("pk")
        url = reverse("masterplans:document_download", args=[world.masterplan.pk, job.pk])
    elif surface.kind == "api-csv":
        url += ("&" if "?" in url else "?") + "format=csv"
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        return response.status_code, content, ""
    return response.status_code, content, readable(surface.kind, content, tmp_path)


def readable(kind: str, content: bytes, tmp_path) -> str:
    if kind == "docx":
        return docx_text(content)
    if kind == "pdf":
        return pdf_text(content, tmp_path)
    if kind == "api-json":
        return json_text(json.loads(content))
    if kind == "api-csv":
        return csv_text(content, ",")
    if kind == "csv":
        return csv_text(content, ";")
    if kind == "xlsx":
        return xlsx_text(content)
    if kind == "ics":
        return ics_text(content.decode())
    return content.decode()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils (Debian) to read PDFs back"
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def csv_text(content: bytes, delimiter: str) -> str:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter)
    return "\n".join(cell for row in rows for cell in row)


def xlsx_text(content: bytes) -> str:
    """Every text cell of every sheet, one per line."""
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    )


def json_text(data) -> str:
    """Every string of a JSON document, one per line."""
    return "\n".join(json_strings(data))


def json_strings(data) -> list[str]:
    """Every string of a JSON document (they may hold line breaks themselves)."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            out.append(node)

    walk(data)
    return out


def ics_text(text: str) -> str:
    """The property values of an iCalendar file, unfolded and unescaped (RFC 5545 §3.1, §3.3.11)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    values = []
    for line in unfolded.splitlines():
        _name, _sep, value = line.partition(":")
        values.append(re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value))
    return "\n".join(values)


# ---------------------------------------------------------------------------------------------------- checks

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
# Raw text that only unescaped corpus entries put into a page.
RAW_SNIPPETS = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg onload",
    "<style>*{}",
    '<a href="javascript:',
    "<iframe src=//evil",
    "</textarea><svg",
    "' onmouseover='alert",
]


def markup_problems(html: str) -> list[str]:
    """Markup that only user text could have made: elements and attributes the corpus creates when it is not
    escaped, and raw corpus snippets anywhere in the page source."""
    problems = [f"raw {snippet!r} in the page source" for snippet in RAW_SNIPPETS if snippet in html]
    doc = lxml.html.document_fromstring(html)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        attributes = {k.lower(): v for k, v in element.attrib.items()}
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attributes.items())}>"[:200]
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"event handler attribute {name!r} in {where}")
            if (
                name == "srcdoc"
                or name in URL_ATTRIBUTES
                and re.sub(r"[\s\x00-\x1f]", "", value)
                .lower()
                .startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                problems.append(f"script URL in {where}")
        if tag == "img" and attributes.get("src") == "x":
            problems.append(f"injected image {where}")
        if tag in {"iframe", "frame", "object", "embed"}:
            problems.append(f"injected <{tag}>: {where}")
        if tag == "script" and "alert(" in (element.text or ""):
            problems.append(f"injected script: {(element.text or '')[:80]!r}")
        if tag == "style" and "*{}" in (element.text or ""):
            problems.append("injected <style>")
    return problems


def strings_of(kind: str, raw: str) -> str:
    """The text a reader sees (and attribute values, which a form shows in its fields), normalised for
    comparison: HTML parsed, white space collapsed, Unicode in NFC."""
    if kind == "html":
        doc = lxml.html.document_fromstring(raw)
        # A line break (linebreaksbr, linebreaks) is white space to a reader; text_content() would join the
        # lines around it with nothing between them.
        for element in doc.iter("br", "p"):
            element.tail = "\n" + (element.tail or "")
        pieces = [doc.text_content()]
        pieces += [
            v for element in doc.iter() if isinstance(element.tag, str) for v in element.attrib.values()
        ]
        raw = "\n".join(pieces)
    return normal(raw)


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def shows(kind: str, seen: str, text: str) -> bool:
    """Whether ``seen`` (from ``strings_of``) holds the stored ``text`` as the same characters.

    A PDF is printed without explicit bidirectional controls (core/pdf.py: an override in one field would
    otherwise reverse the fields after it on paper), and pdftotext breaks long lines at any character: so the PDF
    must hold the whole text without those controls, white space aside."""
    if kind == "pdf":
        squeeze = re.compile(r"\s+")
        wanted = squeeze.sub("", BIDI_CONTROLS.sub("", normal(text)))
        return wanted in squeeze.sub("", seen)
    if kind == "docx":
        # Word files drop explicit bidirectional controls too (core/pdf.py: save_docx).
        return BIDI_CONTROLS.sub("", normal(text)) in seen
    return normal(text) in seen
