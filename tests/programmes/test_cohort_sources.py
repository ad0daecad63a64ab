"""The demo's cohorts follow the public sources (kotacerdas/programmes/data/cohorts.csv, docs/cohorts.md).

A region the sources name as a member of one cohort never appears, invented, in another; no region is presented as
a member without a row of the CSV; the 2021+ cohorts, real or invented, belong to Gerakan Menuju Smart City.
"""

import datetime
from collections import defaultdict

import pytest

from kotacerdas.evaluations.demo import EXTRA_2018, load_demo_event
from kotacerdas.programmes.demo import APPLICANTS_2027, GM100, GMSC, cohort_rows, load_demo, member_rows
from kotacerdas.programmes.models import Cohort, Participation
from kotacerdas.scheduling.demo import load_demo_scheduling

ROWS = cohort_rows()
# year (text, "2024-alt" included) → codes the sources name for it
CODES_BY_YEAR = defaultdict(set)
for _row in ROWS:
    CODES_BY_YEAR[_row["year"]].add(_row["code"])
ALL_CODES = {row["code"] for row in ROWS}


def named_for_another_cohort(code: str, year: int) -> bool:
    return any(code in codes for named_year, codes in CODES_BY_YEAR.items() if named_year != str(year))


@pytest.fixture
def whole_demo(regions_loaded, framework):
    """The programme demo with the 2018 evaluation and the 2026 scheduling demo, which add participations."""
    load_demo()
    load_demo_event()
    load_demo_scheduling()


def test_cohort_csv_2017_to_2019_cohorts_share_no_region():
    years = ("2017", "2018", "2019")

    shared = {(a, b): CODES_BY_YEAR[a] & CODES_BY_YEAR[b] for a in years for b in years if a < b}

    assert shared == {("2017", "2018"): set(), ("2017", "2019"): set(), ("2018", "2019"): set()}


def test_cohort_csv_names_the_complete_cohorts_and_the_known_2018_members():
    sizes = {year: len(CODES_BY_YEAR[year]) for year in ("2017", "2018", "2019", "2024")}

    assert sizes == {"2017": 25, "2018": 45, "2019": 25, "2024": 10}
    assert {row["evidence"] for row in ROWS} == {"A", "L", "B", "X"}
    assert all(row["sources"].startswith("http") for row in ROWS)


def test_demo_2027_applicants_are_named_by_no_source():
    named = [code for code in APPLICANTS_2027 if code in ALL_CODES]

    assert named == []


def test_demo_2018_evaluation_regions_are_2018_members_of_the_sources():
    outside = [code for code in EXTRA_2018 if code not in CODES_BY_YEAR["2018"]]

    assert outside == []


def test_load_demo_invented_participations_use_no_region_named_for_another_cohort(whole_demo):
    invented = Participation.objects.filter(is_demo=True).select_related("cohort", "region")

    wrong = [
        (p.cohort.year, p.region.name)
        for p in invented
        if named_for_another_cohort(p.region.code, p.cohort.year)
    ]

    assert invented.exists()
    assert wrong == []


def test_load_demo_real_participations_are_the_csv_rows_of_their_year(whole_demo):
    real = Participation.objects.filter(is_demo=False).values_list("cohort__year", "region__code")

    assert set(real) == {(int(row["year"]), row["code"]) for row in member_rows()}
    assert real.count() == len(member_rows())


def test_load_demo_2017_to_2019_regions_are_in_one_cohort_each(whole_demo):
    codes = list(
        Participation.objects.filter(cohort__programme__name=GM100).values_list("region__code", flat=True)
    )

    twice = sorted({code for code in codes if codes.count(code) > 1})

    assert twice == []
    assert len(codes) == 25 + 45 + 25


def test_load_demo_2019_cohort_is_exactly_the_csv_25(whole_demo):
    cohort = Cohort.objects.get(programme__name=GM100, year=2019)

    codes = set(cohort.participations.values_list("region__code", flat=True))

    assert codes == CODES_BY_YEAR["2019"]
    assert (len(codes), cohort.target_size, cohort.is_demo) == (25, 25, False)


def test_load_demo_cohorts_from_2021_are_under_gerakan_menuju_smart_city(whole_demo):
    programme_of = dict(Cohort.objects.values_list("year", "programme__name"))

    assert programme_of == {
        2017: GM100,
        2018: GM100,
        2019: GM100,
        2021: GMSC,
        2022: GMSC,
        2023: GMSC,
        2024: GMSC,
        2026: GMSC,
        2027: GMSC,
    }


def test_load_demo_2027_demo_cohort_is_under_gerakan_menuju_smart_city(whole_demo):
    cohort = Cohort.objects.get(year=2027)

    assert (cohort.programme.name, cohort.name, cohort.is_demo) == (GMSC, "Angkatan 2027 (contoh)", True)


def test_load_demo_cohort_target_sizes_are_the_sources(whole_demo):
    sizes = dict(Cohort.objects.filter(is_demo=False).values_list("year", "target_size"))

    assert sizes == {2017: 25, 2018: 50, 2019: 25, 2021: 70, 2022: 50, 2023: 50, 2024: 10}


def test_load_demo_unsure_rows_are_loaded_with_their_evidence_in_the_note(whole_demo):
    bogor = Participation.objects.get(cohort__year=2018, region__code="32.01")
    pontianak = Participation.objects.get(cohort__year=2018, region__code="61.71")
    pemalang = Participation.objects.get(cohort__year=2018, region__code="33.27")

    assert bogor.notes.startswith("Keanggotaan belum pasti: bukti tidak langsung")
    assert "(bukti B, kotacerdas/programmes/data/cohorts.csv)" in bogor.notes
    assert pontianak.notes.startswith("Keanggotaan belum pasti: disimpulkan dengan eksklusi")
    assert "(bukti X," in pontianak.notes
    assert pemalang.notes.splitlines() == [
        "Sumber publik menyebut daerah ini sebagai peserta angkatan ini "
        "(bukti A, kotacerdas/programmes/data/cohorts.csv).",
        "Catatan sumber: presented 13/12/2018 room Nusantara A",
        "Sumber: https://www.puskapik.com/2018/12/13/paparan-kebijakan-menuju-100-smart-city/, "
        "https://jateng.solopos.com/13-daerah-di-jateng-jadi-role-model-smart-city-915806/amp",
    ]
    assert (bogor.is_demo, pontianak.is_demo, pemalang.is_demo) == (False, False, False)


def test_load_demo_event_keeps_the_facts_the_sources_give(whole_demo):
    event = Cohort.objects.get(year=2018).evaluation_events.get()

    placed = {
        s.participation.region.code: (s.day.date, s.room.name, s.starts, s.ends)
        for s in event.sessions.select_related("participation__region", "day", "room")
    }

    assert placed["33.27"] == (
        datetime.date(2018, 12, 13),
        "Nusantara A",
        datetime.time(14, 45),
        datetime.time(15, 30),
    )
    assert placed["71.71"][0] == datetime.date(2018, 12, 12)  # Kota Manado, day 1
    assert placed["13.71"][0] == datetime.date(2018, 12, 13)  # Kota Padang, day 2


def test_participation_page_shows_the_evidence_and_its_sources(whole_demo, client):
    from django.urls import reverse

    from tests.factories import UserFactory

    pemalang = Participation.objects.get(cohort__year=2018, region__code="33.27")
    client.force_login(UserFactory(is_secretariat=True))

    page = client.get(reverse("programmes:participation_detail", args=[pemalang.pk])).content.decode()

    assert "(bukti A, kotacerdas/programmes/data/cohorts.csv)" in page
    assert (
        '<a href="https://www.puskapik.com/2018/12/13/paparan-kebijakan-menuju-100-smart-city/" rel="nofollow">'
        in page
    )
