"""The agreement register (MoU and PKS): each region's register, the secretariat's register of all regions, the
add and edit form, the deletion (asked first) and the signed scan.

The secretariat keeps the register; the region's team (any role) reads its own agreements and downloads their
scans. Anyone else gets 404 for a region's register or agreement (it is outside their scope, core/permissions.py);
a team member who tries to edit gets 403. Writes go through programmes/services.py.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core import confirm, deletion
from kotacerdas.core.deletion import DeletionRefused
from kotacerdas.core.permissions import permission_required
from kotacerdas.core.scans import scan_download
from kotacerdas.programmes import services
from kotacerdas.programmes.forms import AgreementForm
from kotacerdas.programmes.models import EXPIRY_WARNING_DAYS, Agreement, AgreementKind
from kotacerdas.regions.rules import RegionRight, regions_where

MANAGE = "programmes.manage_agreements"
confirmable = require_http_methods(["GET", "POST"])


def _region(request, code):
    """A region whose register the user may read: every region for the secretariat, the user's own regions for a
    team member; 404 for anyone else."""
    return get_object_or_404(
        regions_where(request.user, RegionRight.VIEW).select_related("province"), code=code
    )


def _agreement(request, pk):
    return get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related(
            "region", "region__province", "participation__cohort", "follows_from"
        ),
        pk=pk,
    )


def _rows(agreements, today):
    """(agreement, expiry status, days left) for the templates."""
    return [(a, *a.expiry(today)) for a in agreements]


def _listed(queryset):
    return queryset.select_related("region", "participation__cohort", "follows_from").order_by(
        "-signed_on", "-valid_from", "-pk"
    )


@permission_required("programmes.view_agreements", fetch=_region)
def agreement_list(request, region):
    today = timezone.localdate()
    agreements = _listed(Agreement.objects.filter(region=region))
    return render(
        request,
        "programmes/agreement_list.html",
        {
            "region": region,
            "rows": _rows(agreements, today),
            "can_manage": request.user.has_perm(MANAGE),
            "warning_days": EXPIRY_WARNING_DAYS,
            "nav_active": "agreements",
        },
    )


@permission_required(MANAGE)
def agreement_register(request):
    """Every region's agreements, filtered by kind and by "ending within 90 days"."""
    today = timezone.localdate()
    agreements = Agreement.objects.all()
    kind = request.GET.get("kind", "")
    if kind in AgreementKind.values:
        agreements = agreements.filter(kind=kind)
    else:
        kind = ""
    ending = request.GET.get("ending") == "1"
    if ending:
        agreements = agreements.ending_within(today)
    agreements = _listed(agreements)
    if ending:
        agreements = agreements.order_by("valid_until", "pk")
    return render(
        request,
        "programmes/agreement_register.html",
        {
            "rows": _rows(agreements, today),
            "kinds": AgreementKind.choices,
            "kind": kind,
            "ending": ending,
            "warning_days": EXPIRY_WARNING_DAYS,
        },
    )


@permission_required("programmes.view_agreement", fetch=_agreement)
def agreement_detail(request, agreement):
    today = timezone.localdate()
    status, days = agreement.expiry(today)
    return render(
        request,
        "programmes/agreement_detail.html",
        {
            "agreement": agreement,
            "region": agreement.region,
            "status": status,
            "days": days,
            "follow_ups": agreement.follow_ups.all(),
            "can_manage": request.user.has_perm(MANAGE, agreement),
        },
    )


def _edit(request, region, agreement):
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement, region=region)
    if request.method == "POST" and form.is_valid():
        agreement = services.save_agreement(form, by=request.user)
        messages.success(request, _("Agreement saved."))
        return redirect(agreement.get_absolute_url())
    return render(
        request,
        "programmes/agreement_form.html",
        {
            "form": form,
            "region": region,
            "agreement": agreement,
            # A browser never keeps a chosen file in a form shown again: say so, rather than lose it silently.
            "file_again": bool(form.errors and request.FILES.get("scan") and "scan" not in form.errors),
        },
        status=400 if form.errors else 200,
    )


@permission_required(MANAGE, fetch=_region)
def agreement_create(request, region):
    return _edit(request, region, Agreement(region=region))


@permission_required(MANAGE, fetch=_agreement)
def agreement_edit(request, agreement):
    return _edit(request, agreement.region, agreement)


@permission_required(MANAGE, fetch=_agreement)
@confirmable
def agreement_delete(request, agreement):
    region = agreement.region
    summary = confirm.deletion_summary(agreement)
    if summary.protected or not confirm.is_confirmed(request):
        names = {"agreement": str(agreement), "region": region.name}
        lines = [_("“%(agreement)s” leaves the register of %(region)s.") % names]
        if agreement.scan:
            lines.append(_("Its signed scan is deleted too."))
        return confirm.ask(
            request,
            title=_("Delete the agreement “%(agreement)s”?") % names,
            action=_("delete the agreement"),
            consequences=[*lines, *confirm.deletion_consequences(summary)],
            # Another agreement follows from this one (PROTECT): name it rather than count it.
            refusal=deletion.refusal_message(agreement, list(agreement.follow_ups.all()))
            if agreement.follow_ups.exists()
            else confirm.deletion_refusal(summary),
            cancel_url=agreement.get_absolute_url(),
            eyebrow=region.name,
        )
    try:
        services.delete_agreement(agreement, by=request.user)
    except DeletionRefused as refused:  # followed up since the page was shown
        messages.error(request, " ".join(refused.messages))
        return redirect(agreement.get_absolute_url())
    messages.success(request, _("Agreement deleted."))
    return redirect(reverse("programmes:agreement_list", args=[region.code]))


@permission_required("programmes.view_agreement", fetch=_agreement)
def agreement_scan(request, agreement):
    stem = f"{agreement.short_kind}-{agreement.region.code}-{agreement.pk}".replace(".", "-")
    return scan_download(agreement.scan, stem)
