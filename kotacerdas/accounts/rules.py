import rules


@rules.predicate
def is_secretariat(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_secretariat)


@rules.predicate
def is_mentor(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_mentor)


@rules.predicate
def is_evaluator(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_evaluator)


rules.add_perm("accounts.manage_users", is_secretariat)
