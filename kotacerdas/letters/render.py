"""A letter on paper: the same content as HTML (printed to PDF by ``core.pdf.write_pdf``) and as a Word file
(saved by ``core.pdf.save_docx``), laid out as tata naskah dinas (docs/shared LETTER-EXAMPLE): letterhead; number,
nature, attachment and subject on the left with the place and date on the right; "Yth." and the addressee;
opening, body and closing; the signer's position, name and NIP; copies; then the attachment, if any.

Decisions, minutes (berita acara), certificates (piagam) and commitment sheets are titled documents: the subject
is their centred title, with the number under it, and there is no "Yth." block.

Every value is text: the HTML template autoescapes it and the Word file holds it as runs of text, so a value
such as ``<script>`` prints as typed and nothing in a letter is ever executed or fetched.
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from kotacerdas.core.pdf import save_docx, write_pdf
from kotacerdas.letters.models import LetterKind
from kotacerdas.letters.placeholders import fill

TITLED_KINDS = {
    LetterKind.SELECTION_DECISION,
    LetterKind.EVENT_REPORT,
    LetterKind.AWARD_CERTIFICATE,
    LetterKind.QUICK_WIN_COMMITMENT,
}
# A line "hari, tanggal : Kamis, 13 Desember 2018" inside a paragraph of such lines prints as a two-column table.
DETAIL_LINE = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s+(.*\S)\s*$")
DRAFT_MARK = "DRAF"


@dataclass
class Block:
    """A paragraph (``lines``) or a table of details (``details``: [(label, value)])."""

    lines: list = field(default_factory=list)
    details: list = field(default_factory=list)


@dataclass
class Document:
    titled: bool
    draft: bool
    letterhead: list
    place_date: str
    number: str
    nature: str
    attachment: str
    subject: str
    addressee: list
    blocks: list
    signer_position: str
    signer_name: str
    signer_nip: str
    copies: list
    signatures: list  # [(position, name)] for a commitment sheet
    annex: dict | None  # {"title", "columns", "rows"}


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


def _blocks(text: str) -> list[Block]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = _lines(chunk)
        if not lines:
            continue
        matches = [DETAIL_LINE.match(line) for line in lines]
        if len(lines) > 1 and all(matches):
            blocks.append(Block(details=[(m.group(1), m.group(2)) for m in matches]))
        else:
            blocks.append(Block(lines=[line.strip() for line in lines]))
    return blocks


def document(letter) -> Document:
    """What the letter says, filled in from its values: the one source of both the PDF and the Word file."""
    template, values = letter.template, letter.values or {}

    def f(text):
        return fill(text, values)

    blocks = []
    for part in (template.opening, template.body, template.closing):
        blocks.extend(_blocks(f(part)))
    date_text = values.get("tanggal_surat", "")
    annex = values.get("lampiran") if isinstance(values.get("lampiran"), dict) else None
    signatures = values.get("tanda_tangan") if isinstance(values.get("tanda_tangan"), list) else []
    return Document(
        titled=letter.kind in TITLED_KINDS,
        draft=letter.is_draft,
        letterhead=_lines(f(template.letterhead)),
        place_date=f"{f(template.place)}, {date_text}",
        number=letter.number,
        nature=f(template.nature),
        attachment=f(template.attachment),
        subject=f(template.subject),
        addressee=_lines(f(template.addressee)),
        blocks=blocks,
        signer_position=f(template.signer_position),
        signer_name=template.signer_name,
        signer_nip=template.signer_nip,
        copies=[f(line) for line in template.copy_lines()],
        signatures=[(str(p), str(n)) for p, n in signatures],
        annex=annex,
    )


def letter_html(letter) -> str:
    with translation.override("id"):
        return render_to_string("letters/document.html", {"doc": document(letter), "draft_mark": DRAFT_MARK})


def letter_css() -> str:
    return render_to_string("letters/document.css")


def letter_pdf(letter) -> bytes:
    return write_pdf(letter_html(letter), letter_css())


def letter_docx(letter) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = document(letter)
    word = WordDocument()
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = word.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)

    def para(text="", *, bold=False, align=None, size=None, space_after=None):
        p = word.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if space_after is not None:
            p.paragraph_format.space_after = Pt(space_after)
        return p

    if doc.draft:
        para(
            f"{DRAFT_MARK} — belum bernomor dan belum ditandatangani",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    for i, line in enumerate(doc.letterhead):
        para(line, bold=i < 2, align=WD_ALIGN_PARAGRAPH.CENTER, size=13 if i < 2 else 9, space_after=0)
    para("_" * 78, align=WD_ALIGN_PARAGRAPH.CENTER)

    if doc.titled:
        para(doc.subject.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        para(f"Nomor: {doc.number}", align=WD_ALIGN_PARAGRAPH.CENTER)
        for line in doc.addressee:
            para(line, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    else:
        head = word.add_table(rows=4, cols=4)
        rows = [
            ("Nomor", doc.number),
            ("Sifat", doc.nature),
            ("Lampiran", doc.attachment or "–"),
            ("Hal", doc.subject),
        ]
        for r, (label, value) in enumerate(rows):
            cells = head.rows[r].cells
            cells[0].text, cells[1].text, cells[2].text = label, ":", value
        head.rows[0].cells[3].text = doc.place_date
        para()
        para("Yth. " + (doc.addressee[0] if doc.addressee else ""), space_after=0)
        for line in doc.addressee[1:]:
            para(line, space_after=0)
        para()
    for block in doc.blocks:
        if block.details:
            table = word.add_table(rows=len(block.details), cols=3)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, (label, value) in enumerate(block.details):
                cells = table.rows[r].cells
                cells[0].text, cells[1].text, cells[2].text = label, ":", value
            para()
        else:
            para("\n".join(block.lines), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if doc.titled:
        para(doc.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(f"{doc.signer_position},", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=48)
    para(doc.signer_name, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    if doc.signer_nip:
        para(f"NIP {doc.signer_nip}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    if doc.signatures:
        table = word.add_table(rows=len(doc.signatures) + 1, cols=3)
        table.style = "Table Grid"
        for c, label in enumerate(("Jabatan", "Nama", "Tanda tangan")):
            table.rows[0].cells[c].text = label
        for r, (position, name) in enumerate(doc.signatures, 1):
            table.rows[r].cells[0].text, table.rows[r].cells[1].text = position, name
    if doc.copies:
        para()
        para("Tembusan:", space_after=0)
        for i, line in enumerate(doc.copies, 1):
            para(f"{i}. {line}", space_after=0)
    if doc.annex:
        word.add_page_break()
        para(f"Lampiran surat nomor {doc.number or '…'}", size=9)
        para(doc.annex.get("title", ""), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        columns, rows = doc.annex.get("columns", []), doc.annex.get("rows", [])
        table = word.add_table(rows=len(rows) + 1, cols=len(columns))
        table.style = "Table Grid"
        for c, label in enumerate(columns):
            table.rows[0].cells[c].text = str(label)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row[: len(columns)]):
                table.rows[r].cells[c].text = str(value)
    return save_docx(word)
