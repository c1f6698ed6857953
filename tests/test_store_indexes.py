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


def test_the_data_date_skips_days_after_today_also_when_a_month_holds_only_such_days(tmp_path):
    from models import Team, Unit

    engine = get_engine(f"sqlite:///{tmp_path / 'dates.db'}")
    migrate(engine)
    today = dt.date.today()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)

    def intake(number: int, day: dt.date) -> Intake:
        return Intake(intake_id=f"A{number}", person_key=f"P{number}", team_code="T1", intake_type="anmälan",
                      received_at=dt.datetime.combine(day, dt.time(9)), received_date=day,
                      received_month=day.replace(day=1))

    with session_scope(engine) as session:
        assert store_info.data_date(session) is None
        session.add(Unit(unit_code="U1", unit_name="Enheten"))
        session.flush()
        session.add(Team(team_code="T1", team_name="Gruppen", unit_code="U1", function="utredning"))
        session.flush()
        session.add_all([intake(1, last_month + dt.timedelta(days=3)), intake(2, dt.date(2099, 5, 1))])
        if today.day < 28:  # a typo later this same month: that month has no day up to today
            session.add(intake(3, today + dt.timedelta(days=1)))
    with session_scope(engine) as session:
        assert store_info.data_date(session) == last_month + dt.timedelta(days=3)
        session.add(intake(4, today))
    with session_scope(engine) as session:
        assert store_info.data_date(session) == today


def test_the_all_units_clock_kpis_read_the_month_first_index_alone(sample_store):
    """PROTECT_24H and TALK_48H for every unit count a year of intakes from the index, not from the table: a freshly
    started app process on SQLite otherwise read 1 s of table pages for the city (migration 0012)."""
    import pytest
    from sqlalchemy import text

    from services.core.periods import Period
    from services.core.scope import Filters, restrict
    from services.core.sqlfunc import count_where
    from services.flow.deadlines import RULES

    engine = get_engine(sample_store)
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan is SQLite's (PostgreSQL chooses by its own statistics)")
    year = Filters(Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "helår 2025"))
    for code in ("PROTECT_24H", "TALK_48H"):  # the query of deadlines.compliance, as it runs
        rule = RULES[code]
        query = (select(rule.gender, count_where(rule.in_time), func.count())
                 .where(*rule.population(year.period)).group_by(rule.gender))
        sql = str(restrict(query, rule.team, year).compile(engine, compile_kwargs={"literal_binds": True}))
        with engine.connect() as conn:
            plan = " ".join(row[-1] for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "COVERING INDEX ix_intakes_month_cover" in plan, (code, plan)
