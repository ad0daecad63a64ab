"""Demo progress: five years (2019–2023) of progress reports and milestones for the programmes of Pemalang's
demo masterplan. Dates, percentages, budgets and reasons are invented and every row is marked ``is_demo``.

The history shows the shapes the pages must handle: programmes done on time, programmes delayed with a
reason and then recovered, two still delayed at the end of 2023, milestones done late or still open past
their date, and of the four quick wins (clock from 1 January 2019, see monitoring/progress.py) three delivered
within their promised months and one, the digital waste bank, delivered late (March 2020, over 12 months).
Programmes that start in 2024 or later have no report yet.
"""

from datetime import date

from django.db import transaction

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.monitoring.models import Milestone, ProgressReport
from kotacerdas.programmes.models import Participation

D = date
COVID = "Anggaran dialihkan untuk penanganan COVID-19 (refocusing APBD 2020)."

# programme name: [(as of, status, percent, budget realised so far (Rp) or None, delay reason, note)]
REPORTS = {
    "Penyusunan arsitektur SPBE daerah": [
        (D(2019, 6, 28), "running", 40, 120_000_000, "", "Konsultan terpilih; survei kebutuhan OPD."),
        (D(2019, 11, 29), "done", 100, 338_500_000, "", "Dokumen arsitektur SPBE ditetapkan dengan Perbup."),
    ],
    "Mal pelayanan publik terpadu": [
        (D(2020, 6, 30), "running", 15, 600_000_000, "", "Desain gedung selesai."),
        (D(2020, 12, 18), "delayed", 25, 1_100_000_000, COVID, ""),
        (D(2021, 6, 30), "delayed", 40, 1_900_000_000, "Lelang konstruksi ulang karena peserta tidak memenuhi syarat.", ""),
        (D(2021, 12, 17), "running", 65, 3_000_000_000, "", "Gedung berdiri; instalasi jaringan dimulai."),
        (D(2022, 6, 30), "running", 85, 3_900_000_000, "", "22 jenis layanan siap dipindahkan."),
        (D(2022, 11, 30), "done", 100, 4_380_000_000, "", "Mal pelayanan publik diresmikan Bupati."),
    ],
    "Perluasan jaringan serat optik ke kecamatan": [
        (D(2020, 12, 18), "running", 15, 700_000_000, "", "Jalur ke 3 kecamatan pantura tersambung."),
        (D(2021, 6, 30), "delayed", 25, 1_300_000_000, "Izin galian di jalan provinsi belum terbit.", ""),
        (D(2021, 12, 17), "running", 45, 2_400_000_000, "", "7 kecamatan tersambung."),
        (D(2022, 12, 16), "running", 62, 3_600_000_000, "", ""),
        (D(2023, 6, 30), "delayed", 68, 4_000_000_000,
         "Jalur ke Pulosari, Belik dan Watukumpul terhambat medan pegunungan dan longsor; penyedia meminta "
         "perpanjangan.", ""),
        (D(2023, 12, 15), "delayed", 74, 4_450_000_000,
         "Tiga kecamatan pegunungan belum tersambung; dilanjutkan dengan anggaran perubahan 2024.", ""),
    ],
    "Layanan administrasi kependudukan daring": [
        (D(2019, 3, 29), "running", 45, 150_000_000, "", "Aplikasi diuji di 4 kecamatan."),
        (D(2019, 6, 20), "done", 100, 372_000_000, "", "Diluncurkan untuk seluruh kecamatan."),
    ],
    "Kanal pengaduan warga terintegrasi": [
        (D(2019, 2, 28), "running", 50, 90_000_000, "", "Integrasi dengan SP4N-LAPOR."),
        (D(2019, 4, 25), "done", 100, 231_000_000, "", "Kanal pengaduan aktif: web, WhatsApp dan aplikasi."),
    ],
    "Portal promosi wisata dan investasi": [
        (D(2020, 12, 18), "running", 55, 140_000_000, "", ""),
        (D(2021, 8, 20), "done", 100, 286_000_000, "", "Portal dwibahasa diluncurkan."),
    ],
    "Pasar daring UMKM Pemalang": [
        (D(2019, 4, 30), "running", 30, 140_000_000, "", "Pendataan UMKM."),
        (D(2019, 7, 31), "running", 80, 390_000_000, "", "312 UMKM terdaftar."),
        (D(2019, 9, 27), "done", 100, 478_000_000, "", "Pasar daring diluncurkan pada Hari UMKM daerah."),
    ],
    "Inkubator bisnis digital bersama perguruan tinggi": [
        (D(2021, 12, 17), "running", 30, 350_000_000, "", "Kerja sama dengan dua perguruan tinggi."),
        (D(2022, 12, 16), "running", 60, 900_000_000, "", "Angkatan pertama: 20 rintisan."),
        (D(2023, 12, 15), "delayed", 75, 1_180_000_000,
         "Perguruan tinggi mitra kedua mundur; angkatan kedua baru dimulai Oktober 2023.", ""),
    ],
    "Rekam medis elektronik puskesmas": [
        (D(2020, 12, 18), "running", 25, 450_000_000, "", "Uji coba di 5 puskesmas."),
        (D(2021, 6, 30), "delayed", 35, 700_000_000,
         "Tenaga kesehatan dikerahkan untuk vaksinasi COVID-19; pelatihan ditunda.", ""),
        (D(2021, 12, 17), "running", 60, 1_350_000_000, "", ""),
        (D(2022, 12, 20), "done", 100, 2_150_000_000, "", "22 puskesmas memakai rekam medis elektronik."),
    ],
    "Sistem peringatan dini banjir dan longsor": [
        (D(2021, 12, 17), "running", 20, 300_000_000, "", ""),
        (D(2022, 6, 30), "delayed", 30, 450_000_000, "Sensor hibah BNPB belum diserahterimakan.", ""),
        (D(2022, 12, 16), "delayed", 40, 700_000_000, "Serah terima sensor baru selesai Desember 2022.", ""),
        (D(2023, 12, 15), "running", 80, 1_500_000_000, "", "Sensor terpasang di 10 titik rawan."),
    ],
    "Ruang kreatif komunitas digital": [
        (D(2022, 12, 16), "running", 45, 240_000_000, "", "Gedung eks-perpustakaan direnovasi."),
        (D(2023, 10, 27), "done", 100, 585_000_000, "", "Dibuka bersama 14 komunitas."),
    ],
    "Bank sampah digital": [
        (D(2019, 5, 31), "running", 35, 90_000_000, "", ""),
        (D(2019, 8, 30), "delayed", 55, 180_000_000,
         "Data nasabah bank sampah desa belum seragam; pelatihan pengelola mundur.", ""),
        (D(2019, 12, 20), "delayed", 75, 260_000_000, "Aplikasi menunggu integrasi dengan timbangan digital.", ""),
        (D(2020, 3, 16), "done", 100, 341_000_000, "", "Diluncurkan di 25 bank sampah."),
    ],
}  # fmt: skip

# programme name: [(title, due, done or None)]; "today" is after 2023, so open ones past due show as late.
MILESTONES = {
    "Penyusunan arsitektur SPBE daerah": [("Perbup arsitektur SPBE ditetapkan", D(2019, 12, 31), D(2019, 11, 29))],
    "Mal pelayanan publik terpadu": [
        ("Gedung selesai dibangun", D(2021, 6, 30), D(2022, 5, 20)),
        ("Mal pelayanan publik diresmikan", D(2022, 12, 31), D(2022, 11, 30)),
    ],
    "Perluasan jaringan serat optik ke kecamatan": [
        ("7 kecamatan tersambung", D(2021, 6, 30), D(2021, 12, 10)),
        ("Seluruh 14 kecamatan tersambung", D(2023, 12, 31), None),
    ],
    "Layanan administrasi kependudukan daring": [("Layanan diluncurkan", D(2019, 7, 1), D(2019, 6, 20))],
    "Kanal pengaduan warga terintegrasi": [("Kanal pengaduan aktif", D(2019, 5, 1), D(2019, 4, 25))],
    "Pasar daring UMKM Pemalang": [
        ("300 UMKM terdaftar", D(2019, 7, 31), D(2019, 7, 29)),
        ("Pasar daring diluncurkan", D(2019, 10, 1), D(2019, 9, 27)),
    ],
    "Bank sampah digital": [("Diluncurkan di 25 bank sampah", D(2019, 9, 1), D(2020, 3, 16))],
    "Inkubator bisnis digital bersama perguruan tinggi": [
        ("Angkatan pertama: 20 rintisan", D(2022, 6, 30), D(2022, 6, 15)),
        ("Angkatan kedua lulus", D(2023, 12, 31), None),
    ],
    "Rekam medis elektronik puskesmas": [
        ("Uji coba di 5 puskesmas", D(2020, 12, 31), D(2020, 12, 10)),
        ("Seluruh 22 puskesmas", D(2022, 12, 31), D(2022, 12, 20)),
    ],
    "Sistem peringatan dini banjir dan longsor": [
        ("Sensor terpasang di 10 titik rawan", D(2022, 6, 30), D(2023, 4, 12)),
        ("Sirene dan pesan singkat darurat teruji", D(2023, 12, 31), None),
    ],
    "Ruang kreatif komunitas digital": [("Ruang kreatif dibuka", D(2023, 10, 31), D(2023, 10, 27))],
    "Penataan kawasan wisata pantai Widuri": [("Studi kelayakan KPBU selesai", D(2027, 6, 30), None)],
    "Sistem informasi kesejahteraan sosial terpadu": [("Integrasi dengan DTKS", D(2027, 3, 31), None)],
}  # fmt: skip


@transaction.atomic
def load_demo_progress() -> int:
    """Create the demo history once; returns how many programmes have demo progress reports. Running it again
    changes nothing (a programme that already has demo reports or milestones is left as it is)."""
    participation = Participation.objects.filter(region__code="33.27", cohort__year=2018).first()
    if participation is None:
        return 0
    programmes = {
        p.name: p for p in MasterplanProgramme.objects.filter(masterplan__participation=participation)
    }
    editor = User.objects.filter(email="editor.pemalang@demo.kotacerdas.id").first()
    with_reports = set(
        ProgressReport.objects.filter(programme__in=programmes.values(), is_demo=True).values_list(
            "programme__name", flat=True
        )
    )
    with_milestones = set(
        Milestone.objects.filter(programme__in=programmes.values(), is_demo=True).values_list(
            "programme__name", flat=True
        )
    )
    reports = [
        ProgressReport(
            programme=programmes[name],
            reported_on=day,
            status=status,
            percent_complete=percent,
            budget_realised=budget,
            delay_reason=reason,
            note=note,
            reported_by=editor,
            is_demo=True,
        )
        for name, rows in REPORTS.items()
        if name in programmes and name not in with_reports
        for day, status, percent, budget, reason, note in rows
    ]
    ProgressReport.objects.bulk_create(reports)
    Milestone.objects.bulk_create(
        Milestone(programme=programmes[name], title=title, due_on=due, done_on=done, is_demo=True)
        for name, rows in MILESTONES.items()
        if name in programmes and name not in with_milestones
        for title, due, done in rows
    )
    return len(with_reports | {r.programme.name for r in reports})


def approve_demo_masterplan() -> bool:
    """Take Pemalang's demo masterplan through submission, review, approval and publication, as happened after
    the December 2018 evaluation, so that its programmes and quick wins are public on the dashboards. Returns
    whether it moved."""
    from kotacerdas.masterplans.models import Masterplan, MasterplanStatus
    from kotacerdas.masterplans.services import change_status

    masterplan = Masterplan.objects.filter(
        participation__region__code="33.27", participation__cohort__year=2018
    ).first()
    if masterplan is None or masterplan.status != MasterplanStatus.DRAFT:
        return False
    steps = [
        (
            MasterplanStatus.SUBMITTED,
            "approver.pemalang@demo.kotacerdas.id",  # approvers submit (regions/rules.py)
            "Dikirim setelah Bimtek Tahap IV (contoh).",
        ),
        (MasterplanStatus.IN_REVIEW, "mentor@demo.kotacerdas.id", ""),
        (
            MasterplanStatus.APPROVED,
            "sekretariat@demo.kotacerdas.id",
            "Disetujui setelah evaluasi Desember 2018.",
        ),
        (MasterplanStatus.PUBLISHED, "sekretariat@demo.kotacerdas.id", "Diterbitkan untuk publik."),
    ]
    with transaction.atomic():
        for status, email, note in steps:
            change_status(masterplan, status, by=User.objects.get(email=email), note=note)
    return True
