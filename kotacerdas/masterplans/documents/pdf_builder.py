"""A masterplan book as PDF: the HTML template ``masterplans/book.html`` printed by WeasyPrint.

The print stylesheet is a template too (``masterplans/documents/book.css``). Nothing is fetched: fonts come
from the system (DejaVu Sans), charts are inline SVG, and any URL the HTML might name is refused.
"""

from django.template.loader import render_to_string
from django.utils import translation

from kotacerdas.core.pdf import write_pdf
from kotacerdas.masterplans.documents.content import Book


def render_book_html(book: Book) -> tuple[str, str]:
    with translation.override(book.language):
        html = render_to_string("masterplans/book.html", {"book": book})
        css = render_to_string("masterplans/documents/book.css", {"book": book})
    return html, css


def build_pdf(book: Book) -> bytes:
    html, css = render_book_html(book)
    # Presentational hints: the column widths are <col width> attributes (no style attributes anywhere).
    return write_pdf(html, css, presentational_hints=True)
