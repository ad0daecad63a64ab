"""The factories build valid objects that never clash with the real reference data, and every model of the
project has one (docs/testing.md: tests build their worlds from factories)."""

import factory
import pytest
from django.apps import apps

from kotacerdas.framework.models import FrameworkVersion, VersionStatus
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Province, Region
from tests import factories
from tests.factories import (
    UNUSED_PROVINCE_CODES,
    AssessmentScoreFactory,
    RegionFactory,
    UserFactory,
)


def test_province_factory_codes_avoid_every_real_province(wilayah):
    provinces, _regions = wilayah

    clashes = set(UNUSED_PROVINCE_CODES) & {code for code, _name in provinces}

    assert clashes == set()


@pytest.mark.django_db
def test_region_factory_next_to_real_regions_creates_new_rows(regions_loaded):
    regions = RegionFactory.create_batch(3)

    assert (Province.objects.count(), Region.objects.count()) == (38 + 3, 514 + 3)
    assert all(region.code.startswith(f"{region.province.code}.") for region in regions)


def _project_models() -> list[type]:
    """Every concrete model of a kotacerdas app, wherever it lives now (models move between apps)."""
    return sorted(
        (
            model
            for config in apps.get_app_configs()
            if config.name.startswith("kotacerdas.")
            for model in config.get_models()
            if not model._meta.proxy
        ),
        key=lambda model: model._meta.label,
    )


def _factory_of() -> dict[type, type]:
    """Model class -> its factory in tests/factories.py (matched by class, so a moved model keeps its factory)."""
    found = {}
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
            model = value._meta.get_model_class()
            if model is not None:
                found.setdefault(model, value)
    return found


def test_every_project_model_has_a_factory():
    missing = [model._meta.label for model in _project_models() if model not in _factory_of()]

    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", _project_models(), ids=lambda model: model._meta.label)
def test_factory_builds_saved_object_that_passes_full_clean(model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # PostImageFactory writes an image
    model_factory = _factory_of().get(model)
    if model_factory is None:
        pytest.fail(f"No factory for {model._meta.label} in tests/factories.py")

    obj = model_factory()

    assert obj.pk is not None and model.objects.filter(pk=obj.pk).exists()
    assert obj.full_clean() is None


@pytest.mark.django_db
def test_user_factory_gives_plain_active_user_with_password():
    user = UserFactory()

    flags = (user.is_active, user.is_secretariat, user.is_mentor, user.is_evaluator, user.is_staff)

    assert flags == (True, False, False, False, False)
    assert user.check_password("password-for-tests") is True


@pytest.mark.django_db
def test_assessment_score_factory_uses_criterion_of_the_same_cohort():
    score = AssessmentScoreFactory()

    assert score.criterion.cohort == score.participation.cohort
    assert list(FrameworkVersion.objects.values_list("status", flat=True)) == [VersionStatus.DRAFT]
    assert Participation.objects.count() == 1


@pytest.mark.django_db
def test_strategies_and_goals_on_the_real_framework_add_no_dimension(framework):
    from tests.factories import GoalFactory, MasterplanFactory, StrategyFactory

    masterplan = MasterplanFactory(framework_version=framework)
    before = framework.dimensions.count()

    strategy, goal = StrategyFactory(masterplan=masterplan), GoalFactory(masterplan=masterplan)

    assert framework.dimensions.count() == before == 6
    assert strategy.dimension.version == goal.dimension.version == framework


@pytest.mark.django_db
def test_a_complete_programme_passes_the_completeness_fields(framework):
    from tests.factories import MasterplanFactory, MasterplanProgrammeFactory, OpdFactory

    masterplan = MasterplanFactory(framework_version=framework)
    partner = OpdFactory(region=masterplan.participation.region)

    programme = MasterplanProgrammeFactory(masterplan=masterplan, complete=True, partner_opds=[partner])

    assert programme.owner_opd.region == masterplan.participation.region
    assert (programme.funding_source, programme.start_year, programme.end_year) == (
        "apbd",
        masterplan.start_year,
        masterplan.end_year,
    )
    assert list(programme.partner_opds.all()) == [partner]
