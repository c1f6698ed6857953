"""The declarative base shared by every table, with stable constraint names for migrations."""

from __future__ import annotations

from sqlalchemy import MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money and FTE are exact decimals in the store (PostgreSQL NUMERIC) but come back
# as floats, which is what pandas and Plotly work with.
Money = Numeric(16, 2, asdecimal=False)
Decimal4 = Numeric(12, 4, asdecimal=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
