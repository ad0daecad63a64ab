"""The planning chain Visi → Misi → Tujuan → Sasaran → Strategi → Program (issue 17 §5): editing it on the
vision part, what a version freezes and compares, the books, the published page, and the demo masterplan."""

import pytest
from django.urls import reverse

from kotacerdas.masterplans import published
from kotacerdas.masterplans.diff import compare_snapshots
from kotacerdas.masterplans.documents.content import book_content
from kotacerdas.masterplans.models import Goal, Mission, Objective, Strategy
from kotacerdas.masterplans.services import freeze_version
from kotacerdas.masterplans.snapshot import take_snapshot

pytestmark = pytest.mark.django_db


def _part_url(mp, part="vision"):
    return reverse("masterplans:part", args=[mp.pk, part])


def test_vision_part_shows_the_chain_in_its_order(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    response = client.get(_part_url(mp))

    text = response.content.decode()
    chain = text[text.index('id="chain"') :]
    steps = [
        "Cerdas",  # a keyword of the vision
        "Sumber daya manusia TIK belum merata",  # a strategic issue
        "Mewujudkan pemerintahan yang terbuka",  # mission 1
        "Meningkatkan kualitas tata kelola pemerintahan",  # its objective 1.1
        "Indeks SPBE",  # the objective's indicator
        "Layanan publik terintegrasi dan mudah diakses.",  # its goal
        "Layanan perizinan daring",  # the goal's indicator
        "Strategi lintas pemerintahan yang terpadu",  # a strategy serving the goal
        "Menumbuhkan ekonomi daerah",  # mission 2
        "Menjaga kualitas lingkungan hidup.",  # objective 3.2
    ]
    assert response.status_code == 200
    positions = [chain.index(step) for step in steps]
    assert positions == sorted(positions)


def test_objective_is_added_under_a_mission(demo, client):
    mp = demo["pemalang"]
    mission = mp.missions.get(order=2)
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        _part_url(mp),
        {
            "kind": "objective",
            "objective-mission": mission.pk,
            "objective-text": "Tujuan baru.",
            "objective-order": 2,
        },
    )

    assert response.status_code == 302
    objective = Objective.objects.get(text="Tujuan baru.")
    assert (objective.masterplan, objective.mission, objective.needs_review) == (mp, mission, False)


def test_goal_without_objective_is_refused(demo, client):
    mp = demo["pemalang"]
    gov = mp.framework_version.dimensions.get(code="GOV")
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        _part_url(mp), {"kind": "goal", "goal-dimension": gov.pk, "goal-text": "Sasaran lepas."}
    )

    assert response.status_code == 400
    assert not Goal.objects.filter(text="Sasaran lepas.").exists()


def test_objective_of_another_masterplan_cannot_be_chosen(demo, client):
    mp, other = demo["pemalang"], demo["pekalongan"]
    foreign = Objective.objects.create(
        masterplan=other,
        mission=Mission.objects.create(masterplan=other, text="Misi lain."),
        text="Tujuan lain.",
    )
    gov = mp.framework_version.dimensions.get(code="GOV")
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        _part_url(mp),
        {
            "kind": "goal",
            "goal-objective": foreign.pk,
            "goal-dimension": gov.pk,
            "goal-text": "Sasaran asing.",
        },
    )

    assert response.status_code == 400
    assert not Goal.objects.filter(text="Sasaran asing.").exists()


def test_strategy_serving_a_goal_of_another_dimension_is_refused(demo, client):
    mp = demo["pemalang"]
    gov = mp.framework_version.dimensions.get(code="GOV")
    eco_goal = mp.goals.get(dimension__code="ECO")
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        _part_url(mp, "strategies"),
        {
            "kind": "strategy",
            "strategy-dimension": gov.pk,
            "strategy-goal": eco_goal.pk,
            "strategy-title": "Salah.",
        },
    )

    assert response.status_code == 400
    assert "Sasaran harus termasuk dimensi yang dipilih." in response.content.decode()
    assert not Strategy.objects.filter(title="Salah.").exists()


def test_mission_with_objectives_is_not_deleted(demo, client):
    mp = demo["pemalang"]
    mission = mp.missions.get(order=1)
    client.force_login(demo["editor.pemalang"])

    client.post(
        reverse("masterplans:row_delete", args=[mp.pk, "mission", mission.pk]),
        {"confirm": "yes", "revision": mission.revision},
    )

    assert Mission.objects.filter(pk=mission.pk).exists()


def test_version_freezes_the_chain_and_a_comparison_shows_a_moved_goal(demo, client):
    mp = demo["pemalang"]
    version = freeze_version(mp, by=demo["editor.pemalang"])
    eco = mp.goals.get(dimension__code="ECO")
    first_objective = mp.objectives.get(mission__order=1)
    Goal.objects.filter(pk=eco.pk).update(objective=first_objective)

    comparison = compare_snapshots(version.snapshot, take_snapshot(mp))

    snapshot = version.snapshot
    assert [o["text"] for o in snapshot["objectives"]] == list(mp.objectives.values_list("text", flat=True))
    assert {g["objective_id"] for g in snapshot["goals"]} == set(mp.objectives.values_list("pk", flat=True))
    assert len(snapshot["vision_keywords"]) == 4 and len(snapshot["strategic_issues"]) == 4
    changes = comparison.lists["goals"].changed
    assert [(c.label, c.field_names) for c in changes] == [
        ("UMKM naik kelas melalui pasar digital.", ["objective"])
    ]
    client.force_login(demo["editor.pemalang"])
    page = client.get(reverse("masterplans:version_detail", args=[mp.pk, version.number])).content.decode()
    assert "Meningkatkan daya saing ekonomi daerah, pariwisata, dan investasi." in page


def test_published_reading_nests_goals_under_objectives_under_missions(demo):
    mp = demo["pemalang"]

    chain = published.read_masterplan(mp, take_snapshot(mp)).chain

    assert [m.number for m in chain.missions] == [1, 2, 3]
    assert [[o.number for o in m.objectives] for m in chain.missions] == [["1.1"], ["2.1"], ["3.1", "3.2"]]
    assert [[g.dimension.code for g in o.goals] for m in chain.missions for o in m.objectives] == [
        ["GOV"],
        ["BRA", "ECO"],
        ["LIV", "SOC"],
        ["ENV"],
    ]
    assert chain.unplaced_goals == []


def test_book_two_prints_the_chain_with_indicators(demo):
    book = book_content(demo["pemalang"], 2)

    vision = next(c for c in book.chapters if c.key == "vision")
    headings = [b.text for b in vision.blocks if b.kind == "heading"]
    cells = [cell for b in vision.blocks if b.kind == "table" for row in b.rows for cell in row]
    assert (
        "Misi 1: Mewujudkan pemerintahan yang terbuka, efektif, dan melayani berbasis teknologi." in headings
    )
    assert "Isu strategis" in headings and "Kata kunci visi" in headings
    assert (
        "1.1 Meningkatkan kualitas tata kelola pemerintahan dan layanan publik berbasis elektronik." in cells
    )
    assert "Indeks SPBE" in cells
    assert any(
        str(c).startswith("Layanan publik terintegrasi dan mudah diakses. (Smart Governance)") for c in cells
    )


# The demo masterplan (issue 17 §5, corrections) -------------------------------------------------------------


def test_demo_mobility_and_environment_monitoring_sit_in_their_elements(demo):
    mp = demo["pemalang"]

    mobility = mp.strategies.get(title="Aksesibilitas dan mobilitas orang, barang, dan jasa")
    monitoring = mp.programmes.get(name="Pemantauan kualitas udara dan air")

    assert (mobility.dimension.code, mobility.element.name_id) == ("LIV", "Mobilitas")
    assert (monitoring.strategy.dimension.code, monitoring.element.name_id) == ("ENV", "Proteksi Lingkungan")


def test_demo_outputs_and_outcomes_are_written_per_programme(demo):
    programmes = list(demo["pemalang"].programmes.all())

    assert len({p.output for p in programmes}) == len({p.outcome for p in programmes}) == len(programmes)


def test_demo_2018_masterplan_names_no_later_policy(demo):
    snapshot = str(take_snapshot(demo["pemalang"])).lower()

    assert "satu data" not in snapshot  # Perpres 39/2019 on Satu Data Indonesia came after the 2018 cohort
