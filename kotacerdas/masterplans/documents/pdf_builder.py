"""A masterplan book as PDF: the HTML template ``masterplans/book.html`` printed by WeasyPrint.

The print stylesheet is a template too (``masterplans/documents/book.css``). Nothing is fetched: fonts come
from the system (DejaVu Sans), charts are inline SVG, and any URL the HTML might name is refused.
"""

from django.template.loader import render_to_string
from django.utils import translation

from kotacerdas.masterplans.documents.content import Book


class ExternalResourceRefused(Exception):
    pass


def _refuse(url: str, *args, **kwargs):
    raise ExternalResourceRefused(f"The book must not load {url!r}.")


def render_book_html(book: Book) -> tuple[str, str]:
    with translation.override(book.language):
        html = render_to_string("masterplans/book.html", {"book": book})
        css = render_to_string("masterplans/documents/book.css", {"book": book})
    return html, css


def build_pdf(book: Book) -> bytes:
    # Imported here: WeasyPrint takes half a second to import, which every web process would otherwise pay.
    from weasyprint import CSS, HTML

    html, css = render_book_html(book)
    document = HTML(string=html, base_url=None, url_fetcher=_refuse)
    # Presentational hints: the column widths are <col width> attributes (no style attributes anywhere).
    return document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=_refuse)], presentational_hints=True)
