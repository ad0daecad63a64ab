class IndonesianFirstMiddleware:
    """Make Bahasa Indonesia the default whatever the browser asks for.

    Django's LocaleMiddleware follows the Accept-Language header, so most browsers here would get English.
    The platform speaks Indonesian first; English is chosen explicitly (language cookie), never guessed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached (restarting, failing over, network cut), answer 503 with a plain page
    that needs no database, and ``Retry-After``, instead of a stack trace or a generic 500. Nothing is kept in
    a broken state: Django opens a new connection on the next request (``CONN_HEALTH_CHECKS``), so the site is
    back as soon as the database is."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        import logging

        from django.db import connections
        from django.http import HttpResponse
        from django.template import loader

        logging.getLogger("kotacerdas.database").error("Database unavailable: %s", exception)
        for connection in connections.all(initialized_only=True):
            # A connection that failed mid-request is not reused by this thread's next request.
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        body = loader.get_template("core/error_503.html").render({})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class BoundedUrlIntegersMiddleware:
    """An integer in a URL beyond what a database column holds (``/sessions/99999999999999999999/``) is a page
    that does not exist: 404, before a view hands it to a query (SQLite raises OverflowError, PostgreSQL an
    out-of-range error, both a 500). Django's ``int`` converter matches any run of digits."""

    LARGEST = 2**63 - 1  # a BIGINT; every id and number column of ours fits in it

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -self.LARGEST <= value <= self.LARGEST:
                raise Http404
        return None


def query_int(query, name: str, *, minimum: int = 0, maximum: int = BoundedUrlIntegersMiddleware.LARGEST):
    """The whole number ``query[name]`` if it is one within ``minimum``..``maximum``, else None: a filter in a
    query string that is not a sensible number filters nothing instead of failing."""
    text = (query.get(name) or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
