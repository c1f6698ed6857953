"""The Översikt trends come from grouped queries; each month must equal the KPI computed for that month alone."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core.db import get_engine, session_scope
from services.core.kpi import status
from services.core.periods import Period, month_end, period
from services.core.scope import Access, Filters
from services.kpis import catalogue, overview
from services.staffing import caseload, staffing

WINDOW = Period(dt.date(2025, 3, 1), dt.date(2026, 3, 31), "")  # 13 months across a year boundary
SCOPES = [
    pytest.param(Filters(WINDOW), id="alla-enheter"),
    pytest.param(Filters(WINDOW, "BOU"), id="BOU"),
    pytest.param(Filters(WINDOW, "BOU", "UTR1"), id="UTR1"),
    pytest.param(Filters(WINDOW, access=Access(units=frozenset({"FAM"}))), id="bara-FAM"),
]


def _one_month(filters: Filters, first: dt.date) -> Filters:
    return filters.with_period(Period(first, month_end(first), ""))


@pytest.mark.parametrize("filters", SCOPES)
@pytest.mark.parametrize("code", catalogue.codes())
def test_every_month_of_the_series_equals_the_kpi_for_that_month(sample_store, code, filters):
    with session_scope(get_engine(sample_store)) as session:
        series = catalogue.monthly_values(session, code, filters)
        expected = {m: catalogue.compute(session, code, _one_month(filters, m)).value for m in WINDOW.months}
    assert list(series) == WINDOW.months
    assert series == pytest.approx(expected, nan_ok=True), code
    if filters.unit_code in (None, "BOU") and not filters.team_code and filters.access.units is None:
        # the comparison must not pass on empty months: the whole store and BOU have values for nearly every month
        least = {"WORKLOAD_OVER": 3, "REREFERRAL_12M": 5, "FORECAST_DEV": 0}.get(code, 10)  # rounds are a few a year; 12 months' hindsight
        assert sum(v is not None for v in series.values()) >= least, f"{code}: too few months with a value to test"


def test_the_card_compares_with_the_month_before_and_the_same_month_last_year(sample_store):
    filters = Filters(period(2026, "månad", 3), "BOU")
    with session_scope(get_engine(sample_store)) as session:
        card = overview.kpi_overview(session, filters, "INFLOW")
        before = catalogue.compute(session, "INFLOW", filters.with_period(period(2026, "månad", 2))).value
        year_ago = catalogue.compute(session, "INFLOW", filters.with_period(period(2025, "månad", 3))).value
    assert card.monthly and card.result.value == card.trend[-1][1]
    assert (card.previous, card.last_year) == (before, year_ago)
    assert [m for m, _ in card.trend][0] == dt.date(2025, 3, 1)


def test_trends_on_the_personal_page_are_read_at_each_month_end(sample_store):
    filters = Filters(period(2026, "T1"), "BOU")
    with session_scope(get_engine(sample_store)) as session:
        caseloads = caseload.caseload_trend(session, filters)
        turnover = staffing.turnover_trend(session, filters)
        for frame, code in ((caseloads, "CASELOAD"), (turnover, "TURNOVER")):
            assert len(frame) == 13 and frame["month"].iloc[-1].date() == dt.date(2026, 4, 1)
            for ts, value, numerator in zip(frame["month"], frame["value"], frame["numerator"]):
                one = catalogue.compute(session, code, _one_month(filters, ts.date()))
                assert (value, numerator) == pytest.approx((one.value, one.numerator), nan_ok=True), (code, ts)


@pytest.mark.parametrize("filters", [
    pytest.param(Filters(period(2026, "månad", 10), "BOU"), id="BOU-oktober"),
    pytest.param(Filters(period(2025, "helår")), id="alla-helår"),
    pytest.param(Filters(period(2026, "T2"), "BOU", "UTR1"), id="UTR1-T2"),
    pytest.param(Filters(period(2026, "månad", 1), "FAM"), id="FAM-januari"),
])
def test_the_month_grid_read_off_the_cards_trends_equals_each_kpis_series_over_the_year(sample_store, filters):
    """Översikt's "Månad för månad" is built from the cards' 13-month trends: the same cells, targets and statuses
    as every KPI's own series over the year (the way the grid was computed before)."""
    year = Period(dt.date(filters.period.end.year, 1, 1), filters.period.end, "")
    with session_scope(get_engine(sample_store)) as session:
        items = overview.overview(session, filters)
        months, rows = overview.kpi_by_month(items, overview.year_targets(session, filters), filters.period)
        assert months == year.months
        assert [r.code for r in rows] == catalogue.codes()
        for row in rows:
            values = list(catalogue.monthly_values(session, row.code, filters.with_period(year)).values())
            target, warn = catalogue.target_for(session, row.code, filters.with_period(year))
            assert row.values == values, row.code
            assert (row.target, row.statuses) == (target, [status(row.better, v, target, warn) for v in values]), row.code
        assert sum(v is not None for r in rows for v in r.values) >= len(rows) // 2  # not a comparison of empty grids


def test_the_team_grid_computed_side_by_side_equals_each_teams_kpis(sample_store):
    from dataclasses import replace

    from services.core import store_info

    filters = Filters(period(2026, "T2"), "BOU")
    with session_scope(get_engine(sample_store)) as session:
        teams, rows = overview.kpi_by_team(session, filters)
        assert teams == store_info.teams(session, "BOU", filters.access) and len(teams) > 1
        expected = [catalogue.compute_all(session, scope) for scope in
                    [filters.for_unit("BOU"), *[replace(filters, team_code=code) for code, _ in teams]]]
    for row in rows:
        assert row.values == [column[row.code].value for column in expected], row.code
        assert row.statuses == [column[row.code].status for column in expected], row.code
