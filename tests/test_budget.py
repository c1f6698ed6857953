"""Budget deviation, traffic light and forecasts checked by hand on tests/fixtures/budget.

BOU 2024 has utfall for January and February only: March is a month with no utfall yet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from services.access import settings
from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.economy import budget, placement_forecast
from services.importer import import_path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def bstore(store):
    for part in ("placements/teams.csv", "placements/intakes.csv", "placements/interventions.csv", "budget/budget.csv"):
        result = import_path(store, FIXTURES / part)
        assert result.ok, result.errors
    return store


def run(engine, function, kind="månad", month=2, unit="BOU"):
    with session_scope(engine) as session:
        return function(session, Filters(period(2024, kind, month), unit))


def rows(frame):
    return {r["category"]: r for r in frame.to_dict("records")}


def test_month_and_year_to_date_by_category_with_traffic_light(bstore):
    table = rows(run(bstore, budget.by_category))
    assert (table["personal"]["dev_month"], table["personal"]["dev_month_share"]) == (-20000, -0.02)
    assert table["kopt_vard_placeringar"]["dev_month"] == -150000
    assert (table["netto"]["budget_month"], table["netto"]["actual_month"]) == (-1400000, -1570000)
    assert (table["personal"]["dev_ytd"], table["personal"]["light_ytd"]) == (-10000, "gul")  # −0.5 %
    assert (table["intakter"]["dev_ytd"], table["intakter"]["light_ytd"]) == (10000, "grön")
    assert table["kopt_vard_placeringar"]["light_ytd"] == "röd"  # −25 %
    assert (table["netto"]["budget_ytd"], table["netto"]["actual_ytd"], table["netto"]["dev_ytd"]) == (-2800000, -3050000, -250000)


def test_a_month_without_utfall_compares_year_to_date_through_the_last_closed_month(bstore):
    table = rows(run(bstore, budget.by_category, month=3))
    assert pd.isna(table["personal"]["actual_month"]) and pd.isna(table["netto"]["dev_month"])
    assert table["netto"]["dev_ytd"] == -250000  # still January–February
    with session_scope(bstore) as s:
        assert budget.closed_through(s, Filters(period(2024, "månad", 3), "BOU")).month == 2
    kpi = run(bstore, budget.budget_dev, month=3)
    assert (kpi.numerator, kpi.denominator) == (-3050000, -2800000)
    assert kpi.value == pytest.approx(-250000 / 2800000)


def test_thresholds_come_from_settings(bstore):
    with session_scope(bstore) as s:
        settings.put(s, "budget_traffic_light", {"green_from": 0.0, "amber_from": -0.30}, operator("test"))
    table = rows(run(bstore, budget.by_category))
    assert table["kopt_vard_placeringar"]["light_ytd"] == "gul"


def test_cumulative_year_to_date(bstore):
    cum = run(bstore, budget.cumulative)
    assert list(cum["actual_cum"][:2]) == [-1480000, -3050000]
    assert cum["actual_cum"][2:].isna().all()
    assert cum["budget_cum"].iloc[-1] == -16800000


def test_forecast_per_category_and_forecast_deviation(bstore):
    with session_scope(bstore) as s:
        by = {f.category: f for f in budget.forecasts(s, Filters(period(2024, "T1"), "BOU"))}
    assert (by["personal"].forecast, by["personal"].source) == (-12010000, "utfall + budget")
    assert by["intakter"].forecast == 1210000
    assert (by["kopt_vard_placeringar"].forecast, by["kopt_vard_placeringar"].source) == (-7500000, "controller")
    kpi = run(bstore, budget.forecast_dev, kind="T1", month=None)
    assert (kpi.numerator, kpi.denominator) == (-18300000, -16800000)
    assert kpi.value == pytest.approx(-1500000 / 16800000)


def test_bought_care_forecast_from_the_placements(bstore):
    f = run(bstore, placement_forecast.placement_forecast, month=3)
    assert f.as_of.isoformat() == "2024-02-29"
    assert (f.ongoing, f.ongoing_daily_cost, f.ongoing_cost_rest) == (2, 12000, 12000 * 306)
    assert (f.starts_last_12m, f.months_left, f.median_length) == (4, 10, 21.0)
    assert f.new_average_daily_cost == pytest.approx(17000 / 3)  # X3 has no daily cost
    assert f.new_expected_nights == pytest.approx(20.6)  # 21 nights, 17 for December's starts
    assert f.new_cost_rest == pytest.approx(4 / 12 * 10 * 17000 / 3 * 20.6)
    assert f.forecast == pytest.approx(-1250000 - 3672000 - 4 / 12 * 10 * 17000 / 3 * 20.6)
    assert (f.controller_forecast, f.budget_year) == (-7500000, -6000000)
