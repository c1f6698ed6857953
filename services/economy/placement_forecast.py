"""The year-end forecast for bought care built from the placements themselves.

utfall so far (köpt vård, placeringar, through the last closed month)
− ongoing placements × their daily cost × nights left in the year (or to a known end)
− expected new placements: last 12 months' start rate × months left × average daily
  cost of those starts × expected nights each (median length, capped at year end).
Every figure of the arithmetic is returned, so the page can show its working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from models import BudgetLine, Intervention
from services.core.periods import Period, month_end, shift_months
from services.core.scope import Filters, restrict, units_in_scope
from services.core.sqlfunc import days_between, least
from services.economy import budget
from services.placements import placements

CATEGORY = "kopt_vard_placeringar"


@dataclass
class PlacementForecast:
    as_of: dt.date  # the last day of the last closed month
    actual_ytd: float  # utfall so far (negative = cost)
    ongoing: int
    ongoing_without_cost: int
    ongoing_daily_cost: float  # sum of the ongoing placements' daily costs
    ongoing_cost_rest: float  # their cost for the rest of the year (positive SEK)
    starts_last_12m: int
    start_rate: float  # per month
    months_left: int
    new_average_daily_cost: float | None
    new_expected_nights: float  # per new placement, on average over the remaining months
    median_length: float | None
    new_cost_rest: float  # positive SEK
    forecast: float  # year-end utfall in the report's sign (negative)
    controller_forecast: float | None  # the category's forecast when at least one unit in scope gave one
    budget_year: float | None
    controller_assumed_units: tuple[str, ...] = ()  # units in it with no forecast: utfall + remaining budget assumed


def placement_forecast(session: Session, filters: Filters) -> PlacementForecast | None:
    closed = budget.closed_through(session, filters)
    if closed is None:
        return None
    as_of = month_end(closed)
    year_next = dt.date(as_of.year + 1, 1, 1)
    day_after = as_of + dt.timedelta(days=1)
    units = units_in_scope(session, filters)
    unit_filters = filters.for_unit(units[0] if units and len(units) == 1 else None)

    nights_left = days_between(literal(day_after), least(func.coalesce(Intervention.end_date, literal(year_next)), literal(year_next)))
    ongoing, without_cost, daily_sum, rest_cost = session.execute(
        restrict(
            select(
                func.count(),
                func.count() - func.count(Intervention.daily_cost),
                func.coalesce(func.sum(Intervention.daily_cost), 0.0),
                func.coalesce(func.sum(Intervention.daily_cost * nights_left), 0.0),
            ).where(*placements.ongoing_on(as_of)),
            Intervention.team_code, unit_filters,
        )
    ).one()

    window = Period(shift_months(closed, -11), as_of, "")
    starts, new_cost = session.execute(
        restrict(
            select(func.count(), func.avg(Intervention.daily_cost)).where(
                placements.PLACEMENT, Intervention.start_date >= window.start, Intervention.start_date <= window.end
            ),
            Intervention.team_code, unit_filters,
        )
    ).one()
    new_cost = None if new_cost is None else float(new_cost)
    median_length, _ = placements.median_length_of_ended(session, unit_filters.with_period(window))
    months_left = 12 - as_of.month
    rate = starts / 12
    stays = []
    for k in range(1, months_left + 1):
        first = shift_months(closed, k)
        mid = first + dt.timedelta(days=14)
        to_year_end = (year_next - mid).days
        stays.append(min(median_length, to_year_end) if median_length is not None else to_year_end)
    expected_nights = sum(stays) / len(stays) if stays else 0.0
    new_rest = rate * months_left * (new_cost or 0.0) * expected_nights

    actual_ytd = session.scalar(
        budget.scoped(
            select(func.coalesce(func.sum(BudgetLine.actual), 0.0)).where(
                BudgetLine.category == CATEGORY, BudgetLine.month >= dt.date(as_of.year, 1, 1), BudgetLine.month <= closed
            ),
            units,
        )
    )
    by_category = {f.category: f for f in budget.forecasts(session, filters)}
    own = by_category.get(CATEGORY)
    controller = own.forecast if own is not None and own.source != budget.ASSUMED else None
    return PlacementForecast(
        as_of=as_of,
        actual_ytd=float(actual_ytd),
        ongoing=ongoing,
        ongoing_without_cost=without_cost,
        ongoing_daily_cost=float(daily_sum),
        ongoing_cost_rest=float(rest_cost),
        starts_last_12m=starts,
        start_rate=rate,
        months_left=months_left,
        new_average_daily_cost=new_cost,
        new_expected_nights=expected_nights,
        median_length=median_length,
        new_cost_rest=new_rest,
        forecast=float(actual_ytd) - float(rest_cost) - new_rest,
        controller_forecast=controller,
        budget_year=own.budget_year if own is not None else None,
        controller_assumed_units=own.assumed_units if own is not None else (),
    )
