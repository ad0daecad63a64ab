"""The completeness check: one function per rule, each saying what is missing in plain words.

A masterplan can be submitted only when every rule passes. Rules read from one pre-loaded bundle of the
masterplan's rows, so the check costs a fixed number of queries however big the plan is.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kotacerdas.masterplans.models import Horizon, Masterplan, Part, SectionKey
from kotacerdas.programmes.models import Cohort, Participation


@dataclass
class Bundle:
    masterplan: Masterplan
    dimensions: list
    aspects: list
    sections: dict
    key_figures: list
    analyses: dict
    swot_aspects: set
    strategies: list
    programmes: list
    missions: int
    goal_indicators: dict  # dimension id -> number of indicators over its goals (0 when a goal has none)
    chain: "PlanningChain"  # missions → objectives → goals, with their indicator counts
    action_steps: int
    cohort: Cohort  # its rules: how many quick wins, whether readiness levels are required


def _load_version_and_cohort(masterplan: Masterplan) -> None:
    """The framework version and the cohort whose rules the checks read, in at most one query: none when the
    masterplan came with both (select_related), else one in place of the framework version's own."""
    with_participation = Masterplan.participation.is_cached(masterplan)
    if (
        Masterplan.framework_version.is_cached(masterplan)
        and with_participation
        and Participation.cohort.is_cached(masterplan.participation)
    ):
        return
    loaded = Masterplan.objects.select_related("framework_version", "participation__cohort").get(
        pk=masterplan.pk
    )
    masterplan.framework_version = loaded.framework_version
    if with_participation:
        masterplan.participation.cohort = loaded.participation.cohort
    else:
        masterplan.participation = loaded.participation


def load_bundle(masterplan: Masterplan) -> Bundle:
    _load_version_and_cohort(masterplan)
    version = masterplan.framework_version
    programmes = list(masterplan.programmes.select_related("strategy", "owner_opd").order_by("pk"))
    return Bundle(
        masterplan=masterplan,
        dimensions=list(version.dimensions.order_by("order")),
        aspects=list(version.aspects.filter(is_optional=False).order_by("order")),
        sections={s.key: s.body for s in masterplan.sections.all()},
        key_figures=list(masterplan.key_figures.all()),
        analyses={a.aspect_id: a for a in masterplan.aspect_analyses.all()},
        swot_aspects=set(masterplan.swot_items.values_list("aspect_id", flat=True)),
        strategies=list(masterplan.strategies.all()),
        programmes=programmes,
        missions=masterplan.missions.count(),
        goal_indicators=_goal_indicators(masterplan),
        chain=_planning_chain(masterplan),
        action_steps=masterplan.action_steps.count(),
        cohort=masterplan.participation.cohort,
    )


def _goal_indicators(masterplan: Masterplan) -> dict:
    counts = {}
    for goal in masterplan.goals.annotate(n=Count("indicators")).values("dimension_id", "n"):
        counts[goal["dimension_id"]] = counts.get(goal["dimension_id"], 0) + goal["n"]
    return counts


@dataclass
class PlanningChain:
    """The chain Misi → Tujuan → Sasaran as plain rows (dicts from ``values()``), three queries."""

    missions: list  # pk, text, n_objectives
    objectives: list  # pk, text, needs_review, n_goals, n_indicators
    goals: list  # pk, text, objective_id, needs_review, n_indicators


def _planning_chain(masterplan: Masterplan) -> PlanningChain:
    return PlanningChain(
        missions=list(
            masterplan.missions.annotate(n_objectives=Count("objectives")).values(
                "pk", "text", "n_objectives"
            )
        ),
        objectives=list(
            masterplan.objectives.annotate(
                n_goals=Count("goals", distinct=True), n_indicators=Count("indicators", distinct=True)
            ).values("pk", "text", "needs_review", "n_goals", "n_indicators")
        ),
        goals=list(
            masterplan.goals.annotate(n_indicators=Count("indicators")).values(
                "pk", "text", "objective_id", "needs_review", "n_indicators"
            )
        ),
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


@dataclass
class RuleResult:
    code: str
    label: str
    part: str
    passed: bool
    problems: list = field(default_factory=list)


def _names(items) -> str:
    return ", ".join(str(i) for i in items)


def check_profile(b: Bundle):
    problems = []
    if not b.sections.get(SectionKey.PROFILE, "").strip():
        problems.append(_("The regional profile has no text yet."))
    if not b.key_figures:
        problems.append(_("Add at least one key figure (population, area, APBD, ...)."))
    return problems


def check_readiness(b: Bundle):
    problems = []
    level_required = b.cohort.readiness_level_required  # a cohort rule: the sources leave it open
    for aspect in b.aspects:
        analysis = b.analyses.get(aspect.pk)
        no_summary = analysis is None or not analysis.summary.strip()
        if level_required and (no_summary or analysis.level_id is None):
            problems.append(
                _("Aspect “%(aspect)s” needs a readiness level and a summary.") % {"aspect": aspect}
            )
        elif no_summary:
            problems.append(_("Aspect “%(aspect)s” needs a summary.") % {"aspect": aspect})
        if aspect.pk not in b.swot_aspects:
            problems.append(_("Aspect “%(aspect)s” has no SWOT items.") % {"aspect": aspect})
    return problems


def check_vision(b: Bundle):
    if not b.sections.get(SectionKey.VISION, "").strip():
        return [_("The vision is missing.")]
    return []


def check_goals(b: Bundle):
    """The planning chain: every mission has an objective, every objective a goal, each objective and goal an
    indicator, every goal an objective, each dimension a goal with an indicator; rows drafted automatically
    (migration 0006) are checked by the team first."""
    problems = []
    chain = b.chain
    if not b.missions:
        problems.append(_("Add at least one mission."))
    for mission in chain.missions:
        if not mission["n_objectives"]:
            problems.append(
                _("Mission “%(mission)s” has no objective yet.") % {"mission": _short(mission["text"])}
            )
    for objective in chain.objectives:
        text = _short(objective["text"])
        if not objective["n_goals"]:
            problems.append(_("Objective “%(objective)s” has no goal yet.") % {"objective": text})
        if not objective["n_indicators"]:
            problems.append(_("Objective “%(objective)s” has no indicator yet.") % {"objective": text})
    for goal in chain.goals:
        if goal["objective_id"] is None:
            problems.append(
                _("Goal “%(goal)s” is not under an objective yet.") % {"goal": _short(goal["text"])}
            )
        if not goal["n_indicators"]:
            problems.append(_("Goal “%(goal)s” has no indicator yet.") % {"goal": _short(goal["text"])})
    missing = [d for d in b.dimensions if not b.goal_indicators.get(d.pk)]
    if missing:
        problems.append(
            _("No goal with an indicator yet for: %(dimensions)s.") % {"dimensions": _names(missing)}
        )
    to_check = sum(1 for row in chain.objectives + chain.goals if row["needs_review"])
    if to_check:
        problems.append(
            ngettext(
                "%(count)s objective or goal drafted automatically is still marked “to be checked”.",
                "%(count)s objectives and goals drafted automatically are still marked “to be checked”.",
                to_check,
            )
            % {"count": to_check}
        )
    return problems


def check_action_plan(b: Bundle):
    return [] if b.action_steps else [_("Add at least one readiness step to the action plan.")]


def check_strategies(b: Bundle):
    covered = {s.dimension_id for s in b.strategies}
    missing = [d for d in b.dimensions if d.pk not in covered]
    return [_("No strategy yet for: %(dimensions)s.") % {"dimensions": _names(missing)}] if missing else []


def check_dimension_programmes(b: Bundle):
    covered = {p.strategy.dimension_id for p in b.programmes}
    missing = [d for d in b.dimensions if d.pk not in covered]
    return [_("No programme yet for: %(dimensions)s.") % {"dimensions": _names(missing)}] if missing else []


def check_programme_fields(b: Bundle):
    problems = []
    for p in b.programmes:
        missing = []
        if p.owner_opd_id is None:
            missing.append(_("owning OPD"))
        if not (p.start_year and p.end_year):
            missing.append(_("start and end year"))
        if not p.funding_source:
            missing.append(_("funding source"))
        if missing:
            problems.append(
                _("Programme “%(name)s” lacks: %(fields)s.") % {"name": p.name, "fields": ", ".join(missing)}
            )
    return problems


def check_quick_wins(b: Bundle):
    quick_wins = [p for p in b.programmes if p.is_quick_win]
    problems = []
    fewest, most = b.cohort.quick_wins_min, b.cohort.quick_wins_max  # a cohort rule, not a constant
    if not fewest <= len(quick_wins) <= most:
        problems.append(
            _("Mark %(min)s to %(max)s programmes as quick wins (now %(n)s).")
            % {"min": fewest, "max": most, "n": len(quick_wins)}
        )
    for p in quick_wins:
        if p.owner_opd_id is None:
            problems.append(_("Quick win “%(name)s” has no owning OPD.") % {"name": p.name})
    return problems


def quick_wins_label(b: Bundle) -> str:
    return _("%(min)s–%(max)s quick wins with owners") % {
        "min": b.cohort.quick_wins_min,
        "max": b.cohort.quick_wins_max,
    }


def check_horizons(b: Bundle):
    used = {p.horizon for p in b.programmes}
    missing = [h.label for h in Horizon if h.value not in used]
    return (
        [_("No programme in: %(horizons)s.") % {"horizons": ", ".join(str(m) for m in missing)}]
        if missing
        else []
    )


RULES = [
    ("profile", gettext_lazy("Regional profile with key figures"), Part.PROFILE, check_profile),
    ("readiness", gettext_lazy("All readiness aspects analysed"), Part.READINESS, check_readiness),
    ("vision", gettext_lazy("Vision present"), Part.VISION, check_vision),
    ("goals", gettext_lazy("Missions, objectives and goals with indicators"), Part.VISION, check_goals),
    ("strategies", gettext_lazy("Each dimension has a strategy"), Part.STRATEGIES, check_strategies),
    ("dimension_programmes", gettext_lazy("Each dimension has programmes"), Part.PROGRAMMES, check_dimension_programmes),
    ("programme_fields", gettext_lazy("Each programme has owner, years and funding"), Part.PROGRAMMES, check_programme_fields),
    ("quick_wins", quick_wins_label, Part.QUICK_WINS, check_quick_wins),  # the label says the cohort's numbers
    ("horizons", gettext_lazy("Every horizon used"), Part.ROADMAP, check_horizons),
    ("action_plan", gettext_lazy("Action plan with readiness steps"), Part.ACTION_PLAN, check_action_plan),
]  # fmt: skip


@dataclass
class Completeness:
    results: list

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def percent(self) -> int:
        return round(100 * self.passed / self.total) if self.total else 100

    @property
    def is_complete(self) -> bool:
        return self.passed == self.total


def check_completeness(masterplan: Masterplan, bundle: Bundle | None = None) -> Completeness:
    bundle = bundle or load_bundle(masterplan)
    results = []
    for code, label, part, rule in RULES:
        problems = rule(bundle)
        results.append(
            RuleResult(
                code=code,
                label=str(label(bundle) if callable(label) else label),
                part=part,
                passed=not problems,
                problems=problems,
            )
        )
    return Completeness(results=results)
