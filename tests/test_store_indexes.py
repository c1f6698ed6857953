"""The migrations build every index the models declare, and the data date reads the same day with them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select

from models import Base, Intake, Intervention, Investigation
from services.core import store_info
from services.core.db import get_engine, migrate, session_scope


def test_a_migrated_store_has_every_index_the_models_declare(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'indexes.db'}")
    migrate(engine)
    found = {(table, ix["name"]) for table in inspect(engine).get_table_names()
             for ix in inspect(engine).get_indexes(table)}
    declared = {(table.name, ix.name) for table in Base.metadata.sorted_tables for ix in table.indexes}
    assert declared - found == set()


def test_the_data_date_is_the_newest_case_day_up_to_today(sample_store):
    today = dt.date.today()
    with session_scope(get_engine(sample_store)) as session:
        days = [session.scalar(select(func.max(c)).where(c <= today)) for c in (
            Intake.received_date, Intake.assessment_date, Investigation.start_date, Investigation.end_date,
            Intervention.decision_date)]
        assert store_info.data_date(session) == max(d for d in days if d)
