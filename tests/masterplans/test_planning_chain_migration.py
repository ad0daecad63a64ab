"""Existing masterplans gain the planning chain without loss (masterplans 0005–0006, issue 17 §5).

The test goes back to 0004 (missions and goals side by side), writes masterplans with one mission, with three
missions, and with none, each with goals, indicators and a frozen version, migrates forward and reads the chain;
then migrates back to 0004 and finds the goals, indicators and snapshots as they were."""

import copy
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kotacerdas.masterplans.models import Goal, GoalIndicator, MasterplanVersion, Objective
from tests.factories import MasterplanFactory

BEFORE = [("masterplans", "0004_published_version")]
AFTER = [("masterplans", "0006_planning_chain_data")]

MISSIONS = [
    "Mewujudkan pemerintahan yang terbuka, efektif, dan melayani berbasis teknologi.",
    "Menumbuhkan ekonomi daerah yang berdaya saing melalui ekosistem digital.",
    "Meningkatkan kualitas hidup dan ketangguhan masyarakat serta lingkungan.",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _write_old(apps, masterplan, dimensions, missions, goals):
    """Missions, goals (dimension code, text) with one indicator each, and a version freezing them."""
    Mission = apps.get_model("masterplans", "Mission")
    OldGoal = apps.get_model("masterplans", "Goal")
    OldIndicator = apps.get_model("masterplans", "GoalIndicator")
    Version = apps.get_model("masterplans", "MasterplanVersion")
    mission_rows = [
        Mission.objects.create(masterplan_id=masterplan.pk, text=text, order=order)
        for order, text in enumerate(missions, start=1)
    ]
    goal_rows = []
    for code, text in goals:
        goal = OldGoal.objects.create(
            masterplan_id=masterplan.pk, dimension_id=dimensions[code].pk, text=text
        )
        OldIndicator.objects.create(
            goal_id=goal.pk, name=f"Indikator {text}", unit="%", baseline_year=2019,
            baseline_value=Decimal("10"), target_year=2028, target_value=Decimal("80"),
        )  # fmt: skip
        goal_rows.append(goal)
    snapshot = {
        "title": masterplan.title,
        "missions": [{"id": m.pk, "text": m.text} for m in mission_rows],
        "goals": [
            {
                "id": g.pk,
                "dimension": code,
                "text": g.text,
                "indicators": [
                    {
                        "name": f"Indikator {g.text}",
                        "unit": "%",
                        "baseline_year": 2019,
                        "baseline_value": "10",
                        "target_year": 2028,
                        "target_value": "80",
                    }
                ],
            }  # fmt: skip
            for g, (code, _text) in zip(goal_rows, goals, strict=True)
        ],
        "strategies": [
            {"id": 1, "dimension": "GOV", "element": None, "title": "Strategi", "description": ""}
        ],
    }
    Version.objects.create(masterplan_id=masterplan.pk, number=1, snapshot=snapshot)
    return mission_rows, goal_rows, snapshot


@pytest.mark.django_db(transaction=True)
def test_goals_move_under_objectives_and_come_back(framework):
    dimensions = {d.code: d for d in framework.dimensions.all()}
    one, three, none = (
        MasterplanFactory(participation__cohort__framework_version=framework) for _ in range(3)
    )
    try:
        old = _migrate(BEFORE)
        (single,), single_goals, single_snapshot = _write_old(
            old,
            one,
            dimensions,
            ["Misi tunggal."],
            [("GOV", "Layanan publik terpadu."), ("ENV", "Sampah terkelola.")],
        )
        missions, goals, snapshot = _write_old(
            old,
            three,
            dimensions,
            MISSIONS,
            [
                (
                    "GOV",
                    "Layanan publik terintegrasi dan mudah diakses.",
                ),  # no word shared: the first mission
                ("ECO", "UMKM naik kelas melalui pasar digital."),  # "digital": the second
                ("ENV", "Lingkungan dikelola berkelanjutan."),  # "lingkungan": the third
            ],
        )
        # A mission deleted since the version was frozen: the version keeps it, with an objective of its own.
        snapshot["missions"].append({"id": 999_999, "text": "Misi yang sudah dihapus."})
        old.get_model("masterplans", "MasterplanVersion").objects.filter(masterplan_id=three.pk).update(
            snapshot=snapshot
        )
        _no_missions, (orphan,), orphan_snapshot = _write_old(
            old, none, dimensions, [], [("SOC", "Warga tangguh.")]
        )
        before = {
            v.masterplan_id: copy.deepcopy(v.snapshot)
            for v in old.get_model("masterplans", "MasterplanVersion").objects.all()
        }

        _migrate(AFTER)

        objectives = {o.mission_id: o for o in Objective.objects.all()}
        assert sorted(objectives) == sorted([single.pk] + [m.pk for m in missions])
        assert all(o.needs_review and o.text == o.mission.text for o in objectives.values())
        assert {o.masterplan_id for o in objectives.values()} == {one.pk, three.pk}
        placed = {
            g.pk: (g.objective.mission_id if g.objective else None, g.needs_review)
            for g in Goal.objects.all()
        }
        assert placed == {
            single_goals[0].pk: (single.pk, False),
            single_goals[1].pk: (single.pk, False),
            goals[0].pk: (missions[0].pk, True),
            goals[1].pk: (missions[1].pk, True),
            goals[2].pk: (missions[2].pk, True),
            orphan.pk: (None, False),
        }
        # Every goal keeps its indicator.
        assert GoalIndicator.objects.count() == 6
        assert {i.goal_id for i in GoalIndicator.objects.all()} == set(placed)

        frozen = {v.masterplan_id: v.snapshot for v in MasterplanVersion.objects.all()}
        three_objectives = frozen[three.pk]["objectives"]
        assert [o["id"] for o in three_objectives] == [objectives[m.pk].pk for m in missions] + [-999_999]
        assert [o["text"] for o in three_objectives] == MISSIONS + ["Misi yang sudah dihapus."]
        assert [(g["text"], g["objective_id"], g["objective"]) for g in frozen[three.pk]["goals"]] == [
            (goals[0].text, objectives[missions[0].pk].pk, MISSIONS[0]),
            (goals[1].text, objectives[missions[1].pk].pk, MISSIONS[1]),
            (goals[2].text, objectives[missions[2].pk].pk, MISSIONS[2]),
        ]
        assert [g["indicators"] for g in frozen[three.pk]["goals"]] == [
            g["indicators"] for g in snapshot["goals"]
        ]
        assert [g["objective_id"] for g in frozen[one.pk]["goals"]] == [objectives[single.pk].pk] * 2
        assert frozen[none.pk]["objectives"] == []
        assert frozen[none.pk]["goals"][0]["objective_id"] is None
        assert frozen[one.pk]["strategies"][0]["goal_id"] is None
        assert frozen[one.pk]["strategic_issues"] == frozen[one.pk]["vision_keywords"] == []

        back = _migrate(BEFORE)

        restored = {
            v.masterplan_id: v.snapshot
            for v in back.get_model("masterplans", "MasterplanVersion").objects.all()
        }
        assert restored == before
        assert back.get_model("masterplans", "Goal").objects.count() == 6
        assert back.get_model("masterplans", "GoalIndicator").objects.count() == 6
        assert single_snapshot["goals"] and orphan_snapshot["goals"]
    finally:
        _migrate(_leaves())


@pytest.mark.django_db(transaction=True)
def test_the_demo_masterplan_goes_back_and_forward_without_loss(regions_loaded, framework):
    from kotacerdas.masterplans.demo import load_demo_masterplan
    from kotacerdas.masterplans.snapshot import take_snapshot
    from kotacerdas.programmes.demo import load_demo

    load_demo()
    pemalang = load_demo_masterplan()
    freeze = MasterplanVersion.objects.create(
        masterplan=pemalang, number=99, snapshot=take_snapshot(pemalang)
    )
    goals = sorted(Goal.objects.filter(masterplan=pemalang).values_list("text", "dimension__code"))
    indicators = sorted(
        GoalIndicator.objects.filter(goal__masterplan=pemalang).values_list("name", "target_value")
    )
    try:
        _migrate(BEFORE)
        _migrate(_leaves())

        kept = Goal.objects.filter(masterplan=pemalang).select_related("objective__mission")
        assert sorted((g.text, g.dimension.code) for g in kept) == goals
        assert all(g.objective is not None and g.objective.mission.masterplan_id == pemalang.pk for g in kept)
        assert (
            sorted(
                GoalIndicator.objects.filter(goal__masterplan=pemalang).values_list("name", "target_value")
            )
            == indicators
        )
        version = MasterplanVersion.objects.get(pk=freeze.pk)
        assert sorted(g["text"] for g in version.snapshot["goals"]) == sorted(text for text, _code in goals)
        assert all(g.get("objective_id") for g in version.snapshot["goals"])
    finally:
        _migrate(_leaves())
