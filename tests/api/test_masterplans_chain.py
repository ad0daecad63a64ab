"""The published masterplan in the API carries the planning chain: keywords, issues, objectives, goals, strategies."""

from decimal import Decimal

from tests.factories import (
    GoalFactory,
    GoalIndicatorFactory,
    MissionFactory,
    ObjectiveFactory,
    ObjectiveIndicatorFactory,
    StrategicIssueFactory,
    StrategyFactory,
    VisionKeywordFactory,
)


def test_masterplan_detail_carries_the_planning_chain(client, api_world):
    plan = api_world.masterplan_a
    second = MissionFactory(masterplan=plan, text="Menjaga lingkungan")
    objective = ObjectiveFactory(masterplan=plan, mission=second, text="Udara bersih")
    ObjectiveIndicatorFactory(
        objective=objective,
        name="Indeks kualitas udara",
        unit="indeks",
        baseline_year=2018,
        baseline_value=Decimal("70"),
        target_year=2023,
        target_value=Decimal("82.5"),
    )
    goal = GoalFactory(
        masterplan=plan,
        dimension=api_world.framework.dimensions.get(code="ENV"),
        objective=objective,
        text="Pemantauan udara daring",
    )
    GoalIndicatorFactory(
        goal=goal,
        name="Stasiun pemantau",
        unit="unit",
        baseline_year=2018,
        baseline_value=Decimal("1"),
        target_year=2023,
        target_value=Decimal("5"),
    )
    StrategyFactory(masterplan=plan, dimension=goal.dimension, goal=goal, title="Sensor udara kota")
    VisionKeywordFactory(masterplan=plan, word="Cerdas", explanation="Memakai data")
    StrategicIssueFactory(masterplan=plan, text="Polusi di pusat kota")

    data = client.get(f"/api/v1/masterplans/{api_world.region_a.code}/2018").json()

    assert data["vision_keywords"] == [{"word": "Cerdas", "explanation": "Memakai data"}]
    assert data["strategic_issues"] == ["Polusi di pusat kota"]
    assert data["missions"] == ["Melayani warga", "Menjaga lingkungan"]
    assert data["objectives"] == [
        {
            "mission": 2,
            "text": "Udara bersih",
            "indicators": [
                {
                    "name": "Indeks kualitas udara",
                    "unit": "indeks",
                    "baseline_year": 2018,
                    "baseline_value": "70",
                    "target_year": 2023,
                    "target_value": "82.5",
                }
            ],
        }
    ]
    assert [
        (g["objective"], g["text"], [i["target_value"] for i in g["indicators"]]) for g in data["goals"]
    ] == [("Udara bersih", "Pemantauan udara daring", ["5"])]
    assert [(s["title"], s["goal"]) for s in data["strategies"] if s["goal"]] == [
        ("Sensor udara kota", "Pemantauan udara daring")
    ]
