"""Two real processes finalise 25 letters each at the same time against the test database: the 50 letters get the
numbers 1 to 50, each once (letters/numbering.py). PostgreSQL only: a second process cannot share the test
database of an SQLite run (SQLite's side is its write lock, taken by ``transaction_mode = IMMEDIATE``)."""

import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from kotacerdas.letters.models import Letter, LetterKind, LetterStatus
from kotacerdas.letters.seed import load_letter_templates
from tests.factories import CohortFactory, LetterFactory, UserFactory
from tests.test_real_faults import libpq_params, worker_database_url

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: two processes must share the test database (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True),  # committed rows, so the processes see them
]

APP_NAME = "kotacerdas-test-letter-numbers"
WAIT_SECONDS = 240

SCRIPT = """
import os, time
from pathlib import Path
from kotacerdas.accounts.models import User
from kotacerdas.letters.models import Letter
from kotacerdas.letters.services import finalise_letter
by = User.objects.get(pk={by})
go = Path({go!r})
while not go.exists():
    time.sleep(0.01)
for pk in {ids!r}:
    finalise_letter(Letter.objects.get(pk=pk), by=by)
print("done")
"""


@pytest.fixture
def processes(tmp_path, media):
    """Start ``manage.py shell -c`` processes on the test database; at teardown they are killed and any session
    they left is ended, so the test database can be flushed and dropped."""
    started = []
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_MEDIA_ROOT": str(media),
        "PGAPPNAME": APP_NAME,
    }

    def start(script: str):
        log = tmp_path / f"process-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", script],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append((process, log))
        return process, log

    yield start
    for process, _log in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    with psycopg.connect(**libpq_params(connection.settings_dict["NAME"]), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            left = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
            ).fetchone()[0]
            if not left:
                break
            time.sleep(0.05)


def test_two_processes_finalising_50_letters_get_the_numbers_1_to_50(processes, tmp_path):
    load_letter_templates()
    cohort = CohortFactory(year=2031)
    by = UserFactory(is_secretariat=True)
    letters = LetterFactory.create_batch(
        50, kind=LetterKind.SELECTION_DECISION, cohort=cohort, region=None, letter_date=cohort_date(cohort)
    )
    ids = [letter.pk for letter in letters]
    go = tmp_path / "go"
    started = [processes(SCRIPT.format(by=by.pk, go=str(go), ids=half)) for half in (ids[0::2], ids[1::2])]
    time.sleep(3)  # both have started Django and wait for the signal
    go.touch()

    deadline = time.monotonic() + WAIT_SECONDS
    while any(p.poll() is None for p, _log in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    for process, log in started:
        output = log.read_text(errors="replace")
        assert process.returncode == 0 and "done" in output, output

    finalised = Letter.objects.filter(pk__in=ids)
    seqs = sorted(finalised.values_list("seq", flat=True))
    assert seqs == list(range(1, 51))
    assert set(finalised.values_list("status", flat=True)) == {LetterStatus.FINALISED}
    assert finalised.values("number").distinct().count() == 50
    assert letters[0].template.kind == LetterKind.SELECTION_DECISION


def cohort_date(cohort):
    import datetime

    return datetime.date(cohort.year, 3, 1)
