from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core import audit
from kotacerdas.framework.forms import EDITABLE_KINDS, NewVersionForm, label_form_for
from kotacerdas.framework.models import Element, FrameworkVersion
from kotacerdas.framework.services import create_framework_version, make_current_version


def version_list(request):
    versions = FrameworkVersion.objects.select_related("based_on")
    return render(request, "framework/version_list.html", {"versions": versions})


def version_detail(request, code):
    version = get_object_or_404(FrameworkVersion, code=code)
    dimensions = version.dimensions.prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("order"))
    )
    return render(
        request,
        "framework/version_detail.html",
        {
            "version": version,
            "dimensions": dimensions,
            "aspects": version.aspects.all(),
            "levels": version.readiness_levels.all(),
        },
    )


def _require_manager(request):
    if not request.user.has_perm("framework.manage_framework"):
        raise PermissionDenied


@login_required
def version_create(request):
    _require_manager(request)
    initial = {"source": FrameworkVersion.objects.current()}
    form = NewVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = create_framework_version(
                form.cleaned_data["source"],
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("New draft version created. Edit it, then make it current."))
            return redirect("framework:version_detail", code=version.code)
    return render(request, "framework/version_form.html", {"form": form})


@login_required
@require_POST
def version_make_current(request, code):
    _require_manager(request)
    version = get_object_or_404(FrameworkVersion, code=code)
    try:
        make_current_version(version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("This version is now current. New masterplans will use it."))
    return redirect("framework:version_detail", code=version.code)


@login_required
def item_edit(request, code, kind, pk):
    _require_manager(request)
    version = get_object_or_404(FrameworkVersion, code=code)
    model = EDITABLE_KINDS.get(kind)
    if model is None:
        raise Http404
    if model is Element:
        item = get_object_or_404(Element, dimension__version=version, pk=pk)
    else:
        item = get_object_or_404(model, version=version, pk=pk)
    if not version.is_editable:
        messages.error(request, _("Only draft versions can be edited; create a new version instead."))
        return redirect("framework:version_detail", code=version.code)
    form = label_form_for(model)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(
            "framework.item_edited",
            target=item,
            by=request.user,
            field=kind,
            new=f"{item.name_id} / {item.name_en}",
        )
        messages.success(request, _("Saved."))
        return redirect("framework:version_detail", code=version.code)
    return render(request, "framework/item_form.html", {"version": version, "item": item, "form": form})
