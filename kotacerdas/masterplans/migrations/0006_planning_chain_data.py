"""The planning chain for existing masterplans: Visi → Misi → Tujuan → Sasaran (issue 17 §5).

Before this migration a masterplan had missions and goals (sasaran) side by side. Per masterplan it now:

1. creates one objective (tujuan) under each mission, its text copied from the mission and marked "to be
   checked" (``needs_review``), so the team rewrites it as a real objective;
2. puts every goal under one of those objectives:

   * one mission: every goal goes under its objective;
   * several missions: the data gives a hint. A goal goes under the objective of the mission that shares the
     most words with it (the goal's text and its dimension's name; words of four letters or more, common
     Indonesian function words left out); on a tie, or when no mission shares a word, under the first mission
     (by order). These goals are marked "to be checked" too, and the vision page says so: the link is a guess
     the team confirms or changes;
   * no mission: the goals keep no objective (nothing is invented); the completeness check asks the team to
     write missions and objectives before the next submission.

3. rewrites every version's snapshot (``MasterplanVersion.snapshot``) the same way, so frozen versions, their
   comparison and the books and public pages built from them carry the chain: ``objectives`` (one per mission
   of the snapshot, with the live objective's id when the mission still exists, else the negative mission id),
   ``objective_id``/``objective`` on each goal, ``goal_id``/``goal`` (empty) on each strategy, and empty
   ``strategic_issues`` and ``vision_keywords``. Nothing already frozen is changed or dropped.

Reversible: going back deletes the objectives (goals keep their text, dimension and indicators) and removes the
added keys from the snapshots.
"""

import re

from django.db import migrations

STOP_WORDS = {
    "yang", "dan", "atau", "untuk", "dengan", "melalui", "serta", "dalam", "pada", "dari", "oleh", "bagi",
    "agar", "sebagai", "akan", "para", "lebih", "makin", "semakin", "mewujudkan", "meningkatkan",
    "meningkatnya", "terwujudnya", "menumbuhkan", "berbasis", "daerah", "kota", "kabupaten", "smart",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if len(w) >= 4 and w not in STOP_WORDS}


def best_mission(goal_text: str, dimension_name: str, missions: list[tuple]) -> object:
    """The key of the mission a goal goes under: ``missions`` are (key, text) in the masterplan's order."""
    words = _words(goal_text) | _words(dimension_name)
    best, best_score = missions[0][0], 0
    for key, text in missions:
        score = len(words & _words(text))
        if score > best_score:
            best, best_score = key, score
    return best


def build_chain(apps, schema_editor):
    Masterplan = apps.get_model("masterplans", "Masterplan")
    Mission = apps.get_model("masterplans", "Mission")
    Objective = apps.get_model("masterplans", "Objective")
    Goal = apps.get_model("masterplans", "Goal")
    MasterplanVersion = apps.get_model("masterplans", "MasterplanVersion")
    Dimension = apps.get_model("framework", "Dimension")

    objective_of_mission = {}  # mission pk -> objective pk
    for masterplan in Masterplan.objects.order_by("pk").iterator():
        missions = list(Mission.objects.filter(masterplan=masterplan).order_by("order", "pk"))
        if not missions:
            continue
        for mission in missions:
            objective = Objective.objects.create(
                masterplan=masterplan, mission=mission, text=mission.text, order=1, needs_review=True
            )
            objective_of_mission[mission.pk] = objective.pk
        keyed = [(m.pk, m.text) for m in missions]
        several = len(missions) > 1
        for goal in Goal.objects.filter(masterplan=masterplan).select_related("dimension"):
            mission_pk = best_mission(goal.text, goal.dimension.name_id, keyed)
            goal.objective_id = objective_of_mission[mission_pk]
            goal.needs_review = several
            goal.save(update_fields=["objective", "needs_review"])

    dimension_names = dict(Dimension.objects.values_list("code", "name_id"))
    for version in MasterplanVersion.objects.order_by("pk").iterator():
        snapshot = version.snapshot or {}
        if "objectives" in snapshot:
            continue
        version.snapshot = chain_snapshot(snapshot, objective_of_mission, dimension_names)
        version.save(update_fields=["snapshot"])


def chain_snapshot(snapshot: dict, objective_of_mission: dict, dimension_names: dict) -> dict:
    """A version's snapshot with the planning chain added (see the module's docstring)."""
    missions = [m for m in snapshot.get("missions") or [] if isinstance(m, dict)]
    objectives = []
    for mission in missions:
        mission_id = mission.get("id")
        objective_id = objective_of_mission.get(
            mission_id, -mission_id if isinstance(mission_id, int) else None
        )
        objectives.append(
            {
                "id": objective_id,
                "mission_id": mission_id,
                "mission": mission.get("text", ""),
                "text": mission.get("text", ""),
                "indicators": [],
            }
        )
    objective_by_mission = {o["mission_id"]: o for o in objectives}
    keyed = [(m.get("id"), m.get("text", "")) for m in missions]
    for goal in snapshot.get("goals") or []:
        objective = None
        if keyed:
            code = goal.get("dimension") or ""
            mission_id = best_mission(goal.get("text", ""), dimension_names.get(code, code), keyed)
            objective = objective_by_mission.get(mission_id)
        goal["objective_id"] = objective["id"] if objective else None
        goal["objective"] = objective["text"] if objective else None
    for strategy in snapshot.get("strategies") or []:
        strategy.setdefault("goal_id", None)
        strategy.setdefault("goal", None)
    snapshot["objectives"] = objectives
    snapshot.setdefault("strategic_issues", [])
    snapshot.setdefault("vision_keywords", [])
    return snapshot


def undo_chain(apps, schema_editor):
    Objective = apps.get_model("masterplans", "Objective")
    Goal = apps.get_model("masterplans", "Goal")
    MasterplanVersion = apps.get_model("masterplans", "MasterplanVersion")
    Goal.objects.update(objective=None, needs_review=False)
    Objective.objects.all().delete()
    for version in MasterplanVersion.objects.order_by("pk").iterator():
        snapshot = version.snapshot or {}
        for key in ("objectives", "strategic_issues", "vision_keywords"):
            snapshot.pop(key, None)
        for goal in snapshot.get("goals") or []:
            goal.pop("objective_id", None)
            goal.pop("objective", None)
        for strategy in snapshot.get("strategies") or []:
            strategy.pop("goal_id", None)
            strategy.pop("goal", None)
        version.snapshot = snapshot
        version.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("masterplans", "0005_planning_chain"),
        ("framework", "0001_initial"),
    ]

    operations = [migrations.RunPython(build_chain, undo_chain)]
