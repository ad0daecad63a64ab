from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts import views
from kotacerdas.core.permissions import SIGNED_IN, permission_required, public

app_name = "accounts"

# Django's own views carry no declaration of ours (core/permissions.py): each is wrapped here. Changing one's
# password is for the signed-in; logging in and resetting a forgotten password are for anyone.
signed_in = permission_required(SIGNED_IN)

# The password pages share two templates: a form with a heading, an intro and a button, and a message.
FORM, MESSAGE = "accounts/password_form.html", "accounts/password_message.html"

urlpatterns = [
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/change/",
        signed_in(
            auth_views.PasswordChangeView.as_view(
                template_name=FORM,
                success_url=reverse_lazy("accounts:password_change_done"),
                extra_context={
                    "heading": _("Change password"),
                    "intro": _("Enter your current password, then the new one twice."),
                    "button": _("Save password"),
                },
            )
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        signed_in(
            auth_views.PasswordChangeDoneView.as_view(
                template_name=MESSAGE,
                extra_context={
                    "heading": _("Password changed"),
                    "message": _("Your password has been changed."),
                },
            )
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        public(
            auth_views.PasswordResetView.as_view(
                template_name=FORM,
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
                extra_context={
                    "heading": _("Reset password"),
                    "intro": _(
                        "Enter your e-mail address and we will send you a link to set a new password."
                    ),
                    "button": _("Send link"),
                },
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        public(
            auth_views.PasswordResetDoneView.as_view(
                template_name=MESSAGE,
                extra_context={
                    "heading": _("Check your e-mail"),
                    "message": _(
                        "If an account uses that address, we have sent a link to set a new password. "
                        "The link works once and expires after three days."
                    ),
                },
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                template_name=FORM,
                success_url=reverse_lazy("accounts:password_reset_complete"),
                extra_context={
                    "heading": _("Set a new password"),
                    "intro": _("Choose a new password of at least 10 characters."),
                    "button": _("Save password"),
                },
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        public(
            auth_views.PasswordResetCompleteView.as_view(
                template_name=MESSAGE,
                extra_context={
                    "heading": _("Password saved"),
                    "message": _("Your new password is set. You can log in now."),
                },
            )
        ),
        name="password_reset_complete",
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
]
