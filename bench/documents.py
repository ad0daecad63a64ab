"""Build time and memory of the masterplan books on a large masterplan (150 programmes).

    DJANGO_DEBUG=1 .venv/bin/python bench/documents.py [--programmes 150] [--runs 3] [--keep]

Uses a throwaway SQLite database under var/bench/, loads the real regions and the framework, writes a
complete masterplan of Kabupaten Pemalang, then builds Buku 2 as DOCX and PDF (and Buku 1 for reference).
Prints the best of ``--runs`` build times, the Python heap peak of one build (tracemalloc), the resident
memory a first build adds to a fresh process (C libraries included: lxml, Pango, HarfBuzz; measured in a
forked child) and the process's own peak. Targets: Buku 2 DOCX <= 2 s, PDF <= 15 s. ``--keep`` leaves the
files in var/bench/.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "documents.sqlite3"
TARGETS = {("book2", "docx"): 2.0, ("book2", "pdf"): 15.0}


def set_up_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    DB_FILE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_masterplan(n_programmes: int):
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.masterplans import models as m
    from kotacerdas.masterplans.services import create_masterplan
    from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
    from kotacerdas.regions.loader import load_regions, read_wilayah
    from kotacerdas.regions.models import Opd, Region

    load_regions(*read_wilayah())
    version, _created = load_framework_file()
    region = Region.objects.get(code="33.27")
    programme = Programme.objects.create(name="Gerakan Menuju 100 Smart City")
    cohort = Cohort.objects.create(
        programme=programme, year=2018, name="Angkatan 2018", target_size=50, framework_version=version
    )
    participation = Participation.objects.create(
        cohort=cohort, region=region, status=ParticipationStatus.MENTORING
    )
    mp = create_masterplan(participation, by=None)
    text = (
        "Kabupaten Pemalang menyiapkan layanan publik digital yang terpadu, mudah dijangkau warga, dan "
        "didukung data yang akurat. Setiap perangkat daerah berbagi data melalui satu portal."
    )
    for section in mp.sections.all():
        section.body = f"{text}\n\n{text}\n\n{text}"
        section.save()
    opds = Opd.objects.bulk_create(
        Opd(region=region, name=f"Dinas Uji Kinerja {i}", short_name=f"Dinas {i}") for i in range(1, 21)
    )
    m.KeyFigure.objects.bulk_create(
        m.KeyFigure(
            masterplan=mp,
            label=f"Indikator wilayah {i}",
            value=Decimal(1_000 * i + 0.5),
            unit="jiwa",
            year=2017,
            source="BPS Kabupaten Pemalang",
            order=i,
        )
        for i in range(8)
    )
    dimensions = list(version.dimensions.order_by("order").prefetch_related("elements"))
    aspects = list(version.aspects.filter(is_optional=False))
    levels = list(version.readiness_levels.all())
    for i, aspect in enumerate(aspects):
        m.AspectAnalysis.objects.create(masterplan=mp, aspect=aspect, level=levels[i + 1], summary=text)
        m.SwotItem.objects.bulk_create(
            m.SwotItem(masterplan=mp, aspect=aspect, kind=kind, text=f"{kind}{j}: {text[:90]}")
            for kind in "SWOT"
            for j in range(4)
        )
        m.GapRow.objects.bulk_create(
            m.GapRow(
                masterplan=mp,
                aspect=aspect,
                current_state="Belum terpadu",
                target_state="Terpadu",
                gap="Data tersebar",
                action="Membangun satu data",
            )
            for _j in range(3)
        )
    strategies = []
    for i, d in enumerate(dimensions):
        m.DimensionReadiness.objects.create(masterplan=mp, dimension=d, level=levels[i % 5], note=text[:80])
        goal = m.Goal.objects.create(masterplan=mp, dimension=d, text=f"Sasaran {d.name_id}")
        m.GoalIndicator.objects.create(
            goal=goal,
            name="Indeks layanan",
            unit="%",
            baseline_year=2018,
            baseline_value=Decimal("40.5"),
            target_year=2028,
            target_value=90,
        )
        for e in d.elements.all():
            strategies.append(
                m.Strategy.objects.create(
                    masterplan=mp, dimension=d, element=e, title=f"Strategi {e.name_id}", description=text
                )
            )
    for i in range(4):
        m.Mission.objects.create(masterplan=mp, text=f"Misi {i + 1}: {text[:80]}", order=i)
    horizons = [m.Horizon.SHORT, m.Horizon.MEDIUM, m.Horizon.MEDIUM, m.Horizon.LONG]
    programmes = []
    for i in range(n_programmes):
        s = strategies[i % len(strategies)]
        h = horizons[i % 4]
        start = {"short": 2019, "medium": 2020 + i % 4, "long": 2024 + i % 5}[h]
        programmes.append(
            m.MasterplanProgramme(
                masterplan=mp,
                strategy=s,
                element=s.element,
                name=f"Program {i + 1:03d} {s.element.name_id} digital",
                description=text,
                owner_opd=opds[i % len(opds)],
                funding_source=["apbd", "apbn", "dak", "csr"][i % 4],
                budget=Decimal(250_000_000 + 5_000_000 * i),
                start_year=start,
                end_year=min(start + 2, 2028),
                horizon=h,
                output="Aplikasi",
                outcome="Layanan lebih cepat",
                is_quick_win=i < 5,
                delivery_months=6 if i < 5 else None,
                expected_benefit="Warga terlayani lebih cepat" if i < 5 else "",
                beneficiaries="Warga" if i < 5 else "",
                commitment_signed_by="Bupati Pemalang" if i < 5 else "",
                commitment_signed_on=date(2018, 11, 20) if i < 5 else None,
            )
        )
    m.MasterplanProgramme.objects.bulk_create(programmes)
    m.ActionStep.objects.bulk_create(
        m.ActionStep(
            masterplan=mp,
            category=c,
            description=f"Langkah {c} {j}",
            owner_opd=opds[j],
            due_date=date(2019, 1 + j, 15),
        )
        for c in m.ActionCategory.values
        for j in range(3)
    )
    return mp


def builder(masterplan, kind: str):
    from kotacerdas.masterplans.documents import content, docx_builder, pdf_builder

    number, fmt = (1 if kind.startswith("book1") else 2), kind.split("_")[1]
    build = docx_builder.build_docx if fmt == "docx" else pdf_builder.build_pdf
    return lambda: build(content.book_content(masterplan, number))


def measure(masterplan, kind: str, runs: int, keep: bool):
    from django.db import connection, reset_queries

    once = builder(masterplan, kind)
    times = []
    for _run in range(runs):
        reset_queries()
        started = time.perf_counter()
        data = once()
        times.append(time.perf_counter() - started)
    queries = len(connection.queries)
    tracemalloc.start()
    once()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if keep:
        (BENCH_DIR / f"{kind}.{kind.split('_')[1]}").write_bytes(data)
    return min(times), peak, len(data), queries


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def rss_growth(build) -> int:
    """Peak resident memory one build adds, in kB, measured in a forked child so that C allocations (lxml,
    Pango, HarfBuzz) count too. Call it before any build, so the child starts as cold as a new worker."""
    from django.db import connections

    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        base = _rss_kb()
        build()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.write(write_end, str(max(peak - base, 0)).encode())
        os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 64)
    os.close(read_end)
    os.waitpid(pid, 0)
    return int(answer or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="write the files to var/bench/")
    args = parser.parse_args()

    set_up_django()
    started = time.perf_counter()
    masterplan = make_masterplan(args.programmes)
    print(f"masterplan with {args.programmes} programmes written in {time.perf_counter() - started:.1f} s")
    print(
        f"{'document':<12} {'best of ' + str(args.runs):>10} {'target':>8} {'heap peak':>10} {'RSS growth':>11} "
        f"{'size':>8} {'queries':>8}"
    )
    kinds = ("book2_docx", "book2_pdf", "book1_docx", "book1_pdf")
    growths = {kind: rss_growth(builder(masterplan, kind)) for kind in kinds}
    failed = False
    for kind in kinds:
        growth = growths[kind]
        seconds, peak, size, queries = measure(masterplan, kind, args.runs, args.keep)
        target = TARGETS.get(tuple(kind.split("_")))
        verdict = "" if target is None else ("ok" if seconds <= target else "SLOW")
        failed |= verdict == "SLOW"
        target_text = f"{target:.0f} s" if target else "-"
        print(
            f"{kind:<12} {seconds:>8.2f} s {target_text:>8} {peak / 2**20:>7.1f} MB {growth / 1024:>8.1f} MB "
            f"{size / 1024:>5.0f} kB {queries:>8} {verdict}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"process peak resident memory (set-up and all builds): {rss:.0f} MB")
    if not args.keep:
        DB_FILE.unlink(missing_ok=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
