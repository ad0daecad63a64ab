import datetime
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kotacerdas.core import audit, deletion
from kotacerdas.core.concurrency import StaleEditError, save_if_unchanged
from kotacerdas.regions.models import BodyKind, BodyMember, Opd, RegionalBody, RegionMembership


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


# --- regional smart city bodies --------------------------------------------------------------------------------


def current_bodies(region, *, on: datetime.date | None = None) -> list[tuple[str, RegionalBody | None]]:
    """[(kind label, the current body or None), ...] for the Dewan Smart City and the Tim Pelaksana: for each
    kind the latest decree whose period covers ``on`` (today). Two queries (bodies, their members), whatever
    the number of bodies; the members are prefetched, so ``chair`` and ``members.all`` ask nothing more."""
    day = on or region_today(region)
    bodies = RegionalBody.objects.filter(region=region).current_on(day).prefetch_related("members")
    first = pick_current(bodies, day)
    return [(label, first.get(kind)) for kind, label in BodyKind.choices]


def region_today(region) -> datetime.date:
    """Today in the region's time zone (WIB, WITA, WIT): a decree's term turns at the region's midnight."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(region.timezone))


def pick_current(bodies, day: datetime.date) -> dict[str, RegionalBody]:
    """{kind: body} of the current body of each kind among ``bodies``: the latest decree covering ``day``."""
    ordered = sorted(
        (b for b in bodies if b.covers(day)),
        key=lambda b: (b.period_start, b.decree_date, b.pk),
        reverse=True,
    )
    first: dict[str, RegionalBody] = {}
    for body in ordered:
        first.setdefault(body.kind, body)
    return first


def _body_fields(form) -> str:
    return ", ".join(form.changed_data)


@transaction.atomic
def create_body(form, *, by) -> RegionalBody:
    """Save a new body from a valid RegionalBodyForm (with its scan), with an AuditEntry."""
    body = form.save()
    audit.record(
        "body.created",
        target=body,
        by=by,
        field=body.kind,
        new=body.decree_number,
        region_code=body.region.code,
    )
    return body


@transaction.atomic
def save_body(form, *, by) -> RegionalBody:
    """Save an edited body from a valid RegionalBodyForm if nobody saved it since the form was opened
    (StaleEditError otherwise, nothing written, no file kept), with an AuditEntry naming the changed fields."""
    body = form.instance
    body.updated_at = timezone.now()
    fields = [*form._meta.fields, "updated_at"]
    upload = form.cleaned_data.get("scan")
    stored = None
    if "scan" in form.changed_data and upload:
        # save_if_unchanged writes with an UPDATE, which does not store files: store it first, under the random
        # name ScanField gave it.
        body.scan.save(upload.name, upload, save=False)
        stored = body.scan.name
    try:
        save_if_unchanged(body, expected_revision=form.cleaned_data.get("revision") or 0, fields=fields)
    except StaleEditError:
        if stored:
            body.scan.storage.delete(stored)
        raise
    audit.record(
        "body.changed",
        target=body,
        by=by,
        field=_body_fields(form),
        new=body.decree_number,
        region_code=body.region.code,
    )
    return body


def store_decree_file(body: RegionalBody, filename: str, content: bytes) -> None:
    """Store ``content`` as the body's scan (demo data; forms go through ScanField and save_body)."""
    body.scan.save(filename, ContentFile(content), save=True)


@transaction.atomic
def add_body_member(form, *, by) -> BodyMember:
    member = form.save()
    body = member.body
    audit.record(
        "body.member_added",
        target=body,
        by=by,
        field="member",
        new=f"{member.name} ({member.get_role_display()})",
        region_code=body.region.code,
    )
    return member


@transaction.atomic
def save_body_member(form, *, by) -> BodyMember:
    member = form.save()
    body = member.body
    audit.record(
        "body.member_changed",
        target=body,
        by=by,
        field=_body_fields(form),
        new=f"{member.name} ({member.get_role_display()})",
        region_code=body.region.code,
    )
    return member


@transaction.atomic
def remove_body_member(member: BodyMember, *, by) -> None:
    body = member.body
    audit.record(
        "body.member_removed",
        target=body,
        by=by,
        field="member",
        old=f"{member.name} ({member.get_role_display()})",
        region_code=body.region.code,
    )
    member.delete()
