"""Placement stock, flows, care days and cost, checked by hand on tests/fixtures/placements.

Edge cases: a placement over New Year (X1), one ending on the last day of a month
(X2), one without a daily cost (X3), a leap February, öppenvård that must not count (X5)
and a decision not yet carried out (X6).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.importer import import_path
from services.placements import placements

FIXTURE = Path(__file__).parent / "fixtures" / "placements"


@pytest.fixture
def pstore(store):
    result = import_path(store, FIXTURE)
    assert result.ok, result.errors
    return store


def run(engine, function, year, kind="helår", month=None, *args):
    with session_scope(engine) as session:
        return function(session, Filters(period(year, kind, month)), *args)


def test_stock_at_month_ends(pstore):
    dec = run(pstore, placements.placements_kpi, 2023, "månad", 12)
    assert dec.value == 1
    jan = run(pstore, placements.placements_kpi, 2024, "månad", 1)
    assert jan.value == 2  # X1 and X3; X2 ended on 31 January
    assert (jan.by_gender["flicka"].value, jan.by_gender["pojke"].value) == (2, 0)
    feb = run(pstore, placements.placements_kpi, 2024, "månad", 2)
    assert (feb.value, feb.by_gender["pojke"].value) == (2, 1)  # X1, X4


def test_stock_split_by_kind_and_legal_basis(pstore):
    by_kind = run(pstore, placements.stock_by_month, 2024, "T1", None, "kind")
    jan = by_kind[by_kind["month"].dt.month == 1]
    assert dict(zip(jan["label"], jan["count"])) == {"Familjehem": 1, "Jourhem": 1}
    by_basis = run(pstore, placements.stock_by_month, 2024, "T1", None, "legal_basis")
    feb = by_basis[by_basis["month"].dt.month == 2]
    assert dict(zip(feb["code"], feb["count"])) == {"SoL": 1, "LVU": 1}
    by_age = run(pstore, placements.stock_by_month, 2024, "T1", None, "age_band")
    feb_age = by_age[by_age["month"].dt.month == 2]
    assert dict(zip(feb_age["code"], feb_age["count"])) == {"13-17": 1, "18-20": 1}  # born 2010 and 2006


def test_flows_per_month(pstore):
    flows = run(pstore, placements.flows_by_month, 2024, "T1")
    assert list(flows["started"]) == [2, 1, 0, 0]
    assert list(flows["ended"]) == [1, 1, 0, 0]


def test_care_days_and_cost(pstore):
    dec = run(pstore, placements.care_days_and_cost, 2023, "månad", 12)
    assert (dec["care_days"].sum(), dec["cost"].sum()) == (17, 34000.0)  # 15 Dec to New Year
    jan = run(pstore, placements.care_days_and_cost, 2024, "månad", 1)
    assert dict(zip(jan["kind"], jan["care_days"])) == {"familjehem": 31, "hvb": 21, "jourhem": 12}
    assert jan["cost"].sum() == 62000 + 105000
    assert jan["without_cost"].sum() == 12  # X3 has no daily cost
    feb = run(pstore, placements.care_days_and_cost, 2024, "månad", 2)
    assert (feb["care_days"].sum(), feb["cost"].sum()) == (29 + 9 + 25, 58000 + 250000)  # leap February


def test_median_length_and_average_daily_cost(pstore):
    assert run(pstore, placements.median_length_of_ended, 2024, "T1") == (21.0, 2)
    costs = run(pstore, placements.average_daily_cost, 2024, "månad", 2)
    assert dict(zip(costs["kind"], costs["average_daily_cost"])) == {"familjehem": 2000.0, "sis": 10000.0}


def test_ongoing_list_for_the_placement_review(pstore):
    listing = run(pstore, placements.ongoing_list, 2024, "månad", 2)
    assert list(listing["intervention_id"]) == ["X1", "X4"]
    assert list(listing["days_so_far"]) == [77, 25]  # nights up to and including 29 February
    assert list(listing["cost_this_year"]) == [60 * 2000, 25 * 10000]  # = January + February care days
