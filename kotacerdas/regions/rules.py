import rules
from django.db.models import prefetch_related_objects

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.regions.models import MembershipRole


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


@rules.predicate
def is_region_member(user, region):
    return _role_in(user, region) is not None


@rules.predicate
def is_region_editor(user, region):
    return _role_in(user, region) in {MembershipRole.EDITOR, MembershipRole.APPROVER}


@rules.predicate
def is_region_approver(user, region):
    return _role_in(user, region) == MembershipRole.APPROVER


rules.add_perm("regions.view_region_team", is_secretariat | is_region_member)
rules.add_perm("regions.manage_opds", is_secretariat | is_region_editor)
rules.add_perm("regions.manage_memberships", is_secretariat)
