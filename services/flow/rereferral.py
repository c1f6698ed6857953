"""Återaktualisering: children who come back within a year after an investigation ended (REREFERRAL_12M)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models import Intake, Investigation
from services.core.gender import INVESTIGATION_GENDER
from services.core.kpi import GENDERS_REPORTED, Measured, Part, share, shares_by_gender
from services.core.periods import month_end
from services.core.scope import Filters, restrict
from services.core.sqlfunc import add_days
from services.flow.deadlines import ended_in

REREFERRAL_DAYS = 365


def rereferral_12m(session: Session, filters: Filters) -> Measured:
    """REREFERRAL_12M: persons with an investigation ended in the period and a new intake within 365 days.

    Needs 12 months of hindsight: a period that ended less than a year before the
    newest intake in the store has no value yet (it would show a too-low share).
    """
    if not _has_hindsight(_newest_intake(session), filters.period.end):
        return Measured(Part(None), {g: Part(None) for g in GENDERS_REPORTED})
    per_person = _rereferral_people(filters)
    rows = session.execute(
        select(per_person.c.gender, func.sum(per_person.c.again), func.count()).group_by(per_person.c.gender)
    ).all()
    total, by_gender = shares_by_gender(rows)
    return Measured(total, by_gender)


def _newest_intake(session: Session) -> dt.date | None:
    newest_month = select(func.max(Intake.received_month)).scalar_subquery()
    return session.scalar(select(func.max(Intake.received_date)).where(Intake.received_month == newest_month))


def _has_hindsight(newest: dt.date | None, period_end: dt.date) -> bool:
    return newest is not None and period_end + dt.timedelta(days=REREFERRAL_DAYS) <= newest


def _rereferral_people(filters: Filters, by_month: bool = False):
    """One row per person (and end month) with an investigation ended in the period: gender, and 1 if a new intake
    came within 365 days of an investigation's end."""
    again = (
        select(Intake.intake_id)
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
    """REREFERRAL_12M (total) for each month of the period; months without 12 months of hindsight have none."""
    newest = _newest_intake(session)
    per_person = _rereferral_people(filters, by_month=True)
    rows = session.execute(
        select(per_person.c.month, func.sum(per_person.c.again), func.count()).group_by(per_person.c.month)
    ).all()
    found = {month: share(again or 0, n) for month, again, n in rows}
    return {m: (found.get(m, share(0, 0)) if _has_hindsight(newest, month_end(m)) else Part(None))
            for m in filters.period.months}
