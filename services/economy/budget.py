"""Economy: budget vs utfall per category, year to date, traffic light, and the year-end forecast.

Sign convention of the municipal reports: revenue positive, cost negative,
avvikelse = utfall − budget (positive = surplus). Budget lives per unit, so a team
filter looks at its unit's economy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import BudgetLine
from models import codes as code_lists
from services.access import settings
from services.core.kpi import Measured, Part
from services.core.periods import period
from services.core.scope import Filters, units_in_scope


def scoped(query, units: list[str] | None):
    return query if units is None else query.where(BudgetLine.unit_code.in_(units))


def closed_through(session: Session, filters: Filters) -> dt.date | None:
    """The last month of the period's year, up to the period end, that has utfall (a closed month)."""
    p = filters.period
    query = select(func.max(BudgetLine.month)).where(
        BudgetLine.actual.is_not(None),
        BudgetLine.month >= dt.date(p.end.year, 1, 1),
        BudgetLine.month <= p.end,
    )
    return session.scalar(scoped(query, units_in_scope(session, filters)))


def traffic_light(deviation_share: float | None, thresholds: dict) -> str:
    """'grön' / 'gul' / 'röd' by the configured thresholds; None when there is nothing to judge."""
    if deviation_share is None:
        return "saknas"
    if deviation_share >= thresholds["green_from"]:
        return "grön"
    if deviation_share >= thresholds["amber_from"]:
        return "gul"
    return "röd"


def _share(deviation: float | None, budget: float | None) -> float | None:
    if deviation is None or not budget:
        return None
    return deviation / abs(budget)


def by_category(session: Session, filters: Filters) -> pd.DataFrame:
    """Per category: the month (the period's last month) and year to date through the last closed month.

    Columns: category, label, budget_month, actual_month, dev_month, dev_month_share,
    budget_ytd, actual_ytd, dev_ytd, dev_ytd_share, light_ytd. The last row is the net (Netto).
    """
    units = units_in_scope(session, filters)
    month = filters.period.end.replace(day=1)
    closed = closed_through(session, filters)
    year_start = dt.date(filters.period.end.year, 1, 1)
    month_rows = dict(
        (c, (b, a))
        for c, b, a in session.execute(
            scoped(
                select(BudgetLine.category, func.sum(BudgetLine.budget), func.sum(BudgetLine.actual))
                .where(BudgetLine.month == month).group_by(BudgetLine.category),
                units,
            )
        ).all()
    )
    ytd_rows = {}
    if closed is not None:
        ytd_rows = dict(
            (c, (b, a))
            for c, b, a in session.execute(
                scoped(
                    select(BudgetLine.category, func.sum(BudgetLine.budget), func.sum(BudgetLine.actual))
                    .where(BudgetLine.month >= year_start, BudgetLine.month <= closed).group_by(BudgetLine.category),
                    units,
                )
            ).all()
        )
    thresholds = settings.get(session, "budget_traffic_light")
    records = []
    for category, label in code_lists.BUDGET_CATEGORIES.items():
        if category not in month_rows and category not in ytd_rows:
            continue
        budget_month, actual_month = month_rows.get(category, (None, None))
        budget_ytd, actual_ytd = ytd_rows.get(category, (None, None))
        records.append(_row(category, label, budget_month, actual_month, budget_ytd, actual_ytd, thresholds))
    frame = pd.DataFrame(records)
    if not frame.empty:
        net = frame[["budget_month", "actual_month", "budget_ytd", "actual_ytd"]].sum(min_count=1)
        actual_month_net = net["actual_month"] if frame["actual_month"].notna().any() else None
        frame = pd.concat(
            [frame, pd.DataFrame([_row("netto", "Netto", net["budget_month"], actual_month_net, net["budget_ytd"], net["actual_ytd"], thresholds)])],
            ignore_index=True,
        )
    return frame


def _row(category, label, budget_month, actual_month, budget_ytd, actual_ytd, thresholds) -> dict:
    dev_month = None if actual_month is None or budget_month is None else actual_month - budget_month
    dev_ytd = None if actual_ytd is None or budget_ytd is None else actual_ytd - budget_ytd
    return {
        "category": category,
        "label": label,
        "budget_month": budget_month,
        "actual_month": actual_month,
        "dev_month": dev_month,
        "dev_month_share": _share(dev_month, budget_month),
        "budget_ytd": budget_ytd,
        "actual_ytd": actual_ytd,
        "dev_ytd": dev_ytd,
        "dev_ytd_share": _share(dev_ytd, budget_ytd),
        "light_ytd": traffic_light(_share(dev_ytd, budget_ytd), thresholds),
    }


def cumulative(session: Session, filters: Filters) -> pd.DataFrame:
    """Net budget and utfall per month of the year, and their running sums (month, budget, actual, …_cum)."""
    units = units_in_scope(session, filters)
    year = filters.period.end.year
    rows = session.execute(
        scoped(
            select(BudgetLine.month, func.sum(BudgetLine.budget), func.sum(BudgetLine.actual), func.count(BudgetLine.actual))
            .where(BudgetLine.month >= dt.date(year, 1, 1), BudgetLine.month <= dt.date(year, 12, 1))
            .group_by(BudgetLine.month).order_by(BudgetLine.month),
            units,
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["month", "budget", "actual", "closed_lines"])
    frame.loc[frame["closed_lines"] == 0, "actual"] = None
    frame["budget_cum"] = frame["budget"].cumsum()
    frame["actual_cum"] = frame["actual"].cumsum().where(frame["actual"].notna())
    frame["month"] = pd.to_datetime(frame["month"])
    return frame.drop(columns="closed_lines")


CONTROLLER, ASSUMED, MIXED = "controller", "utfall + budget", "delvis controller"
NO_FORECAST = "ingen prognos lämnad"
ASSUMED_TEXT = "återstående budget antagen"


@dataclass
class CategoryForecast:
    category: str
    label: str
    budget_year: float
    actual_ytd: float | None
    remaining_budget: float
    forecast: float
    source: str  # CONTROLLER (every unit forecast it), ASSUMED (none did: utfall + budget) or MIXED
    assumed_units: tuple[str, ...] = ()  # the units in it with no forecast this year: utfall so far + remaining budget
    units: tuple[str, ...] = ()  # the units with a budget for it


def forecasts(session: Session, filters: Filters) -> list[CategoryForecast]:
    """Year-end forecast per category, summed over the units: each unit's latest forecast_year for the category
    made this year up to the period's end, else that unit's utfall so far + its remaining budget for it."""
    units = units_in_scope(session, filters)
    year = filters.period.end.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
    # Each unit's own last closed month (as closed_through for the unit alone), so that the forecast of
    # several units is the sum of each unit's own.
    closed = scoped(
        select(BudgetLine.unit_code, func.max(BudgetLine.month).label("month"))
        .where(BudgetLine.actual.is_not(None), BudgetLine.month >= start, BudgetLine.month <= filters.period.end)
        .group_by(BudgetLine.unit_code),
        units,
    ).subquery()
    last_closed = func.coalesce(closed.c.month, dt.date(year - 1, 12, 1))
    per_unit = session.execute(
        scoped(
            select(
                BudgetLine.unit_code,
                BudgetLine.category,
                func.sum(BudgetLine.budget),
                func.sum(BudgetLine.actual).filter(BudgetLine.month <= last_closed),
                func.sum(BudgetLine.budget).filter(BudgetLine.month > last_closed),
            )
            .outerjoin(closed, closed.c.unit_code == BudgetLine.unit_code)
            .where(BudgetLine.month >= start, BudgetLine.month <= end)
            .group_by(BudgetLine.unit_code, BudgetLine.category)
            .order_by(BudgetLine.unit_code),
            units,
        )
    ).all()
    controller = _latest_controller_forecasts(session, units, year, filters.period.end)
    out = []
    for category, label in code_lists.BUDGET_CATEGORIES.items():
        rows = [r for r in per_unit if r[1] == category]
        if not rows:
            continue
        budget_year = actual_ytd = rest_total = forecast = 0.0
        any_actual, assumed = False, []
        for unit, _, unit_budget, unit_actual, unit_rest in rows:
            rest = unit_rest or 0.0
            budget_year += unit_budget or 0.0
            rest_total += rest
            if unit_actual is not None:
                any_actual, actual_ytd = True, actual_ytd + unit_actual
            if (unit, category) in controller:
                forecast += controller[(unit, category)]
            else:
                forecast += (unit_actual or 0.0) + rest
                assumed.append(unit)
        source = CONTROLLER if not assumed else ASSUMED if len(assumed) == len(rows) else MIXED
        out.append(CategoryForecast(category, label, budget_year, actual_ytd if any_actual else None, rest_total,
                                    forecast, source, tuple(assumed), tuple(r[0] for r in rows)))
    return out


def _latest_controller_forecasts(session: Session, units, year: int, day: dt.date) -> dict[tuple[str, str], float]:
    """Per unit and category, the unit's latest forecast_year for it made in the year up to `day`."""
    latest = scoped(
        select(BudgetLine.unit_code, BudgetLine.category, func.max(BudgetLine.month).label("month"))
        .where(BudgetLine.forecast_year.is_not(None), BudgetLine.month >= dt.date(year, 1, 1), BudgetLine.month <= day)
        .group_by(BudgetLine.unit_code, BudgetLine.category),
        units,
    ).subquery()
    rows = session.execute(
        select(BudgetLine.unit_code, BudgetLine.category, BudgetLine.forecast_year)
        .join(latest, (latest.c.unit_code == BudgetLine.unit_code) & (latest.c.category == BudgetLine.category) & (latest.c.month == BudgetLine.month))
    ).all()
    return {(unit, category): forecast for unit, category, forecast in rows}


def assumed_note(rows: list[CategoryForecast]) -> str:
    """What a reader must know about the forecast: where no forecast was made and the remaining budget is assumed.

    '' when every unit forecast every category; 'ingen prognos lämnad — återstående budget antagen' when none
    did; else the categories (with their units when the scope has several): 'ingen prognos lämnad för
    Köpt vård, öppenvård (FAM) — återstående budget antagen'.
    """
    assumed = [r for r in rows if r.assumed_units]
    if not assumed:
        return ""
    if all(r.source == ASSUMED for r in rows):
        return f"{NO_FORECAST} — {ASSUMED_TEXT}"
    several_units = len({u for r in rows for u in r.units}) > 1
    named = "; ".join(r.label + (f" ({', '.join(r.assumed_units)})" if several_units else "") for r in assumed)
    return f"{NO_FORECAST} för {named} — {ASSUMED_TEXT}"


def budget_dev(session: Session, filters: Filters) -> Measured:
    """BUDGET_DEV: (utfall − budget) / |budget|, net, year to date through the last closed month.

    numerator = utfall, denominator = budget (SEK) for that stretch.
    """
    frame = by_category(session, filters)
    if frame.empty or frame.iloc[-1]["actual_ytd"] is None or pd.isna(frame.iloc[-1]["actual_ytd"]):
        return Measured(Part(None), {})
    net = frame.iloc[-1]
    return Measured(Part(net["dev_ytd_share"], float(net["actual_ytd"]), float(net["budget_ytd"])), {})


def forecast_dev(session: Session, filters: Filters) -> Measured:
    """FORECAST_DEV: (forecast for the year − annual budget) / |annual budget|, net, summed over the units.

    numerator = the forecast, denominator = the annual budget (SEK). Each unit's category counts with the
    unit's latest forecast, else with its utfall so far + its remaining budget, which the note says.
    """
    rows = forecasts(session, filters)
    if not rows:
        return Measured(Part(None), {})
    forecast = sum(r.forecast for r in rows)
    budget_year = sum(r.budget_year for r in rows)
    return Measured(Part(_share(forecast - budget_year, budget_year), forecast, budget_year), {}, assumed_note(rows))


def budget_dev_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """BUDGET_DEV for each month of the period, from one monthly sum per year instead of a computation per month."""
    out: dict[dt.date, Part] = {}
    for year in sorted({m.year for m in filters.period.months}):
        frame = cumulative(session, filters.with_period(period(year, "helår")))
        closed = None
        by_month = {ts.date(): row for ts, row in zip(frame["month"], frame.itertuples())}
        for month in (dt.date(year, n, 1) for n in range(1, 13)):
            row = by_month.get(month)
            if row is not None and row.actual is not None and not pd.isna(row.actual):
                closed = row
            if month in filters.period.months:
                out[month] = Part(None) if closed is None else Part(
                    _share(closed.actual_cum - closed.budget_cum, closed.budget_cum),
                    float(closed.actual_cum), float(closed.budget_cum))
    return out
