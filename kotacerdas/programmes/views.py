from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.accounts.models import User
from kotacerdas.core import audit
from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.forms import (
    AssessmentForm,
    CohortForm,
    CriterionForm,
    MentorsForm,
    ParticipationCreateForm,
    ParticipationDetailsForm,
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
from kotacerdas.programmes.rules import is_cohort_assessor
from kotacerdas.programmes.services import (
    assign_mentors,
    change_status,
    rank_applications,
    record_assessment,
    select_top_applications,
    selected_count,
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


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def cohort_list(request):
    cohorts = status_counts(Cohort.objects.visible_to(request.user), request.user).select_related("programme")
    return render(
        request, "programmes/cohort_list.html", {"cohorts": cohorts, "statuses": ParticipationStatus}
    )


def _participations_for(user):
    return Participation.objects.visible_to(user).select_related("region", "region__province", "cohort")


@login_required
def cohort_detail(request, pk):
    cohort = get_object_or_404(
        Cohort.objects.visible_to(request.user).select_related("framework_version"), pk=pk
    )
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
            "can_manage": request.user.has_perm("programmes.manage_cohort"),
            "can_view_selection": request.user.has_perm("programmes.view_selection", cohort),
        },
    )


@login_required
def cohort_edit(request, pk=None):
    _require(request, "programmes.manage_cohort")
    cohort = get_object_or_404(Cohort, pk=pk) if pk else None
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        audit.record("cohort.saved", target=cohort, by=request.user, new=f"target={cohort.target_size}")
        messages.success(request, _("Cohort saved."))
        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/cohort_form.html", {"form": form, "cohort": cohort})


@login_required
def stage_edit(request, cohort_pk, pk=None):
    _require(request, "programmes.manage_cohort")
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    stage = get_object_or_404(Stage, cohort=cohort, pk=pk) if pk else Stage(cohort=cohort)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        stage = form.save()
        audit.record(
            "stage.saved",
            target=stage,
            by=request.user,
            new=f"{stage.kind} {stage.starts_on}–{stage.ends_on}",
        )
        messages.success(request, _("Stage saved."))
        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/stage_form.html", {"form": form, "cohort": cohort, "stage": stage})


@login_required
def participation_add(request, cohort_pk):
    _require(request, "programmes.manage_cohort")
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    form = ParticipationCreateForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        participation = Participation.objects.create(cohort=cohort, region=form.cleaned_data["region"])
        audit.record(
            "participation.status",
            target=participation,
            by=request.user,
            field="status",
            new=participation.status,
            note=_("Application registered."),
            region_code=participation.region.code,
        )
        messages.success(request, _("Application registered."))
        return redirect("programmes:participation_detail", pk=participation.pk)
    return render(request, "programmes/participation_add.html", {"form": form, "cohort": cohort})


def _visible_participation(request, pk):
    return get_object_or_404(
        _participations_for(request.user)
        .select_related("cohort__framework_version")
        .prefetch_related("mentors"),
        pk=pk,
    )


@login_required
def participation_detail(request, pk):
    participation = _visible_participation(request, pk)
    can_manage = request.user.has_perm("programmes.manage_participation", participation)
    context = {
        "participation": participation,
        "stages": participation.cohort.stages.all(),
        "can_manage": can_manage,
        "can_assess": request.user.has_perm("programmes.assess_application", participation),
        "history": audit_history(participation, include_assessments=can_manage)
        if can_manage or _is_team(request.user, participation)
        else [],
    }
    if can_manage:
        context.update(
            status_form=StatusChangeForm(participation=participation),
            details_form=ParticipationDetailsForm(instance=participation),
            mentors_form=MentorsForm(initial={"mentors": participation.mentors.all()}),
        )
    return render(request, "programmes/participation_detail.html", context)


def _is_team(user, participation):
    return user.has_perm("regions.view_region_team", participation.region)


def audit_history(participation, *, include_assessments: bool):
    """The participation's audit entries; assessors' scores only for the secretariat (selection is blind)."""
    entries = AuditEntry.objects.for_object(participation).select_related("actor")
    return entries if include_assessments else entries.exclude(action="selection.assessed")


@login_required
@require_POST
def participation_status(request, pk):
    participation = _visible_participation(request, pk)
    _require(request, "programmes.manage_participation", participation)
    form = StatusChangeForm(request.POST, participation=participation)
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


@login_required
@require_POST
def participation_details(request, pk):
    participation = _visible_participation(request, pk)
    _require(request, "programmes.manage_participation", participation)
    before = (participation.mou_date, participation.mou_number)
    form = ParticipationDetailsForm(request.POST, instance=participation)
    if form.is_valid():
        participation = form.save()
        after = (participation.mou_date, participation.mou_number)
        if before != after:
            audit.record(
                "participation.details",
                target=participation,
                by=request.user,
                field="mou",
                old=f"{before[0] or ''} {before[1]}".strip(),
                new=f"{after[0] or ''} {after[1]}".strip(),
                region_code=participation.region.code,
            )
        messages.success(request, _("Details saved."))
        return redirect(participation.get_absolute_url())
    return render(
        request,
        "programmes/participation_detail.html",
        {
            "participation": participation,
            "stages": participation.cohort.stages.all(),
            "can_manage": True,
            "history": audit_history(participation, include_assessments=True),
            "status_form": StatusChangeForm(participation=participation),
            "details_form": form,
            "mentors_form": MentorsForm(initial={"mentors": participation.mentors.all()}),
        },
        status=400,
    )


@login_required
@require_POST
def participation_mentors(request, pk):
    participation = _visible_participation(request, pk)
    _require(request, "programmes.manage_participation", participation)
    form = MentorsForm(request.POST)
    if form.is_valid():
        assign_mentors(participation, form.cleaned_data["mentors"], by=request.user)
        messages.success(request, _("Mentors saved."))
    else:
        messages.error(request, _("Choose mentors from the list."))
    return redirect(participation.get_absolute_url())


@login_required
def selection(request, cohort_pk):
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=cohort_pk)
    if not request.user.has_perm("programmes.view_selection", cohort):
        raise Http404
    can_manage = request.user.has_perm("programmes.manage_cohort")
    criterion_form = CriterionForm(request.POST or None, cohort=cohort) if can_manage else None
    if request.method == "POST" and can_manage and criterion_form.is_valid():
        criterion = criterion_form.save()
        audit.record(
            "selection.criterion_added",
            target=cohort,
            by=request.user,
            new=f"{criterion.name} ({criterion.weight})",
        )
        messages.success(request, _("Criterion added."))
        return redirect("programmes:selection", cohort_pk=cohort.pk)
    return render(
        request,
        "programmes/selection.html",
        {
            "cohort": cohort,
            "ranking": rank_applications(cohort),
            "criteria": cohort.criteria.all(),
            "criterion_form": criterion_form,
            "can_manage": can_manage,
            "can_assess": is_cohort_assessor(request.user, cohort),
            "assessable": [ParticipationStatus.APPLIED, ParticipationStatus.SHORTLISTED],
            "selected_count": selected_count(cohort),
            "free_places": max(cohort.target_size - selected_count(cohort), 0),
        },
    )


@login_required
@require_POST
def selection_select_top(request, cohort_pk):
    _require(request, "programmes.manage_cohort")
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    try:
        chosen = select_top_applications(cohort, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s applications selected by rank.") % {"n": len(chosen)})
    return redirect("programmes:selection", cohort_pk=cohort.pk)


@login_required
def assess(request, pk):
    participation = _visible_participation(request, pk)
    if not request.user.has_perm("programmes.assess_application", participation):
        raise Http404
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
