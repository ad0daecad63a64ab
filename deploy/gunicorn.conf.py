"""gunicorn settings for one kotacerdas app server; every value can be set from the environment.

    gunicorn -c deploy/gunicorn.conf.py kotacerdas.wsgi

Run several of these (on several machines, or several ports on one) behind the reverse proxy in
deploy/nginx.conf. The app servers keep no state of their own: sessions and the task queue live in PostgreSQL,
the cache and rate-limit counts in Redis (set REDIS_URL), uploaded files in the configured storage.
"""

import json
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Django pages are mostly database and template work: about two processes per core keep a core busy while the
# other waits on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The slowest page request (a large spreadsheet import) stays well under this; books and schedules are built by
# the task worker, not in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in a C library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# gunicornc's control socket is not used, and two app servers on one machine would share its default path.
control_socket_disable = True
# The proxy on the same machine (or network) sets X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One JSON object a line, like the application's own logs (DJANGO_LOG_FORMAT=json).
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "remote": "%({x-forwarded-for}i)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "query": "%(q)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "user_agent": "%(a)s",
    }
)


def worker_exit(server, worker):
    """A worker leaving (recycled after ``max_requests``, or stopped) ends its process at once.

    Python's own teardown frees every object of the app one by one: in a worker forked from the preloaded master
    that writes to nearly every shared memory page, and cost 0.4 s of CPU per recycled worker here (with
    ``max_requests`` 2000, about as much as serving the 2000 requests of a trivial page). Logs are flushed and
    database connections closed first; the exit status is the one gunicorn chose.
    """
    import logging
    import sys

    from django.db import connections

    failure = sys.exc_info()[1]
    status = failure.code if isinstance(failure, SystemExit) and isinstance(failure.code, int) else 1
    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
