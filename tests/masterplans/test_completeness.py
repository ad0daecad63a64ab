"""Each completeness rule, broken one at a time on the complete demo masterplan."""

import pytest

from kotacerdas.masterplans.completeness import check_completeness
from kotacerdas.masterplans.models import (
    AspectAnalysis,
    Goal,
    GoalIndicator,
    MasterplanProgramme,
    Mission,
    Section,
    Strategy,
    SwotItem,
)

pytestmark = pytest.mark.django_db


def _failing(mp):
    return {r.code: r.problems for r in check_completeness(mp).results if not r.passed}


def test_demo_masterplan_complete(demo):
    result = check_completeness(demo["pemalang"])

    assert (result.passed, result.total, result.percent, result.is_complete) == (10, 10, 100, True)


def test_new_masterplan_fails_every_rule_but_the_vacuous_one(demo):
    failing = _failing(demo["pekalongan"])

    # With no programmes there is no programme lacking fields; the other rules say what to add.
    assert sorted(failing) == sorted(
        [
            "profile",
            "readiness",
            "vision",
            "goals",
            "strategies",
            "dimension_programmes",
            "quick_wins",
            "horizons",
            "action_plan",
        ]
    )


def test_rule_profile_without_key_figures(demo):
    mp = demo["pemalang"]
    mp.key_figures.all().delete()

    assert _failing(mp) == {"profile": ["Add at least one key figure (population, area, APBD, ...)."]}


def test_rule_vision_missing(demo):
    mp = demo["pemalang"]
    Section.objects.filter(masterplan=mp, key="vision").update(body="   ")

    assert _failing(mp) == {"vision": ["The vision is missing."]}


def test_rule_readiness_aspect_without_swot_and_level(demo):
    mp = demo["pemalang"]
    SwotItem.objects.filter(masterplan=mp, aspect__code="struktur").delete()
    AspectAnalysis.objects.filter(masterplan=mp, aspect__code="struktur").update(level=None)

    assert list(_failing(mp)) == ["readiness"]
    assert len(_failing(mp)["readiness"]) == 2


def test_rule_dimension_without_strategy_or_programmes(demo):
    mp = demo["pemalang"]
    MasterplanProgramme.objects.filter(masterplan=mp, strategy__dimension__code="ENV").delete()
    Strategy.objects.filter(masterplan=mp, dimension__code="ENV").delete()

    failing = _failing(mp)
    assert failing["strategies"] == ["No strategy yet for: Smart Environment."]
    assert failing["dimension_programmes"] == ["No programme yet for: Smart Environment."]


def test_rule_programme_fields(demo):
    mp = demo["pemalang"]
    programme = mp.programmes.filter(is_quick_win=False).first()
    MasterplanProgramme.objects.filter(pk=programme.pk).update(funding_source="", start_year=None)

    assert _failing(mp)["programme_fields"] == [
        f"Programme “{programme.name}” lacks: start and end year, funding source."
    ]


def test_rule_quick_wins_count_and_owner(demo):
    mp = demo["pemalang"]
    quick_wins = list(mp.programmes.filter(is_quick_win=True))
    MasterplanProgramme.objects.filter(pk__in=[q.pk for q in quick_wins[:2]]).update(is_quick_win=False)
    MasterplanProgramme.objects.filter(pk=quick_wins[2].pk).update(owner_opd=None)

    problems = _failing(mp)["quick_wins"]
    assert problems == [
        "Mark 3 to 6 programmes as quick wins (now 2).",
        f"Quick win “{quick_wins[2].name}” has no owning OPD.",
    ]


def test_rule_every_horizon_used(demo):
    mp = demo["pemalang"]
    MasterplanProgramme.objects.filter(masterplan=mp, horizon="long").update(horizon="medium")

    assert _failing(mp) == {"horizons": ["No programme in: Long term."]}


def test_rule_goals_need_indicators_per_goal_and_dimension(demo):
    mp = demo["pemalang"]
    GoalIndicator.objects.filter(goal__masterplan=mp, goal__dimension__code="BRA").delete()

    assert _failing(mp) == {
        "goals": [
            "Goal “Meningkatnya kunjungan wisata dan investasi.” has no indicator yet.",
            "No goal with an indicator yet for: Smart Branding.",
        ]
    }


def test_rule_chain_needs_objectives_under_missions_and_goals_under_objectives(demo):
    mp = demo["pemalang"]
    Mission.objects.create(masterplan=mp, text="Misi tambahan tanpa tujuan.", order=9)
    objective = mp.objectives.get(text="Menjaga kualitas lingkungan hidup.")
    objective.indicators.all().delete()
    Goal.objects.filter(objective=objective).update(objective=None)

    assert _failing(mp) == {
        "goals": [
            "Mission “Misi tambahan tanpa tujuan.” has no objective yet.",
            "Objective “Menjaga kualitas lingkungan hidup.” has no goal yet.",
            "Objective “Menjaga kualitas lingkungan hidup.” has no indicator yet.",
            "Goal “Lingkungan dikelola berkelanjutan dengan dukungan TIK.” is not under an objective yet.",
        ]
    }


def test_rule_chain_rows_drafted_automatically_are_checked_first(demo):
    mp = demo["pemalang"]
    mp.objectives.filter(order=1).update(needs_review=True)
    mp.goals.filter(dimension__code="GOV").update(needs_review=True)

    assert _failing(mp) == {
        "goals": ["4 objectives and goals drafted automatically are still marked “to be checked”."]
    }


def test_rule_action_plan_needs_a_step(demo):
    mp = demo["pemalang"]
    mp.action_steps.all().delete()

    assert _failing(mp) == {"action_plan": ["Add at least one readiness step to the action plan."]}
