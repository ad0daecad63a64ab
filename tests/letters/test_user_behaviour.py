"""The letters as a secretariat civil servant uses them, on a laptop or a phone: placeholders typed with spaces or
capitals, text pasted from Word, a double click on save or finalise, a number from SRIKANDI typed in another case,
a year typed with a thousands dot, a stage without a place. Each test is one thing a user did and what the page
must then say (in Indonesian, the default language)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.letters import services
from kotacerdas.letters.models import (
    JobStatus,
    Letter,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    NumberRegister,
)
from kotacerdas.letters.render import document
from kotacerdas.regions.models import RegionMembership
from tests.letters.test_views import LETTER_DAY, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

EVAL = LetterKind.EVALUATION_INVITATION
BIMTEK = LetterKind.BIMTEK_INVITATION


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def secretariat(client, w):
    client.force_login(w.secretariat)
    return client


def url(name, *args):
    return reverse(f"letters:{name}", args=args)


def template_data(template: LetterTemplate, **changes) -> dict:
    data = {
        name: getattr(template, name)
        for name in (
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
        )
    }
    data["revision"] = template.revision
    data.update(changes)
    return data


def draft(w, session=None) -> Letter:
    return services.prepare_letter(
        EVAL, session=session or w.session_a, letter_date=LETTER_DAY, by=w.secretariat
    )


# ---------------------------------------------------------------------------------------------------------
# Templates


@pytest.mark.parametrize("typed", ["{ nama_daerah }", "{Nama_Daerah}", "{nama daerah}", "{nama\u00a0daerah}"])
def test_template_placeholder_typed_loosely_names_the_placeholder_meant(w, secretariat, typed):
    template = LetterTemplate.objects.get(kind=EVAL)

    response = secretariat.post(
        url("template_edit", EVAL), template_data(template, body=f"Kepada {typed} di tempat.")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["body"] == [
        "Isian tidak dikenal: {" + typed[1:-1] + "}. Tulis {nama_daerah}."
    ]
    template.refresh_from_db()
    assert typed not in template.body


def test_template_saved_twice_by_a_double_click_is_saved_once_without_a_conflict(w, secretariat):
    template = LetterTemplate.objects.get(kind=EVAL)
    data = template_data(template, subject="Undangan Evaluasi {nama_daerah}")

    first = secretariat.post(url("template_edit", EVAL), data)
    second = secretariat.post(url("template_edit", EVAL), data)

    assert first.status_code == 302
    assert second.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Undangan Evaluasi {nama_daerah}"
    assert template.revision == 1


def test_template_stale_edit_with_other_text_is_still_refused(w, secretariat):
    template = LetterTemplate.objects.get(kind=EVAL)
    secretariat.post(url("template_edit", EVAL), template_data(template, subject="Versi A {nama_daerah}"))

    response = secretariat.post(url("template_edit", EVAL), template_data(template, subject="Versi B"))

    assert response.status_code == 409
    template.refresh_from_db()
    assert template.subject == "Versi A {nama_daerah}"


def test_template_pasted_from_word_keeps_its_lines_and_fills_placeholders(w, secretariat):
    template = LetterTemplate.objects.get(kind=EVAL)
    body = "Dengan hormat,\r\n\u201cPaparan\u201d\u00a0{nama_daerah}\tdi {tempat}.\r\n"

    response = secretariat.post(url("template_edit", EVAL), template_data(template, body=body))

    assert response.status_code == 302
    letter = draft(w)
    text = repr(document(letter).blocks)
    assert "\u201cPaparan\u201d" in text
    assert "Kabupaten Alfa" in text
    assert "{nama_daerah}" not in text


# ---------------------------------------------------------------------------------------------------------
# Number registers


@pytest.mark.parametrize("typed", ["2.026", "2026 ", " 2 026"])
def test_register_year_typed_with_a_dot_or_spaces_is_read_as_the_year(w, secretariat, typed):
    response = secretariat.post(
        url("register_create"), {"kind": BIMTEK, "year": typed, "pattern": "{seq}/UND/{year}"}
    )

    assert response.status_code == 302
    assert NumberRegister.objects.filter(kind=BIMTEK, year=2026).exists()


def test_register_pattern_with_spaces_in_braces_names_the_field_meant(w, secretariat):
    response = secretariat.post(
        url("register_create"), {"kind": BIMTEK, "year": "2026", "pattern": "{ seq }/UND/{Year}"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["pattern"] == [
        "Bagian pola tidak dikenal: { seq }, {Year}. Yang dapat dipakai: {seq}, {month_roman}, {month}, {year}. "
        "Tulis {seq}, {year}."
    ]


# ---------------------------------------------------------------------------------------------------------
# Letters


def test_finalise_given_number_in_another_case_than_a_used_one_is_refused(w, secretariat):
    services.finalise_letter(draft(w), by=w.secretariat, given_number="B-12/DJAI.3/AI.03.01/XII/2018")
    other = draft(w, w.session_b)

    response = secretariat.post(
        url("letter_finalise", other.pk),
        {"given_number": "  b-12/djai.3/ai.03.01/xii/2018 ", "confirm": "yes"},
    )

    assert response.status_code == 400
    assert "sudah dipakai" in response.context["finalise_form"].errors["given_number"][0]
    other.refresh_from_db()
    assert other.status == LetterStatus.DRAFT


def test_finalise_service_given_number_in_another_case_is_refused(w):
    services.finalise_letter(draft(w), by=w.secretariat, given_number="B-12/DJAI.3")
    other = draft(w, w.session_b)

    with pytest.raises(Exception) as caught:
        services.finalise_letter(other, by=w.secretariat, given_number="b-12/djai.3")

    assert "B-12/DJAI.3" in " ".join(caught.value.messages)


def test_finalise_double_click_says_the_letter_is_finalised_not_an_error(w, secretariat):
    letter = draft(w)
    secretariat.post(url("letter_finalise", letter.pk), {"given_number": "", "confirm": "yes"})

    second = secretariat.post(
        url("letter_finalise", letter.pk), {"given_number": "", "confirm": "yes"}, follow=True
    )

    letter.refresh_from_db()
    shown = [(m.level_tag, str(m)) for m in second.context["messages"]]
    assert letter.status == LetterStatus.FINALISED
    assert Letter.objects.filter(status=LetterStatus.FINALISED).count() == 1
    assert all(level != "error" for level, _text in shown), shown
    assert any(letter.number in text for _level, text in shown), shown


def test_cancel_with_only_spaces_says_why_in_indonesian(w, secretariat):
    letter = services.finalise_letter(draft(w), by=w.secretariat)

    response = secretariat.post(url("letter_cancel", letter.pk), {"reason": "   \u00a0 "})

    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Tuliskan alasan surat dibatalkan."]


def test_send_without_an_active_member_says_so_in_indonesian(w, secretariat):
    letter = services.finalise_letter(draft(w), by=w.secretariat)
    letter = services.sign_letter(letter, SimpleUploadedFile("t.pdf", b"%PDF-1.4\n%%EOF\n"), by=w.secretariat)
    RegionMembership.objects.filter(region=w.region_a).delete()

    response = secretariat.get(url("letter_send", letter.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "tim daerahnya tidak memiliki anggota aktif dengan alamat surel" in page


def test_letter_of_another_region_by_changing_the_id_answers_404(w, client):
    letter = services.sign_letter(
        services.finalise_letter(draft(w, w.session_b), by=w.secretariat),
        SimpleUploadedFile("t.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=w.secretariat,
    )
    client.force_login(w.editor_a)

    for name in ("letter", "letter_pdf", "letter_scan"):
        assert client.get(url(name, letter.pk)).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Batches


def test_stage_without_place_finalising_names_the_empty_placeholder(w):
    w.stage.place = ""
    w.stage.save()
    letter = services.prepare_letter(BIMTEK, stage=w.stage, participation=w.part_a, by=w.secretariat)

    with pytest.raises(Exception) as caught:
        services.finalise_letter(letter, by=w.secretariat)

    assert "{tempat}" in " ".join(caught.value.messages)


# ---------------------------------------------------------------------------------------------------------
# Dates and language


def test_letter_page_in_english_when_english_is_chosen(w, client):
    letter = draft(w)
    client.force_login(w.secretariat)
    client.cookies["django_language"] = "en"

    page = client.get(url("letter", letter.pk)).content.decode()

    assert "Finalise" in page
    assert "Kamis, 13 Desember 2018" in page  # the letter's own values stay Indonesian
    assert "14.45" in page


def signed_letter(w, session=None) -> Letter:
    letter = services.finalise_letter(draft(w, session), by=w.secretariat)
    return services.sign_letter(letter, SimpleUploadedFile("t.pdf", b"%PDF-1.4\n%%EOF\n"), by=w.secretariat)


def test_send_double_click_on_the_confirmation_mails_the_letter_once(w, secretariat):
    letter = signed_letter(w)
    asked_page = secretariat.get(url("letter_send", letter.pk))
    carried = dict(asked_page.context["confirmation"].carry)
    data = {**carried, "confirm": "yes"}

    secretariat.post(url("letter_send", letter.pk), data)
    second = secretariat.post(url("letter_send", letter.pk), data, follow=True)

    letter.refresh_from_db()
    shown = [(m.level_tag, str(m)) for m in second.context["messages"]]
    assert letter.status == LetterStatus.SENT
    assert len(mail.outbox) == 1
    assert letter.dispatches.count() == 1
    assert ("info", "Surat ini baru saja dikirim; surat tidak dikirim lagi.") in shown


def test_send_again_on_purpose_from_a_new_confirmation_mails_it_again(w, secretariat):
    letter = signed_letter(w)
    for _time in range(2):
        carried = dict(secretariat.get(url("letter_send", letter.pk)).context["confirmation"].carry)
        secretariat.post(url("letter_send", letter.pk), {**carried, "confirm": "yes"})

    assert len(mail.outbox) == 2
    assert letter.dispatches.count() == 2


def test_cancel_double_click_says_the_letter_is_cancelled_not_an_error(w, secretariat):
    letter = services.finalise_letter(draft(w), by=w.secretariat)
    data = {"reason": "Salah alamat", "confirm": "yes"}

    secretariat.post(url("letter_cancel", letter.pk), data)
    second = secretariat.post(url("letter_cancel", letter.pk), data, follow=True)

    letter.refresh_from_db()
    shown = [(m.level_tag, str(m)) for m in second.context["messages"]]
    assert letter.status == LetterStatus.CANCELLED
    assert letter.cancel_reason == "Salah alamat"
    assert (
        "info",
        f"Surat ini sudah berstatus “Dibatalkan”, dengan nomor {letter.number}; tidak ada lagi yang diubah.",
    ) in shown


def test_template_long_body_pasted_with_windows_line_breaks_is_saved_within_the_limit(w, secretariat):
    template = LetterTemplate.objects.get(kind=EVAL)
    line = "Baris untuk {nama_daerah}, isi surat ..."  # 40 characters
    body = "\r\n".join([line] * 195)  # 7,994 characters as the browser counts, 8,188 sent with CRs

    response = secretariat.post(url("template_edit", EVAL), template_data(template, body=body))

    assert len(line) == 40
    assert response.status_code == 302
    template.refresh_from_db()
    assert "\r" not in template.body
    assert len(template.body) == 7994
    assert template.body.count("\n") == 194


# ---------------------------------------------------------------------------------------------------------
# Batches from the form


def batch_form(secretariat, kind, subject):
    return secretariat.post(url("batch_new"), {"kind": kind, "subject": subject, "letter_date": "2018-12-03"})


def test_batch_for_an_event_without_sessions_says_the_event_has_none(w, secretariat):
    w.event.sessions.all().delete()

    response = batch_form(secretariat, EVAL, f"event:{w.event.pk}")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Belum ada penerima untuk surat ini: acara evaluasi ini belum punya sesi terjadwal."
    ]


def test_batch_for_a_cohort_without_selected_regions_says_the_cohort_has_none(w, secretariat):
    w.cohort.participations.update(status="not_selected")

    response = batch_form(secretariat, LetterKind.QUICK_WIN_COMMITMENT, f"cohort:{w.cohort.pk}")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Belum ada penerima untuk surat ini: angkatan ini belum punya daerah terpilih."
    ]


def test_batch_finalising_a_stage_without_place_names_the_region_and_the_placeholder(w):
    w.stage.place = ""
    w.stage.save()
    prepared = services.prepare_batch(BIMTEK, stage=w.stage, letter_date=LETTER_DAY, by=w.secretariat)

    batch = services.finalise_batch(prepared, by=w.secretariat)

    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED
    assert batch.error == (
        "Surat untuk Kabupaten Alfa tidak dapat dibuat: Surat masih belum memiliki isian untuk: {tempat}."
    )
    assert not Letter.objects.filter(kind=BIMTEK).exclude(status=LetterStatus.DRAFT).exists()


# ---------------------------------------------------------------------------------------------------------
# The signed scan


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "ttd.pdf",
            b"PK\x03\x04word/document.xml" + b"\0" * 200,
            "Pindaian harus berupa berkas PDF, PNG, atau JPEG.",
        ),
        ("ttd.pdf", b"", "Berkas yang dikirimkan kosong."),
        (
            "ttd.pdf",
            b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024),
            "Ukuran pindaian 20,0\xa0MB; paling besar 10,0\xa0MB.",
        ),
    ],
    ids=["docx-renamed-pdf", "empty", "20-mb"],
)
def test_sign_with_a_file_that_is_no_scan_is_refused_and_the_letter_stays_finalised(
    w, secretariat, name, content, message
):
    letter = services.finalise_letter(draft(w), by=w.secretariat)

    response = secretariat.post(url("letter_sign", letter.pk), {"scan": SimpleUploadedFile(name, content)})

    letter.refresh_from_db()
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["scan"])
    assert letter.status == LetterStatus.FINALISED
    assert not letter.signed_scan
