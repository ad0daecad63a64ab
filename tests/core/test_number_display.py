"""Numbers shown to readers in the demo, the way each language writes them (issue 16 §1).

The main pages are rendered from the demo data in Indonesian (and English) and the text of the elements that hold
numbers (table cells marked ``num``, figures, the charts' SVG text) is read: no English decimal point or thousands
comma in Indonesian, no decimal comma in English, no raw ``55.0000``, no ungrouped large numbers. The whole page
must hold no thin space and no space before a percent sign. The documents (DOCX, PDF, XLSX) are read back.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.models import EvaluationEvent, Rubric, Session
from kotacerdas.implementation.models import IndexScheme
from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.masterplans.models import Masterplan
from kotacerdas.monitoring.models import TrackedIndicator
from kotacerdas.programmes.demo import load_demo
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Region
from tests.utils import docx_text, pdf_text

pytestmark = pytest.mark.django_db

THIN_SPACES = re.compile("[\u2009\u202f]")
SPACE_PERCENT = re.compile(r"\d[ \u00a0]%")
NUMBER = re.compile(r"\d[\d.,]*\d|\d")
# A token in a number element that Indonesian never writes: 1,785 (English thousands), 2.5 or 0.00 (English
# decimals: Indonesian thousands groups always have three digits), 55.0000 / 55,0000 (a stored decimal printed
# raw), 1300000 (no grouping; four digits are left alone, they may be years).
NOT_INDONESIAN = [
    re.compile(r"^\d{1,3}(,\d{3})+$"),
    re.compile(r"\.\d{1,2}$|\.\d{4,}$"),
    re.compile(r"[.,]\d*0000$"),
    re.compile(r"^\d{5,}(,\d+)?$"),
]
NOT_ENGLISH = [
    re.compile(r",\d{1,2}$|,\d{4,}$"),
    re.compile(r"[.,]\d*0000$"),
    re.compile(r"^\d{5,}(\.\d+)?$"),
]


class NumberText(HTMLParser):
    """Collects the visible text of a page and, apart, the text of the elements that hold numbers."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base", "circle"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: does it hold a number?
        self.hidden = 0
        self.visible: list[str] = []
        self.numbers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        numeric = (
            bool({"num", "stat__value", "score__value"} & set(classes))
            or tag in ("text", "title")
            and (self._in_svg())
        )
        self.stack.append((tag, numeric))
        if tag in ("script", "style", "textarea", "select", "head"):
            self.hidden += 1

    def _in_svg(self):
        return any(tag == "svg" for tag, _n in self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            open_tag, _numeric = self.stack.pop()
            if open_tag in ("script", "style", "textarea", "select", "head"):
                self.hidden -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.hidden:
            return
        self.visible.append(data)
        if any(numeric for _tag, numeric in self.stack):
            self.numbers.append(data)


def _problems(html: str, language: str, allowed: set[str], data_texts: list[str]) -> list[str]:
    parser = NumberText()
    parser.feed(html)
    found = [f"thin space near {m.group()!r}" for m in THIN_SPACES.finditer(html)]
    for chunk in parser.visible:  # one text node: "59 %" inside it is ours, "2019 | %" across cells is not
        text = " ".join(chunk.split())
        for data in data_texts:  # what people typed is theirs (a weighting named "Impact 30 %")
            text = text.replace(data, "")
        found += [
            f"space before % in {text[max(0, m.start() - 30) : m.end()]!r}"
            for m in SPACE_PERCENT.finditer(text)
        ]
    rules = NOT_INDONESIAN if language == "id" else NOT_ENGLISH
    for text in parser.numbers:
        for token in NUMBER.findall(text):
            if token not in allowed and any(rule.search(token) for rule in rules):
                found.append(f"{token!r} in {' '.join(text.split())[:60]!r}")
    return found


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo as `make run` loads it (cohorts, Pemalang's masterplan, the 2018 event, monitoring and indices),
    loaded once for this module inside a transaction that is rolled back at its end."""
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.regions.loader import load_regions
    from tests.conftest import cached_wilayah

    with django_db_blocker.unblock(), transaction.atomic():
        load_regions(*cached_wilayah())
        load_framework_file()
        load_demo()
        load_demo_masterplan()
        for command in ("load_indicators", "load_rubrics", "load_index_weights"):
            call_command(command, stdout=io.StringIO())
        call_command("load_demo_event", "--allow-without-debug", stdout=io.StringIO())
        call_command("load_demo_monitoring", "--allow-without-debug", stdout=io.StringIO())
        call_command("load_demo_implementation", "--allow-without-debug", stdout=io.StringIO())
        pemalang = Participation.objects.get(region__code="33.27", cohort__year=2018)
        yield {
            "pemalang": pemalang,
            "masterplan": Masterplan.objects.get(participation=pemalang),
            "umkm": TrackedIndicator.objects.get(participation=pemalang, indicator__code="PML-ECO-01"),
            "event": EvaluationEvent.objects.order_by("pk").first(),
            "secretariat": User.objects.get(email="sekretariat@demo.kotacerdas.id"),
        }
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    return demo_data


def _pages(demo) -> list[tuple[str, str]]:
    """(who, url) of the main pages, public and signed in."""
    p, mp, event = demo["pemalang"], demo["masterplan"], demo["event"]
    public = [
        reverse("portal:home"),
        reverse("portal:national_dashboard"),
        reverse("portal:region_dashboard", args=["33.27"]),
        reverse("portal:compare") + "?regions=33.27&regions=33.75",
        reverse("portal:region_detail", args=["33.27"]),
        reverse("portal:masterplan", args=["33.27", mp.pk]),
        reverse("portal:quick_wins"),
        reverse("implementation:round_results", args=[2024]),
        reverse("evaluations:agenda", args=[event.pk]),
    ]
    secretariat = [
        reverse("implementation:schemes"),
        reverse("monitoring:participation", args=[p.pk]),
        reverse("monitoring:tracked_detail", args=[p.pk, demo["umkm"].pk]),
        reverse("monitoring:programmes", args=[p.pk]),
        reverse("masterplans:part", args=[mp.pk, "profile"]),
        reverse("masterplans:part", args=[mp.pk, "programmes"]),
        reverse("evaluations:event_detail", args=[event.pk]),
        reverse("evaluations:results", args=[event.pk]),
        reverse("evaluations:rubric_detail", args=[Rubric.objects.order_by("pk").first().pk]),
        reverse("evaluations:scoring_board", args=[event.pk]),
    ]
    return [("anonymous", u) for u in public] + [("secretariat", u) for u in secretariat]


@pytest.mark.parametrize("language", ["id", "en"])
def test_main_pages_write_numbers_the_way_the_language_does(client, demo, language):
    allowed = set(Region.objects.values_list("code", flat=True))  # Kemendagri codes such as 33.27
    data_texts = [t for s in IndexScheme.objects.all() for t in (s.name, s.description) if t]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    problems = {}

    for who, url in _pages(demo):
        if who == "secretariat":
            client.force_login(demo["secretariat"])
        response = client.get(url)
        assert response.status_code == 200, url
        found = _problems(response.content.decode(), language, allowed, data_texts)
        if found:
            problems[url] = found

    assert problems == {}


def test_pages_show_the_demo_figures_in_indonesian(client, demo):
    client.force_login(demo["secretariat"])
    p, mp = demo["pemalang"], demo["masterplan"]

    tracked = client.get(reverse("monitoring:tracked_detail", args=[p.pk, demo["umkm"].pk])).content.decode()
    profile = client.get(reverse("masterplans:part", args=[mp.pk, "profile"])).content.decode()
    dashboard = client.get(reverse("portal:region_dashboard", args=["33.27"])).content.decode()

    assert ">1.785<" in tracked  # the 2022 value, stored as 1785.0000
    assert "1.300.000" in profile and "1300000" not in profile  # the population key figure
    assert ">1.785<" in dashboard


def test_pages_show_the_demo_figures_in_english(client, demo):
    client.force_login(demo["secretariat"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    tracked = client.get(
        reverse("monitoring:tracked_detail", args=[demo["pemalang"].pk, demo["umkm"].pk])
    ).content.decode()

    assert ">1,785<" in tracked


# --------------------------------------------------------------------------------------------- documents


def test_monitoring_report_docx_and_pdf_in_indonesian(demo, tmp_path):
    from kotacerdas.monitoring.report import build_report
    from kotacerdas.monitoring.report_docx import build_docx
    from kotacerdas.monitoring.report_pdf import build_pdf

    with translation.override("id"):
        report = build_report(demo["pemalang"], 2022)
        docx = docx_text(build_docx(report))
        pdf = pdf_text(build_pdf(report), tmp_path, squeeze_spaces=False)

    for text in (docx, pdf):
        assert "1.785" in text  # UMKM selling online, 2022
        assert "1785" not in text and "1,785" not in text
        assert "350.000.000" in text  # a programme's planned budget
        assert not THIN_SPACES.search(text)


def test_monitoring_report_docx_in_english(demo):
    from kotacerdas.monitoring.report import build_report
    from kotacerdas.monitoring.report_docx import build_docx

    with translation.override("en"):
        docx = docx_text(build_docx(build_report(demo["pemalang"], 2022)))

    assert "1,785" in docx and "350,000,000" in docx


def test_masterplan_book_docx_and_pdf_in_indonesian(demo, tmp_path):
    from kotacerdas.masterplans.documents import content, docx_builder, pdf_builder

    book1 = content.book_content(demo["masterplan"], 1, language="id")
    book2 = content.book_content(demo["masterplan"], 2, language="id")
    docx = docx_text(docx_builder.build_docx(book1)) + docx_text(docx_builder.build_docx(book2))
    pdf = pdf_text(pdf_builder.build_pdf(book1), tmp_path, squeeze_spaces=False)

    for text in (docx, pdf):
        assert "1.300.000" in text  # population
        assert "1300000" not in text and "1.300.000,00" not in text
    assert "Rp 350.000.000" in docx  # budget of the SPBE architecture programme


def test_evaluation_feedback_in_indonesian(demo, tmp_path):
    from kotacerdas.evaluations.reports import build_feedback_docx, build_feedback_pdf, region_feedback

    session = Session.objects.get(event=demo["event"], participation=demo["pemalang"])
    feedback = region_feedback(demo["event"], session, language="id")
    docx = docx_text(build_feedback_docx(feedback))
    pdf = pdf_text(build_feedback_pdf(feedback), tmp_path, squeeze_spaces=False)

    assert feedback.final is not None
    with translation.override("id"):
        final = f"{feedback.final:.2f}".replace(".", ",")
    for text in (docx, pdf):
        assert final in text
        assert "14.45–15.30 WIB" in text  # Pemalang's session on the second day
        assert not re.search(r"\b\d{2}:\d{2}\b", text)


def test_spreadsheets_keep_numbers_numeric_with_a_grouping_format(client, demo):
    client.force_login(demo["secretariat"])
    p, mp, event = demo["pemalang"], demo["masterplan"], demo["event"]

    values_download = client.get(reverse("monitoring:export_values", args=[p.pk, "xlsx"]))
    values = load_workbook(io.BytesIO(b"".join(values_download.streaming_content))).active
    programmes = load_workbook(
        io.BytesIO(client.get(reverse("masterplans:programmes_xlsx", args=[mp.pk])).content)
    ).active
    scores = load_workbook(
        io.BytesIO(client.get(reverse("evaluations:scores_xlsx", args=[event.pk])).getvalue())
    )

    value_cells = [c for row in values.iter_rows(min_row=2) for c in row if c.value == 1785]
    assert [(c.data_type, c.number_format) for c in value_cells] == [("n", "#,##0")]  # 2022, UMKM online
    budgets = [c for row in programmes.iter_rows(min_row=2) for c in row if c.value == 350000000]
    assert budgets
    assert {(c.data_type, c.number_format) for c in budgets} == {("n", "#,##0")}
    totals = [row[6] for row in scores.worksheets[1].iter_rows(min_row=2) if row[6].value is not None]
    assert totals
    assert {(c.data_type, c.number_format) for c in totals} == {("n", "#,##0.00")}
