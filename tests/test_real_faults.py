"""Faults with real processes and a real database, beside the simulated ones (tests/test_database_outage.py and the
lost-worker test of tests/masterplans/test_documents.py): a ``db_worker`` process killed with SIGKILL in the middle
of a book, and PostgreSQL refusing every connection. PostgreSQL only: a second process cannot share the test
database of an SQLite run, and SQLite has no server that could refuse connections.
"""

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kotacerdas.masterplans.documents.tasks import RUNNING_SILENT
from kotacerdas.masterplans.models import DocumentJob, JobStatus, SwotItem
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    OpdFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)
from tests.masterplans.test_documents import fill_masterplan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a worker process must share the test database, and a server must refuse "
        "connections (CI's second run sets DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True),  # committed rows, so a worker process sees them
]

# libpq names the worker's connections with this, so the test can find them in pg_stat_activity.
WORKER_APP_NAME = "kotacerdas-test-db-worker"
WAIT_SECONDS = 60


# ------------------------------------------------------------------------------------------- helpers


def libpq_params(dbname: str) -> dict:
    params = connection.settings_dict
    return {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "dbname": dbname,
    }


def worker_database_url() -> str:
    """The pytest test database (``test_...``, with xdist ``..._gw0``) as settings.py reads it: DATABASE_URL."""
    params = connection.settings_dict
    auth = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        auth += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "localhost"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(params['NAME'], safe='')}"


def wait_for(what: str, condition, *, worker=None, log: Path | None = None):
    """Poll ``condition`` until it returns something true; fail with the worker's output if the worker died."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.poll() is not None:
            output = log.read_text(errors="replace") if log else ""
            pytest.fail(f"the worker exited ({worker.returncode}) before {what}:\n{output}")
        time.sleep(0.05)
    output = log.read_text(errors="replace") if log else ""
    pytest.fail(f"timed out after {WAIT_SECONDS} s waiting for {what}:\n{output}")


@pytest.fixture
def database_queue(settings):
    """Enqueue to the database queue, as in production (the test settings run tasks inline)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def workers(tmp_path, media):
    """Start real ``manage.py db_worker`` processes on the test database; all are killed at teardown, and any
    database session they left behind is ended so the test database can be flushed and dropped."""
    started = []
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_MEDIA_ROOT": str(media),
        "PGAPPNAME": WORKER_APP_NAME,
    }

    def start():
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval=0.1",
                ],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process, log

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    with psycopg.connect(**libpq_params(connection.settings_dict["NAME"]), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [WORKER_APP_NAME],
        )
        # pg_terminate_backend only signals: a backend still ending when the run drops the test database would
        # make DROP DATABASE fail ("being accessed by other users"). Wait until they are gone.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            left = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [WORKER_APP_NAME]
            ).fetchone()[0]
            if not left:
                break
            time.sleep(0.05)


@contextlib.contextmanager
def table_locked(model):
    """Hold an ACCESS EXCLUSIVE lock on a model's table from another session: anything that reads the table
    waits until the block ends."""
    with psycopg.connect(**libpq_params(connection.settings_dict["NAME"])) as locker:
        locker.execute(f'LOCK TABLE "{model._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        try:
            yield
        finally:
            locker.rollback()


def worker_waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0] > 0


@contextlib.contextmanager
def refusing_connections():
    """PostgreSQL refuses new connections to the test database and ends the open ones (this process's too), as
    during a restart; connections are allowed again when the block ends, whatever happened inside."""
    name = connection.settings_dict["NAME"]
    quoted = '"' + name.replace('"', '""') + '"'
    with psycopg.connect(**libpq_params("postgres"), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS false")
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            yield
        finally:
            admin.execute(f"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS true")


# ------------------------------------------------------------------------------------------- worker killed


@pytest.fixture
def masterplan_and_editor(framework):
    """A complete masterplan of Kabupaten Alfa (every part, as the book tests fill it) and its editor."""
    cohort = CohortFactory(year=2018, name="Angkatan 2018", framework_version=framework)
    region = RegionFactory(name="Kabupaten Alfa")
    participation = ParticipationFactory(cohort=cohort, region=region, status=ParticipationStatus.MENTORING)
    editor = UserFactory()
    RegionMembershipFactory(user=editor, region=region, role=MembershipRole.EDITOR)
    masterplan = create_masterplan(participation, by=editor)
    fill_masterplan(masterplan, framework, OpdFactory(region=region, name="Dinas Kominfo Alfa"))
    return masterplan, editor


def test_a_worker_killed_mid_build_leaves_a_job_that_fails_visibly_and_a_retry_builds_it(
    masterplan_and_editor, client, database_queue, workers, media
):
    """A real ``db_worker`` takes the PDF build and is SIGKILLed in the middle of it. The job stays 'running' (no
    code ran to say otherwise); once silent longer than RUNNING_SILENT (the one simulated part: the test does not
    wait three minutes) the overview shows it failed with the retry button, and a fresh worker builds the file.

    To kill at a known point rather than race a build of a second or two, another session locks the SWOT table:
    the worker claims the job (status 'running', progress 10), starts gathering the masterplan and waits on the
    lock, inside the build, until it is killed."""
    masterplan, editor = masterplan_and_editor
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    overview_url = reverse("masterplans:overview", args=[masterplan.pk])

    assert (
        client.post(reverse("masterplans:document_request", args=[masterplan.pk, "book2_pdf"])).status_code
        == 302
    )
    job = DocumentJob.objects.get()
    assert (job.status, DBTaskResult.objects.get().status) == (JobStatus.QUEUED, "READY")

    with table_locked(SwotItem):
        worker, log = workers()
        wait_for(
            "the worker to claim the job and block inside the build",
            lambda: (
                DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists()
                and worker_waiting_on_a_lock()
            ),
            worker=worker,
            log=log,
        )
        worker.send_signal(signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL

    job.refresh_from_db()
    assert (job.status, job.progress, job.error, job.file.name) == (JobStatus.RUNNING, 10, "", "")
    assert DBTaskResult.objects.get().status == "RUNNING"  # django-tasks' own record is orphaned too
    retry_url = reverse("masterplans:document_retry", args=[masterplan.pk, job.pk])
    # Before RUNNING_SILENT has passed, the job still counts as running.
    assert retry_url not in client.get(overview_url).content.decode()

    DocumentJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - RUNNING_SILENT - timedelta(minutes=1)
    )
    page = client.get(overview_url).content.decode()
    job.refresh_from_db()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "The worker stopped before the document was ready. Try again.",
    )
    assert "The worker stopped before the document was ready." in page
    assert f'action="{retry_url}"' in page

    assert client.post(retry_url).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    started = time.monotonic()
    worker, log = workers()
    wait_for(
        "the retried job to finish",
        lambda: DocumentJob.objects.filter(pk=job.pk, status__in=[JobStatus.DONE, JobStatus.FAILED]).exists(),
        worker=worker,
        log=log,
    )
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (JobStatus.DONE, 100, ""), log.read_text(errors="replace")
    assert (media / job.file.name).read_bytes().startswith(b"%PDF-")
    download = client.get(reverse("masterplans:document_download", args=[masterplan.pk, job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert time.monotonic() - started < WAIT_SECONDS

    # The worker, idle again, stops cleanly on SIGTERM (as at a deployment).
    worker.terminate()
    assert worker.wait(timeout=10) == 0, log.read_text(errors="replace")


# ------------------------------------------------------------------------------------------- database gone


@pytest.fixture
def fresh_connection_at_teardown():
    """If the site did not recover, the test fails; the test database's flush then still gets a working
    connection instead of adding a second error."""
    yield
    connection.close()


def wsgi_get(path: str) -> tuple[int, bytes]:
    """A GET through Django's own WSGI handler, as a server runs it. The test client leaves out the
    ``close_old_connections`` that Django runs at the start and end of every real request; here they run."""
    environ = RequestFactory().get(path).environ
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        response.close()  # sends request_finished
    return int(statuses[0].split()[0]), body


def test_postgresql_refusing_connections_gives_a_clean_503_and_the_site_recovers_by_itself(
    client, caplog, fresh_connection_at_teardown
):
    """PostgreSQL ends this process's connection and refuses new ones (ALLOW_CONNECTIONS false); pages answer the
    plain 503 page and the health check 503. When it accepts connections again, the next requests work, with no
    help from the test: Django replaces the dead connection itself."""
    page_url, health_url = reverse("portal:region_directory"), reverse("health")
    assert client.get(page_url).status_code == 200  # an open connection, used, that PostgreSQL will end

    with refusing_connections(), caplog.at_level(logging.ERROR, logger="kotacerdas.database"):
        during = client.get(page_url)
        health_during = client.get(health_url)
        again = client.get(page_url)  # a new connection is refused as well
    after = client.get(page_url)
    health_after = client.get(health_url)

    body = during.content.decode()
    assert (during.status_code, again.status_code, health_during.status_code) == (503, 503, 503)
    assert during["Retry-After"] == "30"
    assert "Layanan sedang tidak tersedia sebentar" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert "Traceback" not in again.content.decode()
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)
    assert (after.status_code, health_after.status_code) == (200, 200)
    assert health_after.json() == {"status": "ok"}


def test_a_health_check_alone_sees_postgresql_come_back(fresh_connection_at_teardown):
    """A load balancer asks only the health check. Its view catches the error itself (no 503 middleware), so the
    dead connection is replaced by Django's own request cycle: the health check says 200 again at once."""
    health_url = reverse("health")
    assert wsgi_get(health_url)[0] == 200

    with refusing_connections():
        during = [wsgi_get(health_url) for _ in range(2)]
    after = wsgi_get(health_url)

    assert during == [(503, b'{"status": "unavailable"}')] * 2
    assert after == (200, b'{"status": "ok"}')
