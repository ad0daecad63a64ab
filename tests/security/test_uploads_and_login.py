"""Upload limits and login throttling, where the app's own tests leave gaps.

Already covered elsewhere (not repeated here): spreadsheets that are .csv/.xls/not a zip/over 2 MB
(tests/masterplans/test_spreadsheets.py, tests/monitoring/test_import.py), news images that are SVG, not an
image, BMP or over the size limit (tests/news/test_post_editor.py), and the lockout after five failures
(tests/accounts/test_accounts.py). Added here: other files renamed to .xlsx (a picture, a Word document) and
a zip bomb, for both imports; an image with too many pixels; evidence files over 10 MB on both evidence
forms, and evidence files served only as downloads; and the lockout's reach (spellings of the address, other
people on the same computer) and its Indonesian page.
"""

import io
import zipfile

import docx
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kotacerdas.core.spreadsheets import MAX_UNPACKED_BYTES, XLSX_CONTENT_TYPE
from kotacerdas.implementation.models import SelfEvidence
from kotacerdas.masterplans import models as mp
from kotacerdas.masterplans.models import ProgrammeImport
from kotacerdas.monitoring.forms_values import EVIDENCE_MAX_BYTES
from kotacerdas.monitoring.models import IndicatorValue
from kotacerdas.news.models import PostImage
from tests.factories import UserFactory
from tests.utils import png_bytes

pytestmark = pytest.mark.django_db

PASSWORD = "password-for-tests"


@pytest.fixture
def en(client):
    """Error messages in English, as their message ids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# ------------------------------------------------------------------------------------ spreadsheet imports


def _word_document() -> bytes:
    """A real .docx: a zip of XML, like a workbook, but not one."""
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Program prioritas")
    document.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A small file that unpacks to more than the imports accept."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    return out.getvalue()


RENAMED = [
    pytest.param(
        lambda: png_bytes((40, 20), "#0b5c63"),
        "This file is not an Excel workbook (.xlsx).",
        id="picture-renamed",
    ),
    pytest.param(_word_document, "The workbook could not be read", id="word-document-renamed"),
    pytest.param(_zip_bomb, "This workbook is too large to import.", id="zip-bomb"),
]


@pytest.mark.parametrize(("content", "message"), RENAMED)
def test_programme_import_refuses_other_files_named_xlsx(en, world, content, message):
    mp.Masterplan.objects.filter(pk=world.masterplan.pk).update(status=mp.MasterplanStatus.DRAFT)
    en.force_login(world.editor)
    upload = SimpleUploadedFile("program.xlsx", content(), content_type=XLSX_CONTENT_TYPE)

    response = en.post(reverse("masterplans:programmes_import", args=[world.masterplan.pk]), {"file": upload})

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(message)
    assert not ProgrammeImport.objects.exists()


@pytest.mark.parametrize(("content", "message"), RENAMED)
def test_monitoring_import_refuses_other_files_named_xlsx(en, world, content, message, settings):
    en.force_login(world.editor)
    upload = SimpleUploadedFile("nilai.xlsx", content(), content_type=XLSX_CONTENT_TYPE)
    before = IndicatorValue.objects.count()

    response = en.post(reverse("monitoring:import_upload", args=[world.participation.pk]), {"file": upload})

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(message)
    assert IndicatorValue.objects.count() == before
    stored = settings.MEDIA_ROOT / "imports" / "monitoring"
    assert not stored.exists() or not any(stored.iterdir())


# --------------------------------------------------------------------------------------------- news images


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(en, world):
    """A decompression bomb: a few kilobytes on disk, 40 million pixels and more in memory."""
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, "PNG")
    assert len(out.getvalue()) < 1024 * 1024
    en.force_login(world.secretariat)
    data = {
        "title": "Foto besar",
        "slug": "foto-besar",
        "summary": "",
        "body": "Isi.",
        "status": "draft",
        "publish_at": "2019-03-04T09:00",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "8",
        "images-0-order": "0",
        "images-0-alt_text": "Foto",
        "images-0-image": SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png"),
    }
    before = PostImage.objects.count()

    response = en.post(reverse("news:post_create"), data)

    assert response.status_code == 400
    assert response.context["images"].forms[0].errors["image"] == ["The image has too many pixels."]
    assert PostImage.objects.count() == before


# ------------------------------------------------------------------------------------------ evidence files


def _too_large(name="bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * EVIDENCE_MAX_BYTES, content_type="application/pdf")


def test_an_indicator_value_with_evidence_over_10_mb_is_refused(en, world):
    en.force_login(world.editor)
    before = IndicatorValue.objects.count()

    response = en.post(
        reverse("monitoring:value_report", args=[world.participation.pk, world.tracked.pk]),
        {
            "year": "2020",
            "value": "4",
            "source": "BPS",
            "method": "",
            "quality": "2",
            "evidence_file": _too_large(),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["evidence_file"] == [
        "The file is larger than 10 MB. Give a link to the document instead, or a smaller extract."
    ]
    assert IndicatorValue.objects.count() == before


def test_a_self_assessment_with_evidence_over_10_mb_is_refused(en, world):
    from kotacerdas.implementation.models import RoundStatus

    world.round.__class__.objects.filter(pk=world.round.pk).update(status=RoundStatus.SELF_ASSESSMENT)
    world.entry.__class__.objects.filter(pk=world.entry.pk).update(self_status="draft")
    en.force_login(world.editor)

    response = en.post(
        reverse("implementation:entry_detail", args=[world.round.year, world.entry.pk]),
        {"revision": "1", "ev_impact_explanation": "Survei", "ev_impact_file": _too_large()},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["ev_impact_file"] == [
        "The file is larger than 10 MB. Give a link to the document instead, or a smaller extract."
    ]
    assert not SelfEvidence.objects.filter(dimension="impact").exists()


def test_evidence_files_are_only_ever_downloaded_never_shown_in_the_browser(client, world):
    """Evidence may be any kind of file, so an uploaded HTML or SVG page must never open inside the site."""
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    world.value.evidence_file.save("bukti.html", ContentFile(page), save=True)
    evidence = SelfEvidence.objects.get(entry=world.entry)
    evidence.evidence_file.save(
        "bukti.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    )

    client.force_login(world.editor)
    responses = [
        client.get(reverse("monitoring:value_evidence", args=[world.participation.pk, world.value.pk])),
        client.get(
            reverse("implementation:entry_evidence", args=[world.round.year, world.entry.pk, "baseline"])
        ),
    ]

    for response in responses:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in response
        response.close()


# ---------------------------------------------------------------------------------------- login throttling

LOGIN = "/accounts/login/"
LOCKED_TITLE = "Terlalu banyak percobaan yang gagal"
LOCKED_TEXT = "proses masuk dengan alamat email ini ditangguhkan selama 15 menit"


def _attempt(client, username, password="salah"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_wrong_passwords_lock_the_address_with_a_clear_indonesian_page(client):
    UserFactory(email="budi@example.test")

    answers = [_attempt(client, "budi@example.test") for _ in range(6)]

    assert [a.status_code for a in answers[:4]] == [200] * 4
    assert all("Masukkan alamat email dan kata sandi yang benar" in a.content.decode() for a in answers[:4])
    locked = answers[-1]
    page = locked.content.decode()
    assert locked.status_code == 429
    assert LOCKED_TITLE in page
    assert LOCKED_TEXT in page
    assert reverse("accounts:password_reset") in page
    assert "_auth_user_id" not in client.session


def test_other_spellings_of_the_address_count_as_the_same_address(client):
    """The login ignores case and surrounding spaces; the throttle must too, or each spelling would give an
    attacker five more guesses."""
    UserFactory(email="budi@example.test")
    for spelling in (
        "budi@example.test",
        "BUDI@EXAMPLE.TEST",
        "Budi@Example.Test",
        " budi@example.test ",
        "bUdI@eXaMpLe.test",
    ):
        _attempt(client, spelling)

    response = _attempt(client, "BuDi@example.TEST", PASSWORD)

    assert response.status_code == 429
    assert LOCKED_TITLE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_address_does_not_lock_other_people_on_the_same_computer(client):
    UserFactory(email="budi@example.test")
    UserFactory(email="sari@example.test")
    for _ in range(5):
        _attempt(client, "budi@example.test")

    response = _attempt(client, "sari@example.test", PASSWORD)

    assert response.status_code == 302
    client.logout()
    assert _attempt(client, "budi@example.test", PASSWORD).status_code == 429


def test_a_successful_login_before_the_limit_starts_the_count_again(client):
    UserFactory(email="budi@example.test")
    for _ in range(4):
        _attempt(client, "budi@example.test")
    assert _attempt(client, "budi@example.test", PASSWORD).status_code == 302
    client.logout()

    answers = [_attempt(client, "budi@example.test") for _ in range(4)]

    assert [a.status_code for a in answers] == [200] * 4
    assert _attempt(client, "budi@example.test", PASSWORD).status_code == 302


def test_logging_in_to_another_account_does_not_reset_the_count(client):
    """Otherwise anyone with an account could guess four times, log in as themselves, and guess again."""
    UserFactory(email="budi@example.test")
    UserFactory(email="sari@example.test")
    for _ in range(4):
        _attempt(client, "budi@example.test")
    assert _attempt(client, "sari@example.test", PASSWORD).status_code == 302
    client.logout()

    _attempt(client, "budi@example.test")

    assert _attempt(client, "budi@example.test", PASSWORD).status_code == 429
