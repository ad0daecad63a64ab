"""Creating, checking and revoking personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from kotacerdas.api.models import ApiToken, password_fingerprint
from kotacerdas.core import audit

TOKEN_PREFIX = "kc_"
# last_used_at is written at most once per this interval, so reading through the API does not write each time.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """SHA-256 of the token. The token has 256 random bits, so a fast hash is enough (no password stretching)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, *, name: str, by) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the stored row and the token itself, which is never stored.
    Side effects: an AuditEntry."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:8],
        key_hash=hash_token(raw),
        password_fingerprint=password_fingerprint(user.password),
    )
    audit.record("api.token_created", target=token, by=by, new=token.prefix)
    return token, raw


def revoke_token(token: ApiToken, *, by) -> ApiToken:
    """Refuse the token from now on; revoking twice changes nothing. Side effects: an AuditEntry."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api.token_revoked", target=token, by=by, old=token.prefix)
    return token


def token_for(raw: str) -> ApiToken | None:
    """The active token of an active user matching ``raw``, or None. Notes when it was last used."""
    if not raw or len(raw) > 200 or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None or token.outlived_password:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
