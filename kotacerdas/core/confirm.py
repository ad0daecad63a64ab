"""Asking before a decision that cannot be taken back.

Every destructive or irreversible action (deleting, publishing, closing, revoking, applying) first answers with a
confirmation page that says what will happen, in numbers, and changes nothing. The page's red button sends the
same request again with ``confirm=yes``; only then does the view act (and audit, as before). It is a plain page
with a plain form, so it works without JavaScript; a GET of the action's address shows the same page.

A view says::

    if not confirm.is_confirmed(request):
        return confirm.ask(
            request,
            title=_("Publish the results of %(event)s?") % {"event": event.name},
            action=_("publish the results"),
            consequences=[...],       # sentences with numbers, counted by querysets or services
            cancel_url=...,
        )

``refusal`` replaces the button with the reason the action cannot be taken now (a room still used by sessions),
so nobody confirms something that would then be refused. The numbers are counted by the view from querysets or
services; the template only shows them.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FIELD = "confirm"
VALUE = "yes"
# Request fields never carried from the first request into the confirmation form.
_NOT_CARRIED = {"csrfmiddlewaretoken", FIELD}


def is_confirmed(request) -> bool:
    """True only for a POST that carries ``confirm=yes``: a GET or a plain POST asks first."""
    return request.method == "POST" and request.POST.get(FIELD) == VALUE


@dataclass
class Confirmation:
    title: str
    action: str
    consequences: list[str]
    cancel_url: str
    warnings: list[str] = field(default_factory=list)
    refusal: str = ""
    irreversible: bool = True
    carry: list[tuple[str, str]] = field(default_factory=list)
    eyebrow: str = ""


def _carried(request, carry) -> list[tuple[str, str]]:
    """The fields to send again with the confirmation: the view's own, or what the first request carried (a
    status chosen in a select, a note)."""
    if carry is not None:
        return [(str(k), "" if v is None else str(v)) for k, v in carry.items()]
    data = request.POST if request.method == "POST" else request.GET
    return [(k, v) for k in data for v in data.getlist(k) if k not in _NOT_CARRIED]


def ask(
    request,
    *,
    title: str,
    action: str,
    consequences: list[str],
    cancel_url: str,
    warnings: list[str] = (),
    refusal: str = "",
    irreversible: bool = True,
    carry: dict | None = None,
    eyebrow: str = "",
    nav_active: str = "",
):
    """The confirmation page (``core/confirm.html``); nothing is changed.

    ``action`` is a lower-case verb phrase ("publish the results"): the button reads "Yes, publish the results".
    ``warnings`` are shown loudly above the consequences (an agenda with no session). ``carry``: hidden fields of
    the confirming form; by default the fields of the request being confirmed.
    """
    confirmation = Confirmation(
        title=title,
        action=action,
        consequences=[c for c in consequences if c],
        cancel_url=cancel_url,
        warnings=[w for w in warnings if w],
        refusal=refusal,
        irreversible=irreversible,
        carry=_carried(request, carry),
        eyebrow=eyebrow,
    )
    context = {"confirmation": confirmation}
    if nav_active:
        context["nav_active"] = nav_active
    return render(request, "core/confirm.html", context)


# --- what a deletion takes with it ------------------------------------------------------------------------------


@dataclass
class DeletionSummary:
    """What deleting one object would do, from Django's own deletion collector (the admin's method), so an app
    can state it without importing the apps that point at it."""

    # (model, count): rows that refuse the deletion (PROTECT, RESTRICT).
    protected: list[tuple] = field(default_factory=list)
    # (model, count): rows deleted with it.
    cascaded: list[tuple] = field(default_factory=list)
    # (many-to-many field, count): links removed (the object leaves those lists).
    unlinked: list[tuple] = field(default_factory=list)


def _by_model(objects) -> dict:
    counts: dict = {}
    for obj in objects:
        counts[type(obj)] = counts.get(type(obj), 0) + 1
    return counts


def deletion_summary(obj) -> DeletionSummary:
    summary = DeletionSummary()
    collector = Collector(using=DEFAULT_DB_ALIAS, origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:
        blocking = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        summary.protected = sorted(_by_model(blocking).items(), key=lambda kv: str(kv[0]._meta.verbose_name))
        return summary
    counts: dict = {}
    for model, instances in collector.data.items():
        counts[model] = counts.get(model, 0) + len(instances)
    for qs in collector.fast_deletes:
        n = qs.count()
        if n:
            counts[qs.model] = counts.get(qs.model, 0) + n
    counts[type(obj)] = counts.get(type(obj), 1) - 1  # the object itself
    for model, n in counts.items():
        if not n:
            continue
        if model._meta.auto_created:  # a many-to-many link table: name the list the object leaves
            m2m = next(
                (f for f in model._meta.auto_created._meta.many_to_many if f.remote_field.through is model),
                None,
            )
            if m2m is not None and not isinstance(obj, m2m.model):  # its own lists go with it, unremarked
                summary.unlinked.append((m2m, n))
        else:
            summary.cascaded.append((model, n))
    return summary


def count_phrase(model, n: int) -> str:
    """ "3 sessions" with the model's own (translated) names; Indonesian has one form."""
    name = model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural
    return f"{n} {name}"


def deletion_consequences(summary: DeletionSummary) -> list[str]:
    """Sentences for what is deleted or unlinked along with the object."""
    lines = []
    for model, n in summary.cascaded:
        lines.append(_("Deleted with it: %(things)s.") % {"things": count_phrase(model, n)})
    for m2m, n in summary.unlinked:
        lines.append(
            ngettext(
                "Removed from “%(list)s” of %(n)s %(owner)s.",
                "Removed from “%(list)s” of %(n)s %(owners)s.",
                n,
            )
            % {
                "list": m2m.verbose_name,
                "n": n,
                "owner": m2m.model._meta.verbose_name,
                "owners": m2m.model._meta.verbose_name_plural,
            }
        )
    return lines


def deletion_refusal(summary: DeletionSummary) -> str:
    """The reason a deletion is refused (rows that still use the object), or ""."""
    if not summary.protected:
        return ""
    used_by = ", ".join(count_phrase(model, n) for model, n in summary.protected)
    return _("It cannot be deleted: %(used_by)s still use it. Change or delete those first.") % {
        "used_by": used_by
    }
