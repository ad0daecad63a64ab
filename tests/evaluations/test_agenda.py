"""The public agenda: pages, iCalendar feeds and the printed agenda, all from the latest published release."""

import datetime
import subprocess

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.evaluations import agenda as agendas
from kotacerdas.evaluations import services
from kotacerdas.evaluations.models import EvaluationEvent, Room, Session
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import Region
from tests.factories import ParticipationFactory, RoomFactory, SessionFactory
from tests.utils import pdf_text

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PEMALANG = "33.27"
AGENDA_URLS = [
    ("evaluations:agenda", lambda d: []),
    ("evaluations:agenda_region", lambda d: [PEMALANG]),
    ("evaluations:agenda_changes", lambda d: []),
    ("evaluations:agenda_ics", lambda d: []),
    ("evaluations:agenda_room_ics", lambda d: [d["pemalang"].room_id]),
    ("evaluations:agenda_region_ics", lambda d: [PEMALANG]),
    ("evaluations:agenda_pdf", lambda d: []),
]


@pytest.fixture
def published(demo_event):
    services.publish_agenda(demo_event["event"], by=demo_event["sekretariat"], note="Agenda pertama.")
    return demo_event


def url(name, data, *args):
    return reverse(name, args=[data["event"].pk, *args])


def move_pemalang(data, starts=datetime.time(15, 30), ends=datetime.time(16, 15)):
    session = Session.objects.get(pk=data["pemalang"].pk)
    session.starts, session.ends = starts, ends
    services.save_session(session, by=data["sekretariat"])
    return session


def calendar_of(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> dict:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def pemalang_uid(data) -> str:
    return f"agenda-{data['event'].pk}-{PEMALANG}@kotacerdas"


def grid_entry(response, date, room, code):
    """The entry of one region in the day grid of a date, found in the column of a room."""
    for day in response.context["days"]:
        if day.date != date:
            continue
        column = day.rooms.index(room)
        for row in day.rows:
            cell = row.cells[column]
            for entry in cell.entries if cell else []:
                if entry.region_code == code:
                    return row, entry
    return None


# --- Nothing before publication ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,args", AGENDA_URLS, ids=[n for n, _a in AGENDA_URLS])
def test_agenda_urls_unpublished_event_answer_404(client, demo_event, name, args):
    response = client.get(url(name, demo_event, *args(demo_event)))

    assert response.status_code == 404


@pytest.mark.parametrize("name,args", AGENDA_URLS, ids=[n for n, _a in AGENDA_URLS])
def test_agenda_urls_unpublished_event_answer_404_to_secretariat(client, demo_event, name, args):
    client.force_login(demo_event["sekretariat"])

    response = client.get(url(name, demo_event, *args(demo_event)))

    assert response.status_code == 404


@pytest.mark.parametrize("name,args", AGENDA_URLS, ids=[n for n, _a in AGENDA_URLS])
def test_agenda_urls_published_event_open_to_anonymous(client, published, name, args):
    response = client.get(url(name, published, *args(published)))

    assert response.status_code == 200


# --- The agenda page --------------------------------------------------------------------------------------


def test_agenda_page_published_lists_pemalang_on_day_2_in_nusantara_a(client, published):
    response = client.get(url("evaluations:agenda", published))

    row, entry = grid_entry(response, datetime.date(2018, 12, 13), "Nusantara A", PEMALANG)
    assert (row.starts, row.ends) == (datetime.time(14, 45), datetime.time(15, 30))
    assert (entry.region, entry.time_label, entry.presenter) == (
        "Kabupaten Pemalang",
        "14.45–15.30",
        "Kepala Dinas Komunikasi dan Informatika",
    )
    html = response.content.decode()
    assert "Kamis, 13 Desember 2018" in html
    assert "Rabu, 12 Desember 2018" in html
    assert "14.45–15.30 WIB" in html
    assert "Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang" in html


def test_agenda_page_published_grid_has_rooms_across_and_both_days(client, published):
    response = client.get(url("evaluations:agenda", published))

    days = response.context["days"]
    assert [(d.number, d.date) for d in days] == [
        (1, datetime.date(2018, 12, 12)),
        (2, datetime.date(2018, 12, 13)),
    ]
    assert [d.rooms for d in days] == [["Nusantara A", "Nusantara B"]] * 2
    assert [r.time_label for r in days[1].rows] == ["13.15–14.00", "14.00–14.45", "14.45–15.30"]
    assert sum(len(c.entries) for d in days for r in d.rows for c in r.cells if c) == 12


def test_agenda_page_room_filter_shows_one_room(client, published):
    response = client.get(url("evaluations:agenda", published), {"room": "Nusantara B"})

    assert {tuple(d.rooms) for d in response.context["days"]} == {("Nusantara B",)}
    regions = {e.room for d in response.context["days"] for e in d.entries}
    assert regions == {"Nusantara B"}


def test_agenda_page_room_filter_htmx_returns_days_fragment(client, published):
    response = client.get(
        url("evaluations:agenda", published), {"room": "Nusantara A"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="agenda-days"')
    assert "Kabupaten Pemalang" in html
    assert "Nusantara B" not in html


def test_agenda_page_region_choice_redirects_to_region_page(client, published):
    response = client.get(url("evaluations:agenda", published), {"region": PEMALANG})

    assert response.status_code == 302
    assert response["Location"] == url("evaluations:agenda_region", published, PEMALANG)


def test_agenda_page_unpublished_edit_not_shown(client, published):
    move_pemalang(published)

    response = client.get(url("evaluations:agenda", published))

    row, entry = grid_entry(response, datetime.date(2018, 12, 13), "Nusantara A", PEMALANG)
    assert entry.time_label == "14.45–15.30"
    assert "15.30–16.15" not in response.content.decode()


def test_agenda_page_new_session_unpublished_not_shown(client, published):
    event = published["event"]
    region = Region.objects.get(code="32.73")  # Kota Bandung: not in the demo cohort
    participation = ParticipationFactory(
        cohort=event.cohort, region=region, status=ParticipationStatus.EVALUATED
    )
    services.save_session(
        Session(
            event=event,
            participation=participation,
            day=event.days.get(date=datetime.date(2018, 12, 13)),
            room=Room.objects.get(event=event, name="Nusantara B"),
            starts=datetime.time(15, 30),
            ends=datetime.time(16, 15),
        ),
        by=published["sekretariat"],
    )

    page = client.get(url("evaluations:agenda", published))
    region_page = client.get(url("evaluations:agenda_region", published, "32.73"))
    feed = client.get(url("evaluations:agenda_region_ics", published, "32.73"))

    assert region.name not in page.content.decode()
    assert (region_page.status_code, feed.status_code) == (404, 404)


def test_agenda_page_release_line_names_number_and_date(client, published):
    response = client.get(url("evaluations:agenda", published))

    agenda = response.context["agenda"]
    assert agenda.release.number == 1
    assert agenda.published_at.tzinfo.key == "Asia/Jakarta"
    assert url("evaluations:agenda_changes", published) in response.content.decode()


def test_agenda_release_time_shown_in_event_time_zone(client, published):
    event = published["event"]
    utc_moment = datetime.datetime(2018, 11, 28, 23, 30, tzinfo=UTC)
    event.releases.update(published_at=utc_moment)
    EvaluationEvent.objects.filter(pk=event.pk).update(timezone="Asia/Makassar")

    page = client.get(url("evaluations:agenda", published))
    changes = client.get(url("evaluations:agenda_changes", published))

    assert page.context["agenda"].published_at.isoformat() == "2018-11-29T07:30:00+08:00"
    assert "Kamis, 29 November 2018" in page.content.decode()
    assert "07.30 WITA" in page.content.decode()
    assert "Kamis, 29 November 2018, 07.30 WITA" in changes.content.decode()


def test_agenda_page_second_release_marks_moved_session(client, published):
    move_pemalang(published)
    services.publish_agenda(published["event"], by=published["sekretariat"], note="Pemalang mundur.")

    response = client.get(url("evaluations:agenda", published))

    assert response.context["agenda"].statuses == {PEMALANG: "moved"}
    row, entry = grid_entry(response, datetime.date(2018, 12, 13), "Nusantara A", PEMALANG)
    assert (row.starts, entry.time_label) == (datetime.time(15, 30), "15.30–16.15")


def test_agenda_page_query_count_independent_of_sessions(client, published):
    event = published["event"]
    with CaptureQueriesContext(connection) as small:
        client.get(url("evaluations:agenda", published))
    room = RoomFactory(event=event)
    day = event.days.get(date=datetime.date(2018, 12, 12))
    for n in range(6):
        starts = datetime.datetime(2018, 12, 12, 13, 0) + datetime.timedelta(minutes=45 * (n % 5))
        SessionFactory(
            event=event,
            participation__status=ParticipationStatus.EVALUATED,
            day=day,
            room=room if n < 5 else Room.objects.get(event=event, name="Nusantara A"),
            starts=starts.time() if n < 5 else datetime.time(13, 15),
            ends=(starts + datetime.timedelta(minutes=45)).time() if n < 5 else datetime.time(14, 0),
        )
    services.publish_agenda(event, by=published["sekretariat"])

    with CaptureQueriesContext(connection) as large:
        response = client.get(url("evaluations:agenda", published))

    assert len(response.context["agenda"].entries) == 18
    assert len(large) == len(small)


# --- Region page and changes ------------------------------------------------------------------------------


def test_agenda_region_page_shows_only_that_region(client, published):
    response = client.get(url("evaluations:agenda_region", published, PEMALANG))

    assert [(e.region, e.date, e.time_label, e.room) for e in response.context["entries"]] == [
        ("Kabupaten Pemalang", datetime.date(2018, 12, 13), "14.45–15.30", "Nusantara A")
    ]
    html = response.content.decode()
    assert "Kamis, 13 Desember 2018" in html
    assert "Kota Pekalongan" not in html


@pytest.mark.parametrize("code", ["99.99", "32.73", "33.27x", "<script>"])
def test_agenda_region_page_unknown_region_answers_404(client, published, code):
    response = client.get(url("evaluations:agenda_region", published, code))

    assert response.status_code == 404


def test_agenda_changes_first_release_has_no_diff(client, published):
    response = client.get(url("evaluations:agenda_changes", published))

    history = response.context["history"]
    assert [(h.release.number, h.release.note, h.diff) for h in history] == [(1, "Agenda pertama.", None)]
    assert "Agenda pertama." in response.content.decode()


def test_agenda_changes_second_release_shows_move(client, published):
    move_pemalang(published)
    services.publish_agenda(published["event"], by=published["sekretariat"], note="Pemalang mundur.")

    response = client.get(url("evaluations:agenda_changes", published))

    history = response.context["history"]
    assert [h.release.number for h in history] == [2, 1]
    diff = history[0].diff
    assert (diff.added, diff.removed, diff.details) == ([], [], [])
    assert [(m.region, m.old.time_label, m.new.time_label, m.new.room) for m in diff.moved] == [
        ("Kabupaten Pemalang", "14.45–15.30", "15.30–16.15", "Nusantara A")
    ]
    html = response.content.decode()
    assert "Pemalang mundur." in html
    assert "Kamis, 13 Desember 2018, 14.45–15.30 · Nusantara A" in html
    assert "Kamis, 13 Desember 2018, 15.30–16.15 · Nusantara A" in html


def test_diff_entries_added_removed_moved_and_details():
    def entry(code, starts="09:00", room="A", presenter=""):
        return agendas.AgendaEntry.from_snapshot(
            {
                "region": f"R {code}",
                "region_code": code,
                "date": "2018-12-12",
                "starts": starts,
                "ends": "09:45" if starts == "09:00" else "10:30",
                "room": room,
                "presenter": presenter,
                "presents": "both",
            }
        )

    old = [entry("1"), entry("2"), entry("3", room="B"), entry("4")]
    new = [entry("1"), entry("3", starts="09:45", room="B"), entry("4", presenter="Bupati"), entry("5")]

    diff = agendas.diff_entries(old, new)

    assert [e.region_code for e in diff.added] == ["5"]
    assert [e.region_code for e in diff.removed] == ["2"]
    assert [(m.old.time_label, m.new.time_label) for m in diff.moved] == [("09.00–09.45", "09.45–10.30")]
    assert [(m.old.presenter, m.new.presenter) for m in diff.details] == [("", "Bupati")]


def test_day_grid_overlapping_sessions_in_one_room_share_a_cell():
    def entry(code, starts, ends):
        return agendas.AgendaEntry.from_snapshot(
            {
                "region": code,
                "region_code": code,
                "date": "2018-12-12",
                "starts": starts,
                "ends": ends,
                "room": "A",
            }
        )

    entries = [entry("1", "09:00", "09:45"), entry("2", "09:30", "10:15"), entry("3", "10:30", "11:15")]

    grid = agendas.day_grid(datetime.date(2018, 12, 12), 1, entries, ["A"])

    shapes = [
        (r.time_label, r.is_gap, [(len(c.entries), c.rowspan) if c else None for c in r.cells])
        for r in grid.rows
    ]
    assert shapes == [
        ("09.00–09.30", False, [(2, 3)]),
        ("09.30–09.45", False, [None]),
        ("09.45–10.15", False, [None]),
        ("10.15–10.30", True, [(0, 1)]),
        ("10.30–11.15", False, [(1, 1)]),
    ]


# --- iCalendar --------------------------------------------------------------------------------------------


def test_agenda_ics_parsed_back_has_every_session_in_utc(client, published):
    response = client.get(url("evaluations:agenda_ics", published))

    calendar = calendar_of(response)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"]), str(calendar["X-WR-CALNAME"])) == (
        "2.0",
        agendas.PRODID,
        "Evaluasi Masterplan Gerakan Menuju 100 Smart City 2018",
    )
    events = vevents(calendar)
    assert len(events) == 12
    pemalang = events[pemalang_uid(published)]
    assert pemalang.decoded("DTSTART") == datetime.datetime(2018, 12, 13, 7, 45, tzinfo=UTC)
    assert pemalang.decoded("DTEND") == datetime.datetime(2018, 12, 13, 8, 30, tzinfo=UTC)
    assert pemalang["DTSTART"].to_ical() == b"20181213T074500Z"
    assert str(pemalang["LOCATION"]) == (
        "Nusantara A, ICE BSD, Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang"
    )
    assert "Kabupaten Pemalang" in str(pemalang["SUMMARY"])
    assert "Kepala Dinas Komunikasi dan Informatika" in str(pemalang["DESCRIPTION"])
    assert pemalang["SEQUENCE"] == 1
    published_at = published["event"].releases.get().published_at
    assert pemalang.decoded("DTSTAMP") == published_at.astimezone(UTC).replace(microsecond=0)
    assert str(pemalang["URL"]).endswith(url("evaluations:agenda_region", published, PEMALANG))


def test_agenda_ics_escapes_commas_and_folds_at_75_octets(client, published):
    session = Session.objects.get(pk=published["pemalang"].pk)
    session.presenter_name = (
        "Kepala Dinas Komunikasi dan Informatika; Bidang E-Government, Persandian – Statistik"
    )
    session.presenter_position = ""  # the line then ends with the name
    services.save_session(session, by=published["sekretariat"])
    services.publish_agenda(published["event"], by=published["sekretariat"])

    response = client.get(url("evaluations:agenda_ics", published))

    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert all(b"\n" not in line for line in lines)
    unfolded = response.content.replace(b"\r\n ", b"")
    assert (
        b"LOCATION:Nusantara A\\, ICE BSD\\, Jl. BSD Grand Boulevard No. 1\\, BSD City\\, Tangerang"
        in unfolded
    )
    assert b"Informatika\\; Bidang E-Government\\, Persandian \xe2\x80\x93 Statistik\\n" in unfolded
    description = str(vevents(calendar_of(response))[pemalang_uid(published)]["DESCRIPTION"])
    assert description.splitlines()[0].endswith(session.presenter_name)


def test_agenda_ics_unpublished_edit_not_in_feed(client, published):
    move_pemalang(published)

    response = client.get(url("evaluations:agenda_ics", published))

    pemalang = vevents(calendar_of(response))[pemalang_uid(published)]
    assert pemalang.decoded("DTSTART") == datetime.datetime(2018, 12, 13, 7, 45, tzinfo=UTC)


def test_agenda_ics_second_release_keeps_uid_and_raises_sequence(client, published):
    first = vevents(calendar_of(client.get(url("evaluations:agenda_ics", published))))
    move_pemalang(published)
    services.publish_agenda(published["event"], by=published["sekretariat"], note="Pemalang mundur.")

    second = vevents(calendar_of(client.get(url("evaluations:agenda_ics", published))))

    assert set(second) == set(first)
    uid = pemalang_uid(published)
    assert (first[uid]["SEQUENCE"], second[uid]["SEQUENCE"]) == (1, 2)
    assert second[uid].decoded("DTSTART") == datetime.datetime(2018, 12, 13, 8, 30, tzinfo=UTC)


def test_agenda_region_ics_has_only_that_region(client, published):
    response = client.get(url("evaluations:agenda_region_ics", published, PEMALANG))

    calendar = calendar_of(response)
    assert list(vevents(calendar)) == [pemalang_uid(published)]
    assert "Kabupaten Pemalang" in str(calendar["X-WR-CALNAME"])


def test_agenda_room_ics_has_only_that_room(client, published):
    room = published["pemalang"].room

    response = client.get(url("evaluations:agenda_room_ics", published, room.pk))

    events = vevents(calendar_of(response)).values()
    assert len(events) == 6
    assert {str(e["LOCATION"]).split(",")[0] for e in events} == {"Nusantara A"}


def test_agenda_room_ics_room_of_another_event_answers_404(client, published):
    other_room = RoomFactory(name="Nusantara A")  # the name of a published room, in another event

    response = client.get(url("evaluations:agenda_room_ics", published, other_room.pk))

    assert response.status_code == 404


def test_agenda_room_ics_room_added_after_release_answers_404(client, published):
    room = RoomFactory(event=published["event"])

    response = client.get(url("evaluations:agenda_room_ics", published, room.pk))

    assert response.status_code == 404


# --- Printed agenda ---------------------------------------------------------------------------------------


def test_agenda_pdf_text_has_pemalang_and_indonesian_dates(client, published, tmp_path):
    response = client.get(url("evaluations:agenda_pdf", published))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Kabupaten Pemalang" in text
    assert "Kamis, 13 Desember 2018" in text
    assert "Rabu, 12 Desember 2018" in text
    assert "14.45–15.30 WIB" in text
    assert "Nusantara A" in text
    assert "Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang" in text


def test_agenda_pdf_is_a4_landscape(client, published, tmp_path):
    response = client.get(url("evaluations:agenda_pdf", published))

    path = tmp_path / "agenda.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert size.split(":")[1].split("pts")[0].split() == ["841.89", "x", "595.276"]


def test_agenda_pdf_unpublished_edit_not_printed(client, published, tmp_path):
    move_pemalang(published)

    response = client.get(url("evaluations:agenda_pdf", published))

    text = pdf_text(response.content, tmp_path)
    assert "14.45–15.30 WIB" in text
    assert "15.30–16.15" not in text


def test_agenda_pdf_refuses_external_resources():
    from kotacerdas.core import pdf

    with pytest.raises(pdf.ExternalResourceRefused):
        pdf.refuse("https://example.org/logo.png")


def _withdraw_pemalang(published):
    """Pemalang's session leaves the schedule (its draft sheets go first: scores protect a session)."""
    session = Session.objects.get(pk=published["pemalang"].pk)
    session.sheets.all().delete()
    session.delete()
    services.publish_agenda(published["event"], by=published["sekretariat"], note="Pemalang mundur.")


def test_agenda_ics_marks_a_withdrawn_session_cancelled_with_the_same_uid(client, published):
    _withdraw_pemalang(published)

    events = vevents(calendar_of(client.get(url("evaluations:agenda_ics", published))))

    pemalang = events[pemalang_uid(published)]
    assert (str(pemalang["STATUS"]), pemalang["SEQUENCE"]) == ("CANCELLED", 2)
    assert "URL" not in pemalang
    assert sum(1 for e in events.values() if str(e["STATUS"]) == "CONFIRMED") == 11


def test_agenda_region_ics_of_a_withdrawn_region_still_answers_with_the_cancellation(client, published):
    _withdraw_pemalang(published)

    response = client.get(url("evaluations:agenda_region_ics", published, PEMALANG))

    assert response.status_code == 200
    events = vevents(calendar_of(response))
    assert [(uid, str(e["STATUS"])) for uid, e in events.items()] == [(pemalang_uid(published), "CANCELLED")]
