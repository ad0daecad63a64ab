"""A frozen version as the books' data: the books of what a region submitted, laid out by the same chapters as
the live books (content.py), from the version's snapshot.

Every text of the region (sections, rows, titles, agencies' names: in full, as a snapshot keeps no short names)
comes from the snapshot; only the framework's
names (dimensions, elements, aspects, readiness levels), the cohort's outline and the region come from the
database. Snapshot rows become plain objects with the attributes the chapters read; a list of related rows answers
``.all()``, as a related manager does.
"""

from copy import copy
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from kotacerdas.framework.models import Element
from kotacerdas.masterplans.chain import read_chain
from kotacerdas.masterplans.documents.content import DOCUMENT_LANGUAGE, Book, MasterplanData, build_book
from kotacerdas.masterplans.models import Masterplan, MasterplanVersion


class _Rows(list):
    def all(self):
        return self


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _date(value):
    return date.fromisoformat(value) if value else None


def _indicators(rows) -> _Rows:
    return _Rows(
        SimpleNamespace(
            name=i.get("name", ""),
            unit=i.get("unit", ""),
            baseline_year=i.get("baseline_year"),
            baseline_value=_decimal(i.get("baseline_value")),
            target_year=i.get("target_year"),
            target_value=_decimal(i.get("target_value")),
        )
        for i in rows or []
    )


def gather_version(version: MasterplanVersion) -> MasterplanData:
    """The books' data of ``version``, in 6 queries whatever its size."""
    live = Masterplan.objects.select_related(
        "participation__region__province", "participation__cohort__programme", "framework_version"
    ).get(pk=version.masterplan_id)
    snap = version.snapshot or {}
    mp = copy(live)  # the region, cohort and framework of the masterplan; title and period of the version
    mp.title = snap.get("title") or live.title
    if snap.get("period"):
        mp.start_year, mp.end_year = snap["period"]
    framework = live.framework_version
    dimensions = list(framework.dimensions.order_by("order"))
    aspects = list(framework.aspects.order_by("order"))
    dimension = {d.code: d for d in dimensions}
    aspect = {a.code: a for a in aspects}
    level = {lv.value: lv for lv in framework.readiness_levels.all()}
    element = {e.code: e for e in Element.objects.filter(dimension__version=framework)}

    def dimension_pk(code):
        found = dimension.get(code)
        return found.pk if found else None

    def aspect_pk(code):
        found = aspect.get(code)
        return found.pk if found else None

    swot: dict = {}
    for item in snap.get("swot") or []:
        swot.setdefault(aspect_pk(item["aspect"]), {}).setdefault(item["kind"], []).append(item["text"])
    gaps: dict = {}
    for row in snap.get("gaps") or []:
        gaps.setdefault(aspect_pk(row["aspect"]), []).append(
            SimpleNamespace(
                current_state=row.get("current_state", ""),
                target_state=row.get("target_state", ""),
                gap=row.get("gap", ""),
                action=row.get("action", ""),
            )
        )
    strategies = [
        SimpleNamespace(
            pk=s["id"],
            dimension_id=dimension_pk(s["dimension"]),
            element=element.get(s.get("element")),
            title=s.get("title", ""),
            description=s.get("description", ""),
        )
        for s in snap.get("strategies") or []
    ]
    # A snapshot's programme names its strategy by title, within its dimension.
    strategy_of = {(s.dimension_id, s.title): s for s in reversed(strategies)}
    programmes = []
    for p in snap.get("programmes") or []:
        dim = dimension_pk(p["dimension"])
        strategy = strategy_of.get((dim, p.get("strategy"))) or SimpleNamespace(
            pk=None, dimension_id=dim, title=p.get("strategy", ""), element=None, description=""
        )
        programmes.append(
            SimpleNamespace(
                pk=p["id"],
                name=p.get("name", ""),
                strategy=strategy,
                strategy_id=strategy.pk,
                element=element.get(p.get("element")),
                description=p.get("description", ""),
                owner_opd=p.get("owner_opd"),
                partner_opds=_Rows(p.get("partner_opds") or []),
                funding_source=p.get("funding_source", ""),
                budget=_decimal(p.get("budget")),
                start_year=p.get("start_year"),
                end_year=p.get("end_year"),
                horizon=p.get("horizon", ""),
                output=p.get("output", ""),
                outcome=p.get("outcome", ""),
                is_quick_win=bool(p.get("is_quick_win")),
                delivery_months=p.get("delivery_months"),
                expected_benefit=p.get("expected_benefit", ""),
                beneficiaries=p.get("beneficiaries", ""),
                commitment_signed_by=p.get("commitment_signed_by", ""),
                commitment_signed_on=_date(p.get("commitment_signed_on")),
                indicators=_indicators(p.get("indicators")),
            )
        )
    return MasterplanData(
        masterplan=mp,
        dimensions=dimensions,
        aspects=aspects,
        sections=dict(snap.get("sections") or {}),
        key_figures=[
            SimpleNamespace(
                label=f.get("label", ""),
                value=_decimal(f.get("value")),
                unit=f.get("unit", ""),
                year=f.get("year"),
                source=f.get("source", ""),
            )
            for f in snap.get("key_figures") or []
        ],
        analyses={
            aspect_pk(a["aspect"]): SimpleNamespace(
                level=level.get(a.get("level")), summary=a.get("summary", "")
            )
            for a in snap.get("aspects") or []
        },
        swot=swot,
        gaps=gaps,
        dimension_readiness=[
            SimpleNamespace(
                dimension=dimension[r["dimension"]], level=level.get(r.get("level")), note=r.get("note")
            )
            for r in snap.get("dimension_readiness") or []
            if r.get("dimension") in dimension
        ],
        missions=[SimpleNamespace(text=m.get("text", "")) for m in snap.get("missions") or []],
        goals=[
            SimpleNamespace(
                dimension=dimension[g["dimension"]],
                text=g.get("text", ""),
                indicators=_indicators(g.get("indicators")),
            )
            for g in snap.get("goals") or []
            if g.get("dimension") in dimension
        ],
        strategies=strategies,
        programmes=programmes,
        chain=read_chain(snap, dimension),
        action_steps=[
            SimpleNamespace(
                pk=a["id"],
                category=a.get("category"),
                description=a.get("description", ""),
                owner_opd=a.get("owner_opd"),
                due_date=_date(a.get("due_date")),
            )
            for a in snap.get("action_steps") or []
        ],
    )


def version_book(version: MasterplanVersion, number: int, *, language: str = DOCUMENT_LANGUAGE) -> Book:
    """Buku ``number`` (1 or 2) of a frozen version, with labels, dates and numbers in ``language``."""
    if number not in (1, 2):
        raise ValueError(f"There is no book {number}.")
    with translation.override(language):
        return build_book(gather_version(version), number)
