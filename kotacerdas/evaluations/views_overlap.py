"""Text overlap aid pages: which passages of a masterplan closely match other regions' masterplans.

The session page is for the evaluators on the session's panel and the secretariat; the masterplan page for
the secretariat only. Anyone else gets 404. Other masterplans are compared within the same cohort by default;
``?scope=all`` compares with every cohort (a later cohort copying an earlier one's masterplan).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from kotacerdas.evaluations.models import Session
from kotacerdas.evaluations.overlap import compare_masterplans, gather_masterplan_texts
from kotacerdas.masterplans.models import Masterplan, MasterplanStatus

SCOPE_COHORT, SCOPE_ALL = "cohort", "all"


def _scope(request) -> str:
    return SCOPE_ALL if request.GET.get("scope") == SCOPE_ALL else SCOPE_COHORT


def _sessions_for(user):
    """Sessions whose overlap page ``user`` may open: all for the secretariat, their panels' for evaluators."""
    sessions = Session.objects.all()
    if user.is_secretariat:
        return sessions
    if user.is_evaluator:
        return sessions.filter(panel__memberships__evaluator=user).distinct()
    return sessions.none()


def _masterplans():
    return Masterplan.objects.select_related("participation__region", "participation__cohort")


def _report_context(
    request, target: Masterplan | None, *, cohort, scope: str, session: Session | None = None
):
    context = {"target": target, "scope": scope, "cohort": cohort, "session": session, "report": None}
    if target is None:
        return context
    others = _masterplans().exclude(pk=target.pk)
    if not request.user.is_secretariat:
        # Evaluators see passages of other regions' masterplans only once those were submitted, never drafts.
        others = others.exclude(status=MasterplanStatus.DRAFT)
    if scope == SCOPE_COHORT:
        others = others.filter(participation__cohort=cohort)
    masterplans = [target, *others]
    texts = gather_masterplan_texts(masterplans)
    report = compare_masterplans(texts[0], texts[1:])
    by_pk = {mp.pk: mp for mp in masterplans}
    user = request.user
    if user.is_secretariat:
        visible = set(by_pk)
    else:
        visible = set(
            Masterplan.objects.visible_to(user)
            .filter(pk__in=[target.pk, *(o.masterplan.pk for o in report.overlaps)])
            .values_list("pk", flat=True)
        )
    # Where an evaluator cannot open the other masterplan, its region's session on their panel (same event)
    # leads to that region's own overlap page.
    session_of = {}
    if session is not None:
        session_of = dict(
            _sessions_for(user)
            .filter(event_id=session.event_id)
            .exclude(pk=session.pk)
            .values_list("participation_id", "pk")
        )
    rows = []
    for overlap in report.overlaps:
        mp = by_pk[overlap.masterplan.pk]
        rows.append(
            {
                "overlap": overlap,
                "masterplan": mp,
                "can_view": mp.pk in visible,
                "session_pk": session_of.get(mp.participation_id),
            }
        )
    context.update(report=report, rows=rows, can_view_target=target.pk in visible)
    return context


@login_required
def session_overlap(request, pk):
    session = get_object_or_404(
        _sessions_for(request.user).select_related(
            "event__cohort", "day", "room", "panel", "participation__region"
        ),
        pk=pk,
    )
    target = _masterplans().filter(participation_id=session.participation_id).first()
    context = _report_context(
        request, target, cohort=session.event.cohort, scope=_scope(request), session=session
    )
    context["region"] = session.participation.region
    return render(request, "evaluations/overlap/report.html", context)


@login_required
def masterplan_overlap(request, pk):
    target = get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related(
            "participation__region", "participation__cohort"
        ),
        pk=pk,
    )
    if not request.user.is_secretariat:
        raise Http404
    context = _report_context(request, target, cohort=target.participation.cohort, scope=_scope(request))
    context["region"] = target.participation.region
    return render(request, "evaluations/overlap/report.html", context)
