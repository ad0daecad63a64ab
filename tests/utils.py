"""Helpers shared by several test directories (issue 18): signing in a browser page, small valid images, the demo
users, query counts, documents read back as text, and the consequences a confirmation page states.
Fixtures stay in conftest.py files; plain functions that tests call live here."""

import io
import re

from kotacerdas.programmes.demo import DEMO_PASSWORD


def sign_in_page(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign ``page`` (a Playwright page) in through the login form of the live server at ``base``, and wait
    until the dashboard, where every sign-in lands, is shown."""
    from playwright.sync_api import expect

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def png_bytes(size: tuple[int, int] = (8, 8), color="#1e78c8") -> bytes:
    """A small, valid PNG image of one colour."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def demo_users() -> dict:
    """The demo users (``load_demo``) by the name part of their e-mail address: "sekretariat", "mentor",
    "editor.pemalang", "evaluator3"..."""
    from kotacerdas.accounts.models import User

    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.kotacerdas.id")}


def count_queries(client, url: str, params: dict | None = None) -> int:
    """How many database queries a GET of ``url`` (with ``params``) through ``client`` runs; the page must answer
    200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def pdf_text(data: bytes, tmp_path, squeeze_spaces: bool = True) -> str:
    """The text of a PDF as ``pdftotext`` reads it (poppler-utils). With ``squeeze_spaces`` every run of white space
    (line breaks too) becomes one space; without it the text comes as pdftotext laid it out."""
    import shutil
    import subprocess

    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils (Debian) to read PDFs back"
    path = tmp_path / "pdf_text.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = result.stdout.decode()
    return " ".join(text.split()) if squeeze_spaces else text


def docx_text(data: bytes) -> str:
    """The text of a Word document: its paragraphs, then the cells of its tables, one to a line."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def asked(response) -> list[str]:
    """The consequences a confirmation page states; the response must be that page (status 200, rendered from
    ``core/confirm.html``)."""
    assert response.status_code == 200
    assert response.templates[0].name == "core/confirm.html"
    return response.context["confirmation"].consequences
