"""Demo news: three secretariat posts about the 2018 evaluation and a Pemalang quick win, a few comments from
the public (approved, pending, spam) and residents' feedback on Pemalang's delivered quick wins.

Real (docs/domain.md §7): the evaluation at ICE BSD on 12–13 December 2018 with 50 regions, presentations of
masterplan and quick wins to panels in parallel rooms and 45-minute slots, and Pemalang on day 2 (Thursday 13
December) in Nusantara A at 14:45–15:30 WIB, presented by the head of Dinas Kominfo on behalf of the Bupati,
with the strategies listed there. Everything else (wording, quotes, the complaint channel's launch story,
images, every comment and rating, names and e-mail addresses) is invented; each row is marked ``is_demo`` and
each post says so.
"""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.news.models import (
    ModerationStatus,
    Post,
    PostComment,
    PostImage,
    PostStatus,
    QuickWinFeedback,
)
from kotacerdas.news.services import delivered_quick_wins
from kotacerdas.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")
PEMALANG = "33.27"
SECRETARIAT = "sekretariat@demo.kotacerdas.id"
CHANNEL = "Kanal pengaduan warga terintegrasi"
DEMO_NOTE = "*Berita demo: selain tempat, tanggal dan jadwal paparan, rinciannya rekaan untuk demonstrasi.*"


def _at(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def _posts(channel_url: str) -> list[dict]:
    return [
        {
            "slug": "evaluasi-masterplan-smart-city-2018-dimulai",
            "title": "50 kabupaten/kota paparkan masterplan smart city di ICE BSD",
            "summary": (
                "Evaluasi masterplan Gerakan Menuju 100 Smart City 2018 berlangsung dua hari, 12–13 Desember "
                "2018, di ICE BSD, Tangerang."
            ),
            "publish_at": _at(2018, 12, 12, 19, 0),
            "regions": [],
            "body": f"""Hari pertama evaluasi masterplan smart city angkatan 2018 digelar di ICE BSD, Jl. BSD Grand Boulevard No. 1, BSD City, Tangerang. Selama dua hari, 12–13 Desember 2018, **50 kabupaten/kota** memaparkan masterplan dan program *quick win* mereka kepada panel evaluator.

## Cara evaluasi

- Kepala daerah atau wakilnya memaparkan masterplan dan quick win dengan video dan bahan tayang.
- Paparan berlangsung di beberapa ruang sekaligus, masing-masing dalam slot **45 menit**.
- Panel evaluator terdiri atas unsur kementerian, perguruan tinggi dan praktisi.

> Masterplan bukan dokumen untuk disimpan di lemari, tetapi peta jalan yang harus dijalankan bersama warga.

Jadwal lengkap per ruang dapat dilihat pada agenda evaluasi. Hasil evaluasi diumumkan setelah seluruh paparan selesai.

{DEMO_NOTE}""",
        },
        {
            "slug": "pemalang-paparkan-masterplan-smart-city",
            "title": "Kabupaten Pemalang paparkan masterplan smart city di hari kedua evaluasi",
            "summary": (
                "Kepala Dinas Kominfo memaparkan masterplan Pemalang atas nama Bupati di ruang Nusantara A, "
                "Kamis, 13 Desember 2018."
            ),
            "publish_at": _at(2018, 12, 13, 18, 30),
            "regions": [PEMALANG],
            "body": f"""Pada hari kedua evaluasi, Kamis (13/12/2018), Kabupaten Pemalang mendapat giliran di ruang **Nusantara A** pukul 14.45–15.30 WIB. Kepala Dinas Komunikasi dan Informatika memaparkan masterplan atas nama Bupati Pemalang.

## Strategi per dimensi

- **Smart Governance**: strategi lintas perangkat daerah; melengkapi infrastruktur birokrasi dan pelayanan publik; membangun dan mengintegrasikan aplikasi birokrasi dan pelayanan publik; meningkatkan kualitas partisipasi publik.
- **Smart Branding**: ekosistem investasi dan pariwisata yang mudah dan efektif.
- **Smart Economy**: ekosistem ekonomi digital; kerja sama dengan dunia usaha.
- **Smart Living**: layanan kesehatan dan sosial yang lebih luas dan lebih baik.
- **Smart Society**: tanggap bencana alam yang lebih baik; aksesibilitas dan mobilitas orang, barang dan jasa; komunitas kreatif yang peduli pembangunan daerah.
- **Smart Environment**: pengelolaan lingkungan berkelanjutan dengan dukungan TIK.

Panel evaluator menanyakan bagaimana quick win akan dirasakan langsung oleh warga dalam 6–12 bulan pertama.

{DEMO_NOTE}""",
            "image": ("Evaluasi Masterplan Smart City 2018", "Hari kedua · Nusantara A · 14.45-15.30 WIB"),
            "alt": "Ilustrasi demo bertuliskan Evaluasi Masterplan Smart City 2018, hari kedua, ruang Nusantara A.",
            "caption": "Ilustrasi (demo).",
        },
        {
            "slug": "kanal-pengaduan-warga-pemalang-terintegrasi",
            "title": "Kanal pengaduan warga Pemalang kini terintegrasi",
            "summary": "Quick win pertama Pemalang selesai: satu kanal pengaduan lewat web, WhatsApp dan aplikasi.",
            "publish_at": _at(2019, 5, 2, 10, 0),
            "regions": [PEMALANG],
            "body": f"""Empat bulan setelah komitmen ditandatangani, quick win **kanal pengaduan warga terintegrasi** Kabupaten Pemalang selesai pada 25 April 2019. Warga kini dapat menyampaikan pengaduan lewat web, WhatsApp dan aplikasi, dan setiap pengaduan diteruskan ke SP4N-LAPOR.

Bagaimana pengalaman Anda? [Beri nilai quick win ini]({channel_url}) dan ceritakan alasannya.

{DEMO_NOTE}""",
            "image": ("Kanal Pengaduan Warga", "web · WhatsApp · aplikasi"),
            "alt": "Ilustrasi demo bertuliskan Kanal Pengaduan Warga: web, WhatsApp, aplikasi.",
            "caption": "Ilustrasi (demo).",
        },
    ]


# (post slug, name, e-mail, text, status, days after the post)
COMMENTS = [
    ("pemalang-paparkan-masterplan-smart-city", "Rina Maharani", "rina.m@example.com",
     "Semoga mal pelayanan publiknya segera terwujud. Mengurus izin usaha masih harus bolak-balik ke tiga kantor.",
     ModerationStatus.APPROVED, 1),
    ("pemalang-paparkan-masterplan-smart-city", "Agus Setiawan", "agus.setiawan@example.com",
     "Bagus sekali ada strategi tanggap bencana. Warga di Pulosari dan Belik sering terdampak longsor.",
     ModerationStatus.APPROVED, 2),
    ("pemalang-paparkan-masterplan-smart-city", "Dewi Lestari", "dewi.l@example.com",
     "Apakah dokumen masterplan ini bisa diunduh warga? Saya ingin membaca bagian pendidikannya.",
     ModerationStatus.PENDING, 3),
    ("kanal-pengaduan-warga-pemalang-terintegrasi", "Bambang Sutrisno", "bambang.s@example.com",
     "Sudah saya coba lewat WhatsApp soal lampu jalan mati, dua hari kemudian sudah diperbaiki.",
     ModerationStatus.APPROVED, 4),
    ("kanal-pengaduan-warga-pemalang-terintegrasi", "Promo Murah", "promo@example.com",
     "Jual followers murah! Kunjungi http://contoh-spam.example dan http://lagi-spam.example",
     ModerationStatus.SPAM, 5),
    ("kanal-pengaduan-warga-pemalang-terintegrasi", "Siti Aminah", "siti.aminah@example.com",
     "Apakah pengaduan lewat aplikasi juga bisa dilacak statusnya?",
     ModerationStatus.PENDING, 9),
]  # fmt: skip

# (quick win name, name, e-mail, rating, text, status, sent on)
FEEDBACK = [
    (CHANNEL, "Bambang Sutrisno", "bambang.s@example.com", 5,
     "Pengaduan lampu jalan ditindaklanjuti dalam dua hari. Nomor WhatsApp-nya mudah diingat.",
     ModerationStatus.APPROVED, _at(2019, 6, 3, 9, 12)),
    (CHANNEL, "Nur Hidayah", "nur.h@example.com", 4,
     "Cepat dijawab, tetapi saya tidak tahu pengaduan saya diteruskan ke dinas mana.",
     ModerationStatus.APPROVED, _at(2019, 7, 15, 20, 40)),
    (CHANNEL, "Yoga Pratama", "yoga.p@example.com", 3,
     "Lewat web lancar, aplikasi di ponsel lama saya sering keluar sendiri.",
     ModerationStatus.APPROVED, _at(2019, 9, 1, 7, 5)),
    (CHANNEL, "Rudi", "rudi@example.com", 1,
     "Tidak ada yang menjawab.", ModerationStatus.PENDING, _at(2019, 9, 20, 22, 0)),
    ("Layanan administrasi kependudukan daring", "Sri Wahyuni", "sri.w@example.com", 5,
     "Akta kelahiran anak saya jadi tanpa antre di kantor kecamatan. Sangat membantu.",
     ModerationStatus.APPROVED, _at(2019, 8, 12, 10, 30)),
    ("Layanan administrasi kependudukan daring", "Heru Santoso", "heru.s@example.com", 4,
     "Prosesnya daring, tetapi pengambilan dokumen tetap harus datang. Semoga bisa dikirim.",
     ModerationStatus.APPROVED, _at(2019, 10, 2, 14, 0)),
    ("Pasar daring UMKM Pemalang", "Lina Marlina", "lina.m@example.com", 4,
     "Keripik saya mulai dipesan dari luar kota. Ongkos kirimnya masih mahal.",
     ModerationStatus.APPROVED, _at(2019, 11, 5, 16, 20)),
    ("Bank sampah digital", "Eko Prasetyo", "eko.p@example.com", 2,
     "Aplikasinya ada, tetapi penimbangan di kelurahan kami baru sebulan sekali.",
     ModerationStatus.APPROVED, _at(2020, 5, 18, 8, 45)),
]  # fmt: skip


def banner_png(title: str, subtitle: str, *, size=(1200, 630)) -> bytes:
    """A plain illustration (teal gradient, two lines of text, "demo" mark), drawn with Pillow."""
    width, height = size
    picture = Image.new("RGB", size, "#0b5c63")
    draw = ImageDraw.Draw(picture)
    for y in range(height):  # vertical gradient from the brand colour to a lighter teal
        t = y / height
        colour = (int(11 + 7 * t), int(92 + 30 * t), int(99 + 32 * t))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([width - 360, -160, width + 160, 360], outline="#f2c14e", width=18)
    draw.ellipse([width - 250, 430, width - 90, 590], fill="#f2c14e")
    big = ImageFont.load_default(size=64)
    small = ImageFont.load_default(size=36)
    draw.text((72, 220), title, font=big, fill="#ffffff")
    draw.text((72, 320), subtitle, font=small, fill="#e3f1f2")
    draw.text((72, height - 90), "kotacerdas · ilustrasi demo", font=small, fill="#f2c14e")
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _channel_url() -> str:
    channel = MasterplanProgramme.objects.filter(
        name=CHANNEL, masterplan__participation__region__code=PEMALANG, is_quick_win=True
    ).first()
    return reverse("news:quick_win_feedback", args=[channel.pk]) if channel else reverse("news:post_list")


@transaction.atomic
def load_demo_news() -> dict:
    """Idempotent: posts are matched by slug, comments and feedback by their author's address and text."""
    author = User.objects.filter(email=SECRETARIAT).first()
    regions = {r.code: r for r in Region.objects.filter(code=PEMALANG)}
    posts = {}
    for spec in _posts(_channel_url()):
        post, _created = Post.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "body": spec["body"],
                "publish_at": spec["publish_at"],
                "status": PostStatus.PUBLISHED,
                "author": author,
                "is_demo": True,
            },
        )
        post.regions.set([regions[c] for c in spec["regions"] if c in regions])
        if "image" in spec and not post.images.exists():
            picture = PostImage(post=post, alt_text=spec["alt"], caption=spec["caption"], order=0)
            name = f"demo-{post.slug[:40]}.png"
            picture.image.save(name, ContentFile(banner_png(*spec["image"]), name=name), save=True)
        posts[post.slug] = post

    comments = 0
    for slug, name, email, text, status, days in COMMENTS:
        post = posts[slug]
        sent = post.publish_at + timedelta(days=days, hours=3)
        _comment, created = PostComment.objects.get_or_create(
            post=post, email=email, text=text, defaults=_submission(name, status, sent, author)
        )
        comments += created

    feedback = 0
    delivered = {
        q.name: q for q in delivered_quick_wins().filter(masterplan__participation__region__code=PEMALANG)
    }
    for quick_win, name, email, rating, text, status, sent in FEEDBACK:
        if quick_win not in delivered:
            continue
        _item, created = QuickWinFeedback.objects.get_or_create(
            programme=delivered[quick_win],
            email=email,
            text=text,
            defaults={"rating": rating, **_submission(name, status, sent, author)},
        )
        feedback += created
    return {"posts": len(posts), "new_comments": comments, "new_feedback": feedback}


def _submission(name, status, sent, moderator) -> dict:
    decided = status != ModerationStatus.PENDING
    return {
        "name": name,
        "status": status,
        "created_at": sent,
        "moderated_at": sent + timedelta(days=1) if decided else None,
        "moderated_by": moderator if decided else None,
        "client_hash": "",
        "is_demo": True,
    }
