"""Server-rendered SVG for the public dashboards: the map of Indonesia, stacked and grouped bars, a radar.

Like ``monitoring/charts.py`` these return markup strings built only from escaped labels and numbers, so the
same chart serves the page and a PDF (WeasyPrint draws inline SVG). No ``style`` attributes (CSP): colours
and fonts are presentation attributes. Every chart has a ``<title>`` and an ``aria-label``; the pages put a
table with the same figures next to it.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

from kotacerdas.core.numbers_format import format_number, format_percent

FONT = 'font-family="DejaVu Sans, sans-serif"'
TEXT, MUTED, GRID, BASE_DOT = "#1d2327", "#5b6770", "#d5dde2", "#b9c6cd"

# Okabe–Ito: told apart with the common colour-vision deficiencies; yellow left out (too pale on white).
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#7f5f1b", "#1d2327"]
# Steps of the house teal, light to dark, for ordered series (a participation's statuses).
SEQUENTIAL = ["#9fd3d8", "#4fa3ab", "#0b5c63", "#062f33"]

# The map's frame: equirectangular, 20 px a degree (why an SVG and not a tile map: docs/architecture.md, "Map").
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 94.5, 141.5, -11.5, 6.5
MAP_SCALE = 20
MAP_WIDTH = round((LON_MAX - LON_MIN) * MAP_SCALE)  # 940
MAP_HEIGHT = round((LAT_MAX - LAT_MIN) * MAP_SCALE)  # 360


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def percent_text(value) -> str:
    """``30%`` in either language (core/numbers_format.py); "–" when there is no figure."""
    return format_percent(value)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular: x grows with longitude, y with latitude southwards."""
    return (lon - LON_MIN) * MAP_SCALE, (LAT_MAX - lat) * MAP_SCALE


def _open(width: int, height: int, title: str, extra: str = "") -> list[str]:
    label = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}" {FONT} font-size="12"{extra}>',
        f"<title>{label}</title>",
    ]


def _legend(
    items: list[tuple[str, str]], *, top: float, width: int, shape: str = "rect"
) -> tuple[list, float]:
    """A legend laid out in rows across ``width``; returns the markup and the height it takes."""
    out, x, y, row = [], 8.0, top, 18
    for label, fill in items:
        needed = 22 + 7 * len(label) + 16
        if x + needed > width and x > 8:
            x, y = 8.0, y + row
        if shape == "circle":
            out.append(f'<circle cx="{x + 6:.1f}" cy="{y + 6:.1f}" r="5" fill="{fill}" stroke="#ffffff"/>')
        else:
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" rx="2" fill="{fill}"/>')
        out.append(f'<text x="{x + 18:.1f}" y="{y + 10.5:.1f}" fill="{TEXT}">{escape(label)}</text>')
        x += needed
    return out, y + row - top


# --- the map ------------------------------------------------------------------------------------------------


@dataclass
class MapDot:
    lat: float
    lon: float
    fill: str
    title: str
    code: str


@lru_cache(maxsize=4)
def _base_layer(points: tuple[tuple[float, float], ...]) -> str:
    """The faint dots of every kabupaten/kota; the same for every request, so built once per process."""
    circles = "".join(
        '<circle cx="{:.1f}" cy="{:.1f}" r="2.2"/>'.format(*project(lat, lon)) for lat, lon in points
    )
    return f'<g fill="{BASE_DOT}" aria-hidden="true">{circles}</g>'


def map_svg(
    *,
    title: str,
    base: tuple[tuple[float, float], ...],
    dots: list[MapDot],
    legend: list[tuple[str, str]] | None,
    base_label: str = "",
) -> str:
    """Indonesia as dots: ``base`` (every region, faint) and ``dots`` (participants, coloured, each with its
    own ``<title>``), and a legend under the map unless ``legend`` is None (the page then writes it in HTML,
    which stays legible when a phone shrinks the map)."""
    legend_items, legend_height = [], 0
    if legend is not None:
        legend_items, legend_height = _legend(
            [(base_label, BASE_DOT), *legend], top=MAP_HEIGHT + 10, width=MAP_WIDTH, shape="circle"
        )
    height = round(MAP_HEIGHT + (16 + legend_height if legend_items else 0))
    out = _open(MAP_WIDTH, height, title, ' class="map"')
    out.append(f'<rect x="0" y="0" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" rx="6" fill="#eef5f7"/>')
    out.append(_base_layer(base))
    out.append('<g stroke="#ffffff" stroke-width="1.2">')
    for dot in dots:
        x, y = project(dot.lat, dot.lon)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{dot.fill}" data-region="{escape(dot.code)}">'
            f"<title>{escape(dot.title)}</title></circle>"
        )
    out.append("</g>")
    out.extend(legend_items)
    out.append("</svg>")
    return "".join(out)


# --- bars ---------------------------------------------------------------------------------------------------


def stacked_bars_svg(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    colours: list[str] | None = None,
    width: int = 420,
    height: int = 220,
) -> str:
    """Vertical bars, one per category, stacked by series (``[(label, [count per category])]``, coloured
    from ``colours`` or the palette), the total above each bar and a legend below."""
    colours = colours or [colour(i) for i in range(len(series))]
    totals = [sum(values[i] for _label, values in series) for i in range(len(categories))]
    top_value = max(totals, default=0) or 1
    left, right, top, bottom = 36, 12, 18, 24
    plot_h = height - top - bottom
    legend_items, legend_height = _legend(
        [(label, colours[i]) for i, (label, _v) in enumerate(series)], top=height + 4, width=width
    )
    out = _open(width, round(height + 8 + legend_height), title)
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{format_number(round(top_value * fraction))}</text>'
        )
    slot = (width - left - right) / max(len(categories), 1)
    bar = min(48, slot * 0.6)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for s, (label, values) in enumerate(series):
            if not values[i]:
                continue
            h = plot_h * values[i] / top_value
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colours[s]}">'
                f"<title>{escape(category)} · {escape(label)}: {format_number(values[i])}</title></rect>"
            )
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{TEXT}" font-weight="bold">{format_number(totals[i])}</text>'
        )
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle" fill="{TEXT}">{escape(category)}</text>'
        )
    out.extend(legend_items)
    out.append("</svg>")
    return "".join(out)


def grouped_bars_svg(
    *,
    title: str,
    groups: list[str],
    series: list[tuple[str, list]],
    width: int = 640,
    label_width: int = 150,
) -> str:
    """Horizontal bars on a 0–100 % scale: one group per label in ``groups``, one bar per series in each
    (``[(label, [percent or None per group])]``); a missing figure is written as a dash."""
    bar_h, gap, top = 13, 14, 22
    group_h = bar_h * len(series) + gap
    left, right = label_width, 48
    plot_w = width - left - right
    plot_h = group_h * len(groups)
    out = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        x = left + plot_w * fraction
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h - gap / 2:.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="{MUTED}">{round(fraction * 100)}</text>'
        )
    for g, group in enumerate(groups):
        y0 = top + g * group_h
        mid = y0 + bar_h * len(series) / 2
        out.append(
            f'<text x="{left - 8}" y="{mid + 4:.1f}" text-anchor="end" fill="{TEXT}">{escape(group)}</text>'
        )
        for s, (label, values) in enumerate(series):
            value = values[g]
            y = y0 + s * bar_h
            if value is None:
                out.append(f'<text x="{left + 4}" y="{y + 10:.1f}" fill="{MUTED}">–</text>')
                continue
            w = plot_w * max(0, min(100, value)) / 100
            out.append(
                f'<rect x="{left}" y="{y + 1:.1f}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour(s)}">'
                f"<title>{escape(group)} · {escape(label)}: {percent_text(value)}</title></rect>"
            )
            out.append(
                f'<text x="{left + w + 4:.1f}" y="{y + 10:.1f}" fill="{TEXT}" font-size="11">{percent_text(value)}</text>'
            )
    legend_items, legend_height = _legend(
        [(label, colour(i)) for i, (label, _v) in enumerate(series)], top=top + plot_h + 2, width=width
    )
    height = round(top + plot_h + 6 + legend_height)
    return "".join([*_open(width, height, title), *out, *legend_items, "</svg>"])


# --- radar --------------------------------------------------------------------------------------------------


def radar_svg(*, title: str, axes: list[str], series: list[tuple[str, list]], size: int = 420) -> str:
    """A radar of percentages (0–100) on one axis per label; ``None`` counts as 0 on the polygon and is
    written as a dash in the axis label's figure."""
    width, radius = size + 120, size * 0.34
    cx, cy = width / 2, radius + 40
    n = max(len(axes), 3)

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0, min(100, value or 0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out = []
    for ring in (25, 50, 75, 100):
        ring_points = " ".join("{:.1f},{:.1f}".format(*point(i, ring)) for i in range(n))
        out.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}"/>')
        x, y = point(0, ring)
        out.append(f'<text x="{x + 4:.1f}" y="{y + 12:.1f}" fill="{MUTED}" font-size="10">{ring}</text>')
    for i, label in enumerate(axes):
        x, y = point(i, 100)
        out.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        lx, ly = point(i, 112)
        ly += -6 if ly < cy - radius * 0.9 else (10 if ly > cy + radius * 0.9 else 0)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" fill="{TEXT}">{escape(label)}</text>'
        )
    for s, (label, values) in enumerate(series):
        shape = " ".join("{:.1f},{:.1f}".format(*point(i, v)) for i, v in enumerate(values))
        fill = colour(s)
        out.append(
            f'<polygon points="{shape}" fill="{fill}" fill-opacity="0.18" stroke="{fill}" stroke-width="2.5">'
            f"<title>{escape(label)}</title></polygon>"
        )
        for i, value in enumerate(values):
            x, y = point(i, value)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}">'
                f"<title>{escape(axes[i])} · {escape(label)}: {percent_text(value)}</title></circle>"
            )
    legend_items, legend_height = _legend(
        [(label, colour(i)) for i, (label, _v) in enumerate(series)], top=cy + radius + 34, width=width
    )
    height = round(cy + radius + 40 + legend_height)
    return "".join([*_open(width, height, title), *out, *legend_items, "</svg>"])
