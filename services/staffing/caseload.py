"""Caseload: ongoing investigations per socialsekreterare in the investigation teams (CASELOAD).

A staffing measure (how much each investigator carries), read on a day: the period's last day for
the KPI, each month end for its series.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Investigation, Staff, Team
from services.core.gender import INVESTIGATION_GENDER
from services.core.kpi import GENDERS_REPORTED, Measured, Part, share
from services.core.month_ends import sums_at_month_ends
from services.core.periods import month_end
from services.core.scope import Filters, restrict
from services.staffing.staffing import employed_on, last_13_months, trend_frame


def _ongoing_on(day: dt.date) -> list:
    return [Investigation.start_date <= day, or_(Investigation.end_date.is_(None), Investigation.end_date > day)]


def investigator_fte(session: Session, filters: Filters, day: dt.date) -> float:
    """FTE of socialsekreterare employed on the day in investigation teams in scope."""
    query = (
        select(func.coalesce(func.sum(Staff.fte), 0.0))
        .join(Team, Team.team_code == Staff.team_code)
        .where(Team.function == "utredning", Staff.role == "socialsekreterare", *employed_on(day))
    )
    return float(session.scalar(restrict(query, Staff.team_code, filters)) or 0.0)


def caseload(session: Session, filters: Filters) -> Measured:
    """CASELOAD: ongoing investigations per socialsekreterare FTE in investigation teams, at period end."""
    day = filters.period.end
    query = restrict(
        select(INVESTIGATION_GENDER, func.count()).where(*_ongoing_on(day)).group_by(INVESTIGATION_GENDER),
        Investigation.team_code,
        filters,
    )
    rows = dict(session.execute(query).all())
    fte = investigator_fte(session, filters, day)
    ongoing = sum(rows.values())
    total = share(ongoing, fte) if ongoing else Part(None, 0, fte)
    by_gender = {g: share(rows.get(g, 0), fte) for g in GENDERS_REPORTED}
    return Measured(total, by_gender)


def caseload_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """CASELOAD (total) at each month end of the period: ongoing investigations / investigator FTE."""
    months = filters.period.months
    first_day = month_end(months[0])
    ongoing = sums_at_month_ends(
        session, filters, Investigation, Investigation.team_code, _ongoing_on,
        [Investigation.start_date <= filters.period.end, or_(Investigation.end_date.is_(None), Investigation.end_date > first_day)],
    )
    fte = sums_at_month_ends(
        session, filters, Staff.__table__.join(Team.__table__, Team.team_code == Staff.team_code), Staff.team_code,
        employed_on, [Team.function == "utredning", Staff.role == "socialsekreterare", Staff.start_date <= filters.period.end],
        weight=Staff.fte,
    )
    return {m: (share(n, float(f)) if n else Part(None, 0, float(f))) for m, n, f in zip(months, ongoing, fte)}


def caseload_trend(session: Session, filters: Filters) -> pd.DataFrame:
    """Ongoing investigations per investigator FTE at each of the last 13 month ends."""
    return trend_frame(caseload_by_month(session, last_13_months(filters)))
