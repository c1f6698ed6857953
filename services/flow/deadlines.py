"""The legal clocks of the case flow, each rule written once and used by its KPI and its series.

Förhandsbedömning within 14 days (SoL 11:1 a), skyddsbedömning within 24 hours, allvarssamtal within
48 hours of a police report, and utredning within 4 calendar months (SoL 11:2). Definitions are the
product owner's (shared/spec/DOMAIN.md, KPI catalogue). A `DeadlineRule` says which month a case
counts in, what is in time and which cases count at all; the KPI (a period), the monthly series and
the per-team bars all read that one rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from models import Intake, Investigation, Team
from services.core.gender import INVESTIGATION_GENDER
from services.core.kpi import GENDERS_REPORTED, Measured, Part, shares_by_gender
from services.core.periods import Period
from services.core.scope import Filters, restrict, team_label
from services.core.sqlfunc import count_where, in_months

ASSESS_LIMIT_DAYS = 14
PROTECT_LIMIT_HOURS = 24
TALK_LIMIT_HOURS = 48


def talk_population() -> list:
    """Allvarssamtal are owed on police reports of crime by children under 18."""
    return [Intake.reason == "brott", Intake.reporter == "polis", Intake.age < 18]


@dataclass(frozen=True)
class DeadlineRule:
    """One legal clock: the month a case counts in, its team and gender, what is in time, which cases count."""

    month: object
    team: object
    gender: object
    in_time: object
    population: Callable[[Period], list]


RULES: dict[str, DeadlineRule] = {
    "ASSESS_14D": DeadlineRule(
        Intake.assessment_month, Intake.team_code, Intake.gender, Intake.assessment_days <= ASSESS_LIMIT_DAYS,
        lambda p: in_months(Intake.assessment_month, Intake.assessment_date, p)),
    "PROTECT_24H": DeadlineRule(
        Intake.received_month, Intake.team_code, Intake.gender, Intake.protection_hours <= PROTECT_LIMIT_HOURS,
        lambda p: [*in_months(Intake.received_month, Intake.received_date, p), Intake.protection_hours.is_not(None)]),
    "TALK_48H": DeadlineRule(  # a talk never held counts as late
        Intake.received_month, Intake.team_code, Intake.gender,
        and_(Intake.serious_talk_hours.is_not(None), Intake.serious_talk_hours <= TALK_LIMIT_HOURS),
        lambda p: [*in_months(Intake.received_month, Intake.received_date, p), *talk_population()]),
    "INVEST_4M": DeadlineRule(  # ended on or before start + 4 calendar months
        Investigation.end_month, Investigation.team_code, INVESTIGATION_GENDER,
        Investigation.end_date <= Investigation.due_date, lambda p: in_months(Investigation.end_month, Investigation.end_date, p)),
}
DEADLINE_CODES = ("ASSESS_14D", "INVEST_4M", "TALK_48H", "PROTECT_24H")


def compliance(session: Session, filters: Filters, code: str) -> Measured:
    """A deadline KPI for the period: the share of the rule's cases in time, split by gender."""
    rule = RULES[code]
    query = (select(rule.gender, count_where(rule.in_time), func.count())
             .where(*rule.population(filters.period)).group_by(rule.gender))
    total, by_gender = shares_by_gender(session.execute(restrict(query, rule.team, filters)).all())
    return Measured(total, by_gender)


def assess_14d(session: Session, filters: Filters) -> Measured:
    """ASSESS_14D: förhandsbedömningar decided in the period that took at most 14 days."""
    return compliance(session, filters, "ASSESS_14D")


def protect_24h(session: Session, filters: Filters) -> Measured:
    """PROTECT_24H: of intakes received in the period with a skyddsbedömning, those within 24 hours."""
    return compliance(session, filters, "PROTECT_24H")


def talk_48h(session: Session, filters: Filters) -> Measured:
    """TALK_48H: police crime reports about under-18s; a talk never held counts as late."""
    return compliance(session, filters, "TALK_48H")


def invest_4m(session: Session, filters: Filters) -> Measured:
    """INVEST_4M: investigations ended in the period on or before start + 4 calendar months."""
    return compliance(session, filters, "INVEST_4M")


def _with_share(frame: pd.DataFrame) -> pd.DataFrame:
    frame["numerator"] = frame["numerator"].fillna(0).astype(int)
    frame["value"] = frame["numerator"] / frame["denominator"].where(frame["denominator"] > 0)
    return frame


def compliance_by_month(session: Session, filters: Filters, code: str) -> pd.DataFrame:
    """month, numerator, denominator, value (share in time) for each month with cases."""
    rule = RULES[code]
    query = restrict(
        select(rule.month.label("month"), count_where(rule.in_time).label("numerator"), func.count().label("denominator"))
        .where(*rule.population(filters.period)).group_by(rule.month).order_by(rule.month),
        rule.team, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["month", "numerator", "denominator"])
    frame["month"] = pd.to_datetime(frame["month"])
    return _with_share(frame)


def compliance_by_team(session: Session, filters: Filters, code: str) -> pd.DataFrame:
    """team_code, team_name (with the unit when several are in scope), numerator, denominator, value, per team."""
    rule = RULES[code]
    name = team_label(filters.unit_code, filters.access)
    query = restrict(
        select(rule.team.label("team_code"), name.label("team_name"), count_where(rule.in_time).label("numerator"),
               func.count().label("denominator"))
        .join(Team, Team.team_code == rule.team).where(*rule.population(filters.period))
        .group_by(rule.team, name).order_by(name),
        rule.team, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["team_code", "team_name", "numerator", "denominator"])
    return _with_share(frame)


def monthly_compliance(code: str) -> Callable[[Session, Filters], dict[dt.date, float | None]]:
    """The KPI's monthly series for Översikt: the same rule, one grouped query over the months."""
    def values(session: Session, filters: Filters) -> dict[dt.date, float | None]:
        frame = compliance_by_month(session, filters, code)
        return {ts.date(): (None if pd.isna(v) else float(v)) for ts, v in zip(frame["month"], frame["value"])}
    return values


def ended_in(period: Period) -> list:
    return in_months(Investigation.end_month, Investigation.end_date, period)


def invest_days(session: Session, filters: Filters) -> Measured:
    """INVEST_DAYS: the median length in days of investigations ended in the period.

    One grouped query gives how many investigations ended with each length, per gender; the medians
    (total and per gender) are read off those counts exactly. The denominator is the number of
    investigations behind each median.
    """
    ended = restrict(
        select(Investigation.duration_days.label("days"), INVESTIGATION_GENDER.label("key")).where(*ended_in(filters.period)),
        Investigation.team_code, filters,
    ).subquery()
    counts = _day_counts(session, ended, ended.c.key)
    total = _median_of_counts([(days, n) for _key, days, n in counts])
    found = medians_of_counts(counts)
    parts = {g: found.get(g, Part(None, None, 0)) for g in GENDERS_REPORTED}
    return Measured(total, parts)


def _day_counts(session: Session, base, key) -> list[tuple]:
    """(key, days, how many) for `base`: a few hundred rows however many investigations lie behind."""
    return session.execute(select(key, base.c.days, func.count()).group_by(key, base.c.days)).all()


def _median_of_counts(pairs: list[tuple[int, int]]) -> Part:
    """The median of values given as (value, how many); the mean of the two middle ones when the count is even."""
    pairs = sorted(pairs, key=lambda pair: pair[0])
    n = sum(count for _value, count in pairs)
    if not n:
        return Part(None, None, 0)
    wanted, middle, seen = ((n + 1) // 2, (n + 2) // 2), [], 0
    for value, count in pairs:
        seen += count
        while len(middle) < 2 and seen >= wanted[len(middle)]:
            middle.append(value)
        if len(middle) == 2:
            break
    return Part(sum(middle) / 2, None, n)


def medians_of_counts(rows: list[tuple]) -> dict:
    """Per key, the median of (key, value, how many) rows."""
    by_key: dict = {}
    for key, value, count in rows:
        by_key.setdefault(key, []).append((value, count))
    return {key: _median_of_counts(pairs) for key, pairs in by_key.items()}


def invest_days_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """INVEST_DAYS (total) for each month of the period at once: the median per end month."""
    base = restrict(
        select(Investigation.end_month.label("month"), Investigation.duration_days.label("days"))
        .where(*ended_in(filters.period)),
        Investigation.team_code, filters,
    ).subquery()
    return medians_of_counts(_day_counts(session, base, base.c.month))


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
        .where(*in_months(Investigation.end_month, Investigation.end_date, p))
        .group_by(band),
        Investigation.team_code, filters,
    )
    counts = dict(session.execute(query).all())
    return pd.DataFrame({"band": [label for *_, label in DAY_BANDS], "count": [counts.get(label, 0) for *_, label in DAY_BANDS]})
