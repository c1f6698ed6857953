"""Key charts as pictures for the Word and PDF reports (the APT deck has native, editable charts)."""

from __future__ import annotations

from services.kpis.presentation import Slide
from ui.output.charts import mpl_chart
from ui.output.charts.build import slide_chart


def slide_png(slide: Slide, width: float = 6.5, height: float = 2.8) -> bytes:
    """A slide's chart as a picture: the same definition and Swedish theme as the screen and the deck."""
    return mpl_chart.png(slide_chart(slide), width, height)
