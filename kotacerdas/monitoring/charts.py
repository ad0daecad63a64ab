"""Server-rendered SVG of an indicator's values against its targets (docs/architecture.md, "House rules": the same markup serves pages and
reports)."""

from decimal import Decimal

from django.utils.html import escape

from kotacerdas.core.numbers_format import format_number

VALUE, TARGET, PENDING = "#0b5c63", "#c9822b", "#8fa3ad"


def _fmt(number: Decimal) -> str:
    """At most two decimal places, in the active language (``2.150,5``): core/numbers_format.py."""
    return format_number(number, max_places=2)


def trend_svg(
    *,
    title: str,
    unit: str,
    baseline: tuple[int, Decimal] | None,
    values: list[tuple[int, Decimal, bool]],
    targets: list[tuple[int, Decimal]],
    width: int = 640,
    height: int = 260,
) -> str:
    """A line of values by year (hollow points: not verified yet), the targets as a dashed line, the baseline as
    the first point. ``values``: (year, value, verified)."""
    points = [(y, v) for y, v, _ok in values] + list(targets) + ([baseline] if baseline else [])
    if not points:
        return ""
    years = sorted({y for y, _v in points})
    low = min(v for _y, v in points)
    high = max(v for _y, v in points)
    if low == high:
        low, high = low - 1, high + 1
    left, right, top, bottom = 70, 20, 30, 40
    span_x = max(len(years) - 1, 1)

    def x(year):
        return left + (width - left - right) * (years.index(year) / span_x if len(years) > 1 else 0.5)

    def y(value):
        return top + (height - top - bottom) * float((high - value) / (high - low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" fill="#5b6770">{escape(unit)}</text>',
    ]
    for tick in (low, (low + high) / 2, high):
        out.append(
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#5b6770">{_fmt(tick)}</text>'
        )
        out.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#d5dde2"/>'
        )
    for year in years:
        out.append(
            f'<text x="{x(year):.1f}" y="{height - 14}" text-anchor="middle" fill="#1d2327">{year}</text>'
        )
    if len(targets) > 1:
        path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(targets))
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    for yr, v in targets:
        out.append(f'<rect x="{x(yr) - 4:.1f}" y="{y(v) - 4:.1f}" width="8" height="8" fill="{TARGET}"/>')
    line = ([baseline] if baseline else []) + [(yr, v) for yr, v, _ok in sorted(values)]
    if len(line) > 1:
        path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in line)
        out.append(f'<polyline points="{path}" fill="none" stroke="{VALUE}" stroke-width="2.5"/>')
    if baseline:
        out.append(f'<circle cx="{x(baseline[0]):.1f}" cy="{y(baseline[1]):.1f}" r="5" fill="#5b6770"/>')
    for yr, v, verified in values:
        fill = VALUE if verified else "#ffffff"
        out.append(
            f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="5" fill="{fill}" stroke="{VALUE if verified else PENDING}" '
            f'stroke-width="2"><title>{yr}: {_fmt(v)}</title></circle>'
        )
    out.append("</svg>")
    return "".join(out)
