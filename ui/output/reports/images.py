"""Key charts as pictures for the Word and PDF reports (the APT deck has native, editable charts)."""

from __future__ import annotations

import io

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")  # no screen: render to memory
import matplotlib.pyplot as plt  # noqa: E402

from services.kpis.presentation import Slide  # noqa: E402
from ui.output import format as fmt  # noqa: E402
from ui.output.palette import PALETTE  # noqa: E402


def slide_png(slide: Slide, width: float = 6.5, height: float = 2.8) -> bytes:
    """A slide's series as a calm bar or line chart with its target, Swedish labels."""
    fig, ax = plt.subplots(figsize=(width, height), dpi=150)
    labels = [fmt.month(c) if hasattr(c, "year") else str(c) for c in slide.categories]
    positions = range(len(labels))
    for index, series in enumerate(slide.series):
        values = [v if v is not None else 0 for v in series.values]
        colour = PALETTE[index % len(PALETTE)]
        if slide.kind == "line":
            ax.plot(list(positions), [v if v is not None else float("nan") for v in series.values], marker="o",
                    color=colour, label=series.name)
        elif slide.kind == "hbar":
            ax.barh(list(positions), values, color=colour, label=series.name)
        else:
            offset = (index - (len(slide.series) - 1) / 2) * 0.4
            ax.bar([p + offset for p in positions], values, width=0.4, color=colour, label=series.name)
    if slide.target is not None:
        (ax.axvline if slide.kind == "hbar" else ax.axhline)(slide.target, color="#5F6B76", linestyle="--", linewidth=1,
                                                             label="Mål")
    if slide.kind == "hbar":
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(list(positions), labels, rotation=45, ha="right", fontsize=7)
    if slide.is_share:
        axis = ax.xaxis if slide.kind == "hbar" else ax.yaxis
        axis.set_major_locator(matplotlib.ticker.MultipleLocator(0.05))
        axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt.share(v)))
    ax.spines[["top", "right"]].set_visible(False)
    if len(slide.series) > 1 or slide.target is not None:
        ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
