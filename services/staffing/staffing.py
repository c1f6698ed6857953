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
from services.core.kpi import Measured, Part, share
from services.core.month_ends import sums_at_month_ends
from services.core.periods import Period, month_end, shift_months
from services.core.scope import Filters, restrict

EMPLOYEE = Staff.employment != "konsult"


def employed_on(day) -> list:
    """Staff employed on `day` (a date or a date column): started, and not yet left."""
    return [Staff.start_date <= day, or_(Staff.end_date.is_(None), Staff.end_date >= day)]


def _month_ends(months: list[dt.date]):
    rows = [select(literal(m, Date).label("month"), literal(month_end(m), Date).label("day")) for m in months]
    return union_all(*rows).subquery("month_ends")


def sick_leave(session: Session, filters: Filters) -> Measured:
    """SICK_LEAVE: sick hours / scheduled hours over the period's months (numerator/denominator in hours)."""
    p = filters.period
    query = restrict(
        select(func.sum(Absence.sick_hours), func.sum(Absence.scheduled_hours)).where(
            Absence.month >= p.start.replace(day=1), Absence.month <= p.end
        ),
        Absence.team_code, filters,
    )
    sick, scheduled = session.execute(query).one()
    return Measured(share(sick, scheduled), {})


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


def vacancy(session: Session, filters: Filters) -> Measured:
    """VACANCY: budgeted posts − employees' FTE at the period's end (numerator = budgeted, denominator = filled)."""
    last = filters.with_period(Period(filters.period.end.replace(day=1), filters.period.end, ""))
    row = fte_vs_budget(session, last).iloc[-1]
    if row["budgeted"] is None or pd.isna(row["budgeted"]):
        return Measured(Part(None), {})
    return Measured(Part(round(row["vacancies"], 4), row["budgeted"], row["employees_fte"]), {})


def turnover(session: Session, filters: Filters) -> Measured:
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
    return Measured(share(leavers, mean_headcount) if mean_headcount else Part(None, leavers, 0), {})


def turnover_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """TURNOVER at each month end of the period, from one reading of leavers and headcount per month."""
    months = filters.period.months
    window = filters.with_period(Period(shift_months(months[0], -11), filters.period.end, ""))
    leavers = sums_at_month_ends(
        session, window, Staff, Staff.team_code, lambda day: [Staff.end_date >= day.replace(day=1), Staff.end_date <= day],
        [EMPLOYEE, Staff.end_date >= window.period.start, Staff.end_date <= window.period.end],
    )
    headcount = sums_at_month_ends(
        session, window, Staff, Staff.team_code, employed_on, [EMPLOYEE, Staff.start_date <= window.period.end],
    )
    out = {}
    for i, month in enumerate(months):
        left = int(sum(leavers[i : i + 12]))
        mean_headcount = sum(headcount[i : i + 12]) / 12
        out[month] = share(left, mean_headcount) if mean_headcount else Part(None, left, 0)
    return out


def trend_frame(parts: dict[dt.date, Part]) -> pd.DataFrame:
    """month, value, numerator, denominator from a monthly series of parts."""
    frame = pd.DataFrame([{"month": m, "value": p.value, "numerator": p.numerator, "denominator": p.denominator}
                          for m, p in parts.items()])
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def last_13_months(filters: Filters) -> Filters:
    """The 13 months up to the period's last: the staffing trends' window."""
    last = filters.period.end.replace(day=1)
    return filters.with_period(Period(shift_months(last, -12), month_end(last), ""))


def turnover_trend(session: Session, filters: Filters) -> pd.DataFrame:
    """Rolling 12-month turnover at each of the last 13 month ends."""
    return trend_frame(turnover_by_month(session, last_13_months(filters)))


def sick_leave_monthly(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """SICK_LEAVE for each month of the period: the Översikt trend."""
    frame = sick_leave_by_month(session, filters)
    return {ts.date(): share(s, h) for ts, s, h in zip(frame["month"], frame["sick"], frame["scheduled"])}


def vacancy_by_month(session: Session, filters: Filters) -> dict[dt.date, float | None]:
    """VACANCY at each month end of the period (None where no posts are budgeted)."""
    frame = fte_vs_budget(session, filters)
    return {ts.date(): (None if b is None or pd.isna(b) else round(v, 4))
            for ts, b, v in zip(frame["month"], frame["budgeted"], frame["vacancies"])}
