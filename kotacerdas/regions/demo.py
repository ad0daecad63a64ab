"""Demo regional smart city bodies for Kabupaten Pemalang (33.27): invented decrees and invented people.

The decree numbers start with ``DEMO/`` so nobody takes them for real decrees; every row is marked ``is_demo``.
Running it again changes nothing.
"""

import datetime

from django.db import transaction

from kotacerdas.regions.models import BodyKind, BodyMember, BodyRole, Opd, Region, RegionalBody
from kotacerdas.regions.services import store_decree_file

REGION_CODE = "33.27"
SIGNED_BY = "Bupati Pemalang"

# A one-page PDF that says what it is (not a real decree), so the download of the pindaian can be tried.
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 64>>stream\nBT /F1 18 Tf 72 760 Td (CONTOH - BUKAN SK ASLI / DEMO ONLY) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (kind, decree number, decree date, term start, term end, notes, [(name, position, role, OPD short name), ...])
BODIES = [
    (
        BodyKind.COUNCIL,
        "DEMO/188.4/45/2018",
        datetime.date(2018, 8, 20),
        datetime.date(2018, 8, 20),
        datetime.date(2021, 12, 31),
        "Keputusan pertama, saat Kabupaten Pemalang bergabung dengan Gerakan Menuju 100 Smart City (contoh).",
        [
            ("Junaedi Prasetya", "Bupati Pemalang", BodyRole.PATRON, ""),
            ("Drs. Heru Santoso, M.Si.", "Sekretaris Daerah", BodyRole.CHAIR, ""),
            ("Siti Rahmawati, S.Kom., M.M.", "Kepala Dinas Kominfo", BodyRole.SECRETARY, "Diskominfo"),
        ],
    ),
    (
        BodyKind.COUNCIL,
        "DEMO/188.4/12/2022",
        datetime.date(2022, 1, 10),
        datetime.date(2022, 1, 10),
        None,
        "Menggantikan keputusan DEMO/188.4/45/2018 (contoh).",
        [
            ("Sugeng Riyanto", "Bupati Pemalang", BodyRole.PATRON, ""),
            ("Wahyu Hidayat", "Wakil Bupati Pemalang", BodyRole.STEERING, ""),
            ("Drs. Heru Santoso, M.Si.", "Sekretaris Daerah", BodyRole.CHAIR, ""),
            ("Ir. Ratih Puspitasari, M.T.", "Kepala Bappelitbangda", BodyRole.VICE_CHAIR, "Bappelitbangda"),
            ("Siti Rahmawati, S.Kom., M.M.", "Kepala Dinas Kominfo", BodyRole.SECRETARY, "Diskominfo"),
            ("dr. Yusuf Prasetyo", "Kepala Dinas Kesehatan", BodyRole.MEMBER, "Dinkes"),
            ("Endang Kusumawati, S.H.", "Kepala Dinas Kependudukan dan Pencatatan Sipil", BodyRole.MEMBER, "Disdukcapil"),
            ("Agung Nugroho, S.T.", "Kepala Dinas Lingkungan Hidup", BodyRole.MEMBER, "DLH"),
        ],
    ),
    (
        BodyKind.TEAM,
        "DEMO/188.4/13/2022",
        datetime.date(2022, 1, 10),
        datetime.date(2022, 1, 10),
        datetime.date(2027, 12, 31),
        "",
        [
            ("Siti Rahmawati, S.Kom., M.M.", "Kepala Dinas Kominfo", BodyRole.CHAIR, "Diskominfo"),
            ("Dwi Andriyani, S.Kom.", "Kepala Bidang Aplikasi Informatika", BodyRole.SECRETARY, "Diskominfo"),
            ("Dedi Kurniawan, S.E.", "Kepala Bidang Perencanaan Infrastruktur", BodyRole.MEMBER, "Bappelitbangda"),
            ("Rudi Hartono", "Kepala Seksi Kedaruratan dan Logistik", BodyRole.MEMBER, "BPBD"),
            ("Fajar Ramadhan, S.T., M.Eng.", "Dosen Teknik Informatika (akademisi)", BodyRole.MEMBER, ""),
            ("Lestari Handayani", "Ketua Forum UMKM Digital (komunitas)", BodyRole.MEMBER, ""),
        ],
    ),
]  # fmt: skip


@transaction.atomic
def load_demo_bodies() -> int:
    """Create Pemalang's demo bodies with their members; the number of bodies created (0 when run again)."""
    region = Region.objects.get(code=REGION_CODE)
    opds = {opd.short_name: opd for opd in Opd.objects.filter(region=region).exclude(short_name="")}
    created = 0
    for kind, number, decree_date, start, end, notes, members in BODIES:
        body, is_new = RegionalBody.objects.get_or_create(
            region=region,
            kind=kind,
            decree_number=number,
            defaults={
                "decree_date": decree_date,
                "decree_signed_by": SIGNED_BY,
                "period_start": start,
                "period_end": end,
                "notes": notes,
                "is_demo": True,
            },
        )
        if not is_new:
            continue
        created += 1
        store_decree_file(body, f"demo-{number.replace('/', '-')}.pdf", DEMO_SCAN)
        BodyMember.objects.bulk_create(
            BodyMember(body=body, name=name, position=position, role=role, opd=opds.get(opd), order=order)
            for order, (name, position, role, opd) in enumerate(members)
        )
    return created
