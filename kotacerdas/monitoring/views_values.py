"""A region's indicators: what it tracks, values reported against targets, their history and verification."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.monitoring import finders, services
from kotacerdas.monitoring.charts import trend_svg
from kotacerdas.monitoring.forms_values import TrackForm, ValueForm, VerifyForm
from kotacerdas.monitoring.models import IndicatorValue, Target, TrackedIndicator, ValueStatus
from kotacerdas.programmes.models import Participation

TEMPLATES = "monitoring/values/"
VIEW = "monitoring.view_monitoring"
REPORT = "monitoring.report"


@permission_required(SIGNED_IN)
def home(request):
    """The regions whose monitoring the user follows."""
    participations = (
        Participation.objects.visible_to(request.user)
        .filter(tracked_indicators__isnull=False)
        .select_related("region", "cohort")
        .distinct()
        .order_by("cohort__year", "region__name")
    )
    return render(
        request, TEMPLATES + "home.html", {"participations": participations, "nav_active": "monitoring"}
    )


def _rows(participation) -> list[dict]:
    """Each tracked indicator with its current values, targets and chart, in a fixed number of queries."""
    tracked = list(
        participation.tracked_indicators.select_related("indicator").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.current().order_by("year"),
                to_attr="current_values",
            ),
        )
    )
    rows = []
    for t in tracked:
        values = t.current_values
        latest = values[-1] if values else None
        targets = {target.year: target.value for target in t.targets.all()}
        rows.append(
            {
                "tracked": t,
                "latest": latest,
                "target": targets.get(latest.year) if latest else None,
                "pending": sum(1 for v in values if v.status == ValueStatus.REPORTED),
                "chart": mark_safe(  # built from escaped labels in charts.py
                    trend_svg(
                        title=t.indicator.name,
                        unit=t.indicator.unit,
                        baseline=(t.baseline_year, t.baseline_value),
                        values=[(v.year, v.value, v.status == ValueStatus.VERIFIED) for v in values],
                        targets=sorted(targets.items()),
                        width=420,
                        height=200,
                    )
                ),
            }
        )
    return rows


@permission_required(VIEW, fetch=finders.participation)
def participation_detail(request, participation):
    return render(
        request,
        TEMPLATES + "participation.html",
        {
            "participation": participation,
            "rows": _rows(participation),
            "may_report": request.user.has_perm(REPORT, participation),
            "monitoring_tab": "indicators",
            "nav_active": "monitoring",
        },
    )


@permission_required(REPORT, fetch=finders.participation)
def track_add(request, participation):
    form = TrackForm(
        request.POST or None,
        instance=TrackedIndicator(participation=participation),
        user=request.user,
        participation=participation,
    )
    if request.method == "POST" and form.is_valid():
        tracked = services.track_indicator(form, targets=form.cleaned_data["targets"])
        messages.success(request, _("%(indicator)s is now tracked.") % {"indicator": tracked.indicator.name})
        return redirect("monitoring:tracked_detail", pk=participation.pk, tracked_pk=tracked.pk)
    return render(
        request,
        TEMPLATES + "track_form.html",
        {"participation": participation, "form": form, "nav_active": "monitoring"},
    )


def _tracked(participation, tracked_pk) -> TrackedIndicator:
    return get_object_or_404(
        TrackedIndicator.objects.select_related("indicator", "participation__region"),
        participation=participation,
        pk=tracked_pk,
    )


def _detail_context(request, participation, tracked, **forms) -> dict:
    history = list(
        tracked.values.select_related("reported_by", "verified_by", "superseded_by").order_by(
            "year", "reported_at"
        )
    )
    by_year = defaultdict(list)
    for value in history:
        value.is_current = not hasattr(value, "superseded_by")
        value.may_verify = (
            value.is_current
            and value.status == ValueStatus.REPORTED
            and request.user.has_perm("monitoring.verify_value", value)
        )
        by_year[value.year].append(value)
    targets = list(tracked.targets.order_by("year"))
    current = [v for v in history if v.is_current]
    chart = trend_svg(
        title=tracked.indicator.name,
        unit=tracked.indicator.unit,
        baseline=(tracked.baseline_year, tracked.baseline_value),
        values=[(v.year, v.value, v.status == ValueStatus.VERIFIED) for v in current],
        targets=[(t.year, t.value) for t in targets],
    )
    return {
        "participation": participation,
        "tracked": tracked,
        "years": sorted(by_year.items(), reverse=True),
        "targets": targets,
        "chart": mark_safe(chart),  # built from escaped labels in charts.py
        "may_report": request.user.has_perm(REPORT, participation),
        "value_form": forms.get("value_form") or ValueForm(tracked=tracked),
        "verify_form": VerifyForm(),
        "monitoring_tab": "indicators",
        "nav_active": "monitoring",
    }


@permission_required(VIEW, fetch=finders.participation)
def tracked_detail(request, participation, tracked_pk):
    tracked = _tracked(participation, tracked_pk)
    return render(request, TEMPLATES + "tracked.html", _detail_context(request, participation, tracked))


@permission_required(VIEW, fetch=finders.participation, methods=("POST",))
def value_report(request, participation, tracked_pk):
    tracked = _tracked(participation, tracked_pk)
    if not request.user.has_perm(REPORT, participation):
        raise PermissionDenied
    form = ValueForm(request.POST, request.FILES, tracked=tracked)
    if form.is_valid() and form.confirmation_needed():
        # Far from last year's value or the target: say so, keep everything typed, save on "Simpan tetap".
        context = _detail_context(request, participation, tracked, value_form=form)
        return render(request, TEMPLATES + "tracked.html", context)
    if form.is_valid():
        try:
            value = services.report_value(tracked, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, messages_ in errors.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            form.discard_pending_evidence()
            if value.supersedes_id:
                messages.success(request, _("Correction saved; the earlier value stays in the history."))
            else:
                messages.success(request, _("Value saved. It awaits verification by a mentor or evaluator."))
            return redirect("monitoring:tracked_detail", pk=participation.pk, tracked_pk=tracked.pk)
    context = _detail_context(request, participation, tracked, value_form=form)
    return render(request, TEMPLATES + "tracked.html", context, status=400)


@permission_required(VIEW, fetch=finders.participation, methods=("POST",))
def value_verify(request, participation, value_pk):
    value = get_object_or_404(
        IndicatorValue.objects.select_related("tracked__participation__region"),
        tracked__participation=participation,
        pk=value_pk,
    )
    if not request.user.has_perm("monitoring.verify_value", value):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verify or reject."))
    else:
        try:
            services.verify_value(
                value,
                by=request.user,
                approve=form.cleaned_data["decision"] == "verify",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Value checked."))
    return redirect("monitoring:tracked_detail", pk=participation.pk, tracked_pk=value.tracked_id)


@permission_required(VIEW, fetch=finders.participation)
def value_evidence(request, participation, value_pk):
    """An evidence file, only to those who may see the region's monitoring: media files are never served
    directly, because unverified values and their documents stay inside the region's circle."""
    value = get_object_or_404(IndicatorValue, tracked__participation=participation, pk=value_pk)
    if not value.evidence_file:
        raise Http404
    try:
        handle = value.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=value.evidence_file.name.rsplit("/", 1)[-1])
