"""Protection of the public forms (comments, quick-win feedback) against floods and robots.

* **Client.** A client is a keyed hash of its IP address (``REMOTE_ADDR``, or the header named in the
  ``NEWS_CLIENT_IP_HEADER`` setting when a trusted proxy sets it). The address itself is never stored.
* **Rate limit.** At most ``NEWS_RATE_LIMIT`` submissions (default 3) per client in ``NEWS_RATE_WINDOW``
  seconds (default 600), counted in Django's cache over a sliding window. Comments and feedback share the
  allowance. A flood is answered 429 and nothing is stored.
* **Form token.** Each form carries the time it was rendered, signed. A submission sooner than
  ``NEWS_MIN_SECONDS`` (default 3) after rendering, or with a token older than ``NEWS_FORM_MAX_AGE`` (default 6
  hours) or tampered with, is refused with a friendly message.
* **Honeypot** and **links**: see forms.py.
"""

import math
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

TOKEN_SALT = "kotacerdas.news.form-token"


def _setting(name: str, default):
    return getattr(settings, name, default)


def client_id(request) -> str:
    header = _setting("NEWS_CLIENT_IP_HEADER", "")
    address = ""
    if header:
        address = request.META.get(header, "").split(",")[0].strip()
    address = address or request.META.get("REMOTE_ADDR", "") or "unknown"
    return salted_hmac("kotacerdas.news.client", address, algorithm="sha256").hexdigest()[:16]


def _key(client: str) -> str:
    return f"news:submissions:{client}"


def _recent(client: str, now: float) -> list[float]:
    window = _setting("NEWS_RATE_WINDOW", 600)
    return [t for t in cache.get(_key(client), []) if t > now - window]


def retry_after(client: str, *, now: float | None = None) -> int | None:
    """Seconds until the client may send again, or None when it may send now."""
    now = time.time() if now is None else now
    limit, window = _setting("NEWS_RATE_LIMIT", 3), _setting("NEWS_RATE_WINDOW", 600)
    recent = _recent(client, now)
    if len(recent) < limit:
        return None
    return max(1, math.ceil(recent[-limit] + window - now))


def note_submission(client: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    recent = _recent(client, now)
    cache.set(_key(client), recent + [now], timeout=_setting("NEWS_RATE_WINDOW", 600))


def form_token(issued_at: float | None = None) -> str:
    """The signed time a form was rendered (tests pass a time in the past)."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.Signer(salt=TOKEN_SALT).sign(str(int(issued_at)))


class TokenProblem:
    INVALID = "invalid"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"


def check_token(token: str, *, now: float | None = None) -> str | None:
    """None when the token is good; otherwise a TokenProblem."""
    now = time.time() if now is None else now
    try:
        issued_at = int(signing.Signer(salt=TOKEN_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return TokenProblem.INVALID
    age = now - issued_at
    if age < _setting("NEWS_MIN_SECONDS", 3):
        return TokenProblem.TOO_FAST
    if age > _setting("NEWS_FORM_MAX_AGE", 6 * 3600):
        return TokenProblem.EXPIRED
    return None
