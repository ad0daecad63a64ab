"""JSON errors of the API: every refusal is ``{"detail": …}``; invalid input adds ``errors`` per field."""

import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


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


# Pydantic's English messages, by error type, in the reader's language; a limit from the error's context is
# written the reader's way (2.000). An unlisted type answers the generic message, never pydantic's English.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("Required."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "string_too_short": gettext_lazy("At least %(min_length)s characters."),
    "string_type": gettext_lazy("Write text."),
    "string_pattern_mismatch": gettext_lazy("The value is not written in the expected form."),
    "int_parsing": gettext_lazy("Write a whole number."),
    "int_type": gettext_lazy("Write a whole number."),
    "int_from_float": gettext_lazy("Write a whole number."),
    "decimal_parsing": gettext_lazy("Write a number."),
    "decimal_type": gettext_lazy("Write a number."),
    "float_parsing": gettext_lazy("Write a number."),
    "finite_number": gettext_lazy("Write a number."),
    "decimal_max_digits": gettext_lazy("The number has too many digits."),
    "decimal_max_places": gettext_lazy("The number has too many decimals."),
    "decimal_whole_digits": gettext_lazy("The number has too many digits."),
    "greater_than_equal": gettext_lazy("At least %(ge)s."),
    "greater_than": gettext_lazy("More than %(gt)s."),
    "less_than_equal": gettext_lazy("At most %(le)s."),
    "less_than": gettext_lazy("Less than %(lt)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "bool_parsing": gettext_lazy("Write true or false."),
    "bool_type": gettext_lazy("Write true or false."),
    "date_parsing": gettext_lazy("Write a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Write a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Write a date as YYYY-MM-DD."),
    "date_future": gettext_lazy("The date must be in the future."),
    "date_past": gettext_lazy("The date must be in the past."),
}


def _limit(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    return number_format(value, force_grouping=True)


def schema_message(error: dict) -> str:
    """One pydantic error in the reader's language."""
    template = SCHEMA_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("This value is not valid.")
    ctx = {key: _limit(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(template) % ctx
    except (KeyError, TypeError, ValueError):
        return _("This value is not valid.")


def _schema_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc: ("query", "limit"), ("path", "code") or ("body", "payload", "year"); the payload name is ours
        loc = [str(part) for part in error.get("loc", ()) if part != "payload"]
        field = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "__all__")
        errors.setdefault(field or "__all__", []).append(schema_message(error))
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
        # django-ninja adds Retry-After to a rate limit's answer after this handler; too many failed tokens
        # (api.auth) are refused before it, so the wait is set here too.
        response = api.create_response(
            request, {"detail": _("Too many requests; try again later.")}, status=429
        )
        if exc.wait:
            response["Retry-After"] = str(math.ceil(exc.wait))
        return response

    def http_error(request, exc):
        # django-ninja's own refusals (an unreadable body is 400 "Cannot parse request body"), in our words.
        details = {
            400: _("The request body is not valid JSON; nothing was changed."),
            403: _("You may not do this."),
            404: _("Not found."),
        }
        detail = details.get(exc.status_code, _("The request cannot be answered."))
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(InvalidInput, invalid)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(ValidationError, schema_invalid)
    api.add_exception_handler(DjangoValidationError, django_invalid)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthorised)
