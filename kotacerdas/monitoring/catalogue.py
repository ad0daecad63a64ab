"""The seeded indicator catalogue: ITU U4SSC KPIs and the indicators of the demo masterplan (data/indicators.json).

``load_indicators`` creates or updates the seeded entries by code and never touches other entries, so it can run
on every deploy. The U4SSC structure (dimension › sub-dimension › category) stays in the data file: it labels a
U4SSC code on the pages and needs no table.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from kotacerdas.monitoring.models import Direction, Indicator, IndicatorSource

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"
FIELDS = [
    "name_id",
    "name_en",
    "definition",
    "unit",
    "direction",
    "numerator",
    "denominator",
    "dimension_code",
    "element_code",
    "source",
    "reference",
]
U4SSC_CODE = re.compile(
    r"^(?P<dimension>[A-Z]{2}):(?P<sub>[A-Z]+):(?P<category>[A-Z]+):(?P<number>\d+)(?P<kind>[CA])$"
)


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    conflicts: tuple[str, ...] = ()  # codes a region already uses for its own indicator; left alone


@cache
def _read(path: Path = DATA_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def seed_entries(path: Path = DATA_FILE) -> list[dict]:
    """The seeded indicators as plain dicts, checked: every entry names a shared source and a reference."""
    entries = _read(path)["indicators"]
    shared_sources = set(IndicatorSource.values) - {IndicatorSource.REGION}
    for entry in entries:
        code = entry.get("code", "")
        if not code or entry.get("source") not in shared_sources or not entry.get("reference"):
            raise ValueError(f"Seed entry {code or entry!r} needs a code, a shared source and a reference.")
        if entry.get("direction", Direction.HIGHER) not in Direction.values:
            raise ValueError(f"Seed entry {code}: unknown direction {entry['direction']!r}.")
        if entry["source"] == IndicatorSource.U4SSC and u4ssc_path(code) is None:
            raise ValueError(f"Seed entry {code}: not a code of the U4SSC structure.")
    return entries


@transaction.atomic
def load_indicators(path: Path = DATA_FILE) -> LoadResult:
    """Create or update the seeded catalogue entries by code (idempotent). Entries not in the file stay as they
    are; a seeded entry edited on the site is put back to the seed. A region's own indicator that happens to use
    a seeded code is never turned into a shared one: it is reported as a conflict."""
    entries = seed_entries(path)
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[e["code"] for e in entries])}
    created = updated = unchanged = 0
    conflicts = []
    for entry in entries:
        values = {field: entry.get(field, "") for field in FIELDS}
        values["direction"] = values["direction"] or Direction.HIGHER
        indicator = existing.get(entry["code"])
        if indicator is None:
            Indicator.objects.create(code=entry["code"], **values)
            created += 1
            continue
        if indicator.region_id is not None:
            conflicts.append(indicator.code)
            continue
        changed = [field for field, value in values.items() if getattr(indicator, field) != value]
        if changed:
            for field in changed:
                setattr(indicator, field, values[field])
            indicator.save(update_fields=[*changed, "updated_at"])
            updated += 1
        else:
            unchanged += 1
    return LoadResult(created=created, updated=updated, unchanged=unchanged, conflicts=tuple(conflicts))


def u4ssc_structure() -> list[dict]:
    """Dimensions, each with its sub-dimensions, each with its categories (code, name_en, name_id)."""
    return _read(DATA_FILE)["u4ssc_structure"]


def u4ssc_path(code: str) -> list[dict] | None:
    """The dimension, sub-dimension and category a U4SSC code belongs to, or None if it is not such a code.

    >>> [level["name_en"] for level in u4ssc_path("EC:ICT:ICT:1C")]
    ['Economy', 'ICT', 'ICT Infrastructure']
    """
    match = U4SSC_CODE.match(code or "")
    if not match:
        return None
    for dimension in u4ssc_structure():
        if dimension["code"] != match["dimension"]:
            continue
        for sub in dimension["sub_dimensions"]:
            if sub["code"] != match["sub"]:
                continue
            for category in sub["categories"]:
                if category["code"] == match["category"]:
                    return [dimension, sub, category]
    return None


def u4ssc_is_core(code: str) -> bool | None:
    """True for a core KPI (code ends in C), False for an advanced one (A), None for other codes."""
    match = U4SSC_CODE.match(code or "")
    return None if match is None else match["kind"] == "C"


def _demo_codes() -> dict[str, str]:
    return {
        entry["demo_name"]: entry["code"]
        for entry in _read(DATA_FILE)["indicators"]
        if entry["source"] == IndicatorSource.PROGRAMME and entry.get("demo_name")
    }


# The indicator names of the demo masterplan's goals and quick wins (as kotacerdas/masterplans/demo.py writes
# them) and the catalogue code of each.
DEMO_PROGRAMME_CODES: dict[str, str] = _demo_codes()


def demo_programme_code(name: str) -> str | None:
    """The catalogue code for an indicator name of the demo masterplan, ignoring case."""
    folded = {key.casefold(): code for key, code in DEMO_PROGRAMME_CODES.items()}
    return folded.get((name or "").strip().casefold())
