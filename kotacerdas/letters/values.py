"""The values a letter's placeholders are filled with, computed from the programme's data (one function per kind).

Every value is plain text in Indonesian, the programme's working language, whatever the reader's: dates with the
weekday from the date ("Kamis, 13 Desember 2018"), clock times with a full stop ("14.45"), the event's time zone
("WIB"). Besides the placeholders, two keys carry what the layout prints as tables: ``lampiran`` (an attachment:
title, columns, rows) and ``tanda_tangan`` (signature lines for the commitment sheet). Values are escaped where
they are printed, never here.
"""

from django.utils import formats, translation

from kotacerdas.core.numbers_format import (
    format_clock,
    format_clock_with_local,
    format_number,
    zone_abbreviation,
)
from kotacerdas.letters.models import LetterKind
from kotacerdas.programmes.models import SELECTED_STATUSES

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
DEFAULT_OPD = "Dinas Komunikasi dan Informatika"


def long_date(day) -> str:
    """``Kamis, 13 Desember 2018``."""
    return formats.date_format(day, "l, j F Y") if day else ""


def plain_date(day) -> str:
    """``13 Desember 2018``."""
    return formats.date_format(day, "j F Y") if day else ""


def date_range(start, end) -> str:
    """``10–12 April 2018``, ``30 April – 2 Mei 2018``, or one day."""
    if not start:
        return ""
    if not end or end == start:
        return plain_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{plain_date(end)}"
    if start.year == end.year:
        return f"{formats.date_format(start, 'j F')} – {plain_date(end)}"
    return f"{plain_date(start)} – {plain_date(end)}"


def short_region_name(region) -> str:
    """``Pemalang`` for Kabupaten Pemalang, ``Bandung`` for Kota Bandung."""
    name = region.name
    for prefix in ("Kabupaten ", "Kota Administrasi ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def head_of_region(region) -> str:
    return "Bupati" if region.kind == "kabupaten" else "Wali Kota"


def opd_in_charge(region) -> str:
    """The agency in charge of smart city: the region's communication and informatics office when it is in the
    OPD list, else the usual name of that office."""
    for opd in region.opds.all():
        name = opd.name.lower()
        if "komunikasi" in name or "kominfo" in name:
            return opd.name
    return DEFAULT_OPD


def opd_head_position(opd) -> str:
    """``Kepala Dinas Kesehatan`` from the head's title ``Kepala Dinas`` and the agency ``Dinas Kesehatan``."""
    title = (opd.head_title or "Kepala").strip()
    words = title.split()
    if words and opd.name.split()[:1] == words[-1:]:
        title = " ".join(words[:-1])
    return f"{title} {opd.name}"


def _cohort(letter):
    for source in (letter, letter.participation, letter.stage, letter.event):
        if source is not None and getattr(source, "cohort_id", None):
            return source.cohort
    return None


def common_values(letter) -> dict:
    template = letter.template
    cohort = _cohort(letter)
    return {
        "nomor": letter.number,
        "tanggal_surat": plain_date(letter.letter_date),
        "tahun": str(cohort.year) if cohort else str(letter.letter_date.year),
        "nama_program": cohort.programme.name if cohort else "",
        "nama_angkatan": cohort.name if cohort else "",
        "jabatan_penandatangan": template.signer_position,
        "nama_penandatangan": template.signer_name,
        "nip_penandatangan": template.signer_nip,
    }


def region_values(region) -> dict:
    if region is None:
        return {}
    short = short_region_name(region)
    head = head_of_region(region)
    return {
        "nama_daerah": region.name,
        "nama_daerah_singkat": short,
        "jabatan_kepala_daerah": f"{head} {short}",
        "kepala_daerah": head,
        "provinsi": region.province.name,
        "opd_pengampu": opd_in_charge(region),
    }


def event_values(event) -> dict:
    if event is None:
        return {}
    days = [d.date for d in event.days.all()]
    return {
        "nama_acara": event.name,
        "tempat": event.venue,
        "alamat": event.address,
        "tanggal_acara": date_range(min(days), max(days)) if days else "",
    }


def _minutes(starts, ends) -> int:
    return (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)


def bimtek_invitation(letter) -> dict:
    stage = letter.stage
    if stage is None:
        return {}
    return {
        "nama_tahap": stage.title or stage.get_kind_display(),
        "tanggal_tahap": date_range(stage.starts_on, stage.ends_on),
        "hari_tanggal_mulai": long_date(stage.starts_on),
        "tempat": stage.place,
        "luaran": stage.deliverables,
    }


def evaluation_invitation(letter) -> dict:
    values = event_values(letter.event)
    session = letter.session
    if session is None:
        return values
    event_zone = session.event.timezone
    # The region's own zone (WITA, WIT) beside the event's, only when they differ: "10.00 WIB (11.00 WITA)".
    local_zone = session.participation.region.timezone
    day = session.day.date
    values.update(
        {
            "hari_tanggal_sesi": long_date(session.day.date),
            "jam_mulai": format_clock(session.starts),
            "jam_selesai": format_clock(session.ends),
            "zona": zone_abbreviation(session.event.timezone),
            "jam_lokal": format_clock_with_local(session.starts, None, event_zone, local_zone, day),
            "waktu_lokal": format_clock_with_local(session.starts, session.ends, event_zone, local_zone, day),
            "ruang": session.room.name,
            "durasi": str(_minutes(session.starts, session.ends)),
            "materi": session.get_presents_display(),
        }
    )
    return values


def selected_participations(cohort):
    return (
        cohort.participations.filter(status__in=SELECTED_STATUSES)
        .select_related("region__province")
        .order_by("region__province__code", "region__code")
    )


def selection_decision(letter) -> dict:
    cohort = letter.cohort
    if cohort is None:
        return {}
    regions = [p.region for p in selected_participations(cohort)]
    return {
        "jumlah_daerah": format_number(len(regions)),
        "daftar_daerah": "\n".join(f"{i}. {r.name}" for i, r in enumerate(regions, 1)),
        "lampiran": {
            "title": f"Daftar Daerah Terpilih {cohort.name}",
            "columns": ["No.", "Kabupaten/Kota", "Provinsi"],
            "rows": [[str(i), r.name, r.province.name] for i, r in enumerate(regions, 1)],
        },
    }


def event_report(letter) -> dict:
    from kotacerdas.evaluations.models import PanelMember, SheetStatus
    from kotacerdas.evaluations.results import compute_results

    event = letter.event
    if event is None:
        return {}
    values = event_values(event)
    sessions = list(
        event.sessions.select_related("participation__region", "day", "room", "panel").prefetch_related(
            "sheets"
        )
    )
    received = {s.pk: sum(1 for sh in s.sheets.all() if sh.status == SheetStatus.SUBMITTED) for s in sessions}
    panels = {s.panel_id for s in sessions if s.panel_id}
    evaluators = set(PanelMember.objects.filter(panel_id__in=panels).values_list("evaluator_id", flat=True))
    results = [r for r in compute_results(event) if r.final is not None and r.rank is not None]
    results.sort(key=lambda r: (r.rank, r.region.name))
    summary = "\n".join(f"{r.rank}. {r.region.name}: {format_number(r.final, 2)}" for r in results[:3])
    values.update(
        {
            "jumlah_sesi": format_number(sum(1 for s in sessions if received[s.pk])),
            "jumlah_sesi_terjadwal": format_number(len(sessions)),
            "jumlah_panel": format_number(len(panels)),
            "jumlah_evaluator": format_number(len(evaluators)),
            "jumlah_lembar": format_number(sum(received.values())),
            "ringkasan_hasil": summary or "Belum ada hasil.",
            "lampiran": {
                "title": f"Sesi Paparan {event.name}",
                "columns": [
                    "No.",
                    "Kabupaten/Kota",
                    "Hari, tanggal",
                    "Waktu",
                    "Ruang",
                    "Panel",
                    "Lembar nilai",
                ],
                "rows": [
                    [
                        str(i),
                        s.participation.region.name,
                        long_date(s.day.date),
                        f"{format_clock(s.starts)}–{format_clock(s.ends)}",
                        s.room.name,
                        s.panel.name if s.panel_id else "–",
                        format_number(received[s.pk]),
                    ]
                    for i, s in enumerate(sessions, 1)
                ],
            },
        }
    )
    return values


def award_winners(category) -> list:
    """The winners of an award category: [(rank, region, score)], best first."""
    from kotacerdas.evaluations.results import award_winners as winners_of
    from kotacerdas.evaluations.results import compute_results

    event = category.event
    for cat, entries in winners_of(event, compute_results(event)):
        if cat.pk == category.pk:
            return [(e.rank, e.region, e.final) for e in entries]
    return []


def award_certificate(letter) -> dict:
    category = letter.award_category
    if category is None:
        return {}
    values = {"nama_acara": category.event.name, "nama_penghargaan": category.name}
    for rank, region, score in award_winners(category):
        if letter.region_id == region.pk:
            values["peringkat"] = f"Terbaik {ROMAN[rank - 1] if rank <= len(ROMAN) else rank}"
            values["nilai"] = format_number(score, 2)
            break
    return values


def quick_win_commitment(letter) -> dict:
    from kotacerdas.masterplans.models import MasterplanProgramme

    participation = letter.participation
    region = letter.region
    if participation is None or region is None:
        return {}
    programmes = list(
        MasterplanProgramme.objects.filter(masterplan__participation=participation, is_quick_win=True)
        .select_related("owner_opd")
        .order_by("pk")
    )
    lines = []
    for i, programme in enumerate(programmes, 1):
        owner = f" ({programme.owner_opd.name})" if programme.owner_opd_id else ""
        months = f", {programme.delivery_months} bulan" if programme.delivery_months else ""
        lines.append(f"{i}. {programme.name}{owner}{months}")
    head = f"{head_of_region(region)} {short_region_name(region)}"
    signatures = [[head, ""]]
    for opd in region.opds.all().order_by("name"):
        signatures.append([opd_head_position(opd), opd.head_name])
    return {
        "daftar_quick_win": "\n".join(lines) or "–",
        "jumlah_quick_win": format_number(len(programmes)),
        "tanda_tangan": signatures,
    }


BY_KIND = {
    LetterKind.BIMTEK_INVITATION: bimtek_invitation,
    LetterKind.EVALUATION_INVITATION: evaluation_invitation,
    LetterKind.SELECTION_DECISION: selection_decision,
    LetterKind.EVENT_REPORT: event_report,
    LetterKind.AWARD_CERTIFICATE: award_certificate,
    LetterKind.QUICK_WIN_COMMITMENT: quick_win_commitment,
}


def values_for(letter) -> dict:
    """Every value of ``letter``'s placeholders computed from the data now, in Indonesian, with the values set
    by hand on the draft (``overrides``) on top."""
    with translation.override("id"):
        values = common_values(letter)
        values.update(region_values(letter.region))
        values.update(BY_KIND[letter.kind](letter))
    values.update({k: v for k, v in (letter.overrides or {}).items() if isinstance(v, str)})
    values["nomor"] = letter.number
    return values
