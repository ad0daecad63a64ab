"""The planning chain as a Bappeda reads it: Visi → Misi → Tujuan → Sasaran → Strategi → Program.

``read_chain`` turns a snapshot (a version's, or the live rows' from ``snapshot.chain_part``) into nested plain
values in that order: each mission with its objectives (*tujuan*), each objective with its indicators and goals
(*sasaran*), each goal with its dimension, indicators and the strategies that serve it; with the vision's
keywords and the strategic issues (*isu strategis*) the vision answers. The version page, the public masterplan
page and the books show this one structure. No queries.
"""

from dataclasses import dataclass, field

from kotacerdas.masterplans.published import PublishedIndicator


@dataclass
class ChainGoal:
    text: str
    dimension: object  # the Dimension when known, else its code
    indicators: list  # PublishedIndicator
    strategies: list = field(default_factory=list)  # titles


@dataclass
class ChainObjective:
    number: str  # "2.1": mission 2, objective 1
    text: str
    indicators: list  # PublishedIndicator
    goals: list = field(default_factory=list)  # ChainGoal


@dataclass
class ChainMission:
    number: int
    text: str
    objectives: list = field(default_factory=list)  # ChainObjective


@dataclass
class StrategicIssueRow:
    text: str
    swot: list  # texts of the SWOT items it is drawn from


@dataclass
class Chain:
    keywords: list  # (word, explanation)
    issues: list  # StrategicIssueRow
    missions: list  # ChainMission
    unplaced_goals: list  # ChainGoal without an objective (written before the chain existed)

    @property
    def has_objectives(self) -> bool:
        return any(m.objectives for m in self.missions)

    @property
    def goal_count(self) -> int:
        placed = sum(len(o.goals) for m in self.missions for o in m.objectives)
        return placed + len(self.unplaced_goals)


def _indicators(rows) -> list:
    return [PublishedIndicator.from_row(row) for row in rows or []]


def read_chain(snapshot: dict, dimensions: dict | None = None) -> Chain:
    """The chain of a snapshot; ``dimensions`` ({code: Dimension}) names each goal's dimension. A snapshot
    frozen before the chain (none is left after migration 0006) reads as missions with every goal unplaced."""
    dimensions = dimensions or {}
    strategies_of_goal: dict = {}
    for strategy in snapshot.get("strategies") or []:
        if strategy.get("goal_id") is not None:
            strategies_of_goal.setdefault(strategy["goal_id"], []).append(strategy.get("title", ""))

    missions, mission_by_id = [], {}
    for number, row in enumerate(snapshot.get("missions") or [], start=1):
        mission = ChainMission(number=number, text=row.get("text", ""))
        missions.append(mission)
        mission_by_id[row.get("id")] = mission
    objective_by_id = {}
    for row in snapshot.get("objectives") or []:
        mission = mission_by_id.get(row.get("mission_id"))
        if mission is None:  # a mission the version does not hold (not expected): shown under its own text
            mission = ChainMission(number=len(missions) + 1, text=row.get("mission") or "")
            missions.append(mission)
            mission_by_id[row.get("mission_id")] = mission
        objective = ChainObjective(
            number=f"{mission.number}.{len(mission.objectives) + 1}",
            text=row.get("text", ""),
            indicators=_indicators(row.get("indicators")),
        )
        mission.objectives.append(objective)
        objective_by_id[row.get("id")] = objective
    unplaced = []
    for row in snapshot.get("goals") or []:
        code = row.get("dimension")
        goal = ChainGoal(
            text=row.get("text", ""),
            dimension=dimensions.get(code, code),
            indicators=_indicators(row.get("indicators")),
            strategies=strategies_of_goal.get(row.get("id"), []),
        )
        objective = objective_by_id.get(row.get("objective_id"))
        (objective.goals if objective else unplaced).append(goal)
    order = {code: (getattr(d, "order", 0), getattr(d, "pk", 0)) for code, d in dimensions.items()}

    def by_dimension(goal):
        code = getattr(goal.dimension, "code", goal.dimension)
        return order.get(code, (10**6, 0))

    for mission in missions:
        for objective in mission.objectives:
            objective.goals.sort(key=by_dimension)  # stable: the version's order within a dimension
    unplaced.sort(key=by_dimension)
    return Chain(
        keywords=[
            (k.get("word", ""), k.get("explanation", "")) for k in snapshot.get("vision_keywords") or []
        ],
        issues=[
            StrategicIssueRow(text=i.get("text", ""), swot=list(i.get("swot") or []))
            for i in snapshot.get("strategic_issues") or []
        ],
        missions=missions,
        unplaced_goals=unplaced,
    )
