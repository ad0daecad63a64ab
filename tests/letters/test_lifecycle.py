"""Each move of a letter and each refusal (letters/services.py)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kotacerdas.core.models import AuditEntry
from kotacerdas.letters import services
from kotacerdas.letters.models import Dispatch, Letter, LetterKind, LetterStatus
from tests.factories import UserFactory
from tests.letters.conftest import scan_upload
from tests.utils import docx_text

K, S = LetterKind, LetterStatus
pytestmark = pytest.mark.usefixtures("english")  # messages compared in English (their ids)


def invitation(world, index=0):
    return services.prepare_letter(
        K.EVALUATION_INVITATION,
        session=world["sessions"][index],
        letter_date=world["date"],
        by=world["secretariat"],
    )


def test_prepare_letter_makes_a_draft_with_values_from_the_data(world):
    letter = invitation(world)

    values = letter.values
    assert (letter.status, letter.number, letter.region) == (S.DRAFT, "", world["kabupaten"])
    assert (values["jabatan_kepala_daerah"], values["hari_tanggal_sesi"]) == (
        "Bupati Sukamaju",
        "Kamis, 13 November 2031",
    )
    assert (values["jam_mulai"], values["jam_selesai"], values["zona"], values["ruang"]) == (
        "09.00",
        "09.45",
        "WIB",
        "Ruang Garuda",
    )
    assert values["opd_pengampu"] == "Dinas Komunikasi dan Informatika"
    assert letter.pdf.name.endswith(".pdf") and letter.docx.name.endswith(".docx")


def test_a_kota_is_addressed_to_its_wali_kota(world):
    letter = invitation(world, 1)

    assert letter.values["jabatan_kepala_daerah"] == "Wali Kota Mekarsari"


def test_preparing_again_refreshes_the_draft_instead_of_doubling_it(world):
    first = invitation(world)
    session = world["sessions"][0]
    session.room.name = "Ruang Rajawali"
    session.room.save()

    second = invitation(world)

    assert second.pk == first.pk
    assert Letter.objects.count() == 1
    assert second.values["ruang"] == "Ruang Rajawali"


def test_finalise_takes_the_number_and_freezes_the_files(world):
    letter = invitation(world)

    letter = services.finalise_letter(letter, by=world["secretariat"])

    assert (letter.status, letter.seq, letter.number) == (S.FINALISED, 1, "1/DJAI.3/AI.03.02/X/2031")
    assert letter.finalised_by == world["secretariat"]
    with letter.docx.open("rb") as handle:
        text = docx_text(handle.read())
    assert "1/DJAI.3/AI.03.02/X/2031" in text and "DRAF" not in text
    assert AuditEntry.objects.filter(action="letter.status", new_value=S.FINALISED).count() == 1


def test_finalising_twice_is_refused(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError, match="cannot move"):
        services.finalise_letter(letter, by=world["secretariat"])
    letter.refresh_from_db()
    assert letter.seq == 1


def test_finalise_is_refused_while_a_value_is_missing(world):
    stage = world["stage"]
    stage.place = ""
    stage.save()
    letter = services.prepare_letter(
        K.BIMTEK_INVITATION,
        stage=stage,
        participation=world["participations"][0],
        by=world["secretariat"],
    )

    with pytest.raises(ValidationError, match=r"\{tempat\}"):
        services.finalise_letter(letter, by=world["secretariat"])
    letter.refresh_from_db()
    assert (letter.status, letter.number) == (S.DRAFT, "")


def test_signing_a_draft_is_refused(world):
    letter = invitation(world)

    with pytest.raises(ValidationError, match="cannot move"):
        services.sign_letter(letter, scan_upload(), by=world["secretariat"])


def test_signing_keeps_the_scan_under_a_random_name(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    letter = services.sign_letter(letter, scan_upload("surat bupati.pdf"), by=world["secretariat"])

    assert letter.status == S.SIGNED
    assert "bupati" not in letter.signed_scan.name and letter.signed_scan.name.endswith(".pdf")


def test_a_scan_that_is_no_pdf_or_image_is_refused(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError):
        services.sign_letter(letter, scan_upload("x.pdf", b"<html>no</html>"), by=world["secretariat"])
    letter.refresh_from_db()
    assert letter.status == S.FINALISED


def test_sending_an_unsigned_letter_is_refused(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError, match="cannot move"):
        services.send_letter(letter, by=world["secretariat"])
    assert mail.outbox == [] and Dispatch.objects.count() == 0


def test_send_mails_the_pdf_and_scan_to_the_team_and_logs_it(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])
    letter = services.sign_letter(letter, scan_upload(), by=world["secretariat"])

    dispatch = services.send_letter(letter, by=world["secretariat"])

    letter.refresh_from_db()
    assert letter.status == S.SENT and letter.sent_by == world["secretariat"]
    assert (dispatch.ok, dispatch.recipients, dispatch.by) == (
        True,
        ["tim@sukamaju.test"],
        world["secretariat"],
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == ["tim@sukamaju.test"] and message.to == []
    stem = letter.filename_stem()
    names = sorted(name for name, _content, _type in message.attachments)
    assert names == [f"{stem}-ttd.pdf", f"{stem}.pdf"]
    assert letter.number in message.subject


def test_a_failed_sending_is_logged_and_leaves_the_letter_signed(world, monkeypatch):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])
    letter = services.sign_letter(letter, scan_upload(), by=world["secretariat"])

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    dispatch = services.send_letter(letter, by=world["secretariat"])

    letter.refresh_from_db()
    assert (dispatch.ok, letter.status) == (False, S.SIGNED)
    assert "mail server down" in dispatch.error


def test_cancel_keeps_the_number_and_the_reason(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    letter = services.cancel_letter(letter, reason="Jadwal berubah.", by=world["secretariat"])

    assert (letter.status, letter.number, letter.cancel_reason) == (
        S.CANCELLED,
        "1/DJAI.3/AI.03.02/X/2031",
        "Jadwal berubah.",
    )


def test_cancel_without_a_reason_is_refused(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError, match="reason"):
        services.cancel_letter(letter, reason="  ", by=world["secretariat"])


def test_cancelling_a_draft_or_a_sent_letter_is_refused(world):
    draft = invitation(world)

    with pytest.raises(ValidationError, match="cannot move"):
        services.cancel_letter(draft, reason="x", by=world["secretariat"])


def test_editing_a_finalised_letters_values_is_refused(world):
    letter = services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError, match="cannot be edited"):
        services.update_letter(
            letter,
            overrides={"ruang": "Ruang Lain"},
            expected_revision=letter.revision,
            by=world["secretariat"],
        )
    letter.refresh_from_db()
    assert letter.values["ruang"] == "Ruang Garuda"


def test_a_draft_value_set_by_hand_survives_a_refresh(world):
    letter = invitation(world)

    letter = services.update_letter(
        letter,
        overrides={"ruang": "Ruang Merpati"},
        expected_revision=letter.revision,
        by=world["secretariat"],
    )
    letter = services.refresh_letter(letter, by=world["secretariat"])

    assert letter.values["ruang"] == "Ruang Merpati"


def test_deleting_a_draft_removes_it_and_a_finalised_letter_stays(world):
    draft = invitation(world)
    finalised = services.finalise_letter(invitation(world, 1), by=world["secretariat"])

    services.delete_letter(draft, by=world["secretariat"])
    with pytest.raises(ValidationError, match="Only a draft"):
        services.delete_letter(finalised, by=world["secretariat"])

    assert list(Letter.objects.values_list("pk", flat=True)) == [finalised.pk]


def test_a_second_letter_about_a_finalised_subject_is_refused(world):
    services.finalise_letter(invitation(world), by=world["secretariat"])

    with pytest.raises(ValidationError, match="already a letter"):
        invitation(world)


def test_somebody_without_the_permission_prepares_nothing(world):
    with pytest.raises(ValidationError, match="role"):
        services.prepare_letter(K.EVALUATION_INVITATION, session=world["sessions"][0], by=UserFactory())
    assert Letter.objects.count() == 0


def test_change_status_runs_each_move(world):
    letter = invitation(world)
    by = world["secretariat"]

    letter = services.change_status(letter, S.FINALISED, by=by)
    letter = services.change_status(letter, S.SIGNED, by=by, scan_file=scan_upload())
    letter = services.change_status(letter, S.SENT, by=by)

    assert letter.status == S.SENT
    with pytest.raises(ValidationError, match="cannot move"):
        services.change_status(letter, S.CANCELLED, by=by, reason="x")


def test_sending_to_a_region_without_an_active_team_member_is_refused(world):
    from kotacerdas.regions.models import RegionMembership

    letter = services.finalise_letter(invitation(world), by=world["secretariat"])
    letter = services.sign_letter(letter, scan_upload(), by=world["secretariat"])
    RegionMembership.objects.filter(region=world["kabupaten"]).update(user=UserFactory(is_active=False))

    with pytest.raises(ValidationError, match="no active member"):
        services.send_letter(letter, by=world["secretariat"])
    assert mail.outbox == [] and Dispatch.objects.count() == 0


def test_a_region_team_member_cannot_finalise(world):
    letter = invitation(world)

    with pytest.raises(ValidationError, match="role"):
        services.finalise_letter(letter, by=world["team"])
    letter.refresh_from_db()
    assert letter.status == S.DRAFT
