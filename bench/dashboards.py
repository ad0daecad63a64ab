"""Response time and query count of the public dashboards (national, one region, a comparison of six) with
514 regions, and 30 then 150 participants: the query count must not grow with the data.

    DJANGO_DEBUG=1 .venv/bin/python bench/dashboards.py [--small 30] [--large 150] [--runs 20] [--db PATH]

Uses a throwaway SQLite database (default /tmp/kotacerdas-bench/dashboards.sqlite3; the dev database is untouched)
and Django's test client, as an anonymous visitor. The world: the real 514 kabupaten/kota and the current
framework; participants spread over seven cohorts (2017–2024) and the four public statuses, plus applicants that
must stay invisible; each participant has a published masterplan with 12 programmes (two per dimension, three of
them quick wins), five yearly progress reports and two milestones per programme, and tracks 100 indicators with
five years of verified values and targets (150 × 100 × 5 = 75,000 values), and a published implementation index
in two rounds. The first request of each page warms
the caches and counts the queries; then ``--runs`` timed requests give the median and the 95th percentile.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("/tmp/kotacerdas-bench/dashboards.sqlite3")
YEARS = [2017, 2018, 2019, 2021, 2022, 2023, 2024]
PROGRAMMES_PER_DIMENSION = 2
QUICK_WIN_DIMENSIONS = {"GOV", "ECO", "ENV"}
N_INDICATORS = 100
VALUE_YEARS = range(2019, 2024)


def set_up_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # development settings without the query log slowing every request
    settings.ALLOWED_HOSTS = ["testserver"]  # the test client's host (DEBUG no longer lets it in)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


class World:
    """The reference data, then participants added in batches (``grow``)."""

    def __init__(self):
        from kotacerdas.framework.services import load_framework_file
        from kotacerdas.monitoring.models import Indicator, IndicatorSource
        from kotacerdas.programmes.models import Cohort, Programme
        from kotacerdas.regions.loader import load_regions, read_wilayah
        from kotacerdas.regions.models import Region

        load_regions(*read_wilayah())
        self.version, _created = load_framework_file()
        self.dimensions = list(self.version.dimensions.order_by("order"))
        programme = Programme.objects.create(name="Gerakan Menuju Smart City")
        self.cohorts = [
            Cohort.objects.create(
                programme=programme,
                year=y,
                name=f"Angkatan {y}",
                target_size=50,
                framework_version=self.version,
            )
            for y in YEARS
        ]
        # Every third region in code order, so participants lie all over the map.
        regions = list(Region.objects.order_by("code"))
        self.free = regions[::3] + [r for i, r in enumerate(regions) if i % 3]
        self.indicators = Indicator.objects.bulk_create(
            Indicator(code=f"B-{i:03d}", name_id=f"Indikator uji {i}", unit="%", source=IndicatorSource.U4SSC)
            for i in range(N_INDICATORS)
        )
        self.participants = []

    def grow(self, n: int) -> None:
        from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, Strategy
        from kotacerdas.monitoring.models import (
            IndicatorValue,
            Milestone,
            ProgressReport,
            Target,
            TrackedIndicator,
        )
        from kotacerdas.programmes.models import SELECTED_STATUSES, Participation, ParticipationStatus

        batch, self.free = self.free[:n], self.free[n:]
        start = len(self.participants)
        participations = Participation.objects.bulk_create(
            Participation(
                cohort=self.cohorts[(start + i) % len(self.cohorts)],
                region=region,
                status=SELECTED_STATUSES[(start + i) % len(SELECTED_STATUSES)],
            )
            for i, region in enumerate(batch)
        )
        applicants, self.free = self.free[: n // 5], self.free[n // 5 :]
        Participation.objects.bulk_create(
            Participation(cohort=self.cohorts[-1], region=r, status=ParticipationStatus.APPLIED)
            for r in applicants
        )
        plans = Masterplan.objects.bulk_create(
            Masterplan(
                participation=p,
                framework_version=self.version,
                title=f"Masterplan {p.region.name}",
                start_year=p.cohort.year + 1,
                end_year=p.cohort.year + 10,
                status="published",
            )
            for p in participations
        )
        strategies = Strategy.objects.bulk_create(
            Strategy(masterplan=m, dimension=d, title=f"Strategi {d.code}")
            for m in plans
            for d in self.dimensions
        )
        programmes = MasterplanProgramme.objects.bulk_create(
            MasterplanProgramme(
                masterplan=s.masterplan,
                strategy=s,
                name=f"Program {s.dimension.code} {k}",
                start_year=s.masterplan.start_year + k,
                is_quick_win=k == 0 and s.dimension.code in QUICK_WIN_DIMENSIONS,
                delivery_months=8 if k == 0 else None,
            )
            for s in strategies
            for k in range(PROGRAMMES_PER_DIMENSION)
        )
        statuses = ["running", "running", "done", "delayed", "running"]
        ProgressReport.objects.bulk_create(
            ProgressReport(
                programme=pr,
                reported_on=date(pr.start_year + year, 6, 30),
                status=statuses[(pr.pk + year) % len(statuses)],
                percent_complete=min(100, 20 * (year + 1)),
                delay_reason="Anggaran" if statuses[(pr.pk + year) % len(statuses)] == "delayed" else "",
            )
            for pr in programmes
            for year in range(5)
        )
        Milestone.objects.bulk_create(
            Milestone(programme=pr, title=f"Tahap {k}", due_on=date(pr.start_year, 3 + 6 * k, 1))
            for pr in programmes
            for k in range(2)
        )
        tracked = TrackedIndicator.objects.bulk_create(
            TrackedIndicator(participation=p, indicator=ind, baseline_year=2018, baseline_value=Decimal(10))
            for p in participations
            for ind in self.indicators
        )
        Target.objects.bulk_create(
            (
                Target(tracked=t, year=y, value=Decimal(10 + 2 * (y - 2018)))
                for t in tracked
                for y in VALUE_YEARS
            ),
            batch_size=5000,
        )
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    tracked=t,
                    year=y,
                    value=Decimal(9 + 2 * (y - 2018) + t.pk % 3),
                    source="BPS",
                    status="verified",
                )
                for t in tracked
                for y in VALUE_YEARS
            ),
            batch_size=5000,
        )
        self._index(participations)
        self.participants += participations

    def _index(self, participations) -> None:
        """Two published implementation rounds with a stored index for every participant."""
        from kotacerdas.evaluations.models import Rubric
        from kotacerdas.implementation.models import (
            ImplementationRound,
            IndexResult,
            IndexScheme,
            RoundEntry,
        )

        if not hasattr(self, "rounds"):
            scheme = IndexScheme.objects.create(name="Bobot uji")
            rubric = Rubric.objects.create(kind="implementation", name="Rubrik uji")
            self.rounds = [
                ImplementationRound.objects.create(
                    year=y,
                    name=f"Evaluasi Implementasi {y}",
                    scheme=scheme,
                    rubric=rubric,
                    framework_version=self.version,
                    status="published",
                )
                for y in (2023, 2024)
            ]
        for rnd in self.rounds:
            entries = RoundEntry.objects.bulk_create(
                RoundEntry(round=rnd, participation=p) for p in participations
            )
            IndexResult.objects.bulk_create(
                IndexResult(
                    entry=e,
                    index=Decimal(200 + e.pk * 37 % 190) / 100,
                    rank=1 + e.pk % 150,
                    ranked_among=150,
                    change=Decimal("0.10"),
                    by_dimension={d.code: "2.50" for d in self.dimensions},
                )
                for e in entries
            )


def measure(client, url: str, runs: int) -> tuple[int, float, float, int]:
    """(queries, median ms, p95 ms, bytes) of ``url``."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # now: the next request empties the query log it reads from
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return queries, statistics.median(times), p95, len(response.content)


def pages(world) -> dict[str, str]:
    from django.urls import reverse

    first = world.participants[0].region
    six = "&".join(f"r={p.region.code}" for p in world.participants[:6])
    return {
        "national": reverse("portal:national_dashboard"),
        "region": reverse("portal:region_dashboard", args=[first.code]),
        "compare (6)": f"{reverse('portal:compare')}?{six}&year_from=2019&year_to=2023",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--large", type=int, default=150)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    set_up_django(args.db)
    from django.test import Client

    from kotacerdas.masterplans.models import MasterplanProgramme
    from kotacerdas.monitoring.models import IndicatorValue

    start = time.perf_counter()
    world = World()
    client = Client()
    results = {}
    for size in (args.small, args.large):
        world.grow(size - len(world.participants))
        values = IndicatorValue.objects.count()
        programmes = MasterplanProgramme.objects.count()
        print(f"{size} participants: {programmes:,} programmes, {values:,} verified values (built)")
        results[size] = {name: measure(client, url, args.runs) for name, url in pages(world).items()}
    print(
        f"world built and measured in {time.perf_counter() - start:.0f} s; {args.runs} timed requests a page\n"
    )
    small, large = results[args.small], results[args.large]
    header = f"{'page':<13}{'participants':>13}{'queries':>9}{'median ms':>11}{'p95 ms':>9}{'KiB':>7}"
    print(header)
    constant = True
    for name in small:
        for size, figures in ((args.small, small[name]), (args.large, large[name])):
            queries, median, p95, size_bytes = figures
            print(f"{name:<13}{size:>13}{queries:>9}{median:>11.1f}{p95:>9.1f}{size_bytes / 1024:>7.0f}")
        constant = constant and small[name][0] == large[name][0]
    print(
        f"\nquery count constant from {args.small} to {args.large} participants: {'yes' if constant else 'NO'}"
    )
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
