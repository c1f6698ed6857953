"""A `Chart` drawn by Plotly for the screen: Swedish ticks and hover, status colours, the target with its value."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.output.charts import theme
from ui.output.charts.definition import Chart

CONFIG = {"displayModeBar": False, "displaylogo": False, "locale": "sv"}  # no English toolbar on anybody's screen


def figure(chart: Chart, big: bool = False, height: int | None = None) -> go.Figure:
    """The chart as a Plotly figure; `big` for a shared screen (ticks and labels ≥ 18 px at 1920)."""
    size = {"tick": 22, "label": 24, "base": 20} if big else {"tick": 13, "label": 14, "base": 14}
    fig = go.Figure()
    labels = [theme.category(c) for c in chart.categories]
    positions = list(range(len(labels)))
    horizontal = chart.kind == "hbar"
    for number, series in enumerate(chart.series):
        colours = [theme.colour(series.status(i), series.compare) for i in positions]
        texts = [theme.point_text(chart, number, i) for i in positions]
        hover = [f"{labels[i]} · {series.name}: {texts[i] or theme.value(chart, series.values[i])}" for i in positions]
        common = {"name": series.name, "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"}
        if horizontal:
            fig.add_bar(y=positions, x=series.values, orientation="h", marker_color=colours, **common)
            for i in positions:  # the label at the bar's end, on white so no line runs through it
                at = max(series.values[i] or 0, 0)  # a negative bar has its label right of zero, by the names never
                fig.add_annotation(x=at, y=i, text=texts[i], showarrow=False, xanchor="left", xshift=8,
                                   yshift=(-14 if len(chart.series) > 1 and number else 0),
                                   font={"size": size["label"], "color": theme.TARGET}, bgcolor="white")
        elif chart.kind == "line":
            fig.add_scatter(x=positions, y=series.values, mode="lines+markers", connectgaps=False,
                            line={"color": colours[0] if series.compare else theme.NEUTRAL, "width": 5 if big else 3,
                                  "dash": "dot" if series.compare else "solid"},
                            marker={"color": colours, "size": 14 if big else 8}, **common)
            if not series.compare:
                for i in positions:
                    if texts[i]:  # away from the target line: below the point when the point is below the line
                        at = series.values[i] if series.values[i] is not None else 0
                        below = chart.line_target is not None and at < chart.line_target
                        fig.add_annotation(x=i, y=at, text=texts[i], showarrow=False,
                                           yanchor="top" if below else "bottom", yshift=-12 if below else 12,
                                           bgcolor="white", font={"size": size["label"] - 4, "color": theme.TARGET})
        else:
            fig.add_bar(x=positions, y=series.values, marker_color=colours, text=texts, textposition="outside",
                        textfont={"size": size["label"] - 4}, cliponaxis=False, **common)
    own = chart.own_targets
    if own:
        fig.add_scatter(
            **({"x": own, "y": positions} if horizontal else {"x": positions, "y": own}),
            mode="markers", name="Enhetens mål", marker={"symbol": "line-ns" if horizontal else "line-ew", "size": 46 if big else 28,
                                                       "line": {"width": 5 if big else 3, "color": theme.TARGET}},
            customdata=[f"{labels[i]}: {theme.target_text(chart, t)}" if t is not None else "" for i, t in enumerate(own)],
            hovertemplate="%{customdata}<extra></extra>",
        )
    target = chart.line_target
    if target is not None:
        line = {"color": theme.TARGET, "dash": "dash", "width": 3 if big else 2}
        note = {"text": theme.target_text(chart, target), "font": {"size": size["label"] - 2, "color": theme.TARGET},
                "bgcolor": "white"}
        if horizontal:
            fig.add_vline(x=target, line=line, annotation=note, annotation_position="top")
        else:  # the value written right of the plot, where no point or label can cover it
            fig.add_hline(y=target, line=line)
            fig.add_annotation(x=1, xref="paper", xanchor="left", xshift=6, y=target, showarrow=False, **note)
    low, high = theme.value_range(chart)
    marks = theme.ticks(chart, low, high)
    room = (high - low) * (0.55 if horizontal else 0.15)
    axis = {"tickvals": marks, "ticktext": [theme.tick(chart, m) for m in marks], "tickfont": {"size": size["tick"]},
            "range": [low - (room * 0.1 if low < 0 else 0), high + room], "zeroline": True, "zerolinecolor": "#9AA5B1",
            "title": {"text": theme.axis_title(chart), "font": {"size": size["tick"]}}, "showgrid": True,
            "gridcolor": "#E6EAEE"}
    ticktext = list(labels)  # every month labelled, the current one too; no markup (labels pass charts.inert)
    categories = {"tickvals": positions, "ticktext": ticktext, "tickfont": {"size": size["tick"]}, "showgrid": False}
    if horizontal:
        fig.update_xaxes(**axis)
        fig.update_yaxes(**categories, autorange="reversed")
    else:
        fig.update_yaxes(**axis)
        fig.update_xaxes(**categories, range=[-0.6, len(positions) - 0.4])
        if len(positions) > 13:
            fig.update_xaxes(tickangle=-45)
    legend = sum(1 for s in chart.series) > 1 or bool(own)
    fig.update_layout(
        separators=", ", barmode="group", showlegend=legend, font={"size": size["base"]},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": size["tick"]}},
        margin={"l": 10, "r": 30 if horizontal or target is None else (190 if big else 110),
                "t": 70 if legend or target is not None else 30, "b": 10},
        height=height or ((140 + (90 if big else 48) * len(positions)) if horizontal else (620 if big else 380)),
        plot_bgcolor="white", paper_bgcolor="white", hoverlabel={"font_size": size["base"]},
    )
    if chart.title:
        fig.update_layout(title={"text": chart.title})
    return fig
