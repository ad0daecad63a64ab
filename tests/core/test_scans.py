"""Signed scans are accepted by their content (PDF, PNG, JPEG), never by their name, and within the size limit."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core import scans
from tests.utils import png_bytes


class ScanForm(forms.Form):
    scan = scans.ScanField()


def _bound(name: str, content: bytes) -> ScanForm:
    return ScanForm(
        data={}, files={"scan": SimpleUploadedFile(name, content, content_type="application/pdf")}
    )


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", ".pdf"),
        (png_bytes(), ".png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ".jpg"),
    ],
)
def test_a_pdf_or_image_is_kept_under_a_random_name_with_its_real_extension(content, extension):
    form = _bound("../../SK Bupati <final>.exe", content)

    assert form.is_valid(), form.errors
    name = form.cleaned_data["scan"].name
    assert name.endswith(extension) and len(name) == 32 + len(extension)
    assert "/" not in name and "SK" not in name


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"PK\x03\x04 a docx named .pdf",
        b" %PDF-1.7 with a leading space",
    ],
)
def test_anything_else_is_refused_whatever_its_name(content, settings):
    settings.LANGUAGE_CODE = "id"
    form = _bound("scan.pdf", content)

    assert not form.is_valid()
    assert form.errors["scan"] == ["Pindaian harus berupa berkas PDF, PNG, atau JPEG."]


def test_a_scan_over_the_limit_is_refused_with_both_sizes(monkeypatch):
    monkeypatch.setattr(scans, "SCAN_MAX_BYTES", 1024)
    form = _bound("scan.pdf", b"%PDF-1.7\n" + b"0" * 2048)

    assert not form.is_valid()
    message = form.errors["scan"][0]
    assert "2,0" in message and "1,0" in message, message


def test_the_field_tells_the_browser_what_to_offer():
    html = str(ScanForm()["scan"])

    assert 'accept="application/pdf,image/png,image/jpeg"' in html


def test_the_field_never_shows_the_stored_name_or_its_media_address():
    class Stored:
        name, url = "decrees/2026/0123abcd.pdf", "/media/decrees/2026/0123abcd.pdf"

        def __bool__(self):
            return True

    html = str(ScanForm(initial={"scan": Stored()})["scan"])

    assert "0123abcd" not in html and "/media/" not in html
