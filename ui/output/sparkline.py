"""A KPI card's trend as a small inline SVG: a line, the last point marked, the months and values in words.

Översikt shows sixteen of these. As Plotly charts each cost the browser a plotly.js figure to build
and draw (most of a warm Översikt's time in chromium); as SVG they are a few hundred bytes of markup
that the page paints at once. Numbers and month names only: no text from the store goes in.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from ui.output import format as fmt
from ui.output.palette import PALETTE

WIDTH, HEIGHT, PAD = 300, 60, 5


def points(values: Sequence[float | None], width: int = WIDTH, height: int = HEIGHT) -> list[tuple[float, float] | None]:
    """Each value's (x, y) in the drawing, None where there is no value; the lowest value at the foot."""
    known = [v for v in values if v is not None]
    if not known:
        return [None for _ in values]
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 2 * PAD) / max(len(values) - 1, 1)
    return [None if v is None else (round(PAD + i * step, 1), round(height - PAD - (v - low) / span * (height - 2 * PAD), 1))
            for i, v in enumerate(values)]


def label(values: Sequence[float | None], months: Sequence[dt.date], is_share: bool) -> str:
    """The trend in words, for the hover title and screen readers: 'nov 2025: 84 % · … · okt 2026: 82 %'."""
    return " · ".join(f"{fmt.month(m)}: {fmt.chart_value(v, is_share)}" for m, v in zip(months, values) if v is not None)


def svg(values: Sequence[float | None], months: Sequence[dt.date], is_share: bool) -> str:
    """The sparkline's markup: one polyline per run of known values (gaps stay gaps), a dot on the last value."""
    where = points(values)
    runs, run = [], []
    for point in where:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    if run:
        runs.append(run)
    colour = PALETTE[0]
    lines = "".join(
        f'<polyline points="{" ".join(f"{x},{y}" for x, y in r)}" fill="none" stroke="{colour}" stroke-width="2" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        for r in runs if len(r) > 1)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2" fill="{colour}"/>' for r in runs if len(r) == 1 for x, y in r)
    last = where[-1] if where else None
    if last is not None:
        dots += f'<circle cx="{last[0]}" cy="{last[1]}" r="3.5" fill="{colour}"/>'
    words = html.escape(label(values, months, is_share))
    return (f'<svg class="sparkline" role="img" aria-label="Utveckling: {words}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="100%" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{words}</title>{lines}{dots}</svg>')
