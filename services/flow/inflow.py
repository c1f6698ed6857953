"""Inflow (aktualiseringar): the INFLOW KPI and the monthly series behind the Inflöde page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from models import Intake
from models import codes as code_lists
from services.core.kpi import GENDERS_REPORTED, Measured, Part
from services.core.periods import Period, shift_months
from services.core.scope import Filters, restrict
from services.core.sqlfunc import in_months

# Dimension code -> (column expression, Swedish label of the dimension, code labels).
_AGE_BAND = case(
    (Intake.age.is_(None), literal("okand")),
    (Intake.age <= 12, literal("0-12")),
    (Intake.age <= 17, literal("13-17")),
    else_=literal("18-20"),
)
DIMENSIONS = {
    "intake_type": (Intake.intake_type, "Typ", code_lists.INTAKE_TYPES),
    "reporter": (Intake.reporter, "Anmälare", code_lists.REPORTERS),
    "reason": (Intake.reason, "Orsak", code_lists.REASONS),
    "gender": (Intake.gender, "Kön", code_lists.GENDERS),
    "age_band": (_AGE_BAND, "Ålder", code_lists.AGE_BANDS),
}


def _in_period(query, period: Period):
    return query.where(*in_months(Intake.received_month, Intake.received_date, period))


def inflow(session: Session, filters: Filters) -> Measured:
    """INFLOW: intakes received in the period; no intakes = no value, not 0."""
    query = restrict(select(Intake.gender, func.count()).group_by(Intake.gender), Intake.team_code, filters)
    rows = dict(session.execute(_in_period(query, filters.period)).all())
    total = sum(rows.values())
    by_gender = {g: Part(rows.get(g) or None, rows.get(g, 0), None) for g in GENDERS_REPORTED}
    return Measured(Part(total or None, total, None), by_gender)


def monthly(session: Session, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    """Intakes per month in the period (columns: month, [dimension code, label], count)."""
    query = select(Intake.received_month.label("month"), func.count().label("count"))
    group = [Intake.received_month]
    if dimension:
        column, _, labels = DIMENSIONS[dimension]
        query = query.add_columns(column.label("code"))
        group.append(column)
    query = restrict(query.group_by(*group).order_by(*group), Intake.team_code, filters)
    frame = pd.DataFrame(session.execute(_in_period(query, filters.period)).all(), columns=["month", "count", *(["code"] if dimension else [])])
    frame["month"] = pd.to_datetime(frame["month"])
    if dimension:
        frame["code"] = frame["code"].fillna("okant" if dimension != "age_band" else "okand")
        frame["label"] = frame["code"].map(lambda c: labels.get(c, "Uppgift saknas"))
    return frame


def rolling_12(session: Session, filters: Filters) -> pd.DataFrame:
    """Intakes in the 12 months up to each month of the period (smooths out the seasons)."""
    months = filters.period.months
    wide = Period(shift_months(months[0], -11), filters.period.end, "")
    per_month = monthly(session, filters.with_period(wide))
    series = per_month.set_index("month")["count"].reindex(
        pd.date_range(wide.start, filters.period.end, freq="MS"), fill_value=0
    )
    rolled = series.rolling(12).sum().dropna()
    return pd.DataFrame({"month": rolled.index, "rolling_12": rolled.astype(int).values})


def same_month_last_year(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month of the period: this year's intakes beside the same month a year earlier."""
    now = monthly(session, filters).set_index("month")["count"]
    last_period = filters.period.year_earlier()
    before = monthly(session, filters.with_period(last_period)).set_index("month")["count"]
    months = pd.DatetimeIndex(pd.to_datetime(filters.period.months))
    frame = pd.DataFrame({"month": months})
    frame["count"] = [int(now.get(m, 0)) for m in months]
    frame["last_year"] = [
        int(before[m2]) if (m2 := m - pd.DateOffset(years=1)) in before.index else None for m in months
    ]
    return frame


def monthly_counts(session: Session, filters: Filters) -> dict[dt.date, float | None]:
    """INFLOW for each month of the period (None for a month without intakes): the Översikt trend."""
    frame = monthly(session, filters)
    return {ts.date(): (float(n) if n else None) for ts, n in zip(frame["month"], frame["count"])}
