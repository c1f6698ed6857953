"""A period that has not ended is counted as of the data date, and compared with the same days a year earlier.

The sample store is built as of 22 Nov 2026, so its data runs to 31 Oct 2026: helår 2026 is partial.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

import cli
from models import Intake, Team
from services.core import store_info
from services.core.db import get_engine, session_scope
from services.core.periods import Period, as_of, period
from services.core.scope import Filters
from services.flow import early_warnings
from services.importer import import_path
from services.kpis import catalogue, overview
from tests.helpers import choose, open_app, texts

DATA_DATE = dt.date(2026, 10, 31)
STOCK = ("PLACEMENTS", "NOT_CARRIED_3M", "CASELOAD", "VACANCY")
KPI_FIXTURE = Path(__file__).parent / "fixtures" / "kpi"


def kpi_json(capsys, url: str, *args: str) -> dict:
    assert cli.main(["kpi", "--json", "--database-url", url, *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_data_date_is_the_newest_day_of_case_data(sample_store):
    with session_scope(get_engine(sample_store)) as session:
        assert store_info.data_date(session) == DATA_DATE


def test_cli_kpi_for_the_current_year_holds_for_the_data_date(sample_store, capsys):
    year = kpi_json(capsys, sample_store, "--year", "2026", "--unit", "BOU")
    assert year["period"] == {"start": "2026-01-01", "end": "2026-12-31", "as_of": "2026-10-31", "complete": False}
    october = kpi_json(capsys, sample_store, "--year", "2026", "--period", "2026-10", "--unit", "BOU")
    assert october["period"] == {"start": "2026-10-01", "end": "2026-10-31", "as_of": "2026-10-31", "complete": True}
    for code in STOCK:  # stock KPIs at a partial period's end are read on the data date
        assert year["kpis"][code] == october["kpis"][code], code
    assert year["kpis"]["PLACEMENTS"]["value"] is not None


def test_a_partial_period_compares_with_the_same_days_a_year_earlier(sample_store):
    filters = Filters(as_of(period(2026, "helår"), DATA_DATE), "BOU")
    assert (filters.period.end, filters.period.label, filters.period.complete) == (DATA_DATE, "helår 2026 t.o.m. 31 okt", False)
    assert filters.period.year_earlier() == Period(dt.date(2025, 1, 1), dt.date(2025, 10, 31), "")
    with session_scope(get_engine(sample_store)) as session:
        card = overview.kpi_overview(session, filters, "INFLOW")
        same_days = session.scalar(select(func.count()).select_from(Intake).join(Team, Team.team_code == Intake.team_code)
                                   .where(Team.unit_code == "BOU", Intake.received_date >= dt.date(2025, 1, 1),
                                          Intake.received_date <= dt.date(2025, 10, 31)))
        whole_year = catalogue.compute(session, "INFLOW", Filters(period(2025, "helår"), "BOU")).value
    assert card.last_year == same_days
    assert card.last_year < whole_year  # never eleven months against twelve


def test_mid_month_data_date_bounds_the_days_of_that_month(store, capsys):
    assert import_path(store, KPI_FIXTURE).ok
    url = store.url.render_as_string(hide_password=False)
    with session_scope(store) as session:
        data_date = store_info.data_date(session)
    assert data_date == dt.date(2026, 1, 20)  # A12, received 15 Jan, assessed 20 Jan
    payload = kpi_json(capsys, url, "--year", "2026")
    assert (payload["period"]["as_of"], payload["period"]["complete"]) == ("2026-01-20", False)
    partial = as_of(period(2026, "månad", 1), data_date)
    assert partial.label == "januari 2026 t.o.m. 20 jan"
    assert partial.year_earlier() == Period(dt.date(2025, 1, 1), dt.date(2025, 1, 20), "")


def test_early_warnings_count_days_to_the_data_date(sample_store):
    filters = Filters(as_of(period(2026, "helår"), DATA_DATE), "BOU")
    with session_scope(get_engine(sample_store)) as session:
        lists = early_warnings.open_intakes(session, filters, filters.period.end)
    assert filters.period.end == DATA_DATE and not lists.empty
    assert list(lists["days"]) == [(DATA_DATE - received).days for received in lists["received"]]
    assert lists["days"].min() == 10  # the youngest listed is 10 days old on the data date, not on 31 Dec


@pytest.mark.parametrize("page, words", [
    ("pages/oversikt.py", "helår 2026 t.o.m. 31 okt"),
    ("pages/tidsfrister.py", "listorna gäller 2026-10-31"),
    ("pages/inflode.py", "helår 2026 t.o.m. 31 okt"),
])
def test_pages_say_the_period_is_partial(sample_store, monkeypatch, page, words):
    at = open_app(monkeypatch, sample_store, script=page)
    choose(at, 2026, "helår", unit="Barn- och ungdomsenheten")
    shown = texts(at)
    assert words in shown
    assert "Data t.o.m. 31 okt 2026" in shown
    assert "2026-12-31" not in shown
