"""The public pages: home, region directory and region page, the published masterplan and its books, the
quick-win showcase and sitemap.xml.

Region A's masterplan is published; region B's is only approved; a third region's masterplan is "published"
but its participation is only shortlisted. Unverified values, an unreleased agenda, unpublished results and an
unpublished index round sit beside the published ones, so any leak shows on every page and for every role.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core import audit
from kotacerdas.evaluations.models import EvaluationEvent
from kotacerdas.masterplans.models import DocumentJob, JobStatus, Strategy
from kotacerdas.portal import public
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import Region
from tests.factories import (
    AgendaReleaseFactory,
    CohortFactory,
    DocumentJobFactory,
    EvaluationEventFactory,
    EventDayFactory,
    GoalFactory,
    GoalIndicatorFactory,
    ImplementationRoundFactory,
    IndexResultFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    MissionFactory,
    ParticipationFactory,
    PostFactory,
    ProgressReportFactory,
    RoundEntryFactory,
    SectionFactory,
    TargetFactory,
    TrackedIndicatorFactory,
)
from tests.utils import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

ROLES = [
    "anonymous",
    "secretariat",
    "editor_a",
    "viewer_a",
    "editor_b",
    "mentor_a",
    "assessor",
    "evaluator_other",
]

# Words that only unpublished data carries: none may appear on any public page, for anyone.
SECRETS = [
    "Visi Rahasia Beta",
    "Quick Win Rahasia Beta",
    "Program Pelamar Gamma",
    "Acara Belum Dirilis",
    "222,22",
    "777,77",
    "1,37",
]


# --- building blocks ----------------------------------------------------------------------------------------


def _masterplan(participation, framework, *, status):
    """A masterplan for 2020–2029 (the years the programmes and reports below fall in) on ``framework``."""
    return MasterplanFactory(
        participation=participation, framework_version=framework, start_year=2020, status=status
    )


def _publish(plan, by, *, at=None):
    entry = audit.record(
        "masterplan.status",
        target=plan,
        by=by,
        field="status",
        old="approved",
        new="published",
        region_code=plan.region.code,
    )
    if at is not None:
        type(entry).objects.filter(pk=entry.pk).update(created_at=at)
    return entry


def _strategy(plan, code, title):
    dimension = plan.framework_version.dimensions.get(code=code)
    return Strategy.objects.get_or_create(masterplan=plan, dimension=dimension, title=title)[0]


def _programme(plan, code, *, quick_win=False, months=None, start_year=2020, **fields):
    """A one-year programme of the masterplan's strategy in dimension ``code`` (one strategy a dimension)."""
    return MasterplanProgrammeFactory(
        masterplan=plan,
        strategy=_strategy(plan, code, f"Strategi {code}"),
        start_year=start_year,
        end_year=start_year,
        is_quick_win=quick_win,
        delivery_months=months,
        **fields,
    )


def _report(programme, on, status, percent):
    return ProgressReportFactory(programme=programme, reported_on=on, status=status, percent_complete=percent)


def _value(tracked, year, value, status="verified"):
    return IndicatorValueFactory(tracked=tracked, year=year, value=Decimal(value), status=status)


def _job(plan, kind, name, *, created_at=None):
    """A finished document job whose file holds ``name``, optionally created at ``created_at``."""
    job = DocumentJobFactory(
        masterplan=plan,
        kind=kind,
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        file=ContentFile(name.encode(), name=f"{name}.pdf"),
    )
    if created_at is not None:
        DocumentJob.objects.filter(pk=job.pk).update(created_at=created_at)
    return job


def _get(client, user, url, **params):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


@pytest.fixture
def published(world, framework):
    """Region A published (with vision, missions, goal, strategies, programmes, two quick wins, a verified and
    an unverified value, a book from before and one from after publication, an agenda slot and a published
    index); region B approved only; a shortlisted region with a 'published' plan; and unpublished events and
    rounds."""
    w = world
    w.framework = framework
    plan = _masterplan(w.part_a, framework, status="published")
    w.plan_a = plan
    SectionFactory(masterplan=plan, key="vision", body="Alfa cerdas dan melayani warga.")
    MissionFactory(masterplan=plan, text="Misi pelayanan publik Alfa")
    goal = GoalFactory(masterplan=plan, dimension=framework.dimensions.get(code="GOV"), text="Sasaran Alfa")
    GoalIndicatorFactory(goal=goal, name="Layanan daring", unit="%", baseline_value=10)
    w.qw_done = _programme(plan, "GOV", name="Layanan KTP daring Alfa", quick_win=True, months=6)
    w.qw_open = _programme(plan, "ENV", name="Bank sampah Alfa", quick_win=True, months=12, start_year=2099)
    w.programme_a = _programme(plan, "GOV", name="Mal pelayanan publik Alfa", budget=Decimal("4500000000"))
    _report(w.qw_done, date(2020, 5, 1), "done", 100)
    _report(w.qw_open, date(2020, 5, 1), "running", 30)
    publication = timezone.now() - timedelta(days=10)
    _publish(plan, w.secretariat, at=publication)
    w.old_book = _job(plan, "book2_pdf", "buku-draf-alfa", created_at=publication - timedelta(days=5))
    w.book = _job(plan, "book2_pdf", "buku-terbit-alfa")
    w.book1_before = _job(plan, "book1_docx", "buku1-draf-alfa", created_at=publication - timedelta(days=1))

    approved = _masterplan(w.part_b, framework, status="approved")
    w.plan_b = approved
    SectionFactory(masterplan=approved, key="vision", body="Visi Rahasia Beta")
    w.qw_b = _programme(approved, "GOV", name="Quick Win Rahasia Beta", quick_win=True, months=6)
    _report(w.qw_b, date(2020, 5, 1), "done", 100)
    _publish(approved, w.secretariat)  # even a stray audit entry does not make it public
    w.book_b = _job(approved, "book2_pdf", "buku-beta")

    w.plan_c = _masterplan(w.applicant, framework, status="published")
    _programme(w.plan_c, "GOV", name="Program Pelamar Gamma", quick_win=True)

    shared = IndicatorFactory(code="U4-T-1")
    tracked_a = TrackedIndicatorFactory(participation=w.part_a, indicator=shared)
    TargetFactory(tracked=tracked_a, year=2020, value=Decimal("150"))
    _value(tracked_a, 2020, "111.11")
    _value(tracked_a, 2021, "222.22", status="reported")
    tracked_b = TrackedIndicatorFactory(participation=w.part_b, indicator=shared)
    _value(tracked_b, 2020, "777.77", status="reported")

    event = EvaluationEventFactory(cohort=w.cohort, name="Evaluasi Terbuka")
    EventDayFactory(event=event, date=date(2030, 12, 12))
    EventDayFactory(event=event, date=date(2030, 12, 13))
    AgendaReleaseFactory(
        event=event,
        number=1,
        snapshot=[
            {"region": w.region_a.name, "region_code": w.region_a.code, "date": "2030-12-13", "starts": "14:45",
             "ends": "15:30", "room": "Nusantara A", "presenter": "Kepala Dinas Kominfo Alfa"},
            {"region": w.region_b.name, "region_code": w.region_b.code, "date": "2030-12-12", "starts": "08:00",
             "ends": "08:45", "room": "Nusantara B"},
        ],
    )  # fmt: skip
    EvaluationEvent.objects.filter(pk=event.pk).update(agenda_release=1)
    w.event = event
    w.hidden_event = EvaluationEventFactory(cohort=w.cohort, name="Acara Belum Dirilis")

    rounds = {
        status: ImplementationRoundFactory(year=year, framework_version=framework, status=status)
        for year, status in ((2031, "published"), (2032, "validation"))
    }
    for status, index in (("published", "3.10"), ("validation", "1.37")):
        IndexResultFactory(
            entry=RoundEntryFactory(round=rounds[status], participation=w.part_a), index=Decimal(index)
        )
    w.round = rounds["published"]
    w.hidden_round = rounds["validation"]
    return w


def _public_urls(w):
    return [
        reverse("portal:home"),
        reverse("portal:region_directory"),
        reverse("portal:region_directory") + "?movement=1",
        reverse("portal:region_detail", args=[w.region_a.code]),
        reverse("portal:region_detail", args=[w.region_b.code]),
        reverse("portal:region_detail", args=[w.applicant.region.code]),
        reverse("portal:masterplan", args=[w.region_a.code, w.plan_a.pk]),
        reverse("portal:quick_wins"),
        reverse("sitemap"),
    ]


# --- publication rules on every page ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_show_nothing_unpublished_to_anyone(client, published, role):
    user = None if role == "anonymous" else getattr(published, role)
    leaks = {}

    for url in _public_urls(published):
        response = _get(client, user, url)
        html = response.content.decode()
        assert response.status_code == 200, url
        found = [word for word in SECRETS if word in html]
        if found:
            leaks[url] = found

    assert leaks == {}


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_masterplans_answer_404_to_everyone(client, published, role):
    user = None if role == "anonymous" else getattr(published, role)
    w = published
    urls = [
        reverse("portal:masterplan", args=[w.region_b.code, w.plan_b.pk]),  # approved, not published
        reverse("portal:masterplan", args=[w.applicant.region.code, w.plan_c.pk]),  # participation not public
        reverse("portal:masterplan", args=[w.region_b.code, w.plan_a.pk]),  # A's plan under B's code
        reverse("portal:masterplan_book", args=[w.region_b.code, w.plan_b.pk, "book2_pdf"]),
    ]

    answers = [_get(client, user, url).status_code for url in urls]

    assert answers == [404, 404, 404, 404]


# --- home ---------------------------------------------------------------------------------------------------


def test_home_counts_the_movement_from_published_data_only(client, published):
    response = client.get(reverse("portal:home"))

    figures = response.context["figures"]
    assert (figures.regions, figures.provinces, figures.cohorts, figures.masterplans) == (2, 2, 1, 1)
    assert (figures.quick_wins, figures.quick_wins_delivered) == (2, 1)
    assert (figures.index_round, figures.index_regions, figures.index_mean) == (
        published.round,
        1,
        Decimal("3.10"),
    )


def test_home_map_has_a_dot_only_for_regions_in_the_movement(client, regions_loaded, framework):
    cohort = CohortFactory(year=2018)
    pemalang = ParticipationFactory(
        cohort=cohort, region=Region.objects.get(code="33.27"), status="graduated"
    )
    ParticipationFactory(cohort=cohort, region=Region.objects.get(code="33.75"), status="shortlisted")

    response = client.get(reverse("portal:home"))

    html = response.content.decode()
    assert re.findall(r'data-region="([^"]+)"', html) == [pemalang.region.code]
    assert html.count('r="2.2"/>') == 514


def test_home_lists_only_cohorts_with_selected_regions(client, published):
    CohortFactory(name="Angkatan Kosong")

    response = client.get(reverse("portal:home"))

    assert [(c.name, c.n_public) for c in response.context["cohorts"]] == [("Angkatan Uji", 2)]


def test_home_search_leads_to_the_directory(client, published):
    response = client.get(reverse("portal:home"))

    html = response.content.decode()
    assert f'action="{reverse("portal:region_directory")}"' in html
    assert 'name="q"' in html


def test_home_shows_latest_published_news(client, published):
    PostFactory(title="Berita Terbit")
    PostFactory(title="Berita Draf", status="draft")
    PostFactory(title="Berita Terjadwal", publish_at=timezone.now() + timedelta(days=1))

    response = client.get(reverse("portal:home"))

    html = response.content.decode()
    assert [p.title for p in response.context["latest_news"]] == ["Berita Terbit"]
    assert ("Berita Terbit" in html, "Berita Draf" in html, "Berita Terjadwal" in html) == (
        True,
        False,
        False,
    )


# --- region directory ---------------------------------------------------------------------------------------


def test_directory_marks_published_masterplans_only(client, published):
    response = client.get(reverse("portal:region_directory"))

    marks = {r.name: r.published_masterplan for r in response.context["page"]}
    assert marks == {
        "Kabupaten Alfa": published.plan_a,
        "Kota Beta": None,
        "Kabupaten Gamma Pelamar": None,
    }
    assert reverse("portal:masterplan", args=[published.region_a.code, published.plan_a.pk]) in (
        response.content.decode()
    )


def test_directory_movement_filter_keeps_selected_regions(client, published):
    response = client.get(reverse("portal:region_directory"), {"movement": "1"})

    assert [r.name for r in response.context["page"]] == ["Kabupaten Alfa", "Kota Beta"]


def _grow_directory(cohort, framework, n):
    for _ in range(n):
        participation = ParticipationFactory(cohort=cohort, status=ParticipationStatus.MENTORING)
        _masterplan(participation, framework, status="published")
        ParticipationFactory(region=participation.region, status=ParticipationStatus.SELECTED)


def test_directory_query_count_constant_when_data_grows(client, published):
    url = reverse("portal:region_directory")
    _grow_directory(published.cohort, published.framework, 2)
    small = count_queries(client, url, {"movement": "1"})

    _grow_directory(published.cohort, published.framework, 12)
    large = count_queries(client, url, {"movement": "1"})

    assert large == small


# --- region page --------------------------------------------------------------------------------------------


def test_region_page_shows_the_published_masterplan_summary_and_quick_wins(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    record = response.context["record"]
    html = response.content.decode()
    assert record.masterplan == published.plan_a
    assert (record.vision, [m.text for m in record.missions]) == (
        "Alfa cerdas dan melayani warga.",
        ["Misi pelayanan publik Alfa"],
    )
    assert [(r.programme.name, r.delivery.state, r.delivery.delivered_on) for r in record.quick_wins] == [
        ("Layanan KTP daring Alfa", "on_time", date(2020, 5, 1)),
        ("Bank sampah Alfa", "open", None),
    ]
    assert record.quick_wins_delivered == 1
    assert "Mal pelayanan publik Alfa" not in html  # programmes are on the masterplan page, quick wins here
    assert reverse("portal:masterplan", args=[published.region_a.code, published.plan_a.pk]) in html


def test_region_page_offers_only_books_built_after_publication(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    html = response.content.decode()
    assert response.context["record"].books == [published.book]
    assert (
        reverse("portal:masterplan_book", args=[published.region_a.code, published.plan_a.pk, "book2_pdf"])
        in html
    )
    assert "book1_docx" not in html


def test_region_page_shows_only_verified_values(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    trends = response.context["record"].trends
    assert [(t.indicator.code, [(v.year, v.value) for v in t.values], t.latest_target) for t in trends] == [
        ("U4-T-1", [(2020, Decimal("111.1100"))], Decimal("150"))
    ]


def test_region_page_shows_the_released_agenda_slot_and_no_unreleased_event(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    events = response.context["record"].events
    html = response.content.decode()
    assert [
        (e.event.name, [(s.day_number, s.entry.room, s.entry.time_label) for s in e.slots]) for e in events
    ] == [("Evaluasi Terbuka", [(2, "Nusantara A", "14.45–15.30")])]
    assert "Jumat, 13 Desember 2030" in html
    assert reverse("evaluations:agenda_region", args=[published.event.pk, published.region_a.code]) in html
    assert reverse("evaluations:results", args=[published.event.pk]) not in html  # results not published


def test_region_page_links_results_once_published(client, published):
    EvaluationEvent.objects.filter(pk=published.event.pk).update(results_published_at=timezone.now())

    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    assert reverse("evaluations:results", args=[published.event.pk]) in response.content.decode()


def test_region_page_shows_only_published_index_rounds(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_a.code]))

    record = response.context["record"]
    assert [(r.entry.round.year, r.index) for r in record.index_history] == [(2031, Decimal("3.10"))]
    assert record.index_latest.index == Decimal("3.10")
    assert reverse("implementation:round_results", args=[2031]) in response.content.decode()


def test_region_page_of_b_shows_no_masterplan_while_only_approved(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.region_b.code]))

    record = response.context["record"]
    assert (record.masterplan, record.quick_wins, record.books, record.trends) == (None, [], [], [])
    assert reverse("portal:masterplan", args=[published.region_b.code, published.plan_b.pk]) not in (
        response.content.decode()
    )


def test_region_page_of_an_applicant_shows_no_public_record(client, published):
    response = client.get(reverse("portal:region_detail", args=[published.applicant.region.code]))

    record = response.context["record"]
    assert (record.is_participating, record.masterplan, record.events) == (False, None, [])


def _grow_region(w, start, n):
    for i in range(start, start + n):
        programme = _programme(w.plan_a, "LIV", quick_win=True, months=6)
        _report(programme, date(2020, 3, 1), "running", 10)
        _report(programme, date(2020, 6, 1), "done", 100)
        _value(TrackedIndicatorFactory(participation=w.part_a), 2020, "5")
        _job(w.plan_a, "book1_pdf", f"buku-{i}")


def test_region_page_query_count_constant_when_data_grows(client, published):
    url = reverse("portal:region_detail", args=[published.region_a.code])
    _grow_region(published, 0, 2)
    small = count_queries(client, url)

    _grow_region(published, 2, 10)
    large = count_queries(client, url)

    assert large == small


# --- the published masterplan and its books -----------------------------------------------------------------


def test_masterplan_page_shows_vision_goals_strategies_programmes_and_quick_wins(client, published):
    response = client.get(reverse("portal:masterplan", args=[published.region_a.code, published.plan_a.pk]))

    html = response.content.decode()
    context = response.context
    assert response.status_code == 200
    assert context["vision"] == "Alfa cerdas dan melayani warga."
    assert [(d.code, [g.text for g in goals]) for d, goals in context["goals"]] == [("GOV", ["Sasaran Alfa"])]
    assert [
        (d.code, [(s.title, [p.name for p in s.programme_list]) for s in items])
        for d, items in context["strategies"]
    ] == [
        ("GOV", [("Strategi GOV", ["Layanan KTP daring Alfa", "Mal pelayanan publik Alfa"])]),
        ("ENV", [("Strategi ENV", ["Bank sampah Alfa"])]),
    ]
    assert [p.name for _d, p in context["quick_wins"]] == ["Layanan KTP daring Alfa", "Bank sampah Alfa"]
    assert context["programme_count"] == 3
    assert "4.500.000.000" in html
    assert "Layanan daring: 10%" in html


def test_masterplan_page_lists_only_books_built_after_publication(client, published):
    response = client.get(reverse("portal:masterplan", args=[published.region_a.code, published.plan_a.pk]))

    assert response.context["books"] == [published.book]


def test_book_download_serves_the_file_built_after_publication(client, published):
    url = reverse("portal:masterplan_book", args=[published.region_a.code, published.plan_a.pk, "book2_pdf"])

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"buku-terbit-alfa"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("kind", ["book1_docx", "book1_pdf", "programmes_xlsx", "nonsense"])
def test_book_download_of_a_book_not_built_since_publication_is_404(client, published, kind):
    url = reverse("portal:masterplan_book", args=[published.region_a.code, published.plan_a.pk, kind])

    assert client.get(url).status_code == 404


def test_masterplan_published_without_audit_entry_offers_no_book(client, published):
    from kotacerdas.core.models import AuditEntry

    AuditEntry.objects.filter(action="masterplan.status").delete()

    url = reverse("portal:masterplan_book", args=[published.region_a.code, published.plan_a.pk, "book2_pdf"])

    assert client.get(url).status_code == 404


def test_failed_or_running_book_is_never_served(client, published):
    DocumentJob.objects.filter(pk=published.book.pk).update(status=JobStatus.FAILED)
    url = reverse("portal:masterplan_book", args=[published.region_a.code, published.plan_a.pk, "book2_pdf"])

    assert client.get(url).status_code == 404


def test_masterplan_page_query_count_constant_when_data_grows(client, published):
    url = reverse("portal:masterplan", args=[published.region_a.code, published.plan_a.pk])

    def grow(start, n):
        for i in range(start, start + n):
            _programme(published.plan_a, "SOC", quick_win=i % 2 == 0)
            _strategy(published.plan_a, "ECO", f"Strategi ekonomi {i}")
            MissionFactory(masterplan=published.plan_a)

    grow(0, 2)
    small = count_queries(client, url)
    grow(2, 10)
    large = count_queries(client, url)

    assert large == small


# --- the quick-win showcase ---------------------------------------------------------------------------------


def test_showcase_lists_quick_wins_of_published_masterplans_only(client, published):
    response = client.get(reverse("portal:quick_wins"))

    rows = response.context["page"].object_list
    assert [(r.programme.name, r.delivery.state) for r in rows] == [
        ("Layanan KTP daring Alfa", "on_time"),
        ("Bank sampah Alfa", "open"),
    ]
    assert response.context["data"].counts == {"on_time": 1, "late": 0, "open": 1, "overdue": 0}
    assert [r.code for r in response.context["regions"]] == [published.region_a.code]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dimension": "ENV"}, ["Bank sampah Alfa"]),
        ({"dimension": "GOV", "state": "on_time"}, ["Layanan KTP daring Alfa"]),
        ({"state": "overdue"}, []),
        ({"region": "XX.99"}, ["Layanan KTP daring Alfa", "Bank sampah Alfa"]),  # unknown: ignored
    ],
)
def test_showcase_filters(client, published, params, expected):
    response = client.get(reverse("portal:quick_wins"), params)

    assert [r.programme.name for r in response.context["page"].object_list] == expected


def test_showcase_region_filter_cannot_reach_an_unpublished_plan(client, published):
    response = client.get(reverse("portal:quick_wins"), {"region": published.region_b.code})

    assert response.context["filters"]["region"] == ""
    assert "Quick Win Rahasia Beta" not in response.content.decode()


def test_showcase_htmx_returns_the_results_fragment(client, published):
    response = client.get(reverse("portal:quick_wins"), {"dimension": "ENV"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="results"')
    assert ("Bank sampah Alfa" in text, "Layanan KTP daring Alfa" in text, "<html" in text) == (
        True,
        False,
        False,
    )


def _grow_showcase(cohort, framework, n):
    for _ in range(n):
        participation = ParticipationFactory(cohort=cohort, status=ParticipationStatus.MENTORING)
        plan = _masterplan(participation, framework, status="published")
        done = _programme(plan, "ECO", quick_win=True, months=6)
        _report(done, date(2020, 4, 1), "done", 100)
        _programme(plan, "LIV", quick_win=True, months=6)
        draft = _masterplan(
            ParticipationFactory(cohort=cohort, status=ParticipationStatus.MENTORING),
            framework,
            status="draft",
        )
        _programme(draft, "ECO", quick_win=True)


def test_showcase_query_count_constant_when_data_grows(client, published):
    url = reverse("portal:quick_wins")
    _grow_showcase(published.cohort, published.framework, 2)
    small = count_queries(client, url)

    _grow_showcase(published.cohort, published.framework, 15)
    large = count_queries(client, url)

    assert large == small
    assert client.get(url).context["data"].total == 2 + 2 * 17


def test_showcase_paginates(client, published):
    _grow_showcase(published.cohort, published.framework, public.SHOWCASE_PAGE_SIZE)  # 2 + 48 quick wins

    first = client.get(reverse("portal:quick_wins"))
    last = client.get(reverse("portal:quick_wins"), {"page": "3"})

    assert (len(first.context["page"].object_list), first.context["page"].paginator.num_pages) == (24, 3)
    assert len(last.context["page"].object_list) == 2


# --- findability ----------------------------------------------------------------------------------------------


def _locations(response) -> list[str]:
    return [
        loc.removeprefix("http://testserver")
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    ]


def test_sitemap_lists_public_pages_and_only_published_items(client, published):
    PostFactory(slug="berita-terbit")
    PostFactory(status="draft")
    EvaluationEvent.objects.filter(pk=published.event.pk).update(results_published_at=timezone.now())

    response = client.get(reverse("sitemap"))

    w = published
    locations = _locations(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert set(locations) == {
        "/",
        "/regions/",
        "/quick-wins/",
        "/monitoring/national/",
        "/monitoring/compare/",
        "/framework/",
        "/news/",
        f"/regions/{w.region_a.code}/",
        f"/regions/{w.region_b.code}/",
        f"/monitoring/regions/{w.region_a.code}/",
        f"/monitoring/regions/{w.region_b.code}/",
        f"/regions/{w.region_a.code}/masterplans/{w.plan_a.pk}/",
        f"/evaluations/{w.event.pk}/agenda/",
        f"/evaluations/{w.event.pk}/results/",
        "/monitoring/implementation/2031/results/",
        "/news/berita-terbit/",
    }
    assert len(locations) == len(set(locations))


def test_every_sitemap_location_answers_200_to_a_visitor(client, published):
    EvaluationEvent.objects.filter(pk=published.event.pk).update(results_published_at=timezone.now())

    locations = _locations(client.get(reverse("sitemap")))

    assert {url: client.get(url).status_code for url in locations} == {url: 200 for url in locations}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_working_areas_only(client, published):
    EvaluationEvent.objects.filter(pk=published.event.pk).update(results_published_at=timezone.now())

    response = client.get(reverse("robots_txt"))

    lines = response.content.decode().splitlines()
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")]
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"/accounts/", "/dashboard/", "/masterplans/", "/news/moderation/", "/api/"} <= set(disallowed)
    # Nothing the sitemap offers is closed to crawlers.
    public = _locations(client.get(reverse("sitemap")))
    assert [url for url in public if any(url.startswith(path) for path in disallowed)] == []


def _meta_description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_public_pages_have_their_own_title_and_description(client, published):
    default = _meta_description(
        client.get(reverse("portal:region_dashboard", args=["00.00"])).content.decode()
    )
    urls = [url for url in _public_urls(published) if "sitemap" not in url and "movement" not in url]
    titles, descriptions = [], []

    for url in urls:
        html = client.get(url).content.decode()
        titles.append(re.search(r"<title>([^<]*)</title>", html).group(1))
        descriptions.append(_meta_description(html))

    assert len(set(titles)) == len(urls)
    assert [d for d in descriptions if d == default or len(d) < 60] == []


def test_region_page_title_and_description_name_the_region(client, published):
    html = client.get(reverse("portal:region_detail", args=[published.region_a.code])).content.decode()

    assert "<title>Kabupaten Alfa · Smart city · kotacerdas</title>" in html
    assert "Kabupaten Alfa (" in _meta_description(html)


@pytest.mark.parametrize(
    "name",
    [
        "portal:home",
        "portal:region_directory",
        "portal:quick_wins",
        "portal:region_detail",
        "portal:masterplan",
    ],
)
def test_public_pages_are_accessible_by_structure(client, published, name):
    args = {
        "portal:region_detail": [published.region_a.code],
        "portal:masterplan": [published.region_a.code, published.plan_a.pk],
    }.get(name, [])

    html = client.get(reverse(name, args=args)).content.decode()

    main = html[html.index('<main id="main"') :]
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in html
    assert " style=" not in html and "<script>" not in html
    # every form control has a label
    controls = re.findall(r'<(?:input|select)(?![^>]*type="(?:hidden|submit)")[^>]*id="([^"]+)"', main)
    assert [c for c in controls if f'for="{c}"' not in main] == []
    # no heading level is skipped
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert [b for a, b in zip(levels, levels[1:], strict=False) if b > a + 1] == []
