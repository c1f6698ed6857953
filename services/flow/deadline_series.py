"""The series behind the Tidsfrister charts: compliance per month and per team, utredning days."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from models import Intake, Investigation, Team
from services.flow.deadlines import (
    ASSESS_LIMIT_DAYS,
    PROTECT_LIMIT_HOURS,
    TALK_LIMIT_HOURS,
    _ones,
    talk_population,
)
from services.core.scope import Filters, restrict, team_label
from services.core.sqlfunc import in_months


def _spec(code: str, filters: Filters):
    """(month column, team column, in-time condition, population conditions) of a deadline KPI."""
    p = filters.period
    if code == "ASSESS_14D":
        return (Intake.assessment_month, Intake.team_code, Intake.assessment_days <= ASSESS_LIMIT_DAYS,
                in_months(Intake.assessment_month, p))
    received = in_months(Intake.received_month, p)
    if code == "PROTECT_24H":
        return (Intake.received_month, Intake.team_code, Intake.protection_hours <= PROTECT_LIMIT_HOURS,
                [*received, Intake.protection_hours.is_not(None)])
    if code == "TALK_48H":
        in_time = and_(Intake.serious_talk_hours.is_not(None), Intake.serious_talk_hours <= TALK_LIMIT_HOURS)
        return (Intake.received_month, Intake.team_code, in_time, [*received, *talk_population()])
    if code == "INVEST_4M":
        return (Investigation.end_month, Investigation.team_code, Investigation.end_date <= Investigation.due_date,
                in_months(Investigation.end_month, p))
    raise ValueError(code)


DEADLINE_CODES = ("ASSESS_14D", "INVEST_4M", "TALK_48H", "PROTECT_24H")


def _with_share(frame: pd.DataFrame) -> pd.DataFrame:
    frame["numerator"] = frame["numerator"].fillna(0).astype(int)
    frame["value"] = frame["numerator"] / frame["denominator"].where(frame["denominator"] > 0)
    return frame


def compliance_by_month(session: Session, filters: Filters, code: str) -> pd.DataFrame:
    """month, numerator, denominator, value (share in time) for each month with cases."""
    month, team, in_time, where = _spec(code, filters)
    query = restrict(
        select(month.label("month"), _ones(in_time).label("numerator"), func.count().label("denominator"))
        .where(*where).group_by(month).order_by(month),
        team, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["month", "numerator", "denominator"])
    frame["month"] = pd.to_datetime(frame["month"])
    return _with_share(frame)


def compliance_by_team(session: Session, filters: Filters, code: str) -> pd.DataFrame:
    """team_code, team_name (with the unit when several are in scope), numerator, denominator, value, per team."""
    _, team, in_time, where = _spec(code, filters)
    name = team_label(filters.unit_code, filters.access)
    query = restrict(
        select(team.label("team_code"), name.label("team_name"), _ones(in_time).label("numerator"), func.count().label("denominator"))
        .join(Team, Team.team_code == team).where(*where).group_by(team, name).order_by(name),
        team, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["team_code", "team_name", "numerator", "denominator"])
    return _with_share(frame)


DAY_BANDS = ((0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, 120, "91–120"), (121, 150, "121–150"), (151, None, "över 150"))


def investigation_days(session: Session, filters: Filters) -> pd.DataFrame:
    """How long investigations ended in the period took, in 30-day bands (band, count, order)."""
    band = case(
        *[(Investigation.duration_days <= high, literal(label)) for _, high, label in DAY_BANDS if high is not None],
        else_=literal(DAY_BANDS[-1][2]),
    )
    p = filters.period
    query = restrict(
        select(band.label("band"), func.count().label("count"))
        .where(*in_months(Investigation.end_month, p))
        .group_by(band),
        Investigation.team_code, filters,
    )
    counts = dict(session.execute(query).all())
    return pd.DataFrame({"band": [label for *_, label in DAY_BANDS], "count": [counts.get(label, 0) for *_, label in DAY_BANDS]})
