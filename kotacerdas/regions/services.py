from django.db import transaction

from kotacerdas.core import audit, deletion
from kotacerdas.regions.models import Opd, RegionMembership


@transaction.atomic
def add_membership(membership: RegionMembership, *, by) -> RegionMembership:
    membership.save()
    audit.record(
        "membership.added",
        target=membership.user,
        by=by,
        field="role",
        new=f"{membership.region.code} {membership.role}",
        region_code=membership.region.code,
    )
    return membership


@transaction.atomic
def remove_membership(membership: RegionMembership, *, by) -> None:
    audit.record(
        "membership.removed",
        target=membership.user,
        by=by,
        field="role",
        old=f"{membership.region.code} {membership.role}",
        region_code=membership.region.code,
    )
    membership.delete()


@transaction.atomic
def delete_opd(opd: Opd, *, by) -> None:
    """Side effects: an AuditEntry. Refused (``deletion.DeletionRefused``, naming them) while masterplan
    programmes or action steps name the agency."""
    audit.record("opd.deleted", target=opd, by=by, old=opd.name, region_code=opd.region.code)
    deletion.delete(opd)
