"""The safe Markdown subset of news posts: what it understands, and that HTML in the text stays text."""

import pytest
from django.utils.html import escape

from kotacerdas.news.markup import plain_text, render_markup

# Payloads that would run script or change the page if they reached it as HTML.
XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg/onload=alert(1)>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    "<body onload=alert(1)>",
    "<style>body{display:none}</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</script>",
    "{{ 7|add:7 }} {% debug %}",
    "</textarea><script>alert(1)</script>",
]
BAD_LINKS = [
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](//evil.example/x)",
    "[klik](vbscript:msgbox(1))",
    '[klik](https://ok.example/"onmouseover="alert(1))',
    "[klik](https://ok.example/\\x)",
]


def test_render_markup_paragraphs_headings_lists_and_emphasis():
    text = "# Judul\n\nBaris satu\nbaris dua\n\n### Sub\n\n- satu\n- **dua**\n\n1. pertama\n2. *kedua*\n\n> kutipan"

    html = render_markup(text)

    assert html == (
        "<h2>Judul</h2>\n"
        "<p>Baris satu<br>baris dua</p>\n"
        "<h3>Sub</h3>\n"
        "<ul><li>satu</li><li><strong>dua</strong></li></ul>\n"
        "<ol><li>pertama</li><li><em>kedua</em></li></ol>\n"
        "<blockquote><p>kutipan</p></blockquote>"
    )


def test_render_markup_links_to_web_addresses_and_site_paths():
    html = render_markup(
        "Lihat [agenda](/evaluations/1/agenda/) dan [situs](https://aptika.kominfo.go.id/?a=1&b=2)."
    )

    assert html == (
        '<p>Lihat <a href="/evaluations/1/agenda/">agenda</a> dan '
        '<a href="https://aptika.kominfo.go.id/?a=1&amp;b=2" rel="nofollow noopener noreferrer">situs</a>.</p>'
    )


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_render_markup_shows_html_as_text(payload):
    html = render_markup(f"Awal {payload} akhir\n\n- {payload}\n\n## {payload}")

    assert "<script" not in html
    assert "<img" not in html
    assert "<svg" not in html
    assert "<iframe" not in html
    assert "<a " not in html
    assert "<style" not in html
    assert "<body" not in html
    assert html.count(escape(payload)) == 3


@pytest.mark.parametrize("payload", BAD_LINKS)
def test_render_markup_keeps_other_links_as_text(payload):
    html = render_markup(payload)

    assert "<a " not in html
    assert html.startswith("<p>[klik](")


def test_render_markup_drops_control_characters():
    assert render_markup("a\x00b\x1bc\x7fd") == "<p>abcd</p>"


def test_plain_text_removes_markup_signs_and_keeps_html_for_escaping():
    assert plain_text("## Judul\n\n- **satu** dan [tautan](https://x.example)\n\n<b>x</b>") == (
        "Judul satu dan tautan <b>x</b>"
    )
