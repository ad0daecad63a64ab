"""The secretariat's scheduling pages: settings, evaluator pool, checks, proposals and their difference."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core import confirm
from kotacerdas.core.permissions import permission_required
from kotacerdas.evaluations.models import EvaluationEvent, PanelMember, Session
from kotacerdas.scheduling import checks, services
from kotacerdas.scheduling.forms import PoolAddForm, SchedulingSettingsForm
from kotacerdas.scheduling.grid import proposal_grid
from kotacerdas.scheduling.models import PoolMember, ProposalStatus, ScheduleProposal

TEMPLATES = "scheduling/"
# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])
# Every page here is the secretariat's ("scheduling.schedule_event"). The permission is asked before the event
# or the proposal is looked up (no finder): anyone else gets 403 whether it exists or not, and the 405 of a
# wrong method only after it.


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


@permission_required("scheduling.schedule_event")
def event_scheduling(request, pk):
    event = _event(pk)
    return render(request, TEMPLATES + "event.html", _context(request, event))


@permission_required("scheduling.schedule_event")
@require_POST
def settings_save(request, pk):
    event = _event(pk)
    form = SchedulingSettingsForm(request.POST, instance=services.settings_of(event))
    if not form.is_valid():
        return render(request, TEMPLATES + "event.html", _context(request, event, settings_form=form))
    form.save()
    messages.success(request, _("Scheduling settings saved."))
    return redirect("scheduling:event", pk=event.pk)


@permission_required("scheduling.schedule_event")
@require_POST
def pool_add(request, pk):
    event = _event(pk)
    form = PoolAddForm(request.POST, event=event)
    if not form.is_valid():
        return render(request, TEMPLATES + "event.html", _context(request, event, pool_form=form))
    added = services.add_to_pool(event, form.cleaned_data["evaluators"])
    messages.success(request, _("%(count)s evaluator(s) added to the pool.") % {"count": added})
    return redirect("scheduling:event", pk=event.pk)


@permission_required("scheduling.schedule_event")
@confirmable
def pool_remove(request, pk, item_pk):
    event = _event(pk)
    item = get_object_or_404(PoolMember.objects.select_related("evaluator"), event=event, pk=item_pk)
    if not confirm.is_confirmed(request):
        name = item.evaluator.full_name
        n_left = event.evaluator_pool.count() - 1
        n_panels = PanelMember.objects.filter(panel__event=event, evaluator=item.evaluator_id).count()
        n_sessions = Session.objects.filter(
            event=event, panel__memberships__evaluator=item.evaluator_id
        ).count()
        return confirm.ask(
            request,
            title=_("Take %(evaluator)s out of the evaluator pool?") % {"evaluator": name},
            action=_("take them out"),
            consequences=[
                ngettext(
                    "The pool then has %(count)s evaluator.",
                    "The pool then has %(count)s evaluators.",
                    n_left,
                )
                % {"count": n_left}
                if n_left
                else _("The pool is then empty: proposals use every evaluator again."),
                ngettext(
                    "%(evaluator)s sits on %(count)s panel of this event.",
                    "%(evaluator)s sits on %(count)s panels of this event.",
                    n_panels,
                )
                % {"evaluator": name, "count": n_panels},
                n_sessions
                and ngettext(
                    "Those panels evaluate %(count)s session; the next proposal replaces %(evaluator)s there.",
                    "Those panels evaluate %(count)s sessions; the next proposal replaces %(evaluator)s there.",
                    n_sessions,
                )
                % {"evaluator": name, "count": n_sessions},
            ],
            irreversible=False,
            cancel_url=reverse("scheduling:event", args=[event.pk]) + "#pool",
            eyebrow=event.name,
            nav_active="evaluations",
        )
    services.remove_from_pool(item, by=request.user)
    messages.success(
        request,
        _("%(evaluator)s left the pool. Propose a schedule to replace them on their panels.")
        % {"evaluator": item.evaluator},
    )
    return redirect("scheduling:event", pk=event.pk)


@permission_required("scheduling.schedule_event")
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


@permission_required("scheduling.schedule_event")
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
        context["grid"] = proposal_grid(proposal)
        context["is_stale"] = (
            proposal.status == ProposalStatus.READY
            and services.fingerprint(proposal.event) != proposal.fingerprint
        )
    return render(request, TEMPLATES + "proposal.html", context)


def _apply_consequences(proposal) -> tuple[list[str], list[str], str]:
    """From the proposal against the current schedule (services.proposal_diff): lines, warnings, refusal."""
    if proposal.status != ProposalStatus.READY or not proposal.result:
        return [], [], _("Only a proposal that is ready can be applied.")
    event = proposal.event
    if services.fingerprint(event) != proposal.fingerprint:
        return (
            [],
            [],
            _(
                "The schedule or what it depends on changed after this proposal was made, so it can no longer be "
                "applied. Propose again."
            ),
        )
    counts = {"added": 0, "moved": 0, "reassigned": 0, "removed": 0, "unchanged": 0}
    counts.update(services.proposal_diff(proposal)["counts"])
    others = (
        ScheduleProposal.objects.filter(event=event, status=ProposalStatus.READY)
        .exclude(pk=proposal.pk)
        .count()
    )
    lines = [
        _("%(added)s sessions added, %(moved)s moved, %(reassigned)s with a new panel, %(removed)s removed.")
        % counts,
        ngettext(
            "%(count)s session stays as it is.", "%(count)s sessions stay as they are.", counts["unchanged"]
        )
        % {"count": counts["unchanged"]},
        others
        and ngettext(
            "%(count)s other ready proposal is discarded.",
            "%(count)s other ready proposals are discarded.",
            others,
        )
        % {"count": others},
        _("The public agenda (release %(number)s) does not change until you publish a new release.")
        % {"number": event.agenda_release}
        if event.agenda_is_published
        else _("Nothing is public until you publish the agenda."),
    ]
    warnings = []
    if counts["removed"]:
        warnings.append(
            ngettext(
                "%(count)s session is removed from the schedule.",
                "%(count)s sessions are removed from the schedule.",
                counts["removed"],
            )
            % {"count": counts["removed"]}
        )
    return lines, warnings, ""


@permission_required("scheduling.schedule_event")
@confirmable
def proposal_apply(request, pk):
    proposal = _proposal(pk)
    if not confirm.is_confirmed(request):
        lines, warnings, refusal = _apply_consequences(proposal)
        return confirm.ask(
            request,
            title=_("Apply this proposal to the schedule of %(event)s?") % {"event": proposal.event.name},
            action=_("apply the proposal"),
            consequences=lines,
            warnings=warnings,
            refusal=refusal,
            cancel_url=reverse("scheduling:proposal", args=[proposal.pk]),
            eyebrow=proposal.event.name,
            nav_active="evaluations",
        )
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


@permission_required("scheduling.schedule_event")
@confirmable
def proposal_discard(request, pk):
    proposal = _proposal(pk)
    if not confirm.is_confirmed(request):
        n_sessions = len((proposal.result or {}).get("sessions", []))
        return confirm.ask(
            request,
            title=_("Discard this schedule proposal?"),
            action=_("discard the proposal"),
            consequences=[
                ngettext(
                    "The proposal with %(count)s session can no longer be applied.",
                    "The proposal with %(count)s sessions can no longer be applied.",
                    n_sessions,
                )
                % {"count": n_sessions},
                _("The current schedule stays as it is."),
            ],
            refusal=""
            if proposal.status == ProposalStatus.READY
            else _("Only a proposal that is ready can be discarded."),
            cancel_url=reverse("scheduling:proposal", args=[proposal.pk]),
            eyebrow=proposal.event.name,
            nav_active="evaluations",
        )
    if services.discard_proposal(proposal, by=request.user):
        messages.success(request, _("Proposal discarded."))
    return redirect("scheduling:event", pk=proposal.event_id)


@permission_required("scheduling.schedule_event")
@require_POST
def proposal_stop(request, pk):
    proposal = _proposal(pk)
    if services.stop_proposal(proposal) == ProposalStatus.RUNNING:
        messages.success(request, _("Stopping: the best schedule found so far will be kept."))
    return redirect("scheduling:proposal", pk=proposal.pk)
