"""The one Swedish chart theme: how numbers are written and which colours mean what, for every renderer."""

from __future__ import annotations

import datetime as dt
import math

from ui.output import format as fmt
from ui.output.charts.definition import Chart
from ui.output.palette import TARGET_COLOUR
from ui.output.status import STATUS

NEUTRAL = "#44535F"  # the main series when no status is known: a calm dark grey-blue, not a status
COMPARE = "#B8C1CA"  # last year and other comparison series
TARGET = TARGET_COLOUR
FONT = "DejaVu Sans"  # in matplotlib; Plotly uses the app's font

# Status colours come from the one status table only; the word and icon always go with them.
STATUS_COLOUR = {key: style.colour for key, style in STATUS.items()}


def colour(status: str | None, compare: bool = False) -> str:
    if compare:
        return COMPARE
    return STATUS_COLOUR.get(status or "", NEUTRAL)


def status_mark(status: str | None) -> str:
    """'✔ Uppfyllt' – the icon and word that always go with a status colour."""
    if not status or status not in STATUS:
        return ""
    return STATUS[status].mark


def is_mnkr(chart: Chart) -> bool:
    return chart.unit == "amount" and any(abs(v) >= 1_000_000 for v in chart.shown_values())


def value(chart: Chart, number: float | None, decimals: int | None = None) -> str:
    """A value in the chart's unit, the Swedish way: '82 %', '1 234', '−1,5 mnkr', '112 dagar'."""
    if number is None:
        return fmt.DASH
    places = chart.decimals if decimals is None else decimals
    if chart.unit == "share":
        return fmt.signed_share(number, places)
    if chart.unit == "amount":
        return fmt.signed_msek(number) if is_mnkr(chart) else fmt.signed_number(number) + f"{fmt.NBSP}kr"
    if chart.unit == "days":
        return fmt.signed_number(number, places) + f"{fmt.NBSP}dagar"
    return fmt.signed_number(number, places)


def tick(chart: Chart, number: float) -> str:
    """An axis tick: as a value but without the unit word for days and with whole numbers where they fit."""
    if chart.unit == "share":
        step = _step(chart)
        return fmt.signed_share(number, 0 if step >= 0.01 else 1)
    if chart.unit == "amount" and is_mnkr(chart):
        places = 0 if _step(chart) >= 1_000_000 else 1
        return fmt.signed_number(number / 1_000_000, places)
    places = 0 if float(number).is_integer() else 1
    return fmt.signed_number(number, places)


def axis_title(chart: Chart) -> str:
    if chart.unit == "amount":
        return "mnkr" if is_mnkr(chart) else "kr"
    return {"days": "dagar"}.get(chart.unit, "")


def category(item) -> str:
    if isinstance(item, dt.datetime):
        item = item.date()
    if isinstance(item, dt.date):
        return fmt.month(item)
    return str(item)


def value_range(chart: Chart) -> tuple[float, float]:
    """The value axis: a fixed range if the chart has one, else from 0 (shares too) with room for labels."""
    if chart.value_range is not None:
        return chart.value_range
    values = chart.shown_values() or [0.0]
    low, high = min(0.0, *values), max(0.0, *values)
    if chart.unit == "share" and high <= 1 and low >= 0:
        return 0.0, max(high, 0.1)
    if high == low:
        high = low + 1
    return low, high


def ticks(chart: Chart, low: float | None = None, high: float | None = None, count: int = 5) -> list[float]:
    """Round tick values over the value axis."""
    if low is None or high is None:
        low, high = value_range(chart)
    return round_ticks(low, high, count)


def round_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from low to high: 0, 0.25, 0.5 … or 0, 2 000, 4 000 …"""
    step = _nice((high - low) / count) if high > low else 1.0
    first = math.floor(low / step) * step
    out, tick_value = [], first
    while tick_value <= high + step * 1e-6:
        out.append(round(tick_value, 10))
        tick_value += step
    return out


def _step(chart: Chart) -> float:
    marks = ticks(chart)
    return marks[1] - marks[0] if len(marks) > 1 else 1.0


def _nice(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def target_text(chart: Chart, number: float) -> str:
    comparator = {"higher": "≥", "lower": "≤"}.get(chart.better or "", "≤")
    return f"{chart.target_word} {comparator} {value(chart, number)}"


def point_text(chart: Chart, series_index: int, index: int) -> str:
    """The text at a bar or point: its own label (e.g. '<5', '82 % (41 av 50)') or the value, and the status."""
    series = chart.series[series_index]
    text = series.label(index) or ("" if series.values[index] is None else value(chart, series.values[index]))
    mark = status_mark(series.status(index))
    return f"{text}  {mark}".strip() if mark else text
