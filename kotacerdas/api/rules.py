"""Who may do what with API tokens. What a token may *write* is decided by the rules of the app written to
(``monitoring.report``), exactly as on the pages."""

import rules


@rules.predicate
def owns_token(user, token):
    return token is not None and user.is_authenticated and token.user_id == user.pk


rules.add_perm("api.revoke_token", owns_token)
