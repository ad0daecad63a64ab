"""Demo data: the programme's cohorts as public sources name them, plus clearly marked invented details.

Cohort membership comes from ``data/cohorts.csv`` (docs/cohorts.md): every kabupaten/kota that public sources name
as a member of the 2017, 2018 and 2019 cohorts of *Gerakan Menuju 100 Smart City* and of the 2021–2024 cohorts of
*Gerakan Menuju Smart City*, with the evidence and the sources. A region without a row is not known to be a member
and is never presented as one. Everything else (people, MoU numbers, workshop dates, the 2027 selection round, its
scores) is invented and carries ``is_demo=True`` so the app can label it.
"""

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.programmes.models import (
    Agreement,
    AgreementKind,
    AssessmentScore,
    Cohort,
    Participation,
    ParticipationStatus,
    Programme,
    SelectionCriterion,
    Stage,
    StageKind,
)
from kotacerdas.regions.models import MembershipRole, Opd, Region, RegionMembership

DEMO_PASSWORD = "demo-kotacerdas-2026"

COHORTS_CSV = Path(__file__).resolve().parent / "data" / "cohorts.csv"
GM100 = "Gerakan Menuju 100 Smart City"  # 2017–2019
GMSC = "Gerakan Menuju Smart City"  # 2021 onward
PROGRAMMES = {
    GM100: {
        "short_name": "GM100SC",
        "organiser": "Kementerian Komunikasi dan Informatika (Ditjen Aptika)",
        "description": "Pendampingan 100 kabupaten/kota (2017–2019) menyusun masterplan smart city dan quick win.",
    },
    GMSC: {
        "short_name": "GMSC",
        "organiser": "Kementerian Komunikasi dan Informatika (Ditjen Aptika)",
        "description": "Lanjutan Gerakan Menuju 100 Smart City sejak 2021: pendampingan kabupaten/kota menyusun "
        "masterplan smart city dan quick win.",
    },
}
# year: (programme, cohort name, size the sources give, status of its members). The CSV names all members of
# 2017, 2019 and 2024, 45 of the 50 of 2018 and fewer of 2021–2023 (docs/cohorts.md).
COHORTS = {
    2017: (GM100, "Angkatan 2017", 25, ParticipationStatus.GRADUATED),
    2018: (GM100, "Angkatan 2018", 50, ParticipationStatus.EVALUATED),
    2019: (GM100, "Angkatan 2019", 25, ParticipationStatus.GRADUATED),
    2021: (GMSC, "Angkatan 2021", 70, ParticipationStatus.GRADUATED),
    2022: (GMSC, "Angkatan 2022", 50, ParticipationStatus.GRADUATED),
    2023: (GMSC, "Angkatan 2023", 50, ParticipationStatus.GRADUATED),
    2024: (GMSC, "Angkatan 2024", 10, ParticipationStatus.GRADUATED),
}
# The first line of a member's note, per evidence code: A (a source names it), L (a published list names it),
# B (indirect) and X (by exclusion). B and X rows are loaded as members too, their note saying how unsure.
EVIDENCE_NOTES = {
    "A": "Sumber publik menyebut daerah ini sebagai peserta angkatan ini",
    "L": "Tercantum dalam daftar peserta angkatan ini yang dipublikasikan",
    "B": "Keanggotaan belum pasti: bukti tidak langsung (bimtek atau MoU sezaman, tanpa tahun atau jumlah peserta)",
    "X": "Keanggotaan belum pasti: disimpulkan dengan eksklusi (disebut salah satu dari 100, tidak ada dalam "
    "daftar 2017 dan 2019)",
}
# An invented selection round, so the selection pages have something to rank. No row of cohorts.csv names any of
# these regions (tests/programmes/test_cohort_sources.py checks it).
APPLICANTS_2027 = ["11.73", "64.03", "33.01", "13.74", "52.72", "72.02", "61.01", "18.71", "82.71", "53.15"]

USERS = [
    # email, full name, position, flags
    ("sekretariat@demo.kotacerdas.id", "Sari Wulandari", "Sekretariat Gerakan Menuju Smart City", {"is_secretariat": True, "is_staff": True}),
    ("mentor@demo.kotacerdas.id", "Bambang Prasetyo", "Mentor", {"is_mentor": True}),
    ("evaluator@demo.kotacerdas.id", "Ratna Kusumawati", "Evaluator", {"is_evaluator": True}),
    ("evaluator2@demo.kotacerdas.id", "Hendra Gunawan", "Evaluator", {"is_evaluator": True}),
    ("editor.pemalang@demo.kotacerdas.id", "Agus Santoso", "Staf Diskominfo Kabupaten Pemalang", {}),
    ("approver.pemalang@demo.kotacerdas.id", "Siti Rahmawati", "Kepala Dinas Kominfo Kabupaten Pemalang", {}),
    ("viewer.pemalang@demo.kotacerdas.id", "Dedi Kurniawan", "Staf Bappelitbangda Kabupaten Pemalang", {}),
    ("editor.pekalongan@demo.kotacerdas.id", "Rina Marlina", "Staf Dinkominfo Kota Pekalongan", {}),
]  # fmt: skip
MEMBERSHIPS = [
    ("editor.pemalang@demo.kotacerdas.id", "33.27", MembershipRole.EDITOR),
    ("approver.pemalang@demo.kotacerdas.id", "33.27", MembershipRole.APPROVER),
    ("viewer.pemalang@demo.kotacerdas.id", "33.27", MembershipRole.VIEWER),
    ("editor.pekalongan@demo.kotacerdas.id", "33.75", MembershipRole.EDITOR),
]
PEMALANG_OPDS = [
    ("Dinas Komunikasi dan Informatika", "Diskominfo", "Kepala Dinas Kominfo"),
    ("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "Bappelitbangda", "Kepala Badan"),
    ("Dinas Kesehatan", "Dinkes", "Kepala Dinas"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "Kepala Dinas"),
    ("Dinas Pariwisata, Pemuda dan Olahraga", "Disparpora", "Kepala Dinas"),
    ("Dinas Lingkungan Hidup", "DLH", "Kepala Dinas"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", "Kepala Pelaksana"),
]
STAGES_2018 = [
    (StageKind.BIMTEK_1, date(2018, 7, 10), date(2018, 7, 11), "Jakarta", "Analisis kesiapan (SWOT), kata kunci visi", True),
    (StageKind.BIMTEK_2, date(2018, 8, 14), date(2018, 8, 15), "Jakarta", "Buku 1, analisis kesenjangan, visi dan misi", True),
    (StageKind.BIMTEK_3, date(2018, 9, 18), date(2018, 9, 19), "Jakarta", "Buku 2: strategi, rencana aksi, peta jalan; quick win", True),
    (StageKind.BIMTEK_4, date(2018, 10, 23), date(2018, 10, 24), "Jakarta", "Reviu per bab, lembar komitmen", True),
    (StageKind.EVALUATION, date(2018, 12, 12), date(2018, 12, 13), "ICE BSD, Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang", "Paparan masterplan dan quick win", False),
]  # fmt: skip
STAGES_2027 = [
    (StageKind.BIMTEK_1, date(2027, 3, 9), date(2027, 3, 10), "Jakarta", "Analisis kesiapan (SWOT), kata kunci visi"),
    (StageKind.BIMTEK_2, date(2027, 5, 11), date(2027, 5, 12), "Yogyakarta", "Buku 1, analisis kesenjangan, visi dan misi"),
    (StageKind.BIMTEK_3, date(2027, 7, 13), date(2027, 7, 14), "Makassar", "Buku 2: strategi, rencana aksi, peta jalan"),
    (StageKind.BIMTEK_4, date(2027, 9, 7), date(2027, 9, 8), "Surabaya", "Reviu per bab, lembar komitmen"),
    (StageKind.EVALUATION, date(2027, 11, 16), date(2027, 11, 17), "Jakarta", "Paparan masterplan dan quick win"),
]  # fmt: skip
CRITERIA_2027 = [
    ("Kapasitas fiskal", Decimal("25"), 5),
    ("Indeks kinerja pemerintahan", Decimal("25"), 5),
    ("Indeks kota hijau dan berkelanjutan", Decimal("20"), 5),
    ("Kuesioner dan wawancara kesiapan", Decimal("30"), 5),
]


def _region(code) -> Region:
    return Region.objects.get(code=code)


@transaction.atomic
def load_demo() -> dict:
    """Create the demo data; running it again changes nothing."""
    framework = FrameworkVersion.objects.current()
    if framework is None or not Region.objects.exists():
        raise RuntimeError("Load regions and the framework first (load_regions, load_framework).")
    users = {}
    for email, name, position, flags in USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "position": position, "is_demo": True, **flags}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[email] = user
    for email, code, role in MEMBERSHIPS:
        RegionMembership.objects.get_or_create(
            user=users[email], region=_region(code), defaults={"role": role}
        )
    pemalang = _region("33.27")
    for name, short, title in PEMALANG_OPDS:
        Opd.objects.get_or_create(
            region=pemalang, name=name, defaults={"short_name": short, "head_title": title, "is_demo": True}
        )

    programmes = {
        name: Programme.objects.get_or_create(name=name, defaults=defaults)[0]
        for name, defaults in PROGRAMMES.items()
    }
    cohorts, members = _load_cohorts(programmes, framework)
    c2018 = cohorts[2018]
    _demo_agreements(members[(2018, "33.27")][0])
    for code in ("33.27", "35.23"):
        participation, created = members[(2018, code)]
        if created:
            participation.mentors.add(users["mentor@demo.kotacerdas.id"])
    _demo_expiring_agreement(_region("35.23"))
    for kind, start, end, place, deliverables, invented in STAGES_2018:
        Stage.objects.get_or_create(
            cohort=c2018,
            kind=kind,
            defaults={
                "starts_on": start,
                "ends_on": end,
                "place": place,
                "deliverables": deliverables,
                "is_demo": invented,
                "title": "Evaluasi masterplan dan quick win" if kind == StageKind.EVALUATION else "",
            },
        )
    # The invented 2027 round belongs to the programme that runs today.
    new_2027 = not Cohort.objects.filter(programme=programmes[GMSC], year=2027).exists()
    c2027 = _cohort(programmes[GMSC], 2027, "Angkatan 2027 (contoh)", 6, framework, is_demo=True)
    if new_2027:
        c2027.assessors.add(users["evaluator@demo.kotacerdas.id"], users["evaluator2@demo.kotacerdas.id"])
    for kind, start, end, place, deliverables in STAGES_2027:
        Stage.objects.get_or_create(
            cohort=c2027,
            kind=kind,
            defaults={
                "starts_on": start,
                "ends_on": end,
                "place": place,
                "deliverables": deliverables,
                "is_demo": True,
            },
        )
    criteria = []
    for order, (name, weight, max_score) in enumerate(CRITERIA_2027, start=1):
        criterion, _ = SelectionCriterion.objects.get_or_create(
            cohort=c2027, name=name, defaults={"weight": weight, "max_score": max_score, "order": order}
        )
        criteria.append(criterion)
    for i, code in enumerate(APPLICANTS_2027):
        p, created = Participation.objects.get_or_create(
            cohort=c2027,
            region=_region(code),
            defaults={
                "status": ParticipationStatus.SHORTLISTED if i < 8 else ParticipationStatus.APPLIED,
                "is_demo": True,
            },
        )
        if created and i < 8:
            # A fixed pattern of scores, so the ranking is the same on every machine.
            for j, criterion in enumerate(criteria):
                AssessmentScore.objects.create(
                    participation=p,
                    criterion=criterion,
                    assessor=users["evaluator2@demo.kotacerdas.id"],
                    score=1 + (i * 3 + j * 2) % 5,
                )
    return {
        "users": len(users),
        "cohorts": Cohort.objects.count(),
        "participations": Participation.objects.count(),
    }


def cohort_rows(path: Path = COHORTS_CSV) -> list[dict[str, str]]:
    """The rows of cohorts.csv (programme, year, code, name, province_today, evidence, note, sources).

    ``year`` stays text: one row has ``2024-alt`` (a source that names another region in place of one of 2024's).
    """
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def member_rows(path: Path = COHORTS_CSV) -> list[dict[str, str]]:
    """The rows that name a region as a member of a cohort of COHORTS (not the ``2024-alt`` alternative)."""
    return [row for row in cohort_rows(path) if row["year"].isdigit() and int(row["year"]) in COHORTS]


def evidence_note(row: dict[str, str]) -> str:
    """The participation's note: what the evidence is, the source's words, and the addresses that name it."""
    lines = [
        f"{EVIDENCE_NOTES[row['evidence']]} (bukti {row['evidence']}, kotacerdas/programmes/data/cohorts.csv)."
    ]
    if row["note"]:
        lines.append(f"Catatan sumber: {' '.join(row['note'].split())}")
    lines.append("Sumber: " + ", ".join(row["sources"].split()))
    return "\n".join(lines)


def _load_cohorts(programmes, framework) -> tuple[dict[int, Cohort], dict]:
    """The cohorts of COHORTS and their members from cohorts.csv; ``members`` maps (year, code) to
    (participation, created). A and L rows are real; B and X rows are loaded too, their note says how unsure."""
    cohorts = {
        year: _cohort(programmes[programme], year, name, size, framework)
        for year, (programme, name, size, _status) in COHORTS.items()
    }
    regions = {r.code: r for r in Region.objects.filter(code__in={row["code"] for row in member_rows()})}
    members = {}
    for row in member_rows():
        year = int(row["year"])
        members[(year, row["code"])] = Participation.objects.get_or_create(
            cohort=cohorts[year],
            region=regions[row["code"]],
            defaults={"status": COHORTS[year][3], "notes": evidence_note(row), "is_demo": False},
        )
    return cohorts, members


def _demo_agreements(pemalang: Participation) -> None:
    """Pemalang's invented MoU of 2018 and the PKS that follows from it, both ended."""
    region = pemalang.region
    mou, _ = Agreement.objects.get_or_create(
        region=region,
        our_number="DEMO/2018/PML-001",
        defaults={
            "participation": pemalang,
            "kind": AgreementKind.MOU,
            "region_number": "DEMO/415/2018",
            "signed_on": date(2018, 6, 20),
            "valid_from": date(2018, 6, 20),
            "valid_until": date(2023, 6, 19),
            "our_signatory": "Dr. Contoh Penandatangan (demo)",
            "our_signatory_position": "Direktur Jenderal Aplikasi Informatika",
            "region_signatory": "Bupati Contoh (demo)",
            "region_signatory_position": "Bupati Pemalang",
            "is_demo": True,
        },
    )
    Agreement.objects.get_or_create(
        region=region,
        our_number="DEMO/2018/PML-PKS-01",
        defaults={
            "participation": pemalang,
            "kind": AgreementKind.PKS,
            "follows_from": mou,
            "region_number": "DEMO/415.4/2018",
            "signed_on": date(2018, 9, 3),
            "valid_from": date(2018, 9, 3),
            "valid_until": date(2020, 9, 2),
            "our_signatory": "Contoh Direktur (demo)",
            "our_signatory_position": "Direktur Layanan Aplikasi Informatika Pemerintahan",
            "region_signatory": "Contoh Kepala Dinas (demo)",
            "region_signatory_position": "Kepala Dinas Komunikasi dan Informatika",
            "notes": "Pendampingan penyusunan masterplan smart city (contoh).",
            "is_demo": True,
        },
    )


def _demo_expiring_agreement(region) -> None:
    """An invented MoU that ends 45 days after the demo is loaded, so the secretariat's to-do list shows it."""
    if region is None:
        return
    today = timezone.localdate()
    Agreement.objects.get_or_create(
        region=region,
        our_number="DEMO/2024/TBN-002",
        defaults={
            "kind": AgreementKind.MOU,
            "signed_on": date(2024, 3, 1),
            "valid_from": date(2024, 3, 1),
            "valid_until": max(today, date(2024, 3, 1)) + timedelta(days=45),
            "our_signatory": "Dr. Contoh Penandatangan (demo)",
            "our_signatory_position": "Direktur Jenderal Aplikasi Informatika",
            "region_signatory": "Bupati Contoh (demo)",
            "region_signatory_position": "Bupati Tuban",
            "is_demo": True,
        },
    )


def _cohort(programme, year, name, target, framework, is_demo=False) -> Cohort:
    cohort, _ = Cohort.objects.get_or_create(
        programme=programme,
        year=year,
        defaults={"name": name, "target_size": target, "framework_version": framework, "is_demo": is_demo},
    )
    return cohort
