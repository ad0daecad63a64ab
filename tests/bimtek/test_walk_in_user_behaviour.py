"""The check-in desk on a phone: a walk-in sent twice (a double tap on Add) or added again for someone already on
the stage's list is not counted twice."""

import pytest
from django.urls import reverse

from kotacerdas.bimtek.models import Attendee
from tests.factories import AttendeeFactory

pytestmark = pytest.mark.django_db


def _walk_in(client, w, **changes):
    data = {"hari": "2018-12-14", "participation": w.part_a.pk, "name": "Tamu Uji", "position": "Staf"}
    return client.post(reverse("bimtek:check_in", args=[w.stage.pk]), data | changes)


def test_a_walk_in_sent_twice_is_recorded_once(w, login):
    client = login(w.mentor_a)

    first, second = _walk_in(client, w), _walk_in(client, w, name=" tamu  uji ")

    assert (first.status_code, second.status_code) == (302, 400)
    assert Attendee.objects.filter(stage=w.stage).count() == 1
    assert "Tamu Uji sudah ada dalam daftar tahap ini" in second.content.decode()


def test_a_walk_in_with_the_nip_of_someone_invited_is_refused(w, login):
    AttendeeFactory(stage=w.stage, participation=w.part_a, name="Ani Uji", nip="197001012000031001")
    client = login(w.mentor_a)

    response = _walk_in(client, w, name="Ani", nip="19700101 200003 1 001")

    assert response.status_code == 400
    assert "Ani Uji sudah ada dalam daftar tahap ini" in response.content.decode()
    assert Attendee.objects.filter(stage=w.stage).count() == 1


def test_a_namesake_from_another_region_is_no_duplicate(w, login):
    AttendeeFactory(stage=w.stage, participation=w.part_b, name="Tamu Uji")
    client = login(w.mentor_a)

    response = _walk_in(client, w)

    assert response.status_code == 302
    assert Attendee.objects.filter(stage=w.stage, name="Tamu Uji").count() == 2
