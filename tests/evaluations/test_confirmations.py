"""Every destructive or irreversible action of the evaluation set-up asks first (core/confirm.py): without
``confirm=yes`` nothing changes and nothing is audited; the confirmation page states the consequences in numbers;
with the confirmation the change happens and is audited. Pages in Indonesian, the site's default."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.models import (
    AgendaRelease,
    AvailabilityWindow,
    AwardCategory,
    Break,
    Criterion,
    DeclaredConflict,
    EventDay,
    Panel,
    PanelMember,
    Room,
    Rubric,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    AvailabilityWindowFactory,
    DeclaredConflictFactory,
    EvaluationCriterionFactory,
    EvaluationEventFactory,
    EventDayFactory,
    LevelDescriptorFactory,
    PanelFactory,
    PanelMemberFactory,
    RoomFactory,
    RubricFactory,
    SessionFactory,
)
from tests.utils import asked

pytestmark = pytest.mark.django_db
T = datetime.time
YES = {"confirm": "yes"}


def _audits(action) -> int:
    return AuditEntry.objects.filter(action=action).count()


def _free_day(event) -> EventDay:
    """A third day without sessions, with one evaluator's availability window and one panel kept for it."""
    day = EventDayFactory(event=event, date=datetime.date(2018, 12, 14))
    evaluator = PanelMember.objects.filter(panel__event=event).first().evaluator
    AvailabilityWindowFactory(event=event, evaluator=evaluator, day=day)
    PanelFactory(event=event, name="Panel Jumat", day=day)  # not "Panel 1" or "Panel 2" of the demo
    return day


# --- Results --------------------------------------------------------------------------------------------------


def test_results_publish_without_confirmation_changes_nothing(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(reverse("evaluations:results_publish", args=[event.pk]))

    event.refresh_from_db()
    asked(response)
    assert event.results_published_at is None
    assert _audits("evaluation.results_published") == 0


def test_results_publish_page_counts_the_unsent_score_sheets(demo_event, secretariat_client):
    event = demo_event["event"]
    drafts = ScoreSheet.objects.filter(session__event=event, status=SheetStatus.DRAFT).count()

    response = secretariat_client.get(reverse("evaluations:results_publish", args=[event.pk]))

    html = response.content.decode()
    assert drafts == 12
    assert asked(response) == [
        f"Halaman hasil {event.name} menjadi publik, untuk semua orang.",
        "60 lembar nilai terkirim dihitung.",
        "12 dari 12 daerah mendapat peringkat.",
    ]
    assert response.context["confirmation"].warnings == [
        "12 lembar nilai belum dikirim; lembar tersebut tidak dihitung dalam hasil yang diterbitkan."
    ]
    assert "12 lembar nilai belum dikirim" in html
    assert "Ya, terbitkan hasil" in html
    assert f'href="{reverse("evaluations:event_detail", args=[event.pk])}#results"' in html


def test_results_publish_with_confirmation_publishes_and_audits(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(reverse("evaluations:results_publish", args=[event.pk]), YES)

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.results_published_at is not None
    assert _audits("evaluation.results_published") == 1


def test_results_publish_page_refuses_without_submitted_sheets(demo_event, secretariat_client):
    empty = EvaluationEventFactory()

    response = secretariat_client.get(reverse("evaluations:results_publish", args=[empty.pk]))

    html = response.content.decode()
    assert asked(response) == []
    assert response.context["confirmation"].refusal == gettext(
        "No score sheet is submitted yet; there are no results to publish."
    )
    assert 'id="confirm-yes"' not in html


# --- Agenda ---------------------------------------------------------------------------------------------------


def test_agenda_publish_without_confirmation_changes_nothing(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:agenda_publish", args=[event.pk]), {"note": "Agenda awal."}
    )

    event.refresh_from_db()
    asked(response)
    assert (event.agenda_release, AgendaRelease.objects.count()) == (0, 0)
    assert _audits("evaluation.agenda_published") == 0
    assert '<input type="hidden" name="note" value="Agenda awal.">' in response.content.decode()


def test_agenda_publish_page_counts_sessions_days_and_rooms(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(reverse("evaluations:agenda_publish", args=[event.pk]), {"note": ""})

    assert asked(response) == [
        "Rilis 1 menjadi agenda publik, beserta berkas kalender dan PDF-nya.",
        "Agenda memuat 12 sesi (hari: 2, ruang: 2).",
    ]
    assert response.context["confirmation"].warnings == []
    assert "Ya, terbitkan agenda" in response.content.decode()


def test_agenda_publish_page_compares_with_the_last_release(demo_event, secretariat_client):
    event = demo_event["event"]
    url = reverse("evaluations:agenda_publish", args=[event.pk])
    secretariat_client.post(url, {"note": "", **YES})
    Session.objects.filter(pk=demo_event["pemalang"].pk).update(starts=T(15, 30), ends=T(16, 15))

    response = secretariat_client.post(url, {"note": "Pemalang pindah."})

    assert asked(response) == [
        "Rilis 2 menjadi agenda publik, beserta berkas kalender dan PDF-nya.",
        "Agenda memuat 12 sesi (hari: 2, ruang: 2).",
        "Dibandingkan rilis 1: 0 ditambahkan, 1 dipindah, 0 dihapus, 0 dengan rincian lain yang berubah.",
        "Catatan yang ditampilkan bersama rilis: “Pemalang pindah.”",
    ]


def test_agenda_publish_with_no_session_warns_loudly(demo_event, secretariat_client):
    empty = EvaluationEventFactory()

    response = secretariat_client.post(reverse("evaluations:agenda_publish", args=[empty.pk]), {"note": ""})

    assert asked(response)[1] == "Agenda memuat 0 sesi (hari: 0, ruang: 0)."
    assert response.context["confirmation"].warnings == [
        "Agenda sama sekali tidak memiliki sesi: agenda publik akan kosong. Jadwalkan sesi terlebih dahulu."
    ]
    assert 'role="alert"' in response.content.decode()


def test_agenda_publish_with_confirmation_publishes_and_audits(demo_event, secretariat_client):
    event = demo_event["event"]

    response = secretariat_client.post(
        reverse("evaluations:agenda_publish", args=[event.pk]), {"note": "Agenda awal.", **YES}
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert list(event.releases.values_list("number", "note")) == [(1, "Agenda awal.")]
    assert _audits("evaluation.agenda_published") == 1


def test_agenda_publish_with_a_broken_rule_shows_the_form_not_the_question(demo_event, secretariat_client):
    event = demo_event["event"]
    Session.objects.filter(pk=demo_event["pemalang"].pk).update(starts=T(11, 45), ends=T(12, 30))

    response = secretariat_client.post(reverse("evaluations:agenda_publish", args=[event.pk]), {"note": ""})

    assert response.templates[0].name == "evaluations/manage/event_detail.html"
    assert len(response.context["release_form"].non_field_errors()) == 1


# --- Deletions of the set-up --------------------------------------------------------------------------------


def test_day_delete_page_states_what_goes_with_the_day(demo_event, secretariat_client):
    event = demo_event["event"]
    day = _free_day(event)

    response = secretariat_client.get(reverse("evaluations:day_delete", args=[event.pk, day.pk]))

    assert asked(response) == [
        "Jumat, 14 Desember 2018 dihapus dari acara; acara kemudian memiliki 2 hari.",
        "1 rentang waktu ketersediaan pada hari itu ikut terhapus.",
        "1 panel yang ditetapkan untuk hari itu kemudian bertugas pada hari mana pun.",
    ]


def test_day_with_sessions_cannot_be_confirmed(demo_event, secretariat_client):
    event = demo_event["event"]
    day = event.days.get(date=datetime.date(2018, 12, 12))
    url = reverse("evaluations:day_delete", args=[event.pk, day.pk])

    page = secretariat_client.get(url)
    forced = secretariat_client.post(url, YES)

    assert page.context["confirmation"].refusal == (
        "6 sesi dijadwalkan pada hari itu; pindahkan atau hapus dahulu."
    )
    assert 'id="confirm-yes"' not in page.content.decode()
    assert forced.status_code == 200
    assert EventDay.objects.filter(pk=day.pk).exists()
    assert _audits("evaluation.setup_deleted") == 0


def test_room_delete_page_states_the_rooms_left(demo_event, secretariat_client):
    event = demo_event["event"]
    room = RoomFactory(event=event, name="Nusantara C")
    PanelFactory(event=event, name="Panel C", room=room)

    response = secretariat_client.get(reverse("evaluations:room_delete", args=[event.pk, room.pk]))

    assert asked(response) == [
        "Ruang “Nusantara C” dihapus; acara kemudian memiliki 2 ruang.",
        "1 panel yang biasa bertugas di ruang ini tidak lagi memiliki ruang tetap.",
    ]


def test_room_with_sessions_is_refused_with_the_count(demo_event, secretariat_client):
    event = demo_event["event"]
    room = event.rooms.get(name="Nusantara A")

    response = secretariat_client.post(reverse("evaluations:room_delete", args=[event.pk, room.pk]), YES)

    assert response.context["confirmation"].refusal == (
        "6 sesi dijadwalkan di ruang ini; pindahkan atau hapus dahulu."
    )
    assert Room.objects.filter(pk=room.pk).exists()


def test_panel_delete_page_names_the_members_who_leave(demo_event, secretariat_client):
    event = demo_event["event"]
    panel = PanelFactory(event=event, name="Panel 3")
    PanelMemberFactory.create_batch(2, panel=panel)

    response = secretariat_client.get(reverse("evaluations:panel_delete", args=[event.pk, panel.pk]))

    names = ", ".join(m.evaluator.full_name for m in panel.memberships.select_related("evaluator"))
    assert asked(response) == [
        "Panel 3 dihapus; acara kemudian memiliki 2 panel.",
        f"2 evaluator keluar dari panel: {names}.",
    ]


def test_panel_with_sessions_is_refused_with_the_count(demo_event, secretariat_client):
    event = demo_event["event"]
    panel = event.panels.get(name="Panel 1")

    response = secretariat_client.post(reverse("evaluations:panel_delete", args=[event.pk, panel.pk]), YES)

    assert response.context["confirmation"].refusal == (
        "Panel 1 menilai 6 sesi; berikan panel lain untuk sesi tersebut dahulu."
    )
    assert Panel.objects.filter(pk=panel.pk).exists()


def test_break_delete_page_states_the_days(demo_event, secretariat_client):
    event = demo_event["event"]
    item = event.breaks.get()

    response = secretariat_client.get(reverse("evaluations:break_delete", args=[event.pk, item.pk]))

    assert asked(response) == [
        "Jeda “Ishoma” (12.00–13.00 WIB) dihapus dari setiap hari acara (2 hari).",
        "Sesi kemudian dapat dijadwalkan pada waktu itu.",
    ]


def test_award_delete_page_warns_when_results_are_published(demo_event, secretariat_client):
    event = demo_event["event"]
    award = event.award_categories.get(name="Masterplan terbaik")
    secretariat_client.post(reverse("evaluations:results_publish", args=[event.pk]), YES)

    response = secretariat_client.get(reverse("evaluations:award_delete", args=[event.pk, award.pk]))

    assert asked(response) == [
        "Penghargaan “Masterplan terbaik” (3 tempat, berdasarkan peringkat Masterplan) dihapus."
    ]
    assert response.context["confirmation"].warnings == [
        "Hasil sudah diterbitkan: halaman hasil publik tidak akan lagi menampilkan pemenang penghargaan ini."
    ]


def test_availability_delete_page_says_when_no_window_is_left(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]
    day = event.days.get(date=datetime.date(2018, 12, 13))
    window = AvailabilityWindowFactory(
        event=event,
        participation=pemalang.participation,
        evaluator=None,
        day=day,
        starts=T(13, 0),
        ends=T(17, 0),
    )

    response = secretariat_client.get(reverse("evaluations:availability_delete", args=[event.pk, window.pk]))

    assert asked(response) == [
        "Rentang waktu ketersediaan Kabupaten Pemalang pada Kamis, 13 Desember 2018, 13.00–17.00 WIB dihapus.",
        "Kabupaten Pemalang kemudian tidak memiliki rentang waktu lagi dan dapat dijadwalkan kapan saja selama "
        "acara.",
    ]


def test_conflict_delete_page_counts_the_regions_sessions(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]
    conflict = DeclaredConflictFactory(
        evaluator=demo_event["evaluator4"], region=pemalang.participation.region
    )

    response = secretariat_client.get(reverse("evaluations:conflict_delete", args=[event.pk, conflict.pk]))

    name = demo_event["evaluator4"].full_name
    assert asked(response) == [
        f"{name} kemudian dapat duduk di panel yang menilai Kabupaten Pemalang, pada acara ini dan acara "
        "berikutnya.",
        "Kabupaten Pemalang memiliki 1 sesi pada acara ini.",
    ]


def test_session_delete_page_states_the_session_and_the_panel(demo_event, secretariat_client):
    event = demo_event["event"]
    session = SessionFactory(
        event=event, participation__status=ParticipationStatus.SELECTED,
        day=event.days.get(date=datetime.date(2018, 12, 12)), room=event.rooms.get(name="Nusantara A"),
        panel=event.panels.get(name="Panel 1"), starts=T(13, 15), ends=T(14, 0),
    )  # fmt: skip
    newcomer = session.participation

    response = secretariat_client.get(reverse("evaluations:session_delete", args=[event.pk, session.pk]))

    assert asked(response) == [
        f"Sesi {newcomer.region.name} pada Rabu, 12 Desember 2018, 13.15–14.00 WIB di Nusantara A dihapus.",
        "Panel 1 kemudian menilai 6 sesi.",
    ]


def test_session_with_sheets_is_refused_with_the_count(demo_event, secretariat_client):
    event = demo_event["event"]
    pemalang = demo_event["pemalang"]

    response = secretariat_client.get(reverse("evaluations:session_delete", args=[event.pk, pemalang.pk]))

    assert response.context["confirmation"].refusal == (
        "Sesi Kabupaten Pemalang memiliki 6 lembar nilai dan tidak dapat dihapus; pindahkan saja sesinya."
    )
    assert 'id="confirm-yes"' not in response.content.decode()


def _unscored_rubric() -> Rubric:
    rubric = RubricFactory(name="Rubrik uji", version=1)
    first = EvaluationCriterionFactory(rubric=rubric, name="Visi", weight=40)
    EvaluationCriterionFactory(rubric=rubric, name="Misi", weight=60)
    for value in (1, 2, 3):
        LevelDescriptorFactory(criterion=first, value=value)
    return rubric


def test_criterion_delete_page_states_the_weights_left(demo_event, secretariat_client):
    rubric = _unscored_rubric()
    first = rubric.criteria.get(name="Visi")

    response = secretariat_client.get(reverse("evaluations:criterion_delete", args=[rubric.pk, first.pk]))

    assert asked(response) == [
        "Kriteria “Visi” (bobot 40) dihapus beserta 3 deskripsi tingkatnya.",
        "Rubrik uji (v1) kemudian memiliki 1 kriteria dengan jumlah bobot 60.",
    ]


# Every deletion: (url name, builds the object and the url's arguments, model, the audit action).
def _day(demo_event):
    day = _free_day(demo_event["event"])
    return day, [demo_event["event"].pk, day.pk]


def _break(demo_event):
    item = demo_event["event"].breaks.get()
    return item, [demo_event["event"].pk, item.pk]


def _room(demo_event):
    room = RoomFactory(event=demo_event["event"])
    return room, [demo_event["event"].pk, room.pk]


def _award(demo_event):
    award = demo_event["event"].award_categories.first()
    return award, [demo_event["event"].pk, award.pk]


def _window(demo_event):
    event = demo_event["event"]
    window = AvailabilityWindowFactory(event=event, day=event.days.first())
    return window, [event.pk, window.pk]


def _conflict(demo_event):
    conflict = DeclaredConflictFactory(region=demo_event["pemalang"].participation.region)
    return conflict, [demo_event["event"].pk, conflict.pk]


def _panel(demo_event):
    panel = PanelFactory(event=demo_event["event"], name="Panel 3")
    return panel, [demo_event["event"].pk, panel.pk]


def _session(demo_event):
    event = demo_event["event"]
    session = SessionFactory(
        event=event, participation__status=ParticipationStatus.SELECTED, day=event.days.first(),
        room=event.rooms.first(), starts=T(13, 15), ends=T(14, 0),
    )  # fmt: skip
    return session, [event.pk, session.pk]


def _criterion(demo_event):
    rubric = _unscored_rubric()
    criterion = rubric.criteria.get(name="Visi")
    return criterion, [rubric.pk, criterion.pk]


DELETIONS = {
    "day_delete": (_day, EventDay, "evaluation.setup_deleted"),
    "break_delete": (_break, Break, "evaluation.setup_deleted"),
    "room_delete": (_room, Room, "evaluation.setup_deleted"),
    "award_delete": (_award, AwardCategory, "evaluation.setup_deleted"),
    "availability_delete": (_window, AvailabilityWindow, "evaluation.setup_deleted"),
    "conflict_delete": (_conflict, DeclaredConflict, "evaluation.setup_deleted"),
    "panel_delete": (_panel, Panel, "evaluation.setup_deleted"),
    "session_delete": (_session, Session, "evaluation.session_deleted"),
    "criterion_delete": (_criterion, Criterion, "evaluation.criterion_deleted"),
}


@pytest.mark.parametrize("name", sorted(DELETIONS))
def test_deletion_asks_first_then_deletes_and_audits(demo_event, secretariat_client, name):
    """One demo event per deletion is slow to build, so both halves share it: first the question, then the act."""
    build, model, action = DELETIONS[name]
    item, args = build(demo_event)
    url = reverse(f"evaluations:{name}", args=args)

    confirm_page = secretariat_client.post(url)
    kept, audits_before = model.objects.filter(pk=item.pk).exists(), _audits(action)
    done = secretariat_client.post(url, YES)

    assert asked(confirm_page)
    assert 'id="confirm-yes"' in confirm_page.content.decode()
    assert (kept, audits_before) == (True, 0)
    assert done.status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
    assert list(AuditEntry.objects.filter(action=action).values_list("target_id", "actor")) == [
        (str(item.pk), demo_event["sekretariat"].pk)
    ]


def test_deletion_of_another_events_item_is_404_even_to_ask(demo_event, secretariat_client):
    other = EvaluationEventFactory()
    room = demo_event["event"].rooms.first()

    response = secretariat_client.get(reverse("evaluations:room_delete", args=[other.pk, room.pk]))

    assert response.status_code == 404
