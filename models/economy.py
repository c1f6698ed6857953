"""Budget, utfall and prognos per unit, month and category; targets per KPI."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Decimal4, Money


class BudgetLine(Base):
    """Revenue positive, cost negative; avvikelse = actual − budget."""

    __tablename__ = "budget"

    unit_code: Mapped[str] = mapped_column(ForeignKey("units.unit_code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(30), primary_key=True)
    budget: Mapped[float] = mapped_column(Money)
    actual: Mapped[float | None] = mapped_column(Money)
    forecast_year: Mapped[float | None] = mapped_column(Money)


class Target(Base):
    """A target for a KPI. Empty scope/period are stored as '' so they can be part of the key."""

    __tablename__ = "targets"

    kpi_code: Mapped[str] = mapped_column(String(30), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True, default="")
    target: Mapped[float] = mapped_column(Decimal4)
    warn: Mapped[float | None] = mapped_column(Decimal4)
