"""Deadline compliance: the legal clocks of the case flow, their KPIs, series and early warnings.

Definitions are the product owner's (shared/spec/DOMAIN.md, KPI catalogue).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from models import Intake, Intervention, Investigation, Staff, Team
from services.core.gender import recorded_gender
from services.core.kpi import GENDERS_REPORTED, KpiResult, Part, finish, share, shares_by_gender
from services.core.month_ends import sums_at_month_ends
from services.core.periods import Period, month_end, shift_months
from services.core.scope import Filters, restrict
from services.core.sqlfunc import add_days, in_months

ASSESS_LIMIT_DAYS = 14
PROTECT_LIMIT_HOURS = 24
TALK_LIMIT_HOURS = 48
REREFERRAL_DAYS = 365

# Investigations and interventions may leave gender empty: take it from the person's latest intake.
INV_GENDER = recorded_gender(Investigation.gender, Investigation.person_key)
INT_GENDER = recorded_gender(Intervention.gender, Intervention.person_key)


def _ones(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def _intake_share(session: Session, code: str, filters: Filters, condition, where: list) -> KpiResult:
    """A share of intakes (numerator: `condition`) among those matching `where`, split by gender."""
    query = select(Intake.gender, _ones(condition), func.count()).where(*where).group_by(Intake.gender)
    total, by_gender = shares_by_gender(session.execute(restrict(query, Intake.team_code, filters)).all())
    return finish(session, code, filters, total, by_gender)


def _received_in(period: Period) -> list:
    return in_months(Intake.received_month, period)


def assess_14d(session: Session, filters: Filters) -> KpiResult:
    """ASSESS_14D: förhandsbedömningar decided in the period that took at most 14 days."""
    p = filters.period
    where = in_months(Intake.assessment_month, p)
    return _intake_share(session, "ASSESS_14D", filters, Intake.assessment_days <= ASSESS_LIMIT_DAYS, where)


def protect_24h(session: Session, filters: Filters) -> KpiResult:
    """PROTECT_24H: of intakes received in the period with a skyddsbedömning, those within 24 hours."""
    where = [*_received_in(filters.period), Intake.protection_hours.is_not(None)]
    return _intake_share(session, "PROTECT_24H", filters, Intake.protection_hours <= PROTECT_LIMIT_HOURS, where)


def talk_48h(session: Session, filters: Filters) -> KpiResult:
    """TALK_48H: police crime reports about under-18s; a talk never held counts as late."""
    where = [*_received_in(filters.period), *talk_population()]
    in_time = and_(Intake.serious_talk_hours.is_not(None), Intake.serious_talk_hours <= TALK_LIMIT_HOURS)
    return _intake_share(session, "TALK_48H", filters, in_time, where)


def talk_population() -> list:
    return [Intake.reason == "brott", Intake.reporter == "polis", Intake.age < 18]


def _ended_in(period: Period) -> list:
    return in_months(Investigation.end_month, period)


def invest_4m(session: Session, filters: Filters) -> KpiResult:
    """INVEST_4M: investigations ended in the period on or before start + 4 calendar months."""
    query = (
        select(INV_GENDER, _ones(Investigation.end_date <= Investigation.due_date), func.count())
        .where(*_ended_in(filters.period))
        .group_by(INV_GENDER)
    )
    total, by_gender = shares_by_gender(session.execute(restrict(query, Investigation.team_code, filters)).all())
    return finish(session, "INVEST_4M", filters, total, by_gender)


def invest_days(session: Session, filters: Filters) -> KpiResult:
    """INVEST_DAYS: the median length in days of investigations ended in the period.

    One grouped query gives how many investigations ended with each length, per gender; the medians
    (total and per gender) are read off those counts exactly. The denominator is the number of
    investigations behind each median.
    """
    ended = restrict(
        select(Investigation.duration_days.label("days"), INV_GENDER.label("key")).where(*_ended_in(filters.period)),
        Investigation.team_code, filters,
    ).subquery()
    counts = _day_counts(session, ended, ended.c.key)
    total = _median_of_counts([(days, n) for _key, days, n in counts])
    found = medians_of_counts(counts)
    parts = {g: found.get(g, Part(None, None, 0)) for g in GENDERS_REPORTED}
    return finish(session, "INVEST_DAYS", filters, total, parts)


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


def rereferral_12m(session: Session, filters: Filters) -> KpiResult:
    """REREFERRAL_12M: persons with an investigation ended in the period and a new intake within 365 days.

    Needs 12 months of hindsight: a period that ended less than a year before the
    newest intake in the store has no value yet (it would show a too-low share).
    """
    if not _has_hindsight(_newest_intake(session), filters.period.end):
        return finish(session, "REREFERRAL_12M", filters, Part(None), {g: Part(None) for g in GENDERS_REPORTED})
    per_person = _rereferral_people(filters)
    rows = session.execute(
        select(per_person.c.gender, func.sum(per_person.c.again), func.count()).group_by(per_person.c.gender)
    ).all()
    total, by_gender = shares_by_gender(rows)
    return finish(session, "REREFERRAL_12M", filters, total, by_gender)


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
        select(*keys, func.max(INV_GENDER).label("gender"), func.max(case((again, 1), else_=0)).label("again"))
        .where(*_ended_in(filters.period))
        .group_by(*[k.element for k in keys]),
        Investigation.team_code,
        filters,
    ).subquery()


def not_carried_conditions(day: dt.date) -> list:
    cutoff = shift_months(day, -3)
    return [
        Intervention.decision_date < cutoff,
        or_(Intervention.start_date.is_(None), Intervention.start_date > day),
        or_(Intervention.end_date.is_(None), Intervention.end_date > day),
    ]


def not_carried_3m(session: Session, filters: Filters) -> KpiResult:
    """NOT_CARRIED_3M: decisions older than 3 months not carried out on the period's last day.

    Zero is a real (good) value here; there is no value only when the scope has no
    decisions at all by that day.
    """
    day = filters.period.end
    late = restrict(
        select(INT_GENDER, func.count()).where(*not_carried_conditions(day)).group_by(INT_GENDER),
        Intervention.team_code, filters,
    )
    counts = dict(session.execute(late).all())
    decided = session.scalar(
        select(restrict(select(Intervention.intervention_id).where(Intervention.decision_date <= day),
                        Intervention.team_code, filters).exists())
    )
    count = sum(counts.values())
    total = Part(count if decided else None, count, None)
    by_gender = {g: Part(counts.get(g, 0), counts.get(g, 0), None) for g in GENDERS_REPORTED}
    return finish(session, "NOT_CARRIED_3M", filters, total, by_gender)


def _ongoing_on(day: dt.date) -> list:
    return [Investigation.start_date <= day, or_(Investigation.end_date.is_(None), Investigation.end_date > day)]


def _employed_on(day) -> list:
    return [Staff.start_date <= day, or_(Staff.end_date.is_(None), Staff.end_date >= day)]


def investigator_fte(session: Session, filters: Filters, day: dt.date) -> float:
    """FTE of socialsekreterare employed on the day in investigation teams in scope."""
    query = (
        select(func.coalesce(func.sum(Staff.fte), 0.0))
        .join(Team, Team.team_code == Staff.team_code)
        .where(Team.function == "utredning", Staff.role == "socialsekreterare", *_employed_on(day))
    )
    return float(session.scalar(restrict(query, Staff.team_code, filters)) or 0.0)


def caseload(session: Session, filters: Filters) -> KpiResult:
    """CASELOAD: ongoing investigations per socialsekreterare FTE in investigation teams, at period end."""
    day = filters.period.end
    query = restrict(
        select(INV_GENDER, func.count()).where(*_ongoing_on(day)).group_by(INV_GENDER),
        Investigation.team_code,
        filters,
    )
    rows = dict(session.execute(query).all())
    fte = investigator_fte(session, filters, day)
    ongoing = sum(rows.values())
    total = share(ongoing, fte) if ongoing else Part(None, 0, fte)
    by_gender = {g: share(rows.get(g, 0), fte) for g in GENDERS_REPORTED}
    return finish(session, "CASELOAD", filters, total, by_gender)


def invest_days_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """INVEST_DAYS (total) for each month of the period at once: the median per end month."""
    base = restrict(
        select(Investigation.end_month.label("month"), Investigation.duration_days.label("days"))
        .where(*_ended_in(filters.period)),
        Investigation.team_code, filters,
    ).subquery()
    return medians_of_counts(_day_counts(session, base, base.c.month))


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
        _employed_on, [Team.function == "utredning", Staff.role == "socialsekreterare", Staff.start_date <= filters.period.end],
        weight=Staff.fte,
    )
    return {m: (share(n, float(f)) if n else Part(None, 0, float(f))) for m, n, f in zip(months, ongoing, fte)}
