"""Online and hybrid rooms: the room's mode is public, its meeting link only for the secretariat, the session's
panel and the active team of the session's region (evaluations/meeting.py), never in the published snapshot, a
calendar feed or the printed agenda."""

import icalendar
import pytest
from django.urls import reverse

from kotacerdas.evaluations import services
from kotacerdas.evaluations.forms import RoomForm
from kotacerdas.evaluations.meeting import meeting_link_for, meeting_links_for
from kotacerdas.evaluations.models import AgendaRelease, Room, RoomMode
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    EvaluationEventFactory,
    EventDayFactory,
    PanelFactory,
    PanelMemberFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.test/evaluasi-ruang-daring?pwd=rahasia"
HYBRID_LINK = "https://meet.example.test/ruang-hibrida"


@pytest.fixture
def world():
    """An event with an online room (Kabupaten Alfa's session, panel A) and a hybrid room (Kota Beta's session,
    panel B), published; a user of every kind the rule names or leaves out."""
    event = EvaluationEventFactory(name="Evaluasi Uji Ruang", venue="Gedung Uji")
    day = EventDayFactory(event=event)
    online = RoomFactory(event=event, name="Ruang Garuda", mode=RoomMode.ONLINE, meeting_link=LINK)
    hybrid = RoomFactory(event=event, name="Ruang Elang", mode=RoomMode.HYBRID, meeting_link=HYBRID_LINK)
    alfa = RegionFactory(name="Kabupaten Alfa")
    beta = RegionFactory(name="Kota Beta")
    panel_a, panel_b = PanelFactory(event=event, name="Panel A"), PanelFactory(event=event, name="Panel B")
    evaluator_a = PanelMemberFactory(panel=panel_a, is_chair=True).evaluator
    evaluator_b = PanelMemberFactory(panel=panel_b, is_chair=True).evaluator
    participations = {
        region: ParticipationFactory(cohort=event.cohort, region=region, status=ParticipationStatus.SELECTED)
        for region in (alfa, beta)
    }
    session = SessionFactory(
        event=event, participation=participations[alfa], day=day, room=online, panel=panel_a
    )
    other_session = SessionFactory(
        event=event, participation=participations[beta], day=day, room=hybrid, panel=panel_b
    )
    mentor = UserFactory(is_mentor=True)
    participations[alfa].mentors.add(mentor)
    secretariat = UserFactory(is_secretariat=True)
    team = RegionMembershipFactory(region=alfa, role=MembershipRole.VIEWER).user
    inactive_team = RegionMembershipFactory(
        region=alfa, role=MembershipRole.APPROVER, user__is_active=False
    ).user
    other_team = RegionMembershipFactory(region=beta, role=MembershipRole.APPROVER).user
    release = _publish(event, secretariat)
    return {
        "event": event,
        "alfa": alfa,
        "session": session,
        "other_session": other_session,
        "release": release,
        "secretariat": secretariat,
        "evaluator_a": evaluator_a,
        "evaluator_b": evaluator_b,
        "team": team,
        "inactive_team": inactive_team,
        "other_team": other_team,
        "mentor": mentor,
        "plain": UserFactory(),
        "evaluator_off_panel": UserFactory(is_evaluator=True),
    }


def _publish(event, by) -> AgendaRelease:
    """The release publish_agenda writes (its snapshot from services.agenda_snapshot), without the schedule
    checks (panel sizes) that this small world does not need to pass."""
    event.agenda_release += 1
    event.save(update_fields=["agenda_release"])
    return AgendaRelease.objects.create(
        event=event, number=event.agenda_release, published_by=by, snapshot=services.agenda_snapshot(event)
    )


ENTITLED = ["secretariat", "evaluator_a", "team"]
NOT_ENTITLED = ["other_team", "evaluator_b", "evaluator_off_panel", "mentor", "inactive_team", "plain"]


def region_page(client, world):
    return client.get(reverse("evaluations:agenda_region", args=[world["event"].pk, world["alfa"].code]))


# --- The one rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ENTITLED)
def test_the_secretariat_the_panel_and_the_regions_team_get_the_link(world, who):
    assert meeting_link_for(world[who], world["session"]) == LINK


@pytest.mark.parametrize("who", NOT_ENTITLED)
def test_nobody_else_gets_the_link(world, who):
    assert meeting_link_for(world[who], world["session"]) == ""


def test_anonymous_visitors_get_no_link(world):
    from django.contrib.auth.models import AnonymousUser

    assert meeting_link_for(AnonymousUser(), world["session"]) == ""


def test_each_session_answers_for_its_own_panel_and_region(world):
    sessions = [world["session"], world["other_session"]]

    assert meeting_links_for(world["evaluator_b"], sessions) == {
        world["session"].pk: "",
        world["other_session"].pk: HYBRID_LINK,
    }
    assert meeting_links_for(world["team"], sessions) == {
        world["session"].pk: LINK,
        world["other_session"].pk: "",
    }
    assert meeting_links_for(world["secretariat"], sessions) == {
        world["session"].pk: LINK,
        world["other_session"].pk: HYBRID_LINK,
    }


def test_an_in_person_room_gives_nobody_a_link_even_if_one_was_left(world):
    Room.objects.filter(pk=world["session"].room_id).update(mode=RoomMode.IN_PERSON)
    world["session"].room.refresh_from_db()

    assert meeting_link_for(world["secretariat"], world["session"]) == ""
    assert meeting_link_for(world["team"], world["session"]) == ""


# --- The public agenda's region page -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ENTITLED)
def test_region_page_shows_the_link_to_whom_it_is_for(client, world, who):
    client.force_login(world[who])

    response = region_page(client, world)

    assert response.status_code == 200
    assert response.context["meeting_link"] == LINK
    html = response.content.decode()
    assert 'href="https://meet.example.test/evaluasi-ruang-daring?pwd=rahasia"' in html
    assert '<span class="badge">Daring</span>' in html


@pytest.mark.parametrize("who", NOT_ENTITLED)
def test_region_page_shows_the_mode_but_never_the_link_to_others(client, world, who):
    client.force_login(world[who])

    response = region_page(client, world)

    assert response.status_code == 200
    assert response.context["meeting_link"] == ""
    html = response.content.decode()
    assert "meet.example.test" not in html and "rahasia" not in html
    assert '<span class="badge">Daring</span>' in html


def test_region_page_for_an_anonymous_visitor_has_the_mode_and_no_link(client, world):
    response = region_page(client, world)

    html = response.content.decode()
    assert response.context["meeting_link"] == ""
    assert "meet.example.test" not in html
    assert '<span class="badge">Daring</span>' in html
    assert "Tautan rapat" not in html


def test_region_page_in_english_names_the_mode(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = region_page(client, world).content.decode()

    assert '<span class="badge">Online</span>' in html
    assert "meet.example.test" not in html


def test_an_in_person_session_shows_no_mode_badge(client, world):
    Room.objects.filter(pk=world["session"].room_id).update(mode=RoomMode.IN_PERSON, meeting_link="")
    _publish(world["event"], world["secretariat"])

    html = region_page(client, world).content.decode()

    assert "Luring" not in html and "Daring" not in html


# --- Snapshot, feeds and the printed agenda ----------------------------------------------------------------


def test_the_snapshot_has_the_mode_and_never_the_link(world):
    snapshot = world["release"].snapshot

    assert {row["region_code"]: row["room_mode"] for row in snapshot} == {
        world["alfa"].code: "online",
        world["other_session"].participation.region.code: "hybrid",
    }
    assert "meet.example.test" not in str(snapshot)
    assert all("meeting_link" not in row for row in snapshot)


def test_an_old_snapshot_without_the_mode_reads_as_in_person(world):
    from kotacerdas.evaluations.agenda import AgendaEntry

    row = {k: v for k, v in world["release"].snapshot[0].items() if k != "room_mode"}

    entry = AgendaEntry.from_snapshot(row)

    assert entry.room_mode == RoomMode.IN_PERSON and not entry.is_linked


@pytest.mark.parametrize("who", [None, "secretariat", "team"])
@pytest.mark.parametrize("feed", ["agenda_region_ics", "agenda_ics"])
def test_calendar_feeds_never_carry_the_link_whoever_asks(client, world, who, feed):
    if who:
        client.force_login(world[who])
    args = [world["event"].pk] + ([world["alfa"].code] if feed == "agenda_region_ics" else [])

    response = client.get(reverse(f"evaluations:{feed}", args=args))

    assert response.status_code == 200
    body = response.content.decode()
    assert "meet.example.test" not in body and "rahasia" not in body
    calendar = icalendar.Calendar.from_ical(response.content)
    alfa = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).endswith("Kabupaten Alfa"))
    assert "Ruang: Ruang Garuda (Daring)" in str(alfa["DESCRIPTION"])


def test_the_printed_agenda_has_no_link(client, world):
    response = client.get(reverse("evaluations:agenda_pdf", args=[world["event"].pk]))

    assert response.status_code == 200
    assert b"meet.example.test" not in response.content


# --- My sessions ---------------------------------------------------------------------------------------------


def test_my_sessions_shows_the_panel_member_the_link_of_their_session(client, world):
    client.force_login(world["evaluator_a"])

    response = client.get(reverse("evaluations:my_sessions"))

    html = response.content.decode()
    assert f'href="{LINK}"' in html
    assert "Ruang Garuda (Daring)" in html
    assert HYBRID_LINK not in html  # Panel B's session is not on this page at all


def test_my_sessions_of_another_panel_has_only_its_own_link(client, world):
    client.force_login(world["evaluator_b"])

    html = client.get(reverse("evaluations:my_sessions")).content.decode()

    assert f'href="{HYBRID_LINK}"' in html
    assert LINK not in html


# --- The room form ---------------------------------------------------------------------------------------------


def _room_form(event, **data):
    return RoomForm({"name": "Ruang Baru", "capacity": "", "order": "0", **data}, instance=Room(event=event))


@pytest.mark.parametrize("mode", ["online", "hybrid"])
def test_an_online_or_hybrid_room_without_a_link_is_refused_with_the_field_error(world, mode):
    form = _room_form(world["event"], mode=mode, meeting_link="")

    assert not form.is_valid()
    assert form.errors == {"meeting_link": ["Ruang daring atau hibrida memerlukan tautan rapat (https://…)."]}


def test_the_field_error_is_in_english_for_an_english_reader(world):
    from django.utils import translation

    with translation.override("en"):
        form = _room_form(world["event"], mode="online", meeting_link="")
        assert not form.is_valid()
        assert form.errors["meeting_link"] == ["An online or hybrid room needs its meeting link (https://…)."]


def test_a_plain_http_link_is_refused(world):
    form = _room_form(world["event"], mode="online", meeting_link="http://meet.example.test/x")

    assert not form.is_valid()
    assert form.errors["meeting_link"] == ["Tautan rapat harus diawali https://."]


def test_an_in_person_room_needs_no_link_and_online_with_one_is_saved(world):
    assert _room_form(world["event"], mode="in_person", meeting_link="").is_valid()
    form = _room_form(world["event"], name="Ruang Zoom", mode="online", meeting_link="meet.example.test/zoom")

    assert form.is_valid(), form.errors
    room = form.save()
    assert (room.mode, room.meeting_link) == ("online", "https://meet.example.test/zoom")


def test_the_secretariat_adds_an_online_room_and_sees_its_mode_in_the_room_list(client, world):
    client.force_login(world["secretariat"])
    add = reverse("evaluations:room_add", args=[world["event"].pk])

    refused = client.post(add, {"name": "Ruang Tanpa Tautan", "order": "0", "mode": "online"})
    accepted = client.post(
        add,
        {"name": "Ruang Zoom", "order": "0", "mode": "hybrid", "meeting_link": "https://zoom.example.test/1"},
    )

    assert "Ruang daring atau hibrida memerlukan tautan rapat (https://…)." in refused.content.decode()
    assert not Room.objects.filter(name="Ruang Tanpa Tautan").exists()
    assert accepted.status_code == 302
    assert Room.objects.get(event=world["event"], name="Ruang Zoom").mode == RoomMode.HYBRID
    page = client.get(reverse("evaluations:event_detail", args=[world["event"].pk])).content.decode()
    assert "<td>Hibrida<br>" in page and "<td>Daring<br>" in page


def test_a_room_defaults_to_in_person():
    assert Room._meta.get_field("mode").default == RoomMode.IN_PERSON
    assert RoomMode.values == ["in_person", "online", "hybrid"]


def test_the_mode_labels_in_indonesian():
    from django.utils import translation

    with translation.override("id"):
        assert [str(label) for _value, label in RoomMode.choices] == ["Luring", "Daring", "Hibrida"]


def test_an_old_release_without_modes_differs_from_a_new_one_only_where_a_room_went_online(world):
    from kotacerdas.evaluations import agenda as agendas

    new = agendas.entries_of(world["release"])
    old_rows = [{k: v for k, v in row.items() if k != "room_mode"} for row in world["release"].snapshot]
    old = [agendas.AgendaEntry.from_snapshot(row) for row in old_rows]
    in_person = [agendas.AgendaEntry.from_snapshot({**row, "room_mode": "in_person"}) for row in old_rows]

    assert agendas.diff_entries(old, in_person).is_empty
    changed = agendas.diff_entries(old, new)
    assert (changed.added, changed.removed, changed.moved) == ([], [], [])
    assert sorted(m.new.room_mode for m in changed.details) == ["hybrid", "online"]


def test_a_region_page_showing_the_link_is_kept_by_no_cache(client, world):
    client.force_login(world["team"])
    shown = region_page(client, world)
    client.logout()
    anonymous = region_page(client, world)

    assert LINK in shown.content.decode()
    assert "no-store" in shown["Cache-Control"] and "private" in shown["Cache-Control"]
    assert LINK not in anonymous.content.decode()
    assert "no-store" not in anonymous.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("capacity", "saved", "error"),
    [
        ("2.150", 2150, None),  # Indonesian thousands
        ("2,5", None, "Masukkan bilangan bulat"),
        ("99.999.999", None, "10000"),  # SQLite would store it; PostgreSQL's smallint would fail with a 500
    ],
)
def test_a_rooms_capacity_reads_indonesian_numbers_and_refuses_a_huge_one(
    client, world, capacity, saved, error
):
    client.force_login(world["secretariat"])
    add = reverse("evaluations:room_add", args=[world["event"].pk])
    name = f"Ruang {capacity}"

    response = client.post(add, {"name": name, "order": "0", "mode": "in_person", "capacity": capacity})

    room = Room.objects.filter(name=name).first()
    assert (room.capacity if room else None) == saved
    if error:
        assert error in response.content.decode().replace(".", "")
