"""What one request of each page of the load benchmark costs inside Django: milliseconds and queries.

    .venv/bin/python bench/load/page_cost.py [--repeat 200]

Needs the database a ``bench/load/run.py --keep`` run left (``kotacerdas_load``, figures in
var/bench/load-seed.json). Runs in this process with Django's test client and the production settings of the
load benchmark (its Redis database, DEBUG off): no web server, proxy or network, so it shows where a page's own time
goes, beside the trivial view's. Each page is asked a few times first (caches filled, as under load).
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "load"))

from run import DB_NAME, SEED_FILE, app_env, pages  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    if not SEED_FILE.exists():
        print(f"no seeded database: run bench/load/run.py --keep first ({DB_NAME})", file=sys.stderr)
        return 1
    info = json.loads(SEED_FILE.read_text())
    env = app_env(ROOT / "var" / "bench" / "static")
    env["DJANGO_STATIC_MANIFEST"] = "0"  # no collected files needed in this process
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kotacerdas.settings"

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collected static files here
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"{'page':<28}{'ms/request':>11}{'queries':>9}{'KB':>7}")
    for name, (url, headers) in pages(info).items():
        client = Client(HTTP_HOST="127.0.0.1")
        if "Cookie" in headers:
            client.cookies["sessionid"] = info["session_cookie"]
        extra = {"HTTP_HX_REQUEST": "true"} if "HX-Request" in headers else {}
        for _ in range(5):
            response = client.get(url, **extra)
            assert response.status_code == 200, (name, response.status_code)
        began = time.perf_counter()
        for _ in range(args.repeat):
            client.get(url, **extra)
        ms = (time.perf_counter() - began) * 1000 / args.repeat
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **extra)
        print(f"{name:<28}{ms:>11.2f}{len(queries):>9}{len(response.content) / 1024:>7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
