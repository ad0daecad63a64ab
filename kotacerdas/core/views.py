from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kotacerdas.core.permissions import public


@public
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"code": 400}, status=400)


def permission_denied(request, exception=None):
    return render(request, "core/error.html", {"code": 403}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an expired session, a form kept open for days, or another site
    posting on the user's behalf): nothing was changed; say so in the site's words and layout."""
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {"code": 404}, status=404)


def server_error(request):
    # No context processors that touch the database: the database may be the reason we are here.
    from django.template import loader

    template = loader.get_template("core/error_500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render({}))
