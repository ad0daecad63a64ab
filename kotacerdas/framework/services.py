import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.framework.models import (
    Dimension,
    Element,
    FrameworkVersion,
    ReadinessAspect,
    ReadinessLevel,
    VersionStatus,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "gmsc-2017.json"


@transaction.atomic
def load_framework_file(
    path: Path = CURRENT_FILE, *, make_current: bool = True
) -> tuple[FrameworkVersion, bool]:
    """Create the version described in a JSON file unless a version with its code exists (idempotent).

    Returns the version and whether it was created. An existing version is never rewritten, because
    masterplans may already refer to its rows.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = FrameworkVersion.objects.filter(code=data["code"]).first()
    if existing:
        # Databases loaded before the readiness scale existed get it added; nothing existing is touched.
        if not existing.readiness_levels.exists():
            _create_levels(existing, data)
        return existing, False
    version = FrameworkVersion.objects.create(
        code=data["code"], title=data["title"], source=data.get("source", "")
    )
    for d_order, d in enumerate(data["dimensions"], start=1):
        dimension = Dimension.objects.create(
            version=version,
            code=d["code"],
            order=d_order,
            name_id=d["name_id"],
            name_en=d["name_en"],
            definition_id=d.get("definition_id", ""),
            definition_en=d.get("definition_en", ""),
        )
        Element.objects.bulk_create(
            Element(
                dimension=dimension,
                code=f"{d['code']}-{e_order}",
                order=e_order,
                name_id=name_id,
                name_en=name_en,
                definition_id=def_id,
                definition_en=def_en,
            )
            for e_order, (name_id, name_en, def_id, def_en) in enumerate(d["elements"], start=1)
        )
    ReadinessAspect.objects.bulk_create(
        ReadinessAspect(
            version=version,
            code=a["code"],
            order=order,
            is_optional=a["optional"],
            name_id=a["name_id"],
            name_en=a["name_en"],
            definition_id=a.get("definition_id", ""),
            definition_en=a.get("definition_en", ""),
        )
        for order, a in enumerate(data["aspects"], start=1)
    )
    _create_levels(version, data)
    if make_current and not FrameworkVersion.objects.filter(status=VersionStatus.CURRENT).exists():
        version.status = VersionStatus.CURRENT
        version.save(update_fields=["status"])
    return version, True


def _create_levels(version: FrameworkVersion, data: dict) -> None:
    ReadinessLevel.objects.bulk_create(
        ReadinessLevel(
            version=version,
            value=level["value"],
            name_id=level["name_id"],
            name_en=level["name_en"],
            definition_id=level.get("definition_id", ""),
            definition_en=level.get("definition_en", ""),
        )
        for level in data.get("readiness_levels", [])
    )


@transaction.atomic
def create_framework_version(source: FrameworkVersion, *, code: str, title: str, by) -> FrameworkVersion:
    """Copy a version into a new draft that can be edited freely; the source stays untouched."""
    if FrameworkVersion.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A framework version with this code already exists.")})
    version = FrameworkVersion.objects.create(code=code, title=title, source=source.source, based_on=source)
    for dimension in source.dimensions.prefetch_related("elements"):
        elements = list(dimension.elements.all())
        dimension.pk, dimension.version = None, version
        dimension._state.adding = True
        dimension.save()
        for element in elements:
            element.pk, element.dimension = None, dimension
            element._state.adding = True
        Element.objects.bulk_create(elements)
    aspects = list(source.aspects.all())
    for aspect in aspects:
        aspect.pk, aspect.version = None, version
        aspect._state.adding = True
    ReadinessAspect.objects.bulk_create(aspects)
    levels = list(source.readiness_levels.all())
    for level in levels:
        level.pk, level.version = None, version
        level._state.adding = True
    ReadinessLevel.objects.bulk_create(levels)
    audit.record("framework.version_created", target=version, by=by, new=code, note=f"based on {source.code}")
    return version


@transaction.atomic
def make_current_version(version: FrameworkVersion, *, by) -> FrameworkVersion:
    """Make a version the one new masterplans use; the previous current version is retired."""
    previous = FrameworkVersion.objects.select_for_update().filter(status=VersionStatus.CURRENT).first()
    if previous == version:
        return version
    if version.status == VersionStatus.RETIRED:
        raise ValidationError(_("A retired version cannot become current again; copy it into a new version."))
    if previous:
        previous.status = VersionStatus.RETIRED
        previous.save(update_fields=["status", "updated_at"])
    old_status = version.status
    version.status = VersionStatus.CURRENT
    version.save(update_fields=["status", "updated_at"])
    audit.record(
        "framework.made_current", target=version, by=by, field="status", old=old_status, new=version.status
    )
    return version


@transaction.atomic
def save_item_labels(form, *, kind: str, by):
    """Save the names a draft version's dimension, element, aspect or level carries (``form`` is its label form,
    framework/forms.py). Side effects: audit entry ``framework.item_edited``."""
    item = form.save()
    audit.record(
        "framework.item_edited", target=item, by=by, field=kind, new=f"{item.name_id} / {item.name_en}"
    )
    return item
