"""What a report holds for a unit and period: every KPI by area, goals with indicators, economy, the charts.

Gathered once here, so the tertial report (docx, pdf), the deck (pptx) and the workbook (xlsx)
cannot disagree with each other or with the pages. ui/output/reports draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from services.core import store_info
from services.core.scope import Filters
from services.economy import budget
from services.goals import goals
from services.kpis import catalogue, comments, presentation


@dataclass
class ReportData:
    unit_code: str
    unit_name: str
    filters: Filters
    goals: list[goals.GoalView]
    economy: pd.DataFrame
    slides: list[presentation.Slide]
    data_date: dt.date | None = None  # how far the data goes ("Data t.o.m. 30 nov 2026")
    author: str = ""  # who made it (the signed-in user); the unit when nobody is signed in (the command line)
    comments: dict[str, comments.Comment] = field(default_factory=dict)  # the manager's, by KPI code
    areas: dict[str, list[goals.IndicatorRow]] = field(default_factory=dict)  # every KPI, by catalogue area

    @property
    def is_tertial(self) -> bool:
        """A tertial report or the annual one (the goals lead); otherwise the monthly report (the KPIs lead)."""
        return goals.period_key(self.filters.period) in ("T1", "T2", "helår")

    @property
    def title(self) -> str:
        key = goals.period_key(self.filters.period)
        kind = {"T1": "Tertialrapport 1", "T2": "Tertialrapport 2", "helår": "Verksamhetsberättelse"}.get(key)
        period = f"{self.filters.period.end.year}" if kind else self.filters.period.label  # not "Tertialrapport 2 T2 2026"
        return f"{kind or 'Månadsrapport'} {period} · {self.unit_name}"


def area_rows(session: Session, filters: Filters) -> dict[str, list[goals.IndicatorRow]]:
    """Every KPI of the catalogue as an indicator-table row, grouped by area in the catalogue's order."""
    out: dict[str, list[goals.IndicatorRow]] = {area: [] for area in catalogue.AREAS}
    for code in catalogue.codes():
        out[catalogue.get(code).area].append(goals.kpi_row(session, code, filters))
    return {area: rows for area, rows in out.items() if rows}


def collect(session: Session, filters: Filters, unit_code: str) -> ReportData:
    unit_name = store_info.unit_name(session, unit_code)
    if unit_name is None:
        raise ValueError(f"Okänd enhet '{unit_code}'.")
    unit = filters.for_unit(unit_code)
    return ReportData(unit_code, unit_name, unit, goals.unit_goals(session, unit, unit_code),
                      budget.by_category(session, unit), presentation.slides(session, unit), store_info.data_date(session),
                      comments=comments.for_period(session, unit_code, filters.period), areas=area_rows(session, unit))
