"""Text overlap aid pages: which passages of a masterplan closely match other regions' masterplans.

The session page is for the evaluators on the session's panel (without a conflict of interest with the region)
and the secretariat; the masterplan page for the secretariat only (evaluations/rules.py). Anyone else gets 404:
the finders below scope the object before the permission is asked. Other masterplans are compared within the same
cohort by default; ``?scope=all`` compares with every cohort (a later cohort copying an earlier one's masterplan).

Every masterplan is compared as its region last submitted it (its newest frozen version), the target included:
the live text of a draft or of a masterplan sent back for revision is the region's own until it submits again.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from kotacerdas.core.permissions import permission_required
from kotacerdas.evaluations.conflicts import conflict_reasons
from kotacerdas.evaluations.models import Session
from kotacerdas.evaluations.overlap import compare_masterplans, gather_version_texts
from kotacerdas.masterplans.models import Masterplan, MasterplanVersion

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
    # Only frozen versions that were submitted are compared, the target's too: each masterplan's last submitted
    # version, never the live text of a masterplan in draft or sent back for revision (issue 20).
    masterplans = _masterplans()
    if scope == SCOPE_COHORT:
        masterplans = masterplans.filter(Q(participation__cohort=cohort) | Q(pk=target.pk))
    versions = list(
        MasterplanVersion.objects.filter(masterplan__in=masterplans)
        .last_submitted()
        .select_related("masterplan__participation__region", "masterplan__participation__cohort")
        .order_by("masterplan_id")
    )
    target_version = next((v for v in versions if v.masterplan_id == target.pk), None)
    context["target_version"] = target_version
    context["target_title"] = (target_version.snapshot.get("title") if target_version else "") or target.title
    if target_version is None:
        return context
    others = [v for v in versions if v.masterplan_id != target.pk]
    texts = gather_version_texts([target_version, *others])
    report = compare_masterplans(texts[0], texts[1:])
    by_pk = {v.masterplan_id: v for v in versions}
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
        version = by_pk[overlap.masterplan.pk]
        mp = version.masterplan
        rows.append(
            {
                "overlap": overlap,
                "masterplan": mp,
                "version": version,
                "title": version.snapshot.get("title") or mp.title,
                "can_view": mp.pk in visible,
                "session_pk": session_of.get(mp.participation_id),
            }
        )
    context |= {"report": report, "rows": rows, "can_view_target": target.pk in visible}
    return context


def _session(request, pk) -> Session:
    """The session, among those the user may open (404 for any other, and for a conflicted evaluator)."""
    session = get_object_or_404(
        _sessions_for(request.user).select_related(
            "event__cohort", "day", "room", "panel", "participation__region"
        ),
        pk=pk,
    )
    if not request.user.is_secretariat and conflict_reasons(
        request.user, session.participation, session.event
    ):
        raise Http404  # an evaluator with a conflict of interest reads nothing of the region's masterplan
    return session


def _masterplan(request, pk) -> Masterplan:
    """The masterplan, for the secretariat only: to anyone else, its team and mentor included, the page is 404."""
    if not request.user.is_secretariat:
        raise Http404
    return get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related(
            "participation__region", "participation__cohort"
        ),
        pk=pk,
    )


@permission_required("evaluations.view_session_overlap", fetch=_session)
def session_overlap(request, session):
    target = _masterplans().filter(participation_id=session.participation_id).first()
    context = _report_context(
        request, target, cohort=session.event.cohort, scope=_scope(request), session=session
    )
    context["region"] = session.participation.region
    return render(request, "evaluations/overlap/report.html", context)


@permission_required("evaluations.compare_masterplans", fetch=_masterplan)
def masterplan_overlap(request, target):
    context = _report_context(request, target, cohort=target.participation.cohort, scope=_scope(request))
    context["region"] = target.participation.region
    return render(request, "evaluations/overlap/report.html", context)
