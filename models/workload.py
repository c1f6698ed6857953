"""The workload-weight model (arbetstyngdsmätning, Göteborg/SKR) as versioned data.

Each version is valid from a date; a measurement keeps the id of the version it was
computed with, so a later change of weights or limits never rewrites past rounds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class WorkloadModel(Base):
    __tablename__ = "workload_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    co_handled_factor: Mapped[float] = mapped_column(Float)  # a co-handled case weighs this share
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))


class WorkloadCategory(Base):
    """Points per case of a kind, in one model version."""

    __tablename__ = "workload_model_categories"

    model_id: Mapped[int] = mapped_column(ForeignKey("workload_models.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    points: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer)


class WorkloadLevel(Base):
    """An experience level with its reasonable-load bands: green up to green_max, amber up to amber_max, red above."""

    __tablename__ = "workload_model_levels"

    model_id: Mapped[int] = mapped_column(ForeignKey("workload_models.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(20), primary_key=True)  # ny | van | erfaren
    label: Mapped[str] = mapped_column(String(100))
    min_years: Mapped[int] = mapped_column(Integer)
    green_max: Mapped[float] = mapped_column(Float)
    amber_max: Mapped[float] = mapped_column(Float)


class WorkloadScaleStep(Base):
    """One step of the self-rating scale and its wording."""

    __tablename__ = "workload_model_scale"

    model_id: Mapped[int] = mapped_column(ForeignKey("workload_models.id"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100))


class WorkloadCaseCount(Base):
    """The case counts behind a measurement recorded in the app (per category, of which co-handled)."""

    __tablename__ = "workload_case_counts"

    measured_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    staff_code: Mapped[str] = mapped_column(ForeignKey("staff.staff_code"), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    co_handled: Mapped[int] = mapped_column(Integer, default=0)
