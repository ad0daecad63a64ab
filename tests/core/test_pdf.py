"""Every document is printed through core/pdf.py: nothing fetched, and no bidirectional override in one field
can reverse what follows it on paper."""

import io

import pytest

from kotacerdas.core import pdf
from tests.utils import pdf_text

RLO = "\u202e"


def test_an_override_in_one_field_does_not_reverse_the_next_on_paper(tmp_path):
    # A presenter's name with a right-to-left override, then their position in the same paragraph.
    html = f"<html><body><p>Pemapar: Budi{RLO}gnp.exe, Kepala Dinas Kominfo</p></body></html>"

    text = pdf_text(pdf.write_pdf(html), tmp_path)

    assert "Budignp.exe, Kepala Dinas Kominfo" in text
    assert "ofnimoK" not in text


def test_right_to_left_letters_themselves_are_kept():
    assert (
        pdf.printable("<p>\u0639\u0644\u064a \u2066x\u2069 \u202ay\u202c</p>")
        == "<p>\u0639\u0644\u064a x y</p>"
    )


def test_a_document_may_not_load_anything():
    with pytest.raises(pdf.ExternalResourceRefused):
        pdf.refuse("https://example.org/logo.png")


def test_a_word_file_keeps_the_text_without_its_bidi_controls():
    from docx import Document

    from tests.utils import docx_text

    document = Document()
    document.add_paragraph(f"Pemapar: Budi{RLO}gnp.exe, Kepala Dinas Kominfo")
    document.sections[0].header.add_paragraph("Kab.\u2066 Uji\u2069")

    data = pdf.save_docx(document)

    assert "Pemapar: Budignp.exe, Kepala Dinas Kominfo" in docx_text(data)
    header = Document(io.BytesIO(data)).sections[0].header.paragraphs[-1].text
    assert header == "Kab. Uji"
