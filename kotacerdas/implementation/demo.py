"""Demo implementation evaluation: rounds 2023 and 2024 (published) and 2025 (self-assessment open) for the
demo regions whose masterplan was evaluated (cohorts 2017 and 2018).

Every score is invented, drawn from a fixed seed per region so that the index spreads between about 2 and 3.9 as
the published indices do (docs/domain.md §4); regions assess themselves a little higher than the evaluators validate.
Every row is marked ``is_demo``. Pemalang's 2025 self-assessment is a draft with its evidence, to show the form.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.models import EvaluationKind, Rubric
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    IndexScheme,
    RoundEntry,
    RoundStatus,
    SelfEvidence,
    SelfScore,
    ValidationScore,
    ValidationSheet,
)

ROUNDS = [
    (2023, "Evaluasi Implementasi 2023 (contoh)", "Bobot 2021 (10/20/30/20/20)", RoundStatus.PUBLISHED),
    (
        2024,
        "Evaluasi Implementasi 2024 (contoh)",
        "Bobot Impact 30 % (10/20/30/30/10)",
        RoundStatus.PUBLISHED,
    ),
    (
        2025,
        "Evaluasi Implementasi 2025 (contoh)",
        "Bobot Impact 30 % (10/20/30/30/10)",
        RoundStatus.SELF_ASSESSMENT,
    ),
]
VALIDATORS_PER_REGION = 2
PEMALANG = "33.27"

PEMALANG_EVIDENCE = {
    "baseline": "Temuan evaluasi 2024 (integrasi data OPD, SOP layanan) ditindaklanjuti; lihat laporan tindak lanjut.",
    "output": "Perbup Smart City 2021, Dewan Smart City dengan SK Bupati, anggaran smart city dalam APBD 2025.",
    "outcome": "Lihat angka pemantauan: program berjalan atau selesai, dua program pegunungan masih terlambat.",
    "impact": "Survei kepuasan layanan mal pelayanan publik 2024: indeks 82,4; aduan warga lewat kanal daring.",
    "quick_win": "Adminduk daring dan bank sampah digital ditiru dua kabupaten tetangga.",
}


def _quality(code: str, year: int) -> float:
    """A region's invented underlying quality (2.0–3.8), drifting a little from year to year."""
    base = random.Random(f"quality-{code}").uniform(2.0, 3.55)
    return min(3.8, base + random.Random(f"drift-{code}-{year}").uniform(-0.15, 0.35) * (year - 2022))


def _cells(rnd, code: str, year: int, *, bias: float, salt: str) -> dict:
    rng = random.Random(f"{salt}-{code}-{year}")
    quality = _quality(code, year) + bias
    cells = {}
    dimensions = list(rnd.framework_version.dimensions.all())
    for criterion in rnd.rubric.criteria.all():
        for dimension in dimensions:
            # Branding is n/a where a region has no branding programme (about one region in four).
            if (
                dimension.order == 2
                and random.Random(f"branding-{code}").random() < 0.25
                and criterion.allow_na
            ):
                cells[(criterion.pk, dimension.pk)] = (None, True)
                continue
            value = round(quality + rng.gauss(0, 0.45))
            cells[(criterion.pk, dimension.pk)] = (
                max(criterion.scale_min, min(criterion.scale_max, value)),
                False,
            )
    return cells


def _write(model, owner_field, owner, cells):
    return [
        model(**{owner_field: owner}, criterion_id=c, dimension_id=d, value=v, is_na=na)
        for (c, d), (v, na) in cells.items()
    ]


@transaction.atomic
def load_demo_index() -> int:
    """Create the demo rounds once; returns the number of entries in them (0 when the set-up is missing)."""
    rubric = Rubric.objects.filter(kind=EvaluationKind.IMPLEMENTATION, is_seeded_default=True).first()
    secretariat = User.objects.filter(is_secretariat=True).order_by("pk").first()
    if rubric is None or not IndexScheme.objects.exists():
        return 0
    evaluators = list(User.objects.evaluators().order_by("email"))
    total = 0
    for year, name, scheme_name, status in ROUNDS:
        existing = ImplementationRound.objects.filter(year=year).first()
        if existing is not None:
            total += existing.entries.count()
            continue
        rnd = services_index.create_round(
            year=year,
            name=name,
            scheme=IndexScheme.objects.get(name=scheme_name),
            rubric=rubric,
            by=secretariat,
            is_demo=True,
        )
        entries = list(rnd.entries.select_related("participation__region"))
        total += len(entries)
        if status == RoundStatus.SELF_ASSESSMENT:
            _pemalang_draft(rnd, entries)
            continue
        self_scores, sheets, validation_cells = [], [], {}
        for entry in entries:
            code = entry.participation.region.code
            self_scores += _write(SelfScore, "entry", entry, _cells(rnd, code, year, bias=0.35, salt="self"))
            chosen = [e for e in evaluators if not services_index.validator_problem(entry, e)]
            for evaluator in random.Random(f"panel-{code}-{year}").sample(chosen, VALIDATORS_PER_REGION):
                sheet = ValidationSheet(
                    entry=entry,
                    evaluator=evaluator,
                    status=AssessmentStatus.SUBMITTED,
                    submitted_at=timezone.now(),
                    general_comment="Wawancara pengelola program dan kunjungan lapangan (contoh).",
                    is_demo=True,
                )
                sheets.append(sheet)
                validation_cells[id(sheet)] = _cells(rnd, code, year, bias=0, salt=f"val-{evaluator.pk}")
        SelfScore.objects.bulk_create(self_scores)
        RoundEntry.objects.filter(round=rnd).update(
            self_status=AssessmentStatus.SUBMITTED, self_submitted_at=timezone.now()
        )
        ValidationSheet.objects.bulk_create(sheets)
        ValidationScore.objects.bulk_create(
            score
            for sheet in sheets
            for score in _write(ValidationScore, "sheet", sheet, validation_cells[id(sheet)])
        )
        services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=secretariat)
        services_index.change_round_status(rnd, RoundStatus.PUBLISHED, by=secretariat)
        # Published in mid-December of the round's year, as the programme announces its results.
        ImplementationRound.objects.filter(pk=rnd.pk).update(
            published_at=datetime.datetime(year, 12, 12, 3, 0, tzinfo=datetime.UTC)
        )
    return total


def _pemalang_draft(rnd, entries) -> None:
    entry = next((e for e in entries if e.participation.region.code == PEMALANG), None)
    if entry is None:
        return
    cells = _cells(rnd, PEMALANG, rnd.year, bias=0.3, salt="self")
    # Half filled in: the draft shows what is still to do.
    kept = dict(list(cells.items())[: len(cells) // 2])
    SelfScore.objects.bulk_create(_write(SelfScore, "entry", entry, kept))
    SelfEvidence.objects.bulk_create(
        SelfEvidence(entry=entry, dimension=d, explanation=text) for d, text in PEMALANG_EVIDENCE.items()
    )


def demo_summary() -> str:
    rounds = ImplementationRound.objects.filter(is_demo=True).order_by("year")
    return ", ".join(f"{r.year} ({r.get_status_display()})" for r in rounds) or "none"
