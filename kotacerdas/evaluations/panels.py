"""Saving an evaluation panel with its members and chair, checked against the sessions the panel evaluates.

A change that would make one of those sessions break a hard rule is refused whole (the panel keeps its former
name, members and chair); rules the secretariat may break for a while, halfway through changing members, only
warn, and publishing the agenda refuses them (``services.publish_agenda``).
"""

from dataclasses import dataclass, field

from django.db import transaction

from kotacerdas.evaluations import services
from kotacerdas.evaluations.models import Panel, PanelMember

# Rules a panel edit may not break for the sessions the panel evaluates, and rules it only warns about.
PANEL_REFUSED = ("panel", "evaluator", "conflict")
PANEL_WARNED = ("panel_size", "chair", "availability")


@dataclass
class PanelSaved:
    """What saving a panel came to: ``refused`` holds the reasons nothing was saved; else ``warnings``."""

    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Rollback(Exception):
    pass


def save_panel(panel: Panel, members, chair=None) -> PanelSaved:
    """Save ``panel`` (a new one or changed settings) with exactly ``members`` (evaluators) and ``chair``.

    Refused (nothing saved) when a session the panel evaluates would break a rule in ``PANEL_REFUSED``.
    """
    outcome = PanelSaved()
    try:
        with transaction.atomic():
            panel.save()
            members = set(members)
            panel.memberships.exclude(evaluator__in=members).delete()
            panel.memberships.update(is_chair=False)
            existing = set(panel.memberships.values_list("evaluator_id", flat=True))
            PanelMember.objects.bulk_create(
                PanelMember(panel=panel, evaluator=user) for user in members if user.pk not in existing
            )
            if chair is not None:
                panel.memberships.filter(evaluator=chair).update(is_chair=True)
            if panel.sessions.exists():
                mine = [
                    v
                    for v in services.schedule_violations(panel.event)
                    if any(s.panel == panel.name for s in v.slots)
                ]
                outcome.refused = [v.message for v in mine if v.rule in PANEL_REFUSED]
                if outcome.refused:
                    raise _Rollback
                outcome.warnings = [v.message for v in mine if v.rule in PANEL_WARNED]
    except _Rollback:
        pass
    return outcome
