"""Who may do what in a region's team: the rights of each role, in one table (REGION_RIGHTS).

Every permission of a region's team in every app comes from this table through ``region_may(right)``: the
masterplan's workflow (masterplans/rules.py), monitoring and the self-assessment (monitoring/rules.py), the list
of agencies (below). The region's members page shows the same table (regions/members.html).
"""

import rules
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.regions.models import MembershipRole, Region


class RegionRight(models.TextChoices):
    """What a role in a region's team may do, in the order the members page lists it."""

    VIEW = "view", _("Read the region's masterplan, monitoring and self-assessment")
    WRITE_MASTERPLAN = "write_masterplan", _("Write the masterplan and answer comments")
    SUBMIT_MASTERPLAN = "submit_masterplan", _("Submit the masterplan for review")
    REPORT = "report", _("Report indicator values and programme progress; keep the region's own indicators")
    MANAGE_OPDS = "manage_opds", _("Keep the list of the region's agencies (OPD)")
    FILL_SELF_ASSESSMENT = "fill_self_assessment", _("Fill in the self-assessment and save it as a draft")
    SUBMIT_SELF_ASSESSMENT = "submit_self_assessment", _("Submit the self-assessment to the evaluators")


R = RegionRight
# Approvers submit: the region's sign-off on its masterplan and its self-assessment. Editors write; viewers read.
REGION_RIGHTS: dict[str, frozenset[str]] = {
    MembershipRole.APPROVER: frozenset(RegionRight.values),
    MembershipRole.EDITOR: frozenset(
        {R.VIEW, R.WRITE_MASTERPLAN, R.REPORT, R.MANAGE_OPDS, R.FILL_SELF_ASSESSMENT}
    ),
    MembershipRole.VIEWER: frozenset({R.VIEW}),
}


def roles_with(right: str) -> frozenset[str]:
    """The roles whose members have ``right``."""
    return frozenset(role for role, rights in REGION_RIGHTS.items() if right in rights)


def rights_table() -> list[tuple[str, list[tuple[str, bool]]]]:
    """(what, [(role, may it), ...] for the approver, the editor and the viewer) for each right, for the members
    page."""
    return [
        (label, [(role_label, right in REGION_RIGHTS[role]) for role, role_label in MembershipRole.choices])
        for right, label in RegionRight.choices
    ]


def _role_in(user, region):
    if not (user and user.is_authenticated and user.is_active) or region is None:
        return None
    # Read once per user object (one request), as Django's ModelBackend caches permissions: a page checks several
    # permissions, each of which asks for the memberships. refresh_from_db() reads them again.
    if "region_memberships" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "region_memberships")
    for membership in user.region_memberships.all():
        if membership.region_id == region.pk:
            return membership.role
    return None


def region_may(right: str) -> rules.Predicate:
    """A predicate on (user, region): the user's role in the region's team has ``right`` in REGION_RIGHTS."""

    def check(user, region) -> bool:
        role = _role_in(user, region)
        return role is not None and right in REGION_RIGHTS[role]

    return rules.predicate(check, name=f"region_may_{right}")


def holds_anywhere(user, right: str) -> bool:
    """Whether ``user`` has ``right`` in at least one region's team."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(right in REGION_RIGHTS[m.role] for m in user.region_memberships.all())


def regions_where(user, right: str | None) -> models.QuerySet:
    """The regions whose pages for ``right`` the user may reach: every region for the secretariat, the regions
    whose team gives the user ``right`` for anyone else; ``right=None``: the secretariat's only. Scopes the
    finders of the views (core/permissions.py), so that a region outside it answers 404."""
    if is_secretariat(user):
        return Region.objects.all()
    if right is None or not (user and user.is_authenticated and user.is_active):
        return Region.objects.none()
    return Region.objects.filter(memberships__user=user, memberships__role__in=roles_with(right))


is_region_member = region_may(R.VIEW)


rules.add_perm("regions.view_region_team", is_secretariat | is_region_member)
rules.add_perm("regions.manage_opds", is_secretariat | region_may(R.MANAGE_OPDS))
rules.add_perm("regions.manage_memberships", is_secretariat)


# Regional smart city bodies (regions/bodies): the region's team and mentors read them, its writers keep them,
# and the scan of a decree goes to the secretariat and the region's team only (not to mentors).
@rules.predicate
def is_region_mentor(user, region) -> bool:
    if not (user and user.is_authenticated and user.is_active) or region is None:
        return False
    # Mentors are named on the region's participations (programmes app, to the right): read through the
    # reverse relation, so this app imports nothing from there.
    return region.participations.filter(mentors=user).exists()


def regions_with_bodies_for(user) -> models.QuerySet:
    """The regions whose bodies ``user`` may read: every region for the secretariat; for anyone else the regions
    of their teams and those they mentor. Scopes the finders of the bodies' views (404 outside it)."""
    if is_secretariat(user):
        return Region.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Region.objects.none()
    return Region.objects.filter(
        models.Q(memberships__user=user) | models.Q(participations__mentors=user)
    ).distinct()


rules.add_perm("regions.view_bodies", is_secretariat | is_region_member | is_region_mentor)
rules.add_perm("regions.manage_bodies", is_secretariat | region_may(R.MANAGE_OPDS))
rules.add_perm("regions.download_body_scan", is_secretariat | is_region_member)
