"""Conflicts of interest between an evaluator and a presenting region (issue rules, in one place)."""

from django.utils.translation import gettext as _

from kotacerdas.evaluations.models import DeclaredConflict, EvaluationEvent
from kotacerdas.programmes.models import Participation


def conflict_reasons(evaluator, participation: Participation, event: EvaluationEvent) -> list[str]:
    """Why ``evaluator`` may not evaluate ``participation`` at ``event``; empty when there is no conflict."""
    region = participation.region
    reasons = []
    if participation.mentors.filter(pk=evaluator.pk).exists():
        reasons.append(_("Mentor of %(region)s.") % {"region": region})
    memberships = list(evaluator.region_memberships.select_related("region"))
    if any(m.region_id == region.pk for m in memberships):
        reasons.append(_("Member of the team of %(region)s.") % {"region": region})
    elif event.conflict_same_province and any(
        m.region.province_id == region.province_id for m in memberships
    ):
        reasons.append(
            _("Member of a region team in the same province (%(province)s).") % {"province": region.province}
        )
    for declared in DeclaredConflict.objects.filter(evaluator=evaluator, region=region):
        reasons.append(_("Declared conflict: %(reason)s") % {"reason": declared.reason})
    return reasons
