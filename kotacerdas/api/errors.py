"""JSON errors of the API: every refusal is ``{"detail": …}``; invalid input adds ``errors`` per field."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, Throttled, ValidationError


class InvalidInput(Exception):
    """Input that breaks a rule; ``errors`` maps field names ("__all__" for the whole request) to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def from_form(form) -> InvalidInput:
    return InvalidInput({field: [str(m) for m in messages] for field, messages in form.errors.items()})


def from_django(exc: DjangoValidationError) -> InvalidInput:
    if hasattr(exc, "error_dict"):
        return InvalidInput({field: list(messages) for field, messages in exc.message_dict.items()})
    return InvalidInput({"__all__": list(exc.messages)})


def _schema_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc: ("query", "limit"), ("path", "code") or ("body", "payload", "year"); the payload name is ours
        loc = [str(part) for part in error.get("loc", ()) if part != "payload"]
        field = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "__all__")
        errors.setdefault(field or "__all__", []).append(str(error.get("msg", "")))
    return errors


def install(api) -> None:
    def invalid(request, exc):
        detail = _("The request has invalid values; nothing was changed.")
        return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)

    def schema_invalid(request, exc):
        return invalid(request, InvalidInput(_schema_errors(exc)))

    def django_invalid(request, exc):
        return invalid(request, from_django(exc))

    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("You may not do this.")}, status=403)

    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    def unauthorised(request, exc):
        response = api.create_response(
            request,
            {"detail": _("A valid API token is required: Authorization: Bearer <token>.")},
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def throttled(request, exc):
        # django-ninja adds Retry-After to the answer after this handler.
        return api.create_response(request, {"detail": _("Too many requests; try again later.")}, status=429)

    api.add_exception_handler(InvalidInput, invalid)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(ValidationError, schema_invalid)
    api.add_exception_handler(DjangoValidationError, django_invalid)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthorised)
