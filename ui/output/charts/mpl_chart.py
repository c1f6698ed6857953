"""A `Chart` drawn by matplotlib, as a PNG for the PDF and Word reports: the same theme as the screen."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no screen: render to memory
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter  # noqa: E402

from ui.output.charts import theme  # noqa: E402
from ui.output.charts.definition import Chart  # noqa: E402

# A real minus sign (U+2212) wherever matplotlib writes a number itself; the theme's formatters write it too.
RC = {"axes.unicode_minus": True, "font.family": theme.FONT}


def png(chart: Chart, width: float = 6.5, height: float = 2.8, dpi: int = 150) -> bytes:
    with matplotlib.rc_context(RC):
        fig = figure(chart, width, height, dpi)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    return buffer.getvalue()


def figure(chart: Chart, width: float = 6.5, height: float = 2.8, dpi: int = 150):
    """The matplotlib figure (drawn, not yet saved); call it inside `matplotlib.rc_context(RC)`."""
    fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
    labels = [theme.category(c) for c in chart.categories]
    positions = list(range(len(labels)))
    horizontal = chart.kind == "hbar"
    count = len(chart.series)
    for number, series in enumerate(chart.series):
        colours = [theme.colour(series.status(i), series.compare) for i in positions]
        values = [float("nan") if v is None else v for v in series.values]
        if chart.kind == "line":
            ax.plot(positions, values, marker="o", color=theme.COMPARE if series.compare else theme.NEUTRAL,
                    linestyle=":" if series.compare else "-", label=series.name)
            if not series.compare:
                for i in positions:
                    text = theme.point_text(chart, number, i)
                    if text and series.values[i] is not None:  # below the point when the target line is above it
                        below = chart.line_target is not None and series.values[i] < chart.line_target
                        ax.annotate(text, (i, series.values[i]), textcoords="offset points", xytext=(0, -10 if below else 6),
                                    ha="center", va="top" if below else "bottom", fontsize=6.5,
                                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
        else:
            offset = (number - (count - 1) / 2) * (0.8 / count)
            where = [p + offset for p in positions]
            plain = [0 if v != v else v for v in values]
            if horizontal:
                ax.barh(where, plain, height=0.8 / count, color=colours, label=series.name)
            else:
                ax.bar(where, plain, width=0.8 / count, color=colours, label=series.name)
            for i, at in enumerate(where):
                text = theme.point_text(chart, number, i)
                if not text or series.compare and count > 1 and len(labels) > 6:  # last year's bars: the axis says it
                    continue
                value = max(plain[i], 0)
                if horizontal:
                    ax.annotate(text, (value, at), textcoords="offset points", xytext=(4, 0), va="center", fontsize=7,
                                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"}, zorder=5)  # over the target line
                else:
                    ax.annotate(text, (at, value), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=6.5)
    own = chart.own_targets
    if own:
        pairs = [(p, t) for p, t in zip(positions, own) if t is not None]
        if horizontal:
            ax.scatter([t for _, t in pairs], [p for p, _ in pairs], marker="|", s=300, color=theme.TARGET, label="Enhetens mål")
        else:
            ax.scatter([p for p, _ in pairs], [t for _, t in pairs], marker="_", s=300, color=theme.TARGET, label="Enhetens mål")
    target = chart.line_target
    if target is not None:
        text = theme.target_text(chart, target)
        if horizontal:
            ax.axvline(target, color=theme.TARGET, linestyle="--", linewidth=1)
            ax.annotate(text, (target, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
        else:
            ax.axhline(target, color=theme.TARGET, linestyle="--", linewidth=1)
            ax.annotate(text, (1.0, target), xycoords=("axes fraction", "data"), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7)
    low, high = theme.value_range(chart)
    marks = theme.ticks(chart, low, high)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_locator(FixedLocator(marks))
    value_axis.set_major_formatter(FuncFormatter(lambda v, _: theme.tick(chart, v)))
    room = (high - low) * (0.35 if horizontal else 0.12)
    (ax.set_xlim if horizontal else ax.set_ylim)(low, high + room)
    title = theme.axis_title(chart)
    if title:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(title, fontsize=7)
    bold = [("bold" if i == chart.current else "normal") for i in positions]
    if horizontal:
        ax.set_yticks(positions, labels, fontsize=7)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels, rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center",
                      fontsize=7)
    for tick_label, weight in zip(ax.get_yticklabels() if horizontal else ax.get_xticklabels(), bold):
        tick_label.set_fontweight(weight)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    if count > 1 or own:
        ax.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=3)
    fig.tight_layout()
    return fig
