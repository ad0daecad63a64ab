import rules

from kotacerdas.accounts.rules import is_secretariat


@rules.predicate
def is_session_evaluator(user, session):
    if session is None or not (user.is_authenticated and user.is_active and user.is_evaluator):
        return False
    return session.panel_id is not None and session.panel.members.filter(pk=user.pk).exists()


rules.add_perm("evaluations.manage_event", is_secretariat)
rules.add_perm("evaluations.score_session", is_session_evaluator)
# The text overlap aid (views_overlap.py): a session's report for its panel and the secretariat; comparing any
# masterplan with all the others for the secretariat only.
rules.add_perm("evaluations.view_session_overlap", is_secretariat | is_session_evaluator)
rules.add_perm("evaluations.compare_masterplans", is_secretariat)


# Scoring (views_scoring.py): its finders scope the object first (an evaluator reaches only the sessions of their
# own panels, a region team only its own feedback once results are published: anything else is 404); these rules
# then answer 403.
@rules.predicate
def has_no_conflict_with_session(user, session):
    from kotacerdas.evaluations.conflicts import conflict_reasons

    return session is not None and not conflict_reasons(user, session.participation, session.event)


@rules.predicate
def is_team_after_publication(user, session):
    from kotacerdas.regions.models import RegionMembership

    return (
        session is not None
        and session.event.results_are_published
        and RegionMembership.objects.filter(user=user, region_id=session.participation.region_id).exists()
    )


rules.add_perm("evaluations.send_scores", is_session_evaluator & has_no_conflict_with_session)
rules.add_perm("evaluations.read_session_masterplan", is_secretariat | is_session_evaluator)
rules.add_perm("evaluations.download_feedback", is_secretariat | is_team_after_publication)
