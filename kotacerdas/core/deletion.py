"""Refusing a deletion that other rows still depend on: in words that name them, never a 500.

A row referenced through ``on_delete=PROTECT`` (or ``RESTRICT``) cannot be deleted while the referencing rows
exist; Django then raises ``ProtectedError`` (``RestrictedError``). One place turns that into a refusal:

* ``refusal_message(obj, blocking)``: "Perangkat daerah (OPD) ini masih dipakai oleh 3 program: “A”, “B”,
  “C”. Ubah atau hapus dahulu." It names up to five rows of each kind, then how many more.
* ``delete(obj)``: ``obj.delete()``, or ``DeletionRefused`` (a ``ValidationError``) with that message. Services
  delete through it, so their views show the refusal like any other broken rule.
* ``ProtectedDeletionMiddleware``: the net under every view. A ``ProtectedError``, ``RestrictedError`` or
  ``DeletionRefused`` that escapes a view (a row came to use the object after the confirmation page was shown,
  or a delete nobody wrapped) answers 409 with the message: a page, or ``{"detail": …}`` under ``/api/``. The
  view's transaction has been rolled back by then (an audit entry written before the delete is gone too).

The confirmation pages (``core/confirm.py``) refuse before asking when something uses the object; this module
covers the moment of the deletion itself, and every delete path without such a page.
"""

from django.core.exceptions import ValidationError
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NAMED_PER_KIND = 5


class DeletionRefused(ValidationError):
    """A deletion refused because other rows still use the object; ``message`` names them."""


def blocking_objects(exc: ProtectedError | RestrictedError) -> list:
    return list(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects)


def _kind(model, n: int) -> str:
    return str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural)


def _named(rows: list) -> str:
    names = ", ".join(f"“{row}”" for row in rows[:NAMED_PER_KIND])
    more = len(rows) - NAMED_PER_KIND
    if more > 0:
        names += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
    return names


def used_by(blocking) -> str:
    """ "1 langkah aksi: “D”; 3 program: “A”, “B”, “C”": each kind with its count and names (oldest first),
    kinds by name."""
    groups: dict = {}
    for row in blocking:
        groups.setdefault(type(row), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: _kind(item[0], len(item[1])))
    return "; ".join(
        f"{len(rows)} {_kind(model, len(rows))}: {_named(sorted(rows, key=lambda r: r.pk))}"
        for model, rows in ordered
    )


def refusal_message(obj, blocking) -> str:
    """Why ``obj`` cannot be deleted: what still uses it, by kind and name. ``blocking``: the rows, or the
    ProtectedError / RestrictedError that listed them."""
    if isinstance(blocking, ProtectedError | RestrictedError):
        blocking = blocking_objects(blocking)
    message = _("This %(kind)s is still used by %(used_by)s. Change or delete those first.") % {
        "kind": obj._meta.verbose_name,
        "used_by": used_by(blocking),
    }
    return capfirst(message)


def delete(obj):
    """``obj.delete()``; ``DeletionRefused`` naming what still uses it when protected rows refuse it."""
    try:
        return obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DeletionRefused(refusal_message(obj, exc), code="protected") from exc


def _message_of(exception) -> str:
    if isinstance(exception, DeletionRefused):
        return " ".join(exception.messages)
    blocking = blocking_objects(exception)
    # Django names the object only in the exception's text; the first blocked row's field points at its model.
    target = _deleted_object(exception, blocking)
    if target is not None:
        return refusal_message(target, blocking)
    return capfirst(
        _("It is still used by %(used_by)s. Change or delete those first.") % {"used_by": used_by(blocking)}
    )


def _deleted_object(exception, blocking):
    """The object whose deletion was refused, when Django's collector says which (``origin`` is not kept, but
    the message names the model and the field that refers to it)."""
    if not blocking:
        return None
    text = exception.args[0] if exception.args else ""
    # "Cannot delete some instances of model 'Opd' because they are referenced through protected foreign keys:
    # 'MasterplanProgramme.owner_opd'."
    for row in blocking:
        for f in row._meta.concrete_fields:
            if f.is_relation and f"'{type(row).__name__}.{f.name}'" in text and f.related_model:
                target = getattr(row, f.name, None)
                if target is not None:
                    return target
    return None


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


class ProtectedDeletionMiddleware:
    """A refused deletion that reached no handler answers 409 with the reason (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError | RestrictedError | DeletionRefused):
            return None
        message = _message_of(exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=409)
        return render(
            request,
            "core/deletion_refused.html",
            {"message": message, "back_url": _back_url(request)},
            status=409,
        )
