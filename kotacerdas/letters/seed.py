"""The starting templates of the six kinds of letters, in Indonesian, and the 2018 number registers.

Written for kotacerdas after the layout of tata naskah dinas (Peraturan ANRI 5/2021); the signer is an invented
person marked "(contoh)" with an invented NIP, to be replaced by the secretariat. Loading is idempotent: a
template or register that exists is left as the secretariat edited it (``reset=True`` writes the texts again).
"""

from django.db import transaction

from kotacerdas.letters.models import LetterKind, LetterTemplate, NumberRegister

K = LetterKind

LETTERHEAD = (
    "KEMENTERIAN KOMUNIKASI DAN INFORMATIKA\n"
    "DIREKTORAT JENDERAL APLIKASI INFORMATIKA\n"
    "Jalan Medan Merdeka Barat Nomor 9, Jakarta 10110 · aptika.kominfo.go.id"
)
SIGNER = {
    "signer_position": "Direktur Jenderal Aplikasi Informatika",
    "signer_name": "Bambang Wicaksono (contoh)",
    "signer_nip": "196803121994031002",
}
COPY_MENDAGRI = "Direktur Jenderal Bina Pembangunan Daerah, Kementerian Dalam Negeri"
COPY_OPD = "Kepala {opd_pengampu} {nama_daerah}"

TEMPLATES = {
    K.BIMTEK_INVITATION: {
        "attachment": "",
        "subject": "Undangan {nama_tahap}",
        "addressee": "{jabatan_kepala_daerah}\ndi Tempat",
        "opening": (
            "Dalam rangka pendampingan penyusunan Masterplan Smart City pada {nama_program} Tahun {tahun}, "
            "bersama ini kami mengundang Bapak/Ibu untuk menugaskan tim smart city {nama_daerah} mengikuti "
            "bimbingan teknis yang akan diselenggarakan pada:"
        ),
        "body": (
            "hari, tanggal : {hari_tanggal_mulai} ({tanggal_tahap})\n"
            "tempat : {tempat}\n"
            "acara : {nama_tahap}\n\n"
            "Tim diharapkan terdiri atas perwakilan Bappeda, {opd_pengampu}, dan perangkat daerah terkait, "
            "serta membawa bahan sesuai tahapan pendampingan."
        ),
        "closing": "Atas perhatian dan kerja sama Bapak/Ibu, kami sampaikan terima kasih.",
        "copies": f"{COPY_MENDAGRI};\n{COPY_OPD}.",
    },
    K.EVALUATION_INVITATION: {
        "attachment": "",
        "subject": "Undangan Paparan Masterplan Smart City",
        "addressee": "{jabatan_kepala_daerah}\ndi Tempat",
        "opening": (
            "Dalam rangka evaluasi pelaksanaan {nama_program} Tahun {tahun}, bersama ini kami mengundang "
            "Bapak/Ibu atau pejabat yang ditunjuk untuk memaparkan Masterplan Smart City dan program quick win "
            "{nama_daerah} pada:"
        ),
        "body": (
            "hari, tanggal : {hari_tanggal_sesi}\n"
            "waktu : {waktu_lokal}\n"
            "tempat : {ruang}, {tempat}\n\n"
            "Paparan berlangsung {durasi} menit dalam bentuk video dan bahan tayang ({materi})."
        ),
        "closing": "Atas perhatian dan kehadiran Bapak/Ibu, kami sampaikan terima kasih.",
        "copies": f"{COPY_MENDAGRI};\n{COPY_OPD}.",
    },
    K.SELECTION_DECISION: {
        "attachment": "1 (satu) berkas",
        "subject": (
            "Keputusan Direktur Jenderal Aplikasi Informatika tentang Penetapan Kabupaten/Kota Peserta "
            "{nama_angkatan}"
        ),
        "addressee": "",
        "opening": (
            "Menimbang bahwa dalam rangka pelaksanaan {nama_program} Tahun {tahun} perlu menetapkan "
            "kabupaten/kota peserta {nama_angkatan} berdasarkan hasil seleksi."
        ),
        "body": (
            "MEMUTUSKAN:\n\n"
            "KESATU : Menetapkan {jumlah_daerah} kabupaten/kota sebagaimana tercantum dalam Lampiran Keputusan ini "
            "sebagai peserta {nama_angkatan}.\n"
            "KEDUA : Kabupaten/kota peserta mengikuti bimbingan teknis penyusunan Masterplan Smart City dan "
            "evaluasi nasional.\n"
            "KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan."
        ),
        "closing": "",
        "copies": f"{COPY_MENDAGRI};\nGubernur provinsi terkait.",
    },
    K.EVENT_REPORT: {
        "attachment": "1 (satu) berkas",
        "subject": "Berita Acara {nama_acara}",
        "addressee": "",
        "opening": (
            "Pada tanggal {tanggal_acara} bertempat di {tempat} telah dilaksanakan {nama_acara} dengan "
            "keterangan sebagai berikut:"
        ),
        "body": (
            "sesi terjadwal : {jumlah_sesi_terjadwal}\n"
            "sesi terlaksana : {jumlah_sesi}\n"
            "panel penilai : {jumlah_panel}\n"
            "evaluator : {jumlah_evaluator}\n"
            "lembar nilai diterima : {jumlah_lembar}\n\n"
            "Ringkasan hasil (tiga nilai akhir tertinggi):\n{ringkasan_hasil}\n\n"
            "Rincian sesi tercantum dalam lampiran berita acara ini."
        ),
        "closing": "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.",
        "copies": COPY_MENDAGRI,
    },
    K.AWARD_CERTIFICATE: {
        "attachment": "",
        "subject": "Piagam Penghargaan",
        "addressee": "diberikan kepada\nPemerintah {nama_daerah}",
        "opening": "sebagai {peringkat} kategori {nama_penghargaan} pada {nama_acara} dengan nilai {nilai}.",
        "body": (
            "Semoga penghargaan ini menjadi penyemangat untuk terus mewujudkan kota cerdas yang melayani "
            "masyarakat {nama_daerah_singkat}."
        ),
        "closing": "",
        "copies": "",
    },
    K.QUICK_WIN_COMMITMENT: {
        "attachment": "",
        "subject": "Lembar Komitmen Pelaksanaan Quick Win {nama_daerah}",
        "addressee": "",
        "opening": (
            "Kami yang bertanda tangan di bawah ini, {jabatan_kepala_daerah} beserta kepala perangkat daerah "
            "{nama_daerah}, menyatakan berkomitmen melaksanakan {jumlah_quick_win} program quick win Masterplan "
            "Smart City {nama_daerah} berikut:"
        ),
        "body": "{daftar_quick_win}",
        "closing": "Demikian lembar komitmen ini kami buat dengan penuh tanggung jawab.",
        "copies": "",
    },
}

PATTERNS = {
    K.BIMTEK_INVITATION: "{seq}/DJAI.3/AI.03.01/{month_roman}/{year}",
    K.EVALUATION_INVITATION: "{seq}/DJAI.3/AI.03.02/{month_roman}/{year}",
    K.SELECTION_DECISION: "{seq}/KEP/DJAI/{month_roman}/{year}",
    K.EVENT_REPORT: "{seq}/BA/DJAI.3/{month_roman}/{year}",
    K.AWARD_CERTIFICATE: "{seq}/PGH/DJAI/{month_roman}/{year}",
    K.QUICK_WIN_COMMITMENT: "{seq}/KOM/DJAI.3/{month_roman}/{year}",
}
REGISTER_YEARS = (2018,)


@transaction.atomic
def load_letter_templates(*, reset: bool = False) -> dict:
    """Create the missing templates and the 2018 registers; returns how many of each were created."""
    created = {"templates": 0, "registers": 0}
    for kind, texts in TEMPLATES.items():
        fields = {"letterhead": LETTERHEAD, "place": "Jakarta", "nature": "Biasa", **SIGNER, **texts}
        template = LetterTemplate.objects.filter(kind=kind).first()
        if template is not None and not reset:
            continue
        if template is None:
            template = LetterTemplate(kind=kind)
            created["templates"] += 1
        for name, value in fields.items():
            setattr(template, name, value)
        template.full_clean()
        template.save()
    for year in REGISTER_YEARS:
        for kind, pattern in PATTERNS.items():
            register = NumberRegister(kind=kind, year=year, pattern=pattern)
            register.clean()
            _register, made = NumberRegister.objects.get_or_create(
                kind=kind, year=year, defaults={"pattern": pattern}
            )
            created["registers"] += made
    return created
