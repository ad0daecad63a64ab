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


# Values stored as codes (statuses) shown with their labels in the reader's language.
_VALUE_LABELS: dict = {}


def register_value_labels(action: str, choices) -> None:
    """``choices``: a TextChoices class whose values the action stores in old/new value."""
    _VALUE_LABELS[action] = choices


def value_label(action: str, value: str):
    choices = _VALUE_LABELS.get(action)
    if choices is None or value not in choices.values:
        return value
    return choices(value).label


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
        # A list of changed fields can be longer than the column (PostgreSQL refuses it, SQLite would keep it).
        field=field[: AuditEntry._meta.get_field("field").max_length],
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        note=note or "",
        region_code=region_code,
    )
