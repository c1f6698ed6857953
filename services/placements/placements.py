"""Placements (placeringar): stock at month ends, flows, care days, cost, and the ongoing list.

Care days (vårddygn) are nights: a placement from 1 to 31 January has 30 care days
in January, so one ending on the last day of a month has no care day that day.
A placement with no daily cost adds care days but no cost.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

import pandas as pd
from sqlalchemy import Date, Integer, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from models import Intervention, Person, Team
from models import codes as code_lists
from services.core.kpi import GENDERS_REPORTED, Measured, Part
from services.core.month_ends import sums_at_month_ends, sums_by_month
from services.core.periods import Period, month_end, shift_months
from services.core.scope import Filters, restrict, restrict_detail
from services.core.sqlfunc import days_between, greatest, least

GENDER = func.coalesce(Intervention.gender, Person.gender)
BIRTH_YEAR = func.coalesce(Intervention.birth_year, Person.birth_year)
SOURCE = Intervention.__table__.outerjoin(Person.__table__, Person.person_key == Intervention.person_key)
PLACEMENT = Intervention.category == "placering"

PROVIDER_GROUPS = {"egen_regi": "Egen regi", "extern": "Köpt (extern)", "okand": "Uppgift saknas"}
DIMENSIONS = {
    "kind": "Placeringsform",
    "legal_basis": "Lagrum",
    "gender": "Kön",
    "age_band": "Ålder",
    "provider": "Egen regi eller köpt",
}


def _dimension(dimension: str, year):
    """The SQL expression and the Swedish labels of a split; `year` gives the age on the stock day."""
    if dimension == "kind":
        return Intervention.kind, code_lists.PLACEMENT_KINDS
    if dimension == "legal_basis":
        return func.coalesce(Intervention.legal_basis, "okand"), {**code_lists.LEGAL_BASES, "okand": "Uppgift saknas"}
    if dimension == "gender":
        return func.coalesce(GENDER, "okant"), code_lists.GENDERS
    if dimension == "provider":
        return func.coalesce(Intervention.provider, "okand"), PROVIDER_GROUPS
    if dimension == "age_band":
        age = year - BIRTH_YEAR
        band = case(
            (BIRTH_YEAR.is_(None), literal("okand")),
            (age <= 12, literal("0-12")),
            (age <= 17, literal("13-17")),
            else_=literal("18-20"),
        )
        return band, code_lists.AGE_BANDS
    raise ValueError(dimension)


def dimension_labels(dimension: str) -> dict[str, str]:
    """code -> Swedish label of a split, in the code list's order."""
    return _dimension(dimension, literal(0))[1]


def ongoing_on(day) -> list:
    """Placements in care on `day` (a date or a date column)."""
    return [
        PLACEMENT,
        Intervention.start_date.is_not(None),
        Intervention.start_date <= day,
        or_(Intervention.end_date.is_(None), Intervention.end_date > day),
    ]


def placements_kpi(session: Session, filters: Filters) -> Measured:
    """PLACEMENTS: ongoing placements on the period's last day; none in scope = no value."""
    day = filters.period.end
    query = restrict(
        select(GENDER, func.count()).select_from(SOURCE).where(*ongoing_on(day)).group_by(GENDER),
        Intervention.team_code, filters,
    )
    rows = dict(session.execute(query).all())
    total = sum(rows.values())
    by_gender = {g: Part(rows.get(g, 0), rows.get(g, 0), None) for g in GENDERS_REPORTED}
    return Measured(Part(total or None, total, None), by_gender)


def _in_care_during(period: Period) -> list:
    """Placements in care at some time in the period (implied by each month's own conditions; narrows the scan)."""
    return [
        PLACEMENT,
        Intervention.start_date <= period.end,
        or_(Intervention.end_date.is_(None), Intervention.end_date >= period.start),
    ]


def _frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    if "month" in frame:
        frame["month"] = pd.to_datetime(frame["month"])
    return frame


def _sorted_frame(records: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=columns).sort_values(columns[:2], ignore_index=True)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def stock_by_month(session: Session, filters: Filters, dimension: str = "kind") -> pd.DataFrame:
    """Ongoing placements at each month end, split by a dimension (month, code, label, count)."""
    records = []
    labels = dimension_labels(dimension)
    for year, months in groupby(filters.period.months, key=lambda m: m.year):  # the age split counts by year
        months = list(months)
        part = filters.with_period(Period(months[0], month_end(months[-1]), ""))
        column, _ = _dimension(dimension, literal(year, Integer))

        def in_care(month: dt.date) -> list:
            return [func.sum(case((and_(*ongoing_on(month_end(month))), 1), else_=0))]

        rows = sums_by_month(session, part, SOURCE, Intervention.team_code, column, in_care, _in_care_during(part.period))
        records += [(month, code, count) for code, month, (count,) in rows if count]
    frame = _sorted_frame(records, ["month", "code", "count"])
    frame["label"] = frame["code"].map(lambda c: labels.get(c, "Uppgift saknas"))
    return frame


def flows_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """Placements started and ended per month (month, started, ended)."""
    p = filters.period

    def count_in_month(date_column) -> list[int]:
        counts = sums_at_month_ends(
            session, filters, Intervention.__table__, Intervention.team_code,
            lambda last: [date_column >= last.replace(day=1), date_column <= last],
            where=[PLACEMENT, date_column >= p.start, date_column <= p.end],
        )
        return [int(v) for v in counts]

    frame = pd.DataFrame({"month": pd.to_datetime(p.months)})
    frame["started"] = count_in_month(Intervention.start_date)
    frame["ended"] = count_in_month(Intervention.end_date)
    return frame


def _in_month(month: dt.date):
    """The placement was in care some night of the month."""
    return and_(
        Intervention.start_date < shift_months(month, 1),
        or_(Intervention.end_date.is_(None), Intervention.end_date > month),
    )


def _nights_in(month: dt.date):
    """Nights in care inside the month: from max(start, month start) to min(end, next month start)."""
    first, following = literal(month, Date), literal(shift_months(month, 1), Date)
    return days_between(greatest(Intervention.start_date, first), least(func.coalesce(Intervention.end_date, following), following))


def care_days_and_cost(session: Session, filters: Filters) -> pd.DataFrame:
    """Care days and cost per month and kind (month, kind, label, care_days, cost, without_cost)."""

    def measures(month: dt.date) -> list:
        inside, nights = _in_month(month), _nights_in(month)
        return [
            func.sum(case((inside, 1), else_=0)),
            func.sum(case((inside, nights), else_=0)),
            func.sum(case((inside, nights * Intervention.daily_cost), else_=None)),
            func.sum(case((and_(inside, Intervention.daily_cost.is_(None)), nights), else_=0)),
        ]

    rows = sums_by_month(session, filters, Intervention.__table__, Intervention.team_code, Intervention.kind, measures,
                         _in_care_during(filters.period))
    records = [(month, kind, days, cost, without) for kind, month, (placed, days, cost, without) in rows if placed]
    frame = _sorted_frame(records, ["month", "kind", "care_days", "cost", "without_cost"])
    frame["cost"] = frame["cost"].fillna(0.0).astype(float)
    frame["label"] = frame["kind"].map(lambda c: code_lists.label(code_lists.PLACEMENT_KINDS, c))
    return frame


def median_length_of_ended(session: Session, filters: Filters) -> tuple[float | None, int]:
    """Median length in days of placements ended in the period, and how many ended."""
    p = filters.period
    length = days_between(Intervention.start_date, Intervention.end_date).label("days")
    base = restrict(
        select(length).where(PLACEMENT, Intervention.end_date >= p.start, Intervention.end_date <= p.end, Intervention.start_date.is_not(None)),
        Intervention.team_code, filters,
    ).subquery()
    ranked = select(base.c.days, func.row_number().over(order_by=base.c.days).label("rn"), func.count().over().label("n")).subquery()
    value, n = session.execute(
        select(func.avg(ranked.c.days), func.max(ranked.c.n)).where(ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2]))
    ).one()
    return (None if value is None else float(value)), (n or 0)


def average_daily_cost(session: Session, filters: Filters) -> pd.DataFrame:
    """Average daily cost by kind among placements ongoing at the period's end (with a cost)."""
    day = filters.period.end
    query = restrict(
        select(Intervention.kind, func.count(), func.count(Intervention.daily_cost), func.avg(Intervention.daily_cost))
        .where(*ongoing_on(day))
        .group_by(Intervention.kind)
        .order_by(Intervention.kind),
        Intervention.team_code, filters,
    )
    frame = _frame(session, query, ["kind", "ongoing", "with_cost", "average_daily_cost"])
    frame["label"] = frame["kind"].map(lambda c: code_lists.label(code_lists.PLACEMENT_KINDS, c))
    return frame


def ongoing_list(session: Session, filters: Filters) -> pd.DataFrame:
    """The placements in care at the period's end, for the placement review with the controller."""
    day = filters.period.end
    year_start = dt.date(day.year, 1, 1)
    query = restrict_detail(
        select(
            Intervention.intervention_id, Intervention.person_key, Team.team_name, Intervention.kind,
            Intervention.legal_basis, Intervention.provider, Intervention.start_date, Intervention.daily_cost,
        )
        .join(Team, Team.team_code == Intervention.team_code)
        .where(*ongoing_on(day))
        .order_by(Intervention.start_date),
        Intervention.team_code, filters,
    )
    frame = _frame(session, query, ["intervention_id", "person_key", "team", "kind", "legal_basis", "provider", "start", "daily_cost"])
    # Nights up to and including the period's last night, as the monthly care days count them.
    frame["days_so_far"] = [(day - s).days + 1 for s in frame["start"]]
    nights_this_year = [(day - max(s, year_start)).days + 1 for s in frame["start"]]
    frame["cost_this_year"] = [n * c if c == c and c is not None else None for n, c in zip(nights_this_year, frame["daily_cost"])]
    frame["kind"] = frame["kind"].map(lambda c: code_lists.label(code_lists.PLACEMENT_KINDS, c))
    frame["provider"] = frame["provider"].map(lambda c: PROVIDER_GROUPS.get(c, "Uppgift saknas"))
    return frame


def placements_by_month(session: Session, filters: Filters) -> dict[dt.date, float | None]:
    """PLACEMENTS at each month end of the period, in one conditional sum per month."""
    first_day, last_day = month_end(filters.period.months[0]), filters.period.end
    counts = sums_at_month_ends(
        session, filters, Intervention, Intervention.team_code, lambda d: ongoing_on(d)[2:],
        [PLACEMENT, Intervention.start_date <= last_day,
         (Intervention.end_date.is_(None)) | (Intervention.end_date > first_day)],
    )
    return {m: (float(n) if n else None) for m, n in zip(filters.period.months, counts)}
