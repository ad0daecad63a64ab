"""Letters on paper: values escaped in the HTML, printed as typed in the PDF and Word file; Pemalang's invitation
to the 2018 evaluation reads as the programme's letter did."""

from kotacerdas.letters import render, services
from kotacerdas.letters.models import LetterKind
from kotacerdas.letters.seed import load_letter_templates
from tests.evaluations.conftest import demo_event  # noqa: F401  (the fixture)
from tests.utils import docx_text, pdf_text

K = LetterKind
PAYLOAD = '<script>alert("x")</script> & <b>tebal</b>'


def _draft(world, **overrides):
    letter = services.prepare_letter(
        K.EVALUATION_INVITATION,
        session=world["sessions"][0],
        letter_date=world["date"],
        by=world["secretariat"],
    )
    if overrides:
        letter = services.update_letter(
            letter, overrides=overrides, expected_revision=letter.revision, by=world["secretariat"]
        )
    return letter


def test_a_value_is_escaped_in_the_html_and_printed_as_typed(world, tmp_path):
    letter = _draft(world, ruang=PAYLOAD)

    html = render.letter_html(letter)
    pdf = pdf_text(render.letter_pdf(letter), tmp_path)
    word = docx_text(render.letter_docx(letter))

    assert "<script>" not in html and "<b>tebal</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;" in html
    assert PAYLOAD in pdf
    assert PAYLOAD in word


def test_a_region_name_with_markup_is_escaped_too(world, tmp_path):
    region = world["kabupaten"]
    region.name = "Kabupaten <img src=x onerror=alert(1)>"
    region.save()

    letter = _draft(world)

    assert "<img" not in render.letter_html(letter)
    with letter.pdf.open("rb") as handle:
        assert "Kabupaten <img src=x onerror=alert(1)>" in pdf_text(handle.read(), tmp_path)


def test_a_draft_is_marked_and_a_finalised_letter_is_not(world, tmp_path):
    letter = _draft(world)
    with letter.pdf.open("rb") as handle:
        draft_text = pdf_text(handle.read(), tmp_path)

    letter = services.finalise_letter(letter, by=world["secretariat"])
    with letter.pdf.open("rb") as handle:
        final_text = pdf_text(handle.read(), tmp_path)

    assert "DRAF" in draft_text and "DRAF" not in final_text
    assert letter.number in final_text


def test_the_letter_has_every_part_of_the_layout(world, tmp_path):
    letter = services.finalise_letter(_draft(world), by=world["secretariat"])

    text = pdf_text(render.letter_pdf(letter), tmp_path)

    # Pieces pdftotext reads in the same order whatever the column widths.
    for part in (
        "KEMENTERIAN KOMUNIKASI DAN INFORMATIKA",
        f"Nomor : {letter.number}",
        "Sifat : Biasa",
        "Hal : Undangan Paparan Masterplan Smart City",
        "Jakarta, 20 Oktober 2031",
        "Yth. Bupati Sukamaju di Tempat",
        "hari, tanggal",
        "Kamis, 13 November 2031",
        "09.00–09.45 WIB",
        "Ruang Garuda, Balai Uji",
        "Direktur Jenderal Aplikasi Informatika,",
        "Bambang Wicaksono (contoh) NIP 196803121994031002",
        "Tembusan: 1. Direktur Jenderal Bina Pembangunan Daerah, Kementerian Dalam Negeri; 2. Kepala Dinas "
        "Komunikasi dan Informatika Kabupaten Sukamaju.",
    ):
        assert part in text, part


def test_the_decision_lists_the_selected_regions_in_its_attachment(world, tmp_path):
    letter = services.prepare_letter(K.SELECTION_DECISION, cohort=world["cohort"], by=world["secretariat"])

    text = pdf_text(render.letter_pdf(letter), tmp_path)
    word = docx_text(render.letter_docx(letter))

    assert letter.values["jumlah_daerah"] == "2"
    assert "Daftar Daerah Terpilih Angkatan Uji 2031" in text
    assert "Kabupaten Sukamaju" in text and "Kota Mekarsari" in text and "Kabupaten Uji" not in text
    assert "Kota Mekarsari" in word


def test_pemalangs_invitation_to_the_2018_evaluation(demo_event, media, tmp_path):  # noqa: F811
    load_letter_templates()
    session = demo_event["pemalang"]

    letter = services.prepare_letter(K.EVALUATION_INVITATION, session=session, by=demo_event["sekretariat"])
    letter = services.finalise_letter(letter, by=demo_event["sekretariat"])
    with letter.pdf.open("rb") as handle:
        text = pdf_text(handle.read(), tmp_path)
    with letter.docx.open("rb") as handle:
        word = docx_text(handle.read())

    for part in (
        "Kamis, 13 Desember 2018",
        "14.45–15.30 WIB",
        "Nusantara A, ICE BSD",
        "Yth. Bupati Pemalang",
    ):
        assert part in text, part
    assert "Kabupaten Pemalang" in text and "Kamis, 13 Desember 2018" in word
    assert letter.values["durasi"] == "45"


def test_berita_acara_of_the_demo_event_counts_sessions_panels_and_sheets(demo_event, media, tmp_path):  # noqa: F811
    load_letter_templates()
    event = demo_event["event"]

    letter = services.prepare_letter(K.EVENT_REPORT, event=event, by=demo_event["sekretariat"])

    values = letter.values
    sheets = sum(1 for s in event.sessions.all() for sh in s.sheets.all() if sh.status == "submitted")
    assert values["jumlah_sesi_terjadwal"] == str(event.sessions.count())
    assert values["jumlah_panel"] == "2" and values["jumlah_evaluator"] == "6"
    assert values["jumlah_lembar"] == str(sheets)
    assert values["ringkasan_hasil"].startswith("1. ")
    assert len(values["lampiran"]["rows"]) == event.sessions.count()
    assert "BERITA ACARA EVALUASI MASTERPLAN" in pdf_text(render.letter_pdf(letter), tmp_path)


def test_award_certificates_go_to_each_categorys_winners(demo_event, media, tmp_path):  # noqa: F811
    from kotacerdas.letters.values import award_winners

    load_letter_templates()
    category = demo_event["event"].award_categories.get(kind="masterplan")
    winners = award_winners(category)

    batch = services.prepare_batch(K.AWARD_CERTIFICATE, award_category=category, by=demo_event["sekretariat"])

    batch.refresh_from_db()
    letters = list(batch.letters.order_by("values__peringkat"))
    assert batch.status == "done" and len(letters) == len(winners) == category.places
    assert letters[0].values["peringkat"] == "Terbaik I"
    assert "PIAGAM PENGHARGAAN" in pdf_text(render.letter_pdf(letters[0]), tmp_path)


def test_the_commitment_sheet_lists_the_quick_wins_and_a_signature_line_per_opd_head(world, tmp_path):
    from tests.factories import MasterplanFactory, MasterplanProgrammeFactory

    participation = world["participations"][0]
    masterplan = MasterplanFactory(participation=participation)
    opd = participation.region.opds.get()
    MasterplanProgrammeFactory(
        masterplan=masterplan, name="Layanan Aduan Daring", is_quick_win=True, owner_opd=opd
    )
    MasterplanProgrammeFactory(masterplan=masterplan, name="Bukan quick win")

    letter = services.prepare_letter(
        K.QUICK_WIN_COMMITMENT, participation=participation, by=world["secretariat"]
    )

    assert letter.values["daftar_quick_win"] == "1. Layanan Aduan Daring (Dinas Komunikasi dan Informatika)"
    assert letter.values["tanda_tangan"] == [
        ["Bupati Sukamaju", ""],
        ["Kepala Dinas Komunikasi dan Informatika", ""],
    ]
    text = pdf_text(render.letter_pdf(letter), tmp_path)
    assert "Layanan Aduan Daring" in text and "Bukan quick win" not in text
    assert "Jabatan Bupati Sukamaju Kepala Dinas Komunikasi dan Informatika Nama Tanda tangan" in text


def test_an_invitation_is_found_from_the_event_and_the_region(world):
    letter = services.prepare_letter(
        K.EVALUATION_INVITATION, event=world["event"], region=world["kota"], by=world["secretariat"]
    )

    assert (letter.session, letter.participation) == (world["sessions"][1], world["participations"][1])
    assert letter.values["jam_mulai"] == "10.00"
