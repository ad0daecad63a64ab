"""An implementation round's self-assessment is due in the round's year or the next; the page shows the message
at the field and opens nothing."""

import pytest
from django.urls import reverse

from kotacerdas.evaluations.models import EvaluationKind, Rubric
from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import ImplementationRound
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_data(framework):
    load_default_rubrics()
    scheme = services_index.load_index_schemes()[0]
    rubric = Rubric.objects.get(kind=EvaluationKind.IMPLEMENTATION)
    return {"year": "2024", "name": "Evaluasi Implementasi 2024", "scheme": scheme.pk, "rubric": rubric.pk}


@pytest.mark.parametrize("due", ["2023-12-31", "2026-01-01"])
def test_round_with_the_self_assessment_due_outside_its_years_is_refused(client, round_data, due):
    client.force_login(UserFactory(is_secretariat=True))

    response = client.post(reverse("implementation:round_create"), round_data | {"self_assessment_due": due})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "self_assessment_due": [
            "Tanggal harus antara 1 Januari 2024 dan 31 Desember 2025 (tahun putaran dan tahun berikutnya)."
        ]
    }
    assert not ImplementationRound.objects.exists()


@pytest.mark.parametrize("due", ["2024-09-30", "2025-02-28"])
def test_round_with_the_self_assessment_due_in_its_year_or_the_next_opens(client, round_data, due):
    client.force_login(UserFactory(is_secretariat=True))

    response = client.post(reverse("implementation:round_create"), round_data | {"self_assessment_due": due})

    assert response.status_code == 302
    assert str(ImplementationRound.objects.get(year=2024).self_assessment_due) == due
