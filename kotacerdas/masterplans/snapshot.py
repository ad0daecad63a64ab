"""A masterplan as plain data: what a version freezes and what two versions compare."""

from decimal import Decimal

from django.db.models import Prefetch

from kotacerdas.masterplans.models import Masterplan, SwotItem


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # "5000", never "5E+3"
    return value


def _indicators(rows):
    return [
        {
            "name": i.name,
            "unit": i.unit,
            "baseline_year": i.baseline_year,
            "baseline_value": _num(i.baseline_value),
            "target_year": i.target_year,
            "target_value": _num(i.target_value),
        }
        for i in rows
    ]


def programme_row(p, *, related: bool = True) -> dict:
    """One programme as a version holds it. ``related=False`` leaves out its partner OPDs and indicators (each
    would cost a query for a programme read without them)."""
    return {
        "id": p.pk,
        "name": p.name,
        "dimension": p.strategy.dimension.code,
        "strategy": p.strategy.title,
        "element": p.element.code if p.element else None,
        "description": p.description,
        "owner_opd": p.owner_opd.name if p.owner_opd else None,
        "partner_opds": sorted(o.name for o in p.partner_opds.all()) if related else [],
        "funding_source": p.funding_source,
        "budget": _num(p.budget),
        "start_year": p.start_year,
        "end_year": p.end_year,
        "horizon": p.horizon,
        "output": p.output,
        "outcome": p.outcome,
        "is_quick_win": p.is_quick_win,
        "delivery_months": p.delivery_months,
        "expected_benefit": p.expected_benefit,
        "beneficiaries": p.beneficiaries,
        "commitment_signed_by": p.commitment_signed_by,
        "commitment_signed_on": p.commitment_signed_on.isoformat() if p.commitment_signed_on else None,
        "indicators": _indicators(p.indicators.all()) if related else [],
    }


def take_snapshot(masterplan: Masterplan) -> dict:
    """Every part of the masterplan as JSON-ready data, with labels resolved (a version must not change
    when an OPD is renamed later). Rows keep their database id under ``id`` so versions can be compared."""
    mp = masterplan
    programmes = mp.programmes.select_related("strategy__dimension", "element", "owner_opd").prefetch_related(
        "partner_opds", "indicators"
    )
    return {
        "title": mp.title,
        "region": {"code": mp.region.code, "name": mp.region.name},
        "period": [mp.start_year, mp.end_year],
        "framework_version": mp.framework_version.code,
        "sections": {s.key: s.body for s in mp.sections.all()},
        "key_figures": [
            {
                "id": f.pk,
                "label": f.label,
                "value": _num(f.value),
                "unit": f.unit,
                "year": f.year,
                "source": f.source,
            }
            for f in mp.key_figures.all()
        ],
        "aspects": [
            {
                "id": a.pk,
                "aspect": a.aspect.code,
                "level": a.level.value if a.level else None,
                "summary": a.summary,
            }
            for a in mp.aspect_analyses.select_related("aspect", "level")
        ],
        "swot": [
            {"id": s.pk, "aspect": s.aspect.code, "kind": s.kind, "text": s.text}
            for s in mp.swot_items.select_related("aspect")
        ],
        "gaps": [
            {
                "id": g.pk,
                "aspect": g.aspect.code,
                "current_state": g.current_state,
                "target_state": g.target_state,
                "gap": g.gap,
                "action": g.action,
            }
            for g in mp.gap_rows.select_related("aspect")
        ],
        "dimension_readiness": [
            {"id": r.pk, "dimension": r.dimension.code, "level": r.level.value, "note": r.note}
            for r in mp.dimension_readiness.select_related("dimension", "level")
        ],
        **chain_part(mp),
        "programmes": [programme_row(p) for p in programmes],
        "action_steps": [
            {
                "id": a.pk,
                "category": a.category,
                "description": a.description,
                "owner_opd": a.owner_opd.name if a.owner_opd else None,
                "due_date": a.due_date.isoformat(),
            }
            for a in mp.action_steps.select_related("owner_opd")
        ],
    }


def chain_part(mp: Masterplan) -> dict:
    """The planning chain of the masterplan's live rows as a version holds it: the vision's keywords, strategic
    issues, missions, objectives, goals and strategies (nine queries). The books of a draft read it too."""
    return {
        "vision_keywords": [
            {"id": k.pk, "word": k.word, "explanation": k.explanation} for k in mp.vision_keywords.all()
        ],
        "strategic_issues": [
            {
                "id": i.pk,
                "text": i.text,
                "swot_ids": [s.pk for s in i.swot_items.all()],
                "swot": [s.text for s in i.swot_items.all()],
            }
            for i in mp.strategic_issues.prefetch_related(
                Prefetch("swot_items", SwotItem.objects.order_by("pk"))
            )
        ],
        "missions": [{"id": m.pk, "text": m.text} for m in mp.missions.all()],
        # The chain Misi → Tujuan → Sasaran → Strategi: each row names its parent by id (``*_id``, for grouping)
        # and by text (what a comparison of versions shows).
        "objectives": [
            {
                "id": o.pk,
                "mission_id": o.mission_id,
                "mission": o.mission.text,
                "text": o.text,
                "indicators": _indicators(o.indicators.all()),
            }
            for o in mp.objectives.select_related("mission").prefetch_related("indicators")
        ],
        "goals": [
            {
                "id": g.pk,
                "objective_id": g.objective_id,
                "objective": g.objective.text if g.objective else None,
                "dimension": g.dimension.code,
                "text": g.text,
                "indicators": _indicators(g.indicators.all()),
            }
            for g in mp.goals.select_related("dimension", "objective").prefetch_related("indicators")
        ],
        "strategies": [
            {
                "id": s.pk,
                "dimension": s.dimension.code,
                "element": s.element.code if s.element else None,
                "goal_id": s.goal_id,
                "goal": s.goal.text if s.goal else None,
                "title": s.title,
                "description": s.description,
            }
            for s in mp.strategies.select_related("dimension", "element", "goal")
        ],
    }
