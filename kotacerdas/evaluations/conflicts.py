"""Conflicts of interest between an evaluator and a presenting region (issue rules, in one place).

``conflicts_for`` reads every pair at once (a fixed number of queries); ``conflict_reasons`` asks about one.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from kotacerdas.evaluations.models import DeclaredConflict, EvaluationEvent
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import RegionMembership


def conflicts_for(pairs: list[tuple[int, Participation]], event: EvaluationEvent) -> dict:
    """(evaluator id, participation id) -> reasons, for each (evaluator id, participation) pair with a conflict.

    The participations' regions (with provinces) should be loaded already. Rules: mentor of the participation;
    member of the region's team; member of a team in the same province (when the event says so); declared.
    """
    if not pairs:
        return {}
    evaluator_ids = {e for e, _p in pairs}
    mentors = set(
        Participation.mentors.through.objects.filter(
            participation_id__in={p.pk for _e, p in pairs}, user_id__in=evaluator_ids
        ).values_list("user_id", "participation_id")
    )
    memberships = defaultdict(list)
    for user_id, region_id, province_id in RegionMembership.objects.filter(
        user_id__in=evaluator_ids
    ).values_list("user_id", "region_id", "region__province_id"):
        memberships[user_id].append((region_id, province_id))
    declared = defaultdict(list)
    for evaluator_id, region_id, reason in (
        DeclaredConflict.objects.filter(
            evaluator_id__in=evaluator_ids, region_id__in={p.region_id for _e, p in pairs}
        )
        .order_by("pk")
        .values_list("evaluator_id", "region_id", "reason")
    ):
        declared[(evaluator_id, region_id)].append(reason)
    found = {}
    for evaluator_id, participation in pairs:
        region = participation.region
        reasons = []
        if (evaluator_id, participation.pk) in mentors:
            reasons.append(_("Mentor of %(region)s.") % {"region": region})
        mine = memberships.get(evaluator_id, [])
        if any(region_id == region.pk for region_id, _p in mine):
            reasons.append(_("Member of the team of %(region)s.") % {"region": region})
        elif event.conflict_same_province and any(p == region.province_id for _r, p in mine):
            reasons.append(
                _("Member of a region team in the same province (%(province)s).")
                % {"province": region.province}
            )
        for reason in declared.get((evaluator_id, region.pk), []):
            reasons.append(_("Declared conflict: %(reason)s") % {"reason": reason})
        if reasons:
            found[(evaluator_id, participation.pk)] = reasons
    return found


def conflict_reasons(evaluator, participation: Participation, event: EvaluationEvent) -> list[str]:
    """Why ``evaluator`` may not evaluate ``participation`` at ``event``; empty when there is no conflict."""
    return conflicts_for([(evaluator.pk, participation)], event).get((evaluator.pk, participation.pk), [])
