"""The database going away: pages answer 503 with a page that needs no database (and Retry-After), the health
check says 503, nothing half-done is kept; when the database is back the next request works."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(monkeypatch):
    """Every query fails as it does when PostgreSQL restarts under a connection; ``back()`` ends the outage."""
    real_execute = CursorWrapper.execute

    def down(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", down)

    class Outage:
        @staticmethod
        def back():
            monkeypatch.setattr(CursorWrapper, "execute", real_execute)

    return Outage


def test_a_page_during_an_outage_is_a_clean_503_and_the_site_recovers(client, outage):
    client.cookies["django_language"] = "en"
    url = reverse("portal:region_directory")

    during = client.get(url)
    outage.back()
    after = client.get(url)

    body = during.content.decode()
    assert during.status_code == 503
    assert during["Retry-After"] == "30"
    assert "The service is briefly unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert after.status_code == 200


def test_the_health_check_reports_the_outage(client, outage):
    during = client.get(reverse("health"))
    outage.back()
    after = client.get(reverse("health"))

    assert (during.status_code, after.status_code) == (503, 200)


def test_the_503_page_is_in_indonesian_by_default(client, outage):
    body = client.get(reverse("portal:home")).content.decode()

    assert "Layanan sedang tidak tersedia sebentar" in body
