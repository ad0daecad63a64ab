"""The letters' pages: the list, one letter and its moves, the templates, the number registers and the batches,
with two regions' letters present so every leak between them shows. Region A's team may read A's letters once
signed or sent, never a draft or a finalised letter, never region B's; mentors and evaluators read none."""

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.core.models import AuditEntry
from kotacerdas.letters import services
from kotacerdas.letters.models import (
    BatchAction,
    JobStatus,
    Letter,
    LetterBatch,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    NumberRegister,
)
from kotacerdas.letters.seed import load_letter_templates
from kotacerdas.programmes.models import StageKind
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    EvaluationEventFactory,
    EventDayFactory,
    ParticipationFactory,
    ProvinceFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoomFactory,
    SessionFactory,
    StageFactory,
    UserFactory,
)
from tests.utils import asked, count_queries, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

THURSDAY = datetime.date(2018, 12, 13)
LETTER_DAY = datetime.date(2018, 12, 3)
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVAL = LetterKind.EVALUATION_INVITATION


@dataclass
class World:
    cohort: object
    event: object
    stage: object
    region_a: object
    region_b: object
    part_a: object
    part_b: object
    session_a: object
    session_b: object
    secretariat: object
    editor_a: object
    viewer_a: object
    editor_b: object
    mentor_a: object
    evaluator: object


@pytest.fixture
def w(db) -> World:
    return make_world()


def make_world() -> World:
    """Two regions of a 2018 cohort with their teams, a mentor, an evaluator, a bimtek stage and an evaluation
    event with a session for each region, and the starting templates and registers."""
    load_letter_templates()
    cohort = CohortFactory(year=2018, name="Angkatan Uji 2018")
    provinces = sorted((ProvinceFactory() for _ in range(2)), key=lambda p: p.code)
    region_a = RegionFactory(name="Kabupaten Alfa", province=provinces[0])
    region_b = RegionFactory(name="Kota Beta", province=provinces[1], kind="kota")
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status="mentoring")
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status="mentoring")
    event = EvaluationEventFactory(cohort=cohort, name="Evaluasi Uji 2018", venue="Hotel Uji")
    day = EventDayFactory(event=event, date=THURSDAY)
    room = RoomFactory(event=event, name="Nusantara A")
    times = {"starts": datetime.time(14, 45), "ends": datetime.time(15, 30)}
    session_a = SessionFactory(event=event, participation=part_a, day=day, room=room, **times)
    session_b = SessionFactory(
        event=event,
        participation=part_b,
        day=day,
        room=room,
        starts=datetime.time(9),
        ends=datetime.time(9, 45),
    )
    stage = StageFactory(
        cohort=cohort,
        kind=StageKind.BIMTEK_2,
        starts_on=datetime.date(2018, 4, 10),
        ends_on=datetime.date(2018, 4, 12),
    )
    editor_a, viewer_a, editor_b = (
        UserFactory(full_name=n) for n in ("Editor Alfa", "Pembaca Alfa", "Editor Beta")
    )
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mentor_a = UserFactory(full_name="Mentor Alfa", is_mentor=True)
    part_a.mentors.add(mentor_a)
    evaluator = UserFactory(full_name="Evaluator Uji", is_evaluator=True)
    cohort.assessors.add(evaluator)
    return World(
        cohort=cohort,
        event=event,
        stage=stage,
        region_a=region_a,
        region_b=region_b,
        part_a=part_a,
        part_b=part_b,
        session_a=session_a,
        session_b=session_b,
        secretariat=UserFactory(full_name="Sekretariat Uji", is_secretariat=True),
        editor_a=editor_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
        mentor_a=mentor_a,
        evaluator=evaluator,
    )


def draft(w, session) -> Letter:
    return services.prepare_letter(EVAL, session=session, letter_date=LETTER_DAY, by=w.secretariat)


def finalised(w, session, **kwargs) -> Letter:
    return services.finalise_letter(draft(w, session), by=w.secretariat, **kwargs)


def signed(w, session) -> Letter:
    letter = finalised(w, session)
    return services.sign_letter(letter, SimpleUploadedFile("ttd.pdf", SCAN), by=w.secretariat)


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        client.force_login(user)
        return client

    return _login


def url(name, *args):
    return reverse(f"letters:{name}", args=args)


# ---------------------------------------------------------------------------------------------------------
# The list


def test_home_secretariat_lists_every_letter_and_filters_by_status(w, login):
    a, b = signed(w, w.session_a), draft(w, w.session_b)
    client = login(w.secretariat)

    everything = client.get(url("home"))
    drafts = client.get(url("home"), {"status": "draft"})
    by_event = client.get(url("home"), {"event": w.event.pk, "year": "2018", "kind": EVAL})

    assert everything.status_code == 200
    assert set(everything.context["page"].object_list) == {a, b}
    assert list(drafts.context["page"].object_list) == [b]
    assert set(by_event.context["page"].object_list) == {a, b}
    assert a.number in everything.content.decode()
    assert "Ditandatangani" in everything.content.decode()  # the status, in Indonesian


def test_home_region_team_sees_only_its_signed_letters(w, login):
    signed_a = signed(w, w.session_a)
    services.prepare_letter(
        LetterKind.BIMTEK_INVITATION, stage=w.stage, participation=w.part_a, by=w.secretariat
    )
    signed(w, w.session_b)

    for user in (w.editor_a, w.viewer_a):
        response = login(user).get(url("home"))
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [signed_a]
        assert response.context["can_manage"] is False


def test_home_region_filter_shows_one_regions_letters_and_leaks_nothing(w, login):
    a, b = signed(w, w.session_a), signed(w, w.session_b)

    secretariat = login(w.secretariat).get(url("home"), {"region": w.region_b.code})
    assert list(secretariat.context["page"].object_list) == [b]
    assert w.region_b.name in secretariat.content.decode()

    team_a = login(w.editor_a).get(url("home"), {"region": w.region_b.code})
    assert list(team_a.context["page"].object_list) == []
    assert b.number not in team_a.content.decode()
    assert list(
        login(w.editor_a).get(url("home"), {"region": w.region_a.code}).context["page"].object_list
    ) == [a]


@pytest.mark.parametrize("who", ["mentor_a", "evaluator"])
def test_home_mentor_and_evaluator_see_no_letter(w, login, who):
    signed(w, w.session_a)

    response = login(getattr(w, who)).get(url("home"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


# ---------------------------------------------------------------------------------------------------------
# One letter: scope (404) and permission (403)


def test_other_regions_team_gets_404_for_letter_pdf_docx_and_scan(w, login):
    letter = signed(w, w.session_a)
    client = login(w.editor_b)

    answers = [
        client.get(url(name, letter.pk)).status_code
        for name in ("letter", "letter_pdf", "letter_docx", "letter_scan")
    ]

    assert answers == [404, 404, 404, 404]


@pytest.mark.parametrize("who", ["mentor_a", "evaluator"])
def test_mentor_and_evaluator_get_404_for_a_signed_letter(w, login, who):
    letter = signed(w, w.session_a)
    client = login(getattr(w, who))

    answers = [
        client.get(url(name, letter.pk)).status_code for name in ("letter", "letter_pdf", "letter_scan")
    ]

    assert answers == [404, 404, 404]


def test_team_gets_404_for_its_regions_draft_and_finalised_letter(w, login):
    letter = draft(w, w.session_a)
    client = login(w.editor_a)
    assert client.get(url("letter", letter.pk)).status_code == 404
    assert client.get(url("letter_pdf", letter.pk)).status_code == 404

    services.finalise_letter(letter, by=w.secretariat)

    assert client.get(url("letter", letter.pk)).status_code == 404
    assert client.get(url("letter_pdf", letter.pk)).status_code == 404


def test_team_reads_its_signed_letter_and_downloads_files_without_actions(w, login, tmp_path):
    letter = signed(w, w.session_a)
    client = login(w.viewer_a)

    page = client.get(url("letter", letter.pk))
    pdf = client.get(url("letter_pdf", letter.pk))
    scan = client.get(url("letter_scan", letter.pk))

    assert page.status_code == 200
    html = page.content.decode()
    assert letter.number in html
    assert 'id="send"' not in html and 'id="cancel"' not in html and 'id="values"' not in html
    assert (
        'id="trail"' not in html and 'id="dispatches"' not in html
    )  # no audit trail or send log for the team
    assert pdf.status_code == 200
    assert "Kamis, 13 Desember 2018" in pdf_text(b"".join(pdf.streaming_content), tmp_path)
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content) == SCAN
    assert scan["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("name", ["letter_send", "letter_cancel"])
def test_team_gets_403_for_moves_on_its_signed_letter(w, login, name):
    letter = signed(w, w.session_a)
    client = login(w.editor_a)

    assert client.get(url(name, letter.pk)).status_code == 403
    assert client.post(url(name, letter.pk), {"reason": "x", "confirm": "yes"}).status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SIGNED


def test_secretariat_detail_shows_values_trail_and_draft_preview(w, login, tmp_path):
    letter = draft(w, w.session_a)
    client = login(w.secretariat)

    page = client.get(url("letter", letter.pk))
    pdf = client.get(url("letter_pdf", letter.pk))
    docx = client.get(url("letter_docx", letter.pk))

    html = page.content.decode()
    assert page.status_code == 200
    assert "{ruang}" in html and "Nusantara A" in html
    assert 'id="finalise"' in html and 'id="send"' not in html
    assert [label for _entry, label, _value in page.context["trail"]]
    text = pdf_text(pdf.content, tmp_path)
    assert "DRAF" in text and "14.45–15.30 WIB" in text
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


# ---------------------------------------------------------------------------------------------------------
# Finalise


def test_finalise_asks_first_then_takes_the_registers_next_number(w, login):
    letter = draft(w, w.session_a)
    register = NumberRegister.objects.get(kind=EVAL, year=2018)
    before = register.last_seq
    client = login(w.secretariat)

    question = client.post(url("letter_finalise", letter.pk), {"given_number": ""})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    lines = asked(question)
    assert any("tidak pernah" in line.lower() or "never" in line.lower() for line in lines)

    done = client.post(url("letter_finalise", letter.pk), {"given_number": "", "confirm": "yes"})

    letter.refresh_from_db()
    register.refresh_from_db()
    assert done.status_code == 302
    assert letter.status == LetterStatus.FINALISED
    assert register.last_seq == before + 1
    assert letter.seq == before + 1 and letter.register == register
    assert letter.number.startswith(f"{before + 1}/") and letter.number.endswith("/XII/2018")
    assert letter.pdf and letter.docx


def test_finalise_double_click_second_post_is_refused_and_number_unchanged(w, login):
    letter = draft(w, w.session_a)
    client = login(w.secretariat)
    client.post(url("letter_finalise", letter.pk), {"given_number": "", "confirm": "yes"})
    letter.refresh_from_db()
    number, last = letter.number, NumberRegister.objects.get(kind=EVAL, year=2018).last_seq

    second = client.post(
        url("letter_finalise", letter.pk), {"given_number": "", "confirm": "yes"}, follow=True
    )

    letter.refresh_from_db()
    assert letter.number == number
    assert NumberRegister.objects.get(kind=EVAL, year=2018).last_seq == last
    assert (
        AuditEntry.objects.filter(
            action="letter.status", new_value="finalised", target_id=str(letter.pk)
        ).count()
        == 1
    )
    assert "sudah berstatus “Final”" in second.content.decode()


def test_finalise_with_the_number_given_by_srikandi_takes_no_register_number(w, login):
    letter = draft(w, w.session_a)
    last = NumberRegister.objects.get(kind=EVAL, year=2018).last_seq
    client = login(w.secretariat)

    question = client.post(url("letter_finalise", letter.pk), {"given_number": "B-123/DJAI/AI.03.01/12/2018"})
    assert any("B-123/DJAI/AI.03.01/12/2018" in line for line in asked(question))
    client.post(
        url("letter_finalise", letter.pk), {"given_number": "B-123/DJAI/AI.03.01/12/2018", "confirm": "yes"}
    )

    letter.refresh_from_db()
    assert (letter.status, letter.number, letter.number_given, letter.seq) == (
        LetterStatus.FINALISED,
        "B-123/DJAI/AI.03.01/12/2018",
        True,
        None,
    )
    assert NumberRegister.objects.get(kind=EVAL, year=2018).last_seq == last


def test_finalise_with_a_number_another_letter_has_is_refused_in_indonesian(w, login):
    first = finalised(w, w.session_a)
    letter = draft(w, w.session_b)
    client = login(w.secretariat)

    response = client.post(
        url("letter_finalise", letter.pk), {"given_number": first.number, "confirm": "yes"}
    )

    letter.refresh_from_db()
    assert response.status_code == 400
    assert letter.status == LetterStatus.DRAFT and letter.number == ""
    assert "tidak pernah dipakai ulang" in response.content.decode()


def test_finalise_get_shows_the_confirmation_page(w, login):
    letter = draft(w, w.session_a)

    response = login(w.secretariat).get(url("letter_finalise", letter.pk))

    assert asked(response)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


# ---------------------------------------------------------------------------------------------------------
# Sign, send, cancel


def test_sign_saves_the_scan_and_the_letter_is_signed(w, login):
    letter = finalised(w, w.session_a)
    client = login(w.secretariat)

    response = client.post(url("letter_sign", letter.pk), {"scan": SimpleUploadedFile("ttd.pdf", SCAN)})

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.status == LetterStatus.SIGNED
    assert letter.signed_by == w.secretariat
    assert letter.signed_scan.name.endswith(".pdf") and "ttd" not in letter.signed_scan.name


def test_sign_refuses_a_file_that_is_not_a_scan_in_indonesian(w, login):
    letter = finalised(w, w.session_a)
    client = login(w.secretariat)

    response = client.post(url("letter_sign", letter.pk), {"scan": SimpleUploadedFile("ttd.pdf", b"<html>")})

    letter.refresh_from_db()
    assert response.status_code == 400
    assert letter.status == LetterStatus.FINALISED and not letter.signed_scan
    assert response.context["form"].errors["scan"] == ["Pindaian harus berupa berkas PDF, PNG, atau JPEG."]


def test_sign_is_refused_for_a_draft(w, login):
    letter = draft(w, w.session_a)

    response = login(w.secretariat).post(
        url("letter_sign", letter.pk), {"scan": SimpleUploadedFile("a.pdf", SCAN)}
    )

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.status == LetterStatus.DRAFT and not letter.signed_scan


def test_send_asks_listing_the_recipients_then_mails_and_logs(w, login):
    letter = signed(w, w.session_a)
    client = login(w.secretariat)

    question = client.post(url("letter_send", letter.pk))
    lines = asked(question)
    assert any(w.editor_a.email in line and w.viewer_a.email in line for line in lines)
    assert not any(w.editor_b.email in line for line in lines)
    assert mail.outbox == []

    client.post(url("letter_send", letter.pk), {"confirm": "yes"})

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].bcc) == sorted([w.editor_a.email, w.viewer_a.email])
    dispatch = letter.dispatches.get()
    assert dispatch.ok and sorted(dispatch.recipients) == sorted([w.editor_a.email, w.viewer_a.email])
    page = client.get(url("letter", letter.pk))
    assert w.viewer_a.email in page.content.decode()  # the send log
    assert login(w.editor_a).get(url("letter", letter.pk)).status_code == 200


def test_send_is_refused_before_the_letter_is_signed(w, login):
    letter = finalised(w, w.session_a)

    response = login(w.secretariat).post(url("letter_send", letter.pk), {"confirm": "yes"})

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.status == LetterStatus.FINALISED
    assert mail.outbox == []


def test_cancel_needs_a_reason_then_asks_then_keeps_the_number(w, login):
    letter = finalised(w, w.session_a)
    number = letter.number
    client = login(w.secretariat)

    empty = client.post(url("letter_cancel", letter.pk), {"reason": "  "})
    assert empty.status_code == 400
    assert empty.context["form"].errors["reason"]

    question = client.post(url("letter_cancel", letter.pk), {"reason": "Jadwal paparan berubah."})
    assert any("Jadwal paparan berubah." in line for line in asked(question))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FINALISED

    client.post(url("letter_cancel", letter.pk), {"reason": "Jadwal paparan berubah.", "confirm": "yes"})

    letter.refresh_from_db()
    assert (letter.status, letter.number, letter.cancel_reason) == (
        LetterStatus.CANCELLED,
        number,
        "Jadwal paparan berubah.",
    )
    assert letter.cancelled_by == w.secretariat


def test_cancel_is_refused_for_a_draft(w, login):
    letter = draft(w, w.session_a)

    response = login(w.secretariat).post(url("letter_cancel", letter.pk), {"reason": "x", "confirm": "yes"})

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.status == LetterStatus.DRAFT


# ---------------------------------------------------------------------------------------------------------
# Templates


def _template_data(template, **changes):
    fields = [
        "letterhead",
        "place",
        "nature",
        "attachment",
        "subject",
        "addressee",
        "opening",
        "body",
        "closing",
        "signer_position",
        "signer_name",
        "signer_nip",
        "copies",
    ]
    data = {name: getattr(template, name) for name in fields}
    data["revision"] = template.revision
    data.update(changes)
    return data


def test_template_page_lists_the_placeholders_with_their_help(w, login):
    response = login(w.secretariat).get(url("template_edit", EVAL))

    html = response.content.decode()
    assert response.status_code == 200
    assert "{hari_tanggal_sesi}" in html and "{ruang}" in html
    assert "{nama_penghargaan}" not in html  # an award certificate's, not an invitation's


def test_template_edit_saves_and_bumps_the_revision(w, login):
    template = LetterTemplate.objects.get(kind=EVAL)
    client = login(w.secretariat)

    response = client.post(
        url("template_edit", EVAL), _template_data(template, subject="Undangan Paparan {nama_daerah}")
    )

    template.refresh_from_db()
    assert response.status_code == 302
    assert template.subject == "Undangan Paparan {nama_daerah}"
    assert template.revision == 1
    assert AuditEntry.objects.filter(action="letter.template_saved", target_id=str(template.pk)).exists()


def test_template_unknown_placeholder_is_refused_naming_it_in_indonesian(w, login):
    template = LetterTemplate.objects.get(kind=EVAL)
    client = login(w.secretariat)

    response = client.post(url("template_edit", EVAL), _template_data(template, body="Hadir di {ruangan}."))

    template.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Isian tidak dikenal: {ruangan}."]
    assert "{ruangan}" not in template.body


def test_template_stale_edit_answers_409_and_keeps_the_text(w, login):
    template = LetterTemplate.objects.get(kind=EVAL)
    opened = _template_data(template, body="Teks saya yang baru.")
    client = login(w.secretariat)
    client.post(url("template_edit", EVAL), _template_data(template, closing="Terima kasih."))  # someone else

    response = client.post(url("template_edit", EVAL), opened)

    template.refresh_from_db()
    assert response.status_code == 409
    assert "Teks saya yang baru." in response.content.decode()
    assert template.body != "Teks saya yang baru."
    assert template.closing == "Terima kasih."


def test_template_of_an_unknown_kind_is_404(w, login):
    assert login(w.secretariat).get(url("template_edit", "surat_cinta")).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Number registers


def test_register_create_previews_then_saves(w, login):
    client = login(w.secretariat)
    data = {"kind": EVAL, "year": "2019", "pattern": "B-{seq}/DJAI/{month}/{year}"}

    preview = client.post(url("register_create"), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert preview.context["preview"] == "B-1/DJAI/01/2019"
    assert not NumberRegister.objects.filter(year=2019).exists()

    saved = client.post(url("register_create"), data)

    register = NumberRegister.objects.get(kind=EVAL, year=2019)
    assert saved.status_code == 302
    assert (register.pattern, register.last_seq) == ("B-{seq}/DJAI/{month}/{year}", 0)


def test_register_pattern_without_seq_and_a_second_register_are_refused(w, login):
    client = login(w.secretariat)

    no_seq = client.post(url("register_create"), {"kind": EVAL, "year": "2019", "pattern": "DJAI/{year}"})
    twice = client.post(url("register_create"), {"kind": EVAL, "year": "2018", "pattern": "{seq}/{year}"})

    assert no_seq.status_code == 400 and no_seq.context["form"].errors["pattern"]
    assert twice.status_code == 400 and twice.context["form"].non_field_errors()
    assert NumberRegister.objects.filter(kind=EVAL).count() == 1


def test_register_edit_changes_the_pattern_only(w, login):
    register = NumberRegister.objects.get(kind=EVAL, year=2018)
    NumberRegister.objects.filter(pk=register.pk).update(last_seq=7)
    client = login(w.secretariat)

    page = client.get(url("register_edit", register.pk))
    assert "8/" in page.context["preview"]
    client.post(
        url("register_edit", register.pk),
        {"kind": "bimtek_invitation", "year": "2030", "last_seq": "0", "pattern": "X-{seq}/{year}"},
    )

    register.refresh_from_db()
    assert (register.kind, register.year, register.last_seq, register.pattern) == (
        EVAL,
        2018,
        7,
        "X-{seq}/{year}",
    )
    assert next(r for r, *_ in client.get(url("registers")).context["rows"] if r.pk == register.pk)


# ---------------------------------------------------------------------------------------------------------
# Batches


def test_batch_for_the_event_prepares_one_draft_per_session(w, login):
    client = login(w.secretariat)

    response = client.post(
        url("batch_new"), {"kind": EVAL, "subject": f"event:{w.event.pk}", "letter_date": "2018-12-03"}
    )

    batch = LetterBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == url("batch", batch.pk)
    assert (batch.status, batch.total, batch.done_count, batch.action) == (
        JobStatus.DONE,
        2,
        2,
        BatchAction.PREPARE,
    )
    letters = Letter.objects.filter(batch=batch)
    assert {letter.region for letter in letters} == {w.region_a, w.region_b}
    assert {letter.status for letter in letters} == {LetterStatus.DRAFT}
    assert {letter.letter_date for letter in letters} == {LETTER_DAY}
    page = client.get(url("batch", batch.pk))
    assert page.status_code == 200 and page.context["drafts"] == 2
    assert 'id="finalise-all"' in page.content.decode()
    assert client.get(url("batch_zip", batch.pk)).status_code == 200


def test_batch_refuses_a_kind_that_does_not_come_from_the_subject(w, login):
    client = login(w.secretariat)

    response = client.post(
        url("batch_new"),
        {"kind": LetterKind.BIMTEK_INVITATION, "subject": f"event:{w.event.pk}", "letter_date": "2018-12-03"},
    )

    assert response.status_code == 400
    assert "tahap bimtek" in " ".join(response.context["form"].errors["subject"])
    assert not LetterBatch.objects.exists()


def test_batch_new_takes_the_subject_from_the_address(w, login):
    response = login(w.secretariat).get(url("batch_new"), {"stage": w.stage.pk})

    assert response.context["form"].initial["subject"] == f"stage:{w.stage.pk}"


def test_batch_progress_polls_while_running_and_reloads_the_page_when_done(w, login):
    batch = LetterBatch.objects.create(
        kind=EVAL,
        event=w.event,
        cohort=w.cohort,
        total=4,
        done_count=1,
        progress=25,
        status=JobStatus.RUNNING,
    )
    client = login(w.secretariat)

    running = client.get(url("batch_progress", batch.pk), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "HX-Refresh" not in running
    LetterBatch.objects.filter(pk=batch.pk).update(status=JobStatus.DONE, progress=100, done_count=4)

    done = client.get(url("batch_progress", batch.pk), headers={"HX-Request": "true"})

    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_batch_failed_shows_the_error_and_retry_runs_it_again(w, login):
    batch = LetterBatch.objects.create(
        kind=EVAL,
        event=w.event,
        cohort=w.cohort,
        status=JobStatus.FAILED,
        error="Surat untuk Kota Beta gagal.",
    )
    client = login(w.secretariat)
    page = client.get(url("batch", batch.pk))
    assert "Surat untuk Kota Beta gagal." in page.content.decode()
    assert 'id="batch-retry"' in page.content.decode()

    client.post(url("batch_retry", batch.pk))

    batch.refresh_from_db()
    assert (batch.status, batch.done_count, batch.error) == (JobStatus.DONE, 2, "")
    assert Letter.objects.filter(kind=EVAL, status=LetterStatus.DRAFT).count() == 2


def test_batch_finalise_all_asks_with_the_numbers_then_finalises(w, login):
    client = login(w.secretariat)
    client.post(
        url("batch_new"), {"kind": EVAL, "subject": f"event:{w.event.pk}", "letter_date": "2018-12-03"}
    )
    batch = LetterBatch.objects.get()

    question = client.post(url("batch_finalise", batch.pk))
    lines = asked(question)
    assert any("1/" in line and "2/" in line for line in lines)
    assert Letter.objects.filter(status=LetterStatus.DRAFT).count() == 2

    response = client.post(url("batch_finalise", batch.pk), {"confirm": "yes"})

    finalising = LetterBatch.objects.get(action=BatchAction.FINALISE)
    assert response["Location"] == url("batch", finalising.pk)
    assert finalising.status == JobStatus.DONE
    numbers = sorted(Letter.objects.values_list("seq", flat=True))
    assert numbers == [1, 2]
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.FINALISED}
    again = client.post(url("batch_finalise", batch.pk), {"confirm": "yes"})
    assert again.status_code == 302
    assert LetterBatch.objects.filter(action=BatchAction.FINALISE).count() == 1
    assert sorted(Letter.objects.values_list("seq", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("editor_a", 403), ("mentor_a", 403), ("evaluator", 403), ("editor_b", 403)],
)
def test_batch_page_is_the_secretariats(w, login, who, expected):
    batch = LetterBatch.objects.create(kind=EVAL, event=w.event, cohort=w.cohort, status=JobStatus.DONE)

    response = login(getattr(w, who)).get(url("batch", batch.pk))

    assert response.status_code == expected


def test_batch_page_is_404_for_who_does_not_see_the_cohort(w, login):
    batch = LetterBatch.objects.create(kind=EVAL, event=w.event, cohort=w.cohort, status=JobStatus.DONE)
    stranger = UserFactory(is_evaluator=True)

    assert login(stranger).get(url("batch", batch.pk)).status_code == 404


@pytest.mark.parametrize("name", ["templates", "registers", "register_create", "batches", "batch_new"])
@pytest.mark.parametrize("who", ["editor_a", "mentor_a", "evaluator"])
def test_set_up_pages_are_403_for_everyone_but_the_secretariat(w, login, name, who):
    assert login(getattr(w, who)).get(url(name)).status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(w, login):
    client = login(w.secretariat)
    draft(w, w.session_a)
    one = count_queries(client, url("home"))
    draft(w, w.session_b)

    assert count_queries(client, url("home")) == one
