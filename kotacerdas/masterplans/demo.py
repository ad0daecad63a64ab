"""The demo masterplan of Kabupaten Pemalang 2019–2028, written in our own words from the strategies the
regency presented in December 2018 (docs/domain.md §7). Figures, programmes, budgets, people and dates are
invented for the demonstration; the masterplan carries ``is_demo=True``."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import (
    ActionStep,
    AspectAnalysis,
    DimensionReadiness,
    GapRow,
    Goal,
    GoalIndicator,
    KeyFigure,
    Masterplan,
    MasterplanProgramme,
    Mission,
    Objective,
    ObjectiveIndicator,
    ProgrammeIndicator,
    Section,
    StrategicIssue,
    Strategy,
    SwotItem,
    VisionKeyword,
)
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Opd

EXTRA_OPDS = [
    ("Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan", "Dinkop UMPP"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Perhubungan", "Dishub"),
    ("Bagian Organisasi Sekretariat Daerah", "Bag. Organisasi"),
]

SECTIONS = {
    "introduction": (
        "Masterplan Smart City Kabupaten Pemalang 2019–2028 disusun dalam rangka Gerakan Menuju 100 Smart City "
        "angkatan 2018, bersama mentor nasional dan seluruh perangkat daerah.\n\n"
        "Dokumen ini menjadi acuan bersama agar program pembangunan berbasis teknologi informasi dan komunikasi "
        "berjalan terpadu, terukur, dan selaras dengan RPJMD."
    ),
    "profile": (
        "Kabupaten Pemalang terletak di pantai utara Jawa Tengah, di antara Kabupaten Tegal dan Kabupaten "
        "Pekalongan. Wilayahnya membentang dari pesisir Laut Jawa hingga lereng Gunung Slamet, sehingga memiliki "
        "potensi perikanan, pertanian, dan wisata alam.\n\n"
        "Sebagian besar penduduk bekerja di sektor pertanian, perdagangan, dan industri kecil. Jalur pantura dan "
        "jalur kereta api memudahkan arus barang dan orang."
    ),
    "vision": "Pemalang cerdas, melayani, dan berdaya saing melalui pemanfaatan teknologi yang berpihak pada warga.",
    "closing": (
        "Keberhasilan masterplan ini bergantung pada komitmen pimpinan daerah, kerja sama antarperangkat daerah, "
        "serta partisipasi warga, dunia usaha, perguruan tinggi, dan komunitas. Masterplan ditinjau setiap tahun "
        "berdasarkan hasil pemantauan dan evaluasi."
    ),
}
KEY_FIGURES = [
    ("Jumlah penduduk", Decimal("1300000"), "jiwa", 2018, "BPS Kabupaten Pemalang (angka contoh)"),
    ("Luas wilayah", Decimal("1115"), "km²", 2018, "BPS Kabupaten Pemalang (angka contoh)"),
    ("APBD", Decimal("2400000000000"), "Rp", 2018, "Perda APBD 2018 (angka contoh)"),
    ("Indeks Pembangunan Manusia", Decimal("65.7"), "", 2018, "BPS (angka contoh)"),
]
# aspect code: (level, summary, SWOT items, gap rows (current, target, gap, action))
READINESS = {
    "struktur": (3, "Aparatur TIK tersedia di Diskominfo, tetapi belum merata di perangkat daerah lain.",
                 [("S", "Komitmen kuat dari Bupati dan Sekretaris Daerah."), ("W", "Jumlah pranata komputer masih sedikit."),
                  ("O", "Program beasiswa dan pelatihan digital nasional."), ("T", "Perpindahan aparatur terlatih ke daerah lain.")],
                 [("Pranata komputer hanya di Diskominfo", "Setiap OPD memiliki petugas TIK", "Kekurangan SDM TIK di OPD", "Pelatihan dan penugasan petugas TIK")]),
    "infrastruktur": (2, "Jaringan serat optik baru menjangkau kantor di pusat kota; pusat data belum memenuhi standar.",
                      [("S", "Jaringan serat optik antarkantor di pusat kota."), ("W", "Belum ada pusat data bersertifikat."),
                       ("O", "Program Palapa Ring dan BTS desa."), ("T", "Wilayah pegunungan sulit dijangkau sinyal.")],
                      [("Jaringan di 20 kantor", "Jaringan di seluruh kantor dan kecamatan", "Kecamatan belum terhubung", "Perluasan jaringan bertahap")]),
    "suprastruktur": (3, "Sudah ada Perbup tentang e-government; regulasi tata kelola data belum ada.",
                      [("S", "Perbup e-government telah terbit."), ("W", "Belum ada kebijakan tata kelola data antarperangkat daerah."),
                       ("O", "Perpres Sistem Pemerintahan Berbasis Elektronik (2018)."), ("T", "Perubahan regulasi nasional yang cepat.")],
                      [("Belum ada kebijakan tata kelola data", "Perbup tata kelola data dan statistik sektoral", "Regulasi tata kelola data", "Penyusunan Perbup")]),
}  # fmt: skip
DIMENSION_LEVELS = {"GOV": 3, "BRA": 2, "ECO": 2, "LIV": 3, "SOC": 2, "ENV": 2}
# The vision's key words and what they mean (penjelasan visi), drawn from the SWOT.
VISION_KEYWORDS = [
    ("Cerdas", "Pemerintah dan warga memanfaatkan data dan teknologi untuk mengambil keputusan yang tepat."),
    ("Melayani", "Layanan publik mudah, cepat, terjangkau, dan dapat diakses warga dari mana saja."),
    ("Berdaya saing", "UMKM, pariwisata, dan investasi daerah mampu bersaing di pasar yang lebih luas."),
    (
        "Berpihak pada warga",
        "Teknologi dipilih karena manfaatnya bagi warga, termasuk warga desa dan wilayah pegunungan.",
    ),
]
# Strategic issues (isu strategis) and the SWOT items (by text) each is drawn from.
STRATEGIC_ISSUES = [
    (
        "Sumber daya manusia TIK belum merata di perangkat daerah.",
        ["Jumlah pranata komputer masih sedikit.", "Perpindahan aparatur terlatih ke daerah lain."],
    ),
    (
        "Jaringan dan pusat data belum menjangkau seluruh kantor, kecamatan, dan desa.",
        ["Belum ada pusat data bersertifikat.", "Wilayah pegunungan sulit dijangkau sinyal."],
    ),
    (
        "Data antarperangkat daerah belum dikelola dengan aturan yang sama.",
        ["Belum ada kebijakan tata kelola data antarperangkat daerah."],
    ),
    (
        "Komitmen pimpinan dan kebijakan nasional SPBE menjadi modal untuk layanan publik terpadu.",
        [
            "Komitmen kuat dari Bupati dan Sekretaris Daerah.",
            "Perpres Sistem Pemerintahan Berbasis Elektronik (2018).",
        ],
    ),
]
MISSIONS = [
    "Mewujudkan pemerintahan yang terbuka, efektif, dan melayani berbasis teknologi.",
    "Menumbuhkan ekonomi daerah yang berdaya saing melalui ekosistem digital.",
    "Meningkatkan kualitas hidup dan ketangguhan masyarakat serta lingkungan.",
]
# mission number (1-based): [(objective, (indicator, unit, baseline 2018, target 2028), goal dimensions)]
OBJECTIVES = {
    1: [
        (
            "Meningkatkan kualitas tata kelola pemerintahan dan layanan publik berbasis elektronik.",
            ("Indeks SPBE", "indeks", Decimal("1.80"), Decimal("3.50")),
            ["GOV"],
        )
    ],
    2: [
        (
            "Meningkatkan daya saing ekonomi daerah, pariwisata, dan investasi.",
            ("Pertumbuhan ekonomi", "%", Decimal("5.40"), Decimal("6.20")),
            ["BRA", "ECO"],
        )
    ],
    3: [
        (
            "Meningkatkan kualitas hidup dan ketangguhan masyarakat.",
            ("Indeks Pembangunan Manusia", "", Decimal("65.70"), Decimal("70.00")),
            ["LIV", "SOC"],
        ),
        (
            "Menjaga kualitas lingkungan hidup.",
            ("Indeks Kualitas Lingkungan Hidup", "indeks", Decimal("58.00"), Decimal("65.00")),
            ["ENV"],
        ),
    ],
}
GOALS = {
    "GOV": ("Layanan publik terintegrasi dan mudah diakses.", ("Layanan perizinan daring", "%", 20, 90)),
    "BRA": ("Meningkatnya kunjungan wisata dan investasi.", ("Kunjungan wisatawan", "ribu orang", 450, 700)),
    "ECO": ("UMKM naik kelas melalui pasar digital.", ("UMKM yang berjualan daring", "unit", 300, 3000)),
    "LIV": (
        "Layanan kesehatan dan sosial menjangkau seluruh warga.",
        ("Puskesmas dengan rekam medis elektronik", "%", 10, 100),
    ),
    "SOC": (
        "Masyarakat tangguh bencana dan komunitas kreatif tumbuh.",
        ("Desa tangguh bencana", "desa", 12, 60),
    ),
    "ENV": ("Lingkungan dikelola berkelanjutan dengan dukungan TIK.", ("Sampah terkelola", "%", 45, 80)),
}
# dimension: [(strategy title, element code, [programmes])]
# programme: (name, opd short name, funding, budget, start, end, horizon, quick win: (months, benefit, beneficiaries) or None)
STRATEGIES = {
    "GOV": [
        ("Strategi lintas pemerintahan yang terpadu", "GOV-2", [
            ("Penyusunan arsitektur SPBE daerah", "Diskominfo", "apbd", 350_000_000, 2019, 2019, "short", None)]),
        ("Melengkapi infrastruktur birokrasi dan layanan publik", "GOV-1", [
            ("Mal pelayanan publik terpadu", "DPMPTSP", "apbd", 4_500_000_000, 2020, 2022, "medium", None),
            ("Perluasan jaringan serat optik ke kecamatan", "Diskominfo", "apbd", 6_000_000_000, 2020, 2023, "medium", None)]),
        ("Membangun dan mengintegrasikan aplikasi birokrasi dan layanan publik", "GOV-1", [
            ("Layanan administrasi kependudukan daring", "Disdukcapil", "apbd", 400_000_000, 2019, 2019, "short",
             (6, "Warga mengurus dokumen kependudukan tanpa antre", "Seluruh penduduk"))]),
        ("Meningkatkan kualitas partisipasi publik", "GOV-3", [
            ("Kanal pengaduan warga terintegrasi", "Diskominfo", "apbd", 250_000_000, 2019, 2019, "short",
             (4, "Aduan warga tertangani dan terpantau", "Seluruh warga"))]),
    ],
    "BRA": [
        ("Ekosistem investasi dan pariwisata yang mudah dan efektif", "BRA-1", [
            ("Portal promosi wisata dan investasi", "Disparpora", "apbd", 300_000_000, 2020, 2021, "medium", None),
            ("Penataan kawasan wisata pantai Widuri", "Disparpora", "kpbu", 12_000_000_000, 2024, 2027, "long", None)]),
    ],
    "ECO": [
        ("Ekosistem ekonomi digital", "ECO-3", [
            ("Pasar daring UMKM Pemalang", "Dinkop UMPP", "apbd", 500_000_000, 2019, 2019, "short",
             (9, "UMKM menjangkau pembeli di luar daerah", "Pelaku UMKM"))]),
        ("Kerja sama dengan dunia usaha", "ECO-1", [
            ("Inkubator bisnis digital bersama perguruan tinggi", "Dinkop UMPP", "csr", 1_500_000_000, 2021, 2023, "medium", None)]),
    ],
    "LIV": [
        ("Memperluas dan meningkatkan layanan kesehatan dan sosial", "LIV-2", [
            ("Rekam medis elektronik puskesmas", "Dinkes", "dak", 2_200_000_000, 2020, 2022, "medium", None),
            ("Sistem informasi kesejahteraan sosial terpadu", "Dinsos", "apbn", 800_000_000, 2025, 2027, "long", None)]),
        ("Aksesibilitas dan mobilitas orang, barang, dan jasa", "LIV-3", [
            ("Informasi angkutan umum waktu nyata", "Dishub", "apbd", 900_000_000, 2025, 2028, "long", None)]),
    ],
    "SOC": [
        ("Meningkatkan respons bencana alam", "SOC-3", [
            ("Sistem peringatan dini banjir dan longsor", "BPBD", "apbd", 1_800_000_000, 2021, 2023, "medium", None)]),
        ("Komunitas kreatif yang peduli pembangunan kabupaten", "SOC-1", [
            ("Ruang kreatif komunitas digital", "Disparpora", "csr", 600_000_000, 2022, 2023, "medium", None)]),
    ],
    "ENV": [
        ("Pengelolaan sampah berbasis TIK", "ENV-2", [
            ("Bank sampah digital", "DLH", "apbd", 350_000_000, 2019, 2019, "short",
             (8, "Warga menabung sampah dan tercatat daring", "Rumah tangga dan bank sampah"))]),
        ("Perlindungan kualitas lingkungan berbasis data pemantauan", "ENV-1", [
            ("Pemantauan kualitas udara dan air", "DLH", "apbn", 2_500_000_000, 2026, 2028, "long", None)]),
    ],
}  # fmt: skip
# programme name: (output, outcome), written for each programme.
PROGRAMME_RESULTS = {
    "Penyusunan arsitektur SPBE daerah": (
        "Dokumen arsitektur dan peta rencana SPBE Kabupaten Pemalang ditetapkan dengan Perbup",
        "Belanja TIK perangkat daerah terarah dan tidak tumpang tindih",
    ),
    "Mal pelayanan publik terpadu": (
        "Satu gedung layanan dengan loket perizinan, kependudukan, pajak, dan layanan instansi vertikal",
        "Warga dan pelaku usaha mengurus beberapa layanan di satu tempat dalam satu kunjungan",
    ),
    "Perluasan jaringan serat optik ke kecamatan": (
        "Seluruh 14 kantor kecamatan terhubung jaringan serat optik pemerintah daerah",
        "Layanan daring kabupaten dapat diberikan dari kantor kecamatan tanpa gangguan jaringan",
    ),
    "Layanan administrasi kependudukan daring": (
        "Permohonan akta kelahiran, kartu keluarga, dan surat pindah dapat diajukan secara daring",
        "Waktu pengurusan dokumen kependudukan turun dan antrean di kantor Disdukcapil berkurang",
    ),
    "Kanal pengaduan warga terintegrasi": (
        "Satu kanal aduan (situs, SMS, media sosial) yang meneruskan aduan ke OPD penanggung jawab",
        "Aduan warga ditindaklanjuti dalam waktu yang terpantau dan hasilnya dapat dilihat warga",
    ),
    "Portal promosi wisata dan investasi": (
        "Portal berisi destinasi, agenda wisata, dan peluang investasi Kabupaten Pemalang",
        "Wisatawan dan calon investor memperoleh informasi daerah dengan mudah",
    ),
    "Penataan kawasan wisata pantai Widuri": (
        "Kawasan pantai Widuri tertata dengan fasilitas, tiket elektronik, dan Wi-Fi publik",
        "Kunjungan dan lama tinggal wisatawan di kawasan pantai meningkat",
    ),
    "Pasar daring UMKM Pemalang": (
        "Lapak daring bersama bagi UMKM binaan, lengkap dengan pelatihan foto produk dan pengemasan",
        "Omzet UMKM naik karena pembeli dari luar daerah dapat memesan",
    ),
    "Inkubator bisnis digital bersama perguruan tinggi": (
        "Ruang inkubasi dan pendampingan bagi usaha rintisan digital setiap tahun",
        "Usaha rintisan lokal tumbuh dan membuka lapangan kerja bagi lulusan muda",
    ),
    "Rekam medis elektronik puskesmas": (
        "Seluruh puskesmas mencatat kunjungan pasien dalam rekam medis elektronik yang terhubung",
        "Rujukan antarfasilitas kesehatan lebih cepat dan riwayat pasien tidak hilang",
    ),
    "Sistem informasi kesejahteraan sosial terpadu": (
        "Satu basis data penerima bantuan sosial yang diperbarui desa dan Dinas Sosial",
        "Bantuan sosial lebih tepat sasaran dan penerima ganda berkurang",
    ),
    "Informasi angkutan umum waktu nyata": (
        "Posisi dan jadwal angkutan umum dapat dilihat warga di halte dan ponsel",
        "Waktu tunggu angkutan umum berkurang dan penggunaan angkutan umum meningkat",
    ),
    "Sistem peringatan dini banjir dan longsor": (
        "Sensor curah hujan dan tinggi muka air di daerah rawan, terhubung ke pusat kendali BPBD dan sirene desa",
        "Warga di daerah rawan menerima peringatan lebih awal dan sempat mengungsi",
    ),
    "Ruang kreatif komunitas digital": (
        "Ruang bersama dengan fasilitas internet dan jadwal kegiatan komunitas kreatif",
        "Komunitas kreatif aktif menghasilkan karya dan kegiatan bagi warga",
    ),
    "Bank sampah digital": (
        "Aplikasi pencatatan tabungan sampah di bank sampah unit desa",
        "Sampah yang dipilah dan didaur ulang dari rumah tangga bertambah",
    ),
    "Pemantauan kualitas udara dan air": (
        "Stasiun pemantau kualitas udara dan air sungai yang datanya terbuka bagi publik",
        "Pencemaran terdeteksi lebih awal dan penindakan pencemar didasarkan pada data",
    ),
}
ACTION_STEPS = [
    ("policy", "Menetapkan Perbup Masterplan Smart City", "Bag. Organisasi", date(2019, 3, 31)),
    ("institution", "Membentuk Dewan Smart City dan Tim Pelaksana", "Bappelitbangda", date(2019, 2, 28)),
    ("infrastructure", "Menyiapkan ruang pusat data sementara", "Diskominfo", date(2019, 6, 30)),
    ("people", "Pelatihan petugas TIK di setiap perangkat daerah", "Diskominfo", date(2019, 9, 30)),
]


@transaction.atomic
def load_demo_masterplan() -> Masterplan | None:
    """Create Pemalang's demo masterplan unless it exists. Returns it, or None without the demo cohort."""
    participation = Participation.objects.filter(region__code="33.27", cohort__year=2018).first()
    if participation is None:
        return None
    if hasattr(participation, "masterplan"):
        return participation.masterplan
    region = participation.region
    for name, short in EXTRA_OPDS:
        Opd.objects.get_or_create(region=region, name=name, defaults={"short_name": short, "is_demo": True})
    opds = {o.short_name: o for o in region.opds.all()}
    editor = User.objects.filter(email="editor.pemalang@demo.kotacerdas.id").first()
    mp = create_masterplan(participation, by=editor, start_year=2019)
    mp.is_demo = True
    mp.title = "Masterplan Smart City Kabupaten Pemalang 2019–2028"
    mp.save(update_fields=["is_demo", "title"])
    for key, body in SECTIONS.items():
        Section.objects.filter(masterplan=mp, key=key).update(body=body)
    for order, (label, value, unit, year, source) in enumerate(KEY_FIGURES):
        KeyFigure.objects.create(
            masterplan=mp, label=label, value=value, unit=unit, year=year, source=source, order=order
        )
    version = mp.framework_version
    aspects = {a.code: a for a in version.aspects.all()}
    levels = {lv.value: lv for lv in version.readiness_levels.all()}
    for code, (level, summary, swot, gaps) in READINESS.items():
        aspect = aspects[code]
        AspectAnalysis.objects.create(masterplan=mp, aspect=aspect, level=levels[level], summary=summary)
        SwotItem.objects.bulk_create(SwotItem(masterplan=mp, aspect=aspect, kind=k, text=t) for k, t in swot)
        GapRow.objects.bulk_create(
            GapRow(masterplan=mp, aspect=aspect, current_state=c, target_state=t, gap=g, action=a)
            for c, t, g, a in gaps
        )
    dimensions = {d.code: d for d in version.dimensions.all()}
    elements = {e.code: e for d in dimensions.values() for e in d.elements.all()}
    for code, level in DIMENSION_LEVELS.items():
        DimensionReadiness.objects.create(masterplan=mp, dimension=dimensions[code], level=levels[level])
    for order, (word, explanation) in enumerate(VISION_KEYWORDS, start=1):
        VisionKeyword.objects.create(masterplan=mp, word=word, explanation=explanation, order=order)
    swot_items = {item.text: item for item in mp.swot_items.all()}
    for order, (text, sources) in enumerate(STRATEGIC_ISSUES, start=1):
        issue = StrategicIssue.objects.create(masterplan=mp, text=text, order=order)
        issue.swot_items.set([swot_items[source] for source in sources])
    objective_of_dimension = {}
    for number, text in enumerate(MISSIONS, start=1):
        mission = Mission.objects.create(masterplan=mp, text=text, order=number)
        for order, (objective_text, (name, unit, baseline, target), codes) in enumerate(
            OBJECTIVES[number], 1
        ):
            objective = Objective.objects.create(
                masterplan=mp, mission=mission, text=objective_text, order=order
            )
            ObjectiveIndicator.objects.create(
                objective=objective, name=name, unit=unit, baseline_year=2018, baseline_value=baseline,
                target_year=2028, target_value=target,
            )  # fmt: skip
            objective_of_dimension |= dict.fromkeys(codes, objective)
    goals = {}
    for code, (text, (name, unit, baseline, target)) in GOALS.items():
        goals[code] = Goal.objects.create(
            masterplan=mp, objective=objective_of_dimension[code], dimension=dimensions[code], text=text
        )
        GoalIndicator.objects.create(
            goal=goals[code], name=name, unit=unit, baseline_year=2018, baseline_value=baseline,
            target_year=2028, target_value=target,
        )  # fmt: skip
    for code, strategies in STRATEGIES.items():
        for title, element_code, programmes in strategies:
            strategy = Strategy.objects.create(
                masterplan=mp, dimension=dimensions[code], element=elements[element_code], goal=goals[code],
                title=title,
            )  # fmt: skip
            for name, opd, funding, budget, start, end, horizon, quick_win in programmes:
                programme = MasterplanProgramme.objects.create(
                    masterplan=mp, strategy=strategy, element=elements[element_code], name=name,
                    owner_opd=opds[opd], funding_source=funding, budget=budget, start_year=start, end_year=end,
                    horizon=horizon, output=PROGRAMME_RESULTS[name][0], outcome=PROGRAMME_RESULTS[name][1],
                )  # fmt: skip
                if opd != "Bappelitbangda":
                    programme.partner_opds.add(opds["Bappelitbangda"])
                if quick_win:
                    months, benefit, beneficiaries = quick_win
                    programme.is_quick_win = True
                    programme.delivery_months = months
                    programme.expected_benefit = benefit
                    programme.beneficiaries = beneficiaries
                    programme.commitment_signed_by = "Bupati Pemalang dan Kepala " + opds[opd].name
                    programme.commitment_signed_on = date(2018, 10, 24)
                    programme.save()
                    ProgrammeIndicator.objects.create(
                        programme=programme, name=f"Capaian {name.lower()}", unit="%", baseline_year=2018,
                        baseline_value=0, target_year=2019, target_value=100,
                    )  # fmt: skip
    for category, text, opd, due in ACTION_STEPS:
        ActionStep.objects.create(
            masterplan=mp, category=category, description=text, owner_opd=opds[opd], due_date=due
        )
    return mp
