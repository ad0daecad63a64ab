from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.regions.forms import MembershipForm, OpdForm
from kotacerdas.regions.models import Opd, Region, RegionMembership
from kotacerdas.regions.services import add_membership, remove_membership


def _region_for(request, code, perm):
    region = get_object_or_404(Region.objects.select_related("province"), code=code)
    if not request.user.has_perm(perm, region):
        # Outside the user's scope: answer as if the page did not exist.
        raise Http404
    return region


@login_required
def opd_list(request, code):
    region = _region_for(request, code, "regions.manage_opds")
    form = OpdForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agency added."))
        return redirect("regions:opd_list", code=region.code)
    opds = region.opds.all()
    return render(request, "regions/opd_list.html", {"region": region, "opds": opds, "form": form})


@login_required
def opd_edit(request, code, pk):
    region = _region_for(request, code, "regions.manage_opds")
    opd = get_object_or_404(Opd, region=region, pk=pk)
    form = OpdForm(request.POST or None, instance=opd, region=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Agency saved."))
        return redirect("regions:opd_list", code=region.code)
    return render(request, "regions/opd_form.html", {"region": region, "opd": opd, "form": form})


@login_required
@require_POST
def opd_delete(request, code, pk):
    region = _region_for(request, code, "regions.manage_opds")
    opd = get_object_or_404(Opd, region=region, pk=pk)
    opd.delete()
    messages.success(request, _("Agency removed."))
    return redirect("regions:opd_list", code=region.code)


@login_required
def members(request, code):
    region = _region_for(request, code, "regions.manage_memberships")
    form = MembershipForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        add_membership(form.save(commit=False), by=request.user)
        messages.success(request, _("Team member added."))
        return redirect("regions:members", code=region.code)
    memberships = region.memberships.select_related("user")
    return render(
        request, "regions/members.html", {"region": region, "memberships": memberships, "form": form}
    )


@login_required
@require_POST
def member_remove(request, code, pk):
    region = _region_for(request, code, "regions.manage_memberships")
    membership = get_object_or_404(
        RegionMembership.objects.select_related("user", "region"), region=region, pk=pk
    )
    remove_membership(membership, by=request.user)
    messages.success(request, _("Team member removed."))
    return redirect("regions:members", code=region.code)
