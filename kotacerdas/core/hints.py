"""Empty states that guide: a choice field with nothing to choose says why and links to where the options are
made (a new masterplan's programme form has no strategies and no OPDs yet).

A form lists its hints in ``empty_hints`` (field name -> ``EmptyHint``); ``core/field.html`` shows a field's hint
only while the field offers no option.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EmptyHint:
    text: str  # why the list is empty, e.g. "Add the masterplan's strategies first."
    url: str  # the page where the options are created
    link_text: str


def has_options(field) -> bool:
    """Whether a choice field offers anything to choose (one query for a model choice field)."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        return queryset.exists()
    return any(value not in ("", None) for value, _label in getattr(field, "choices", ()))


def empty_hint(bound_field) -> EmptyHint | None:
    """The hint ``bound_field``'s form gives for it, while the field has no option; otherwise None."""
    hint = (getattr(bound_field.form, "empty_hints", None) or {}).get(bound_field.name)
    if hint is None or has_options(bound_field.field):
        return None
    return hint
