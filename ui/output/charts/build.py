"""The charts the app draws, defined once from what services return: APT slides and the ledningsgrupp view."""

from __future__ import annotations

from services.core.kpi import KpiResult
from services.core.secrecy import MASK, is_small
from services.kpis import catalogue
from services.kpis.presentation import Slide
from ui.output import format as fmt
from ui.output.charts.definition import Chart, ChartSeries
from ui.output.kpi_text import value_text


def slide_chart(slide: Slide) -> Chart:
    """An APT slide's chart: the first series carries the message, the others (last year) are grey."""
    series = [ChartSeries(s.name, list(s.values), list(s.labels), compare=i > 0) for i, s in enumerate(slide.series)]
    value_range = None
    if slide.zoom:
        shown = [v for s in slide.series for v in s.values if v is not None] + ([slide.target] if slide.target else [])
        if shown:
            low, high = min(shown), max(shown)
            pad = max((high - low) * 0.25, 0.005)
            value_range = (max(0.0, low - pad), high + pad)
    return Chart(slide.kind, slide.unit, list(slide.categories), series, decimals=slide.decimals, target=slide.target,
                 better=slide.better, value_range=value_range, current=slide.current,
                 masked_note=slide.note)


def masked(code: str, result: KpiResult) -> bool:
    """A value the shared screen must not show: a count of 1–4, or a share of 1–4 cases."""
    kpi = catalogue.get(code)
    if kpi.is_count:
        return is_small(result.value)
    if kpi.is_share and kpi.basis is not None and kpi.basis.template.startswith("{n} av {d}"):
        return is_small(result.denominator)
    return False


def count_text(code: str, result: KpiResult) -> str:
    """'41 av 50' behind a share, with a count of 1–4 written as '<5'."""
    kpi = catalogue.get(code)
    if not (kpi.is_share and kpi.basis is not None and kpi.basis.template.startswith("{n} av {d}")):
        return ""
    if result.numerator is None or not result.denominator:
        return ""
    numerator = MASK if is_small(result.numerator) else fmt.number(result.numerator)
    return f"{numerator} av {fmt.number(result.denominator)}"


def board_chart(code: str, units: list[tuple[str, KpiResult]]) -> Chart:
    """One bar per unit, once, best first; value, counts and status at the bar; each unit's own target."""
    kpi = catalogue.get(code)
    shown = [(name, r, masked(code, r)) for name, r in units]
    reverse = kpi.better == "higher"  # a KPI without a direction has its target as a ceiling: lowest first, as its status

    def order(item):
        _, result, hidden = item
        if hidden or result.value is None:
            return (1, 0.0)
        return (0, -result.value if reverse else result.value)

    shown.sort(key=order)
    values, labels, statuses = [], [], []
    for _, result, hidden in shown:
        if hidden:
            values.append(None)
            labels.append(f"{MASK} ärenden" if kpi.is_share else MASK)
            statuses.append(None)  # a status on 3 cases says as much as the number
            continue
        counts = count_text(code, result)
        text = value_text(code, result.value)
        values.append(result.value)
        labels.append(fmt.minus(text) + (f" ({counts})" if counts else ""))
        statuses.append(result.status if result.value is not None else None)
    targets = [r.target for _, r, _ in shown]
    unit = {catalogue.SHARE: "share", catalogue.DAYS: "days", catalogue.RATIO: "ratio", catalogue.COUNT: "count",
            catalogue.AMOUNT: "amount"}[kpi.kind]
    hidden_units = [name for name, _, hidden in shown if hidden]
    return Chart("hbar", unit, [name for name, _, _ in shown], [ChartSeries(kpi.name, values, labels, statuses)],
                 decimals=kpi.decimals, targets=targets, better=kpi.better,
                 masked_note=(f"Färre än 5, visas inte: {', '.join(hidden_units)}" if hidden_units else ""))
