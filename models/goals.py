"""The goal cascade of the reports: KF:s inriktningsmål → verksamhetsområdesmål → nämndmål → enhetsmål.

Each enhetsmål has indicators (a catalogue KPI, or a manual one such as a survey index
entered per period), activities, and per period a grade with an analysis written in the app.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    level: Mapped[str] = mapped_column(String(20))  # kf | verksamhet | namnd | enhet
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), index=True)
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("units.unit_code"), index=True)  # enhetsmål only
    title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)


class GoalIndicator(Base):
    __tablename__ = "goal_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    kpi_code: Mapped[str | None] = mapped_column(String(30))  # a catalogue KPI, or None for a manual indicator
    name: Mapped[str | None] = mapped_column(String(300))  # the manual indicator's name
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    target: Mapped[float | None] = mapped_column(Float)  # the manual indicator's årsmål
    is_share: Mapped[bool] = mapped_column(Boolean, default=False)  # the manual value is a share (0–1), shown in %
    position: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorValue(Base):
    """A manual indicator's result for a period (e.g. the survey index for T2), with gender split and n."""

    __tablename__ = "indicator_values"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("goal_indicators.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # T1 | T2 | helår
    value: Mapped[float] = mapped_column(Float)
    boys: Mapped[float | None] = mapped_column(Float)
    girls: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)


class GoalActivity(Base):
    __tablename__ = "goal_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # planerad | pagar | klar | avbruten


class GoalGrade(Base):
    """The manager's grade of an enhetsmål for a period, with her analysis."""

    __tablename__ = "goal_grades"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    grade: Mapped[str] = mapped_column(String(10))  # helt | delvis | inte
    analysis: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class KpiComment(Base):
    """The manager's comment on one KPI for one month or tertial, carried into reports and (if marked) the APT."""

    __tablename__ = "kpi_comments"

    unit_code: Mapped[str] = mapped_column(ForeignKey("units.unit_code"), primary_key=True)
    kpi_code: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # 'YYYY-MM', 'T1', 'T2' or 'helår'
    text: Mapped[str] = mapped_column(Text)
    for_apt: Mapped[bool] = mapped_column(Boolean, default=False)  # may be shown on the shared screen
    author: Mapped[str] = mapped_column(String(100))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime)
