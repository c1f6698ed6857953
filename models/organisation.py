"""Units (enheter) and their teams (arbetsgrupper): the scope every filter works on."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Unit(Base):
    __tablename__ = "units"

    unit_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(200))


class Team(Base):
    __tablename__ = "teams"

    team_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    team_name: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.unit_code"), index=True)
    function: Mapped[str] = mapped_column(String(20))
