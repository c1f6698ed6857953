"""Every table of the report as an Excel workbook: one sheet per table, numbers as numbers, dates as dates.

The indicator tables hold the values themselves (0.67 shown as "67 %" by its format, 82 days as 82),
with the counts behind them as text beside; the economy table holds kronor.
"""

from __future__ import annotations

import pandas as pd

from services.kpis import catalogue
from services.kpis.report import ReportData
from ui.output.excel import workbook
from ui.output.kpi_text import indicator_basis
from ui.output.reports.tables import ECONOMY_COLUMNS, indicator_header
from ui.output.status import STATUS

# Sheet names within Excel's 31 characters, by catalogue area.
AREA_SHEETS = {"flow": "Nyckeltal inflöde och frister", "placements": "Nyckeltal placeringar",
               "staffing": "Nyckeltal personal", "economy": "Nyckeltal ekonomi"}


def _kind(row) -> str:
    """The Excel format of an indicator's values: its KPI's kind and decimals (a key of ui.output.excel.FORMATS)."""
    if row.kpi_code:
        kpi = catalogue.get(row.kpi_code)
        if kpi.is_share:
            return "share" if kpi.decimals == 0 else "share1"
        return "int" if kpi.decimals == 0 else "float"
    return "share" if row.is_share else "float"


def _number(value):
    return None if value is None else float(value)


def indicator_sheet(rows, header: list[str]) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The indicator table with its values as numbers, and each value column's format per row."""
    columns = [header[0], header[1], "Underlag", *header[2:]]
    frame = pd.DataFrame([[r.name, _number(r.value), indicator_basis(r), _number(r.boys), _number(r.girls),
                           _number(r.previous_year), _number(r.year_target), _number(r.kf_target), STATUS[r.status].mark]
                          for r in rows], columns=columns)
    kinds = [_kind(r) for r in rows]
    return frame, {column: kinds for column in (columns[1], *columns[3:8])}


def _economy(economy: pd.DataFrame) -> pd.DataFrame:
    """Kronor as numbers (a Swedish Excel shows '−2 450 001'), the deviation as a share with a per cent format."""
    return pd.DataFrame({ECONOMY_COLUMNS[0]: list(economy["label"]),
                         **{f"{name} (kr)": [None if v != v else float(v) for v in economy[column]]
                            for name, column in zip(ECONOMY_COLUMNS[1:4], ("budget_ytd", "actual_ytd", "dev_ytd"))},
                         ECONOMY_COLUMNS[4]: [None if v != v else float(v) for v in economy["dev_ytd_share"]]})


def build(data: ReportData) -> bytes:
    sheets: dict[str, pd.DataFrame] = {}
    shares: dict[str, set[str]] = {}
    formats: dict[str, dict[str, list[str]]] = {}
    header = indicator_header(data.filters.period)
    tables = [(AREA_SHEETS.get(area, catalogue.AREAS[area][:31]), rows) for area, rows in data.areas.items()]
    tables += [(f"Mål {number}", view.indicators) for number, view in enumerate(data.goals, start=1)]
    for name, rows in tables:
        sheets[name], formats[name] = indicator_sheet(rows, header)
    sheets["Ekonomi"] = _economy(data.economy) if not data.economy.empty else pd.DataFrame(columns=ECONOMY_COLUMNS)
    shares["Ekonomi"] = {ECONOMY_COLUMNS[4]}
    for slide in data.slides:
        if slide.kpi_area == "economy":  # its bars are the table's deviation column, already on "Ekonomi"
            continue
        # months as dates, labels as text
        months = bool(slide.categories) and hasattr(slide.categories[0], "year")
        frame = pd.DataFrame({"Månad" if months else "Indelning": list(slide.categories)})
        for series in slide.series:
            # masked counts keep their "<5", everything else stays a number
            frame[series.name] = [value if value is not None else (label or None)
                                  for value, label in zip(series.values, series.labels or [""] * len(series.values))]
        name = slide.area[:31]
        sheets[name] = frame
        if slide.is_share:
            shares[name] = {s.name for s in slide.series}
        # a column that mixes numbers and "<5" still shows its numbers in the slide's own format
        kind = ("share" if slide.decimals == 0 else "share1") if slide.is_share else ("int" if slide.decimals == 0 else "float")
        formats[name] = {s.name: [kind] * len(frame) for s in slide.series}
    return workbook(sheets, shares, formats)
