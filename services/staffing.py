"""Staffing: FTE against budgeted posts, headcount by employment, turnover and sick leave.

Sick leave is health data: it is stored and shown per team and month only.
Consultants fill seats but not posts: vacancies and turnover count employees only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Date, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from models import Absence, Position, Staff
from models import codes as code_lists
from services.kpi import KpiResult, Part, finish, share
from services.periods import Period, month_end, shift_months
from services.scope import Filters, restrict

EMPLOYEE = Staff.employment != "konsult"


def employed_on(day) -> list:
    """Staff employed on `day` (a date or a date column): started, and not yet left."""
    return [Staff.start_date <= day, or_(Staff.end_date.is_(None), Staff.end_date >= day)]


def _month_ends(months: list[dt.date]):
    rows = [select(literal(m, Date).label("month"), literal(month_end(m), Date).label("day")) for m in months]
    return union_all(*rows).subquery("month_ends")


def sick_leave(session: Session, filters: Filters) -> KpiResult:
    """SICK_LEAVE: sick hours / scheduled hours over the period's months (numerator/denominator in hours)."""
    p = filters.period
    query = restrict(
        select(func.sum(Absence.sick_hours), func.sum(Absence.scheduled_hours)).where(
            Absence.month >= p.start.replace(day=1), Absence.month <= p.end
        ),
        Absence.team_code, filters,
    )
    sick, scheduled = session.execute(query).one()
    return finish(session, "SICK_LEAVE", filters, share(sick, scheduled), {})


def sick_leave_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """month, scheduled, sick, sick_short, share, share_short for each month with absence data."""
    p = filters.period
    query = restrict(
        select(Absence.month, func.sum(Absence.scheduled_hours), func.sum(Absence.sick_hours), func.sum(Absence.sick_hours_short))
        .where(Absence.month >= p.start.replace(day=1), Absence.month <= p.end)
        .group_by(Absence.month).order_by(Absence.month),
        Absence.team_code, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["month", "scheduled", "sick", "sick_short"])
    frame["share"] = frame["sick"] / frame["scheduled"]
    frame["share_short"] = frame["sick_short"] / frame["scheduled"]
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def headcount_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month end and employment type: headcount and FTE (month, employment, label, headcount, fte)."""
    ends = _month_ends(filters.period.months)
    query = restrict(
        select(ends.c.month, Staff.employment, func.count(), func.sum(Staff.fte))
        .select_from(ends)
        .join(Staff, Staff.start_date <= ends.c.day)
        .where(*employed_on(ends.c.day))
        .group_by(ends.c.month, Staff.employment)
        .order_by(ends.c.month, Staff.employment),
        Staff.team_code, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["month", "employment", "headcount", "fte"])
    frame["label"] = frame["employment"].map(lambda c: code_lists.label(code_lists.EMPLOYMENTS, c))
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def fte_vs_budget(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month: budgeted posts, employees' FTE, consultants' FTE and vacancies (budgeted − employees)."""
    ends = _month_ends(filters.period.months)
    filled = dict(
        session.execute(
            restrict(
                select(ends.c.month, func.sum(Staff.fte)).select_from(ends)
                .join(Staff, Staff.start_date <= ends.c.day).where(*employed_on(ends.c.day), EMPLOYEE)
                .group_by(ends.c.month),
                Staff.team_code, filters,
            )
        ).all()
    )
    consultants = dict(
        session.execute(
            restrict(
                select(ends.c.month, func.sum(Staff.fte)).select_from(ends)
                .join(Staff, Staff.start_date <= ends.c.day).where(*employed_on(ends.c.day), Staff.employment == "konsult")
                .group_by(ends.c.month),
                Staff.team_code, filters,
            )
        ).all()
    )
    p = filters.period
    budgeted = dict(
        session.execute(
            restrict(
                select(Position.month, func.sum(Position.budgeted_fte))
                .where(Position.month >= p.start.replace(day=1), Position.month <= p.end).group_by(Position.month),
                Position.team_code, filters,
            )
        ).all()
    )
    frame = pd.DataFrame({"month": p.months})
    frame["budgeted"] = [float(budgeted[m]) if m in budgeted else None for m in p.months]
    frame["employees_fte"] = [float(filled.get(m) or 0.0) for m in p.months]
    frame["consultants_fte"] = [float(consultants.get(m) or 0.0) for m in p.months]
    frame["vacancies"] = [None if b is None else b - f for b, f in zip(frame["budgeted"], frame["employees_fte"])]
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def vacancy(session: Session, filters: Filters) -> KpiResult:
    """VACANCY: budgeted posts − employees' FTE at the period's end (numerator = budgeted, denominator = filled)."""
    last = filters.with_period(Period(filters.period.end.replace(day=1), filters.period.end, ""))
    row = fte_vs_budget(session, last).iloc[-1]
    if row["budgeted"] is None or pd.isna(row["budgeted"]):
        return finish(session, "VACANCY", filters, Part(None), {})
    return finish(session, "VACANCY", filters, Part(round(row["vacancies"], 4), row["budgeted"], row["employees_fte"]), {})


def turnover(session: Session, filters: Filters) -> KpiResult:
    """TURNOVER: employees who left in the 12 months to period end / mean of the 12 month-end headcounts."""
    end = filters.period.end
    first_month = shift_months(end.replace(day=1), -11)
    leavers = session.scalar(
        restrict(
            select(func.count()).where(EMPLOYEE, Staff.end_date >= first_month, Staff.end_date <= end),
            Staff.team_code, filters,
        )
    )
    window = Period(first_month, end, "")
    ends = _month_ends(window.months)
    counts = dict(
        session.execute(
            restrict(
                select(ends.c.month, func.count()).select_from(ends)
                .join(Staff, Staff.start_date <= ends.c.day).where(*employed_on(ends.c.day), EMPLOYEE)
                .group_by(ends.c.month),
                Staff.team_code, filters,
            )
        ).all()
    )
    mean_headcount = sum(counts.get(m, 0) for m in window.months) / len(window.months)
    return finish(session, "TURNOVER", filters, share(leavers, mean_headcount) if mean_headcount else Part(None, leavers, 0), {})


def monthly_trend(session: Session, filters: Filters, function, months: int = 13) -> pd.DataFrame:
    """A KPI function evaluated at each of the last `months` month ends (month, value, numerator, denominator).

    Turnover, vacancies and caseload are read on a day, so their trend is one reading per month.
    """
    last = filters.period.end.replace(day=1)
    rows = []
    for back in range(months - 1, -1, -1):
        first = shift_months(last, -back)
        result = function(session, filters.with_period(Period(first, month_end(first), "")))
        rows.append({"month": first, "value": result.value, "numerator": result.numerator, "denominator": result.denominator})
    frame = pd.DataFrame(rows)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def turnover_trend(session: Session, filters: Filters) -> pd.DataFrame:
    """Rolling 12-month turnover at each of the last 13 month ends."""
    return monthly_trend(session, filters, turnover)


def caseload_trend(session: Session, filters: Filters) -> pd.DataFrame:
    """Ongoing investigations per investigator FTE at each of the last 13 month ends."""
    from services.deadlines import caseload

    return monthly_trend(session, filters, caseload)
