"""The one gate in front of every view: who may call it, declared on the view, checked the same way everywhere.

Every view the URLconf routes to carries exactly one declaration (tests/core/test_permission_gate.py walks the
URLconf and fails on a view without one):

* ``@public``: anyone, signed in or not (the portal, the sitemap, the login page, the open data).
* ``@permission_required(perm)``: a ``rules`` permission without an object. ``SIGNED_IN`` is the permission of
  pages that every signed-in user may open and that show only what the user's ``visible_to`` querysets hold.
* ``@permission_required(perm, fetch=finder)``: a permission on one object. ``finder(request, **url_kwargs)``
  reads the object from a queryset scoped to the user (``Model.objects.visible_to(user)``), so an object outside
  the user's scope answers 404 before any permission is asked; an object the user sees but may not act on
  answers 403. The object is handed to the view as its second argument, and the URL arguments that ``finder``
  names in its signature are not passed on again.

Who holds each permission lives in the ``rules.py`` of the app that owns it (docs/architecture.md, "Permissions").
Anonymous visitors of a view that is not public are sent to the login page, as ``login_required`` does.
"""

import inspect
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

PUBLIC = "core.public"
SIGNED_IN = "core.signed_in"  # held by every active signed-in user (core/rules.py)


def _declare(view: Callable, permission: str) -> Callable:
    # functools.wraps copies __dict__, so decorators stacked above (require_POST, never_cache, ...) keep it.
    view.permission = permission
    return view


def public(view: Callable) -> Callable:
    """Anyone may call ``view``; it shows only what is public (published versions, published figures).

    The declaration goes on a thin wrapper, never on ``view`` itself: Django's and django-ninja's views (the
    sitemap, the API docs) are shared objects that are not ours to mark."""

    @wraps(view)
    def open_to_all(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return _declare(open_to_all, PUBLIC)


def _url_kwargs_of(finder: Callable) -> frozenset[str]:
    """The URL arguments ``finder`` reads: the names in its signature after the request."""
    names = list(inspect.signature(finder).parameters)[1:]
    return frozenset(names)


def permission_required(
    perm: str, *, fetch: Callable | None = None, methods: tuple[str, ...] | None = None
) -> Callable[[Callable], Callable]:
    """Let the request through when the user holds ``perm`` (on the object ``fetch`` finds, if given).

    ``methods`` (e.g. ``("POST",)``) answers any other method with 405 after the sign-in check and before the
    object is looked up, so a GET to a form's action reveals nothing about the object."""
    consumed = _url_kwargs_of(fetch) if fetch else frozenset()

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            user = request.user
            if fetch is None:
                if not user.has_perm(perm):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            target = fetch(request, **{name: kwargs[name] for name in consumed})
            if not user.has_perm(perm, target):
                raise PermissionDenied
            rest = {name: value for name, value in kwargs.items() if name not in consumed}
            return view(request, target, *args, **rest)

        allowed = require_http_methods(list(methods))(checked) if methods else checked

        @wraps(view)
        def gate(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return allowed(request, *args, **kwargs)

        return _declare(gate, perm)

    return decorator


def permission_of(view: Callable) -> str | None:
    """The permission ``view`` declares (``PUBLIC`` for public views), or None when it declares none."""
    view_class = getattr(view, "view_class", None)
    return getattr(view, "permission", None) or getattr(view_class, "permission", None)
