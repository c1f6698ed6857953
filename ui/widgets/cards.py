"""The KPI card: value, the count behind it, target, status (colour + icon + word), changes, trend."""

from __future__ import annotations

import html

import streamlit as st

from services.kpis import catalogue
from services.kpis.overview import KpiOverview
from ui.output import format as fmt
from ui.output.kpi_text import basis_text, target_text, value_text
from ui.output.status import STATUS
from ui.widgets.charts import plotly_chart, sparkline


def _change_text(code: str, now: float | None, before: float | None, label: str) -> str:
    if now is None or before is None:
        return f"{label}: {fmt.DASH}"
    diff = now - before
    if catalogue.get(code).is_share:
        text = f"{'+' if diff >= 0 else '−'}{fmt.number(abs(diff) * 100)} procentenheter"
    else:
        text = f"{'+' if diff >= 0 else '−'}{fmt.number(abs(diff), 1 if abs(diff) < 10 and diff % 1 else 0)}"
    return f"{label}: {text}"


def status_badge(status: str) -> str:
    """HTML for a status chip; only fixed texts go in, never data."""
    style = STATUS[status]
    return (
        f'<span style="background:{style.colour};color:white;border-radius:0.8em;padding:0.1em 0.6em;'
        f'font-size:0.85em;white-space:nowrap">{style.icon} {html.escape(style.short)}</span>'
    )


def kpi_card(item: KpiOverview, key: str) -> None:
    result = item.result
    with st.container(border=True):
        st.markdown(f"**{html.escape(result.name)}**")
        st.markdown(
            f'<div style="font-size:2.1em;font-weight:600;line-height:1.1">{html.escape(value_text(result.code, result.value))}</div>',
            unsafe_allow_html=True,
        )
        basis = basis_text(result)
        st.markdown(
            f'<div style="color:#4A5560;font-size:0.9em">{html.escape(basis) or "&nbsp;"}</div>'
            f'<div style="margin:0.3em 0">{status_badge(result.status)} '
            f'<span style="color:#4A5560;font-size:0.9em">{html.escape(target_text(result) if result.target is not None else "")}</span></div>',
            unsafe_allow_html=True,
        )
        changes = []
        if item.monthly:
            changes.append(_change_text(result.code, result.value, item.previous, "mot förra månaden"))
        changes.append(_change_text(result.code, result.value, item.last_year, "mot samma period i fjol"))
        st.caption(" · ".join(changes))
        months = [m for m, _ in item.trend]
        values = [v for _, v in item.trend]
        if any(v is not None for v in values):
            plotly_chart(sparkline(values, months, catalogue.get(result.code).is_share), key=f"spark_{key}",
                         config={"displayModeBar": False}, width="stretch")
