"""Regions in WITA and WIT see their session in their own time beside the event's ("10.00 WIB (11.00 WITA)"),
on the region's agenda page and in its calendar feed; a region in the event's zone sees the event's time alone.
One helper formats it: core.numbers_format.format_clock_with_local."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from kotacerdas.core.numbers_format import format_clock_with_local
from kotacerdas.evaluations import services
from kotacerdas.evaluations.models import AgendaRelease
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import TimeZone
from tests.factories import (
    EvaluationEventFactory,
    EventDayFactory,
    ParticipationFactory,
    ProvinceFactory,
    RegionFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

TEN, TEN_45 = datetime.time(10), datetime.time(10, 45)
DAY = datetime.date(2031, 11, 13)
JAKARTA, MAKASSAR, JAYAPURA = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"


# --- The helper ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (MAKASSAR, "10.00–10.45 WIB (11.00–11.45 WITA)"),
        (JAYAPURA, "10.00–10.45 WIB (12.00–12.45 WIT)"),
        (JAKARTA, "10.00–10.45 WIB"),
        (None, "10.00–10.45 WIB"),
    ],
)
def test_the_event_time_with_the_regions_own_beside_it(local, expected):
    with translation.override("id"):
        assert format_clock_with_local(TEN, TEN_45, JAKARTA, local, DAY) == expected


def test_one_time_without_an_end():
    with translation.override("id"):
        assert format_clock_with_local(TEN, None, JAKARTA, MAKASSAR, DAY) == "10.00 WIB (11.00 WITA)"
        assert format_clock_with_local(TEN, None, JAKARTA, JAKARTA, DAY) == "10.00 WIB"


def test_english_writes_the_clock_with_a_colon():
    with translation.override("en"):
        assert (
            format_clock_with_local(TEN, TEN_45, JAKARTA, MAKASSAR, DAY)
            == "10:00–10:45 WIB (11:00–11:45 WITA)"
        )
        assert format_clock_with_local(TEN, None, JAKARTA, JAYAPURA, DAY) == "10:00 WIB (12:00 WIT)"


def test_an_event_in_wita_shows_a_wib_region_an_hour_earlier_and_zoneinfo_objects_are_taken():
    with translation.override("id"):
        assert format_clock_with_local(TEN, TEN_45, ZoneInfo(MAKASSAR), ZoneInfo(JAKARTA), DAY) == (
            "10.00–10.45 WITA (09.00–09.45 WIB)"
        )


def test_a_session_late_in_the_evening_wraps_past_midnight_in_the_east():
    with translation.override("id"):
        assert (
            format_clock_with_local(datetime.time(22, 30), datetime.time(23, 15), JAKARTA, JAYAPURA, DAY)
            == "22.30–23.15 WIB (00.30–01.15 WIT, Jum 14 Nov)"
        )  # the region's own date: the next day


# --- The region's agenda page and calendar feed --------------------------------------------------------------


@pytest.fixture
def world(db):
    """A published event in WIB with three sessions at 10.00–10.45: a region in WIB, one in WITA, one in WIT."""
    event = EvaluationEventFactory(name="Evaluasi Uji Zona", timezone=TimeZone.WIB)
    day = EventDayFactory(event=event)
    regions = {}
    for zone, name in (
        (TimeZone.WIB, "Kabupaten Barat"),
        (TimeZone.WITA, "Kota Tengah"),
        (TimeZone.WIT, "Kabupaten Timur"),
    ):
        region = RegionFactory(name=name, province=ProvinceFactory(timezone=zone))
        participation = ParticipationFactory(
            cohort=event.cohort, region=region, status=ParticipationStatus.SELECTED
        )
        SessionFactory(
            event=event,
            participation=participation,
            day=day,
            room=RoomFactory(event=event, name=f"Ruang {name}"),
            starts=TEN,
            ends=TEN_45,
        )
        regions[zone.name] = region
    event.agenda_release = 1
    event.save(update_fields=["agenda_release"])
    AgendaRelease.objects.create(
        event=event,
        number=1,
        published_by=UserFactory(is_secretariat=True),
        snapshot=services.agenda_snapshot(event),
    )
    return {"event": event, "day": day, **regions}


def page(client, world, zone):
    return client.get(reverse("evaluations:agenda_region", args=[world["event"].pk, world[zone].code]))


def feed_event(client, world, zone):
    response = client.get(
        reverse("evaluations:agenda_region_ics", args=[world["event"].pk, world[zone].code])
    )
    assert response.status_code == 200
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return vevent


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("WITA", "10.00–10.45 WIB (11.00–11.45 WITA)"), ("WIT", "10.00–10.45 WIB (12.00–12.45 WIT)")],
)
def test_a_region_in_the_east_sees_its_own_time_on_its_page(client, world, zone, expected):
    response = page(client, world, zone)

    assert [label for _entry, label in response.context["timed_entries"]] == [expected]
    assert f"<dd>{expected}</dd>" in response.content.decode()


def test_a_region_in_the_events_zone_sees_the_event_time_alone(client, world):
    response = page(client, world, "WIB")

    assert [label for _entry, label in response.context["timed_entries"]] == ["10.00–10.45 WIB"]
    html = response.content.decode()
    assert "<dd>10.00–10.45 WIB</dd>" in html
    assert "WITA" not in html and "(11.00" not in html


def test_the_page_in_english_shows_10_00(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = page(client, world, "WITA").content.decode()

    assert "<dd>10:00–10:45 WIB (11:00–11:45 WITA)</dd>" in html
    assert "10.00" not in html


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("WITA", "Waktu: 10.00–10.45 WIB (11.00–11.45 WITA)"),
        ("WIT", "Waktu: 10.00–10.45 WIB (12.00–12.45 WIT)"),
    ],
)
def test_the_regions_feed_says_its_own_time_and_keeps_utc(client, world, zone, expected):
    vevent = feed_event(client, world, zone)

    assert expected in str(vevent["DESCRIPTION"]).splitlines()
    # 10.00 WIB is 03.00 UTC, whatever zone the description adds.
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(
        world["day"].date, datetime.time(3), datetime.UTC
    )
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(0)


def test_the_feed_of_a_wib_region_adds_no_local_time(client, world):
    vevent = feed_event(client, world, "WIB")

    assert "Waktu:" not in str(vevent.get("DESCRIPTION", ""))
    assert "WITA" not in str(vevent.get("DESCRIPTION", ""))
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(
        world["day"].date, datetime.time(3), datetime.UTC
    )
