from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.db.models import QuerySet

from kotacerdas.accounts.models import User
from kotacerdas.core import audit

ROLE_FIELDS = ("is_secretariat", "is_mentor", "is_evaluator", "is_active")


def accounts_editable_by(manager: User) -> QuerySet:
    """The accounts ``manager`` may edit: all but the administrators', unless ``manager`` is one. Otherwise a
    secretariat officer could change an administrator's e-mail and reset its password."""
    if manager.is_superuser:
        return User.objects.all()
    return User.objects.filter(is_superuser=False, is_staff=False)


def roles_text(user: User) -> str:
    return ", ".join(f for f in ROLE_FIELDS if getattr(user, f))


@transaction.atomic
def create_user_account(user: User, *, by: User, request=None) -> User:
    """Save a new account without a password and e-mail the person a link to set one.

    Side effects: audit entry ``user.created``; an invitation e-mail (password-set link).
    """
    user.set_unusable_password()
    user.save()
    audit.record("user.created", target=user, by=by, new=roles_text(user))
    invite = PasswordResetForm({"email": user.email})
    if invite.is_valid():
        # Django only mails accounts with a usable password; an invitation must reach a new account too.
        transaction.on_commit(
            lambda: _send_invitation(invite, user, request),
        )
    return user


def _send_invitation(form: PasswordResetForm, user: User, request) -> None:
    form.get_users = lambda email: [user]
    form.save(
        request=request,
        use_https=bool(request and request.is_secure()),
        subject_template_name="accounts/email/invitation_subject.txt",
        email_template_name="accounts/email/invitation.txt",
    )


@transaction.atomic
def update_user_account(user: User, *, by: User, previous_roles: str) -> User:
    user.save()
    now = roles_text(user)
    if now != previous_roles:
        audit.record("user.roles", target=user, by=by, field="roles", old=previous_roles, new=now)
    return user
