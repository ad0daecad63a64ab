"""A cohort's stages lie in the cohort's year and end after they start. (A cohort's MoU is signed in the cohort's
year or the next: tests/programmes/test_agreements.py.)"""

import pytest

from kotacerdas.programmes.forms import StageForm
from kotacerdas.programmes.models import Stage
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

IN_COHORT_YEAR = "The date must be between 1 January 2018 and 31 December 2018 (the cohort's year)."


@pytest.fixture
def cohort(framework):
    return CohortFactory(year=2018, framework_version=framework)


def _stage_form(cohort, starts_on, ends_on):
    data = {"kind": "bimtek_1", "starts_on": starts_on, "ends_on": ends_on}
    return StageForm(data, instance=Stage(cohort=cohort))


@pytest.mark.parametrize(("starts_on", "ends_on", "errors"), [
    ("2018-07-10", "2018-07-12", {}),
    ("2018-07-12", "2018-07-10", {"ends_on": ["The stage cannot end before it starts."]}),
    ("2019-07-10", "2019-07-12", {"starts_on": [IN_COHORT_YEAR], "ends_on": [IN_COHORT_YEAR]}),
    ("2018-12-30", "2019-01-02", {"ends_on": [IN_COHORT_YEAR]}),
])  # fmt: skip
def test_stage_lies_in_the_cohort_year_and_ends_after_it_starts(cohort, starts_on, ends_on, errors):
    form = _stage_form(cohort, starts_on, ends_on)

    assert form.errors == errors


def test_refused_stage_is_not_stored(cohort):
    form = _stage_form(cohort, "2028-07-10", "2028-07-12")

    assert not form.is_valid()
    assert not Stage.objects.exists()
