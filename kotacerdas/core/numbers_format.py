"""Numbers, money, percentages and clock times as a reader sees them, in the active language.

One place for every page, chart (SVG text), document (DOCX, PDF) and spreadsheet text cell, so they agree:

- ``format_number``: ``1.785``, ``0,00`` (English ``1,785``, ``0.00``)
- ``format_percent``: ``30%`` in both languages
- ``format_rupiah``: ``Rp 338.500.000`` (English ``Rp 338,500,000``)
- ``format_measure``: a value with its unit, ``45,5 km²``, ``59%``
- ``format_clock``, ``format_time_in``, ``format_when``: ``14.45``, ``14.45 WIB``, ``13 Desember 2018 14.45``
  (English ``14:45``, ``14:45 WIB``, ``13 December 2018 14:45``)

Built on Django's ``number_format`` with the locale's separators (``django/conf/locale/id/formats.py``) and
``force_grouping``, so ``USE_THOUSAND_SEPARATOR`` stays off: turning it on would also group years and primary
keys wherever a template prints them (``2.019``). Values are rounded half up before formatting (Django's
formatter truncates). Never a thin space (U+2009, U+202F): separators are the locale's plain characters, and
the space in ``Rp 338.500.000`` is an ordinary one (keep it on one line with the ``nowrap`` class).

Machine outputs (the JSON API, CSV files, iCalendar, XLSX numeric cells) keep machine formats and do not use
this module.
"""

from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation

DASH = "–"
# Stored indicator values carry four decimal places (``55.0000``); more is never meaningful to a reader.
MAX_PLACES = 4
# Clock times: Indonesian writes hours and minutes with a full stop ("pukul 14.45"), English with a colon.
CLOCK_FORMATS = {"id": "H.i"}
CLOCK_DEFAULT = "H:i"
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _round(value: Decimal, places: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "-0,00"


def format_number(
    value, places: int | None = None, *, max_places: int = MAX_PLACES, empty: str = DASH
) -> str:
    """``value`` grouped by thousands with the active language's separators.

    ``places``: exactly that many decimal places (``format_number(0, 2)`` = ``0,00``); ``None``: as many as the
    value needs, at most ``max_places``, trailing zeros dropped (``Decimal("55.0000")`` = ``55``,
    ``Decimal("2150.5000")`` = ``2.150,5``). ``None`` or text that is no number gives ``empty``.
    """
    number = _decimal(value)
    if number is None or not number.is_finite():
        return empty
    if places is None:
        number = _round(number, max_places).normalize()
        places = max(-number.as_tuple().exponent, 0)
        number = _round(number, places)  # normalize() may write 1E+3
    else:
        number = _round(number, places)
    return str(formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True))


def format_percent(
    value, places: int | None = 0, *, ratio: bool = False, max_places: int = 2, empty: str = DASH
) -> str:
    """``30%`` (no space, as Indonesian and English both write it). ``value`` is a percentage (30) or, with
    ``ratio=True``, a fraction (0.3). ``places`` as in ``format_number`` (``None``: what the value needs,
    at most ``max_places``)."""
    number = _decimal(value)
    if number is None:
        return empty
    if ratio:
        number *= 100
    return f"{format_number(number, places, max_places=max_places)}%"


def format_measure(value, unit: str = "", places: int | None = None, *, empty: str = DASH) -> str:
    """A value with its unit: ``45,5 km²``, ``59%`` (a percent sign follows the number without a space),
    ``Rp 1.250.000`` (the rupiah sign goes first)."""
    text = format_number(value, places, empty="")
    if not text:
        return empty
    unit = (unit or "").strip()
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit.casefold() in ("rp", "rupiah"):
        return f"Rp {text}"
    return f"{text} {unit}"


def format_rupiah(value, *, empty: str = DASH) -> str:
    """``Rp 338.500.000``: whole rupiah, grouped."""
    text = format_number(value, 0, empty="")
    return f"Rp {text}" if text else empty


def clock_format() -> str:
    """The active language's hours-and-minutes format: ``H.i`` (Indonesian) or ``H:i``."""
    language = (translation.get_language() or "").split("-")[0]
    return CLOCK_FORMATS.get(language, CLOCK_DEFAULT)


def format_when(value, date_format: str = "j F Y H:i", *, empty: str = "") -> str:
    """A date and time with Django's date format letters, its ``H:i`` written the active language's way
    (``13 Desember 2018 14.45``). An aware ``datetime`` is shown in the current time zone."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, date_format.replace("H:i", clock_format()))


def format_clock(value, *, empty: str = "") -> str:
    """``14.45`` (Indonesian) or ``14:45`` (English) for a ``time`` or a ``datetime`` (an aware one is shown in
    the current time zone, as Django's ``time`` filter does)."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.time_format(value, clock_format())


def zone_abbreviation(zone) -> str:
    """``WIB``, ``WITA`` or ``WIT`` for an Indonesian time zone (a name or a ``ZoneInfo``); the name otherwise."""
    name = str(getattr(zone, "key", zone) or "")
    return ZONE_ABBREVIATIONS.get(name, name)


def format_time_in(value, zone=None) -> str:
    """``14.45 WIB``: a clock time with its zone. An aware ``datetime`` is converted to ``zone`` (default: the
    current time zone); a plain ``time`` is taken as already in ``zone``."""
    if value is None:
        return ""
    if zone is None:
        zone = timezone.get_current_timezone()
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(zone).replace(tzinfo=None)
    return f"{format_clock(value)} {zone_abbreviation(zone)}"


def format_clock_range(starts: time, ends: time, zone=None) -> str:
    """``14.45–15.30 WIB`` (with the zone when one is given)."""
    text = f"{format_clock(starts)}–{format_clock(ends)}"
    return f"{text} {zone_abbreviation(zone)}" if zone else text


def format_clock_with_local(starts: time, ends: time | None, event_zone, local_zone, day) -> str:
    """``10.00–10.45 WIB (11.00–11.45 WITA)``: a session's clock times in the event's zone, followed by the same
    moments in the region's zone when the two differ (the offset on ``day``, from zoneinfo); only
    ``10.00–10.45 WIB`` when they are the same. ``ends=None`` gives one time: ``10.00 WIB (11.00 WITA)``.
    English shows ``10:00``. The times are plain clock times in ``event_zone`` on ``day``."""
    event_tz = ZoneInfo(str(getattr(event_zone, "key", event_zone)))
    local_tz = ZoneInfo(str(getattr(local_zone, "key", local_zone or event_tz.key)))

    def shown(times, zone) -> str:
        return f"{DASH.join(format_clock(t) for t in times)} {zone_abbreviation(zone)}"

    times = [t for t in (starts, ends) if t is not None]
    text = shown(times, event_tz)
    if local_tz.key == event_tz.key:
        return text
    moments = [datetime.combine(day, t, tzinfo=event_tz).astimezone(local_tz) for t in times]
    local = [m.replace(tzinfo=None).time() for m in moments]
    if local == times:  # another name for the same offset
        return text
    inside = shown(local, local_tz)
    if moments[0].date() != day:
        # Past midnight (or before it) where the region is: its own date too, so nobody comes a day late.
        inside = f"{inside}, {formats.date_format(moments[0].date(), 'D j M')}"
    return f"{text} ({inside})"
