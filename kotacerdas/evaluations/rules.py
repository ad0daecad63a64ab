import rules

from kotacerdas.accounts.rules import is_secretariat


@rules.predicate
def is_session_evaluator(user, session):
    if session is None or not (user.is_authenticated and user.is_active and user.is_evaluator):
        return False
    return session.panel_id is not None and session.panel.members.filter(pk=user.pk).exists()


rules.add_perm("evaluations.manage_event", is_secretariat)
rules.add_perm("evaluations.score_session", is_session_evaluator)
