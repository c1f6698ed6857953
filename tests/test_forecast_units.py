"""FORECAST_DEV across units (DOMAIN.md): the latest forecast per unit AND category; where a unit has made
no forecast for a category this year, that unit's utfall so far + its remaining budget, said in the note.

Two units, 2024, utfall January–February (per month):
  BOU köpt vård, placeringar: budget −500 000, utfall −600 000 / −650 000, forecasts −7,0 (Jan) and −7,5 mnkr (Feb)
  BOU personal:               budget −1 000 000, utfall −990 000 / −1 020 000, no forecast
  FAM köpt vård, placeringar: budget −200 000, utfall −250 000 / −260 000, no forecast
  FAM personal:               budget −300 000, utfall −300 000 / −290 000, forecast −3,7 mnkr (Feb)
So each unit forecast a category the other did not. Runs on whichever store the run uses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Access, Filters
from services.economy import budget, placement_forecast
from services.importer import import_path
from services.kpis import catalogue

FIXTURES = Path(__file__).parent / "fixtures"
MONTHLY = {  # (unit, category): (budget, utfall Jan, utfall Feb, forecast Jan, forecast Feb)
    ("BOU", "kopt_vard_placeringar"): (-500000, -600000, -650000, -7000000, -7500000),
    ("BOU", "personal"): (-1000000, -990000, -1020000, None, None),
    ("FAM", "kopt_vard_placeringar"): (-200000, -250000, -260000, None, None),
    ("FAM", "personal"): (-300000, -300000, -290000, None, -3700000),
}

# Each unit's own figures, by hand: a forecast where the unit gave one, else utfall so far + 10 months' budget.
BOU_FORECAST = -7500000 + (-990000 - 1020000 + 10 * -1000000)  # −19,51 mnkr
BOU_BUDGET = 12 * (-500000 - 1000000)  # −18 mnkr
FAM_FORECAST = (-250000 - 260000 + 10 * -200000) + -3700000  # −6,21 mnkr
FAM_BUDGET = 12 * (-200000 - 300000)  # −6 mnkr


def _write(tmp_path: Path, figures: dict = MONTHLY, drop: set[tuple[str, str, int]] = frozenset()) -> Path:
    """budget.csv for 2024 from the figures; `drop` leaves out the utfall of (unit, category, month)."""
    lines = ["unit_code;month;category;budget;actual;forecast_year"]
    for (unit, category), (monthly, jan, feb, f_jan, f_feb) in figures.items():
        for month in range(1, 13):
            actual = {1: jan, 2: feb}.get(month) if (unit, category, month) not in drop else None
            forecast = {1: f_jan, 2: f_feb}.get(month)
            lines.append(f"{unit};2024-{month:02d};{category};{monthly};{'' if actual is None else actual};"
                         f"{'' if forecast is None else forecast}")
    path = tmp_path / "budget.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(store, path: Path):
    for part in (FIXTURES / "placements" / "teams.csv", path):
        result = import_path(store, part)
        assert result.ok, result.errors
    return store


@pytest.fixture
def two_units(store, tmp_path):
    return _load(store, _write(tmp_path))


def _kpi(engine, unit=None, access=None, kind="T1"):
    filters = Filters(period(2024, kind), unit) if access is None else Filters(period(2024, kind), unit, access=access)
    with session_scope(engine) as session:
        return catalogue.compute(session, "FORECAST_DEV", filters)


def test_each_unit_on_its_own_figures(two_units):
    bou, fam = _kpi(two_units, "BOU"), _kpi(two_units, "FAM")
    assert (bou.numerator, bou.denominator) == (BOU_FORECAST, BOU_BUDGET)
    assert (fam.numerator, fam.denominator) == (FAM_FORECAST, FAM_BUDGET)
    assert bou.note == "ingen prognos lämnad för Personal — återstående budget antagen"
    assert fam.note == "ingen prognos lämnad för Köpt vård, placeringar — återstående budget antagen"


@pytest.mark.parametrize("access", [None, Access(units=frozenset({"BOU", "FAM"}))], ids=["alla-enheter", "BOU-och-FAM"])
def test_both_units_are_the_sum_of_each_units_own_figures(two_units, access):
    both, bou, fam = _kpi(two_units, access=access), _kpi(two_units, "BOU"), _kpi(two_units, "FAM")
    assert (both.numerator, both.denominator) == (bou.numerator + fam.numerator, bou.denominator + fam.denominator)
    assert (both.numerator, both.denominator) == (BOU_FORECAST + FAM_FORECAST, BOU_BUDGET + FAM_BUDGET)
    assert both.value == pytest.approx((-25720000 + 24000000) / 24000000)
    assert both.note == "ingen prognos lämnad för Personal (BOU); Köpt vård, placeringar (FAM) — återstående budget antagen"


def test_the_categories_say_which_unit_forecast_and_which_was_assumed(two_units):
    with session_scope(two_units) as session:
        by = {f.category: f for f in budget.forecasts(session, Filters(period(2024, "T1")))}
    care, staff = by["kopt_vard_placeringar"], by["personal"]
    assert (care.forecast, care.budget_year) == (-7500000 + -2510000, -8400000)
    assert (care.source, care.assumed_units, care.units) == (budget.MIXED, ("FAM",), ("BOU", "FAM"))
    assert (staff.forecast, staff.budget_year) == (-12010000 + -3700000, -15600000)
    assert (staff.source, staff.assumed_units) == (budget.MIXED, ("BOU",))
    assert care.actual_ytd == -600000 - 650000 - 250000 - 260000
    assert care.remaining_budget == 10 * (-500000 - 200000)


def test_no_forecast_at_all_says_so_without_naming_categories(two_units):
    with session_scope(two_units) as session:
        january = catalogue.compute(session, "FORECAST_DEV", Filters(period(2024, "månad", 1), "FAM"))
        both = catalogue.compute(session, "FORECAST_DEV", Filters(period(2024, "månad", 1)))
    # FAM's forecast came in February: in January it has none, so utfall + the remaining budget for both categories
    assert january.note == "ingen prognos lämnad — återstående budget antagen"
    assert (january.numerator, january.denominator) == (-250000 + 11 * -200000 - 300000 + 11 * -300000, FAM_BUDGET)
    assert both.note == ("ingen prognos lämnad för Personal (BOU, FAM); Köpt vård, placeringar (FAM)"
                         " — återstående budget antagen")
    assert both.numerator == -7000000 + (-990000 + 11 * -1000000) + january.numerator


def test_every_unit_forecasting_every_category_has_no_note(store, tmp_path):
    every = {key: (monthly, jan, feb, None, -1000000) for key, (monthly, jan, feb, _, _) in MONTHLY.items()}
    engine = _load(store, _write(tmp_path, every))
    both = _kpi(engine)
    assert (both.numerator, both.note) == (-4000000, "")


def test_units_closed_through_different_months_still_add_up(store, tmp_path):
    """FAM has not closed February yet: its own forecast counts January's utfall and 11 months' budget."""
    engine = _load(store, _write(tmp_path, drop={("FAM", "kopt_vard_placeringar", 2), ("FAM", "personal", 2)}))
    both, bou, fam = _kpi(engine), _kpi(engine, "BOU"), _kpi(engine, "FAM")
    assert (fam.numerator, fam.denominator) == (-250000 + 11 * -200000 - 3700000, FAM_BUDGET)
    assert (both.numerator, both.denominator) == (bou.numerator + fam.numerator, bou.denominator + fam.denominator)


def test_the_placement_forecast_compares_with_the_combined_controller_figure(two_units):
    with session_scope(two_units) as session:
        bou = placement_forecast.placement_forecast(session, Filters(period(2024, "T1"), "BOU"))
        fam = placement_forecast.placement_forecast(session, Filters(period(2024, "T1"), "FAM"))
        both = placement_forecast.placement_forecast(session, Filters(period(2024, "T1")))
    assert (bou.controller_forecast, bou.controller_assumed_units) == (-7500000, ())
    assert (fam.controller_forecast, fam.controller_assumed_units) == (None, ("FAM",))  # FAM gave none for bought care
    # both units: BOU's forecast and FAM's utfall + remaining budget, which the page says
    assert (both.controller_forecast, both.controller_assumed_units) == (-7500000 - 2510000, ("FAM",))
    assert both.budget_year == -8400000


def test_the_ekonomi_page_says_where_no_forecast_was_made(two_units, monkeypatch):
    from conftest import TEST_PASSWORD
    from test_pages import choose, open_app, texts

    from services.access import auth

    for part in ("intakes.csv", "interventions.csv"):  # an app on a store without intakes loads the sample instead
        assert import_path(two_units, FIXTURES / "placements" / part).ok
    with session_scope(two_units) as session:
        auth.create_user(session, "t_chef", "enhetschef", ["BOU", "FAM"], TEST_PASSWORD, display_name="t_chef")
    at = open_app(monkeypatch, two_units.url.render_as_string(hide_password=False), script="pages/ekonomi.py")
    choose(at, 2024, "T1")
    note = "ingen prognos lämnad för Personal (BOU); Köpt vård, placeringar (FAM) — återstående budget antagen"
    assert f"Prognos helår: {note}." in texts(at)
    sources = next(d.value for d in at.dataframe if "Källa" in d.value.columns).set_index("Kategori")["Källa"]
    assert sources["Personal"] == "controllerns prognos; ingen prognos lämnad för BOU: utfall + resterande budget"
    assert sources["Köpt vård, placeringar"] == "controllerns prognos; ingen prognos lämnad för FAM: utfall + resterande budget"
    assert "ingen prognos lämnad för FAM — återstående budget antagen" in texts(at)  # under the controller's figure
