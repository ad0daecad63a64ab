"""Helpers shared by several test directories (issue 18): signing in a browser page, small valid images.
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
