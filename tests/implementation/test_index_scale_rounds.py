"""A round on another index scale (issue 17 §5): the services, the results page and the charts read the round's
scale. Needs the scale-callers change of implementation/services.py, views.py and portal/views_dashboards.py."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import ImplementationRound, RoundStatus
from tests.implementation.test_rounds import _round, _validate, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("english")

EVERY = ("baseline", "output", "outcome", "impact", "quick_win")


def _scores(value):
    return dict.fromkeys(EVERY, value)


def _validated(world, scale_max):  # noqa: F811
    rnd = _round(world)
    ImplementationRound.objects.filter(pk=rnd.pk).update(scale_max=scale_max)
    rnd.refresh_from_db()
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, _scores(3), by_secretariat=world.secretariat)
    _validate(rnd, world.part_b, world.evaluator, _scores(4), by_secretariat=world.secretariat)
    return rnd


def test_round_results_on_a_one_to_five_scale(world):  # noqa: F811
    rnd = _validated(world, 5)

    rows = {r.entry.participation_id: r.index for r in services_index.round_results(rnd, with_figures=False)}

    # A 3 of 1–4 is two thirds of the way: 1 + 4 · 2/3 = 3.67 on 1–5; the best score is the top, 5.00.
    assert rows == {world.part_a.pk: Decimal("3.67"), world.part_b.pk: Decimal("5.00")}


def test_results_page_says_the_rounds_scale_and_bands_it(client, world):  # noqa: F811
    rnd = _validated(world, 5)
    client.force_login(world.secretariat)

    html = client.get(reverse("implementation:round_results", args=[rnd.year])).content.decode()

    assert "1–5" in html
    assert html.count("<rect") == 16  # quarter-point bands over 1–5


def test_round_form_opens_a_round_on_the_scale_given(client, world):  # noqa: F811
    client.force_login(world.secretariat)
    data = {"year": "2024", "name": "Evaluasi 2024", "scheme": world.w2021.pk, "rubric": world.rubric.pk}

    response = client.post(
        reverse("implementation:round_create"), data | {"scale_min": "1", "scale_max": "5"}
    )

    assert response.status_code == 302
    assert ImplementationRound.objects.get(year=2024).scale.high == 5


def test_round_form_refuses_an_upside_down_scale_next_to_the_field(client, world):  # noqa: F811
    client.force_login(world.secretariat)
    data = {"year": "2024", "name": "Evaluasi 2024", "scheme": world.w2021.pk, "rubric": world.rubric.pk}

    response = client.post(
        reverse("implementation:round_create"),
        data | {"scale_min": "4", "scale_max": "4"},
    )

    assert response.status_code == 400
    assert (
        "Batas atas skala indeks (4) harus lebih besar dari batas bawahnya (4)." in response.content.decode()
    )
    assert not ImplementationRound.objects.filter(year=2024).exists()
