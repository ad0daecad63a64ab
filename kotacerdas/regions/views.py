from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from kotacerdas.core import confirm
from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.core.deletion import DeletionRefused
from kotacerdas.core.permissions import permission_required
from kotacerdas.core.scans import scan_download
from kotacerdas.regions import services
from kotacerdas.regions.forms import BodyMemberForm, MembershipForm, OpdForm, RegionalBodyForm
from kotacerdas.regions.models import (
    BodyKind,
    BodyMember,
    MembershipRole,
    Opd,
    RegionalBody,
    RegionMembership,
)
from kotacerdas.regions.rules import (
    RegionRight,
    regions_where,
    regions_with_bodies_for,
    rights_table,
    roles_with,
)
from kotacerdas.regions.services import add_membership, delete_opd, remove_membership

# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])


# Finders (core/permissions.py): a region outside the user's scope answers as if the page did not exist.
def _opds_region(request, code):
    return get_object_or_404(
        regions_where(request.user, RegionRight.MANAGE_OPDS).select_related("province"), code=code
    )


def _team_region(request, code):
    return get_object_or_404(regions_where(request.user, None).select_related("province"), code=code)


@permission_required("regions.manage_opds", fetch=_opds_region)
def opd_list(request, region):
    form = OpdForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agency added."))
        return redirect("regions:opd_list", code=region.code)
    opds = region.opds.all()
    return render(request, "regions/opd_list.html", {"region": region, "opds": opds, "form": form})


@permission_required("regions.manage_opds", fetch=_opds_region)
def opd_edit(request, region, pk):
    opd = get_object_or_404(Opd, region=region, pk=pk)
    form = OpdForm(request.POST or None, instance=opd, region=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agency saved."))
        return redirect("regions:opd_list", code=region.code)
    return render(request, "regions/opd_form.html", {"region": region, "opd": opd, "form": form})


@permission_required("regions.manage_opds", fetch=_opds_region)
@confirmable
def opd_delete(request, region, pk):
    opd = get_object_or_404(Opd, region=region, pk=pk)
    # What points at an agency (masterplan programmes, their action steps) lives in apps this one may not import.
    summary = confirm.deletion_summary(opd)
    if summary.protected or not confirm.is_confirmed(request):
        n_left = region.opds.count() - 1
        return confirm.ask(
            request,
            title=_("Remove the agency “%(opd)s”?") % {"opd": opd.name},
            action=_("remove it"),
            consequences=[
                ngettext(
                    "%(region)s then has %(count)s regional agency (OPD).",
                    "%(region)s then has %(count)s regional agencies (OPD).",
                    n_left,
                )
                % {"region": region.name, "count": n_left},
                *confirm.deletion_consequences(summary),
            ],
            refusal=confirm.deletion_refusal(summary),
            cancel_url=reverse("regions:opd_edit", args=[region.code, opd.pk]),
            eyebrow=region.name,
        )
    try:
        delete_opd(opd, by=request.user)
    except DeletionRefused as refused:  # used since the page was shown: the refusal names by what
        messages.error(request, " ".join(refused.messages))
        return redirect("regions:opd_edit", code=region.code, pk=opd.pk)
    messages.success(request, _("Agency removed."))
    return redirect("regions:opd_list", code=region.code)


@permission_required("regions.manage_memberships", fetch=_team_region)
def members(request, region):
    form = MembershipForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        add_membership(form.save(commit=False), by=request.user)
        messages.success(request, _("Team member added."))
        return redirect("regions:members", code=region.code)
    memberships = region.memberships.select_related("user")
    context = {
        "region": region,
        "memberships": memberships,
        "form": form,
        "roles": MembershipRole.choices,
        "rights": rights_table(),
    }
    return render(request, "regions/members.html", context)


def _team_after(region, membership) -> tuple[str, str]:
    """The team without ``membership`` in numbers, and a warning when nobody is left to write."""
    others = region.memberships.exclude(pk=membership.pk)
    by_role = {role: others.filter(role=role).count() for role in MembershipRole.values}
    total = sum(by_role.values())
    line = ngettext(
        "The team then has %(count)s member (approvers: %(approvers)s, editors: %(editors)s, viewers: %(viewers)s).",
        "The team then has %(count)s members (approvers: %(approvers)s, editors: %(editors)s, viewers: %(viewers)s).",
        total,
    ) % {
        "count": total,
        "approvers": by_role[MembershipRole.APPROVER],
        "editors": by_role[MembershipRole.EDITOR],
        "viewers": by_role[MembershipRole.VIEWER],
    }
    warning = ""
    writers = roles_with(RegionRight.WRITE_MASTERPLAN)
    submitters = roles_with(RegionRight.SUBMIT_MASTERPLAN)
    if membership.role in writers and not sum(by_role[r] for r in writers):
        warning = _(
            "Nobody in the team can then write or submit the masterplan: no approver or editor is left."
        )
    elif membership.role in submitters and not sum(by_role[r] for r in submitters):
        warning = _("Nobody in the team can then submit the masterplan: no approver is left.")
    return line, warning


@permission_required("regions.manage_memberships", fetch=_team_region)
@confirmable
def member_remove(request, region, pk):
    membership = get_object_or_404(
        RegionMembership.objects.select_related("user", "region"), region=region, pk=pk
    )
    if not confirm.is_confirmed(request):
        team, warning = _team_after(region, membership)
        names = {"name": membership.user.full_name, "region": region.name}
        return confirm.ask(
            request,
            title=_("Remove %(name)s from the team of %(region)s?") % names,
            action=_("remove them"),
            consequences=[
                _("%(name)s loses the role “%(role)s” and no longer reaches the region's private pages.")
                % {**names, "role": membership.get_role_display()},
                team,
            ],
            warnings=[warning],
            irreversible=False,
            cancel_url=reverse("regions:members", args=[region.code]),
            eyebrow=region.name,
        )
    remove_membership(membership, by=request.user)
    messages.success(request, _("Team member removed."))
    return redirect("regions:members", code=region.code)


# --- regional smart city bodies --------------------------------------------------------------------------------


def _bodies_region(request, code):
    """The region, if the user may read its bodies (its team, its mentors, the secretariat); 404 otherwise."""
    return get_object_or_404(regions_with_bodies_for(request.user).select_related("province"), code=code)


def _body(region, pk):
    return get_object_or_404(RegionalBody.objects.select_related("region"), region=region, pk=pk)


@permission_required("regions.view_bodies", fetch=_bodies_region)
def bodies(request, region):
    """The region's Dewan Smart City and Tim Pelaksana: the current one of each kind, then the earlier decrees."""
    everything = list(
        region.bodies.prefetch_related("members__opd").order_by(
            "kind", "-period_start", "-decree_date", "-pk"
        )
    )
    current_by_kind = services.pick_current(everything, services.region_today(region))
    current_ids = {body.pk for body in current_by_kind.values()}
    context = {
        "region": region,
        "current": [b for b in everything if b.pk in current_ids],
        "past": [b for b in everything if b.pk not in current_ids],
        "missing": [label for kind, label in BodyKind.choices if kind not in current_by_kind],
        "can_manage": request.user.has_perm("regions.manage_bodies", region),
        "can_download": request.user.has_perm("regions.download_body_scan", region),
    }
    return render(request, "regions/bodies.html", context)


@permission_required("regions.manage_bodies", fetch=_bodies_region)
def body_add(request, region):
    form = RegionalBodyForm(request.POST or None, request.FILES or None, region=region)
    if request.method == "POST" and form.is_valid():
        body = services.create_body(form, by=request.user)
        messages.success(request, _("Body saved. Now add its members."))
        return redirect("regions:body_edit", code=region.code, pk=body.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "regions/body_form.html", {"region": region, "form": form}, status=status)


@permission_required("regions.manage_bodies", fetch=_bodies_region)
def body_edit(request, region, pk):
    body = _body(region, pk)
    form = RegionalBodyForm(request.POST or None, request.FILES or None, instance=body, region=region)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_body(form, by=request.user)
        except StaleEditError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Body saved."))
            return redirect(f"{reverse('regions:bodies', args=[region.code])}#body-{body.pk}")
    elif request.method == "POST":
        status = 400
    context = {
        "region": region,
        "body": body,
        "form": form,
        "members": body.ordered_members(),
        "member_form": BodyMemberForm(body=body),
    }
    return render(request, "regions/body_form.html", context, status=status)


@permission_required("regions.download_body_scan", fetch=_bodies_region)
def body_scan(request, region, pk):
    body = _body(region, pk)
    stem = slugify(f"sk-{body.get_kind_display()}-{region.name}-{body.decree_date:%Y-%m-%d}")
    return scan_download(body.scan, stem)


@permission_required("regions.manage_bodies", fetch=_bodies_region)
def body_member_add(request, region, pk):
    body = _body(region, pk)
    form = BodyMemberForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        services.add_body_member(form, by=request.user)
        messages.success(request, _("Member added."))
        return redirect(f"{reverse('regions:body_edit', args=[region.code, body.pk])}#members")
    status = 400 if request.method == "POST" else 200
    context = {"region": region, "body": body, "form": form}
    return render(request, "regions/body_member_form.html", context, status=status)


@permission_required("regions.manage_bodies", fetch=_bodies_region)
def body_member_edit(request, region, pk, member_pk):
    body = _body(region, pk)
    member = get_object_or_404(BodyMember, body=body, pk=member_pk)
    form = BodyMemberForm(request.POST or None, instance=member, body=body)
    if request.method == "POST" and form.is_valid():
        services.save_body_member(form, by=request.user)
        messages.success(request, _("Member saved."))
        return redirect(f"{reverse('regions:body_edit', args=[region.code, body.pk])}#members")
    status = 400 if request.method == "POST" else 200
    context = {"region": region, "body": body, "member": member, "form": form}
    return render(request, "regions/body_member_form.html", context, status=status)


@permission_required("regions.manage_bodies", fetch=_bodies_region)
@confirmable
def body_member_remove(request, region, pk, member_pk):
    body = _body(region, pk)
    member = get_object_or_404(BodyMember, body=body, pk=member_pk)
    if not confirm.is_confirmed(request):
        n_left = body.members.count() - 1
        names = {"name": member.name, "body": body.get_kind_display()}
        return confirm.ask(
            request,
            title=_("Remove %(name)s from the %(body)s?") % names,
            action=_("remove them"),
            consequences=[
                _("The decree %(number)s keeps its scan; only this list changes.")
                % {"number": body.decree_number},
                ngettext(
                    "The body then has %(count)s member.",
                    "The body then has %(count)s members.",
                    n_left,
                )
                % {"count": n_left},
            ],
            irreversible=False,
            cancel_url=reverse("regions:body_edit", args=[region.code, body.pk]),
            eyebrow=region.name,
        )
    services.remove_body_member(member, by=request.user)
    messages.success(request, _("Member removed."))
    return redirect(f"{reverse('regions:body_edit', args=[region.code, body.pk])}#members")
