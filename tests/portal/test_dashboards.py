"""Public monitoring dashboards: the centroid file, the map, the figures, leaks of unpublished values and
draft masterplans, the comparison form's errors, and query counts at two data sizes."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kotacerdas.implementation.models import ImplementationRound
from kotacerdas.masterplans.models import Masterplan, Strategy
from kotacerdas.monitoring.models import Indicator, Target, TrackedIndicator
from kotacerdas.portal import charts, dashboards
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import Region
from tests.factories import (
    CohortFactory,
    ImplementationRoundFactory,
    IndexResultFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    MilestoneFactory,
    ParticipationFactory,
    ProgressReportFactory,
    RegionFactory,
    RoundEntryFactory,
    TargetFactory,
    TrackedIndicatorFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

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


# --- building blocks ----------------------------------------------------------------------------------------


def _masterplan(participation, framework, *, status="published"):
    """A masterplan for 2020–2029 (the years the programmes and reports below fall in) on ``framework``."""
    return MasterplanFactory(
        participation=participation, framework_version=framework, start_year=2020, status=status
    )


def _programme(masterplan, code, *, start_year=2020, quick_win=False, months=None, **fields):
    """A programme of the masterplan's strategy in dimension ``code`` (one strategy a dimension)."""
    dimension = masterplan.framework_version.dimensions.get(code=code)
    strategy, _created = Strategy.objects.get_or_create(
        masterplan=masterplan, dimension=dimension, title=f"Strategi {code}"
    )
    return MasterplanProgrammeFactory(
        masterplan=masterplan,
        strategy=strategy,
        start_year=start_year,
        is_quick_win=quick_win,
        delivery_months=months,
        **fields,
    )


def _report(programme, on, status, percent, reason=""):
    return ProgressReportFactory(
        programme=programme, reported_on=on, status=status, percent_complete=percent, delay_reason=reason
    )


def _value(tracked, year, value, status="verified", supersedes=None):
    return IndicatorValueFactory(
        tracked=tracked, year=year, value=Decimal(value), status=status, supersedes=supersedes
    )


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- the centroids ------------------------------------------------------------------------------------------


def test_centroids_cover_every_region_inside_the_map(regions_loaded):
    points = dashboards.centroids()
    regions = dict(Region.objects.values_list("code", "name"))

    outside = [
        c.code
        for c in points.values()
        if not (charts.LAT_MIN < c.lat < charts.LAT_MAX and charts.LON_MIN < c.lon < charts.LON_MAX)
    ]

    assert (len(points), set(points), outside) == (514, set(regions), [])
    assert {code: c.name for code, c in points.items()} == regions


def test_centroid_of_pemalang_lies_in_pemalang():
    pemalang = dashboards.centroids()["33.27"]  # the regency spans about 6.8–7.2 °S, 109.2–109.7 °E

    assert (-7.2 < pemalang.lat < -6.8, 109.2 < pemalang.lon < 109.7) == (True, True)


# --- national -----------------------------------------------------------------------------------------------


@pytest.fixture
def nation(regions_loaded, framework):
    """Three real regions in the movement (one of them in two cohorts), an applicant that must stay hidden,
    and a participant without a centroid (a test region)."""
    c2018 = CohortFactory(year=2018, name="Angkatan 2018", framework_version=framework)
    c2021 = CohortFactory(year=2021, name="Angkatan 2021", framework_version=framework)
    region = {code: Region.objects.get(code=code) for code in ("33.27", "33.75", "11.71", "91.71", "12.73")}
    parts = {
        "pemalang": ParticipationFactory(cohort=c2018, region=region["33.27"], status="graduated"),
        "pekalongan": ParticipationFactory(cohort=c2018, region=region["33.75"], status="evaluated"),
        "pekalongan_2021": ParticipationFactory(cohort=c2021, region=region["33.75"], status="mentoring"),
        "banda_aceh": ParticipationFactory(cohort=c2021, region=region["11.71"], status="selected"),
        "applicant": ParticipationFactory(cohort=c2021, region=region["91.71"], status="shortlisted"),
        "withdrawn": ParticipationFactory(cohort=c2021, region=region["12.73"], status="withdrawn"),
        "nowhere": ParticipationFactory(
            cohort=c2021, region=RegionFactory(name="Kabupaten Tanpa Titik"), status="mentoring"
        ),
    }
    return {"c2018": c2018, "c2021": c2021, "framework": framework, **parts}


def test_national_map_has_one_dot_per_participating_region(client, nation):
    response = client.get(reverse("portal:national_dashboard"))
    html = response.content.decode()

    dots = re.findall(r'data-region="([^"]+)"', html)
    assert response.status_code == 200
    assert sorted(dots) == ["11.71", "33.27", "33.75"]
    assert html.count('r="2.2"/>') == 514  # the faint dot of every kabupaten/kota
    assert "Kota Jayapura" not in html  # the applicant
    assert "Kota Sibolga" not in html  # withdrawn
    assert [p.region.name for p in response.context["data"].off_map] == ["Kabupaten Tanpa Titik"]


def test_national_map_colours_a_region_by_its_first_cohort(client, nation):
    response = client.get(reverse("portal:national_dashboard"))

    found = re.findall(r'fill="(#[0-9a-f]{6})" data-region="([^"]+)"', response.content.decode())
    by_region = {code: fill for fill, code in found}
    assert by_region == {"33.27": charts.colour(0), "33.75": charts.colour(0), "11.71": charts.colour(1)}


def test_national_counts_per_cohort_and_public_status(client, nation):
    response = client.get(reverse("portal:national_dashboard"))

    rows = [(row.cohort.year, row.cells, row.total) for row in response.context["data"].cohorts]
    # columns: selected, mentoring, evaluated, graduated; applications and withdrawals are not counted
    assert rows == [(2018, [0, 0, 1, 1], 2), (2021, [1, 2, 0, 0], 3)]


def test_national_participant_list_links_to_the_regional_dashboards(client, nation):
    response = client.get(reverse("portal:national_dashboard"))

    assert reverse("portal:region_dashboard", args=["33.75"]) in response.content.decode()
    assert [p.region.name for p in response.context["data"].participants] == [
        "Kabupaten Pemalang",
        "Kabupaten Tanpa Titik",
        "Kota Banda Aceh",
        "Kota Pekalongan",
    ]


def test_national_progress_per_dimension_counts_only_published_masterplans(client, nation, settings):
    approved = _masterplan(nation["pemalang"], nation["framework"])
    on_track = _programme(approved, "GOV")
    delayed = _programme(approved, "GOV")
    _programme(approved, "GOV", start_year=2099)
    quick_win = _programme(approved, "ENV", quick_win=True, months=6)
    _report(on_track, date(2021, 3, 1), "running", 60)
    _report(delayed, date(2021, 3, 1), "delayed", 20, reason="Anggaran belum turun")
    _report(quick_win, date(2020, 5, 1), "done", 100)
    draft = _masterplan(nation["pekalongan"], nation["framework"], status="approved")
    _report(_programme(draft, "GOV", name="Draf tidak dihitung"), date(2021, 3, 1), "running", 90)

    response = client.get(reverse("portal:national_dashboard"))

    figures = {f.code: f for f in response.context["data"].dimensions}
    gov, env = figures["GOV"], figures["ENV"]
    assert list(figures) == ["GOV", "BRA", "ECO", "LIV", "SOC", "ENV"]
    assert (gov.programmes, gov.due, gov.on_track, gov.percent_complete) == (3, 2, 1, 40)
    assert (env.quick_wins, env.quick_wins_on_time, env.percent_complete) == (1, 1, 100)
    assert response.context["data"].masterplans == 1
    assert "Draf tidak dihitung" not in response.content.decode()


# --- one region ---------------------------------------------------------------------------------------------


@pytest.fixture
def leaky(world, framework):
    """Region A with published, pending, rejected and superseded values and a region-defined indicator;
    region B with a pending value of the same indicator."""
    shared = IndicatorFactory(code="U4-TEST-1")
    own = IndicatorFactory(name_id="Indikator Rahasia Alfa", source="region", region=world.region_a)
    tracked_a = TrackedIndicatorFactory(participation=world.part_a, indicator=shared)
    TargetFactory(tracked=tracked_a, year=2021)
    _value(tracked_a, 2020, "111.11")
    _value(tracked_a, 2021, "222.22", status="reported")
    _value(tracked_a, 2022, "333.33", status="rejected")
    old = _value(tracked_a, 2019, "444.44")
    _value(tracked_a, 2019, "555.55", supersedes=old)
    _value(TrackedIndicatorFactory(participation=world.part_a, indicator=own), 2020, "888.88")
    tracked_b = TrackedIndicatorFactory(participation=world.part_b, indicator=shared)
    _value(tracked_b, 2020, "777.77", status="reported")
    world.shared = shared
    return world


UNPUBLISHED = ["222,22", "333,33", "444,44", "777,77", "888,88", "Indikator Rahasia Alfa"]


@pytest.mark.parametrize("role", ROLES)
def test_region_dashboard_shows_only_published_values_to_everyone(client, leaky, role):
    user = None if role == "anonymous" else getattr(leaky, role)

    response = _get(client, user, reverse("portal:region_dashboard", args=[leaky.region_a.code]))

    html = response.content.decode()
    points = re.findall(r"<title>(\d{4}): ([\d.,\u2009]+)</title>", html)
    assert response.status_code == 200
    assert points == [("2019", "555,55"), ("2020", "111,11")]
    assert [word for word in UNPUBLISHED if word in html] == []


def test_region_dashboard_of_b_shows_nothing_unverified(client, leaky):
    response = client.get(reverse("portal:region_dashboard", args=[leaky.region_b.code]))

    html = response.content.decode()
    assert response.context["data"].trends == []
    assert [word for word in ["777,77", "111,11", "555,55"] if word in html] == []


def test_region_dashboard_hides_programmes_until_the_masterplan_is_published(client, leaky, framework):
    masterplan = _masterplan(leaky.part_a, framework, status="draft")
    _programme(masterplan, "GOV", name="Program draf Alfa")
    url = reverse("portal:region_dashboard", args=[leaky.region_a.code])

    seen = []
    for status in ("draft", "submitted", "approved", "published"):
        Masterplan.objects.filter(pk=masterplan.pk).update(status=status)
        seen.append("Program draf Alfa" in client.get(url).content.decode())

    assert seen == [False, False, False, True]


def test_region_dashboard_profile_per_dimension(client, world, framework):
    masterplan = _masterplan(world.part_a, framework)
    _report(_programme(masterplan, "ECO"), date(2021, 1, 5), "done", 100)
    _report(_programme(masterplan, "ECO"), date(2021, 1, 5), "running", 50)
    _programme(masterplan, "SOC", quick_win=True)

    response = client.get(reverse("portal:region_dashboard", args=[world.region_a.code]))

    figures = {
        f.code: (f.programmes, f.on_track, f.percent_complete, f.quick_wins)
        for f in response.context["data"].dimensions
    }
    assert figures["ECO"] == (2, 2, 75, 0)
    assert figures["SOC"] == (1, 0, 0, 1)
    assert figures["GOV"] == (0, 0, None, 0)
    assert response.content.decode().count('fill-opacity="0.18"') == 2  # the radar's two shapes


def test_region_dashboard_of_an_applicant_says_it_does_not_take_part(client, world):
    response = client.get(reverse("portal:region_dashboard", args=[world.applicant.region.code]))

    assert response.status_code == 200
    assert response.context["data"].participations == []
    assert 'id="not-participating"' in response.content.decode()


def test_region_dashboard_of_an_unknown_code_is_404(client, world):
    response = client.get(reverse("portal:region_dashboard", args=["99.99"]))

    assert response.status_code == 404


def test_region_detail_links_to_the_dashboard(client, world):
    response = client.get(reverse("portal:region_detail", args=[world.region_a.code]))

    assert reverse("portal:region_dashboard", args=[world.region_a.code]) in response.content.decode()


# --- comparison ---------------------------------------------------------------------------------------------


def _compare(client, codes, year_from=2018, year_to=2022):
    return client.get(reverse("portal:compare"), {"r": codes, "year_from": year_from, "year_to": year_to})


def test_compare_shows_shared_indicators_with_published_values_only(client, leaky):
    _value(TrackedIndicator.objects.get(participation=leaky.part_b), 2021, "666.66")

    response = _compare(client, [leaky.region_a.code, leaky.region_b.code], 2018, 2022)

    html = response.content.decode()
    shared = response.context["data"].indicators
    assert response.status_code == 200
    assert [(s.indicator.code, s.rows) for s in shared] == [
        (
            "U4-TEST-1",
            [
                (2019, [Decimal("555.55"), None]),
                (2020, [Decimal("111.11"), None]),
                (2021, [None, Decimal("666.66")]),
            ],
        )
    ]
    assert [word for word in UNPUBLISHED if word in html] == []


def test_compare_keeps_to_the_years_chosen(client, leaky):
    _value(TrackedIndicator.objects.get(participation=leaky.part_b), 2021, "666.66")

    response = _compare(client, [leaky.region_a.code, leaky.region_b.code], 2020, 2020)

    assert [s.rows for s in response.context["data"].indicators] == []  # in 2020 only A has a value


def test_compare_summarises_each_region(client, world, framework):
    masterplan = _masterplan(world.part_b, framework)
    _report(_programme(masterplan, "LIV"), date(2021, 2, 1), "running", 40)
    _report(_programme(masterplan, "LIV"), date(2021, 2, 1), "cancelled", 0)

    response = _compare(client, [world.region_b.code, world.region_a.code], 2020, 2022)

    regions = response.context["data"].regions
    assert [(c.region.name, c.summary.on_track, c.summary.due) for c in regions] == [
        ("Kabupaten Alfa", 0, 0),
        ("Kota Beta", 1, 2),
    ]
    liv = next(f for f in regions[1].dimensions if f.code == "LIV")
    assert (liv.percent_complete, liv.on_track_percent) == (20, 50)


def test_compare_without_a_choice_shows_the_form(client, world):
    response = client.get(reverse("portal:compare"))

    assert response.status_code == 200
    assert [r.code for r in response.context["form"].fields["r"].queryset] == [
        world.region_a.code,
        world.region_b.code,
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"r": ["00.00"]}, "r", "Select a valid choice. 00.00 is not one of the available choices."),
        ({"r": []}, "r", "Choose at least one region."),
        ({"year_from": "abc"}, "year_from", "Write the year with four digits, such as 2026."),
        ({"year_from": 2024, "year_to": 2019}, "year_to", "The last year cannot come before the first year."),
        ({"year_from": 2000, "year_to": 2030}, "year_to", "Choose at most 15 years."),
    ],
)
def test_compare_invalid_choice_is_a_field_error(client, world, settings, params, field, message):
    query = {"r": [world.region_a.code], "year_from": 2020, "year_to": 2022} | params
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("portal:compare"), query)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]


def test_compare_more_than_six_regions_is_a_field_error(client, world, settings):
    codes = [ParticipationFactory(cohort=world.cohort, status="mentoring").region.code for _ in range(7)]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _compare(client, codes)

    assert response.status_code == 400
    assert response.context["form"].errors["r"] == ["Choose at most 6 regions."]


def test_compare_does_not_offer_an_applicant(client, world):
    response = _compare(client, [world.applicant.region.code])  # Indonesian, the default

    assert response.status_code == 400
    assert "bukan salah satu dari pilihan yang tersedia" in response.context["form"].errors["r"][0]


# --- query counts -------------------------------------------------------------------------------------------


def _published_index(participations, framework, *, status="published", index="2.50"):
    """A new implementation round (the next year) with a stored result for each participation."""
    rnd = ImplementationRoundFactory(
        year=2020 + ImplementationRound.objects.count(), framework_version=framework, status=status
    )
    for rank, participation in enumerate(participations, start=1):
        IndexResultFactory(
            entry=RoundEntryFactory(round=rnd, participation=participation),
            index=Decimal(index),
            rank=rank,
            ranked_among=len(participations),
            by_dimension={"GOV": index, "ECO": None},
        )
    return rnd


def _grow(world, framework, n, *, regions=None):
    """n more participants, each with an approved masterplan of programmes in three dimensions, progress
    reports, milestones and five years of verified values of two indicators."""
    indicators = [
        Indicator.objects.get_or_create(
            code=f"Q-{i}", defaults={"name_id": f"Ukuran {i}", "unit": "%", "source": "u4ssc"}
        )[0]
        for i in range(2)
    ]
    participations = [
        ParticipationFactory(cohort=world.cohort, status=ParticipationStatus.MENTORING) for _ in range(n)
    ]
    if regions:
        participations = [p for region in regions for p in region.participations.all()]
    for participation in participations:
        masterplan = getattr(participation, "masterplan", None) or _masterplan(participation, framework)
        for code in ("GOV", "ECO", "ENV"):
            programme = _programme(masterplan, code, quick_win=code == "ENV")
            _report(programme, date(2021, 1, 1), "running", 30)
            _report(programme, date(2022, 1, 1), "done", 100)
            MilestoneFactory(programme=programme, due_on=date(2021, 6, 1))
        for indicator in indicators:
            tracked, _created = TrackedIndicator.objects.get_or_create(
                participation=participation,
                indicator=indicator,
                defaults={"baseline_year": 2018, "baseline_value": 1},
            )
            for year in range(2019, 2024):
                _value(tracked, year, str(year - 2000))
                Target.objects.get_or_create(tracked=tracked, year=year, defaults={"value": 20})
    _published_index(participations, framework)


@pytest.mark.parametrize("who", ["anonymous", "editor_a", "secretariat"])
def test_national_dashboard_query_count_constant_when_data_grows(client, world, framework, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    url = reverse("portal:national_dashboard")
    _grow(world, framework, 2)
    small = count_queries(client, url)

    _grow(world, framework, 10)
    large = count_queries(client, url)

    assert large == small


def test_region_dashboard_query_count_constant_when_data_grows(client, world, framework):
    url = reverse("portal:region_dashboard", args=[world.region_a.code])
    _grow(world, framework, 0, regions=[world.region_a])
    small = count_queries(client, url)

    _grow(world, framework, 0, regions=[world.region_a])
    _grow(world, framework, 0, regions=[world.region_a])
    _grow(world, framework, 5)
    large = count_queries(client, url)

    assert large == small


def test_compare_query_count_constant_when_data_and_choice_grow(client, world, framework):
    _grow(world, framework, 0, regions=[world.region_a, world.region_b])
    small = count_queries(
        client,
        f"{reverse('portal:compare')}?r={world.region_a.code}&r={world.region_b.code}&year_from=2019&year_to=2023",
    )

    _grow(world, framework, 4)
    _grow(world, framework, 0, regions=[world.region_a, world.region_b])
    codes = [world.region_a.code, world.region_b.code] + [
        p.region.code
        for p in world.cohort.participations.filter(status="mentoring").exclude(
            region__in=[world.region_a, world.region_b]
        )[:4]
    ]
    large = count_queries(
        client,
        reverse("portal:compare") + "?" + "&".join(f"r={c}" for c in codes) + "&year_from=2019&year_to=2023",
    )

    assert large == small


@pytest.mark.parametrize("role", ["anonymous", "secretariat", "editor_a"])
def test_menu_and_home_link_to_the_national_dashboard(client, world, role):
    user = None if role == "anonymous" else getattr(world, role)

    response = _get(client, user, reverse("portal:home"))

    url = reverse("portal:national_dashboard")
    assert [entry[1] for entry in response.context["nav_items"]].count(url) == 1
    assert response.content.decode().count(f'href="{url}"') == 2  # the menu and the home page's button


# --- the implementation index -------------------------------------------------------------------------------


def test_national_dashboard_shows_the_latest_published_index_and_never_an_unpublished_one(
    client, world, framework
):
    _published_index([world.part_a], framework, index="3.48")
    _published_index([world.part_a], framework, status="validation", index="1.11")

    page = client.get(reverse("portal:national_dashboard")).content.decode()

    section = page[page.index('id="index"') :]
    assert "2020" in section[:300]
    assert re.search(r"3[.,]48", section)
    assert not re.search(r"1[.,]11", page)


def test_region_dashboard_shows_the_index_history_of_published_rounds_only(client, world, framework):
    _published_index([world.part_a], framework, index="2.40")
    _published_index([world.part_a], framework, index="3.10")
    _published_index([world.part_a], framework, status="self_assessment", index="1.11")

    page = client.get(reverse("portal:region_dashboard", args=[world.region_a.code])).content.decode()

    assert page.count("<circle") >= 2 and "<title>2021: 3,10</title>" in page
    assert "<title>2020: 2,40</title>" in page
    assert not re.search(r"1[.,]11", page)
    assert "2022" not in page[page.index('id="index"') :][:2000]


def test_region_dashboard_of_another_region_does_not_show_a_index(client, world, framework):
    _published_index([world.part_a], framework, index="3.48")

    page = client.get(reverse("portal:region_dashboard", args=[world.region_b.code])).content.decode()

    assert 'id="index"' not in page
