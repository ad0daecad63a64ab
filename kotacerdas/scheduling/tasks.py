"""Computing a schedule proposal in the background, with progress a page can poll."""

import logging
import threading
import time

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kotacerdas.scheduling import checks, validate
from kotacerdas.scheduling.models import ProposalMode, ProposalStatus, ScheduleProposal
from kotacerdas.scheduling.services import EventProblem, fingerprint
from kotacerdas.scheduling.solver import SolveControl, solve

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5


def _set(proposal: ScheduleProposal, **fields) -> None:
    """Write straight away, so the page polling the proposal sees it while the solver goes on."""
    for name, value in fields.items():
        setattr(proposal, name, value)
    ScheduleProposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now(), **fields)


@task()
def run_proposal(proposal_id: int) -> str:
    """Checks, then solves, then validates; the proposal ends ready, infeasible (with reasons) or failed (with a
    readable error; the traceback goes to the log). Returns the final status."""
    claimed = ScheduleProposal.objects.filter(pk=proposal_id, status=ProposalStatus.QUEUED).update(
        status=ProposalStatus.RUNNING, updated_at=timezone.now()
    )
    proposal = ScheduleProposal.objects.select_related("event").filter(pk=proposal_id).first()
    if proposal is None or not claimed:
        return proposal.status if proposal else "missing"
    # Messages are stored in the site's language: the worker has no reader whose language it could use.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return _run(proposal)
        except Exception:
            logger.exception("Schedule proposal %s failed", proposal.pk)
            _set(
                proposal,
                status=ProposalStatus.FAILED,
                error=_(
                    "The scheduler stopped with an error. Try again; if it fails again, tell the developers (proposal %(id)s)."
                )
                % {"id": proposal.pk},
                finished_at=timezone.now(),
            )
            return ProposalStatus.FAILED


def _run(proposal: ScheduleProposal) -> str:
    event = proposal.event
    # Taken before the problem is read: any change after this point makes the proposal stale.
    _set(proposal, fingerprint=fingerprint(event))
    built = EventProblem(event, complete=proposal.mode == ProposalMode.COMPLETE)
    problem = built.problem
    failed_checks = checks.run_checks(problem)
    if failed_checks:
        _set(proposal, status=ProposalStatus.INFEASIBLE, checks=failed_checks, finished_at=timezone.now())
        return ProposalStatus.INFEASIBLE

    control = SolveControl()
    outcome = {}
    language = translation.get_language()

    def work():
        with translation.override(language):
            try:
                outcome["result"] = solve(
                    problem,
                    time_limit=proposal.time_limit,
                    workers=settings.SCHEDULING_WORKERS,
                    control=control,
                )
            except Exception as exc:  # handed to the caller's thread, which reports it
                outcome["error"] = exc

    thread = threading.Thread(target=work, name=f"proposal-{proposal.pk}", daemon=True)
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(POLL_SECONDS)
        seen = control.snapshot()
        _set(
            proposal,
            solutions_found=seen["solutions"],
            objective=seen["objective"],
            bound=seen["bound"],
            seconds=round(time.monotonic() - started, 1),
        )
        if ScheduleProposal.objects.filter(pk=proposal.pk, cancel_requested=True).exists():
            control.stop()
    if "error" in outcome:
        raise outcome["error"]
    result = outcome["result"]
    fields = {
        "solver_status": result.status,
        "solutions_found": result.solutions_found,
        "objective": result.objective,
        "bound": result.bound,
        "seconds": round(result.wall_time, 2),
        "finished_at": timezone.now(),
    }
    if result.status == "infeasible":
        _set(proposal, status=ProposalStatus.INFEASIBLE, reasons=result.reasons, **fields)
        return ProposalStatus.INFEASIBLE
    if result.solution is None:
        message = (
            _("Stopped before a schedule was found.")
            if control.stopped
            else _("No schedule was found within %(seconds)s seconds. Raise the time limit and try again.")
            % {"seconds": proposal.time_limit}
        )
        _set(proposal, status=ProposalStatus.FAILED, error=message, **fields)
        return ProposalStatus.FAILED
    broken = validate.violations(problem, result.solution)
    if broken:
        # Never expected: the independent validator disagrees with the solver, so nothing is offered.
        logger.error("Proposal %s broke hard rules: %s", proposal.pk, [v.message for v in broken])
        _set(
            proposal,
            status=ProposalStatus.FAILED,
            error=_("The proposed schedule breaks a rule: %(problem)s") % {"problem": broken[0].message},
            **fields,
        )
        return ProposalStatus.FAILED
    _set(
        proposal,
        status=ProposalStatus.READY,
        result=built.result_json(result.solution),
        breakdown=result.breakdown,
        **fields,
    )
    return ProposalStatus.READY
