"""Presentationsläge: one large, calm view at a time for APT and the ledningsgrupp.

No names, no pseudonymous ids, counts 1–4 shown as "<5" (services/core/secrecy.py).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from services.access import roles, settings
from services.core.secrecy import masked_count
from services.kpis import catalogue, overview, presentation
from ui.output import format as fmt
from ui.output.kpi_text import target_text, value_text
from ui.output.status import STATUS
from ui.shell import frame, style
from ui.shell.data import call
from ui.shell.filters import scope_label
from ui.widgets import charts

filters = frame.page_setup(__file__, roles.ALL_ROLES, presentation=True)
style.presentation()
view = st.segmented_control("Visa", ["APT", "Ledningsgrupp"], default="APT", key="presentation_view")

unit_colours = call(settings.get, "unit_colours")


def unit_colour(code: str | None, position: int = 0) -> str:
    return unit_colours.get(code or "", charts.PALETTE[position % len(charts.PALETTE)])


def slide_figure(slide: presentation.Slide, colour: str) -> go.Figure:
    """Large bars or lines with their values written on them (no reading off an axis on a projector)."""
    fig = go.Figure()
    colours = [colour, charts.PALETTE[7 % len(charts.PALETTE)]]
    for index, series in enumerate(slide.series):
        if slide.is_share:
            text = [label or (fmt.share(v) if v is not None else "") for v, label in zip(series.values, series.labels)]
        else:
            text = [label or (fmt.number(v) if v is not None else "") for v, label in zip(series.values, series.labels)]
        if slide.kind == "hbar":
            fig.add_bar(y=[str(c) for c in slide.categories], x=series.values, orientation="h", name=series.name, text=text,
                        textposition="outside", marker_color=colours[index % 2], textfont_size=20)
        elif slide.kind == "line":
            fig.add_scatter(x=slide.categories, y=series.values, mode="lines+markers+text", name=series.name, text=text,
                            textposition="top center", line={"color": colours[index % 2], "width": 4}, marker_size=10,
                            textfont_size=16)
        else:
            fig.add_bar(x=slide.categories, y=series.values, name=series.name, text=text, textposition="outside",
                        marker_color=colours[index % 2], textfont_size=16)
    if slide.kind == "hbar":
        fig.update_yaxes(autorange="reversed", tickfont_size=18)
    else:
        charts.month_axis(fig, slide.categories)
        fig.update_xaxes(tickfont_size=16)
    if slide.is_share:
        charts.share_axis(fig)
        fig.update_yaxes(range=[0, 1.1])
    charts.target_line(fig, slide.target, "mål")
    fig.update_layout(font_size=18, legend_font_size=18, barmode="group", uniformtext_minsize=14)
    return charts.titled(fig, "", 560)


if view == "APT":
    slides = call(presentation.slides, filters)
    position = st.session_state.setdefault("slide", 0) % len(slides)
    back, counter, forward = st.columns([1, 4, 1])
    if back.button("← Föregående", width="stretch", key="previous_slide"):
        position = st.session_state["slide"] = (position - 1) % len(slides)
    if forward.button("Nästa →", width="stretch", key="next_slide"):
        position = st.session_state["slide"] = (position + 1) % len(slides)
    slide = slides[position]
    counter.caption(f"{position + 1} / {len(slides)} · {slide.area} · {scope_label(filters)} · {filters.period.label}")
    st.title(slide.message)
    charts.show(slide_figure(slide, unit_colour(filters.unit_code)), key=f"slide_{position}")
    if slide.note:
        st.caption(slide.note)
else:
    units = call(overview.units_side_by_side, filters)
    names = catalogue.names()
    code = st.selectbox("Nyckeltal", list(names), format_func=names.get, key="board_kpi")
    kpi = catalogue.get(code)
    st.title(f"{kpi.name} · {filters.period.label}")
    results = [u.results[code] for u in units]
    # A count of 1–4 is masked; shares and other ratios are shown as they are.
    counts = kpi.is_count
    masked = [counts and isinstance(masked_count(r.value), str) for r in results]
    fig = go.Figure(go.Bar(
        y=[u.unit_name for u in units], x=[None if m else r.value for r, m in zip(results, masked)], orientation="h",
        text=[f"{'<5' if m else value_text(code, r.value)} · {STATUS[r.status].short}" for r, m in zip(results, masked)],
        textposition="outside", textfont_size=20,
        marker_color=[unit_colour(u.unit_code, i) for i, u in enumerate(units)],
    ))
    fig.update_yaxes(autorange="reversed", tickfont_size=18)
    shown_values = [r.value for r, m in zip(results, masked) if r.value is not None and not m]
    low, high = min([0, *shown_values]), max([0, *shown_values])
    pad = (high - low) * 0.45 or 1
    fig.update_xaxes(range=[low - (pad if low < 0 else 0), high + pad])  # room for the value and its status word
    if kpi.is_share:
        charts.share_axis(fig)
    charts.target_line(fig, next((r.target for r in results if r.target is not None), None), "mål")
    fig.update_layout(font_size=18)
    charts.show(charts.titled(fig, "", 160 + 90 * len(units)), key="board_chart")
    st.caption(" · ".join(f"{u.unit_name}: {target_text(r)}" for u, r in zip(units, results)))
