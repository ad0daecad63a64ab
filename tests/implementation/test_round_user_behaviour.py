"""Opening an implementation round as the secretariat types it: a scale with only its bottom given."""

import pytest
from django.urls import reverse

from kotacerdas.implementation.models import ImplementationRound
from tests.implementation.test_rounds import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_bottom_above_the_usual_top_with_the_top_left_empty_asks_for_the_top(client, world):  # noqa: F811
    client.force_login(world.secretariat)
    data = {"year": "2024", "name": "Evaluasi 2024", "scheme": world.w2021.pk, "rubric": world.rubric.pk}

    response = client.post(reverse("implementation:round_create"), data | {"scale_min": "4", "scale_max": ""})

    assert response.status_code == 400
    assert (
        "Isi juga batas atas skala: batas atas yang biasa (4) tidak di atas batas bawah 4."
        in response.content.decode()
    )
    assert not ImplementationRound.objects.filter(year=2024).exists()


def test_scale_typed_upside_down_is_refused_next_to_the_top(client, world):  # noqa: F811
    client.force_login(world.secretariat)
    data = {"year": "2024", "name": "Evaluasi 2024", "scheme": world.w2021.pk, "rubric": world.rubric.pk}

    response = client.post(
        reverse("implementation:round_create"), data | {"scale_min": "4", "scale_max": "1"}
    )

    assert response.status_code == 400
    assert (
        "Batas atas skala indeks (1) harus lebih besar dari batas bawahnya (4)." in response.content.decode()
    )
    assert not ImplementationRound.objects.filter(year=2024).exists()
