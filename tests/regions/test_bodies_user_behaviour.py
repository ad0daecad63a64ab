"""A body's members as a region's editor adds them: the same person sent twice (a double click on Save, or added
again with the NIP typed in groups) is not listed twice."""

import pytest
from django.urls import reverse

from kotacerdas.regions.models import BodyMember
from tests.regions.test_bodies_views import w  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _member(**changes):
    data = {
        "name": "Dwi Andriyani",
        "nip": "197503122000031004",
        "position": "Kabid",
        "role": "member",
        "order": 0,
    }
    return data | changes


def test_a_member_saved_twice_is_listed_once(w, client):  # noqa: F811
    client.force_login(w.editor_a)
    url = reverse("regions:body_member_add", args=[w.region_a.code, w.body.pk])

    first = client.post(url, _member())
    second = client.post(url, _member(name="Dwi  Andriyani, S.Kom.", nip="19750312 200003 1 004"))

    assert (first.status_code, second.status_code) == (302, 400)
    assert BodyMember.objects.filter(body=w.body, nip="197503122000031004").count() == 1
    assert "Dwi Andriyani sudah menjadi anggota badan ini." in second.content.decode()


def test_a_member_without_nip_named_as_another_is_refused(w, client):  # noqa: F811
    client.force_login(w.editor_a)
    url = reverse("regions:body_member_add", args=[w.region_a.code, w.body.pk])

    response = client.post(url, _member(name="heru santoso", nip=""))

    assert response.status_code == 400
    assert "Heru Santoso sudah menjadi anggota badan ini." in response.content.decode()
