"""An XSS corpus through every free-text field of the project and back out through every page, document,
spreadsheet and open data answer that shows it.

The fields are enumerated from the models (tests/security/corpus.py); each must be in the map of where it comes
back out (tests/security/field_map.py), so a new field without coverage fails here with its name. The world
(tests/security/worlds.py) fills every field with its payload; the form tests below write payloads through the
real forms and views.

Pages must show each payload as text and contain no markup the corpus would make when not escaped; documents
and spreadsheets must hold it as literal text; the API must return it unchanged, as JSON or CSV, never as HTML.
"""

import io
import json
import re
import time

import lxml.html
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations import agenda as agenda_module
from kotacerdas.evaluations import reports
from kotacerdas.evaluations.agenda import published_agenda
from kotacerdas.letters import render as letter_render
from kotacerdas.masterplans import models as mp
from kotacerdas.masterplans.documents import pdf_builder
from kotacerdas.masterplans.documents.content import book_content
from kotacerdas.monitoring.report import build_report
from kotacerdas.monitoring.report_pdf import render_report_html
from kotacerdas.news.protection import form_token
from tests.security.corpus import (
    CORPUS,
    EXCLUDED,
    UNIQUE_ROOM,
    is_unique,
    marker,
    payload,
    payloads,
    text_fields,
    user_text_fields,
)
from tests.security.field_map import FIELD_SURFACES, NOT_SHOWN
from tests.security.surfaces import (
    API,
    DOCUMENTS,
    EXPORTS,
    PAGES,
    fetch,
    json_strings,
    markup_problems,
    normal,
    shows,
    strings_of,
)

SURFACES = {s.name: s for s in PAGES + DOCUMENTS + EXPORTS + API}


# ----------------------------------------------------------------------------------------- the field list


def test_every_user_text_field_is_in_the_corpus_map():
    fields = set(user_text_fields())
    mapped = set(FIELD_SURFACES) | set(NOT_SHOWN)

    uncovered = sorted(fields - mapped)
    assert not uncovered, (
        "These free-text fields are not covered by the XSS corpus. Add each to FIELD_SURFACES in "
        "tests/security/field_map.py (where it is shown), or to corpus.EXCLUDED with the reason it holds no "
        "text people write:\n  " + "\n  ".join(uncovered)
    )
    stale = sorted((mapped - fields) | (set(EXCLUDED) - set(text_fields())))
    assert not stale, "These entries name no free-text field any more:\n  " + "\n  ".join(stale)
    unknown = sorted({name for names in FIELD_SURFACES.values() for name in names} - set(SURFACES))
    assert not unknown, (
        f"Surfaces in FIELD_SURFACES that tests/security/surfaces.py does not define: {unknown}"
    )
    assert not set(FIELD_SURFACES) & set(NOT_SHOWN)


def test_the_enumeration_finds_text_fields_of_every_app():
    apps = {label.split(".")[0] for label in user_text_fields()}

    assert len(user_text_fields()) > 100
    assert apps >= {
        "accounts",
        "regions",
        "framework",
        "programmes",
        "masterplans",
        "evaluations",
        "monitoring",
    }
    assert {"news", "core", "api"} <= apps
    assert "masterplans.Section.body" in user_text_fields()
    assert "masterplans.Section.key" not in user_text_fields()  # a choice


def test_every_payload_fits_its_field_and_carries_the_corpus():
    fields = user_text_fields()
    values = payloads()

    too_long = [
        label
        for label, text in values.items()
        if fields[label].max_length
        and len(text) + (UNIQUE_ROOM if is_unique(fields[label]) else 0) > fields[label].max_length
    ]
    assert not too_long
    # Across the fields every corpus entry is used many times, and text fields carry all of it.
    for entry in CORPUS:
        assert sum(entry in text for text in values.values()) >= 10, entry
    assert all(entry in values["masterplans.Section.body"] for entry in CORPUS)


# ---------------------------------------------------------------------------------------------------- pages


def _missing(world, seen: dict[str, tuple[str, str]]) -> list[str]:
    """Each field's payload on each of its surfaces among ``seen`` (name -> (kind, strings)); and the fields
    shown nowhere really shown nowhere."""
    problems = []
    for label, names in FIELD_SURFACES.items():
        text = world.payloads[label]
        for name in names:
            if name not in seen:
                continue
            kind, strings = seen[name]
            if not shows(kind, strings, text):
                tag = marker_of(text)
                hint = "only its marker is there" if tag in strings else "it is not there at all"
                problems.append(f"{name}: {label} should show {normal(text)[:60]!r}…, but {hint}")
    for label in NOT_SHOWN:
        tag = marker_of(world.payloads[label])
        for name, (_kind, strings) in seen.items():
            if re.search(rf"{tag}(?!\d)", strings):
                problems.append(f"{name} shows {label}: move it from NOT_SHOWN to FIELD_SURFACES")
    return problems


def marker_of(text: str) -> str:
    return re.search(r"K\d{3}", text)[0]


def test_pages_show_every_payload_as_text(client, world, tmp_path):
    problems, seen = [], {}
    for surface in PAGES:
        status, _raw, html = fetch(client, world, surface, tmp_path)
        if status != 200:
            problems.append(f"{surface.name}: answered {status}")
            continue
        problems += [f"{surface.name}: {p}" for p in markup_problems(html)]
        seen[surface.name] = ("html", strings_of("html", html))

    problems += _missing(world, seen)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "url", "params"),
    [
        ("portal:region_directory", lambda w: reverse("portal:region_directory"), ["q", "province", "kind"]),
        ("portal:quick_wins", lambda w: reverse("portal:quick_wins"), ["dimension", "region", "state"]),
        ("portal:audit_log", lambda w: reverse("portal:audit_log"), ["region", "action"]),
        ("accounts:user_list", lambda w: reverse("accounts:user_list"), ["q", "role"]),
        (
            "monitoring:indicator_list",
            lambda w: reverse("monitoring:indicator_list"),
            ["q", "source", "dimension"],
        ),
        ("news:post_list", lambda w: reverse("news:post_list"), ["region"]),
        (
            "letters:home",
            lambda w: reverse("letters:home"),
            ["kind", "status", "year", "cohort", "event", "region"],
        ),
        ("news:moderation", lambda w: reverse("news:moderation"), ["kind", "status"]),
        (
            "evaluations:agenda",
            lambda w: reverse("evaluations:agenda", args=[w.event.pk]),
            ["region", "room"],
        ),
        (
            "masterplans:version_compare",
            lambda w: reverse("masterplans:version_compare", args=[w.masterplan.pk]),
            ["a", "b"],
        ),
        ("portal:compare", lambda w: reverse("portal:compare"), ["r", "year_from", "year_to"]),
    ],
)
def test_query_parameters_are_not_reflected_as_markup(client, world, name, url, params):
    """Search boxes and filters echo what was typed: as text, never as markup."""
    client.force_login(world.secretariat)
    for entry in CORPUS:
        response = client.get(url(world), {param: entry for param in params})

        assert response.status_code in (200, 400), (name, entry, response.status_code)
        assert markup_problems(response.content.decode()) == [], (name, entry)


# ------------------------------------------------------------------------------------ documents and exports


def test_documents_and_spreadsheets_hold_every_payload_as_literal_text(client, world, tmp_path):
    problems, seen = [], {}
    for surface in DOCUMENTS + EXPORTS:
        status, raw, text = fetch(client, world, surface, tmp_path)
        if status != 200:
            problems.append(f"{surface.name}: answered {status}")
            continue
        seen[surface.name] = (surface.kind, strings_of(surface.kind, text))
        if surface.kind == "xlsx":
            problems += [f"{surface.name}: {p}" for p in _xlsx_problems(raw)]
        if surface.kind == "ics":
            problems += [f"{surface.name}: {p}" for p in _ics_problems(raw.decode())]

    problems += _missing(world, seen)
    assert not problems, "\n".join(problems)


def _xlsx_problems(content: bytes) -> list[str]:
    """A cell holding user text is a string cell, never a formula."""
    problems = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and re.search(r"K\d{3}", cell.value) and cell.data_type != "s":
                    problems.append(f"{sheet.title}!{cell.coordinate} is of type {cell.data_type!r}")
    return problems


def _ics_problems(text: str) -> list[str]:
    """Every unfolded line of the calendar is a property: no user text starts a line of its own."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    return [
        f"line {line[:60]!r} is not a property"
        for line in unfolded.split("\r\n")
        if line and not re.match(r"^[A-Z][A-Z0-9-]*(;[^:]*)?:", line)
    ]


def test_html_behind_the_pdfs_carries_no_markup_from_user_text(world):
    """WeasyPrint reads markup: user text must reach it escaped, or an <img> would be fetched and a <style>
    applied. The builders' HTML is checked like a page (their URL fetchers refuse every address as well)."""
    html_sources = {
        "book 1": pdf_builder.render_book_html(book_content(world.masterplan, 1))[0],
        "book 2": pdf_builder.render_book_html(book_content(world.masterplan, 2))[0],
        "evaluation feedback": reports.render_feedback_html(
            reports.region_feedback(world.event, world.session)
        )[0],
        "agenda": agenda_module.render_pdf_html(published_agenda(world.event))[0],
        "monitoring report": render_report_html(build_report(world.participation, 2019)),
        "letter": letter_render.letter_html(world.letter),
    }
    problems = [f"{name}: {p}" for name, html in html_sources.items() for p in markup_problems(html)]
    for name, html in html_sources.items():
        strings = strings_of("html", html)
        shown = [label for label, text in world.payloads.items() if shows("html", strings, text)]
        if not shown:
            problems.append(f"{name}: shows no user text at all")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------ open data API


def test_open_data_api_returns_every_payload_unchanged(client, world, tmp_path):
    problems, seen = [], {}
    for surface in API:
        status, raw, text = fetch(client, world, surface, tmp_path)
        if status != 200:
            problems.append(f"{surface.name}: answered {status}")
            continue
        seen[surface.name] = (surface.kind, strings_of(surface.kind, text))
        if surface.kind == "api-json":
            # The exact strings, not HTML-escaped ("&lt;") nor stripped.
            strings = json_strings(json.loads(raw))
            for label, names in FIELD_SURFACES.items():
                value = world.payloads[label]
                if surface.name in names and not any(
                    s == value or s.startswith(value + " #") for s in strings
                ):
                    problems.append(f"{surface.name}: {label} is not returned unchanged")
    problems += _missing(world, seen)
    assert not problems, "\n".join(problems)


def test_api_answers_are_never_html(client, world):
    for surface in API:
        url = surface.url(world) + ("?format=csv" if surface.kind == "api-csv" else "")
        response = client.get(url)

        expected = "text/csv" if surface.kind == "api-csv" else "application/json"
        assert response["Content-Type"].startswith(expected), surface.name
        assert response["X-Content-Type-Options"] == "nosniff", surface.name
        if surface.kind == "api-csv":
            assert response["Content-Disposition"].startswith("attachment"), surface.name


# -------------------------------------------------------------------------------- through the real forms


def form_payloads(model_label: str) -> dict[str, str]:
    """Payloads for the text fields of one model, marked f### so they differ from the world's K### (lower case:
    e-mail addresses are stored in lower case)."""
    fields = {label: f for label, f in user_text_fields().items() if label.rsplit(".", 1)[0] == model_label}
    return {
        label.rsplit(".", 1)[1]: payload(index, field).replace(marker(index), f"f{index:03d}", 1)
        for index, (label, field) in enumerate(sorted(fields.items()), start=1)
    }


def _form_data(html: str, action: str, texts: dict[str, str]) -> dict:
    """The data a browser would send from the form posting to ``action``: what the page filled in, with the
    model's text fields replaced by ``texts``."""
    doc = lxml.html.document_fromstring(html)
    forms = [f for f in doc.forms if (f.method or "").lower() == "post" and (f.action or action) == action]
    assert forms, f"no form posting to {action}"
    form = max(forms, key=lambda f: len(f.inputs))
    data: dict[str, list[str]] = {}
    many = set()
    for element in form.inputs:
        name = element.get("name")
        kind = (element.get("type") or "text").lower()
        if (
            not name
            or element.get("disabled") is not None
            or kind in {"submit", "button", "file", "reset", "image"}
        ):
            continue
        if element.tag == "select":
            options = [
                (o.get("value", o.text or ""), o.get("selected") is not None) for o in element.iter("option")
            ]
            chosen = [value for value, selected in options if selected] or [v for v, _s in options if v][:1]
            data.setdefault(name, []).extend(chosen)
            if element.get("multiple") is not None:
                many.add(name)
        elif kind in {"checkbox", "radio"}:
            many.update({name} if kind == "checkbox" else set())
            if element.get("checked") is not None:
                data.setdefault(name, []).append(element.get("value", "on"))
        else:
            current = element.text or "" if element.tag == "textarea" else element.get("value", "")
            data.setdefault(name, []).append(texts.get(name, current))
    return {
        name: values if name in many else values[0] for name, values in data.items() if values or name in many
    }


ROW_MODELS = {
    "key_figure": "masterplans.KeyFigure",
    "analysis": "masterplans.AspectAnalysis",
    "swot": "masterplans.SwotItem",
    "gap": "masterplans.GapRow",
    "dimension_readiness": "masterplans.DimensionReadiness",
    "vision_keyword": "masterplans.VisionKeyword",
    "strategic_issue": "masterplans.StrategicIssue",
    "mission": "masterplans.Mission",
    "objective": "masterplans.Objective",
    "objective_indicator": "masterplans.ObjectiveIndicator",
    "goal": "masterplans.Goal",
    "goal_indicator": "masterplans.GoalIndicator",
    "strategy": "masterplans.Strategy",
    "programme": "masterplans.MasterplanProgramme",
    "programme_indicator": "masterplans.ProgrammeIndicator",
    "action_step": "masterplans.ActionStep",
}


def _last(label):
    from django.apps import apps

    return apps.get_model(label)._base_manager.order_by("pk").last()


# (name, user, model, object of the world, edit URL)
EDIT_FORMS = [
    ("accounts:user_edit", "secretariat", "accounts.User", lambda w: w.editor, lambda w, o: reverse("accounts:user_edit", args=[o.pk])),
    ("regions:opd_edit", "secretariat", "regions.Opd", lambda w: w.opd, lambda w, o: reverse("regions:opd_edit", args=[w.region.code, o.pk])),
    *[
        (
            f"framework:item_edit[{kind}]",
            "secretariat",
            model,
            lambda w, related=related: related(w.draft_framework).first(),
            lambda w, o, kind=kind: reverse("framework:item_edit", args=[w.draft_framework.code, kind, o.pk]),
        )
        for kind, model, related in (
            ("dimension", "framework.Dimension", lambda v: v.dimensions),
            ("element", "framework.Element", lambda v: v.dimensions.first().elements),
            ("aspect", "framework.ReadinessAspect", lambda v: v.aspects),
            ("level", "framework.ReadinessLevel", lambda v: v.readiness_levels),
        )
    ],
    ("programmes:cohort_edit", "secretariat", "programmes.Cohort", lambda w: w.cohort, lambda w, o: reverse("programmes:cohort_edit", args=[o.pk])),
    ("programmes:stage_edit", "secretariat", "programmes.Stage", lambda w: w.stage, lambda w, o: reverse("programmes:stage_edit", args=[w.cohort.pk, o.pk])),
    *[
        (
            f"masterplans:row_edit[{kind}]",
            "editor",
            model,
            lambda w, model=model: _last(model),
            lambda w, o, kind=kind: reverse("masterplans:row_edit", args=[w.masterplan.pk, kind, o.pk]),
        )
        for kind, model in ROW_MODELS.items()
    ],
    ("evaluations:event_edit", "secretariat", "evaluations.EvaluationEvent", lambda w: w.event, lambda w, o: reverse("evaluations:event_edit", args=[o.pk])),
    ("evaluations:panel_edit", "secretariat", "evaluations.Panel", lambda w: w.panel, lambda w, o: reverse("evaluations:panel_edit", args=[w.event.pk, o.pk])),
    ("evaluations:session_edit", "secretariat", "evaluations.Session", lambda w: w.session, lambda w, o: reverse("evaluations:session_edit", args=[w.event.pk, o.pk])),
    ("evaluations:rubric_edit", "secretariat", "evaluations.Rubric", lambda w: w.open_rubric, lambda w, o: reverse("evaluations:rubric_edit", args=[o.pk])),
    ("evaluations:criterion_edit", "secretariat", "evaluations.Criterion", lambda w: w.open_criterion, lambda w, o: reverse("evaluations:criterion_edit", args=[w.open_rubric.pk, o.pk])),
    ("monitoring:indicator_edit", "secretariat", "monitoring.Indicator", lambda w: w.indicator, lambda w, o: reverse("monitoring:indicator_edit", args=[o.code])),
    ("news:post_edit", "secretariat", "news.Post", lambda w: w.post, lambda w, o: reverse("news:post_edit", args=[o.pk])),
]  # fmt: skip


@pytest.mark.parametrize(("name", "user", "model", "obj", "url"), EDIT_FORMS, ids=[f[0] for f in EDIT_FORMS])
def test_edit_forms_store_the_corpus_unchanged_and_show_it_escaped(
    client, world, name, user, model, obj, url
):
    mp.Masterplan.objects.filter(pk=world.masterplan.pk).update(status=mp.MasterplanStatus.DRAFT)
    client.force_login(getattr(world, user))
    target = obj(world)
    address = url(world, target)
    texts = form_payloads(model)
    page_html = client.get(address).content.decode()
    data = _form_data(page_html, address, texts)
    written = {field: text for field, text in texts.items() if field in data}
    assert written, f"{name}: the form offers none of {sorted(texts)}"

    response = client.post(address, data)

    body = response.content.decode()
    assert response.status_code in (200, 302), (name, response.status_code)
    errors = (
        [e.text_content().strip() for e in lxml.html.document_fromstring(body).find_class("errorlist")]
        if body
        else []
    )
    assert not errors, f"{name} refused the corpus: {errors}"
    target.refresh_from_db()
    assert {field: getattr(target, field) for field in written} == written
    # The audit entry of the change fits its columns (PostgreSQL refuses what SQLite would store).
    assert all(len(f) <= 64 for f in AuditEntry.objects.values_list("field", flat=True))
    shown = client.get(address).content.decode()
    assert markup_problems(shown) == []
    for text in written.values():
        assert shows("html", strings_of("html", shown), text), (name, text[:40])


def test_public_comment_and_feedback_forms_store_the_corpus_and_the_pages_show_it_escaped(client, world):
    """What people without an account send: moderated, then shown on the public pages."""
    from kotacerdas.news.models import PostComment, QuickWinFeedback
    from kotacerdas.news.services import change_status

    ts = form_token(time.time() - 60)
    comment = form_payloads("news.PostComment")
    feedback = form_payloads("news.QuickWinFeedback")

    client.post(
        reverse("news:comment_add", args=[world.post.slug]),
        {"name": comment["name"], "email": comment["email"], "text": comment["text"], "fax": "", "ts": ts},
    )
    client.post(
        reverse("news:feedback_add", args=[world.quick_win.pk]),
        {"rating": "5", "name": feedback["name"], "email": feedback["email"], "text": feedback["text"], "fax": "", "ts": ts},
    )  # fmt: skip

    sent_comment = PostComment.objects.get(text=comment["text"])
    sent_feedback = QuickWinFeedback.objects.get(text=feedback["text"])
    assert (sent_comment.name, sent_comment.email) == (comment["name"], comment["email"])
    assert (sent_feedback.name, sent_feedback.email) == (feedback["name"], feedback["email"])
    client.force_login(world.secretariat)
    queue = client.get(reverse("news:moderation")).content.decode()
    assert markup_problems(queue) == []
    assert shows("html", strings_of("html", queue), comment["text"])
    change_status(sent_comment, "approved", by=world.secretariat)
    change_status(sent_feedback, "approved", by=world.secretariat)
    client.logout()
    for address, sent in (
        (reverse("news:post_detail", args=[world.post.slug]), comment),
        (reverse("news:quick_win_feedback", args=[world.quick_win.pk]), feedback),
    ):
        html = client.get(address).content.decode()
        assert markup_problems(html) == []
        assert shows("html", strings_of("html", html), sent["text"])
        assert shows("html", strings_of("html", html), sent["name"])
        assert normal(sent["email"]) not in strings_of("html", html)  # never shown publicly


def test_masterplan_section_comment_and_monitoring_forms_store_the_corpus(client, world):
    from kotacerdas.api.models import ApiToken
    from kotacerdas.monitoring.models import IndicatorValue, Milestone, ProgressReport

    mp.Masterplan.objects.filter(pk=world.masterplan.pk).update(status=mp.MasterplanStatus.DRAFT)
    section = world.masterplan.sections.get(key="profile")
    body = form_payloads("masterplans.Section")["body"]
    note = form_payloads("masterplans.Comment")["body"]
    value = form_payloads("monitoring.IndicatorValue")
    progress = form_payloads("monitoring.ProgressReport")
    title = form_payloads("monitoring.Milestone")["title"]
    token_name = form_payloads("api.ApiToken")["name"]
    participation = world.participation.pk

    client.force_login(world.editor)
    posts = [
        (reverse("masterplans:section_save", args=[world.masterplan.pk, "profile"]), {"profile-body": body, "profile-revision": section.revision}),
        (reverse("monitoring:value_report", args=[participation, world.tracked.pk]), {"year": "2020", "value": "4", "source": value["source"], "method": value["method"], "quality": "2", "evidence_url": value["evidence_url"]}),
        (reverse("monitoring:progress_report", args=[participation, world.programme.pk]), {"reported_on": "2019-07-01", "status": "delayed", "percent_complete": "40", "budget_realised": "", "delay_reason": progress["delay_reason"], "note": progress["note"]}),
        (reverse("monitoring:milestone_add", args=[participation, world.programme.pk]), {"title": title, "due_on": "2019-09-01"}),
        (reverse("api:tokens"), {"name": token_name}),
    ]  # fmt: skip
    for address, data in posts:
        response = client.post(address, data)
        assert response.status_code in (200, 302), (address, response.status_code)
    client.force_login(world.mentor)
    client.post(
        reverse("masterplans:comment_add", args=[world.masterplan.pk]), {"part": "profile", "body": note}
    )

    section.refresh_from_db()
    assert section.body == body
    assert mp.Comment.objects.filter(body=note).exists()
    reported = IndicatorValue.objects.latest("pk")
    assert (reported.source, reported.method, reported.evidence_url) == (
        value["source"],
        value["method"],
        value["evidence_url"],
    )
    report = ProgressReport.objects.latest("pk")
    assert (report.delay_reason, report.note) == (progress["delay_reason"], progress["note"])
    assert Milestone.objects.filter(title=title).exists()
    assert ApiToken.objects.filter(name=token_name).exists()
    for address, texts in (
        (reverse("masterplans:part", args=[world.masterplan.pk, "profile"]), [body, note]),
        (reverse("monitoring:tracked_detail", args=[participation, world.tracked.pk]), [value["source"]]),
        (reverse("monitoring:progress_report", args=[participation, world.programme.pk]), [progress["delay_reason"], title]),
    ):  # fmt: skip
        html = client.get(address).content.decode()
        assert markup_problems(html) == []
        assert all(shows("html", strings_of("html", html), text) for text in texts), address


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"],
)
def test_script_links_are_refused_as_evidence(client, world, bearer_headers, url):
    """Evidence links become links on the pages: every way in refuses anything but a web address."""
    from kotacerdas.monitoring.models import IndicatorValue

    before = IndicatorValue.objects.count()
    client.force_login(world.editor)
    page = client.post(
        reverse("monitoring:value_report", args=[world.participation.pk, world.tracked.pk]),
        {"year": "2020", "value": "4", "source": "BPS", "method": "", "quality": "2", "evidence_url": url},
    )
    client.logout()
    api = client.post(
        reverse("api:v1:indicator_value_report"),
        {"region": world.region.code, "cohort": world.cohort.year, "indicator": world.indicator.code, "year": 2020, "value": "4", "source": "BPS", "quality": 2, "evidence_url": url},
        content_type="application/json",
        headers=bearer_headers(world.editor),
    )  # fmt: skip

    assert page.status_code == 400
    assert api.status_code == 422
    assert IndicatorValue.objects.count() == before


@pytest.fixture
def bearer_headers():
    from kotacerdas.api.services import create_token

    def _headers(user):
        _row, raw = create_token(user, name="sec", by=user)
        return {"Authorization": f"Bearer {raw}"}

    return _headers


@pytest.mark.parametrize("entry", CORPUS)
def test_codes_are_refused_by_their_forms(client, world, entry):
    """The code fields left out of the corpus (corpus.EXCLUDED) take no markup through their forms."""
    from kotacerdas.framework.forms import NewVersionForm
    from kotacerdas.monitoring.forms_catalogue import IndicatorForm
    from kotacerdas.news.forms import PostForm

    indicator = IndicatorForm(
        {"code": entry, "name_id": "x", "unit": "u", "source": "u4ssc", "direction": "higher"},
        user=world.secretariat,
    )
    version = NewVersionForm({"source": world.framework.pk, "code": entry, "title": "t"})
    post = PostForm({"title": "t", "slug": entry, "body": "b", "status": "draft"})  # fmt: skip

    # An indicator code loses its white space and is put in capitals before it is checked: an entry that is
    # then a plain code ("x\nBEGIN:VEVENT" becomes "XBEGIN:VEVENT") is harmless; anything else is refused.
    assert "code" in indicator.errors or re.fullmatch(r"[A-Z0-9:._-]+", indicator.cleaned_data["code"])
    assert "code" in version.errors
    assert "slug" in post.errors
