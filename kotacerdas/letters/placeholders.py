"""The placeholders a letter template may name, checking a template's text, and filling it.

A template is data the secretariat edits: its texts name values in braces (``{nama_daerah}``). The names are a
fixed list per kind of letter (``PLACEHOLDERS``); a template naming any other is refused when saved, naming it
(``unknown_placeholders``, called by ``LetterTemplate.clean``). Filling never runs code: one regular expression
replaces each known ``{name}`` with its value as plain text (never ``str.format``, which reads attributes and
indexes), and the values are escaped where they are printed (the letter's HTML is an autoescaped template).

The values themselves are computed from the data by ``letters/values.py``.
"""

import re

from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Anything in braces, for the check: "{Nama}" or "{nama daerah}" is refused, not silently left in the letter.
BRACED = re.compile(r"\{([^{}]*)\}")

COMMON = {
    "nomor": _("The letter's number, given at finalisation"),
    "tanggal_surat": _("The letter's date, e.g. 3 Desember 2018"),
    "tahun": _("The cohort's year"),
    "nama_program": _("The programme's name"),
    "nama_angkatan": _("The cohort's name"),
    "jabatan_penandatangan": _("The signer's position"),
    "nama_penandatangan": _("The signer's name"),
    "nip_penandatangan": _("The signer's NIP"),
}

REGION = {
    "nama_daerah": _("The region's name, e.g. Kabupaten Pemalang"),
    "nama_daerah_singkat": _("The region's name without Kabupaten/Kota, e.g. Pemalang"),
    "jabatan_kepala_daerah": _("The head of region's title, e.g. Bupati Pemalang"),
    "kepala_daerah": _("Bupati or Wali Kota"),
    "provinsi": _("The region's province"),
    "opd_pengampu": _(
        "The agency in charge of smart city in the region (the Kominfo office when there is one)"
    ),
}

EVENT = {
    "nama_acara": _("The evaluation event's name"),
    "tempat": _("The event's venue"),
    "alamat": _("The venue's address"),
    "tanggal_acara": _("The event's days, e.g. 12–14 Desember 2018"),
}

PLACEHOLDERS: dict[str, dict] = {
    "bimtek_invitation": {
        **COMMON,
        **REGION,
        "nama_tahap": _("The stage's name, e.g. Bimtek 2"),
        "tanggal_tahap": _("The stage's days, e.g. 10–12 April 2018"),
        "hari_tanggal_mulai": _("The first day with its weekday, e.g. Selasa, 10 April 2018"),
        "tempat": _("The stage's place"),
        "luaran": _("The deliverables expected at the stage"),
    },
    "evaluation_invitation": {
        **COMMON,
        **REGION,
        **EVENT,
        "hari_tanggal_sesi": _("The session's day, e.g. Kamis, 13 Desember 2018"),
        "jam_mulai": _("The session's start, e.g. 14.45"),
        "jam_selesai": _("The session's end, e.g. 15.30"),
        "zona": _("The event's time zone: WIB, WITA or WIT"),
        "jam_lokal": _(
            "The session's start in the event's time with the region's own beside it when the zones differ, "
            "e.g. 10.00 WIB (11.00 WITA)"
        ),
        "waktu_lokal": _(
            "The session's start and end in the event's time with the region's own beside them when the zones "
            "differ, e.g. 10.00–10.45 WIB (11.00–11.45 WITA)"
        ),
        "ruang": _("The session's room"),
        "durasi": _("The session's length in minutes"),
        "materi": _("What the region presents"),
    },
    "selection_decision": {
        **COMMON,
        "jumlah_daerah": _("How many regions were selected"),
        "daftar_daerah": _("The selected regions, one per line (the attachment lists them too)"),
    },
    "event_report": {
        **COMMON,
        **EVENT,
        "jumlah_sesi": _("Sessions held (with at least one submitted score sheet)"),
        "jumlah_sesi_terjadwal": _("Sessions scheduled"),
        "jumlah_panel": _("Panels"),
        "jumlah_evaluator": _("Evaluators on the panels"),
        "jumlah_lembar": _("Score sheets received (submitted)"),
        "ringkasan_hasil": _("Results summary: the three highest final scores"),
    },
    "award_certificate": {
        **COMMON,
        **REGION,
        "nama_acara": EVENT["nama_acara"],
        "nama_penghargaan": _("The award category, e.g. Masterplan Terbaik"),
        "peringkat": _("The place, e.g. Terbaik I"),
        "nilai": _("The score the place was ranked on"),
    },
    "quick_win_commitment": {
        **COMMON,
        **REGION,
        "daftar_quick_win": _("The region's quick-win programmes, one per line"),
        "jumlah_quick_win": _("How many quick-win programmes"),
    },
}


def unknown_placeholders(text: str, kind: str) -> list[str]:
    """The names in braces in ``text`` that ``kind`` does not know, in order of appearance, each once."""
    known = PLACEHOLDERS.get(kind, {})
    found = []
    for name in BRACED.findall(text or ""):
        if name not in known and name not in found:
            found.append(name)
    return found


# What a loosely typed name in braces most likely meant: "{ Nama Daerah }" (spaces, capitals, a non-breaking space
# or a zero-width space pasted from Word) is "{nama_daerah}".
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def meant_name(name: str, known) -> str | None:
    """The known name ``name`` was most likely typed for (spaces, capitals, invisible characters aside), or
    None."""
    guess = re.sub(r"[\s_-]+", "_", INVISIBLE.sub("", name).strip()).lower()
    return guess if guess in known and guess != name else None


def unknown_names_message(unknown: list[str], known) -> str:
    """ "Unknown placeholder: {Nama_Daerah}. Write {nama_daerah}." — the names refused, then the names they were
    most likely typed for."""
    text = _("Unknown placeholder: %(names)s.") % {"names": ", ".join("{" + n + "}" for n in unknown)}
    return text + meant_names_hint(unknown, known)


def meant_names_hint(unknown: list[str], known) -> str:
    """ " Write {nama_daerah}, {tempat}." for the names in ``unknown`` typed loosely for known ones, or ""."""
    meant = [m for m in (meant_name(name, known) for name in unknown) if m]
    if not meant:
        return ""
    return " " + _("Write %(placeholder)s.") % {"placeholder": ", ".join("{" + m + "}" for m in meant)}


def unbalanced_braces(text: str) -> bool:
    """Whether ``text`` has a brace that opens or closes no placeholder ("{nama", "}", "{{x}}")."""
    rest = BRACED.sub("", text or "")
    return "{" in rest or "}" in rest


def fill(text: str, values: dict) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` as plain text; a name without a value stays as
    typed, so a missing value shows on the draft instead of vanishing. Nothing is evaluated."""

    def value(match):
        name = match.group(1)
        if name in values and values[name] is not None:
            return str(values[name])
        return match.group(0)

    return PLACEHOLDER.sub(value, text or "")


def values_for(letter) -> dict:
    """The values of ``letter``'s placeholders, computed from the data (letters/values.py)."""
    from kotacerdas.letters.values import values_for as compute

    return compute(letter)
