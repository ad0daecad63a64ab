"""Time zone of a province by its Kemendagri code (docs/domain.md §6)."""

from kotacerdas.regions.models import TimeZone

_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_WIB_EXTRA = {"61", "62"}


def timezone_for_province(code: str) -> str:
    if code in _WITA:
        return TimeZone.WITA
    if code in _WIT:
        return TimeZone.WIT
    if code in _WIB_EXTRA or (code.isdigit() and 11 <= int(code) <= 36):
        return TimeZone.WIB
    raise ValueError(f"No time zone is known for province code {code!r}.")
