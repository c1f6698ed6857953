"""Date arithmetic that SQLite and PostgreSQL spell differently, as portable SQL constructs."""

from __future__ import annotations

from sqlalchemy import Date, Integer, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from services.core.periods import month_end


class add_days(FunctionElement):
    """`date + n days` (n may be negative)."""

    type = Date()
    inherit_cache = True


@compiles(add_days)
def _add_days_pg(element, compiler, **kw):
    date, days = list(element.clauses)
    return f"(CAST({compiler.process(date, **kw)} AS DATE) + {compiler.process(days, **kw)})"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw):
    date, days = list(element.clauses)
    return f"date({compiler.process(date, **kw)}, ({compiler.process(days, **kw)}) || ' days')"


class days_between(FunctionElement):
    """Whole days from the first date to the second (`later - earlier`)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_pg(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return f"(CAST({compiler.process(later, **kw)} AS DATE) - CAST({compiler.process(earlier, **kw)} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


class greatest(FunctionElement):
    """The larger of two values (GREATEST in PostgreSQL, max(a, b) in SQLite)."""

    inherit_cache = True


@compiles(greatest)
def _greatest_pg(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


class least(FunctionElement):
    """The smaller of two values (LEAST in PostgreSQL, min(a, b) in SQLite)."""

    inherit_cache = True


@compiles(least)
def _least_pg(element, compiler, **kw):
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


class full_years(FunctionElement):
    """Whole years from the first date to the second: an anniversary counts on its day.

    The n-th anniversary of a date is the same day n years later, and of 29 February the
    28th in a year without one (what PostgreSQL's `date + interval 'n years'` gives, and
    `services.core.periods.shift_months(day, 12 * n)`); services.staffing.workload.anniversary.
    """

    type = Integer()
    inherit_cache = True


@compiles(full_years)
def _full_years_pg(element, compiler, **kw):
    earlier, later = (f"CAST({compiler.process(c, **kw)} AS DATE)" for c in element.clauses)
    years = f"(CAST(EXTRACT(YEAR FROM {later}) AS INTEGER) - CAST(EXTRACT(YEAR FROM {earlier}) AS INTEGER))"
    # `date + interval` is PostgreSQL's (and DuckDB's, which the bench compares with) clamped calendar step
    return f"({years} - CASE WHEN {earlier} + INTERVAL '1 year' * {years} > {later} THEN 1 ELSE 0 END)"


@compiles(full_years, "sqlite")
def _full_years_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(c, **kw) for c in element.clauses)
    # Not yet this year's anniversary: an earlier day of the year, except 29 Feb when the later
    # year has none (its 28 Feb is the anniversary: the day after it is 1 March).
    return (
        f"(CAST(strftime('%Y', {later}) AS INTEGER) - CAST(strftime('%Y', {earlier}) AS INTEGER)"
        f" - (strftime('%m-%d', {later}) < strftime('%m-%d', {earlier})"
        f" AND NOT (strftime('%m-%d', {earlier}) = '02-29' AND strftime('%m-%d', {later}, '+1 day') = '03-01')))"
    )


def in_months(month_column, day_column, period) -> list:
    """The period as a range on a month key (the 1st of each month), which the store can index.

    A whole-month period selects exactly the rows whose date lies in it without computing anything
    per row. A partial period (ending mid-month on the data date, or the same days a year earlier)
    also bounds `day_column`, so it never counts days past its end.
    """
    conditions = [month_column >= period.start.replace(day=1), month_column <= period.end]
    if period.end != month_end(period.end):
        conditions.append(day_column <= period.end)
    return conditions


def count_where(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): how many rows of a group meet a condition."""
    return func.sum(case((condition, 1), else_=0))
