"""Turnover, vacancies, sick leave and headcount checked by hand on tests/fixtures/staffing."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.importer import import_path
from services.staffing import staffing

FIXTURE = Path(__file__).parent / "fixtures" / "staffing"


@pytest.fixture
def sstore(store):
    result = import_path(store, FIXTURE)
    assert result.ok, result.errors
    return store


def run(engine, function, kind="helår", month=None, unit=None, team=None):
    with session_scope(engine) as session:
        return function(session, Filters(period(2024, kind, month), unit, team))


def test_turnover_counts_employees_only_and_a_leaver_on_the_last_day_of_a_month(sstore):
    result = run(sstore, staffing.turnover)
    # leavers: S4 (15 Feb), S6 (30 Jun; still counted on 30 Jun); K1 is a consultant
    # month-end headcounts: Jan 6, Feb–Jun 5, Jul–Dec 4 -> mean 55/12
    assert result.numerator == 2
    assert result.denominator == pytest.approx(55 / 12)
    assert result.value == pytest.approx(2 / (55 / 12))


def test_vacancies_are_budgeted_posts_minus_employees(sstore):
    unit = run(sstore, staffing.vacancy, "månad", 6, unit="BOU")
    assert (unit.numerator, unit.denominator) == (6.0, pytest.approx(4.3))
    assert unit.value == pytest.approx(1.7)
    team = run(sstore, staffing.fte_vs_budget, "månad", 6, team="UTR1").iloc[0]
    assert (team["budgeted"], team["employees_fte"], team["consultants_fte"], team["vacancies"]) == (3.0, 2.0, 1.0, 1.0)
    assert run(sstore, staffing.vacancy, "månad", 5, unit="BOU").value is None  # no budgeted posts that month


def test_sick_leave_per_team_and_period(sstore):
    t1 = run(sstore, staffing.sick_leave, "T1", unit="BOU")
    assert (t1.numerator, t1.denominator) == (150, 2600)
    month = run(sstore, staffing.sick_leave_by_month, "T1", team="MOT")
    assert list(month["share"]) == [0.05, 0.075]
    assert list(month["share_short"]) == [0.02, 0.025]


def test_headcount_by_employment_type(sstore):
    frame = run(sstore, staffing.headcount_by_month, "månad", 3, unit="BOU")
    assert dict(zip(frame["employment"], frame["headcount"])) == {"konsult": 1, "tillsvidare": 4, "visstid": 1}
