"""The programme's pages: cohorts and their stages, participations, assessment and selection.

Every view declares its permission with the gate of core/permissions.py (who holds it: programmes/rules.py). The
finders read from ``visible_to`` querysets, so what the user may not see answers 404; the assessment and the
selection are blind, so their pages answer 404 (not 403) to those who may not take part in them. Every write is a
function of programmes/services.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import User
from kotacerdas.core import confirm
from kotacerdas.core.models import AuditEntry
from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.programmes import services
from kotacerdas.programmes.forms import (
    AssessmentForm,
    CohortForm,
    CriterionForm,
    MentorsForm,
    ParticipationCreateForm,
    ParticipationDetailsForm,
    SelectionDecisionForm,
    StageForm,
    StatusChangeForm,
)
from kotacerdas.programmes.models import (
    AssessmentScore,
    Cohort,
    Participation,
    ParticipationStatus,
    Stage,
)
from kotacerdas.programmes.services import (
    ALLOWED_TRANSITIONS,
    assign_mentors,
    change_status,
    compute_selection_situation,
    record_assessment,
    select_top_applications,
    selected_count,
    status_recipients,
)


def status_counts(cohorts, user):
    """Annotate cohorts with one count per participation status, counting only what ``user`` may see.

    The cohorts are re-selected by primary key so that joins used for scoping cannot multiply the counts.
    """
    visible = Participation.objects.visible_to(user).values("pk")
    annotations = {
        f"n_{s.value}": Count(
            "participations",
            filter=Q(participations__status=s.value, participations__in=visible),
            distinct=True,
        )
        for s in ParticipationStatus
    }
    return Cohort.objects.filter(pk__in=cohorts.values("pk")).annotate(**annotations)


MANAGE_COHORT = "programmes.manage_cohort"
MANAGE_PARTICIPATION = "programmes.manage_participation"


def _find_cohort(request, pk) -> Cohort:
    return get_object_or_404(
        Cohort.objects.visible_to(request.user).select_related("framework_version"), pk=pk
    )


def _find_participation(request, pk) -> Participation:
    return get_object_or_404(
        _participations_for(request.user)
        .select_related("cohort__framework_version")
        .prefetch_related("mentors"),
        pk=pk,
    )


def _find_selection(request, cohort_pk) -> Cohort:
    """A cohort whose selection the user may follow. The selection is blind: to anyone else its page does not
    exist (404, as outside the user's scope), rather than being forbidden."""
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=cohort_pk)
    if not request.user.has_perm("programmes.view_selection", cohort):
        raise Http404
    return cohort


def _find_application(request, pk) -> Participation:
    """An application the user may assess; to anyone else, the secretariat included, the assessment page does
    not exist (404): assessment is blind."""
    participation = _find_participation(request, pk)
    if not request.user.has_perm("programmes.assess_application", participation):
        raise Http404
    return participation


@permission_required(SIGNED_IN)
def cohort_list(request):
    cohorts = status_counts(Cohort.objects.visible_to(request.user), request.user).select_related("programme")
    return render(
        request, "programmes/cohort_list.html", {"cohorts": cohorts, "statuses": ParticipationStatus}
    )


def _participations_for(user):
    return Participation.objects.visible_to(user).select_related("region", "region__province", "cohort")


# Every signed-in user may open the cohorts they see (Cohort.objects.visible_to): its participations are listed
# as far as the user sees them.
@permission_required(SIGNED_IN, fetch=_find_cohort)
def cohort_detail(request, cohort):
    participations = (
        _participations_for(request.user)
        .filter(cohort=cohort)
        .prefetch_related(Prefetch("mentors", queryset=User.objects.only("full_name", "email")))
    )
    status = request.GET.get("status", "")
    if status in ParticipationStatus.values:
        participations = participations.filter(status=status)
    return render(
        request,
        "programmes/cohort_detail.html",
        {
            "cohort": cohort,
            "participations": participations,
            "stages": cohort.stages.all(),
            "statuses": ParticipationStatus,
            "status": status,
            "selected_count": selected_count(cohort),
            "can_manage": request.user.has_perm(MANAGE_COHORT),
            "can_view_selection": request.user.has_perm("programmes.view_selection", cohort),
        },
    )


# Managing cohorts is the secretariat's, who sees every cohort: the pages below look their cohort up after the
# permission, so that anyone else gets 403 whichever cohort the address names.
@permission_required(MANAGE_COHORT)
def cohort_edit(request, pk=None):
    cohort = get_object_or_404(Cohort, pk=pk) if pk else None
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort = services.save_cohort(form, by=request.user)
        messages.success(request, _("Cohort saved."))
        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/cohort_form.html", {"form": form, "cohort": cohort})


@permission_required(MANAGE_COHORT)
def stage_edit(request, cohort_pk, pk=None):
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    stage = get_object_or_404(Stage, cohort=cohort, pk=pk) if pk else Stage(cohort=cohort)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        stage = services.save_stage(form, by=request.user)
        messages.success(request, _("Stage saved."))
        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/stage_form.html", {"form": form, "cohort": cohort, "stage": stage})


@permission_required(MANAGE_COHORT)
def participation_add(request, cohort_pk):
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    form = ParticipationCreateForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        participation = services.register_application(cohort, form.cleaned_data["region"], by=request.user)
        messages.success(request, _("Application registered."))
        return redirect("programmes:participation_detail", pk=participation.pk)
    return render(request, "programmes/participation_add.html", {"form": form, "cohort": cohort})


@permission_required("programmes.view_participation", fetch=_find_participation)
def participation_detail(request, participation):
    can_manage = request.user.has_perm(MANAGE_PARTICIPATION, participation)
    context = {
        "participation": participation,
        "stages": participation.cohort.stages.all(),
        **_agreements_context(request, participation),
        "can_manage": can_manage,
        "can_assess": request.user.has_perm("programmes.assess_application", participation),
        "history": audit_history(participation, include_assessments=can_manage)
        if can_manage or _is_team(request.user, participation)
        else [],
    }
    if can_manage:
        context |= {
            "status_form": StatusChangeForm(participation=participation),
            "details_form": ParticipationDetailsForm(instance=participation),
            "mentors_form": MentorsForm(initial={"mentors": participation.mentors.all()}),
        }
    return render(request, "programmes/participation_detail.html", context)


def _agreements_context(request, participation) -> dict:
    """The region's agreements (kind, number, validity, status) for the participation page; the register and the
    scans only for those who may open them (the secretariat and the region's team)."""
    today = timezone.localdate()
    agreements = participation.region.agreements.select_related("follows_from")
    return {
        "agreement_rows": [(a, *a.expiry(today)) for a in agreements],
        "can_view_agreements": request.user.has_perm("programmes.view_agreements", participation.region),
    }


def _is_team(user, participation):
    return user.has_perm("regions.view_region_team", participation.region)


def audit_history(participation, *, include_assessments: bool):
    """The participation's audit entries; assessors' scores only for the secretariat (selection is blind)."""
    entries = AuditEntry.objects.for_object(participation).select_related("actor")
    return entries if include_assessments else entries.exclude(action="selection.assessed")


def _confirm_status(request, participation, new: str, note: str):
    """The confirmation page of a status change (core/confirm.py): what moves, what is final, who is told."""
    S = ParticipationStatus
    names = {
        "region": participation.region.name,
        "old": participation.get_status_display(),
        "new": S(new).label,
    }
    lines = [_("%(region)s moves from “%(old)s” to “%(new)s”.") % names]
    refusal = ""
    if new == S.SELECTED:
        cohort = participation.cohort
        if selected_count(cohort) >= cohort.target_size:
            refusal = _("The cohort is full: %(count)s of %(target)s places are taken.") % {
                "count": selected_count(cohort),
                "target": cohort.target_size,
            }
        lines.append(
            _("%(taken)s of %(target)s places in %(cohort)s are then taken.")
            % {"taken": selected_count(cohort) + 1, "target": cohort.target_size, "cohort": cohort.name}
        )
    final = not ALLOWED_TRANSITIONS.get(new)
    if final:
        lines.append(_("“%(new)s” is final: no further status change is possible.") % names)
    if note:
        lines.append(_("Your note goes with it: “%(note)s”") % {"note": note})
    n_mails = len(status_recipients(participation))
    lines.append(
        ngettext("%(count)s person is told by e-mail.", "%(count)s people are told by e-mail.", n_mails)
        % {"count": n_mails}
    )
    return confirm.ask(
        request,
        title=_("Change the status of %(region)s to “%(new)s”?") % names,
        action=_("change the status"),
        consequences=lines,
        refusal=refusal,
        irreversible=final,
        carry={"status": new, "note": note},
        cancel_url=participation.get_absolute_url(),
        eyebrow=participation.cohort.name,
    )


@permission_required(MANAGE_PARTICIPATION, fetch=_find_participation, methods=("POST",))
def participation_status(request, participation):
    form = StatusChangeForm(request.POST, participation=participation)
    if form.is_valid() and not confirm.is_confirmed(request):
        return _confirm_status(request, participation, form.cleaned_data["status"], form.cleaned_data["note"])
    if form.is_valid():
        try:
            change_status(
                participation, form.cleaned_data["status"], by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose one of the allowed statuses."))
    return redirect(participation.get_absolute_url())


@permission_required(MANAGE_PARTICIPATION, fetch=_find_participation, methods=("POST",))
def participation_details(request, participation):
    form = ParticipationDetailsForm(request.POST, instance=participation)
    if form.is_valid():
        participation = services.save_participation_details(form, by=request.user)
        messages.success(request, _("Details saved."))
        return redirect(participation.get_absolute_url())
    return render(
        request,
        "programmes/participation_detail.html",
        {
            "participation": participation,
            "stages": participation.cohort.stages.all(),
            **_agreements_context(request, participation),
            "can_manage": True,
            "history": audit_history(participation, include_assessments=True),
            "status_form": StatusChangeForm(participation=participation),
            "details_form": form,
            "mentors_form": MentorsForm(initial={"mentors": participation.mentors.all()}),
        },
        status=400,
    )


@permission_required(MANAGE_PARTICIPATION, fetch=_find_participation, methods=("POST",))
def participation_mentors(request, participation):
    form = MentorsForm(request.POST)
    if form.is_valid():
        assign_mentors(participation, form.cleaned_data["mentors"], by=request.user)
        messages.success(request, _("Mentors saved."))
    else:
        messages.error(request, _("Choose mentors from the list."))
    return redirect(participation.get_absolute_url())


SELECTION_DECISIONS = ("selection.tie_decided", "selection.incomplete_acknowledged")


def _render_selection(
    request, cohort, *, criterion_form=None, decision_form=None, situation=None, status=200
):
    can_manage = request.user.has_perm(MANAGE_COHORT)
    if can_manage and criterion_form is None:
        criterion_form = CriterionForm(cohort=cohort)
    situation = situation or compute_selection_situation(cohort)
    if can_manage and decision_form is None:
        decision_form = SelectionDecisionForm(situation=situation)
    return render(
        request,
        "programmes/selection.html",
        {
            "cohort": cohort,
            "situation": situation,
            "ranking": situation.ranking,
            "tied_ids": {r.participation.pk for r in situation.tied},
            "criteria": cohort.criteria.all(),
            "criterion_form": criterion_form,
            "decision_form": decision_form,
            "decisions": AuditEntry.objects.for_object(cohort)
            .filter(action__in=SELECTION_DECISIONS)
            .select_related("actor"),
            "can_manage": can_manage,
            "can_assess": request.user.has_perm("programmes.assess_cohort", cohort),
            "assessable": [ParticipationStatus.APPLIED, ParticipationStatus.SHORTLISTED],
            "selected_count": situation.taken,
            "free_places": situation.free,
        },
        status=status,
    )


@permission_required("programmes.view_selection", fetch=_find_selection)
def selection(request, cohort):
    """The ranking and the selection decision; a POST by the secretariat adds a criterion."""
    can_manage = request.user.has_perm(MANAGE_COHORT)
    criterion_form = CriterionForm(request.POST or None, cohort=cohort) if can_manage else None
    if request.method == "POST" and can_manage and criterion_form.is_valid():
        services.add_criterion(criterion_form, by=request.user)
        messages.success(request, _("Criterion added."))
        return redirect("programmes:selection", cohort_pk=cohort.pk)
    return _render_selection(request, cohort, criterion_form=criterion_form)


@permission_required(MANAGE_COHORT, methods=("POST",))
def selection_select_top(request, cohort_pk):
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    form = SelectionDecisionForm(request.POST, situation=compute_selection_situation(cohort))
    if form.is_valid():
        try:
            chosen = select_top_applications(
                cohort,
                by=request.user,
                tie_choice=form.cleaned_data["tie_choice"],
                reason=form.cleaned_data["reason"],
                acknowledge_incomplete=form.cleaned_data["acknowledge_incomplete"],
                expected_state=form.cleaned_data["state"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)s application selected.", "%(n)s applications selected.", len(chosen))
                % {"n": len(chosen)},
            )
            return redirect("programmes:selection", cohort_pk=cohort.pk)
    # Nothing changed: show the situation as it is now, keeping what was typed and ticked.
    situation = compute_selection_situation(cohort)
    if situation.state != form.data.get("state"):
        data = form.data.copy()
        data["state"] = situation.state
        errors, form = form.errors, SelectionDecisionForm(data, situation=situation)
        form.is_valid()
        for field, field_errors in errors.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    return _render_selection(request, cohort, decision_form=form, situation=situation, status=400)


@permission_required("programmes.assess_application", fetch=_find_application)
def assess(request, participation):
    if participation.status not in (ParticipationStatus.APPLIED, ParticipationStatus.SHORTLISTED):
        messages.error(request, _("Only applications still under selection can be assessed."))
        return redirect(participation.get_absolute_url())
    criteria = participation.cohort.criteria.all()
    existing = {
        s.criterion_id: s
        for s in AssessmentScore.objects.filter(participation=participation, assessor=request.user)
    }
    form = AssessmentForm(request.POST or None, criteria=criteria, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            record_assessment(
                participation, assessor=request.user, scores=form.scores(), comments=form.comments()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect("programmes:selection", cohort_pk=participation.cohort_id)
    return render(request, "programmes/assess.html", {"participation": participation, "form": form})
