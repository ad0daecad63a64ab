"""Who may do what in a programme: cohorts, participations, assessment and selection (the views declare these
permissions with the gate of core/permissions.py; the services ask the same ``has_perm``)."""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.regions.rules import is_region_member


@rules.predicate
def is_participation_mentor(user, participation):
    if participation is None or not user.is_authenticated:
        return False
    return any(m.pk == user.pk for m in participation.mentors.all())


@rules.predicate
def is_participation_member(user, participation):
    return participation is not None and is_region_member(user, participation.region)


@rules.predicate
def is_agreement_member(user, agreement):
    """On the team of the agreement's region (any role)."""
    return agreement is not None and is_region_member(user, agreement.region)


@rules.predicate
def is_cohort_assessor(user, cohort):
    if cohort is None or not (user.is_authenticated and user.is_active and user.is_evaluator):
        return False
    return cohort.assessors.filter(pk=user.pk).exists()


@rules.predicate
def is_application_assessor(user, participation):
    return participation is not None and is_cohort_assessor(user, participation.cohort)


rules.add_perm(
    "programmes.view_participation",
    is_secretariat | is_participation_member | is_participation_mentor | is_application_assessor,
)
rules.add_perm("programmes.manage_participation", is_secretariat)
rules.add_perm("programmes.manage_cohort", is_secretariat)
rules.add_perm("programmes.assess_application", is_application_assessor)
rules.add_perm("programmes.view_selection", is_secretariat | is_cohort_assessor)
rules.add_perm("programmes.assess_cohort", is_cohort_assessor)
# Agreements (MoU, PKS): the secretariat keeps the register; the region's team reads its own and its scans.
rules.add_perm("programmes.view_agreements", is_secretariat | is_region_member)  # on a region
rules.add_perm("programmes.view_agreement", is_secretariat | is_agreement_member)
rules.add_perm("programmes.manage_agreements", is_secretariat)
