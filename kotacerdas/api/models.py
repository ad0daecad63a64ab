"""Personal API tokens. Only a hash of each token is stored; the token itself is shown once, on creation."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A token a person sends as ``Authorization: Bearer …`` to write through the API in their own name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “BPS import”.")
    )
    prefix = models.CharField(_("token begins with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The owner's password (its stored hash) when the token was made: a new password ends every older token,
    # as it ends the owner's other sessions.
    password_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def outlived_password(self) -> bool:
        """The owner has changed their password since the token was made: it no longer works."""
        return self.password_fingerprint != password_fingerprint(self.user.password)


def password_fingerprint(password_hash: str) -> str:
    """A digest of the stored password hash (itself salted): equal while the password stays the same."""
    return hashlib.sha256(password_hash.encode()).hexdigest()
