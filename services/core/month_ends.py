"""Readings on each month end of a period in one scan: one conditional sum per month.

KPIs read on a day (placements in care, ongoing investigations, staff employed) were computed
one query per month for trends; a single pass with a sum per month end gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from services.core.periods import month_end
from services.core.scope import Filters, restrict


def sums_at_month_ends(session: Session, filters: Filters, source, team_column, on_day, where: list, weight=1) -> list[float]:
    """For each month of the period: the sum of `weight` over rows satisfying `on_day(its last day)`.

    `where` narrows the rows read (it must keep every row any month end could count).
    """
    days = [month_end(m) for m in filters.period.months]
    sums = [func.sum(case((and_(*on_day(day)), weight), else_=0)) for day in days]
    row = session.execute(restrict(select(*sums).select_from(source).where(*where), team_column, filters)).one()
    return [v or 0 for v in row]


def sums_by_month(session: Session, filters: Filters, source, team_column, group, per_month: Callable[[dt.date], list],
                  where: list) -> list[tuple[object, dt.date, tuple]]:
    """One scan, grouped by `group`: for each group value and month of the period, the aggregates `per_month(month)`.

    Replaces a join with a table of months, which read the rows once per month (24 passes over ten
    years of placements for a two-year chart). `where` narrows the rows read, as above.
    """
    months = filters.period.months
    width = len(per_month(months[0]))
    columns = [aggregate for month in months for aggregate in per_month(month)]
    query = restrict(select(group.label("group_value"), *columns).select_from(source).where(*where).group_by(group),
                     team_column, filters)
    out = []
    for row in session.execute(query):
        for i, month in enumerate(months):
            out.append((row[0], month, tuple(row[1 + i * width : 1 + (i + 1) * width])))
    return out
