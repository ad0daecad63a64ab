"""Preparing the invitation letters of an evaluation for 100 regions (a draft PDF and DOCX each, then the ZIP of the
PDFs) as one background job, then finalising them as a second job (numbers taken, PDF and DOCX frozen): wall time
and peak memory (target: the preparation within 60 s).

    DJANGO_DEBUG=1 .venv/bin/python bench/letters_batch.py [--regions 100] [--db PATH]

Uses a throwaway SQLite database (default /tmp/kotacerdas-bench/letters.sqlite3) and media directory; the dev
database is untouched. The job runs in this process (django-tasks' immediate backend), exactly the code a
``db_worker`` runs, so the peak resident set size (``resource.getrusage``, the process's maximum) is the worker's.
The world: one province with ``--regions`` kabupaten/kota, each with a Dinas Kominfo, all selected in a cohort, an
evaluation event of two days, four rooms and a 45-minute session for every region.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("/tmp/kotacerdas-bench/letters.sqlite3")


def set_up_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="kotacerdas-bench-letters-")
    os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing in memory
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build_world(n: int):
    from kotacerdas.accounts.models import User
    from kotacerdas.evaluations.models import EvaluationEvent, EventDay, Room, Session
    from kotacerdas.framework.models import FrameworkVersion
    from kotacerdas.letters.seed import load_letter_templates
    from kotacerdas.programmes.models import Cohort, Participation, ParticipationStatus, Programme
    from kotacerdas.regions.models import Opd, Province, Region

    load_letter_templates()
    province = Province.objects.create(code="99", name="Provinsi Bench", timezone="Asia/Jakarta")
    regions = [
        Region.objects.create(
            code=f"99.{i + 1:02d}" if i < 99 else f"99.{i + 1}",
            name=f"Kabupaten Bench {i + 1}" if i % 4 else f"Kota Bench {i + 1}",
            kind="kabupaten" if i % 4 else "kota",
            province=province,
        )
        for i in range(n)
    ]
    for region in regions:
        Opd.objects.create(region=region, name="Dinas Komunikasi dan Informatika", head_title="Kepala Dinas")
    framework = FrameworkVersion.objects.create(code="bench", title="Kerangka bench")
    programme = Programme.objects.create(name="Gerakan Menuju 100 Smart City")
    cohort = Cohort.objects.create(
        programme=programme, year=2018, name="Angkatan 2018", target_size=n, framework_version=framework
    )
    participations = [
        Participation.objects.create(cohort=cohort, region=r, status=ParticipationStatus.SELECTED)
        for r in regions
    ]
    event = EvaluationEvent.objects.create(
        cohort=cohort, name="Evaluasi Masterplan 2018", venue="ICE BSD", address="BSD City, Tangerang"
    )
    days = [EventDay.objects.create(event=event, date=datetime.date(2018, 12, d)) for d in (12, 13)]
    rooms = [Room.objects.create(event=event, name=f"Nusantara {c}", order=i) for i, c in enumerate("ABCD")]
    for i, participation in enumerate(participations):
        slot = i // (len(days) * len(rooms))
        starts = datetime.datetime.combine(datetime.date(2018, 1, 1), datetime.time(8)) + datetime.timedelta(
            minutes=45 * slot
        )
        Session.objects.create(
            event=event,
            participation=participation,
            day=days[(i // len(rooms)) % len(days)],
            room=rooms[i % len(rooms)],
            starts=starts.time(),
            ends=(starts + datetime.timedelta(minutes=45)).time(),
        )
    secretariat = User.objects.create(
        email="sekretariat@bench.test", full_name="Sekretariat", is_secretariat=True
    )
    return event, secretariat


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    set_up_django(args.db)
    event, secretariat = build_world(args.regions)

    from kotacerdas.letters import render
    from kotacerdas.letters.models import Letter
    from kotacerdas.letters.services import finalise_batch, prepare_batch

    # Warm-up outside the measure: WeasyPrint's import and first font lookup are paid once per worker process.
    render.write_pdf("<p>warm-up</p>")
    before = peak_mb()

    started = time.perf_counter()
    batch = prepare_batch(
        "evaluation_invitation", event=event, letter_date=datetime.date(2018, 12, 3), by=secretariat
    )
    prepared_seconds = time.perf_counter() - started
    batch.refresh_from_db()
    after_prepare = peak_mb()

    started = time.perf_counter()
    final = finalise_batch(batch, by=secretariat)
    finalised_seconds = time.perf_counter() - started
    final.refresh_from_db()
    after_finalise = peak_mb()

    letters = Letter.objects.filter(batch=batch)
    pdf_bytes = sum(letter.pdf.size for letter in letters)
    docx_bytes = sum(letter.docx.size for letter in letters)
    print(f"regions: {args.regions}")
    print(
        f"prepare job:  {batch.status}, {batch.done_count} letters (PDF + DOCX each) and the ZIP "
        f"({batch.zip_file.size / 1024:.0f} KiB) in {prepared_seconds:.1f} s "
        f"({prepared_seconds / args.regions * 1000:.0f} ms per letter)"
    )
    print(
        f"finalise job: {final.status}, {final.done_count} letters numbered 1–{letters.order_by('-seq')[0].seq}, "
        f"PDF + DOCX frozen, in {finalised_seconds:.1f} s"
    )
    print(f"files: PDFs {pdf_bytes / 1024:.0f} KiB, DOCX {docx_bytes / 1024:.0f} KiB in all")
    print(
        f"peak RSS: {before:.0f} MB after set-up and warm-up, {after_prepare:.0f} MB after preparing, "
        f"{after_finalise:.0f} MB after finalising"
    )


if __name__ == "__main__":
    main()
