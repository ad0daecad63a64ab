"""Availability windows on the event page, and the panel and availability rules in manual scheduling."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kotacerdas.evaluations import services
from kotacerdas.evaluations.models import (
    AgendaRelease,
    AvailabilityWindow,
    PanelMember,
    Session,
)
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    AvailabilityWindowFactory,
    CohortFactory,
    PanelFactory,
    PanelMemberFactory,
    ParticipationFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
T = datetime.time
DAY1, DAY2 = datetime.date(2018, 12, 12), datetime.date(2018, 12, 13)


def _window_data(event, *, participation=None, evaluator=None, date=DAY1, starts="08:00", ends="12:00",
                 preference=False):  # fmt: skip
    data = {
        "availability-participation": participation.pk if participation else "",
        "availability-evaluator": evaluator.pk if evaluator else "",
        "availability-day": event.days.get(date=date).pk,
        "availability-starts": starts,
        "availability-ends": ends,
    }
    if preference:
        data["availability-is_preference"] = "on"
    return data


def _add(client, event, data, **kwargs):
    return client.post(reverse("evaluations:availability_add", args=[event.pk]), data, **kwargs)


def _warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def _window(event, **fields):
    """A window on the first day (08.00–12.00 unless told): an evaluator's, or a region's with participation=…."""
    if "day" not in fields:
        fields["day"] = event.days.get(date=DAY1)
    if "participation" in fields:
        fields["evaluator"] = None
    return AvailabilityWindowFactory(event=event, **fields)


def _newcomer(event):
    return ParticipationFactory(cohort=event.cohort, status=ParticipationStatus.SELECTED)


# --- Adding and deleting windows ------------------------------------------------------------------------------


def test_availability_add_region_window_saved_and_listed(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"].participation

    response = _add(
        secretariat_client, event, _window_data(event, participation=pemalang, date=DAY2, starts="13:00",
                                                ends="17:00", preference=True),
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"].endswith("#availability")
    assert list(
        event.availability.values_list("participation", "evaluator", "day__date", "starts", "ends", "is_preference")
    ) == [(pemalang.pk, None, DAY2, T(13, 0), T(17, 0), True)]  # fmt: skip
    page = secretariat_client.get(reverse("evaluations:event_detail", args=[event.pk]))
    assert [str(w) for w in page.context["availability"]] == ["Kabupaten Pemalang · 2018-12-13 13:00–17:00"]
    assert "Kabupaten Pemalang" in page.content.decode()


def test_availability_add_region_window_warns_about_a_session_outside_it(demo_event, secretariat_client):
    event = demo_event["event"]
    secretariat_client.cookies["django_language"] = "en"

    response = _add(
        secretariat_client, event, _window_data(event, participation=demo_event["pemalang"].participation),
        follow=True,
    )  # fmt: skip

    assert _warnings(response) == [
        "Already scheduled: Kabupaten Pemalang (13-12-2018 14:45–15:30) is outside its availability windows."
    ]


def test_availability_add_preference_window_is_no_rule(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"].participation

    response = _add(
        secretariat_client, event, _window_data(event, participation=pemalang, preference=True), follow=True
    )

    assert _warnings(response) == []
    assert services.schedule_violations(event) == []


def test_availability_add_evaluator_window_warns_for_each_session_outside_it(demo_event, secretariat_client):
    event = demo_event["event"]
    ratna = demo_event["evaluator"]  # chair of Panel 1
    secretariat_client.cookies["django_language"] = "en"

    response = _add(
        secretariat_client, event, _window_data(event, evaluator=ratna, date=DAY2, starts="13:00", ends="17:00"),
        follow=True,
    )  # fmt: skip

    day1 = event.sessions.filter(panel__name="Panel 1", day__date=DAY1).select_related(
        "participation__region"
    )
    assert _warnings(response) == [
        f"Already scheduled: Ratna Kusumawati is not available at 12-12-2018 {s.starts:%H:%M}–{s.ends:%H:%M} "
        f"({s.participation.region.name})."
        for s in day1.order_by("starts")
    ]
    assert len(_warnings(response)) == 3


@pytest.mark.parametrize(
    ("who", "preference", "starts", "ends", "errors"),
    [
        ("", False, "08:00", "12:00", {
            "participation": ["Choose a region or an evaluator."],
            "evaluator": ["Choose a region or an evaluator."],
        }),
        ("both", False, "08:00", "12:00", {
            "participation": ["Choose either a region or an evaluator, not both."],
            "evaluator": ["Choose either a region or an evaluator, not both."],
        }),
        ("evaluator", True, "08:00", "12:00", {
            "is_preference": ["Only a region's window can be a preference; an evaluator's window is always a rule."],
        }),
        ("region", False, "12:00", "08:00", {"ends": ["The window must end after it starts."]}),
        ("region", False, "12:00", "12:00", {"ends": ["The window must end after it starts."]}),
    ],
)  # fmt: skip
def test_availability_add_invalid_refused_with_field_errors_in_indonesian(
    demo_event, secretariat_client, who, preference, starts, ends, errors
):
    event = demo_event["event"]
    participation = demo_event["pemalang"].participation if who in ("region", "both") else None
    evaluator = demo_event["evaluator"] if who in ("evaluator", "both") else None
    data = _window_data(
        event,
        participation=participation,
        evaluator=evaluator,
        starts=starts,
        ends=ends,
        preference=preference,
    )

    response = _add(secretariat_client, event, data)

    form = response.context["availability_form"]
    with translation.override("id"):
        expected = {field: [gettext(m) for m in messages] for field, messages in errors.items()}
        shown = {field: list(messages) for field, messages in form.errors.items()}
    assert response.status_code == 200
    assert shown == expected
    assert AvailabilityWindow.objects.count() == 0


def test_availability_add_region_of_another_cohort_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    foreign = ParticipationFactory(cohort=CohortFactory(), status=ParticipationStatus.SELECTED)

    response = _add(secretariat_client, event, _window_data(event, participation=foreign))

    assert list(response.context["availability_form"].errors) == ["participation"]
    assert AvailabilityWindow.objects.count() == 0


def test_availability_delete(demo_event, secretariat_client):
    event = demo_event["event"]
    window = _window(event)

    response = secretariat_client.post(
        reverse("evaluations:availability_delete", args=[event.pk, window.pk]), {"confirm": "yes"}
    )

    assert response.status_code == 302
    assert AvailabilityWindow.objects.count() == 0


def test_availability_delete_of_another_events_window_is_404(demo_event, secretariat_client):
    event = demo_event["event"]
    window = AvailabilityWindowFactory()  # of another event

    response = secretariat_client.post(reverse("evaluations:availability_delete", args=[event.pk, window.pk]))

    assert response.status_code == 404
    assert AvailabilityWindow.objects.filter(pk=window.pk).exists()


@pytest.mark.parametrize("who", ["evaluator", "editor.pemalang", "mentor"])
def test_availability_urls_forbidden_to_non_secretariat(demo_event, client, who):
    event = demo_event["event"]
    window = _window(event)
    client.force_login(demo_event[who])

    added = _add(client, event, _window_data(event, evaluator=demo_event["evaluator4"]))
    deleted = client.post(reverse("evaluations:availability_delete", args=[event.pk, window.pk]))

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert list(AvailabilityWindow.objects.values_list("pk", flat=True)) == [window.pk]


# --- The rules in manual scheduling ---------------------------------------------------------------------------


def _session_data(participation, day, room, starts, *, panel=None):
    return {
        "participation": participation.pk,
        "day": day.pk,
        "room": room.pk,
        "starts": starts,
        "ends": "",
        "panel": panel.pk if panel else "",
        "presents": "both",
    }


def test_session_outside_the_regions_window_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    _window(event, participation=newcomer, starts=T(8, 0), ends=T(12, 0))
    secretariat_client.cookies["django_language"] = "en"
    data = _session_data(newcomer, event.days.get(date=DAY1), event.rooms.get(name="Nusantara A"), "13:15")

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.context["session_form"].non_field_errors() == [
        f"{newcomer.region.name} (12-12-2018 13:15–14:00) is outside its availability windows."
    ]
    assert not Session.objects.filter(participation=newcomer).exists()


def test_session_outside_a_preference_window_saved(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    _window(event, participation=newcomer, starts=T(8, 0), ends=T(12, 0), is_preference=True)
    data = _session_data(newcomer, event.days.get(date=DAY1), event.rooms.get(name="Nusantara A"), "13:15")

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.status_code == 302
    assert Session.objects.filter(participation=newcomer).count() == 1


def test_session_with_an_unavailable_evaluator_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    _window(event, evaluator=demo_event["evaluator2"], day=event.days.get(date=DAY2), ends=T(17, 0))
    secretariat_client.cookies["django_language"] = "en"
    data = _session_data(
        newcomer, event.days.get(date=DAY1), event.rooms.get(name="Nusantara A"), "13:15",
        panel=event.panels.get(name="Panel 1"),
    )  # fmt: skip

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.context["session_form"].non_field_errors() == [
        f"Hendra Gunawan is not available at 12-12-2018 13:15–14:00 ({newcomer.region.name})."
    ]


def test_session_with_a_small_panel_without_chair_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    panel = PanelFactory(event=event, name="Panel 3")
    PanelMemberFactory(panel=panel)
    secretariat_client.cookies["django_language"] = "en"
    data = _session_data(
        newcomer, event.days.get(date=DAY1), event.rooms.get(name="Nusantara A"), "13:15", panel=panel
    )

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.context["session_form"].non_field_errors() == [
        f"Panel 3 of {newcomer.region.name} has 1 evaluator; the event asks for at least 3.",
        f"Panel 3 of {newcomer.region.name} has no chair.",
    ]
    assert not Session.objects.filter(participation=newcomer).exists()


def test_session_without_a_panel_yet_saved(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    data = _session_data(newcomer, event.days.get(date=DAY1), event.rooms.get(name="Nusantara A"), "13:15")

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.status_code == 302
    assert Session.objects.filter(participation=newcomer, panel=None).count() == 1


def test_publish_agenda_refused_for_a_panel_without_chair(demo_event, secretariat_client):
    event = demo_event["event"]
    PanelMember.objects.filter(panel__name="Panel 2").update(is_chair=False)
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(reverse("evaluations:agenda_publish", args=[event.pk]), {"note": ""})

    names = event.sessions.filter(panel__name="Panel 2").values_list("participation__region__name", flat=True)
    assert response.context["release_form"].non_field_errors() == [
        f"Panel 2 of {name} has no chair." for name in names.order_by("day__date", "starts")
    ]
    assert AgendaRelease.objects.count() == 0


def test_panel_edit_saved_with_warnings_when_too_small(demo_event, secretariat_client):
    event = demo_event["event"]
    panel_1 = event.panels.get(name="Panel 1")
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(
        reverse("evaluations:panel_edit", args=[event.pk, panel_1.pk]),
        {
            "name": "Panel 1",
            "room": panel_1.room_id,
            "members": [demo_event["evaluator"].pk, demo_event["evaluator2"].pk],
            "chair": demo_event["evaluator"].pk,
        },
        follow=True,
    )

    names = event.sessions.filter(panel=panel_1).values_list("participation__region__name", flat=True)
    assert panel_1.memberships.count() == 2
    assert _warnings(response) == [
        f"Already scheduled: Panel 1 of {name} has 2 evaluators; the event asks for at least 3."
        for name in names.order_by("day__date", "starts")
    ]


def test_panel_edit_without_chair_warns(demo_event, secretariat_client):
    event = demo_event["event"]
    panel_2 = event.panels.get(name="Panel 2")
    members = list(panel_2.memberships.values_list("evaluator", flat=True))
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(
        reverse("evaluations:panel_edit", args=[event.pk, panel_2.pk]),
        {"name": "Panel 2", "room": panel_2.room_id, "members": members, "chair": ""},
        follow=True,
    )

    names = event.sessions.filter(panel=panel_2).values_list("participation__region__name", flat=True)
    assert _warnings(response) == [
        f"Already scheduled: Panel 2 of {name} has no chair."
        for name in names.order_by("day__date", "starts")
    ]
    assert len(names) == 6


# --- Query counts ---------------------------------------------------------------------------------------------


def test_schedule_violations_query_count_constant_when_sessions_and_windows_grow(demo_event):
    event = demo_event["event"]
    day1 = event.days.get(date=DAY1)
    panel_2 = event.panels.get(name="Panel 2")
    starts = iter([T(13, 0), T(13, 45), T(14, 30), T(15, 15), T(16, 0)])

    def grow(n):
        for _ in range(n):
            newcomer = _newcomer(event)
            start = next(starts)
            SessionFactory(
                event=event, participation=newcomer, day=day1, room=RoomFactory(event=event), panel=panel_2,
                starts=start, ends=T(16, 45),
            )  # fmt: skip
            _window(event, participation=newcomer, starts=start, ends=T(17, 0))
            _window(event)  # an evaluator's

    def count():
        with CaptureQueriesContext(connection) as ctx:
            services.schedule_violations(event)
        return len(ctx.captured_queries)

    grow(1)
    small = count()
    grow(4)
    large = count()

    assert large == small
