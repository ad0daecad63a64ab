"""Demo monitoring values: five years (2019–2023) of Pemalang's goal indicators, invented and marked as demo.

Each goal indicator of the demo masterplan is tracked against the catalogue entry of the same name, with
yearly targets on a straight line from its baseline to its target. 2019–2022 are verified by the mentor; 2023
awaits verification; 2021 of the first indicator was corrected once, so the history shows a superseded value.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import GoalIndicator
from kotacerdas.monitoring.models import (
    DataQuality,
    Indicator,
    IndicatorValue,
    Target,
    TrackedIndicator,
    ValueStatus,
)
from kotacerdas.programmes.models import Participation

YEARS = range(2019, 2024)
# How far along the way from baseline to target each year got (a fixed, believable pattern per indicator).
PACE = [
    [0.10, 0.22, 0.30, 0.41, 0.50],
    [0.05, -0.30, -0.10, 0.25, 0.45],  # tourism fell in 2020 and recovered
    [0.12, 0.35, 0.48, 0.55, 0.63],
    [0.15, 0.28, 0.44, 0.58, 0.66],
    [0.08, 0.16, 0.25, 0.33, 0.38],
    [0.06, 0.12, 0.20, 0.31, 0.40],
]


def _on_line(start: Decimal, end: Decimal, share: float) -> Decimal:
    return (start + (end - start) * Decimal(str(share))).quantize(Decimal("0.01"))


@transaction.atomic
def load_demo_values() -> int:
    """Create the demo values once; returns how many indicators are tracked. Running it again changes nothing."""
    participation = (
        Participation.objects.filter(region__code="33.27", cohort__year=2018).select_related("region").first()
    )
    editor = User.objects.filter(email="editor.pemalang@demo.kotacerdas.id").first()
    mentor = User.objects.filter(email="mentor@demo.kotacerdas.id").first()
    if participation is None or editor is None or mentor is None:
        return 0
    goal_indicators = GoalIndicator.objects.filter(goal__masterplan__participation=participation).order_by(
        "pk"
    )
    count = 0
    for number, source in enumerate(goal_indicators):
        indicator = Indicator.objects.filter(name_id__iexact=source.name).first()
        if indicator is None:
            continue
        tracked, created = TrackedIndicator.objects.get_or_create(
            participation=participation,
            indicator=indicator,
            defaults={
                "goal_indicator": source,
                "baseline_year": source.baseline_year,
                "baseline_value": source.baseline_value,
            },
        )
        count += 1
        if not created:
            continue
        span = source.target_year - source.baseline_year
        Target.objects.bulk_create(
            Target(
                tracked=tracked,
                year=year,
                value=_on_line(
                    source.baseline_value, source.target_value, (year - source.baseline_year) / span
                ),
            )
            for year in range(source.baseline_year + 1, source.target_year + 1)
        )
        pace = PACE[number % len(PACE)]
        for year, share in zip(YEARS, pace, strict=True):
            verified = year < 2023
            common = {
                "tracked": tracked,
                "year": year,
                "source": f"Dinas terkait Kabupaten Pemalang, laporan tahunan {year} (contoh)",
                "method": "Rekap data administrasi",
                "quality": DataQuality.MEASURED if number % 2 == 0 else DataQuality.SURVEY,
                "evidence_url": "https://www.pemalangkab.go.id/",
                "reported_by": editor,
                "is_demo": True,
            }
            value = _on_line(source.baseline_value, source.target_value, share)
            if number == 0 and year == 2021:
                # A first report that was corrected: it stays in the history, superseded.
                first = IndicatorValue.objects.create(
                    value=value - Decimal("5"), status=ValueStatus.REJECTED, **common
                )
                first.verified_by, first.verified_at = mentor, timezone.now()
                first.verification_note = "Angka belum termasuk layanan kecamatan; mohon dikoreksi."
                first.save()
                common["supersedes"] = first
            IndicatorValue.objects.create(
                value=value,
                status=ValueStatus.VERIFIED if verified else ValueStatus.REPORTED,
                verified_by=mentor if verified else None,
                verified_at=timezone.now() if verified else None,
                **common,
            )
    return count
