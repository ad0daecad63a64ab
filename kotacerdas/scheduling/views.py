"""The secretariat's scheduling pages: settings, evaluator pool, checks, proposals and their difference."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.evaluations.models import EvaluationEvent
from kotacerdas.scheduling import checks, services
from kotacerdas.scheduling.forms import PoolAddForm, SchedulingSettingsForm
from kotacerdas.scheduling.models import PoolMember, ProposalStatus, ScheduleProposal

TEMPLATES = "scheduling/"


def secretariat_required(view):
    """Logged-in secretariat only: anonymous visitors go to the login page, everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("scheduling.schedule_event"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _event(pk) -> EvaluationEvent:
    return get_object_or_404(EvaluationEvent.objects.select_related("cohort"), pk=pk)


def _context(request, event, **forms) -> dict:
    built = services.EventProblem(event)
    problem = built.problem
    pool_rows = list(event.evaluator_pool.select_related("evaluator"))
    proposals = list(
        event.schedule_proposals.select_related("requested_by").defer(
            "result", "breakdown", "checks", "reasons"
        )[:10]
    )
    return {
        "event": event,
        "problem": problem,
        "regions_to_place": len(problem.regions),
        "fixed": problem.fixed,
        "free_cells": len(problem.free_cells()),
        "grid": problem.grid,
        "pool_rows": pool_rows,
        "pool_fallback": not pool_rows,
        "pool_people": list(built.evaluators.values()),
        "check_messages": checks.run_checks(problem),
        "proposals": proposals,
        "active": next((p for p in proposals if p.is_active), None),
        "settings_form": forms.get("settings_form")
        or SchedulingSettingsForm(instance=services.settings_of(event)),
        "pool_form": forms.get("pool_form") or PoolAddForm(event=event),
        "windows": event.availability.aggregate(
            regions=Count("pk", filter=Q(participation__isnull=False, is_preference=False)),
            preferences=Count("pk", filter=Q(is_preference=True)),
            evaluators=Count("pk", filter=Q(evaluator__isnull=False)),
        ),
        "nav_active": "evaluations",
    }


@secretariat_required
def event_scheduling(request, pk):
    event = _event(pk)
    return render(request, TEMPLATES + "event.html", _context(request, event))


@secretariat_required
@require_POST
def settings_save(request, pk):
    event = _event(pk)
    form = SchedulingSettingsForm(request.POST, instance=services.settings_of(event))
    if not form.is_valid():
        return render(request, TEMPLATES + "event.html", _context(request, event, settings_form=form))
    form.save()
    messages.success(request, _("Scheduling settings saved."))
    return redirect("scheduling:event", pk=event.pk)


@secretariat_required
@require_POST
def pool_add(request, pk):
    event = _event(pk)
    form = PoolAddForm(request.POST, event=event)
    if not form.is_valid():
        return render(request, TEMPLATES + "event.html", _context(request, event, pool_form=form))
    chosen = form.cleaned_data["evaluators"]
    PoolMember.objects.bulk_create(PoolMember(event=event, evaluator=e) for e in chosen)
    messages.success(request, _("%(count)s evaluator(s) added to the pool.") % {"count": len(chosen)})
    return redirect("scheduling:event", pk=event.pk)


@secretariat_required
@require_POST
def pool_remove(request, pk, item_pk):
    event = _event(pk)
    item = get_object_or_404(PoolMember.objects.select_related("evaluator"), event=event, pk=item_pk)
    item.delete()
    messages.success(
        request,
        _("%(evaluator)s left the pool. Propose a schedule to replace them on their panels.")
        % {"evaluator": item.evaluator},
    )
    return redirect("scheduling:event", pk=event.pk)


@secretariat_required
@require_POST
def propose(request, pk):
    event = _event(pk)
    try:
        proposal = services.request_proposal(event, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("scheduling:event", pk=event.pk)
    return redirect("scheduling:proposal", pk=proposal.pk)


def _proposal(pk) -> ScheduleProposal:
    return get_object_or_404(ScheduleProposal.objects.select_related("event__cohort", "requested_by"), pk=pk)


@secretariat_required
def proposal_detail(request, pk):
    proposal = _proposal(pk)
    if request.htmx:
        response = render(request, TEMPLATES + "proposal.html#progress", {"proposal": proposal})
        if not proposal.is_active:
            response["HX-Refresh"] = "true"  # finished: load the whole page with the difference
        return response
    context = {"proposal": proposal, "event": proposal.event, "nav_active": "evaluations"}
    if (
        proposal.status in (ProposalStatus.READY, ProposalStatus.APPLIED, ProposalStatus.DISCARDED)
        and proposal.result
    ):
        context["diff"] = services.proposal_diff(proposal)
        context["is_stale"] = (
            proposal.status == ProposalStatus.READY
            and services.fingerprint(proposal.event) != proposal.fingerprint
        )
    return render(request, TEMPLATES + "proposal.html", context)


@secretariat_required
@require_POST
def proposal_apply(request, pk):
    proposal = _proposal(pk)
    try:
        counts = services.apply_proposal(proposal, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("scheduling:proposal", pk=proposal.pk)
    messages.success(
        request,
        _(
            "Proposal applied: %(added)s added, %(moved)s moved, %(reassigned)s with a new panel, %(removed)s removed. "
            "Check the schedule, then publish the agenda."
        )
        % counts,
    )
    return redirect("evaluations:event_detail", pk=proposal.event_id)


@secretariat_required
@require_POST
def proposal_discard(request, pk):
    proposal = _proposal(pk)
    if ScheduleProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.READY).update(
        status=ProposalStatus.DISCARDED
    ):
        messages.success(request, _("Proposal discarded."))
    return redirect("scheduling:event", pk=proposal.event_id)


@secretariat_required
@require_POST
def proposal_stop(request, pk):
    proposal = _proposal(pk)
    if proposal.status == ProposalStatus.QUEUED:
        ScheduleProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.QUEUED).update(
            status=ProposalStatus.FAILED, error=_("Stopped before it started."), finished_at=timezone.now()
        )
    elif proposal.status == ProposalStatus.RUNNING:
        services.release_dead_proposals(proposal.event)
        ScheduleProposal.objects.filter(pk=proposal.pk).update(cancel_requested=True)
        messages.success(request, _("Stopping: the best schedule found so far will be kept."))
    return redirect("scheduling:proposal", pk=proposal.pk)
