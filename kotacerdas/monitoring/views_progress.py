"""A region's programmes and quick wins: where each stands, budget realised against planned, milestones, and
whether the quick wins were delivered in time (rules in monitoring/progress.py); progress reports and
milestones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import permission_required
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme
from kotacerdas.monitoring import finders, progress, services
from kotacerdas.monitoring.forms_progress import MilestoneDoneForm, MilestoneForm, ProgressForm
from kotacerdas.monitoring.models import Milestone

TEMPLATES = "monitoring/progress/"
VIEW = "monitoring.view_monitoring"


def _may_report(request, participation) -> bool:
    return request.user.has_perm("monitoring.report", participation)


@permission_required(VIEW, fetch=finders.participation)
def programmes(request, participation):
    masterplan = Masterplan.objects.filter(participation=participation).first()
    rows = progress.masterplan_progress(masterplan) if masterplan else []
    return render(
        request,
        TEMPLATES + "programmes.html",
        {
            "participation": participation,
            "masterplan": masterplan,
            "summary": progress.summarise(rows),
            "quick_wins": [r for r in rows if r.delivery is not None],
            "dimensions": progress.by_dimension([r for r in rows if r.delivery is None]),
            "today": timezone.localdate(),
            "may_report": _may_report(request, participation),
            "monitoring_tab": "programmes",
            "nav_active": "monitoring",
        },
    )


def _programme(participation, programme_pk) -> MasterplanProgramme:
    return get_object_or_404(
        MasterplanProgramme.objects.select_related("masterplan", "strategy__dimension", "owner_opd"),
        masterplan__participation=participation,
        pk=programme_pk,
    )


def _grouped(amount) -> str | None:
    """1.500.000 (or 1,500,000 in English) so a prefilled amount reads as people write it."""
    return None if amount is None else number_format(amount, decimal_pos=0, force_grouping=True)


def _programme_page(request, participation, programme, *, status=200, **forms):
    row = progress.progress_rows(MasterplanProgramme.objects.filter(pk=programme.pk))[0]
    may_report = _may_report(request, participation)
    if "progress_form" not in forms:
        latest = row.latest
        initial = {"reported_on": timezone.localdate()}
        if latest is not None:
            initial |= {
                "status": latest.status,
                "percent_complete": latest.percent_complete,
                "budget_realised": _grouped(latest.budget_realised),
            }
        forms["progress_form"] = ProgressForm(initial=initial)
    return render(
        request,
        TEMPLATES + "programme.html",
        {
            "participation": participation,
            "programme": programme,
            "row": row,
            "history": programme.progress_reports.select_related("reported_by").order_by(
                "-reported_on", "-pk"
            ),
            "may_report": may_report,
            "milestone_form": forms.get("milestone_form") or MilestoneForm(),
            "done_form": MilestoneDoneForm(initial={"done_on": timezone.localdate()}),
            "progress_form": forms["progress_form"],
            "monitoring_tab": "programmes",
            "nav_active": "monitoring",
        },
        status=status,
    )


@permission_required(VIEW, fetch=finders.participation)
def progress_report(request, participation, programme_pk):
    """The programme's page: its state, milestones and report history; POST records a new report (the region's
    reporters only)."""
    programme = _programme(participation, programme_pk)
    if request.method != "POST":
        return _programme_page(request, participation, programme)
    if not _may_report(request, participation):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_progress(programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, messages_ in errors.items():
                form.add_error(name if name in form.fields else None, messages_)
        else:
            messages.success(request, _("Progress saved; earlier reports stay in the history."))
            return redirect("monitoring:progress_report", pk=participation.pk, programme_pk=programme.pk)
    return _programme_page(request, participation, programme, status=400, progress_form=form)


@permission_required("monitoring.report", fetch=finders.participation, methods=("POST",))
def milestone_add(request, participation, programme_pk):
    programme = _programme(participation, programme_pk)
    form = MilestoneForm(request.POST, instance=Milestone(programme=programme))
    if not form.is_valid():
        return _programme_page(request, participation, programme, status=400, milestone_form=form)
    form.save()
    messages.success(request, _("Milestone added."))
    return redirect("monitoring:progress_report", pk=participation.pk, programme_pk=programme.pk)


@permission_required("monitoring.report", fetch=finders.participation, methods=("POST",))
def milestone_done(request, participation, milestone_pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("programme"),
        programme__masterplan__participation=participation,
        pk=milestone_pk,
    )
    form = MilestoneDoneForm(request.POST)
    if milestone.done_on is not None:
        messages.error(request, _("This milestone is already done."))
    elif not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services.mark_milestone_done(milestone, form.cleaned_data["done_on"])
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Milestone marked done."))
    return redirect("monitoring:progress_report", pk=participation.pk, programme_pk=milestone.programme_id)
