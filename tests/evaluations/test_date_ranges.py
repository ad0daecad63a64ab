"""Dates and times of an evaluation event lie inside it: its days in the cohort's year (or the next) and within
14 days of each other, breaks and availability windows inside its hours and after their start, sessions on its
days and inside its hours."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.evaluations import services
from kotacerdas.evaluations.forms import AvailabilityForm, BreakForm, DayForm, EventForm, SessionForm
from kotacerdas.evaluations.models import AvailabilityWindow, Break, EvaluationEvent, EventDay, Session
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    CohortFactory,
    EvaluationEventFactory,
    EventDayFactory,
    ParticipationFactory,
    RoomFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOURS = "Waktu harus antara 08.00 dan 17.00 (jam acara)."


@pytest.fixture
def event(framework):
    """The 2018 cohort's event on 12–13 December 2018, 08.00–17.00, one room, one selected region; and a
    second event of the same cohort on 20 December."""
    cohort = CohortFactory(year=2018, framework_version=framework)
    event = EvaluationEventFactory(cohort=cohort)
    for day in (12, 13):
        EventDayFactory(event=event, date=datetime.date(2018, 12, day))
    RoomFactory(event=event)
    ParticipationFactory(cohort=cohort, status=ParticipationStatus.SELECTED)
    EventDayFactory(event=EvaluationEventFactory(cohort=cohort), date=datetime.date(2018, 12, 20))
    return event


def _day_form(event, date):
    return DayForm({"date": date}, instance=EventDay(event=event))


def test_day_in_another_year_is_refused_and_not_stored(event):
    form = _day_form(event, "2020-01-05")

    assert form.errors == {
        "date": [
            "Tanggal harus antara 1 Januari 2018 dan 31 Desember 2019 (tahun angkatan atau tahun berikutnya)."
        ]
    }
    assert list(event.days.values_list("date", flat=True)) == [
        datetime.date(2018, 12, 12),
        datetime.date(2018, 12, 13),
    ]


def test_day_more_than_two_weeks_from_the_other_days_is_refused(event):
    form = _day_form(event, "2018-12-30")

    assert form.errors == {
        "date": [
            "Tanggal harus antara 30 November 2018 dan 25 Desember 2018 (satu acara berlangsung paling lama 14 hari)."
        ]
    }


def test_day_next_to_the_other_days_is_added(event):
    form = _day_form(event, "2018-12-14")

    assert form.errors == {}
    assert form.save().date == datetime.date(2018, 12, 14)


def test_new_event_starting_outside_the_cohort_years_is_refused(event):
    data = {
        "cohort": event.cohort.pk,
        "name": "Evaluasi salah ketik",
        "venue": "ICE BSD",
        "timezone": "Asia/Jakarta",
        "day_starts": "08:00",
        "day_ends": "17:00",
        "slot_minutes": "45",
        "min_panel_size": "3",
        "first_day": "2081-12-12",
        "number_of_days": "2",
        "conflict_same_province": "on",
    }

    form = EventForm(data)

    assert form.errors == {
        "first_day": [
            "Tanggal harus antara 1 Januari 2018 dan 31 Desember 2019 (tahun angkatan atau tahun berikutnya)."
        ]
    }
    assert EvaluationEvent.objects.count() == 2


@pytest.mark.parametrize(("starts", "ends", "errors"), [
    ("13:00", "12:00", {"ends": ["Waktu selesai jeda harus setelah waktu mulai."]}),
    ("17:30", "18:00", {"ends": [HOURS]}),
    ("12:00", "13:00", {}),
])  # fmt: skip
def test_break_ends_after_it_starts_inside_the_event_hours(event, starts, ends, errors):
    form = BreakForm({"label": "Istirahat", "starts": starts, "ends": ends}, instance=Break(event=event))

    assert form.errors == errors


def _window_form(event, **changes):
    data = {
        "availability-participation": event.cohort.participations.get().pk,
        "availability-day": event.days.first().pk,
        "availability-starts": "08:00",
        "availability-ends": "12:00",
    }
    data |= {f"availability-{k}": v for k, v in changes.items()}
    return AvailabilityForm(data, instance=AvailabilityWindow(event=event), prefix="availability")


@pytest.mark.parametrize(("starts", "ends", "errors"), [
    ("12:00", "08:00", {"ends": ["Rentang waktu harus berakhir setelah dimulai."]}),
    ("06:00", "12:00", {"ends": [HOURS]}),
    ("13:00", "17:00", {}),
])  # fmt: skip
def test_availability_window_ends_after_it_starts_inside_the_event_hours(event, starts, ends, errors):
    form = _window_form(event, starts=starts, ends=ends)

    assert form.errors == errors


def test_availability_window_on_another_events_day_is_refused(event):
    other_day = EventDay.objects.get(date=datetime.date(2018, 12, 20))
    window = AvailabilityWindow(
        event=event,
        participation=event.cohort.participations.get(),
        day=other_day,
        starts=datetime.time(8),
        ends=datetime.time(12),
    )

    with pytest.raises(ValidationError) as refused:
        window.full_clean()

    assert refused.value.message_dict == {"day": ["Pilih hari dari acara ini."]}
    assert _window_form(event, day=other_day.pk).errors == {
        "day": ["Masukkan pilihan yang valid. Pilihan tersebut bukan salah satu dari pilihan yang tersedia."]
    }


def test_session_ending_before_it_starts_is_refused(event):
    data = {
        "participation": event.cohort.participations.get().pk,
        "day": event.days.first().pk,
        "room": event.rooms.get().pk,
        "starts": "10:00",
        "ends": "09:15",
        "presents": "both",
    }

    form = SessionForm(data, instance=Session(event=event))

    assert form.errors == {"ends": ["Waktu selesai sesi harus setelah waktu mulai."]}


def test_session_on_a_day_outside_its_event_is_refused_by_the_one_validator(event):
    participation = event.cohort.participations.get()
    session = Session(
        event=event,
        participation=participation,
        day=EventDay.objects.get(date=datetime.date(2018, 12, 20)),
        room=event.rooms.get(),
        starts=datetime.time(9),
        ends=datetime.time(9, 45),
    )

    with pytest.raises(ValidationError) as refused:
        services.save_session(session, by=UserFactory(is_secretariat=True))

    assert refused.value.messages == [f"{participation.region.name} dijadwalkan pada hari di luar acara."]
    assert not Session.objects.exists()
