"""Masterplan overview and part pages: queries and time with the demo masterplan (16 programmes) and with 150.

Run: DJANGO_DEBUG=1 .venv/bin/python bench/masterplan_overview.py
Uses a throw-away SQLite database under var/bench/.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
DB = ROOT / "var" / "bench" / "overview.sqlite3"
DB.unlink(missing_ok=True)
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "kotacerdas.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kotacerdas.accounts.models import User  # noqa: E402
from kotacerdas.framework.services import load_framework_file  # noqa: E402
from kotacerdas.masterplans.demo import load_demo_masterplan  # noqa: E402
from kotacerdas.programmes.demo import load_demo  # noqa: E402
from kotacerdas.regions.loader import load_regions, read_wilayah  # noqa: E402

PAGES = ["", "part/programmes/", "part/roadmap/", "part/quick_wins/"]


def measure(client, masterplan, runs=5):
    figures = {}
    for page in PAGES:
        url = f"/masterplans/{masterplan.pk}/{page}"
        reset_queries()  # the log is a bounded deque: a full one would count nothing
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        start = time.perf_counter()
        for _ in range(runs):
            client.get(url)
        figures[page or "overview"] = (len(ctx.captured_queries), (time.perf_counter() - start) / runs * 1000)
    return figures


def main():
    call_command("migrate", verbosity=0)
    load_regions(*read_wilayah())
    load_framework_file()
    load_demo()
    masterplan = load_demo_masterplan()
    client = Client()
    client.force_login(User.objects.get(email="editor.pemalang@demo.kotacerdas.id"))
    small = measure(client, masterplan)
    template = masterplan.programmes.first()
    while masterplan.programmes.count() < 150:
        template.pk, template.name = None, f"Program tambahan {masterplan.programmes.count() + 1}"
        template._state.adding = True
        template.save()
    large = measure(client, masterplan)
    print(f"{'page':<20}{'queries (16)':>14}{'queries (150)':>15}{'ms (16)':>10}{'ms (150)':>10}")
    for page in small:
        print(
            f"{page:<20}{small[page][0]:>14}{large[page][0]:>15}{small[page][1]:>10.1f}{large[page][1]:>10.1f}"
        )


if __name__ == "__main__":
    main()
