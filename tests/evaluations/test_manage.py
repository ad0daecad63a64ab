"""The secretariat's set-up pages: scheduling with validation, agenda releases, rubrics, results, access."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations import urls as evaluation_urls
from kotacerdas.evaluations import views_manage
from kotacerdas.evaluations.models import (
    AgendaRelease,
    DeclaredConflict,
    EvaluationEvent,
    Panel,
    PanelMember,
    Rubric,
    Session,
)
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    CohortFactory,
    DeclaredConflictFactory,
    EvaluationCriterionFactory,
    EvaluationEventFactory,
    ParticipationFactory,
    RoomFactory,
    RubricFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
T = datetime.time


def _day(event, date):
    return event.days.get(date=date)


def _newcomer(event, status=ParticipationStatus.SELECTED):
    """A participation of the event's cohort that has no session yet."""
    return ParticipationFactory(cohort=event.cohort, status=status)


def _session_data(participation, day, room, starts, *, ends="", panel=None, presents="both"):
    return {
        "participation": participation.pk,
        "day": day.pk,
        "room": room.pk,
        "starts": starts,
        "ends": ends,
        "panel": panel.pk if panel else "",
        "presents": presents,
        "presenter_name": "Sekretaris Daerah",
        "presenter_position": "",
    }


# --- Sessions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_session_double_booking_a_room_refused_with_message(demo_event, secretariat_client, language):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    room_a = event.rooms.get(name="Nusantara A")
    secretariat_client.cookies["django_language"] = language
    data = _session_data(newcomer, _day(event, datetime.date(2018, 12, 13)), room_a, "14:45")

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    with translation.override(language):
        expected = gettext("Room %(room)s is double-booked: %(a)s and %(b)s at %(when)s.") % {
            "room": "Nusantara A",
            "a": "Kabupaten Pemalang",
            "b": newcomer.region.name,
            "when": "13-12-2018 14.45–15.30" if language == "id" else "13-12-2018 14:45–15:30",
        }
    form = response.context["session_form"]
    assert response.status_code == 200
    assert form.non_field_errors() == [expected]
    assert escape(expected) in response.content.decode()
    assert 'value="14:45"' in response.content.decode()  # the input is kept
    assert Session.objects.filter(event=event).count() == 12
    assert not Session.objects.filter(participation=newcomer).exists()


def test_session_double_booking_english_message_text(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    secretariat_client.cookies["django_language"] = "en"
    data = _session_data(
        newcomer, _day(event, datetime.date(2018, 12, 13)), event.rooms.get(name="Nusantara A"), "14:45"
    )

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.context["session_form"].non_field_errors() == [
        f"Room Nusantara A is double-booked: Kabupaten Pemalang and {newcomer.region.name} at 13-12-2018 14:45–15:30."
    ]


def test_session_every_violation_shown(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    panel_1 = event.panels.get(name="Panel 1")
    secretariat_client.cookies["django_language"] = "en"
    data = _session_data(
        newcomer, _day(event, datetime.date(2018, 12, 13)), event.rooms.get(name="Nusantara A"), "14:45",
        ends="15:30", panel=panel_1,
    )  # fmt: skip

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert response.context["session_form"].non_field_errors() == [
        f"Room Nusantara A is double-booked: Kabupaten Pemalang and {newcomer.region.name} at 13-12-2018 14:45–15:30.",
        f"Panel Panel 1 is double-booked: Kabupaten Pemalang and {newcomer.region.name}.",
    ]
    assert Session.objects.filter(event=event).count() == 12


def test_session_valid_saved_with_default_end(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    panel_1 = event.panels.get(name="Panel 1")
    data = _session_data(
        newcomer, _day(event, datetime.date(2018, 12, 12)), event.rooms.get(name="Nusantara A"), "13:15",
        panel=panel_1,
    )  # fmt: skip

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    session = Session.objects.get(participation=newcomer)
    assert response.status_code == 302
    assert (session.event, session.day.date, session.room.name, session.starts, session.ends, session.panel) == (
        event, datetime.date(2018, 12, 12), "Nusantara A", T(13, 15), T(14, 0), panel_1,
    )  # fmt: skip
    assert session.presenter_name == "Sekretaris Daerah"


def test_session_end_before_start_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    data = _session_data(
        newcomer, _day(event, datetime.date(2018, 12, 12)), event.rooms.first(), "14:00", ends="13:30"
    )

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert list(response.context["session_form"].errors) == ["ends"]
    assert not Session.objects.filter(participation=newcomer).exists()


def test_session_choices_limited_to_event_cohort_and_statuses(demo_event, secretariat_client):
    event = demo_event["event"]
    applied = _newcomer(event, status=ParticipationStatus.APPLIED)
    mentoring = _newcomer(event, status=ParticipationStatus.MENTORING)
    other_cohort = ParticipationFactory(cohort=CohortFactory(), status=ParticipationStatus.SELECTED)
    RoomFactory()  # of another event

    response = secretariat_client.get(reverse("evaluations:event_detail", args=[event.pk]))

    form = response.context["session_form"]
    participations = set(form.fields["participation"].queryset)
    assert mentoring in participations
    assert applied not in participations
    assert other_cohort not in participations
    assert len(participations) == 46  # the 45 known members of 2018 (cohorts.csv) and the newcomer
    assert list(form.fields["room"].queryset.values_list("name", flat=True)) == ["Nusantara A", "Nusantara B"]
    assert list(form.fields["panel"].queryset.values_list("name", flat=True)) == ["Panel 1", "Panel 2"]


def test_session_with_another_cohorts_participation_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    foreign = ParticipationFactory(cohort=CohortFactory(), status=ParticipationStatus.SELECTED)
    data = _session_data(foreign, _day(event, datetime.date(2018, 12, 12)), event.rooms.first(), "13:15")

    response = secretariat_client.post(reverse("evaluations:session_create", args=[event.pk]), data)

    assert list(response.context["session_form"].errors) == ["participation"]
    assert not Session.objects.filter(participation=foreign).exists()


def test_session_edit_moves_it_and_records_change_after_publishing(demo_event, secretariat_client):
    event = demo_event["event"]
    secretariat_client.post(
        reverse("evaluations:agenda_publish", args=[event.pk]), {"note": "", "confirm": "yes"}
    )
    pemalang = demo_event["pemalang"]
    data = _session_data(pemalang.participation, pemalang.day, pemalang.room, "15:30", panel=pemalang.panel)

    response = secretariat_client.post(
        reverse("evaluations:session_edit", args=[event.pk, pemalang.pk]), data
    )

    pemalang.refresh_from_db()
    assert response.status_code == 302
    assert (pemalang.starts, pemalang.ends) == (T(15, 30), T(16, 15))
    assert (
        AuditEntry.objects.filter(action="evaluation.session_changed", target_id=str(pemalang.pk)).count()
        == 1
    )


def test_session_edit_refused_keeps_the_session(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]
    data = _session_data(pemalang.participation, pemalang.day, pemalang.room, "12:30", panel=pemalang.panel)

    response = secretariat_client.post(
        reverse("evaluations:session_edit", args=[event.pk, pemalang.pk]), data
    )

    pemalang.refresh_from_db()
    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) >= 1
    assert (pemalang.starts, pemalang.ends) == (T(14, 45), T(15, 30))


def test_session_delete_without_scores(demo_event, secretariat_client):
    event = demo_event["event"]
    newcomer = _newcomer(event)
    session = SessionFactory(
        event=event, participation=newcomer, day=_day(event, datetime.date(2018, 12, 12)),
        room=event.rooms.first(), starts=T(13, 15), ends=T(14, 0),
    )  # fmt: skip

    secretariat_client.post(
        reverse("evaluations:session_delete", args=[event.pk, session.pk]), {"confirm": "yes"}
    )

    assert not Session.objects.filter(pk=session.pk).exists()


def test_session_delete_with_scores_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]

    secretariat_client.post(
        reverse("evaluations:session_delete", args=[event.pk, pemalang.pk]), {"confirm": "yes"}
    )

    assert Session.objects.filter(pk=pemalang.pk).exists()
    assert pemalang.sheets.count() == 6


def test_session_of_another_event_is_404(demo_event, secretariat_client):
    other = EvaluationEventFactory()

    response = secretariat_client.get(
        reverse("evaluations:session_edit", args=[other.pk, demo_event["pemalang"].pk])
    )

    assert response.status_code == 404


# --- Event page -----------------------------------------------------------------------------------------------


def test_event_detail_lists_pemalang_on_day_2_in_nusantara_a(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.get(reverse("evaluations:event_detail", args=[event.pk]))

    day2 = response.context["schedule_days"][1]
    session = next(s for s in day2["sessions"] if s.participation.region.name == "Kabupaten Pemalang")
    assert (day2["number"], day2["day"].date, day2["count"]) == (2, datetime.date(2018, 12, 13), 6)
    assert (session.starts, session.room.name) == (T(14, 45), "Nusantara A")
    content = response.content.decode()
    assert "Kamis, 13 Desember 2018" in content
    # The rooms × time drawing is the schedule grid's: the day links there.
    assert reverse("scheduling:grid", args=[event.pk]) + f"#day-{day2['day'].pk}" in content


def test_event_detail_panel_warnings(demo_event, secretariat_client):
    event = demo_event["event"]
    panel_2 = event.panels.get(name="Panel 2")
    panel_2.memberships.filter(is_chair=True).delete()
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.get(reverse("evaluations:event_detail", args=[event.pk]))

    assert response.context["panel_warnings"] == [
        "Panel 2 has 2 member(s); the event asks for at least 3.",
        "Panel 2 has no chair.",
    ]


def test_event_list_shows_days_with_weekdays(demo_event, secretariat_client):
    response = secretariat_client.get(reverse("evaluations:event_list"))

    content = response.content.decode()
    assert "Rabu, 12 Desember 2018" in content
    assert "Kamis, 13 Desember 2018" in content
    assert [e.n_sessions for e in response.context["events"]] == [12]


def test_event_create_with_days(demo_event, secretariat_client):
    cohort = demo_event["event"].cohort
    rubric = Rubric.objects.get(kind="masterplan")

    response = secretariat_client.post(
        reverse("evaluations:event_create"),
        {
            "cohort": cohort.pk, "name": "Evaluasi Implementasi", "venue": "Jakarta", "address": "",
            "first_day": "2019-11-05", "number_of_days": "3", "timezone": "Asia/Jakarta",
            "day_starts": "08:30", "day_ends": "16:00", "slot_minutes": "30", "min_panel_size": "3",
            "masterplan_rubric": rubric.pk, "quick_win_rubric": "", "conflict_same_province": "on",
        },
    )  # fmt: skip

    event = EvaluationEvent.objects.get(name="Evaluasi Implementasi")
    assert response.status_code == 302
    assert list(event.days.values_list("date", flat=True)) == [
        datetime.date(2019, 11, 5), datetime.date(2019, 11, 6), datetime.date(2019, 11, 7),
    ]  # fmt: skip
    assert (event.slot_minutes, event.day_starts, event.masterplan_rubric) == (30, T(8, 30), rubric)


def test_event_edit_day_must_end_after_it_starts(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:event_edit", args=[event.pk]),
        {
            "cohort": event.cohort.pk, "name": event.name, "venue": event.venue, "timezone": "Asia/Jakarta",
            "day_starts": "17:00", "day_ends": "08:00", "slot_minutes": "45", "min_panel_size": "3",
            "masterplan_rubric": event.masterplan_rubric_id, "quick_win_rubric": event.quick_win_rubric_id,
        },
    )  # fmt: skip

    event.refresh_from_db()
    assert list(response.context["form"].errors) == ["day_ends"]
    assert event.day_starts == T(8, 0)


def test_event_edit_warns_about_sessions_now_outside_hours(demo_event, secretariat_client):
    event = demo_event["event"]
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(
        reverse("evaluations:event_edit", args=[event.pk]),
        {
            "cohort": event.cohort.pk, "name": event.name, "venue": event.venue, "timezone": "Asia/Jakarta",
            "day_starts": "08:00", "day_ends": "15:00", "slot_minutes": "45", "min_panel_size": "3",
            "conflict_same_province": "on",
            "masterplan_rubric": event.masterplan_rubric_id, "quick_win_rubric": event.quick_win_rubric_id,
        },
        follow=True,
    )  # fmt: skip

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "Already scheduled: Kabupaten Pemalang (13-12-2018 14:45–15:30) is outside the event's hours 08:00–15:00.",
        "Already scheduled: Kota Medan (13-12-2018 14:45–15:30) is outside the event's hours 08:00–15:00.",
    ]


def test_room_break_day_added_and_duplicate_room_refused(demo_event, secretariat_client):
    event = demo_event["event"]

    secretariat_client.post(
        reverse("evaluations:room_add", args=[event.pk]), {"name": "Nusantara C", "order": 3}
    )
    secretariat_client.post(
        reverse("evaluations:break_add", args=[event.pk]),
        {"label": "Rehat", "starts": "15:30", "ends": "15:45"},
    )
    secretariat_client.post(reverse("evaluations:day_add", args=[event.pk]), {"date": "2018-12-14"})
    response = secretariat_client.post(
        reverse("evaluations:room_add", args=[event.pk]), {"name": "Nusantara A", "order": 4}
    )

    assert list(event.rooms.values_list("name", flat=True)) == ["Nusantara A", "Nusantara B", "Nusantara C"]
    assert list(event.breaks.values_list("label", flat=True)) == ["Ishoma", "Rehat"]
    assert event.days.count() == 3
    assert list(response.context["room_form"].errors) == ["name"]


def test_room_with_sessions_not_deleted(demo_event, secretariat_client):
    event = demo_event["event"]
    room = event.rooms.get(name="Nusantara A")

    secretariat_client.post(reverse("evaluations:room_delete", args=[event.pk, room.pk]), {"confirm": "yes"})

    assert event.rooms.filter(pk=room.pk).exists()


def test_panel_add_with_members_and_chair(demo_event, secretariat_client):
    event = demo_event["event"]
    members = [demo_event["evaluator"], demo_event["evaluator4"]]

    secretariat_client.post(
        reverse("evaluations:panel_add", args=[event.pk]),
        {"panel-name": "Panel 3", "panel-members": [u.pk for u in members], "panel-chair": members[1].pk},
    )

    panel = event.panels.get(name="Panel 3")
    assert sorted(panel.memberships.values_list("evaluator__email", "is_chair")) == [
        ("evaluator4@demo.kotacerdas.id", True),
        ("evaluator@demo.kotacerdas.id", False),
    ]


@pytest.mark.parametrize(
    ("members", "chair", "errors"),
    [
        (["editor.pemalang", "evaluator"], "evaluator", ["members"]),
        (["evaluator", "evaluator4"], "evaluator2", ["chair"]),
    ],
)
def test_panel_members_must_be_evaluators_and_chair_a_member(
    demo_event, secretariat_client, members, chair, errors
):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:panel_add", args=[event.pk]),
        {
            "panel-name": "Panel 3",
            "panel-members": [demo_event[who].pk for who in members],
            "panel-chair": demo_event[chair].pk,
        },
    )

    assert sorted(response.context["panel_form"].errors) == errors
    assert not Panel.objects.filter(name="Panel 3").exists()


def test_panel_member_with_conflict_refused(demo_event, secretariat_client):
    event = demo_event["event"]
    panel_1 = event.panels.get(name="Panel 1")
    outsider = demo_event["evaluator4"]
    DeclaredConflictFactory(evaluator=outsider, region=demo_event["pemalang"].region, reason="Pernah bekerja")
    Panel.objects.get(name="Panel 2").memberships.filter(evaluator=outsider).delete()
    members = [
        demo_event["evaluator"].pk,
        demo_event["evaluator2"].pk,
        demo_event["evaluator3"].pk,
        outsider.pk,
    ]
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(
        reverse("evaluations:panel_edit", args=[event.pk, panel_1.pk]),
        {"name": "Panel 1", "room": panel_1.room_id, "members": members, "chair": demo_event["evaluator"].pk},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Made Wiradana may not evaluate Kabupaten Pemalang: Declared conflict: Pernah bekerja"
    ]
    assert sorted(PanelMember.objects.filter(panel=panel_1).values_list("evaluator__email", flat=True)) == [
        "evaluator2@demo.kotacerdas.id", "evaluator3@demo.kotacerdas.id", "evaluator@demo.kotacerdas.id",
    ]  # fmt: skip


def test_declared_conflict_added(demo_event, secretariat_client):
    event = demo_event["event"]

    secretariat_client.post(
        reverse("evaluations:conflict_add", args=[event.pk]),
        {
            "conflict-evaluator": demo_event["evaluator"].pk,
            "conflict-region": demo_event["pemalang"].region.pk,
            "conflict-reason": "Mantan konsultan",
        },
    )

    assert list(DeclaredConflict.objects.values_list("evaluator__email", "region__code", "reason")) == [
        ("evaluator@demo.kotacerdas.id", "33.27", "Mantan konsultan")
    ]


def test_event_detail_query_count_constant_when_sessions_grow(demo_event, secretariat_client):
    event = demo_event["event"]
    url = reverse("evaluations:event_detail", args=[event.pk])
    day1 = _day(event, datetime.date(2018, 12, 12))
    panel_2 = event.panels.get(name="Panel 2")
    slots = iter([T(13, 0), T(13, 45), T(14, 30), T(15, 15), T(16, 0)])

    def grow(n):
        for _ in range(n):
            newcomer = _newcomer(event)
            SessionFactory(
                event=event, participation=newcomer, day=day1, room=RoomFactory(event=event), panel=panel_2,
                starts=next(slots), ends=T(16, 45),
            )  # fmt: skip
            DeclaredConflictFactory(evaluator=demo_event["evaluator"], region=newcomer.region)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = secretariat_client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    grow(1)
    small = count()
    grow(4)
    large = count()

    assert large == small


# --- Agenda and results ---------------------------------------------------------------------------------------


def test_publish_agenda_release_1_then_2_with_notes(demo_event, secretariat_client):
    event = demo_event["event"]
    url = reverse("evaluations:agenda_publish", args=[event.pk])

    secretariat_client.post(url, {"note": "Agenda awal.", "confirm": "yes"})
    refused = secretariat_client.post(url, {"note": "", "confirm": "yes"})
    secretariat_client.post(url, {"note": "Kota Tegal ditambahkan.", "confirm": "yes"})

    event.refresh_from_db()
    assert list(event.releases.values_list("number", "note")) == [
        (2, "Kota Tegal ditambahkan."),
        (1, "Agenda awal."),
    ]
    assert event.agenda_release == 2
    assert list(refused.context["release_form"].errors) == ["note"]
    response = secretariat_client.get(reverse("evaluations:event_detail", args=[event.pk]))
    assert [r.number for r in response.context["releases"]] == [2, 1]
    assert "Kota Tegal ditambahkan." in response.content.decode()
    assert f'href="/evaluations/{event.pk}/agenda/"' in response.content.decode()


def test_publish_agenda_refused_while_a_rule_is_broken(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]
    Session.objects.filter(pk=pemalang.pk).update(starts=T(11, 45), ends=T(12, 30))  # over the lunch break

    response = secretariat_client.post(reverse("evaluations:agenda_publish", args=[event.pk]), {"note": ""})

    event.refresh_from_db()
    assert response.status_code == 200
    assert len(response.context["release_form"].non_field_errors()) == 1
    assert (event.agenda_release, AgendaRelease.objects.count()) == (0, 0)


def test_results_publish_sets_time_and_audits(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:results_publish", args=[event.pk]), {"confirm": "yes"}
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.results_published_at is not None
    assert (
        AuditEntry.objects.filter(action="evaluation.results_published", target_id=str(event.pk)).count() == 1
    )


def test_results_publish_refused_without_submitted_sheets(demo_event, secretariat_client):
    event = EvaluationEventFactory()

    secretariat_client.post(reverse("evaluations:results_publish", args=[event.pk]), {"confirm": "yes"})

    event.refresh_from_db()
    assert event.results_published_at is None
    assert not AuditEntry.objects.filter(action="evaluation.results_published").exists()


# --- Rubrics --------------------------------------------------------------------------------------------------


def _criterion_data(criterion, **changes):
    data = {
        "name": criterion.name,
        "implementation_dimension": criterion.implementation_dimension,
        "description": criterion.description,
        "weight": str(criterion.weight),
        "scale_min": criterion.scale_min,
        "scale_max": criterion.scale_max,
        "order": criterion.order,
        **{f"level_{lv.value}": lv.description for lv in criterion.levels.all()},
    }
    data.update(changes)
    return data


def test_rubric_with_scores_cannot_be_edited(demo_event, secretariat_client):
    rubric = demo_event["event"].masterplan_rubric
    criterion = rubric.criteria.first()
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.post(
        reverse("evaluations:criterion_edit", args=[rubric.pk, criterion.pk]),
        _criterion_data(criterion, weight="99"),
        follow=True,
    )

    criterion.refresh_from_db()
    assert criterion.weight == 20
    assert response.context["frozen"] is True
    assert "already has scores" in response.content.decode()
    assert (
        reverse("evaluations:criterion_edit", args=[rubric.pk, criterion.pk]) not in response.content.decode()
    )
    assert reverse("evaluations:rubric_new_version", args=[rubric.pk]) in response.content.decode()


def test_rubric_new_version_created_and_editable(demo_event, secretariat_client):
    rubric = demo_event["event"].masterplan_rubric

    response = secretariat_client.post(reverse("evaluations:rubric_new_version", args=[rubric.pk]))

    copy = Rubric.objects.get(name=rubric.name, version=2)
    assert response.status_code == 302
    assert (copy.based_on, copy.is_seeded_default, copy.criteria.count()) == (rubric, False, 5)
    criterion = copy.criteria.first()
    secretariat_client.post(
        reverse("evaluations:criterion_edit", args=[copy.pk, criterion.pk]),
        _criterion_data(criterion, weight="30", scale_max="4", level_1="Belum ada"),
    )
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.scale_max) == (30, 4)
    assert list(criterion.levels.values_list("value", flat=True)) == [1, 2, 3, 4]
    assert criterion.levels.get(value=1).description == "Belum ada"
    assert rubric.criteria.first().weight == 20


def test_rubric_detail_shows_weights_and_seeded_label(demo_event, secretariat_client):
    rubric = demo_event["event"].masterplan_rubric
    secretariat_client.cookies["django_language"] = "en"

    response = secretariat_client.get(reverse("evaluations:rubric_detail", args=[rubric.pk]))

    assert response.context["weight_total"] == 100
    assert [c.name for c in response.context["criteria"]][0] == "Analisis strategis"
    assert "seeded default" in response.content.decode()
    assert "Analisis tajam, berbasis data, dan menghasilkan isu strategis" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"scale_min": "5", "scale_max": "3"}, ["scale_max"]),
        ({"scale_min": "3", "scale_max": "3"}, ["scale_max"]),
        ({"weight": "0"}, ["weight"]),
        ({"weight": "-5"}, ["weight"]),
    ],
)
def test_criterion_scale_and_weight_validated(demo_event, secretariat_client, changes, errors):
    criterion = EvaluationCriterionFactory(
        rubric__kind="implementation",
        weight=10,
        scale_min=1,
        scale_max=5,
        implementation_dimension="baseline",
    )
    rubric = criterion.rubric

    response = secretariat_client.post(
        reverse("evaluations:criterion_edit", args=[rubric.pk, criterion.pk]),
        _criterion_data(criterion, **changes),
    )

    criterion.refresh_from_db()
    assert sorted(response.context["form"].errors) == errors
    assert (criterion.weight, criterion.scale_min, criterion.scale_max) == (10, 1, 5)


def test_criterion_added_to_new_rubric(demo_event, secretariat_client):
    secretariat_client.post(
        reverse("evaluations:rubric_create"), {"kind": "implementation", "name": "Indeks implementasi"}
    )
    rubric = Rubric.objects.get(name="Indeks implementasi")

    secretariat_client.post(
        reverse("evaluations:criterion_create", args=[rubric.pk]),
        {"name": "Outcome", "implementation_dimension": "outcome", "weight": "30", "scale_min": "1",
         "scale_max": "4", "order": "1",
         "level_1": "Rendah", "level_4": "Tinggi"},
    )  # fmt: skip

    assert list(rubric.criteria.values_list("name", "weight", "scale_max", "implementation_dimension")) == [
        ("Outcome", 30, 4, "outcome")
    ]
    assert list(rubric.criteria.get().levels.values_list("value", "description")) == [
        (1, "Rendah"),
        (4, "Tinggi"),
    ]


# --- Access ---------------------------------------------------------------------------------------------------


def _manage_patterns(patterns=None) -> list[URLPattern]:
    """The app's URL patterns that lead to the set-up pages (views_manage.py)."""
    found = []
    for entry in evaluation_urls.urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += _manage_patterns(entry.url_patterns)
        elif entry.callback.__module__ == views_manage.__name__:
            found.append(entry)
    return found


def _manage_urls(demo_event):
    """Every URL of the set-up pages, with real objects as arguments."""
    event, pemalang = demo_event["event"], demo_event["pemalang"]
    rubric = event.masterplan_rubric
    urls = []
    for pattern in _manage_patterns():
        params = set(pattern.pattern.converters)
        is_rubric = str(pattern.pattern).startswith("rubrics/")
        values = {
            "pk": rubric.pk if is_rubric else event.pk,
            "item_pk": event.days.first().pk,
            "panel_pk": pemalang.panel_id,
            "session_pk": pemalang.pk,
            "criterion_pk": rubric.criteria.first().pk,
        }
        urls.append(reverse(f"evaluations:{pattern.name}", kwargs={p: values[p] for p in params}))
    return urls


@pytest.mark.parametrize("who", ["evaluator", "evaluator4", "editor.pemalang", "mentor"])
def test_manage_urls_forbidden_to_non_secretariat(demo_event, client, who):
    client.force_login(demo_event[who])
    urls = _manage_urls(demo_event)

    answers = {url: (client.get(url).status_code, client.post(url, {}).status_code) for url in urls}

    assert len(urls) == len(_manage_patterns()) == 32
    assert answers == {url: (403, 403) for url in urls}
    assert Session.objects.count() == 12
    assert (demo_event["event"].agenda_release, AgendaRelease.objects.count()) == (0, 0)


def test_manage_urls_send_anonymous_visitors_to_login(demo_event, client):
    urls = _manage_urls(demo_event)

    answers = {url: client.get(url) for url in urls}

    assert {url: (r.status_code, r["Location"].split("?")[0]) for url, r in answers.items()} == {
        url: (302, reverse("accounts:login")) for url in urls
    }


def test_award_category_added_and_shown_with_results(demo_event, client):
    event = demo_event["event"]
    client.force_login(demo_event["sekretariat"])

    client.post(
        reverse("evaluations:award_add", args=[event.pk]),
        {"name": "Inovasi terbaik", "kind": "quick_win", "places": "1"},
    )

    assert list(event.award_categories.order_by("name").values_list("name", "places")) == [
        ("Inovasi terbaik", 1),
        ("Masterplan terbaik", 3),
        ("Quick win terbaik", 3),
    ]


def test_award_category_duplicate_name_refused(demo_event, client):
    event = demo_event["event"]
    client.force_login(demo_event["sekretariat"])

    response = client.post(
        reverse("evaluations:award_add", args=[event.pk]),
        {"name": "Masterplan terbaik", "kind": "masterplan", "places": "2"},
    )

    assert response.status_code == 200
    assert event.award_categories.count() == 2


def test_event_rubric_cannot_change_once_scored(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:event_edit", args=[event.pk]),
        {
            "cohort": event.cohort.pk, "name": event.name, "venue": event.venue, "timezone": "Asia/Jakarta",
            "day_starts": "08:00", "day_ends": "17:00", "slot_minutes": "45", "min_panel_size": "3",
            "masterplan_rubric": event.masterplan_rubric_id, "quick_win_rubric": "",
        },
    )  # fmt: skip

    event.refresh_from_db()
    assert list(response.context["form"].errors) == ["quick_win_rubric"]
    assert event.quick_win_rubric_id is not None


def test_session_region_cannot_change_once_scored(demo_event, secretariat_client):
    from kotacerdas.evaluations.forms import SessionForm

    session = demo_event["pemalang"]
    other = session.event.sessions.exclude(pk=session.pk).first().participation
    data = {
        "participation": other.pk, "day": session.day_id, "room": session.room_id, "panel": session.panel_id,
        "starts": "14:45", "ends": "15:30", "presents": session.presents,
    }  # fmt: skip

    form = SessionForm(data, instance=session)

    assert not form.is_valid()
    assert "participation" in form.errors


def test_load_demo_event_command_publishes_the_agenda_once(regions_loaded, framework):
    import io

    from django.core.management import call_command

    from kotacerdas.evaluations.models import EvaluationEvent
    from kotacerdas.masterplans.demo import load_demo_masterplan
    from kotacerdas.programmes.demo import load_demo

    load_demo()
    load_demo_masterplan()

    call_command("load_demo_event", allow_without_debug=True, stdout=io.StringIO())
    call_command("load_demo_event", allow_without_debug=True, stdout=io.StringIO())

    event = EvaluationEvent.objects.get()
    assert (event.agenda_release, event.releases.count(), event.sessions.count()) == (1, 1, 12)


def test_implementation_criterion_needs_its_evaluation_dimension(demo_event, secretariat_client):
    rubric = RubricFactory(kind="implementation")

    response = secretariat_client.post(
        reverse("evaluations:criterion_create", args=[rubric.pk]),
        {"name": "Outcome", "weight": "30", "scale_min": "1", "scale_max": "4", "order": "1"},
    )

    assert sorted(response.context["form"].errors) == ["implementation_dimension"]
    assert not rubric.criteria.exists()
