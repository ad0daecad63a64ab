"""The masterplan books: content in the outline, DOCX and PDF read back, the job lifecycle, permissions."""

import functools
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kotacerdas.masterplans import models as m
from kotacerdas.masterplans.documents import content, docx_builder, pdf_builder
from kotacerdas.masterplans.documents.content import book_content
from kotacerdas.masterplans.documents.tasks import BUILD_FAILED
from kotacerdas.masterplans.models import DocumentJob, DocumentKind, JobStatus
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    ActionStepFactory,
    AspectAnalysisFactory,
    CohortFactory,
    DimensionReadinessFactory,
    DocumentJobFactory,
    GapRowFactory,
    GoalFactory,
    GoalIndicatorFactory,
    KeyFigureFactory,
    MasterplanProgrammeFactory,
    MissionFactory,
    OpdFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    StrategyFactory,
    SwotItemFactory,
    UserFactory,
)
from tests.utils import docx_text, pdf_text

pytestmark = pytest.mark.django_db

DIMENSIONS = [
    "Smart Governance",
    "Smart Branding",
    "Smart Economy",
    "Smart Living",
    "Smart Society",
    "Smart Environment",
]
QUICK_WINS = ["Lapor Cepat", "Pasar Daring", "Sehat Keliling"]
BOOK1_KEYS = ["introduction", "analysis", "closing"]
BOOK2_KEYS = ["introduction", "vision", "strategy", "action_plan", "roadmap", "quick_wins", "closing"]


# ------------------------------------------------------------------------------------------- fixtures


@dataclass
class Books:
    """A complete masterplan for Kabupaten Alfa, an empty one for Kota Beta, and the people around them."""

    masterplan: m.Masterplan
    other: m.Masterplan
    editor: object
    viewer: object
    mentor: object
    other_editor: object
    assessor: object
    secretariat: object


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fill_masterplan(mp, framework, opd):
    """Every part of a masterplan, small: a strategy and two programmes per dimension, three quick wins."""
    bodies = {
        "introduction": "Masterplan ini disusun bersama seluruh perangkat daerah.\n\nIa menjadi acuan bersama.",
        "profile": "Kabupaten Alfa terletak di pesisir utara.",
        "vision": "Alfa cerdas, melayani, dan berdaya saing.",
        "closing": "Masterplan ditinjau setiap tahun.",
    }
    for key, body in bodies.items():
        m.Section.objects.filter(masterplan=mp, key=key).update(body=body)
    KeyFigureFactory(masterplan=mp, label="Jumlah penduduk", value=Decimal("1471489"))
    levels = list(framework.readiness_levels.order_by("value"))
    for aspect in framework.aspects.filter(is_optional=False):
        AspectAnalysisFactory(masterplan=mp, aspect=aspect, level=levels[2])
        for kind in "SWOT":
            SwotItemFactory(masterplan=mp, aspect=aspect, kind=kind, text=f"Butir {kind} {aspect.code}")
        GapRowFactory(masterplan=mp, aspect=aspect, action="Portal satu data")
    MissionFactory(masterplan=mp)
    ActionStepFactory(masterplan=mp, owner_opd=opd)
    horizons = [("short", 2019, 2019), ("medium", 2020, 2023), ("long", 2024, 2028)]
    for i, dimension in enumerate(framework.dimensions.order_by("order")):
        DimensionReadinessFactory(masterplan=mp, dimension=dimension, level=levels[1])
        GoalIndicatorFactory(goal=GoalFactory(masterplan=mp, dimension=dimension))
        strategy = StrategyFactory(
            masterplan=mp, dimension=dimension, element=dimension.elements.order_by("order").first()
        )
        programme = functools.partial(
            MasterplanProgrammeFactory,
            masterplan=mp,
            strategy=strategy,
            element=strategy.element,
            owner_opd=opd,
        )
        horizon, start, end = horizons[i % 3]
        programme(horizon=horizon, start_year=start, end_year=end, budget=Decimal("1250000000"))
        if i < len(QUICK_WINS):
            programme(
                name=QUICK_WINS[i],
                horizon="short",
                start_year=2019,
                end_year=2019,
                is_quick_win=True,
                commitment_signed_by="Bupati Alfa",
                commitment_signed_on=date(2018, 11, 20),
            )
        else:
            programme(horizon="long", start_year=2025, end_year=2028)


@pytest.fixture
def books(framework) -> Books:
    cohort = CohortFactory(year=2018, name="Angkatan 2018", framework_version=framework)
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.MENTORING)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.MENTORING)
    editor, viewer, other_editor = UserFactory(), UserFactory(), UserFactory()
    RegionMembershipFactory(user=editor, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=other_editor, region=region_b, role=MembershipRole.EDITOR)
    mentor = UserFactory(is_mentor=True)
    part_a.mentors.add(mentor)
    assessor = UserFactory(is_evaluator=True)
    cohort.assessors.add(assessor)
    masterplan = create_masterplan(part_a, by=editor)
    fill_masterplan(masterplan, framework, OpdFactory(region=region_a, name="Dinas Kominfo Alfa"))
    return Books(
        masterplan=masterplan,
        other=create_masterplan(part_b, by=other_editor),
        editor=editor,
        viewer=viewer,
        mentor=mentor,
        other_editor=other_editor,
        assessor=assessor,
        secretariat=UserFactory(is_secretariat=True),
    )


def in_book_language(message: str) -> str:
    """A message as the books print it (they are built in Indonesian whatever the test's language)."""
    with translation.override(content.DOCUMENT_LANGUAGE):
        return gettext(message)


def request_url(mp, kind):
    return reverse("masterplans:document_request", args=[mp.pk, kind])


def job_urls(job):
    args = [job.masterplan_id, job.pk]
    return {
        "job": reverse("masterplans:document_job", args=args),
        "download": reverse("masterplans:document_download", args=args),
        "retry": reverse("masterplans:document_retry", args=args),
    }


# -------------------------------------------------------------------------------------------- content


def test_book_chapters_follow_the_cohort_outline(books):
    book1 = book_content(books.masterplan, 1)
    book2 = book_content(books.masterplan, 2)

    assert [c.key for c in book1.chapters] == BOOK1_KEYS
    assert [c.key for c in book2.chapters] == BOOK2_KEYS
    assert [(c.number, c.title) for c in book1.chapters] == [
        ("I", "Pendahuluan"),
        ("II", "Analisis Strategis"),
        ("III", "Penutup"),
    ]


def test_book_follows_a_changed_outline(books):
    cohort = books.masterplan.cohort
    cohort.outline = [
        {
            "key": "quick_wins",
            "number": "1",
            "title_id": "Program Percepatan",
            "title_en": "Quick",
            "books": [2],
        },
        {"key": "annex", "number": "2", "title_id": "Lampiran", "title_en": "Annex", "books": [2]},
    ]
    cohort.save()

    book = book_content(books.masterplan, 2)

    assert [(c.number, c.title) for c in book.chapters] == [("I", "Program Percepatan"), ("II", "Lampiran")]
    assert [b.kind for b in book.chapters[1].blocks] == ["note"]


def test_book_cover_in_indonesian(books):
    cover = book_content(books.masterplan, 2).cover

    assert (cover.region, cover.cohort, cover.period) == ("Kabupaten Alfa", "Angkatan 2018", "2019–2028")
    assert cover.status == "Draf"


def test_book_file_name_names_book_region_and_period(books):
    book = book_content(books.masterplan, 2)

    assert book.filename_stem == "Buku-2-Masterplan-Kabupaten-Alfa-2019-2028"


def test_formats_rupiah_numbers_and_dates_the_indonesian_way():
    with translation.override("id"):
        values = (
            content.format_rupiah(Decimal("1250000000")),
            content.format_number(Decimal("1471489.50")),
            content.format_date(date(2018, 12, 13)),
        )

    assert values == ("Rp 1.250.000.000", "1.471.489,5", "13 Desember 2018")


def test_book_content_queries_do_not_grow_with_programmes(books):
    mp = books.masterplan
    with CaptureQueriesContext(connection) as small:
        book_content(mp, 2)
    strategy = mp.strategies.first()
    MasterplanProgrammeFactory.create_batch(
        20,
        masterplan=mp,
        strategy=strategy,
        element=strategy.element,
        owner_opd=mp.region.opds.first(),
        horizon="medium",
        start_year=2021,
        end_year=2022,
        budget=Decimal("1"),
    )

    with CaptureQueriesContext(connection) as large:
        book_content(mp, 2)

    assert len(large) == len(small)


def test_roadmap_chart_split_into_pages_for_many_programmes(books):
    mp = books.masterplan
    MasterplanProgrammeFactory.create_batch(40, masterplan=mp, strategy=mp.strategies.first())

    roadmap = next(c for c in book_content(mp, 2).chapters if c.key == "roadmap")

    chart = next(b for b in roadmap.blocks if b.kind == "chart")
    captions = [caption for _svg, caption in chart.figures]
    governance = in_book_language("Roadmap: %(dimension)s") % {"dimension": "Smart Governance"}
    assert captions[:2] == [f"{governance} (1/2)", f"{governance} (2/2)"]
    assert len(captions) == 7


# ----------------------------------------------------------------------------------------------- DOCX


def test_docx_book2_contains_region_dimensions_and_quick_wins(books):
    data = docx_builder.build_docx(book_content(books.masterplan, 2))

    text = docx_text(data)
    assert "Kabupaten Alfa" in text
    assert [d for d in DIMENSIONS if d not in text] == []
    assert [q for q in QUICK_WINS if q not in text] == []
    assert "Rp 1.250.000.000" in text
    assert "Bupati Alfa, 20 November 2018" in text


def test_docx_has_contents_field_page_numbers_and_a4(books):
    data = docx_builder.build_docx(book_content(books.masterplan, 2))

    document = docx.Document(BytesIO(data))
    section = document.sections[0]
    body, footer = document.element.xml, section.footer.paragraphs[0]._p.xml
    assert 'TOC \\o "1-2"' in body
    assert " PAGE " in footer
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "I. Pendahuluan",
        "II. Visi dan Sasaran",
        "III. Strategi per Dimensi",
        "IV. Rencana Aksi",
        "V. Peta Jalan",
        "VI. Quick Win",
        "VII. Penutup",
    ]


def test_docx_book1_contains_swot_and_key_figures(books):
    data = docx_builder.build_docx(book_content(books.masterplan, 1))

    text = docx_text(data)
    assert "Butir S struktur" in text
    assert "Jumlah penduduk" in text
    assert "1.471.489" in text
    assert "Portal satu data" in text


# ------------------------------------------------------------------------------------------------ PDF


def test_pdf_book2_contains_region_dimensions_and_quick_wins(books, tmp_path):
    data = pdf_builder.build_pdf(book_content(books.masterplan, 2))

    text = pdf_text(data, tmp_path)
    assert data.startswith(b"%PDF")
    assert "Kabupaten Alfa" in text
    assert [d for d in DIMENSIONS if d not in text] == []
    assert [q for q in QUICK_WINS if q not in text] == []
    assert "Rp 1.250.000.000" in text


def test_pdf_book1_contains_analysis(books, tmp_path):
    data = pdf_builder.build_pdf(book_content(books.masterplan, 1))

    text = pdf_text(data, tmp_path)
    assert "Analisis Strategis" in text
    assert "Butir W infrastruktur" in text


def test_book_html_has_no_style_attributes_or_external_links(books):
    html, _css = pdf_builder.render_book_html(book_content(books.masterplan, 2))

    assert " style=" not in html
    assert "<script" not in html
    assert "src=" not in html


@pytest.mark.parametrize("number", [1, 2])
def test_empty_masterplan_builds_with_notes_instead_of_content(books, tmp_path, number):
    book = book_content(books.other, number)

    docx_data = docx_builder.build_docx(book)
    pdf_data = pdf_builder.build_pdf(book)

    assert "Kota Beta" in docx_text(docx_data)
    assert "Kota Beta" in pdf_text(pdf_data, tmp_path)
    assert in_book_language("This part has not been written yet.") in docx_text(docx_data)


# ----------------------------------------------------------------------------------------------- jobs


def test_request_builds_the_document_and_redirects_to_overview(books, client):
    client.force_login(books.editor)

    response = client.post(request_url(books.masterplan, "book2_pdf"))

    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("masterplans:overview", args=[books.masterplan.pk]) + "#documents"
    assert (job.kind, job.status, job.progress, job.error) == ("book2_pdf", "done", 100, "")
    assert job.requested_by == books.editor
    assert job.finished_at is not None
    assert job.file.name.endswith(".pdf")
    assert "Buku-2-Masterplan-Kabupaten-Alfa-2019-2028" in job.file.name


@pytest.mark.parametrize("kind", ["book1_docx", "book1_pdf", "book2_docx", "book2_pdf"])
def test_download_streams_the_file_as_attachment(books, client, kind):
    client.force_login(books.viewer)
    client.post(request_url(books.masterplan, kind))
    job = DocumentJob.objects.get()

    response = client.get(job_urls(job)["download"])

    body = b"".join(response.streaming_content)
    response.close()
    number, fmt = kind[4], kind.split("_")[1]
    book = "Analisis" if number == "1" else "Masterplan"
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="Buku-{number}-{book}-Kabupaten-Alfa-2019-2028.{fmt}"'
    )
    assert body[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_failed_build_shows_readable_error_and_retry_succeeds(books, client, monkeypatch, caplog):
    def broken(book):
        raise RuntimeError("font cache at /var/secret is corrupt")

    monkeypatch.setattr(docx_builder, "build_docx", broken)
    client.force_login(books.editor)
    with caplog.at_level(logging.ERROR, logger="kotacerdas.masterplans.documents.tasks"):
        client.post(request_url(books.masterplan, "book1_docx"))
    job = DocumentJob.objects.get()

    assert (job.status, job.file.name) == ("failed", "")
    with translation.override(django_settings.LANGUAGE_CODE):
        assert job.error == str(BUILD_FAILED) % {"id": job.pk}  # readable, and no trace of the exception
    assert caplog.records[-1].exc_info is not None  # the traceback went to the log

    monkeypatch.undo()
    response = client.post(job_urls(job)["retry"])

    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.progress, job.error) == ("done", 100, "")
    assert job.file.name.endswith(".docx")


def test_retry_leaves_a_finished_job_alone(books, client):
    client.force_login(books.editor)
    client.post(request_url(books.masterplan, "book1_docx"))
    job = DocumentJob.objects.get()
    name = job.file.name

    client.post(job_urls(job)["retry"])

    job.refresh_from_db()
    assert (job.status, job.file.name) == ("done", name)


def test_request_while_the_same_document_is_being_built_adds_no_job(books, client):
    DocumentJobFactory(masterplan=books.masterplan, kind="book2_pdf", status=JobStatus.RUNNING)
    client.force_login(books.editor)

    client.post(request_url(books.masterplan, "book2_pdf"))

    assert DocumentJob.objects.count() == 1


def test_request_after_a_lost_job_starts_a_new_one(books, client):
    lost = DocumentJobFactory(masterplan=books.masterplan, kind="book2_pdf", status=JobStatus.RUNNING)
    DocumentJob.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    client.force_login(books.editor)

    client.post(request_url(books.masterplan, "book2_pdf"))

    assert DocumentJob.objects.filter(status=JobStatus.DONE).count() == 1


@pytest.mark.parametrize(
    ("status", "silent_minutes", "lost"),
    [("running", 4, True), ("running", 2, False), ("queued", 16, True), ("queued", 10, False)],
)
def test_a_job_whose_worker_died_shows_as_failed_and_can_be_retried(
    books, client, status, silent_minutes, lost
):
    """A worker killed mid-build leaves its job 'running' for ever; once silent too long the overview says so and
    offers the retry, which builds the file."""
    job = DocumentJobFactory(masterplan=books.masterplan, kind="book2_docx", status=status)
    DocumentJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(minutes=silent_minutes)
    )
    client.force_login(books.editor)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("masterplans:overview", args=[books.masterplan.pk])).content.decode()
    job.refresh_from_db()

    if not lost:
        assert (job.status, "Try again" in page) == (status, False)
        return
    assert (job.status, job.error) == (
        "failed",
        "The worker stopped before the document was ready. Try again.",
    )
    assert "The worker stopped before the document was ready." in page
    assert job_urls(job)["retry"] in page
    client.post(job_urls(job)["retry"])
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == ("done", 100, "")


def test_build_reports_progress_while_it_runs(books, client, monkeypatch):
    seen = []
    build_docx = docx_builder.build_docx

    def watched(book):
        seen.append(DocumentJob.objects.values_list("status", "progress").get())
        return build_docx(book)

    monkeypatch.setattr(docx_builder, "build_docx", watched)
    client.force_login(books.editor)

    client.post(request_url(books.masterplan, "book2_docx"))

    assert seen == [("running", 50)]


def test_job_fragment_polls_while_running_and_stops_when_done(books, client):
    running = DocumentJobFactory(masterplan=books.masterplan, status=JobStatus.RUNNING, progress=50)
    client.force_login(books.editor)

    polling = client.get(job_urls(running)["job"]).content.decode()
    running.status, running.progress = JobStatus.DONE, 100
    running.save()
    done = client.get(job_urls(running)["job"]).content.decode()

    assert 'hx-trigger="every 1s"' in polling
    assert '<progress max="100" value="50"' in polling
    assert "hx-trigger" not in done
    assert job_urls(running)["download"] in done
    assert " style=" not in polling + done


def test_download_of_an_unfinished_job_answers_404(books, client):
    job = DocumentJobFactory(masterplan=books.masterplan, status=JobStatus.QUEUED)
    client.force_login(books.editor)

    response = client.get(job_urls(job)["download"])

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------- permissions


def _a_job_of_each_state(mp):
    return [
        DocumentJobFactory(masterplan=mp, status=JobStatus.FAILED),
        DocumentJobFactory(masterplan=mp, status=JobStatus.DONE),
    ]


def _answers(client, mp, jobs):
    answers = [client.post(request_url(mp, "book2_docx")).status_code]
    for job in jobs:
        urls = job_urls(job)
        answers += [
            client.get(urls["job"]).status_code,
            client.get(urls["download"]).status_code,
            client.post(urls["retry"]).status_code,
        ]
    return answers


def test_other_regions_user_gets_404_on_every_document_url(books, client):
    jobs = _a_job_of_each_state(books.masterplan)
    client.force_login(books.other_editor)

    answers = _answers(client, books.masterplan, jobs)

    assert answers == [404] * 7
    assert DocumentJob.objects.count() == 2


def test_job_of_another_masterplan_answers_404(books, client):
    jobs = _a_job_of_each_state(books.other)
    client.force_login(books.secretariat)

    answers = [
        client.get(reverse(f"masterplans:document_{name}", args=[books.masterplan.pk, job.pk])).status_code
        for job in jobs
        for name in ("job", "download")
    ]
    answers += [
        client.post(reverse("masterplans:document_retry", args=[books.masterplan.pk, job.pk])).status_code
        for job in jobs
    ]

    assert answers == [404] * 6


def test_selection_assessor_gets_404_on_every_document_url(books, client):
    jobs = _a_job_of_each_state(books.masterplan)
    client.force_login(books.assessor)

    answers = _answers(client, books.masterplan, jobs)

    assert answers == [404] * 7


@pytest.mark.parametrize("who", ["editor", "viewer", "mentor", "secretariat"])
def test_team_mentor_and_secretariat_may_export(books, client, who):
    client.force_login(getattr(books, who))

    response = client.post(request_url(books.masterplan, "book1_docx"))

    assert response.status_code == 302
    assert DocumentJob.objects.get().status == JobStatus.DONE


def test_anonymous_is_sent_to_login(books, client):
    job = _a_job_of_each_state(books.masterplan)[1]

    responses = [
        client.post(request_url(books.masterplan, "book2_pdf")),
        client.get(job_urls(job)["download"]),
    ]

    assert [r.status_code for r in responses] == [302, 302]
    assert all("/accounts/login/" in r["Location"] for r in responses)


@pytest.mark.parametrize("kind", ["programmes_xlsx", "book3_pdf"])
def test_request_of_an_unknown_book_answers_404(books, client, kind):
    client.force_login(books.editor)

    response = client.post(request_url(books.masterplan, kind))

    assert response.status_code == 404
    assert DocumentJob.objects.count() == 0


def test_request_by_get_answers_405(books, client):
    client.force_login(books.editor)

    response = client.get(request_url(books.masterplan, "book2_pdf"))

    assert response.status_code == 405


# ---------------------------------------------------------------------------------------------- panel


def _panel(masterplan, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("masterplans/_documents_panel.html", {"masterplan": masterplan}, request=request)


def test_panel_offers_four_books_and_shows_the_latest_job_of_each(books):
    mp = books.masterplan
    DocumentJobFactory(masterplan=mp, kind="book2_pdf", status=JobStatus.DONE)
    DocumentJobFactory(masterplan=mp, kind="book2_pdf", status=JobStatus.FAILED, error="Gagal dibuat.")
    DocumentJobFactory(masterplan=mp, kind="book1_docx", status=JobStatus.RUNNING, progress=50)
    DocumentJobFactory(masterplan=mp, kind=DocumentKind.PROGRAMMES_XLSX, status=JobStatus.DONE)

    html = _panel(mp, books.editor)

    assert [
        k for k in ("book1_docx", "book1_pdf", "book2_docx", "book2_pdf") if request_url(mp, k) not in html
    ] == []
    # The two books built so far are listed; the spreadsheet is not.
    assert html.count('id="document-job-') == 2
    assert "Gagal dibuat." in html
    assert "/download/" not in html  # the finished PDF is older than the failed one
    assert '<progress max="100" value="50"' in html
    assert " style=" not in html


def test_panel_without_jobs_says_nothing_was_built(books):
    html = _panel(books.masterplan, books.editor)

    assert "No book has been built yet." in html


def test_panel_is_empty_for_who_may_not_export(books):
    html = _panel(books.masterplan, books.assessor)

    assert html.strip() == ""


def test_the_overview_writes_nothing_when_no_job_is_lost(books, client):
    """Looking for lost jobs reads the jobs the panel lists anyway; only a silent one costs a write."""
    DocumentJobFactory(masterplan=books.masterplan, status=JobStatus.RUNNING)
    client.force_login(books.editor)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("masterplans:overview", args=[books.masterplan.pk]))

    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert page.status_code == 200
    assert [w for w in writes if "documentjob" in w] == []
    assert DocumentJob.objects.get().status == JobStatus.RUNNING
