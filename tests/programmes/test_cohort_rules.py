"""Rules the programme's sources leave open are data of the cohort (issue 17 §5): how many quick wins a masterplan
needs (3–6 today; Kota Jambi's 2020 masterplan had 2) and whether each readiness aspect needs a level."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.masterplans.completeness import check_completeness, load_bundle
from kotacerdas.masterplans.models import Masterplan
from kotacerdas.programmes.forms import CohortForm
from kotacerdas.programmes.models import Cohort
from tests.factories import (
    AspectAnalysisFactory,
    CohortFactory,
    FrameworkVersionFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    ProgrammeFactory,
    ReadinessAspectFactory,
    ReadinessLevelFactory,
    SwotItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _rule(masterplan, code):
    return next(r for r in check_completeness(masterplan).results if r.code == code)


def _plan_with_quick_wins(n, **cohort_rules):
    masterplan = MasterplanFactory(participation__cohort=CohortFactory(**cohort_rules))
    for _ in range(n):
        MasterplanProgrammeFactory(masterplan=masterplan, complete=True, is_quick_win=True)
    return Masterplan.objects.get(pk=masterplan.pk)


def _plan_with_an_aspect(*, level: bool, summary: str, **cohort_rules):
    masterplan = MasterplanFactory(participation__cohort=CohortFactory(**cohort_rules))
    aspect = ReadinessAspectFactory(version=masterplan.framework_version, name_en="Structure")
    AspectAnalysisFactory(
        masterplan=masterplan,
        aspect=aspect,
        summary=summary,
        level=ReadinessLevelFactory(version=masterplan.framework_version) if level else None,
    )
    SwotItemFactory(masterplan=masterplan, aspect=aspect)
    return Masterplan.objects.get(pk=masterplan.pk)


def _form_data(cohort=None, **changes):
    data = {
        "programme": (cohort.programme if cohort else ProgrammeFactory()).pk,
        "year": cohort.year if cohort else 2031,
        "name": "Angkatan uji",
        "target_size": "10",
        "framework_version": (cohort.framework_version if cohort else FrameworkVersionFactory()).pk,
        "short_term_end": "1",
        "medium_term_end": "5",
        "long_term_end": "10",
        "quick_wins_min": "3",
        "quick_wins_max": "6",
        "readiness_level_required": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- defaults: today's behaviour ---------------------------------------------------------------------------------


def test_cohort_rules_default_to_todays_behaviour():
    cohort = CohortFactory()

    assert (cohort.quick_wins_min, cohort.quick_wins_max, cohort.readiness_level_required) == (3, 6, True)


# --- quick wins ---------------------------------------------------------------------------------------------------


def test_quick_wins_two_refused_by_a_three_to_six_cohort():
    rule = _rule(_plan_with_quick_wins(2), "quick_wins")

    assert not rule.passed
    assert rule.problems == ["Mark 3 to 6 programmes as quick wins (now 2)."]
    assert rule.label == "3–6 quick wins with owners"


def test_quick_wins_two_accepted_by_a_two_to_six_cohort():
    rule = _rule(_plan_with_quick_wins(2, quick_wins_min=2, quick_wins_max=6), "quick_wins")

    assert rule.passed
    assert rule.problems == []
    assert rule.label == "2–6 quick wins with owners"


def test_quick_wins_message_says_the_cohorts_numbers_in_indonesian():
    masterplan = _plan_with_quick_wins(1, quick_wins_min=2, quick_wins_max=4)

    with translation.override("id"):
        rule = _rule(masterplan, "quick_wins")

    assert rule.problems == ["Tandai 2 sampai 4 program sebagai quick win (saat ini 1)."]
    assert rule.label == "2–4 quick win beserta penanggung jawabnya"


def test_quick_wins_above_the_cohorts_most_refused():
    rule = _rule(_plan_with_quick_wins(3, quick_wins_min=1, quick_wins_max=2), "quick_wins")

    assert rule.problems == ["Mark 1 to 2 programmes as quick wins (now 3)."]


# --- readiness levels ---------------------------------------------------------------------------------------------


def test_readiness_without_a_level_refused_when_the_cohort_requires_levels():
    rule = _rule(_plan_with_an_aspect(level=False, summary="Ringkasan."), "readiness")

    assert rule.problems == ["Aspect “Structure” needs a readiness level and a summary."]


def test_readiness_without_a_level_passes_when_the_cohort_does_not_require_levels():
    masterplan = _plan_with_an_aspect(level=False, summary="Ringkasan.", readiness_level_required=False)

    assert _rule(masterplan, "readiness").passed


def test_readiness_still_needs_a_summary_when_levels_are_not_required():
    masterplan = _plan_with_an_aspect(level=True, summary="  ", readiness_level_required=False)

    assert _rule(masterplan, "readiness").problems == ["Aspect “Structure” needs a summary."]


def test_readiness_with_level_and_summary_passes_when_levels_are_required():
    assert _rule(_plan_with_an_aspect(level=True, summary="Ringkasan."), "readiness").passed


# --- the cohort's rules cost no query of their own ---------------------------------------------------------------


def test_bundle_reads_the_cohort_in_the_framework_versions_query():
    masterplan = _plan_with_quick_wins(1)
    with CaptureQueriesContext(connection) as preloaded:
        load_bundle(
            Masterplan.objects.select_related("framework_version", "participation__cohort").get(
                pk=masterplan.pk
            )
        )
    plain = Masterplan.objects.get(pk=masterplan.pk)
    with CaptureQueriesContext(connection) as lazy:
        bundle = load_bundle(plain)

    # Loaded lazily, the framework version and the cohort come in one query, the one the version took alone
    # before: as many queries as the masterplan's own select_related get and the bundle.
    assert len(lazy.captured_queries) == len(preloaded.captured_queries)
    assert "programmes_cohort" in lazy.captured_queries[0]["sql"]
    assert bundle.cohort == masterplan.participation.cohort


def test_bundle_keeps_the_participations_region_when_it_adds_the_cohort():
    masterplan = Masterplan.objects.select_related("participation__region").get(pk=MasterplanFactory().pk)

    bundle = load_bundle(masterplan)

    assert bundle.cohort.pk == masterplan.participation.cohort_id
    with CaptureQueriesContext(connection) as ctx:
        assert masterplan.participation.region.name
        assert masterplan.participation.cohort.quick_wins_min == 3
    assert ctx.captured_queries == []


# --- the cohort form and the database refuse nonsense ------------------------------------------------------------


def test_cohort_form_refuses_most_quick_wins_below_fewest_in_indonesian():
    cohort = CohortFactory()
    with translation.override("id"):
        form = CohortForm(_form_data(cohort, quick_wins_min="5", quick_wins_max="3"), instance=cohort)
        assert not form.is_valid()
        errors = {field: list(messages) for field, messages in form.errors.items()}

    assert errors == {
        "quick_wins_max": [
            "Jumlah quick win paling banyak (3) tidak boleh kurang dari jumlah paling sedikit (5)."
        ]
    }


@pytest.mark.parametrize(("field", "value"), [("quick_wins_min", "-1"), ("quick_wins_max", "51")])
def test_cohort_form_refuses_out_of_range_quick_wins_with_a_field_error_in_indonesian(field, value):
    with translation.override("id"):
        form = CohortForm(_form_data(**{field: value}))
        assert not form.is_valid()
        errors = {name: list(messages) for name, messages in form.errors.items()}

    assert errors == {field: ["Masukkan nilai dari 0 sampai 50."]}


def test_cohort_form_saves_the_rules():
    cohort = CohortFactory()
    form = CohortForm(
        _form_data(cohort, quick_wins_min="2", quick_wins_max="6", readiness_level_required=None),
        instance=cohort,
    )

    assert form.is_valid(), form.errors
    form.save()
    cohort.refresh_from_db()
    assert (cohort.quick_wins_min, cohort.quick_wins_max, cohort.readiness_level_required) == (2, 6, False)


def test_database_refuses_most_quick_wins_below_fewest():
    cohort = CohortFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(quick_wins_min=4, quick_wins_max=3)


# --- the cohort page -----------------------------------------------------------------------------------------------


def test_cohort_page_shows_the_cohort_rules(client):
    cohort = CohortFactory(quick_wins_min=2, quick_wins_max=6, readiness_level_required=False)
    client.force_login(UserFactory(is_secretariat=True))

    with translation.override("id"):
        response = client.get(reverse("programmes:cohort_detail", args=[cohort.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Aturan angkatan" in html
    assert "2 sampai 6" in html
    assert "tidak wajib" in html
