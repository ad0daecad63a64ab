"""The app server as deployed (deploy/gunicorn.conf.py): workers start with every view loaded, and a worker
recycled after ``max_requests`` ends cleanly while the server goes on answering."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _env(**extra: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_")) and k != "DATABASE_URL"
    }
    return {**clean, "DJANGO_DEBUG": "1", **extra}


def test_the_wsgi_module_loads_every_view_before_any_request():
    """With preload_app the master imports them once; each worker is forked ready."""
    code = "import sys, kotacerdas.wsgi; print(sorted(m for m in sys.modules if m.endswith('.views')))"

    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(), cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert "kotacerdas.scheduling.views" in result.stdout and "kotacerdas.masterplans.views" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_recycled_workers_end_cleanly_and_the_server_keeps_answering(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = _env(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_MAX_REQUESTS="4",
        GUNICORN_MAX_REQUESTS_JITTER="0",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "kotacerdas.wsgi"],
            env=env,
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)

        statuses = [_get(port, "/robots.txt") for _ in range(20)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    text = log.read_text()
    assert statuses == [200] * 20
    assert text.count("Autorestarting worker") >= 4  # one worker, four requests each
    assert (
        "exited with code" not in text and "Traceback" not in text
    )  # every recycled worker ended with status 0
