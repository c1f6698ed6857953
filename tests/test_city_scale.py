"""The city generator: unique codes across stadsdelar, deterministic, and loadable through the importer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import Intake, Team, Unit
from sample_data import city
from services.core import store_info
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import FULL_ACCESS, Filters
from services.flow import deadlines
from services.importer import import_path
from services.staffing import workload
from tests.conftest import on_postgres

TODAY = dt.date(2026, 11, 22)


def test_stadsdelar_get_their_own_codes_and_the_same_seed_gives_the_same_city():
    first = city.district(2, TODAY, years=2, volume=0.3)
    again = city.district(2, TODAY, years=2, volume=0.3)
    assert first["intakes"].equals(again["intakes"])
    assert set(first["teams"]["unit_code"]) == {"BOU02", "FAM02"}
    assert first["intakes"]["intake_id"].str.startswith("D02-").all()
    assert first["teams"]["unit_name"].str.endswith(" Norr").all()
    other = city.district(3, TODAY, years=2, volume=0.3)
    assert not set(first["intakes"]["intake_id"]) & set(other["intakes"]["intake_id"])
    assert (other["targets"]["scope"].fillna("") != "").all()  # the city-wide targets come once, from stadsdel 1


def test_volume_scales_the_intakes_and_a_small_city_imports_cleanly(store, tmp_path):
    small = city.district(1, TODAY, years=2, volume=0.3)
    larger = city.district(1, TODAY, years=2, volume=0.6)
    assert 1.6 < len(larger["intakes"]) / len(small["intakes"]) < 2.4
    counts = city.build(tmp_path / "stad", today=TODAY, districts=2, years=2, volume=0.3, workers=1)
    result = import_path(store, tmp_path / "stad")
    assert result.ok, result.errors[:3]
    with session_scope(store) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 4
        assert session.scalar(select(func.count()).select_from(Team)) == 18
        assert session.scalar(select(func.count()).select_from(Intake)) == counts["intakes.csv"]
        # Every stadsdel has a Mottagningsgruppen: across units each team keeps its own bar, named with its unit.
        year = Filters(period(TODAY.year - 1, "helår"))
        city_teams = deadlines.compliance_by_team(session, year, "ASSESS_14D")
        assert len(city_teams) == city_teams["team_code"].nunique() == city_teams["team_name"].nunique() >= 4
        assert (city_teams["value"] <= 1).all()
        assert "Mottagningsgruppen · " + session.scalar(select(Unit.unit_name).where(Unit.unit_code == "BOU02")) \
            in set(city_teams["team_name"])
        one_unit = deadlines.compliance_by_team(session, Filters(year.period, "BOU02"), "ASSESS_14D")
        assert not one_unit["team_name"].str.contains(" · ").any()
        picker = store_info.teams(session, None, FULL_ACCESS)  # the sidebar's Arbetsgrupp list for all units
        assert len({name for _code, name in picker}) == len(picker) == 18
        assert all(" · " not in name for _code, name in store_info.teams(session, "BOU02", FULL_ACCESS))
        workload_teams = workload.group_trend(session, year, by="team")
        assert workload_teams.groupby("measured_on")["group"].nunique().max() > 9


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL only")
def test_postgres_connections_keep_the_urls_options_and_run_without_jit(store):
    """JIT is switched off for the app's queries without dropping options the URL itself carries."""
    with store.connect() as connection:
        assert connection.exec_driver_sql("SHOW jit").scalar() == "off"
        assert "t_unit" in connection.exec_driver_sql("SHOW search_path").scalar()
