from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from kotacerdas.core import confirm
from kotacerdas.core.deletion import DeletionRefused
from kotacerdas.core.permissions import permission_required
from kotacerdas.regions.forms import MembershipForm, OpdForm
from kotacerdas.regions.models import MembershipRole, Opd, RegionMembership
from kotacerdas.regions.rules import RegionRight, regions_where, rights_table, roles_with
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
