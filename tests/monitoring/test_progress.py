"""Programme and quick-win progress: current state, budgets, quick-win delivery, reporting rights, history,
milestones, leaks and query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.monitoring import progress, services
from kotacerdas.monitoring.demo_progress import load_demo_progress
from kotacerdas.monitoring.forms_progress import ProgressForm
from kotacerdas.monitoring.models import Milestone, ProgressReport
from kotacerdas.programmes.demo import load_demo
from tests.factories import MasterplanProgrammeFactory, MilestoneFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

D = date
END_2023 = D(2023, 12, 31)


@pytest.fixture
def world(demo):
    """The demo data set (conftest.py), Pemalang's masterplan cut to the 12 programmes that start by 2023 so that
    "started" does not depend on the day the suite runs."""
    MasterplanProgramme.objects.filter(masterplan=demo["masterplan"], start_year__gt=2023).delete()
    programmes = {p.name: p for p in demo["masterplan"].programmes.all()}
    return {
        **demo,
        "mal": programmes["Mal pelayanan publik terpadu"],
        "spbe": programmes["Penyusunan arsitektur SPBE daerah"],
        "kanal": programmes["Kanal pengaduan warga terintegrasi"],  # quick win, 4 months, 2019
        "bank": programmes["Bank sampah digital"],  # quick win, 8 months, 2019
    }


def _report(programme, on, status="running", percent=50, budget=None, reason="", **extra):
    """A progress report of ``programme`` as of the day ``on`` (ProgressReportFactory, in short)."""
    return ProgressReportFactory(
        programme=programme,
        reported_on=on,
        status=status,
        percent_complete=percent,
        budget_realised=budget,
        delay_reason=reason,
        **extra,
    )


def _page(client, world, user="viewer.pemalang"):
    client.force_login(world[user])
    return client.get(reverse("monitoring:programmes", args=[world["pemalang"].pk]))


def _row(response, programme):
    rows = response.context["quick_wins"] + [r for _d, rows in response.context["dimensions"] for r in rows]
    return next(r for r in rows if r.programme == programme)


# --- the rules -------------------------------------------------------------------------------------------


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert [
        progress.add_months(D(2019, 1, 1), 12),
        progress.add_months(D(2019, 8, 31), 6),
        progress.add_months(D(2019, 11, 15), 4),
    ] == [D(2020, 1, 1), D(2020, 2, 29), D(2020, 3, 15)]


def test_quick_win_clock_starts_at_the_later_of_start_year_and_commitment(world):
    kanal = world["kanal"]  # start year 2019, commitment signed 24 October 2018

    from_start_year = progress.quick_win_start(kanal)
    kanal.commitment_signed_on = D(2019, 3, 15)
    from_commitment = progress.quick_win_start(kanal)

    assert (from_start_year, from_commitment) == (D(2019, 1, 1), D(2019, 3, 15))


def test_quick_win_without_promised_months_has_twelve(world):
    kanal = world["kanal"]
    kanal.delivery_months = None

    on_time = progress.quick_win_delivery(kanal, D(2020, 1, 1), as_of=END_2023)
    late = progress.quick_win_delivery(kanal, D(2020, 1, 2), as_of=END_2023)

    assert (on_time.deadline, on_time.state, late.state) == (D(2020, 1, 1), "on_time", "late")


def test_quick_win_not_delivered_is_open_then_overdue(world):
    bank = world["bank"]  # 8 months from 1 January 2019: 1 September 2019

    before = progress.quick_win_delivery(bank, None, as_of=D(2019, 9, 1))
    after = progress.quick_win_delivery(bank, None, as_of=D(2019, 9, 2))

    assert (before.state, after.state) == ("open", "overdue")


def test_first_done_report_delivers_even_if_a_later_one_reopens(world):
    _report(world["kanal"], D(2019, 4, 20), status="done", percent=100)
    _report(world["kanal"], D(2019, 6, 1), status="running", percent=90, note="Perbaikan fitur")

    rows = progress.masterplan_progress(world["masterplan"], as_of=END_2023)

    row = next(r for r in rows if r.programme == world["kanal"])
    assert (row.status, row.delivery.delivered_on, row.delivery.state) == (
        "running",
        D(2019, 4, 20),
        "on_time",
    )


def test_reports_after_the_as_of_day_are_ignored(world):
    _report(world["mal"], D(2020, 6, 30), status="running", percent=20, budget=500)
    _report(world["mal"], D(2021, 6, 30), status="delayed", percent=30, budget=900, reason="Lelang ulang")

    rows = progress.masterplan_progress(world["masterplan"], as_of=D(2020, 12, 31))

    row = next(r for r in rows if r.programme == world["mal"])
    assert (row.status, row.percent, row.budget_realised, row.delay_reason) == (
        "running",
        20,
        Decimal(500),
        "",
    )


def test_programmes_starting_later_are_not_counted_in_the_on_track_share(world):
    _report(world["spbe"], D(2019, 11, 29), status="done", percent=100)

    summary = progress.summarise(progress.masterplan_progress(world["masterplan"], as_of=D(2019, 12, 31)))

    # Started by 2019: SPBE and the four quick wins; only SPBE is running or done.
    assert (summary.due, summary.on_track, summary.on_track_share) == (5, 1, 0.2)


# --- the page ----------------------------------------------------------------------------------------------


def test_programmes_page_latest_report_wins(client, world):
    _report(world["mal"], D(2021, 6, 30), status="delayed", percent=40, reason="Lelang ulang")
    _report(world["mal"], D(2022, 6, 30), status="running", percent=85)
    _report(world["mal"], D(2020, 12, 18), status="running", percent=25)  # entered last, dated earliest

    response = _page(client, world)

    row = _row(response, world["mal"])
    assert (row.status, row.percent, row.delay_reason) == ("running", 85, "")


def test_programmes_page_shows_the_current_delay_reason(client, world):
    _report(world["mal"], D(2021, 6, 30), status="delayed", percent=40, reason="Lelang konstruksi ulang")

    response = _page(client, world)

    assert _row(response, world["mal"]).delay_reason == "Lelang konstruksi ulang"
    assert "Lelang konstruksi ulang" in response.content.decode()


def test_programmes_page_budget_is_the_newest_figure_and_sums(client, world):
    _report(world["mal"], D(2021, 6, 30), percent=40, budget=1_900_000_000)
    _report(world["mal"], D(2022, 6, 30), percent=85, budget=3_900_000_000)
    _report(world["mal"], D(2022, 11, 30), status="done", percent=100)  # no figure: the previous one stands
    _report(world["spbe"], D(2019, 11, 29), status="done", percent=100, budget=338_500_000)

    response = _page(client, world)

    summary = response.context["summary"]
    assert (_row(response, world["mal"]).budget_realised, _row(response, world["mal"]).budget_planned) == (
        Decimal(3_900_000_000),
        Decimal(4_500_000_000),
    )
    assert summary.budget_realised == Decimal(4_238_500_000)
    # The 12 programmes that start by 2023 in the demo masterplan.
    assert summary.budget_planned_due == Decimal(18_750_000_000)


def test_programmes_page_formats_rupiah_in_indonesian(client, world):
    _report(world["spbe"], D(2019, 11, 29), status="done", percent=100, budget=338_500_000)

    response = _page(client, world)  # the site speaks Indonesian unless told otherwise

    content = response.content.decode()
    assert "Rp 338.500.000" in content
    assert '<progress class="progress" max="100" value="100"' in content


def test_programmes_page_quick_wins_within_and_after_their_months(client, world):
    _report(world["kanal"], D(2019, 4, 25), status="done", percent=100)  # due 1 May 2019
    _report(world["bank"], D(2019, 8, 30), status="delayed", percent=55, reason="Data nasabah belum seragam")
    _report(world["bank"], D(2020, 3, 16), status="done", percent=100)  # due 1 September 2019

    response = _page(client, world)

    kanal, bank = _row(response, world["kanal"]), _row(response, world["bank"])
    assert (kanal.delivery.state, kanal.delivery.deadline) == ("on_time", D(2019, 5, 1))
    assert (bank.delivery.state, bank.delivery.delivered_on) == ("late", D(2020, 3, 16))
    summary = response.context["summary"]
    assert (summary.quick_wins, summary.quick_wins_on_time, summary.quick_wins_late) == (4, 1, 1)


def test_programmes_page_on_track_share(client, world):
    _report(world["mal"], D(2022, 11, 30), status="done", percent=100)
    _report(world["spbe"], D(2019, 6, 28), status="running", percent=40)
    _report(world["kanal"], D(2019, 6, 28), status="delayed", percent=60, reason="Integrasi LAPOR mundur")
    _report(world["bank"], D(2020, 1, 10), status="cancelled", percent=10)

    response = _page(client, world)

    summary = response.context["summary"]
    # 12 programmes have started; two are running or done, the other ten delayed, cancelled or unreported.
    assert (summary.due, summary.on_track, summary.on_track_percent) == (12, 2, 17)


def test_programmes_page_lists_next_and_late_milestones(client, world):
    today = timezone.localdate()
    late = MilestoneFactory(programme=world["mal"], due_on=D(2021, 6, 30))
    done_late = MilestoneFactory(programme=world["mal"], due_on=D(2020, 6, 30), done_on=D(2020, 9, 1))
    MilestoneFactory(programme=world["mal"], due_on=D(2020, 3, 1), done_on=D(2020, 2, 1))  # done on time
    ahead = MilestoneFactory(programme=world["mal"], due_on=today + timedelta(days=30))

    response = _page(client, world)

    row = _row(response, world["mal"])
    assert (row.next_milestone, row.late_milestones) == (ahead, [done_late, late])


def test_programmes_page_groups_by_dimension_and_separates_quick_wins(client, world):
    response = _page(client, world)

    codes = [dimension.code for dimension, _rows in response.context["dimensions"]]
    assert codes == ["GOV", "BRA", "ECO", "LIV", "SOC"]  # ENV's only programme left is a quick win
    assert sorted(r.programme.name for r in response.context["quick_wins"]) == [
        "Bank sampah digital",
        "Kanal pengaduan warga terintegrasi",
        "Layanan administrasi kependudukan daring",
        "Pasar daring UMKM Pemalang",
    ]
    assert 'aria-current="page"' in response.content.decode()


def test_programmes_page_without_masterplan_says_so(client, world):
    client.force_login(world["editor.pekalongan"])

    response = client.get(reverse("monitoring:programmes", args=[world["pekalongan"].pk]))

    assert (response.status_code, response.context["masterplan"], response.context["summary"].due) == (
        200,
        None,
        0,
    )


def test_another_regions_editor_gets_404_on_the_programme_pages(client, world):
    _report(world["mal"], D(2021, 6, 30), status="delayed", percent=40, reason="Rahasia Pemalang")
    client.force_login(world["editor.pekalongan"])

    page = client.get(reverse("monitoring:programmes", args=[world["pemalang"].pk]))
    detail = client.get(reverse("monitoring:progress_report", args=[world["pemalang"].pk, world["mal"].pk]))

    assert (page.status_code, detail.status_code) == (404, 404)


def test_programme_of_another_participation_is_404(client, world):
    pekalongan_mp = create_masterplan(world["pekalongan"], by=world["sekretariat"])
    client.force_login(world["editor.pekalongan"])
    url = reverse("monitoring:progress_report", args=[world["pekalongan"].pk, world["mal"].pk])

    get = client.get(url)
    post = client.post(url, {"reported_on": "2021-06-30", "status": "running", "percent_complete": 5})
    add = client.post(
        reverse("monitoring:milestone_add", args=[world["pekalongan"].pk, world["mal"].pk]),
        {"title": "x", "due_on": "2021-01-01"},
    )

    assert pekalongan_mp.participation == world["pekalongan"]
    assert (get.status_code, post.status_code, add.status_code) == (404, 404, 404)
    assert (ProgressReport.objects.count(), Milestone.objects.count()) == (0, 0)


def test_anonymous_is_sent_to_login(client, world):
    urls = [
        reverse("monitoring:programmes", args=[world["pemalang"].pk]),
        reverse("monitoring:progress_report", args=[world["pemalang"].pk, world["mal"].pk]),
    ]

    responses = [client.get(url) for url in urls]

    assert [(r.status_code, r.url.split("?")[0]) for r in responses] == [
        (302, resolve_url(settings.LOGIN_URL))
    ] * 2


def test_programmes_page_queries_do_not_grow_with_programmes(client, world):
    client.force_login(world["sekretariat"])
    url = reverse("monitoring:programmes", args=[world["pemalang"].pk])
    _report(world["mal"], D(2021, 6, 30), status="delayed", percent=40, reason="Lelang", budget=10)
    MilestoneFactory(programme=world["mal"], due_on=D(2021, 6, 30))
    client.get(url)  # warm the caches of the first request
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    strategy = world["mal"].strategy
    for n in range(8):
        programme = MasterplanProgrammeFactory(
            masterplan=world["masterplan"], strategy=strategy, start_year=2020, is_quick_win=n % 2 == 0
        )
        _report(programme, D(2020, 3, 1), percent=30, budget=100)
        _report(programme, D(2020, 9, 1), status="done", percent=100, budget=900)
        MilestoneFactory(programme=programme)

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert response.context["summary"].programmes == 20
    assert len(large) == len(small)


# --- reporting ---------------------------------------------------------------------------------------------


def _progress_url(world, programme="mal"):
    return reverse("monitoring:progress_report", args=[world["pemalang"].pk, world[programme].pk])


def test_report_progress_stores_a_new_row_and_keeps_the_history(client, world):
    older = services.report_progress(
        world["mal"],
        by=world["editor.pemalang"],
        reported_on=D(2021, 6, 30),
        status="running",
        percent_complete=40,
    )
    client.force_login(world["editor.pemalang"])

    response = client.post(
        _progress_url(world),
        {
            "reported_on": "2022-06-30",
            "status": "running",
            "percent_complete": 85,
            "budget_realised": "Rp 3.900.000.000",
            "note": "22 layanan siap",
        },
    )

    assert response.status_code == 302
    newest = ProgressReport.objects.exclude(pk=older.pk).get()
    assert (newest.reported_on, newest.percent_complete, newest.budget_realised, newest.reported_by) == (
        D(2022, 6, 30),
        85,
        Decimal(3_900_000_000),
        world["editor.pemalang"],
    )
    older.refresh_from_db()
    assert (older.reported_on, older.percent_complete) == (D(2021, 6, 30), 40)
    page = client.get(_progress_url(world))
    assert [r.pk for r in page.context["history"]] == [newest.pk, older.pk]


def test_report_progress_writes_an_audit_entry(client, world):
    from kotacerdas.core.models import AuditEntry

    client.force_login(world["approver.pemalang"])

    client.post(
        _progress_url(world), {"reported_on": "2021-06-30", "status": "running", "percent_complete": 40}
    )

    entry = AuditEntry.objects.get(action="monitoring.progress_reported")
    assert (entry.actor, entry.target_id, entry.region_code) == (
        world["approver.pemalang"],
        str(world["mal"].pk),
        "33.27",
    )


def test_report_progress_delayed_without_reason_is_a_field_error(client, world):
    client.force_login(world["editor.pemalang"])

    response = client.post(
        _progress_url(world),
        {"reported_on": "2021-06-30", "status": "delayed", "percent_complete": 40, "delay_reason": " "},
    )

    assert response.status_code == 400
    with translation.override("en"):
        assert response.context["progress_form"].errors == {
            "delay_reason": ["Say why the programme is delayed."]
        }
    assert ProgressReport.objects.count() == 0


def test_report_progress_refuses_future_dates_and_percent_over_100(client, world):
    client.force_login(world["editor.pemalang"])
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        _progress_url(world),
        {"reported_on": tomorrow.isoformat(), "status": "running", "percent_complete": 101},
    )

    with translation.override("en"):
        assert response.context["progress_form"].errors == {
            "reported_on": ["The date cannot be in the future."],
            "percent_complete": ["Give a percentage from 0 to 100."],
        }
    assert ProgressReport.objects.count() == 0


def test_report_progress_errors_speak_the_users_language(client, world):
    client.force_login(world["editor.pemalang"])
    data = {"reported_on": "30/06/2021x", "status": "running", "percent_complete": 5}

    indonesian = client.post(_progress_url(world), data)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(_progress_url(world), data)

    assert "Masukkan tanggal yang valid." in indonesian.content.decode()
    assert "Enter a valid date." in english.content.decode()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("Rp 1.500.000,00", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
    ],
)
def test_budget_is_read_as_people_write_rupiah(typed, amount):
    form = ProgressForm(
        {"reported_on": "2021-06-30", "status": "running", "percent_complete": 5, "budget_realised": typed}
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget_realised"] == amount


def test_budget_with_cents_or_words_is_refused():
    forms = [
        ProgressForm(
            {"reported_on": "2021-06-30", "status": "running", "percent_complete": 5, "budget_realised": v}
        )
        for v in ("1,5", "1.500.000,50", "banyak", "1,500,000")
    ]

    assert [list(f.errors) for f in forms] == [["budget_realised"]] * 4


def test_budget_in_the_english_interface_keeps_english_grouping():
    with translation.override("en"):
        form = ProgressForm(
            {
                "reported_on": "2021-06-30",
                "status": "running",
                "percent_complete": 5,
                "budget_realised": "1,500,000",
            }
        )

        assert form.is_valid(), form.errors

    assert form.cleaned_data["budget_realised"] == 1_500_000


def test_report_form_starts_from_the_newest_report(client, world):
    _report(world["mal"], D(2022, 6, 30), status="running", percent=85, budget=3_900_000_000)
    client.force_login(world["editor.pemalang"])

    response = client.get(_progress_url(world))

    form = response.context["progress_form"]
    assert (form["status"].value(), form["percent_complete"].value(), form["budget_realised"].value()) == (
        "running",
        85,
        "3.900.000.000",
    )


@pytest.mark.parametrize("who", ["editor.pemalang", "approver.pemalang", "sekretariat"])
def test_region_editors_approvers_and_the_secretariat_report(client, world, who):
    client.force_login(world[who])

    response = client.post(
        _progress_url(world), {"reported_on": "2021-06-30", "status": "running", "percent_complete": 40}
    )

    assert (response.status_code, ProgressReport.objects.count()) == (302, 1)


@pytest.mark.parametrize(
    ("who", "status"), [("viewer.pemalang", 403), ("mentor", 403), ("editor.pekalongan", 404)]
)
def test_others_cannot_report(client, world, who, status):
    client.force_login(world[who])

    response = client.post(
        _progress_url(world), {"reported_on": "2021-06-30", "status": "running", "percent_complete": 40}
    )

    assert (response.status_code, ProgressReport.objects.count()) == (status, 0)


def test_viewer_and_mentor_read_the_programme_page_without_forms(client, world):
    responses = []
    for who in ("viewer.pemalang", "mentor"):
        client.force_login(world[who])
        responses.append(client.get(_progress_url(world)))

    assert [(r.status_code, r.context["may_report"]) for r in responses] == [(200, False), (200, False)]
    assert 'id="report"' not in responses[0].content.decode()


# --- milestones --------------------------------------------------------------------------------------------


def test_milestone_add_and_mark_done(client, world):
    client.force_login(world["editor.pemalang"])

    added = client.post(
        reverse("monitoring:milestone_add", args=[world["pemalang"].pk, world["mal"].pk]),
        {"title": "Gedung selesai dibangun", "due_on": "2021-06-30"},
    )
    milestone = Milestone.objects.get()
    done = client.post(
        reverse("monitoring:milestone_done", args=[world["pemalang"].pk, milestone.pk]),
        {"done_on": "2022-05-20"},
    )

    milestone.refresh_from_db()
    assert (added.status_code, done.status_code) == (302, 302)
    assert (milestone.programme, milestone.title, milestone.due_on, milestone.done_on) == (
        world["mal"],
        "Gedung selesai dibangun",
        D(2021, 6, 30),
        D(2022, 5, 20),
    )
    assert milestone.is_late is True


def test_milestone_add_without_title_is_a_field_error(client, world):
    client.force_login(world["editor.pemalang"])

    response = client.post(
        reverse("monitoring:milestone_add", args=[world["pemalang"].pk, world["mal"].pk]),
        {"title": "", "due_on": "2021-06-30"},
    )

    assert (response.status_code, list(response.context["milestone_form"].errors)) == (400, ["title"])


def test_milestone_done_in_the_future_is_refused(client, world):
    milestone = MilestoneFactory(programme=world["mal"])
    client.force_login(world["editor.pemalang"])

    client.post(
        reverse("monitoring:milestone_done", args=[world["pemalang"].pk, milestone.pk]),
        {"done_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
    )

    milestone.refresh_from_db()
    assert milestone.done_on is None


@pytest.mark.parametrize(
    ("who", "status"), [("viewer.pemalang", 403), ("mentor", 403), ("editor.pekalongan", 404)]
)
def test_others_cannot_add_or_close_milestones(client, world, who, status):
    milestone = MilestoneFactory(programme=world["mal"])
    client.force_login(world[who])

    add = client.post(
        reverse("monitoring:milestone_add", args=[world["pemalang"].pk, world["mal"].pk]),
        {"title": "Lain", "due_on": "2021-06-30"},
    )
    done = client.post(
        reverse("monitoring:milestone_done", args=[world["pemalang"].pk, milestone.pk]),
        {"done_on": "2021-06-01"},
    )

    milestone.refresh_from_db()
    assert (add.status_code, done.status_code, Milestone.objects.count(), milestone.done_on) == (
        status,
        status,
        1,
        None,
    )


def test_milestone_of_another_participation_is_404(client, world):
    milestone = MilestoneFactory(programme=world["mal"])
    client.force_login(world["editor.pekalongan"])

    response = client.post(
        reverse("monitoring:milestone_done", args=[world["pekalongan"].pk, milestone.pk]),
        {"done_on": "2021-06-01"},
    )

    assert response.status_code == 404


# --- demo ----------------------------------------------------------------------------------------------------


def test_demo_progress_is_idempotent_and_tells_the_planned_story(regions_loaded, framework):
    load_demo()
    masterplan = load_demo_masterplan()

    first = load_demo_progress()
    counts = (ProgressReport.objects.count(), Milestone.objects.count())
    second = load_demo_progress()

    assert (first, second) == (12, 12)
    assert (ProgressReport.objects.count(), Milestone.objects.count()) == counts
    assert not ProgressReport.objects.filter(is_demo=False).exists()
    rows = progress.masterplan_progress(masterplan, as_of=END_2023)
    summary = progress.summarise(rows)
    assert (summary.quick_wins, summary.quick_wins_on_time, summary.quick_wins_late) == (4, 3, 1)
    assert (summary.due, summary.on_track) == (12, 10)
    delayed = [r for r in rows if r.status == "delayed"]
    assert len(delayed) == 2 and all(r.delay_reason for r in delayed)
    assert any(r.late_milestones for r in rows)
    late_quick_win = next(r for r in rows if r.delivery and r.delivery.state == "late")
    assert (late_quick_win.programme.name, late_quick_win.delivery.delivered_on) == (
        "Bank sampah digital",
        D(2020, 3, 16),
    )
