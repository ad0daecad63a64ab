"""Server-rendered SVG of the implementation index: its distribution over the regions of a round, and a region's
index by year. Built only from escaped labels and numbers, with presentation attributes (CSP), like charts.py."""

from decimal import Decimal

from django.utils.html import escape

from kotacerdas.core.numbers_format import format_number
from kotacerdas.implementation.index import DEFAULT_SCALE, Scale
from kotacerdas.monitoring.charts import _fmt

BAR, HIGHLIGHT, TEXT, MUTED, GRID = "#0b5c63", "#c9822b", "#1d2327", "#5b6770", "#d5dde2"
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="11"'


def _open(width: int, height: int, title: str) -> list[str]:
    label = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}" {FONT}>',
        f"<title>{label}</title>",
    ]


def histogram_svg(
    bins: list[tuple[Decimal, Decimal, int]],
    *,
    title: str,
    highlight: Decimal | None = None,
    width: int = 640,
    height: int = 220,
) -> str:
    """Bars of how many regions fall in each index band; ``highlight`` marks the band of one region's index."""
    if not bins:
        return ""
    left, right, top, bottom = 36, 12, 16, 40
    most = max(max(n for _lo, _hi, n in bins), 1)
    slot = (width - left - right) / len(bins)
    out = _open(width, height, title)
    for tick in sorted({0, most // 2, most}):
        y = top + (height - top - bottom) * (1 - tick / most)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{tick}</text>')
    for i, (low, high, count) in enumerate(bins):
        x = left + i * slot
        bar = (height - top - bottom) * count / most
        last = i == len(bins) - 1
        marked = (
            highlight is not None and low <= highlight and (highlight < high or (last and highlight <= high))
        )
        fill = HIGHLIGHT if marked else BAR
        out.append(
            f'<rect x="{x + 2:.1f}" y="{height - bottom - bar:.1f}" width="{slot - 4:.1f}" height="{bar:.1f}" '
            f'fill="{fill}"><title>{_fmt(low)}–{_fmt(high)}: {count}</title></rect>'
        )
        if count:
            out.append(
                f'<text x="{x + slot / 2:.1f}" y="{height - bottom - bar - 4:.1f}" text-anchor="middle" '
                f'fill="{TEXT}">{count}</text>'
            )
        if i % 2 == 0 or len(bins) <= 8:
            out.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{MUTED}">{_fmt(low)}</text>'
            )
    out.append(
        f'<text x="{width - right:.1f}" y="{height - bottom + 16}" text-anchor="end" fill="{MUTED}">'
        f"{_fmt(bins[-1][1])}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def history_svg(
    points: list[tuple[int, Decimal]],
    *,
    title: str,
    scale: Scale = DEFAULT_SCALE,
    width: int = 640,
    height: int = 200,
) -> str:
    """A region's index by year on the whole index scale of its rounds (so years and regions compare at a
    glance), not zoomed to the values."""
    if not points:
        return ""
    left, right, top, bottom = 36, 20, 16, 34
    years = [y for y, _v in points]
    span = max(len(years) - 1, 1)

    def x(i):
        return left + (width - left - right) * (i / span if len(years) > 1 else 0.5)

    def y(value):
        return top + (height - top - bottom) * float((scale.high - Decimal(value)) / (scale.high - scale.low))

    out = _open(width, height, title)
    for tick in scale.ticks:
        out.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{MUTED}">{tick}</text>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_yr, v) in enumerate(points))
        out.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2.5"/>')
    for i, (year, value) in enumerate(points):
        out.append(
            f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="5" fill="{BAR}"><title>{year}: {format_number(value, 2)}</title>'
            "</circle>"
        )
        out.append(
            f'<text x="{x(i):.1f}" y="{y(value) - 9:.1f}" text-anchor="middle" fill="{TEXT}">{format_number(value, 2)}</text>'
        )
        out.append(f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle" fill="{TEXT}">{year}</text>')
    out.append("</svg>")
    return "".join(out)
