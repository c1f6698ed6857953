"""Each KPI month by month, in one or two grouped queries per KPI: the Översikt sparklines.

A month's value here is exactly the KPI computed for that month alone (tests/test_kpi_series.py
holds every code to that). Computing the 13 months one at a time made the Översikt more than 200
queries; at city scale that was 12 seconds for one unit.

KPIs read on a day (placements, caseload, decisions not carried out, turnover) count each month end
with one conditional sum per month over the rows that can be ongoing, instead of a query per month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Intervention
from services.economy import budget
from services.flow import deadline_series, deadlines, inflow
from services.kpis import catalogue
from services.placements import placements
from services.staffing import staffing, workload
from services.core.kpi import share
from services.core.periods import Period, month_end, shift_months
from services.core.month_ends import sums_at_month_ends
from services.core.scope import Filters, restrict

Values = dict[dt.date, float | None]


def month_period(first: dt.date) -> Period:
    return Period(first, month_end(first), "")


def monthly_values(session: Session, code: str, filters: Filters) -> Values:
    """The KPI's value for each month of the period (None where the month has no value)."""
    months = filters.period.months
    function = SERIES.get(code)
    if function is None:  # cheap KPIs on small tables: one computation per month
        return {m: catalogue.compute(session, code, filters.with_period(month_period(m))).value for m in months}
    found = function(session, filters)
    return {m: found.get(m) for m in months}


def _by_month(frame: pd.DataFrame, column: str) -> Values:
    return {ts.date(): (None if pd.isna(v) else float(v)) for ts, v in zip(frame["month"], frame[column])}


def _inflow(session: Session, filters: Filters) -> Values:
    frame = inflow.monthly(session, filters)
    return {ts.date(): (float(n) if n else None) for ts, n in zip(frame["month"], frame["count"])}


def _deadline(code: str) -> Callable[[Session, Filters], Values]:
    return lambda session, filters: _by_month(deadline_series.compliance_by_month(session, filters, code), "value")


def _sick_leave(session: Session, filters: Filters) -> Values:
    frame = staffing.sick_leave_by_month(session, filters)
    return {ts.date(): share(s, h).value for ts, s, h in zip(frame["month"], frame["sick"], frame["scheduled"])}


def _vacancy(session: Session, filters: Filters) -> Values:
    frame = staffing.fte_vs_budget(session, filters)
    return {ts.date(): (None if b is None or pd.isna(b) else round(v, 4))
            for ts, b, v in zip(frame["month"], frame["budgeted"], frame["vacancies"])}


def _placements(session: Session, filters: Filters) -> Values:
    first_day, last_day = month_end(filters.period.months[0]), filters.period.end
    counts = sums_at_month_ends(
        session, filters, Intervention, Intervention.team_code, lambda d: placements.ongoing_on(d)[2:],
        [placements.PLACEMENT, Intervention.start_date <= last_day,
         (Intervention.end_date.is_(None)) | (Intervention.end_date > first_day)],
    )
    return {m: (float(n) if n else None) for m, n in zip(filters.period.months, counts)}



def _not_carried(session: Session, filters: Filters) -> Values:
    """A row counted on any month end was not started and not ended by the first one: only those are read."""
    first_day, last_day = month_end(filters.period.months[0]), filters.period.end
    counts = sums_at_month_ends(
        session, filters, Intervention, Intervention.team_code, deadlines.not_carried_conditions,
        [Intervention.decision_date < shift_months(last_day, -3),
         (Intervention.start_date.is_(None)) | (Intervention.start_date > first_day),
         (Intervention.end_date.is_(None)) | (Intervention.end_date > first_day)],
    )
    first_decision = session.scalar(restrict(select(func.min(Intervention.decision_date)), Intervention.team_code, filters))
    return {m: (float(n) if first_decision is not None and first_decision <= month_end(m) else None)
            for m, n in zip(filters.period.months, counts)}


def _values(function: Callable[[Session, Filters], dict]) -> Callable[[Session, Filters], Values]:
    return lambda session, filters: {m: part.value for m, part in function(session, filters).items()}


SERIES: dict[str, Callable[[Session, Filters], Values]] = {
    "INFLOW": _inflow,
    **{code: _deadline(code) for code in deadline_series.DEADLINE_CODES},
    "INVEST_DAYS": _values(deadlines.invest_days_by_month),
    "REREFERRAL_12M": _values(deadlines.rereferral_by_month),
    "PLACEMENTS": _placements,
    "NOT_CARRIED_3M": _not_carried,
    "CASELOAD": _values(deadlines.caseload_by_month),
    "SICK_LEAVE": _sick_leave,
    "TURNOVER": _values(staffing.turnover_by_month),
    "VACANCY": _vacancy,
    "WORKLOAD_OVER": _values(workload.workload_over_by_month),
    "BUDGET_DEV": _values(budget.budget_dev_by_month),
}
