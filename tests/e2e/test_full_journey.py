"""One region's whole year in the programme, end to end in headless Chromium.

Kota Magelang applies to the 2025 cohort and is selected on its assessment; its team starts the masterplan,
completes and submits it, the mentor reviews it and the secretariat approves and publishes it; the secretariat
sets up the national evaluation, schedules it with the automatic scheduler and publishes the agenda; two
evaluators score the regions; the results are published; the team reports an indicator value that the mentor
verifies; and a visitor without an account finds all of it on the region's public page.

Only inert reference data comes from Python (regions, framework, rubrics, indicator catalogue, accounts, the
region's agencies, the cohort with its criteria and the two other regions of the round), plus the bulk of the
masterplan's content, which stands for the four bimtek workshops (their forms are driven by
test_masterplan_journey.py): the journey steps themselves are clicks and form fills by each role.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from tests.utils import sign_in_page

pytestmark = pytest.mark.e2e

PASSWORD = "sandi-perjalanan-2025"
SECRETARIAT = ("sekretariat@perjalanan.test", "Wulan Pratiwi")
MENTOR = ("mentor@perjalanan.test", "Joko Susilo")
EDITOR = ("editor.magelang@perjalanan.test", "Rudi Hartono")
APPROVER = ("approver.magelang@perjalanan.test", "Sri Wahyuni")
EVALUATOR_1 = ("penilai1@perjalanan.test", "Lestari Handayani")
EVALUATOR_2 = ("penilai2@perjalanan.test", "Teguh Wibowo")

REGION = ("33.71", "Kota Magelang")  # the region whose year this is
RIVAL = ("33.73", "Kota Salatiga")  # already selected into the cohort; presents at the same evaluation
RUNNER_UP = ("33.23", "Kabupaten Temanggung")  # shortlisted too, assessed lower

COHORT_YEAR = 2025
EVENT_NAME = "Evaluasi Masterplan Angkatan 2025"
EVENT_DAY = date(2025, 12, 9)
VISION = "Magelang kota jasa yang cerdas, sehat, dan melayani warganya sepenuh hati."
QUICK_WIN = "Bank sampah digital"
QUICK_WIN_BENEFIT = "Warga menabung sampah terpilah dan saldonya tercatat daring."
INDICATOR_CODE = "EC:ICT:ICT:1C"  # Akses internet rumah tangga (%)
# Every criterion of both rubrics gets the same score from one evaluator, so a sheet's total is
# (score - 1) / 4 * 100: 5 -> 100, 4 -> 75, 3 -> 50.
SCORES = {EVALUATOR_1: {REGION: 5, RIVAL: 3}, EVALUATOR_2: {REGION: 4, RIVAL: 4}}


@pytest.fixture
def programme_site(transactional_db, live_server):
    """Reference data and accounts, served by a live server."""
    from kotacerdas.evaluations.seed import load_default_rubrics
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.monitoring.catalogue import load_indicators
    from kotacerdas.programmes.models import ParticipationStatus
    from kotacerdas.regions.loader import load_regions
    from kotacerdas.regions.models import MembershipRole, Region
    from tests.conftest import cached_wilayah
    from tests.factories import (
        AssessmentScoreFactory,
        CohortFactory,
        OpdFactory,
        ParticipationFactory,
        RegionMembershipFactory,
        SelectionCriterionFactory,
        UserFactory,
    )

    load_regions(*cached_wilayah())
    framework, _created = load_framework_file()
    load_default_rubrics()
    load_indicators()

    def user(person, **flags):
        return UserFactory(email=person[0], full_name=person[1], password=PASSWORD, **flags)

    user(SECRETARIAT, is_secretariat=True, is_staff=True)
    user(MENTOR, is_mentor=True)
    editor = user(EDITOR)
    approver = user(APPROVER)
    assessor = user(EVALUATOR_1, is_evaluator=True)
    user(EVALUATOR_2, is_evaluator=True)

    regions = {code: Region.objects.get(code=code) for code, _name in (REGION, RIVAL, RUNNER_UP)}
    region = regions[REGION[0]]
    RegionMembershipFactory(user=editor, region=region, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=approver, region=region, role=MembershipRole.APPROVER)
    for name, short in [
        ("Dinas Komunikasi, Informatika dan Statistik", "Diskominfo"),
        ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
        ("Dinas Kesehatan", "Dinkes"),
        ("Dinas Lingkungan Hidup", "DLH"),
    ]:
        OpdFactory(region=region, name=name, short_name=short)

    # Two places: Salatiga already holds one, Magelang and Temanggung compete for the other.
    cohort = CohortFactory(year=COHORT_YEAR, name="Angkatan 2025", target_size=2, framework_version=framework)
    cohort.assessors.add(assessor)
    criteria = [  # fiscal capacity, then readiness and commitment
        SelectionCriterionFactory(cohort=cohort, weight=60, max_score=5),
        SelectionCriterionFactory(cohort=cohort, weight=40, max_score=5),
    ]
    ParticipationFactory(cohort=cohort, region=regions[RIVAL[0]], status=ParticipationStatus.MENTORING)
    runner_up = ParticipationFactory(
        cohort=cohort, region=regions[RUNNER_UP[0]], status=ParticipationStatus.SHORTLISTED
    )
    for criterion in criteria:  # 3 of 5 on both: 60.00
        AssessmentScoreFactory(participation=runner_up, criterion=criterion, assessor=assessor, score=3)
    return SimpleNamespace(url=live_server.url, cohort=cohort, criteria=criteria, region=region)


# --- helpers ------------------------------------------------------------------------------------------------


def _signed_in(new_context, base: str, person) -> Page:
    """A page of a fresh browser context, signed in through the login page."""
    page = new_context().new_page()
    sign_in_page(page, base, person[0], PASSWORD)
    return page


def _change_status(page: Page, status: str, note: str = "") -> None:
    """The status form of a participation or a masterplan."""
    form = page.locator("form[action$='/status/']")
    form.locator("select[name=status]").select_option(status)
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.locator("#confirm-yes").click()  # the confirmation page states what the move does


def _score_session(page: Page, base: str, region_name: str, score: int, rubrics: list) -> None:
    """An evaluator opens the region's session from "my sessions" and submits every rubric with ``score``."""
    page.goto(f"{base}/evaluations/my-sessions/")
    page.get_by_role("link", name=region_name, exact=True).click()
    expect(page.locator("h1")).to_contain_text(region_name)
    for rubric in rubrics:
        fieldsets = page.locator(f"#rubric-{rubric.pk} fieldset")
        expect(fieldsets).to_have_count(rubric.criteria.count())
        for n in range(fieldsets.count()):
            fieldsets.nth(n).locator("input[type=radio]").nth(score - 1).check()
    # One form holds every rubric: "Kirim…" saves it and shows the summary; sending needs its confirmation.
    page.locator("#sheet-bar button[name=action][value=review]").click()
    page.locator("button[name=confirm][value=yes]").click()
    for rubric in rubrics:
        expect(page.locator(f"#rubric-{rubric.pk} .card__header .badge--approved")).to_be_visible()
    expect(page.locator("form button[name=action]")).to_have_count(0)


def _write_bimtek_work(masterplan) -> None:
    """What the team wrote during the four workshops: everything the completeness check asks for except the
    vision and the environment programme, which the editor writes in the browser. The planning chain: one mission,
    its objective (tujuan) with an indicator, and a goal (sasaran) with an indicator in each dimension under it."""
    from kotacerdas.masterplans.models import Section
    from tests.factories import (
        ActionStepFactory,
        AspectAnalysisFactory,
        GoalIndicatorFactory,
        KeyFigureFactory,
        MasterplanProgrammeFactory,
        ObjectiveIndicatorFactory,
        StrategyFactory,
        SwotItemFactory,
    )

    version = masterplan.framework_version
    opds = {o.short_name: o for o in masterplan.region.opds.all()}
    start = masterplan.start_year
    Section.objects.filter(masterplan=masterplan, key="profile").update(
        body="Kota Magelang terletak di tengah Jawa Tengah, dikelilingi Kabupaten Magelang."
    )
    KeyFigureFactory(masterplan=masterplan)
    level = version.readiness_levels.get(value=3)
    for aspect in version.aspects.filter(is_optional=False):
        AspectAnalysisFactory(masterplan=masterplan, aspect=aspect, level=level, summary="Cukup siap.")
        SwotItemFactory(masterplan=masterplan, aspect=aspect)
    # Per dimension: (owner, funding, first and last year from the start, horizon, quick win).
    programmes = {
        "GOV": ("Diskominfo", "apbd", 0, 0, "short", True),
        "BRA": ("Bappeda", "apbd", 1, 3, "medium", False),
        "ECO": ("Diskominfo", "apbd", 0, 0, "short", True),
        "LIV": ("Dinkes", "dak", 1, 4, "medium", False),
        "SOC": ("Bappeda", "apbn", 5, 8, "long", False),
    }
    objective = ObjectiveIndicatorFactory(
        objective__masterplan=masterplan,
        objective__mission__text="Mewujudkan layanan publik digital yang terpadu.",
        objective__text="Layanan publik dapat diakses daring dari rumah.",
    ).objective
    for dimension in version.dimensions.order_by("order"):
        GoalIndicatorFactory(
            goal__masterplan=masterplan, goal__dimension=dimension, goal__objective=objective
        )
        element = dimension.elements.order_by("order").first()
        strategy = StrategyFactory(masterplan=masterplan, dimension=dimension, element=element)
        if dimension.code not in programmes:
            continue
        owner, funding, first, last, horizon, quick_win = programmes[dimension.code]
        MasterplanProgrammeFactory(
            masterplan=masterplan, strategy=strategy, owner_opd=opds[owner], funding_source=funding,
            start_year=start + first, end_year=start + last, horizon=horizon, is_quick_win=quick_win,
            delivery_months=9 if quick_win else None,
        )  # fmt: skip
    ActionStepFactory(masterplan=masterplan)


# --- the journey --------------------------------------------------------------------------------------------


def test_region_goes_from_selection_to_a_public_result(programme_site, new_context):
    from kotacerdas.evaluations.models import EvaluationEvent, Session
    from kotacerdas.masterplans.models import Masterplan
    from kotacerdas.monitoring.models import Indicator, IndicatorValue
    from kotacerdas.programmes.models import Participation

    site, base = programme_site, programme_site.url
    cohort = site.cohort

    # 1. Selection. The secretariat registers Magelang's application and shortlists it.
    secretariat = _signed_in(new_context, base, SECRETARIAT)
    secretariat.goto(f"{base}/programme/cohorts/{cohort.pk}/")
    secretariat.locator(f"a[href$='/cohorts/{cohort.pk}/participations/new/']").click()
    secretariat.locator("main form select[name=region]").select_option(str(site.region.pk))
    secretariat.locator("main form button[type=submit]").click()
    expect(secretariat.locator("h1")).to_have_text(REGION[1])
    expect(secretariat.locator(".page-header .badge--applied")).to_be_visible()
    participation_url = secretariat.url
    _change_status(secretariat, "shortlisted", "Lolos kuesioner dan wawancara.")
    expect(secretariat.locator(".page-header .badge--shortlisted")).to_be_visible()

    # The assessor scores the application; the ranking puts it ahead of Temanggung.
    assessor = _signed_in(new_context, base, EVALUATOR_1)
    assessor.goto(f"{base}/programme/cohorts/{cohort.pk}/selection/")
    magelang_row = assessor.locator("main tbody tr", has_text=REGION[1])
    magelang_row.locator("a[href$='/assess/']").click()
    fiscal, readiness = site.criteria
    assessor.fill(f"input[name=score_{fiscal.pk}]", "5")
    assessor.fill(f"input[name=score_{readiness.pk}]", "4")
    assessor.fill(f"textarea[name=comment_{readiness.pk}]", "Tim Diskominfo siap, anggaran TIK masih kecil.")
    assessor.locator("main form button[type=submit]").click()
    expect(assessor).to_have_url(re.compile(r"/selection/$"))
    expect(magelang_row.locator("td").first).to_have_text("1")

    # The secretariat selects the best-ranked shortlisted region into the one free place.
    secretariat.goto(f"{base}/programme/cohorts/{cohort.pk}/selection/")
    secretariat.locator("form[action$='/select-top/'] button[type=submit]").click()
    expect(secretariat.locator(".message--success")).to_contain_text(re.compile(r"\b1\b"))
    ranking = secretariat.locator("main table").first
    expect(ranking.locator("tr", has_text=REGION[1]).locator(".badge--selected")).to_be_visible()
    expect(ranking.locator("tr", has_text=REGION[1]).locator("td").nth(3)).to_have_text("92,00")
    expect(ranking.locator("tr", has_text=RUNNER_UP[1]).locator(".badge--shortlisted")).to_be_visible()
    expect(ranking.locator("tr", has_text=RUNNER_UP[1]).locator("td").nth(3)).to_have_text("60,00")
    expect(secretariat.locator(".stat__value").first).to_have_text("2 / 2")

    # The MoU goes into the region's agreement register, then the mentor is recorded and mentoring starts.
    secretariat.goto(participation_url)
    secretariat.get_by_role("link", name="Semua perjanjian").click()
    secretariat.get_by_role("link", name="Tambah perjanjian").click()
    form = secretariat.locator("main form[enctype]")
    form.locator("input[name=our_number]").fill("MOU/2025/MGL-01")
    form.locator("input[name=signed_on]").fill("2025-03-20")
    form.locator("input[name=valid_from]").fill("2025-03-20")
    form.locator("button[type=submit]").click()
    secretariat.goto(participation_url)
    facts = secretariat.locator("dl.facts").first
    expect(facts).to_contain_text("MoU MOU/2025/MGL-01 · mulai Kamis, 20 Maret 2025, tanpa tanggal berakhir")
    mentors = secretariat.locator("form[action$='/mentors/']")
    mentors.get_by_label(MENTOR[1], exact=True).check()
    mentors.locator("button[type=submit]").click()
    expect(facts).to_contain_text(MENTOR[1])
    _change_status(secretariat, "mentoring")
    expect(secretariat.locator(".page-header .badge--mentoring")).to_be_visible()
    participation = Participation.objects.get(cohort=cohort, region=site.region)

    # 2. Masterplan. The editor starts it from the list of masterplans.
    editor = _signed_in(new_context, base, EDITOR)
    editor.goto(f"{base}/masterplans/")
    editor.locator(f"form[action$='/create/{participation.pk}/'] button").click()
    expect(editor.locator("h1")).to_contain_text(f"{REGION[1]} 2026–2035")
    masterplan = Masterplan.objects.get(participation=participation)
    overview = f"{base}/masterplans/{masterplan.pk}/"

    _write_bimtek_work(masterplan)

    # Three checks fail: no vision, no programme for the environment, two quick wins of three.
    editor.goto(overview)
    expect(editor.locator("#completeness .is-missing")).to_have_count(3)
    editor.goto(f"{base}/masterplans/{masterplan.pk}/part/vision/")
    editor.locator("textarea[name=vision-body]").fill(VISION)
    editor.locator("#section-vision button[type=submit]").click()
    expect(editor.locator(".message--success")).to_be_visible()
    expect(editor.locator("#chain")).to_contain_text("Layanan publik dapat diakses daring dari rumah.")
    # The environment strategy gets its programme, the third quick win.
    editor.goto(f"{base}/masterplans/{masterplan.pk}/part/programmes/")
    strategy = masterplan.strategies.select_related("element").get(dimension__code="ENV")
    add = editor.locator("section#programme")
    add.locator("summary").click()
    add.locator("select[name=programme-strategy]").select_option(str(strategy.pk))
    add.locator("select[name=programme-element]").select_option(str(strategy.element_id))
    add.locator("input[name=programme-name]").fill(QUICK_WIN)
    add.locator("select[name=programme-owner_opd]").select_option(label="DLH")
    add.get_by_label("Bappeda", exact=True).check()
    add.locator("select[name=programme-funding_source]").select_option("apbd")
    add.locator("input[name=programme-budget]").fill("350000000")
    add.locator("input[name=programme-start_year]").fill("2026")
    add.locator("input[name=programme-end_year]").fill("2026")
    add.locator("select[name=programme-horizon]").select_option("short")
    add.locator("input[name=programme-is_quick_win]").check()
    add.locator("input[name=programme-delivery_months]").fill("8")
    add.locator("textarea[name=programme-expected_benefit]").fill(QUICK_WIN_BENEFIT)
    add.locator("input[name=programme-beneficiaries]").fill("Rumah tangga dan bank sampah")
    add.locator("input[name=programme-commitment_signed_by]").fill("Wali Kota Magelang dan Kepala DLH")
    add.locator("input[name=programme-commitment_signed_on]").fill("2025-10-24")
    add.locator("form button[type=submit]").click()
    expect(editor.locator("section#programme tbody")).to_contain_text(QUICK_WIN)
    editor.goto(overview)
    expect(editor.locator("#completeness .is-missing")).to_have_count(0)
    # Editors write; the region's approver submits (regions/rules.py).
    expect(editor.locator("form[action$='/status/']")).to_have_count(0)
    approver = _signed_in(new_context, base, APPROVER)
    approver.goto(overview)
    _change_status(approver, "submitted", "Masterplan hasil bimtek IV.")
    expect(approver.locator(".page-header .badge--submitted")).to_be_visible()

    # The mentor starts the review; the secretariat approves and publishes.
    mentor = _signed_in(new_context, base, MENTOR)
    mentor.goto(overview)
    _change_status(mentor, "in_review")
    expect(mentor.locator(".page-header .badge--in_review")).to_be_visible()
    secretariat.goto(overview)
    _change_status(secretariat, "approved", "Disetujui.")
    expect(secretariat.locator(".page-header .badge--approved")).to_be_visible()
    _change_status(secretariat, "published")
    expect(secretariat.locator(".page-header .badge--published")).to_be_visible(timeout=60_000)
    masterplan.refresh_from_db()
    assert (masterplan.status, masterplan.versions.count()) == ("published", 1)

    # 3. Evaluation event: created, given a room, scheduled automatically, agenda published.
    secretariat.goto(f"{base}/evaluations/new/")
    form = secretariat.locator("main form")
    form.locator("select[name=cohort]").select_option(str(cohort.pk))
    form.locator("input[name=name]").fill(EVENT_NAME)
    form.locator("input[name=venue]").fill("Balai Kartini")
    form.locator("input[name=address]").fill("Jl. Gatot Subroto Kav. 37, Jakarta Selatan")
    form.locator("input[name=first_day]").fill(EVENT_DAY.isoformat())
    form.locator("input[name=number_of_days]").fill("1")
    form.locator("input[name=day_starts]").fill("08:00")
    form.locator("input[name=day_ends]").fill("12:00")
    form.locator("input[name=min_panel_size]").fill("2")
    form.locator("button[type=submit]").click()
    expect(secretariat.locator("h1")).to_have_text(EVENT_NAME)
    event = EvaluationEvent.objects.get(name=EVENT_NAME)
    rooms = secretariat.locator("section#rooms")
    rooms.locator("summary").click()
    rooms.locator("input[name=name]").fill("Ruang Borobudur")
    rooms.locator("input[name=capacity]").fill("40")
    rooms.locator("form button[type=submit]").last.click()
    expect(secretariat.locator("section#rooms tbody")).to_contain_text("Ruang Borobudur")

    secretariat.locator(f"a[href='/scheduling/events/{event.pk}/']").first.click()
    expect(secretariat.locator(".stat__value").first).to_have_text("2")  # Magelang and Salatiga
    pool = secretariat.locator("form[action$='/pool/']")
    pool.get_by_label(EVALUATOR_1[1], exact=True).check()
    pool.get_by_label(EVALUATOR_2[1], exact=True).check()
    pool.locator("button[type=submit]").click()
    expect(secretariat.locator("#checks .message--success")).to_be_visible()
    secretariat.locator("#propose").click()
    expect(secretariat.locator("#count-added")).to_have_text("2", timeout=60_000)
    secretariat.locator("#apply").click()
    secretariat.locator("#confirm-yes").click()
    expect(secretariat).to_have_url(re.compile(rf"/evaluations/{event.pk}/$"))
    expect(secretariat.locator(".message--success")).to_be_visible()
    session = Session.objects.select_related("room").get(event=event, participation=participation)
    slot = f"{session.starts:%H.%M}–{session.ends:%H.%M}"  # Indonesian clock times
    expect(secretariat.locator(f"#day-{session.day_id}")).to_contain_text(REGION[1])

    publish = secretariat.locator("form[action$='/agenda/publish/']")
    publish.locator("textarea[name=note]").fill("Agenda pertama.")
    publish.locator("button[type=submit]").click()
    secretariat.locator("#confirm-yes").click()
    expect(secretariat.locator("#agenda .badge--published")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto(f"{base}/evaluations/{event.pk}/agenda/")
    entry = visitor.locator(".agenda-entry", has_text=REGION[1])
    expect(entry).to_contain_text(f"{slot} WIB")

    # 4. The panel's two evaluators score both regions on both rubrics.
    evaluator2 = _signed_in(new_context, base, EVALUATOR_2)
    for person, evaluator in ((EVALUATOR_1, assessor), (EVALUATOR_2, evaluator2)):
        for region in (REGION, RIVAL):
            _score_session(evaluator, base, region[1], SCORES[person][region], session.rubrics())

    # 5. Results: Magelang (100 and 75 on each rubric) ahead of Salatiga (50 and 75); then published.
    secretariat.goto(f"{base}/evaluations/{event.pk}/results/")
    first = secretariat.locator("#ranking tbody tr").first
    expect(first).to_contain_text(REGION[1])
    expect(first.locator("td").nth(-2)).to_have_text("87,50")
    secretariat.locator("form[action$='/results/publish/'] button[type=submit]").click()
    secretariat.locator("#confirm-yes").click()
    expect(secretariat.locator("#results .badge--published")).to_be_visible()
    secretariat.goto(participation_url)
    _change_status(secretariat, "evaluated", "Mengikuti evaluasi Desember 2025.")
    expect(secretariat.locator(".page-header .badge--evaluated")).to_be_visible()

    visitor.goto(f"{base}/evaluations/{event.pk}/results/")
    rows = visitor.locator("#ranking tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(0)).to_contain_text(REGION[1])
    expect(rows.nth(0).locator("td").nth(-2)).to_have_text("87,50")
    expect(rows.nth(1).locator("td").first).to_have_text("2")
    expect(rows.nth(1)).to_contain_text(RIVAL[1])
    expect(rows.nth(1).locator("td").nth(-2)).to_have_text("62,50")
    expect(visitor.locator("main")).not_to_contain_text(EVALUATOR_1[1])

    # 6. Monitoring: the editor tracks household internet access and reports 2026; the mentor verifies it.
    indicator = Indicator.objects.get(code=INDICATOR_CODE)
    editor.goto(f"{base}/monitoring/p/{participation.pk}/")
    editor.locator(f"a[href$='/p/{participation.pk}/indicators/add/']").click()
    track = editor.locator("main form")
    track.locator("select[name=indicator]").select_option(str(indicator.pk))
    track.locator("input[name=baseline_year]").fill("2024")
    track.locator("input[name=baseline_value]").fill("61,5")
    # Values and targets lie in the masterplan's period (2026–2035 for the 2025 cohort).
    track.locator("textarea[name=targets]").fill("2026 = 70\n2027 = 78")
    track.locator("button[type=submit]").click()
    expect(editor.locator("h1")).to_have_text(indicator.name_id)
    report = editor.locator("#report form")
    report.locator("input[name=year]").fill("2026")
    report.locator("input[name=value]").fill("72,4")
    report.locator("input[name=source]").fill("Survei rumah tangga Diskominfo 2025")
    report.locator("input[name=method]").fill("Survei 1.200 rumah tangga")
    report.locator("select[name=quality]").select_option("2")
    report.locator("input[name=evidence_url]").fill("https://magelangkota.go.id/data/internet-2025")
    report.locator("button[type=submit]").click()
    reported = editor.locator("#history tbody tr", has_text="Survei rumah tangga Diskominfo 2025")
    expect(reported.locator(".badge--reported")).to_be_visible()
    expect(reported.locator("td").first).to_have_text("72,4")  # trailing zeros are not written
    value = IndicatorValue.objects.get(tracked__participation=participation, year=2026)

    mentor.goto(editor.url)
    mentor.locator(f"#value-{value.pk} button[name=decision][value=verify]").click()
    expect(mentor.locator(f"#value-{value.pk} .badge--verified")).to_be_visible()
    expect(mentor.locator(f"#value-{value.pk}")).to_contain_text(MENTOR[1])

    # 7. A visitor finds the region from the home page and reads its year on the public page.
    visitor.goto(f"{base}/")
    visitor.fill("#home-q", REGION[1])
    visitor.press("#home-q", "Enter")
    expect(visitor).to_have_url(re.compile(r"/regions/\?q=Kota(\+|%20)Magelang$"))
    visitor.get_by_role("link", name=REGION[1], exact=True).click()
    expect(visitor).to_have_url(re.compile(r"/regions/33\.71/$"))
    expect(visitor.locator("h1")).to_have_text(REGION[1])
    expect(visitor.locator("#masterplan")).to_contain_text(f"{REGION[1]} 2026–2035")
    expect(visitor.locator("#masterplan blockquote")).to_contain_text(VISION)
    expect(visitor.locator("#masterplan a[download]")).to_have_count(4)  # books 1 and 2, DOCX and PDF
    expect(visitor.locator("#quick-wins article")).to_have_count(3)
    card = visitor.locator("#quick-wins article", has_text=QUICK_WIN)
    expect(card).to_contain_text(QUICK_WIN_BENEFIT)
    expect(card).to_contain_text("Dinas Lingkungan Hidup")
    indicator_row = visitor.locator("#indicators tbody tr", has_text=indicator.name_id)
    expect(indicator_row.locator("td")).to_have_text(["2026", "72,4%", "70"])
    evaluation = visitor.locator("#evaluation")
    expect(evaluation).to_contain_text(EVENT_NAME)
    expect(evaluation).to_contain_text(f"{slot} WIB")
    expect(evaluation).to_contain_text(session.room.name)
    expect(evaluation).to_contain_text("Peringkat 1 dari 2, nilai akhir 87,50.")
    movement = visitor.locator("#profile", has_text="Angkatan 2025")
    expect(movement.locator(".badge--evaluated")).to_be_visible()
