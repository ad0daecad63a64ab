from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core import confirm
from kotacerdas.core.permissions import permission_required, public
from kotacerdas.framework.forms import EDITABLE_KINDS, NewVersionForm, label_form_for
from kotacerdas.framework.models import Element, FrameworkVersion, VersionStatus
from kotacerdas.framework.services import create_framework_version, make_current_version, save_item_labels


@public
def version_list(request):
    versions = FrameworkVersion.objects.select_related("based_on")
    return render(request, "framework/version_list.html", {"versions": versions})


@public
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


def _version(request, code):
    """Finder (core/permissions.py): every version is public, so only a code that names none answers 404."""
    return get_object_or_404(FrameworkVersion, code=code)


@permission_required("framework.manage_framework")
def version_create(request):
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


def _users_of(version) -> list[str]:
    """ "3 cohorts", "5 masterplans": the rows of other apps that point at ``version`` (this app may not import
    them, so they are counted through the reverse relations)."""
    lines = []
    for rel in version._meta.related_objects:
        if rel.related_model._meta.app_label == version._meta.app_label or not rel.one_to_many:
            continue
        n = rel.related_model._default_manager.filter(**{rel.field.name: version}).count()
        if n:
            lines.append(confirm.count_phrase(rel.related_model, n))
    return lines


@permission_required("framework.manage_framework", fetch=_version)
@require_http_methods(["GET", "POST"])  # a GET shows the confirmation page (core/confirm.py)
def version_make_current(request, version):
    if not confirm.is_confirmed(request):
        current = FrameworkVersion.objects.current()
        lines = [_("New masterplans use %(version)s from now on.") % {"version": version.title}]
        if current and current != version:
            lines.append(
                _(
                    "%(current)s is retired and can never become current again (only copied into a new version)."
                )
                % {"current": current.title}
            )
            users = _users_of(current)
            if users:
                lines.append(
                    _("What already uses %(current)s keeps it: %(users)s.")
                    % {"current": current.title, "users": ", ".join(users)}
                )
        lines.append(_("%(version)s can no longer be edited.") % {"version": version.title})
        refusal = ""
        if version.status == VersionStatus.RETIRED:
            refusal = _("A retired version cannot become current again; copy it into a new version.")
        elif version == current:
            refusal = _("This version is already current.")
        return confirm.ask(
            request,
            title=_("Make %(version)s the current framework?") % {"version": version.title},
            action=_("make it current"),
            consequences=lines,
            refusal=refusal,
            cancel_url=reverse("framework:version_detail", args=[version.code]),
            eyebrow=version.code,
        )
    try:
        make_current_version(version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("This version is now current. New masterplans will use it."))
    return redirect("framework:version_detail", code=version.code)


@permission_required("framework.manage_framework", fetch=_version)
def item_edit(request, version, kind, pk):
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
        save_item_labels(form, kind=kind, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("framework:version_detail", code=version.code)
    return render(request, "framework/item_form.html", {"version": version, "item": item, "form": form})
