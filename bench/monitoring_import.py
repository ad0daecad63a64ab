"""Time and memory of the spreadsheet import of indicator values (monitoring/spreadsheets.py) at 100,000 rows.

    DJANGO_DEBUG=1 .venv/bin/python bench/monitoring_import.py [--regions 200] [--indicators 100] [--years 5]

Uses a throwaway SQLite database under var/bench/ (the dev database is untouched). Loads the real regions, makes
``--regions`` participations each tracking ``--indicators`` indicators, with a current value already recorded for
the first year (so those rows become corrections), and builds one workbook per region with indicators × years
value rows, as the template would be filled in: 200 × 100 × 5 = 100,000 rows. The pages import one region at a
time; this script calls the same core functions (``read_book``, ``check_books``, ``commit_books``) for all
regions at once.

First it imports the files with one bad row near the end (a data quality of 9) and checks that nothing was
written; then it imports the good files and times parse, validate and commit (commit re-reads nothing but checks
every row again, as the page does, then bulk-inserts in one transaction). Peak Python heap is measured in a
separate pass under tracemalloc (rolled back), since tracing slows everything down; ``ru_maxrss`` is the
process's resident peak. Target: parse + validate + commit <= 15 s for 100,000 values, all or nothing.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "monitoring_import.sqlite3"
TARGET_SECONDS = 15.0


def set_up_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB_FILE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.conf import settings

    # DJANGO_DEBUG=1 only to get development settings; the query log of DEBUG would dominate the bulk inserts.
    settings.DEBUG = False
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_world(n_regions: int, n_indicators: int, first_year: int):
    from kotacerdas.accounts.models import User
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.monitoring.models import Indicator, IndicatorSource, IndicatorValue, TrackedIndicator
    from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
    from kotacerdas.regions.loader import load_regions, read_wilayah
    from kotacerdas.regions.models import Region

    load_regions(*read_wilayah())
    version, _created = load_framework_file()
    programme = Programme.objects.create(name="Gerakan Menuju 100 Smart City")
    cohort = Cohort.objects.create(
        programme=programme, year=2018, name="Angkatan 2018", target_size=n_regions, framework_version=version
    )
    regions = list(Region.objects.order_by("code")[:n_regions])
    participations = Participation.objects.bulk_create(
        Participation(cohort=cohort, region=r, status=ParticipationStatus.MENTORING) for r in regions
    )
    participations = list(Participation.objects.filter(cohort=cohort).select_related("region").order_by("pk"))
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"B-{i:03d}", name_id=f"Indikator uji {i}", unit="%", source=IndicatorSource.U4SSC)
        for i in range(n_indicators)
    )
    TrackedIndicator.objects.bulk_create(
        TrackedIndicator(participation=p, indicator=ind, baseline_year=2018, baseline_value=Decimal(10))
        for p in participations
        for ind in indicators
    )
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                tracked=t,
                year=first_year,
                value=Decimal(1),
                source="BPS",
                quality=3,
                evidence_url="https://a.id/x",
            )
            for t in TrackedIndicator.objects.all().iterator()
        ),
        batch_size=5000,
    )
    user = User.objects.create_user(email="bench@kotacerdas.test", full_name="Bench", is_secretariat=True)
    return participations, [i.code for i in indicators], user


def workbook_bytes(codes: list[str], years: range, *, bad_at: int | None = None) -> bytes:
    """A filled 'Nilai indikator' sheet as the template would be; ``bad_at`` = data row with quality 9."""
    from openpyxl import Workbook

    from kotacerdas.monitoring import spreadsheets

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spreadsheets.VALUES_SHEET)
    sheet.append([c.title for c in spreadsheets.VALUE_COLUMNS])
    n = 0
    for year in years:
        for i, code in enumerate(codes):
            n += 1
            quality = 9 if n == bad_at else 2
            sheet.append(
                [code, f"Indikator uji {i}", "%", year, 40 + i * 0.25 + year % 7, "BPS", "Susenas", quality,
                 f"https://data.example.go.id/{code}/{year}.pdf"]
            )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 1024 / 1024:,.0f} MiB"


def maxrss() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=200)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    set_up_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from kotacerdas.core.models import AuditEntry
    from kotacerdas.monitoring import spreadsheets
    from kotacerdas.monitoring.models import IndicatorValue

    first_year = 2020
    years = range(first_year, first_year + args.years)
    participations, codes, user = make_world(args.regions, args.indicators, first_year)
    per_file = len(codes) * len(years)
    total = per_file * len(participations)
    good = workbook_bytes(codes, years)
    files = [good] * len(participations)
    print(
        f"{len(participations)} regions × {len(codes)} indicators × {len(years)} years = {total:,} value rows"
    )
    print(f"workbook per region: {len(good) / 1024:,.0f} KiB, {per_file} rows")

    def parse(data_files):
        return [spreadsheets.read_book(d, max_rows=None) for d in data_files]

    # 1. One bad row near the end: the whole import is refused, nothing is written.
    before = (IndicatorValue.objects.count(), AuditEntry.objects.count())
    bad_files = files[:-1] + [workbook_bytes(codes, years, bad_at=per_file - 3)]
    books = parse(bad_files)
    try:
        spreadsheets.commit_books(
            list(zip(participations, books, strict=True)), by=user, filename="bench.xlsx"
        )
    except ValidationError as exc:
        print(f"bad row: refused — {exc.messages[0]} {exc.messages[1]}")
    else:
        print("bad row: NOT refused")
        return 1
    after = (IndicatorValue.objects.count(), AuditEntry.objects.count())
    print(
        f"bad row: values/audit entries before {before}, after {after} → nothing written: {before == after}"
    )

    # 2. The good files, timed.
    start = time.perf_counter()
    books = parse(files)
    parsed = time.perf_counter()
    items = list(zip(participations, books, strict=True))
    previews = spreadsheets.check_books(items, by=user)
    checked = time.perf_counter()
    assert not any(p.has_errors for p in previews)
    counts = {k: sum(p.counts[k] for p in previews) for k in ("new", "correction", "error")}
    spreadsheets.commit_books(items, by=user, filename="bench.xlsx")
    committed = time.perf_counter()
    written = IndicatorValue.objects.count() - before[0]
    current = IndicatorValue.objects.current().count()
    print(f"preview counts: {counts}; written {written:,}; current values {current:,}")
    print(f"parse     {parsed - start:6.2f} s")
    print(f"validate  {checked - parsed:6.2f} s")
    print(f"commit    {committed - checked:6.2f} s  (checks every row again, then bulk inserts)")
    wall = committed - start
    print(
        f"total     {wall:6.2f} s  (target ≤ {TARGET_SECONDS:.0f} s: {'met' if wall <= TARGET_SECONDS else 'MISSED'})"
    )

    # 3. Memory: the same import again under tracemalloc, rolled back.
    tracemalloc.start()
    books = parse(files)
    parse_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    with transaction.atomic():
        spreadsheets.commit_books(list(zip(participations, books, strict=True)), by=user)
        commit_peak = tracemalloc.get_traced_memory()[1]
        transaction.set_rollback(True)
    tracemalloc.stop()
    print(f"python heap peak: parse {mib(parse_peak)}, validate+commit {mib(commit_peak)} (tracemalloc)")
    print(f"process resident peak: {mib(maxrss())} (ru_maxrss)")
    return 0 if wall <= TARGET_SECONDS and before == after else 1


if __name__ == "__main__":
    sys.exit(main())
