"""A masterplan book as DOCX (python-docx): cover, table of contents, chapters, tables, page numbers.

Charts: the venv has no SVG rasteriser (cairosvg), so each chart appears as its fallback table: the
programmes per dimension as counts and budgets, the roadmap as a year grid with coloured cells.
Tables are written straight as WordprocessingML, which is many times faster than python-docx's cell API
on a masterplan with a few hundred programmes.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from kotacerdas.core.pdf import save_docx
from kotacerdas.masterplans.documents.content import Book, Cell, Chapter, Cover, Table

PRIMARY = RGBColor(0x0B, 0x5C, 0x63)
MUTED = RGBColor(0x5B, 0x67, 0x70)
ACCENT = RGBColor(0xC9, 0x82, 0x2B)
HEADER_FILL = "0B5C63"
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = Mm(22), Mm(22), Mm(20)
TWIPS_PER_MM = 56.6929
CONTENT_WIDTH_TWIPS = int((210 - 2 * 20) * TWIPS_PER_MM)
TOC_INSTRUCTION = r'TOC \o "1-2" \h \z \u'


def build_docx(book: Book) -> bytes:
    document = Document()
    _set_up(document, book)
    _cover(document, book.cover)
    _contents(document, book)
    for chapter in book.chapters:
        _chapter(document, chapter)
    return save_docx(document)


# ------------------------------------------------------------------------------------------- page set-up


def _set_up(document, book: Book) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # no header or page number on the cover

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), "id-ID" if book.language == "id" else "en-GB")

    for name, size, before in (("Heading 1", 18, 0), ("Heading 2", 14, 14), ("Heading 3", 12, 10)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = PRIMARY
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True

    for name, size in (("Table Text", 9), ("Table Text Small", 8)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Document Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.italic = True
    note.font.color.rgb = MUTED

    header = section.header.paragraphs[0]
    header.text = f"{book.cover.book_label} · {book.cover.region}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size, run.font.color.rgb = Pt(8), MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")

    _update_fields_on_open(document)
    props = document.core_properties
    # Word's document properties hold at most 255 characters; a 250-character masterplan title with the book's
    # name is longer (the full title stays on the cover).
    props.title = Truncator(book.document_title).chars(255)
    props.subject = Truncator(book.cover.region).chars(255)
    props.author = "kotacerdas"
    props.language = "id-ID" if book.language == "id" else "en-GB"


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, TOC, ...) whose cached result is ``placeholder``."""
    p = paragraph._p
    _fld_char(p, "begin")
    run = etree.SubElement(p, qn("w:r"))
    instr = etree.SubElement(run, qn("w:instrText"))
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    _fld_char(p, "separate")
    run = etree.SubElement(p, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = placeholder
    _fld_char(p, "end")


def _fld_char(p, kind: str) -> None:
    run = etree.SubElement(p, qn("w:r"))
    etree.SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), kind)


def _update_fields_on_open(document) -> None:
    """Ask Word to update fields (the table of contents, page numbers) when it opens the file."""
    settings = document.settings.element
    update = etree.Element(qn("w:updateFields"))
    update.set(qn("w:val"), "true")
    # Schema order: updateFields comes before these; anything else it may follow.
    for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids"):
        anchor = settings.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(update)
            return
    settings.append(update)


# ------------------------------------------------------------------------------------- cover, contents


def _line(document, text: str, *, size: float, bold=False, color=None, space_after: float = 6):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    if color is not None:
        run.font.color.rgb = color
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _cover(document, cover: Cover) -> None:
    document.add_paragraph().paragraph_format.space_before = Pt(70)
    _line(document, cover.programme, size=10, color=MUTED, space_after=30)
    _line(document, cover.book_label.upper(), size=14, bold=True, color=ACCENT, space_after=2)
    _line(document, cover.book_title, size=30, bold=True, color=PRIMARY, space_after=18)
    _line(document, cover.title, size=15, space_after=30)
    _line(document, cover.region, size=22, bold=True, space_after=2)
    _line(document, cover.province, size=13, color=MUTED, space_after=60)
    for label, value in (
        (_("Cohort"), cover.cohort),
        (_("Period"), cover.period),
        (_("Status"), cover.status),
        (_("Framework"), cover.framework),
        (_("Printed on"), cover.printed_on),
    ):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        label_run = paragraph.add_run(f"{label}: ")
        label_run.font.color.rgb = MUTED
        paragraph.add_run(value).font.bold = True


def _contents(document, book: Book) -> None:
    """A TOC field whose cached result is the plain list of chapters: Word rebuilds it with page numbers
    on opening; readers that do not update fields show the list."""
    heading = document.add_paragraph(_("Contents"), style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    entries = [c.heading for c in book.chapters] or [_("Update this field to build the table of contents.")]
    paragraphs = [document.add_paragraph() for _entry in entries]
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    _fld_char(first, "begin")
    run = etree.SubElement(first, qn("w:r"))
    instr = etree.SubElement(run, qn("w:instrText"))
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {TOC_INSTRUCTION} "
    _fld_char(first, "separate")
    for paragraph, text in zip(paragraphs, entries, strict=True):
        paragraph.add_run(text)
        paragraph.paragraph_format.space_after = Pt(4)
    _fld_char(last, "end")


# ---------------------------------------------------------------------------------------------- blocks


def _chapter(document, chapter: Chapter) -> None:
    document.add_heading(chapter.heading, level=1)
    for block in chapter.blocks:
        BLOCKS[block.kind](document, block)


def _heading(document, block) -> None:
    document.add_heading(block.text, level=min(max(block.level, 2), 3))


def _paragraphs(document, block) -> None:
    for text in block.texts:
        document.add_paragraph(text)


def _note(document, block) -> None:
    document.add_paragraph(block.text, style="Document Note")


def _list(document, block) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for item in block.items:
        document.add_paragraph(item, style=style)


def _entries(document, block) -> None:
    for term, subtitle, description in block.items:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(0 if subtitle or description else 6)
        paragraph.add_run(term).font.bold = True
        if subtitle:
            sub = document.add_paragraph()
            sub.paragraph_format.space_after = Pt(2 if description else 6)
            run = sub.add_run(subtitle)
            run.font.size, run.font.color.rgb = Pt(9), MUTED
        if description:
            document.add_paragraph(description)


def _facts(document, block) -> None:
    for label, value in block.pairs:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").font.bold = True
        paragraph.add_run(value)


def _caption(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(3)
    run = paragraph.add_run(text)
    run.font.bold, run.font.size, run.font.color.rgb = True, Pt(9.5), PRIMARY


def _table(document, block: Table) -> None:
    if block.caption:
        _caption(document, block.caption)
    document.element.body.sectPr.addprevious(_table_xml(document, block))
    document.add_paragraph().paragraph_format.space_after = Pt(2)  # Word needs a paragraph between tables


def _chart(document, block) -> None:
    _table(document, block.fallback)


BLOCKS = {
    "heading": _heading,
    "paragraphs": _paragraphs,
    "note": _note,
    "list": _list,
    "entries": _entries,
    "facts": _facts,
    "table": _table,
    "chart": _chart,
}


# ----------------------------------------------------------------------------------------------- tables


def _w(parent, tag: str, **attrs):
    element = etree.SubElement(parent, qn(f"w:{tag}"))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _table_xml(document, block: Table):
    """One ``w:tbl``: grid style, fixed column widths, a shaded header row repeated on every page."""
    n = len(block.headers)
    weights = list(block.widths) if len(block.widths) == n else [1] * n
    widths = [int(CONTENT_WIDTH_TWIPS * w / sum(weights)) for w in weights]
    style = document.styles["Table Text Small" if block.small else "Table Text"].style_id

    tbl = etree.Element(qn("w:tbl"))
    tbl_pr = _w(tbl, "tblPr")
    _w(tbl_pr, "tblStyle", val="TableGrid")
    _w(tbl_pr, "tblW", w=sum(widths), type="dxa")
    _w(tbl_pr, "tblLayout", type="fixed")
    margins = _w(tbl_pr, "tblCellMar")
    for side in ("left", "right"):
        _w(margins, side, w=80, type="dxa")
    _w(
        tbl_pr,
        "tblLook",
        val="04A0",
        firstRow=1,
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=0,
        noVBand=1,
    )
    grid = _w(tbl, "tblGrid")
    for width in widths:
        _w(grid, "gridCol", w=width)

    _row(tbl, block.headers, widths, style, block.numeric, header=True)
    for cells in block.rows:
        _row(tbl, cells, widths, style, block.numeric)
    return tbl


def _row(tbl, cells, widths, style, numeric, *, header=False):
    tr = _w(tbl, "tr")
    tr_pr = _w(tr, "trPr")
    _w(tr_pr, "cantSplit")
    if header:
        _w(tr_pr, "tblHeader")
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        text, fill = (cell.text, cell.fill) if isinstance(cell, Cell) else (str(cell), "")
        if header:
            fill = HEADER_FILL
        tc = _w(tr, "tc")
        tc_pr = _w(tc, "tcPr")
        _w(tc_pr, "tcW", w=width, type="dxa")
        if fill:
            _w(tc_pr, "shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
        p = _w(tc, "p")
        p_pr = _w(p, "pPr")
        _w(p_pr, "pStyle", val=style)
        if header:
            _w(p_pr, "keepNext")
        if i in numeric and not header:
            _w(p_pr, "jc", val="right")
        if not text:
            continue
        r = _w(p, "r")
        if header:
            r_pr = _w(r, "rPr")
            _w(r_pr, "b")
            _w(r_pr, "color", val="FFFFFF")
        for j, line in enumerate(text.split("\n")):
            if j:
                _w(r, "br")
            t = _w(r, "t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = line
