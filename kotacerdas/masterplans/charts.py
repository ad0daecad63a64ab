"""Server-rendered SVG charts: the same markup serves the page, the PDF and (as PNG) the DOCX."""

from django.utils.html import escape

from kotacerdas.masterplans.roadmap import RoadmapDimension, horizon_spans

PALETTE = ["#0b5c63", "#c9822b", "#2f6db3", "#3f8f4e", "#8a4fa3", "#b3413b"]


def programmes_per_dimension_svg(counts: list[tuple[str, int]], *, title: str) -> str:
    """A horizontal bar chart: number of programmes per dimension."""
    width, bar_h, gap, left = 640, 22, 10, 190
    height = 40 + len(counts) * (bar_h + gap)
    top = max([n for _, n in counts] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, n) in enumerate(counts):
        y = 20 + i * (bar_h + gap)
        w = (width - left - 60) * n / top
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="#1d2327">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[i % 6]}" rx="3"/>'
        )
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}" fill="#1d2327">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def roadmap_svg(masterplan, roadmap: list[RoadmapDimension], *, title: str) -> str:
    """A timeline: one lane per programme, grouped by dimension, over the years of the masterplan."""
    years = masterplan.years
    label_w, year_w, row_h, head_h = 260, max(36, 560 // max(len(years), 1)), 20, 58
    rows = sum(max(len(d.rows), 1) + 1 for d in roadmap)
    width = label_w + year_w * len(years) + 10
    height = head_h + rows * row_h + 10
    x_of = {year: label_w + i * year_w for i, year in enumerate(years)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
    ]
    shades = ["#e3f1f2", "#fff4d6", "#eef1f4"]
    spans = horizon_spans(masterplan)
    for i, (_label, first, last) in enumerate(spans):
        x, w = x_of[first], (last - first + 1) * year_w
        out.append(f'<rect x="{x}" y="0" width="{w}" height="{height}" fill="{shades[i % 3]}"/>')
    # Labels after all the shading, so a label wider than its (one-year) horizon is not painted over.
    for i, (label, first, _last) in enumerate(spans):
        # Alternate the label rows so neighbouring labels do not overlap either.
        out.append(
            f'<text x="{x_of[first] + 4}" y="{12 + 13 * (i % 2)}" fill="#5b6770">{escape(str(label))}</text>'
        )
    for year, x in x_of.items():
        out.append(f'<text x="{x + year_w / 2}" y="46" text-anchor="middle" fill="#1d2327">{year}</text>')
        out.append(f'<line x1="{x}" y1="52" x2="{x}" y2="{height}" stroke="#d5dde2" stroke-width="0.5"/>')
    y = head_h
    for i, dim in enumerate(roadmap):
        colour = PALETTE[i % 6]
        out.append(
            f'<text x="4" y="{y + 14}" font-weight="bold" fill="{colour}">{escape(str(dim.dimension))}</text>'
        )
        y += row_h
        for row in dim.rows:
            name = str(row.programme.name)
            name = name if len(name) <= 42 else name[:40] + "…"
            out.append(f'<text x="12" y="{y + 14}" fill="#1d2327">{escape(name)}</text>')
            if row.start and row.end:
                first, last = max(row.start, years[0]), min(row.end, years[-1])
                if first <= last:
                    x, w = x_of[first] + 2, (last - first + 1) * year_w - 4
                    fill = "#f2c14e" if row.programme.is_quick_win else colour
                    out.append(
                        f'<rect x="{x}" y="{y + 4}" width="{w}" height="{row_h - 8}" rx="3" fill="{fill}"/>'
                    )
            y += row_h
        if not dim.rows:
            y += row_h
    out.append("</svg>")
    return "".join(out)
