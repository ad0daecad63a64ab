"""Writing the audit trail. Every status change and privileged action goes through ``record``."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kotacerdas.core.models import AuditEntry

# Human labels for action codes; each app registers its own in AppConfig.ready().
_ACTION_LABELS: dict = {}


def register_actions(labels: dict) -> None:
    _ACTION_LABELS.update(labels)


def action_label(code: str):
    return _ACTION_LABELS.get(code, code)


def record(
    action: str,
    *,
    target: models.Model,
    by,
    field: str = "",
    old="",
    new="",
    note: str = "",
    region_code: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action,
        actor=by if getattr(by, "pk", None) else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        note=note or "",
        region_code=region_code,
    )
