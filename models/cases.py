"""Case data: aktualiseringar, utredningar, insatser, and the derived person register.

Besides the columns of the import contract, each table keeps a few values the
importer derives once (month keys, elapsed days and hours, the 4-month limit), so
KPIs are plain comparisons and GROUP BYs that work the same on SQLite and
PostgreSQL and can use an index.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Money


class Intake(Base):
    __tablename__ = "intakes"

    intake_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(60), index=True)
    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    intake_type: Mapped[str] = mapped_column(String(20))
    reporter: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    protection_assessed: Mapped[dt.datetime | None] = mapped_column(DateTime)
    assessment_date: Mapped[dt.date | None] = mapped_column(Date)
    assessment_outcome: Mapped[str | None] = mapped_column(String(20))
    investigation_id: Mapped[str | None] = mapped_column(String(60))
    serious_talk: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The handläggare; empty = ej fördelad. The importer checks the code against staff (this import or the store);
    # no foreign key, which on PostgreSQL would be one lookup per row in a city's COPY of a million intakes.
    staff_code: Mapped[str | None] = mapped_column(String(40))
    # Derived by the importer.
    received_date: Mapped[dt.date] = mapped_column(Date)
    received_month: Mapped[dt.date] = mapped_column(Date)
    assessment_month: Mapped[dt.date | None] = mapped_column(Date)
    assessment_days: Mapped[int | None] = mapped_column(Integer)
    protection_hours: Mapped[float | None] = mapped_column(Float)
    serious_talk_hours: Mapped[float | None] = mapped_column(Float)
    age: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        # Team first, covering what one unit's KPIs count by: answered from the index alone (migration 0007).
        Index("ix_intakes_team_month", "team_code", "received_month", "gender", "protection_hours", "serious_talk_hours",
              "reason", "reporter", "age"),
        # Month first, covering the same columns: "all units" KPIs (inflow, the 24-hour and 48-hour clocks) read
        # these without touching the table (migration 0012; before, a fresh process read 1 s of table pages).
        Index("ix_intakes_month_cover", "received_month", "team_code", "gender", "protection_hours", "serious_talk_hours",
              "reason", "reporter", "age"),
        Index("ix_intakes_assessed_cover", "assessment_month", "team_code", "gender", "assessment_days"),
        Index("ix_intakes_team_assessment_month", "team_code", "assessment_month", "gender", "assessment_days"),
        Index("ix_intakes_open", "team_code", "assessment_date"),
        Index("ix_intakes_assessed_on", "assessment_date", "received_date"),  # open on a day: not yet assessed
        Index("ix_intakes_person_received", "person_key", "received_date"),  # re-referral from the index (0010)
    )


class Investigation(Base):
    __tablename__ = "investigations"

    investigation_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(60), index=True)
    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"))
    staff_code: Mapped[str | None] = mapped_column(ForeignKey("staff.staff_code"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    extended_until: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    lvu_application: Mapped[bool | None] = mapped_column(Boolean)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    # Derived by the importer: the legal limit is 4 calendar months from the start
    # (31 Oct -> 28/29 Feb), which SQL date arithmetic does not agree on across engines.
    due_date: Mapped[dt.date] = mapped_column(Date)
    end_month: Mapped[dt.date | None] = mapped_column(Date)
    duration_days: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_investigations_team_end_month", "team_code", "end_month", "gender", "person_key", "end_date", "due_date",
              "duration_days"),
        Index("ix_investigations_team_start", "team_code", "start_date"),
        Index("ix_investigations_end_month_team", "end_month", "team_code"),
        Index("ix_investigations_open_on", "end_date", "start_date"),  # ongoing on a day: few rows end after it
    )


class Intervention(Base):
    __tablename__ = "interventions"

    intervention_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(60), index=True)
    team_code: Mapped[str] = mapped_column(ForeignKey("teams.team_code"))
    category: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    legal_basis: Mapped[str | None] = mapped_column(String(5))
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_name: Mapped[str | None] = mapped_column(String(200))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    daily_cost: Mapped[float | None] = mapped_column(Money)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_interventions_team_category", "team_code", "category", "start_date"),
        Index("ix_interventions_decision", "team_code", "decision_date"),
        Index("ix_interventions_category_start", "category", "start_date", "team_code"),
        Index("ix_interventions_start_end", "start_date", "end_date"),  # not yet carried out on a day
    )


class Person(Base):
    """Gender and birth year per pseudonymous person, from the latest intake.

    Investigations and interventions may leave gender/birth year empty; the
    contract says to take them from the person's latest intake, so the importer
    keeps this register current and queries COALESCE against it.
    """

    __tablename__ = "persons"

    person_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    latest_received: Mapped[dt.datetime | None] = mapped_column(DateTime)
