"""The agreement register as the secretariat uses it: the same agreement sent twice (a double click on Save, or
typed in again) does not put a second row with the same number in the region's register."""

import datetime

import pytest
from django.urls import reverse

from kotacerdas.programmes.models import Agreement, AgreementKind
from tests.factories import AgreementFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _data(**changes):
    return {
        "kind": AgreementKind.MOU,
        "our_number": "UJI/9/MOU",
        "region_number": "",
        "signed_on": "2024-03-01",
        "valid_from": "2024-03-01",
        "valid_until": "2029-02-28",
    } | changes


def test_agreement_saved_twice_by_a_double_click_is_registered_once(client):
    region = RegionFactory(name="Kabupaten Alfa")
    client.force_login(UserFactory(is_secretariat=True))
    url = reverse("programmes:agreement_create", args=[region.code])

    first, second = client.post(url, _data()), client.post(url, _data())

    assert (first.status_code, second.status_code) == (302, 400)
    assert Agreement.objects.filter(region=region, our_number="UJI/9/MOU").count() == 1
    assert "Nomor UJI/9/MOU sudah tercatat pada perjanjian lain daerah ini" in second.content.decode()


def test_a_number_of_another_region_or_kind_is_no_duplicate(client):
    region, other = RegionFactory(name="Kabupaten Alfa"), RegionFactory(name="Kota Beta")
    AgreementFactory(region=other, kind=AgreementKind.MOU, our_number="UJI/9/MOU", region_number="")
    mou = AgreementFactory(
        region=region, kind=AgreementKind.MOU, our_number="UJI/8/MOU", signed_on=datetime.date(2024, 1, 2)
    )
    client.force_login(UserFactory(is_secretariat=True))
    url = reverse("programmes:agreement_create", args=[region.code])

    same_as_other_region = client.post(url, _data())
    edit_keeps_its_own_number = client.post(
        reverse("programmes:agreement_edit", args=[mou.pk]),
        _data(our_number="UJI/8/MOU", signed_on="2024-01-02", valid_from="2024-01-02"),
    )

    assert (same_as_other_region.status_code, edit_keeps_its_own_number.status_code) == (302, 302)
