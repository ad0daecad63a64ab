"""Making a framework version current asks first (core/confirm.py): without ``confirm=yes`` nothing changes and
nothing is audited; the page says which version retires for good and what keeps using it; with the confirmation
the version becomes current and the move is audited."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kotacerdas.core.models import AuditEntry
from kotacerdas.framework.models import FrameworkVersion, VersionStatus
from kotacerdas.framework.services import create_framework_version
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(framework):
    secretariat = UserFactory(is_secretariat=True)
    copy = create_framework_version(framework, code="gmsc-2030", title="Kerangka 2030", by=secretariat)
    CohortFactory(framework_version=framework)
    CohortFactory(framework_version=framework)
    AuditEntry.objects.all().delete()
    return copy, secretariat


def test_make_current_page_states_what_retires(client, framework, draft):
    copy, secretariat = draft
    client.force_login(secretariat)

    response = client.get(reverse("framework:version_make_current", args=[copy.code]))

    assert response.templates[0].name == "core/confirm.html"
    assert response.context["confirmation"].consequences == [
        "Masterplan baru memakai Kerangka 2030 mulai sekarang.",
        f"{framework.title} menjadi tidak berlaku dan tidak dapat diberlakukan kembali (hanya dapat disalin "
        "menjadi versi baru).",
        f"Yang sudah memakai {framework.title} tetap memakainya: 2 angkatan.",
        "Kerangka 2030 tidak dapat disunting lagi.",
    ]
    assert "Ya, berlakukan" in response.content.decode()


def test_make_current_asks_first_then_switches_and_audits(client, framework, draft):
    copy, secretariat = draft
    client.force_login(secretariat)
    url = reverse("framework:version_make_current", args=[copy.code])

    client.post(url)
    copy.refresh_from_db()
    before = (copy.status, AuditEntry.objects.count())
    client.post(url, {"confirm": "yes"})

    copy.refresh_from_db()
    assert before == (VersionStatus.DRAFT, 0)
    assert copy.status == VersionStatus.CURRENT
    assert FrameworkVersion.objects.get(pk=framework.pk).status == VersionStatus.RETIRED
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["framework.made_current"]


def test_a_retired_version_cannot_be_confirmed(client, framework, draft):
    copy, secretariat = draft
    FrameworkVersion.objects.filter(pk=copy.pk).update(status=VersionStatus.RETIRED)
    client.force_login(secretariat)

    response = client.post(reverse("framework:version_make_current", args=[copy.code]))

    with translation.override("id"):
        expected = gettext("A retired version cannot become current again; copy it into a new version.")
    assert response.context["confirmation"].refusal == expected
    assert 'id="confirm-yes"' not in response.content.decode()
