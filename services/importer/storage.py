"""What the store can hold, read from the SQLAlchemy models (one source): text lengths, integer and
decimal ranges per import column.

The validator checks every cell against these before anything is written, so a value the
schema forbids gets the same Swedish message on SQLite (which would store it anyway) and on
PostgreSQL (which would refuse it mid-write).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import BigInteger, Float, Integer, Numeric, SmallInteger, String

from models import (
    Absence,
    Base,
    BudgetLine,
    Intake,
    Intervention,
    Investigation,
    Position,
    Staff,
    Target,
    Team,
    Unit,
    WorkloadMeasurement,
)

# The tables each import file is written to, first match wins (teams.csv also fills units).
TABLES: dict[str, tuple[type[Base], ...]] = {
    "teams": (Team, Unit),
    "staff": (Staff,),
    "positions": (Position,),
    "absence": (Absence,),
    "intakes": (Intake,),
    "investigations": (Investigation,),
    "interventions": (Intervention,),
    "workload": (WorkloadMeasurement,),
    "budget": (BudgetLine,),
    "targets": (Target,),
}

# PostgreSQL's integer types; SQLite would take any 64-bit value, PostgreSQL's INTEGER only these.
_INTEGER_RANGES = {
    SmallInteger: (-(2**15), 2**15 - 1),
    BigInteger: (-(2**63), 2**63 - 1),
    Integer: (-(2**31), 2**31 - 1),
}


@dataclass(frozen=True)
class Limit:
    """What one column can hold. `max_length` for text; `low`/`high` for numbers; `digits`/`scale` for decimals."""

    max_length: int | None = None
    low: float | None = None
    high: float | None = None
    digits: int | None = None  # NUMERIC(p, s): p
    scale: int | None = None  # NUMERIC(p, s): s
    finite: bool = False  # floats and decimals: no Inf or NaN


def _limit(column_type: object) -> Limit | None:
    if isinstance(column_type, String) and column_type.length:
        return Limit(max_length=column_type.length)
    if isinstance(column_type, Integer):
        for kind, (low, high) in _INTEGER_RANGES.items():  # subclasses before Integer itself
            if isinstance(column_type, kind):
                return Limit(low=low, high=high)
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        if column_type.precision is not None:
            scale = column_type.scale or 0
            bound = 10.0 ** (column_type.precision - scale)
            return Limit(low=-bound, high=bound, digits=column_type.precision, scale=scale, finite=True)
        return Limit(finite=True)
    if isinstance(column_type, Float):
        return Limit(finite=True)
    return None


@cache
def limits(file: str) -> dict[str, Limit]:
    """Canonical column name -> what the store can hold, for one import file (e.g. "intakes")."""
    out: dict[str, Limit] = {}
    for model in reversed(TABLES[file]):  # the first table's column wins
        for column in model.__table__.columns:
            limit = _limit(column.type)
            if limit is not None:
                out[column.name] = limit
    return out
