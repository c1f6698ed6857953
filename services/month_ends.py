"""Readings on each month end of a period in one scan: one conditional sum per month.

KPIs read on a day (placements in care, ongoing investigations, staff employed) were computed
one query per month for trends; a single pass with a sum per month end gives the same numbers.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from services.periods import month_end
from services.scope import Filters, restrict


def sums_at_month_ends(session: Session, filters: Filters, source, team_column, on_day, where: list, weight=1) -> list[float]:
    """For each month of the period: the sum of `weight` over rows satisfying `on_day(its last day)`.

    `where` narrows the rows read (it must keep every row any month end could count).
    """
    days = [month_end(m) for m in filters.period.months]
    sums = [func.sum(case((and_(*on_day(day)), weight), else_=0)) for day in days]
    row = session.execute(restrict(select(*sums).select_from(source).where(*where), team_column, filters)).one()
    return [v or 0 for v in row]
