"""Optimistic locking: a save succeeds only if nobody else saved the row since the form was opened."""

from django.db.models import F, Model
from django.utils.translation import gettext_lazy as _


class StaleEditError(Exception):
    message = _(
        "Someone else saved this part after you opened it. Your text is still below: copy what you need, "
        "reload the page to see their version, then apply your changes again."
    )


def save_if_unchanged(obj: Model, *, expected_revision: int, fields: list[str]) -> None:
    """Write ``fields`` of ``obj`` and bump its ``revision``, or raise StaleEditError if the row moved on."""
    values = {name: getattr(obj, name) for name in fields}
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, revision=expected_revision)
        .update(revision=F("revision") + 1, **values)
    )
    if not updated:
        raise StaleEditError
    obj.revision = expected_revision + 1
