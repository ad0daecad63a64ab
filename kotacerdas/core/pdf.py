"""Writing documents: PDF printed from HTML (masterplan books, the agenda, feedback reports, the yearly monitoring
report) through WeasyPrint, and Word files saved through ``save_docx``.

- Nothing is fetched: fonts come from the system, charts are inline SVG, and any URL the HTML or the stylesheet
  names raises ``ExternalResourceRefused`` (user text is escaped, but a document must not reach out even if it
  were not).
- Explicit bidirectional controls are dropped from the printed text (U+202A–U+202E embeddings and overrides,
  U+2066–U+2069 isolates). They have no use in the programme's documents, and in a printed paragraph one such
  character in one field (a presenter's name) reverses the fields after it (their position, the next region's
  name): the paper would show something nobody typed. The stored text keeps them; the pages show them as typed.
  Right-to-left letters themselves (an Arabic name) are untouched. Word files drop them the same way, since
  Word lays out a paragraph by the same rules.
"""

import re

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class ExternalResourceRefused(Exception):
    pass


def refuse(url: str, *args, **kwargs):
    raise ExternalResourceRefused(f"A printed document must not load {url!r}.")


def printable(html: str) -> str:
    """The HTML as it is printed: without explicit bidirectional controls."""
    return BIDI_CONTROLS.sub("", html)


def write_pdf(html: str, css: str | None = None, *, presentational_hints: bool = False) -> bytes:
    # Imported here: WeasyPrint takes half a second to import, which every web process would otherwise pay.
    from weasyprint import CSS, HTML

    document = HTML(string=printable(html), base_url=None, url_fetcher=refuse)
    stylesheets = [CSS(string=css, url_fetcher=refuse)] if css is not None else None
    return document.write_pdf(stylesheets=stylesheets, presentational_hints=presentational_hints)


def save_docx(document) -> bytes:
    """A python-docx ``Document`` as the bytes of a .docx file, its text (body, tables, headers and footers)
    without explicit bidirectional controls."""
    from io import BytesIO

    from docx.oxml.ns import qn

    roots = [document.element]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    for root in roots:
        for text in root.iter(qn("w:t")):
            if text.text:
                text.text = printable(text.text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
