"""Återaktualisering: children who come back within a year after an investigation ended (REREFERRAL_12M).

The measure is lagged, as Kolada/KKiK report it: for a period P the cohort is the persons whose
investigation ended in the same period one year earlier (T1 2021 → jan–apr 2020, helår 2021 →
2020, a month → that month last year); re-referred = a new intake 1–365 days after that end.
The cohort is fully observed once the data reaches P's end, so a monthly status, a tertial
report and an annual report written in February all have their value. Beside it, marked
*preliminärt*, the cohort of P itself followed so far.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models import Intake, Investigation
from services.core import store_info
from services.core.gender import INVESTIGATION_GENDER
from services.core.kpi import GENDERS_REPORTED, Measured, Part, share, shares_by_gender
from services.core.periods import Period, month_end, shift_months
from services.core.scope import Filters, restrict
from services.core.sqlfunc import add_days
from services.flow.deadlines import ended_in

REREFERRAL_DAYS = 365


def rereferral_12m(session: Session, filters: Filters) -> Measured:
    """REREFERRAL_12M for the period: last year's cohort, with this period's own cohort as *preliminärt*."""
    data_date = store_info.data_date(session)
    preliminary = _cohort(session, filters).total
    if data_date is None or data_date < filters.period.end:
        return Measured(Part(None), {g: Part(None) for g in GENDERS_REPORTED}, preliminary=preliminary)
    lagged = _cohort(session, filters.with_period(filters.period.year_earlier()))
    return Measured(lagged.total, lagged.by_gender, preliminary=preliminary)


def preliminary_12m(session: Session, filters: Filters) -> Measured:
    """The period's own cohort followed so far (re-referrals up to the data date): never the KPI's value."""
    return _cohort(session, filters)


def _cohort(session: Session, filters: Filters) -> Measured:
    """Persons with an investigation ended in the filters' period, and how many came back within 365 days."""
    per_person = _rereferral_people(filters)
    rows = session.execute(
        select(per_person.c.gender, func.sum(per_person.c.again), func.count()).group_by(per_person.c.gender)
    ).all()
    total, by_gender = shares_by_gender(rows)
    return Measured(total, by_gender)


def _rereferral_people(filters: Filters, by_month: bool = False):
    """One row per person (and end month) with an investigation ended in the period: gender, and 1 if a new intake
    came 1–365 days after an investigation's end."""
    again = (
        select(Intake.received_date)  # in the index (person_key, received_date): no visit to the table
        .where(
            Intake.person_key == Investigation.person_key,
            Intake.received_date > Investigation.end_date,
            Intake.received_date <= add_days(Investigation.end_date, REREFERRAL_DAYS),
        )
        .exists()
    )
    keys = [Investigation.person_key.label("person_key"), *([Investigation.end_month.label("month")] if by_month else [])]
    return restrict(
        select(*keys, func.max(INVESTIGATION_GENDER).label("gender"), func.max(case((again, 1), else_=0)).label("again"))
        .where(*ended_in(filters.period))
        .group_by(*[k.element for k in keys]),
        Investigation.team_code,
        filters,
    ).subquery()


def rereferral_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """REREFERRAL_12M for each month of the period: each month's cohort is that month a year earlier."""
    data_date = store_info.data_date(session)
    months = filters.period.months
    cohorts = Period(shift_months(months[0], -12), shift_months(month_end(months[-1]), -12, end=True), "")
    per_person = _rereferral_people(filters.with_period(cohorts), by_month=True)
    rows = session.execute(
        select(per_person.c.month, func.sum(per_person.c.again), func.count()).group_by(per_person.c.month)
    ).all()
    found = {shift_months(month, 12): share(again or 0, n) for month, again, n in rows}
    return {m: (found.get(m, share(0, 0)) if data_date is not None and data_date >= month_end(m) else Part(None))
            for m in months}
