"""Files kept between two requests (core/pending.py): found again only with the same binding, within the age."""

import io
import os
import re
import time

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.core.management import call_command

from kotacerdas.core.pending import STORES, PendingFiles


@pytest.fixture
def store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    store = PendingFiles("tests/pending/", salt="tests.pending")
    yield store
    STORES.remove(store)


def test_a_kept_file_is_found_again_with_its_binding(store):
    token = store.keep(b"isi", filename="Daftar hadir.xlsx", extension=".xlsx", bound_to={"s": 1, "u": 2})

    kept = store.find(token, bound_to={"s": 1, "u": 2})

    assert kept.filename == "Daftar hadir.xlsx"
    assert kept.name.startswith("tests/pending/") and kept.name.endswith(".xlsx")
    assert store.read(kept) == b"isi"


@pytest.mark.parametrize("other", [{"s": 2, "u": 2}, {"s": 1, "u": 3}])
def test_a_token_made_for_another_page_or_user_finds_nothing(store, other):
    token = store.keep(b"isi", filename="a.xlsx", extension=".xlsx", bound_to={"s": 1, "u": 2})

    assert store.find(token, bound_to=other) is None


def test_a_forged_token_or_a_name_outside_the_store_finds_nothing(store):
    default_storage.save("tests/other/" + "a" * 32 + ".xlsx", io.BytesIO(b"rahasia"))
    outside = signing.dumps(
        {"s": 1, "f": "tests/other/" + "a" * 32 + ".xlsx", "n": "x"}, salt="tests.pending"
    )

    assert store.find(outside, bound_to={"s": 1}) is None
    assert store.find("bukan-token", bound_to={"s": 1}) is None
    assert store.find("", bound_to={"s": 1}) is None


def test_an_expired_token_finds_nothing(store, monkeypatch):
    token = store.keep(b"isi", filename="a.xlsx", extension=".xlsx", bound_to={"s": 1})
    later = time.time() + store.max_age + 5
    monkeypatch.setattr(time, "time", lambda: later)

    assert store.find(token, bound_to={"s": 1}) is None


def test_an_odd_extension_is_dropped(store):
    token = store.keep(b"isi", filename="a.php;.x", extension=".php;.x", bound_to={})

    assert re.fullmatch(r"tests/pending/[0-9a-f]{32}", store.find(token, bound_to={}).name)


def test_a_discarded_file_is_gone(store):
    token = store.keep(b"isi", filename="a.xlsx", extension=".xlsx", bound_to={})
    kept = store.find(token, bound_to={})

    store.discard(kept)

    assert store.find(token, bound_to={}) is None


def test_two_stores_cannot_share_a_folder(store):
    with pytest.raises(ValueError):
        PendingFiles("tests/pending/", salt="other")


def test_the_daily_command_cleans_expired_attendance_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports" / "bimtek"
    folder.mkdir(parents=True)
    old, fresh = folder / ("a" * 32 + ".xlsx"), folder / ("b" * 32 + ".xlsx")
    for path in (old, fresh):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    out = io.StringIO()

    call_command("clean_pending_files", stdout=out)

    assert (old.exists(), fresh.exists()) == (False, True)
    assert "imports/bimtek/: 1 expired files deleted." in out.getvalue().splitlines()
