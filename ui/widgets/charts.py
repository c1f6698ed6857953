"""One chart theme for every page: a colour-blind-safe palette, Swedish months, targets drawn alike."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from services.core import kpi
from ui.output import format as fmt
from ui.output.charts import theme
from ui.output.palette import MUTED, PALETTE, TARGET_COLOUR  # noqa: F401 (pages read them here)
from ui.output.status import STATUS
from ui.widgets import excel

pio.templates["enhetskollen"] = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14, "color": "#1B2733"},
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"showgrid": False, "linecolor": "#C9D1D9", "ticks": "outside"},
        yaxis={"gridcolor": "#E6EAEE", "zeroline": False, "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0, "title": {"text": ""}},
        margin={"l": 10, "r": 10, "t": 84, "b": 10},
        title={"x": 0, "xanchor": "left", "y": 0.985, "yanchor": "top", "yref": "container"},
        hoverlabel={"font_size": 14},
        separators=", ",  # Swedish: decimal comma, space between thousands
    )
)
# Merged once, under one name: a "+"-joined default is merged again for every figure Plotly creates
# (about 30 ms a figure; Översikt alone draws 16 sparklines). The merged template is the same.
pio.templates["enhetskollen_white"] = pio.templates["plotly_white+enhetskollen"]
pio.templates.default = "enhetskollen_white"


MONTHS_LEVEL = 6  # up to this many months the labels fit level under the bars of a half-width chart
SLANT_ROOM = 56  # px left of the plot for the first slanted label ('nov 2025' at −30° is some 40 px wide)


def month_axis(fig: go.Figure, months: Sequence[dt.date | pd.Timestamp]) -> go.Figure:
    """Label months in Swedish ('okt 2026'), one tick per month, the last (current) one too.

    More than six months are written slanted up to the left, each ending at its bar: Plotly's own slant
    (down to the right) pushed the last month's label past the chart's right edge, where it was dropped.
    """
    values = list(pd.to_datetime(pd.Series(list(months))).sort_values().unique())
    fig.update_xaxes(tickvals=values, ticktext=[fmt.month(pd.Timestamp(v).date()) for v in values], automargin=True)
    if len(values) > MONTHS_LEVEL:  # the first label then reaches left of the plot: room for it in the margin
        fig.update_xaxes(tickangle=-45 if len(values) > 13 else -30)
        fig.update_layout(margin={"l": max(fig.layout.margin.l or 0, SLANT_ROOM)})
    return fig


def target_line(fig: go.Figure, target: float | None, text: str) -> go.Figure:
    """The target as a dashed line with its value written on it, the same everywhere."""
    if target is not None:
        fig.add_hline(
            y=target, line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            annotation={"text": text, "font": {"size": 13, "color": TARGET_COLOUR}, "bgcolor": "rgba(255,255,255,0.8)"},
            annotation_position="top right",
        )
    return fig


def share_axis(fig: go.Figure) -> go.Figure:
    ticks = [0, 0.25, 0.5, 0.75, 1]  # written "75 %" with the space (Plotly's ".0%" would say "75%")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.12], rangemode="normal", tickvals=ticks,
                     ticktext=[fmt.share(t) for t in ticks])
    return fig


def titled(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Title above the legend above the plot, never on top of each other."""
    # The title 6 px below the top whatever the height: the theme's y (a share of the height) put it on the first
    # bar of a tall chart (a round of 40 people is 1 240 px).
    fig.update_layout(title={"text": title, "font": {"size": 17}, "y": 1 - 6 / height}, height=height, legend_title_text="")
    legend = sum(1 for trace in fig.data if trace.showlegend is not False) > 1
    top = (44 if title else 12) + (32 if legend else 0)
    fig.update_layout(margin={"t": top}, showlegend=legend)
    return fig


def statuses(values, result) -> list[str]:
    """Each value's status against the KPI's target, by the catalogue's own rule (direction and warn level)."""
    return [kpi.status(result.better, None if v is None or v != v else float(v), result.target, result.warn)
            for v in values]


def against_target(values, result) -> list[str]:
    """Bar colours: the status colour of each value against the KPI's target (neutral blue without a target)."""
    if result.target is None:
        return [PALETTE[0]] * len(values)
    return [STATUS[s].colour for s in statuses(values, result)]


def colour_map(labels: list[str]) -> dict[str, str]:
    """A fixed colour per label (in the code list's order), so a kind has one colour on every chart."""
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}


def _category(value) -> str:
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return fmt.month(pd.Timestamp(value).date())
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return fmt.month(dt.date.fromisoformat(value))
    return str(value)


def _formatter(axis) -> callable:
    is_share = "%" in str(axis.tickformat or "")
    def format_value(value):
        if value is None or (isinstance(value, float) and value != value):
            return "–"
        if is_share:
            return fmt.signed_share(value, 1)
        return fmt.signed_number(value, 0 if float(value).is_integer() else 1)
    return format_value


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers a chart draws, as a table: categories down, one column per series.

    Read from the figure itself, so every chart gets the same text alternative without a
    second hand-written table that could drift from the picture.
    """
    columns: dict[str, list[tuple[str, str]]] = {}
    for number, trace in enumerate(fig.data, start=1):
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        categories, values = (y, x) if horizontal else (x, y)
        value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
        format_value = _formatter(value_axis)
        name = trace.name or f"Serie {number}"
        columns[name] = [(_category(c), format_value(v)) for c, v in zip(categories, values)]
    if not columns:
        return pd.DataFrame()
    order: list[str] = []
    for pairs in columns.values():
        order += [c for c, _ in pairs if c not in order]
    duplicated = any(len({c for c, _ in pairs}) < len(pairs) for pairs in columns.values())
    if duplicated:  # e.g. a scatter of people: one row per point instead
        rows = [{"Serie": name, "Värde": f"{c}: {v}"} for name, pairs in columns.items() for c, v in pairs]
        return pd.DataFrame(rows)
    table = pd.DataFrame({"": order})
    for name, pairs in columns.items():
        lookup = dict(pairs)
        table[name] = [lookup.get(c, "–") for c in order]
    return table


# Plotly draws a little HTML in every text it shows (legend names, axis categories, text on bars, hover labels,
# titles): <a href> becomes a link, <b> and <span style> render. Names come from the data (team, unit and staff
# names, the workload model's labels), so every string a figure carries is escaped before it is drawn; Plotly
# turns &lt; &gt; &amp; back into the characters. Templates are code and keep their markup (<extra>).
_CODE_KEYS = frozenset({"hovertemplate", "texttemplate", "template", "hovertemplatesrc", "texttemplatesrc"})


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: v if k in _CODE_KEYS else _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return [_escaped(v) for v in value.tolist()]
    return value


def inert(fig: go.Figure) -> go.Figure:
    """A copy of the figure in which no text from the data can be markup (every chart passes here).

    The figure was validated when it was built and escaping changes only the characters of its strings,
    so the copy is not validated again (that would cost some 30 ms per chart for the template alone).
    """
    return go.Figure(_escaped(fig.to_dict()), _validate=False)


def plotly_chart(fig: go.Figure, where=None, **kwargs) -> None:
    """st.plotly_chart for the app's figures: always the inert copy."""
    (where or st).plotly_chart(inert(fig), **kwargs)


CONFIG = {"displayModeBar": False, "displaylogo": False}  # Plotly's toolbar speaks English only


# A hover template that reads only prepared text (Swedish strings built with ui.output.format) is kept; one
# that lets Plotly format a number or a date ('%{y:.0%}' says "82%", '%{x|%b %Y}' says "Oct 2026"), or none at all
# (Plotly's default, with "trace 0" and the waterfall's "Initial"/"Delta"), is replaced.
_PLOTLY_FORMATS = re.compile(r"%\{(x|y|value|label|percent|delta|initial|final)[^}]*\}")


def _is_share_axis(axis) -> bool:
    return "%" in str(axis.tickformat or "") or any("%" in str(t) for t in (axis.ticktext or ()))


def swedish_hover(fig: go.Figure) -> go.Figure:
    """Every hover text in Swedish: 'okt 2026 · Konsulter: 2,5', '82 %' with the space, decimal comma, '−'."""
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip" or trace.type not in ("bar", "scatter", "waterfall"):
            continue
        template = getattr(trace, "hovertemplate", None) or ""
        if template and not _PLOTLY_FORMATS.search(template):
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        if categories is None or values is None:
            continue
        is_share = _is_share_axis(fig.layout.xaxis if horizontal else fig.layout.yaxis)
        texts = list(trace.text) if isinstance(trace.text, (list, tuple)) and len(trace.text) == len(values) else None
        name = trace.name if trace.name and len(fig.data) > 1 else ""
        lines = []
        for i, (category, value) in enumerate(zip(categories, values)):
            shown = str(texts[i]) if texts and texts[i] not in (None, "") else fmt.chart_value(value, is_share)
            lines.append(f"{_category(category)} · {name}: {shown}" if name else f"{_category(category)}: {shown}")
        trace.hovertext = lines
        trace.hovertemplate = "%{hovertext}<extra></extra>"
    return fig


def _values(values) -> list:
    return [] if values is None else list(values)


def swedish_share_ticks(fig: go.Figure) -> go.Figure:
    """A per-cent axis left to Plotly ('.0%' writes "80%") gets its ticks written the Swedish way: "80 %"."""
    for name, horizontal in (("yaxis", False), ("xaxis", True)):
        axis = fig.layout[name]
        if "%" not in str(axis.tickformat or "") or axis.ticktext:
            continue
        values = [float(v) for trace in fig.data if (getattr(trace, "orientation", None) == "h") == horizontal
                  for v in _values(trace.x if horizontal else trace.y) if v is not None and v == v]
        values += [float(v) for v in (axis.range or ()) if v is not None]
        if not values:
            continue
        low, high = min(0.0, *values), max(0.0, *values)
        marks = theme.round_ticks(low, high if high > low else low + 0.1)
        step = marks[1] - marks[0] if len(marks) > 1 else 0.1
        fig.update(layout={name: {"tickvals": marks, "ticktext": [fmt.signed_share(m, 0 if step >= 0.01 else 1) for m in marks]}})
    return fig


def show(fig: go.Figure, where=None, key: str | None = None) -> None:
    """A chart and, folded under it, the numbers it draws (the text alternative WCAG 2.1 asks for)."""
    where = where or st
    plotly_chart(swedish_hover(swedish_share_ticks(fig)), where, width="stretch", key=key, config=CONFIG)
    table = figure_table(fig)
    if not table.empty:
        title = fig.layout.title.text or key or "diagram"
        slug = "".join(c if c.isalnum() else "_" for c in title.lower())[:40].strip("_")
        with where.expander("Siffrorna i diagrammet"):
            st.dataframe(table, hide_index=True, width="stretch", key=None if key is None else f"{key}_table")
            excel.download("Ladda ner som Excel", {title[:31] or "Diagram": table}, f"{slug}.xlsx", key=f"xlsx_{key or slug}")
