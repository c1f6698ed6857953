"""Staff, budgeted posts, team-level sick leave and workload measurements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Decimal4


class Staff(Base):
    """An employee or consultant, by pseudonymous code; the name is optional."""

    __tablename__ = "staff"

    staff_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    employment: Mapped[str] = mapped_column(String(20))
    fte: Mapped[float] = mapped_column(Decimal4)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    profession_start: Mapped[dt.date | None] = mapped_column(Date)


class Position(Base):
    """Budgeted posts per team and month: the denominator of vacancies."""

    __tablename__ = "positions"

    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    budgeted_fte: Mapped[float] = mapped_column(Decimal4)


class Absence(Base):
    """Sick leave per team and month. Health data: never stored per person."""

    __tablename__ = "absence"

    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    scheduled_hours: Mapped[float] = mapped_column(Decimal4)
    sick_hours: Mapped[float] = mapped_column(Decimal4)
    sick_hours_short: Mapped[float | None] = mapped_column(Decimal4)


class WorkloadMeasurement(Base):
    """One person's points and self-rating on one measurement occasion."""

    __tablename__ = "workload"

    measured_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    staff_code: Mapped[str] = mapped_column(
        ForeignKey("staff.staff_code"), primary_key=True, index=True
    )
    points: Mapped[float] = mapped_column(Decimal4)
    self_rating: Mapped[int | None] = mapped_column(Integer)
    case_count: Mapped[int | None] = mapped_column(Integer)
    # The model version the points belong to (set when written), and where they came from.
    model_id: Mapped[int | None] = mapped_column(ForeignKey("workload_models.id"), index=True)
    source: Mapped[str] = mapped_column(String(10), default="import")  # import | app
