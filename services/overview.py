"""Översikt: each KPI with its comparisons and 13-month trend, and what needs action now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services import early_warnings, kpi_catalogue, store_info
from services.kpi import KpiResult
from services.periods import Period, month_end, period, shift_months
from services.scope import Filters

TREND_MONTHS = 13


@dataclass
class KpiOverview:
    result: KpiResult
    previous: KpiResult | None  # the month before (month periods only)
    last_year: KpiResult  # the same period a year earlier
    trend: list[tuple[dt.date, float | None]]  # the 13 months up to the period's last month


def _last_year(p: Period) -> Period:
    return Period(shift_months(p.start, -12), shift_months(p.end, -12, end=True), "")


def kpi_overview(session: Session, filters: Filters, code: str) -> KpiOverview:
    p = filters.period
    result = kpi_catalogue.compute(session, code, filters)
    is_month = p.start.month == p.end.month
    previous = None
    if is_month:
        before = shift_months(p.start, -1)
        previous = kpi_catalogue.compute(session, code, filters.with_period(period(before.year, "månad", before.month)))
    last_year = kpi_catalogue.compute(session, code, filters.with_period(_last_year(p)))
    trend = []
    last_month = p.end.replace(day=1)
    for back in range(TREND_MONTHS - 1, -1, -1):
        first = shift_months(last_month, -back)
        month_result = kpi_catalogue.compute(session, code, filters.with_period(Period(first, month_end(first), "")))
        trend.append((first, month_result.value))
    return KpiOverview(result, previous, last_year, trend)


def overview(session: Session, filters: Filters) -> list[KpiOverview]:
    return [kpi_overview(session, filters, code) for code in kpi_catalogue.KPI_FUNCTIONS]


@dataclass
class UnitKpis:
    unit_code: str
    unit_name: str
    results: dict[str, KpiResult]


def units_side_by_side(session: Session, filters: Filters) -> list[UnitKpis]:
    """The ledningsgrupp's view: every unit the user may see, on the same KPIs for the same period."""
    return [
        UnitKpis(code, name, kpi_catalogue.compute_all(session, filters.for_unit(code)))
        for code, name in store_info.units(session, filters.access)
    ]


@dataclass
class ActionItem:
    key: str
    title: str
    count: int
    detail: str


def action_items(session: Session, filters: Filters) -> list[ActionItem]:
    """The three things that need action now, as of the period's last day."""
    as_of = filters.period.end
    intakes = early_warnings.open_intakes(session, filters, as_of, min_days=10)
    past_14 = int((intakes["days"] > 14).sum())
    near_14 = len(intakes) - past_14
    investigations = early_warnings.investigations_near_limit(session, filters, as_of)
    passed = int((investigations["days_left"] < 0).sum())
    near = len(investigations) - passed
    decisions = early_warnings.decisions_not_carried_out(session, filters, as_of)
    return [
        ActionItem("intakes", "Förhandsbedömningar som passerat 14 dagar", past_14,
                   f"{near_14} till är 10–14 dagar gamla"),
        ActionItem("investigations", "Utredningar över 4 månader", passed,
                   f"{near} till når gränsen inom 30 dagar"),
        ActionItem("decisions", "Beslut ej verkställda efter 3 månader", len(decisions),
                   "rapporteras kvartalsvis till IVO och nämnden"),
    ]
