"""Every table of the report as an Excel workbook."""

from __future__ import annotations

import pandas as pd

from services.kpis.report import ReportData
from ui.output.excel import workbook
from ui.output.kpi_text import INDICATOR_COLUMNS
from ui.output.reports.tables import ECONOMY_COLUMNS, economy_rows, indicator_rows


def build(data: ReportData) -> bytes:
    sheets = {}
    for number, view in enumerate(data.goals, start=1):
        sheets[f"Mål {number}"] = pd.DataFrame(indicator_rows(view), columns=INDICATOR_COLUMNS)
    sheets["Ekonomi"] = pd.DataFrame(economy_rows(data.economy), columns=ECONOMY_COLUMNS)
    shares: dict[str, set[str]] = {}
    for slide in data.slides:
        # months as dates, labels as text
        frame = pd.DataFrame({"Månad" if slide.categories and hasattr(slide.categories[0], "year") else "": list(slide.categories)})
        for series in slide.series:
            # masked counts keep their "<5", everything else stays a number
            frame[series.name] = [value if value is not None else (label or None)
                                  for value, label in zip(series.values, series.labels or [""] * len(series.values))]
        sheets[slide.area[:31]] = frame
        if slide.is_share:
            shares[slide.area[:31]] = {s.name for s in slide.series}
    return workbook(sheets, shares)
