import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
application = get_wsgi_application()


def _load_views() -> None:
    """Import every view and build the URL maps now rather than at the first request.

    Django does this lazily, and it costs about a second of CPU (the views bring in the solver, pandas and the
    document builders). Done at import, gunicorn's ``preload_app`` does it once in the master and every worker,
    forked from it, starts ready: also each worker that replaces one recycled after ``max_requests``.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("health")  # imports the URL configuration, and with it every view


_load_views()
