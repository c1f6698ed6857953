"""The workload rules the product owner set (DOMAIN.md, WORKLOAD_OVER):

- over = above the reasonable (green) ceiling of the experience level; red = above amber as well;
- the KPI reads the latest round on or before the period's end, no older than six months, and
  names it in its note;
- experience on the measurement day: ny < 1 year, van 1 year up to and including 3 years,
  erfaren more than 3 years; an anniversary of 29 February falls on 28 February.

Python (`experience_level`) and SQL (`_level_expression`, `sqlfunc.full_years`) must agree, on
whichever store the run uses (SQLite, or PostgreSQL with TEST_DATABASE_URL).

tests/fixtures/staffing has one round, 15 April 2024: S1 erfaren 32, S2 ny 22, S5 erfaren 25,
S6 van 29, K1 erfaren 10 (green/amber ceilings: ny 20/24, van 24/28, erfaren 26/30).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import literal, select

from models import Staff, WorkloadMeasurement
from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import Period, month_end, period
from services.core.scope import Filters
from services.core.sqlfunc import full_years
from services.importer import import_path
from services.kpis import catalogue
from services.staffing import workload

FIXTURE = Path(__file__).parent / "fixtures" / "staffing"
APRIL = dt.date(2024, 4, 15)
D = dt.date

# (profession start, measurement day, level): the boundaries of the rule.
LEVEL_CASES = [
    pytest.param(D(2023, 6, 1), D(2024, 5, 31), "ny", id="1 år: dagen före årsdagen ny"),
    pytest.param(D(2023, 6, 1), D(2024, 6, 1), "van", id="1 år: på årsdagen van"),
    pytest.param(D(2021, 6, 1), D(2024, 5, 31), "van", id="3 år: dagen före årsdagen van"),
    pytest.param(D(2021, 6, 1), D(2024, 6, 1), "van", id="3 år: på årsdagen van"),
    pytest.param(D(2021, 6, 1), D(2024, 6, 2), "erfaren", id="3 år: dagen efter årsdagen erfaren"),
    pytest.param(D(2020, 2, 29), D(2021, 2, 27), "ny", id="29 feb: 27 feb ny"),
    pytest.param(D(2020, 2, 29), D(2021, 2, 28), "van", id="29 feb: 28 feb är årsdagen, van"),
    pytest.param(D(2020, 2, 29), D(2023, 2, 28), "van", id="29 feb: tredje årsdagen 28 feb van"),
    pytest.param(D(2020, 2, 29), D(2023, 3, 1), "erfaren", id="29 feb: 1 mar efter tredje årsdagen erfaren"),
    pytest.param(D(2021, 2, 28), D(2024, 2, 28), "van", id="28 feb: tredje årsdagen ett skottår van"),
    pytest.param(D(2021, 2, 28), D(2024, 2, 29), "erfaren", id="28 feb: 29 feb ett skottår erfaren"),
    pytest.param(D(2023, 2, 28), D(2024, 2, 27), "ny", id="28 feb: 27 feb ett skottår ny"),
    pytest.param(D(2023, 3, 1), D(2024, 2, 29), "ny", id="1 mar: 29 feb ny"),
    pytest.param(D(2015, 1, 1), D(2024, 4, 15), "erfaren", id="nio år erfaren"),
    pytest.param(D(2024, 5, 1), D(2024, 4, 15), "ny", id="börjar efter mätdagen ny"),
]

# (earlier, later, whole years): anniversaries count on their day, 29 Feb's on 28 Feb.
YEAR_CASES = [
    (D(2020, 2, 29), D(2021, 2, 27), 0),
    (D(2020, 2, 29), D(2021, 2, 28), 1),
    (D(2020, 2, 29), D(2021, 3, 1), 1),
    (D(2020, 2, 29), D(2023, 2, 28), 3),
    (D(2020, 2, 29), D(2024, 2, 28), 3),
    (D(2020, 2, 29), D(2024, 2, 29), 4),
    (D(2019, 2, 28), D(2020, 2, 27), 0),
    (D(2019, 2, 28), D(2020, 2, 28), 1),
    (D(2019, 3, 1), D(2020, 2, 29), 0),
    (D(2015, 6, 10), D(2024, 6, 9), 8),
    (D(2015, 6, 10), D(2024, 6, 10), 9),
    (D(2024, 6, 10), D(2024, 1, 1), -1),
]


@pytest.fixture
def wstore(store):
    result = import_path(store, FIXTURE)
    assert result.ok, result.errors
    return store


def _python_full_years(earlier: dt.date, later: dt.date) -> int:
    years = later.year - earlier.year
    return years - (workload.anniversary(earlier, years) > later)


@pytest.mark.parametrize(("earlier", "later", "years"), YEAR_CASES)
def test_full_years_in_sql_counts_an_anniversary_on_its_day_and_29_feb_on_28_feb(store, earlier, later, years):
    with session_scope(store) as s:
        found = s.scalar(select(full_years(literal(earlier), literal(later))))
    assert found == years == _python_full_years(earlier, later)


@pytest.mark.parametrize(("start", "day", "level"), LEVEL_CASES)
def test_experience_level_in_python(start, day, level):
    assert workload.experience_level(start, day) == level


def test_experience_level_in_sql_agrees_with_python_on_the_boundaries(wstore):
    """Every case as one person measured on her day: the level the views read (SQL) is the rule's."""
    cases = [p.values for p in LEVEL_CASES]
    with session_scope(wstore) as s:
        for n, (start, day, _) in enumerate(cases):
            code = f"T{n}"
            s.add(Staff(staff_code=code, team_code="UTR1", role="socialsekreterare", employment="tillsvidare",
                        fte=1, start_date=D(2010, 1, 1), profession_start=start))
            s.flush()
            s.add(WorkloadMeasurement(measured_on=day, staff_code=code, points=10, model_id=1, source="app"))
    window = Filters(Period(D(2021, 1, 1), D(2024, 12, 31), ""))
    found = {}
    with session_scope(wstore) as s:
        for day in sorted({day for _, day, _ in cases}):
            detail = workload.round_detail(s, window, day)
            found.update({r["staff_code"]: r["level"] for r in detail.to_dict("records") if r["staff_code"].startswith("T")})
    assert found == {f"T{n}": level for n, (_, _, level) in enumerate(cases)}
    assert found == {f"T{n}": workload.experience_level(start, day) for n, (start, day, _) in enumerate(cases)}


def test_staff_to_measure_uses_the_same_rule(wstore):
    with session_scope(wstore) as s:
        s.add(Staff(staff_code="T3Y", team_code="UTR1", role="socialsekreterare", employment="tillsvidare",
                    fte=1, start_date=D(2021, 6, 1), profession_start=D(2021, 6, 1)))
    with session_scope(wstore) as s:
        on = workload.staff_to_measure(s, Filters(period(2024), "BOU"), D(2024, 6, 1))
        after = workload.staff_to_measure(s, Filters(period(2024), "BOU"), D(2024, 6, 2))
    assert on.set_index("staff_code").loc["T3Y", "level"] == "van"
    assert after.set_index("staff_code").loc["T3Y", "level"] == "erfaren"


def _month(month: int, year: int = 2024) -> Filters:
    return Filters(period(year, "månad", month))


def test_over_counts_those_above_green_and_red_those_above_amber(wstore):
    with session_scope(wstore) as s:
        result = workload.workload_over(s, _month(4))
        detail = workload.round_detail(s, _month(4), APRIL)
    above_green = set(detail.loc[detail["band"].isin(["gul", "röd"]), "staff_code"])
    assert above_green == {"S1", "S2", "S6"}
    assert (result.numerator, result.denominator) == (len(above_green), len(detail)) == (3, 5)
    assert result.note == "mätning 15 apr · i rött 40\u00a0% (2 av 5)"  # S1 and S6


def test_group_trend_counts_over_as_the_kpi_and_red_beside_it(wstore):
    with session_scope(wstore) as s:
        by_level = workload.group_trend(s, _month(4), by="level").set_index("group")
        masked = workload.mask_small_groups(by_level.reset_index())
    assert by_level.loc["ny", ["n", "over", "red"]].tolist() == [1, 1, 0]  # S2: 22, above 20, not above 24
    assert by_level.loc["van", ["n", "over", "red"]].tolist() == [1, 1, 1]  # S6: 29
    assert by_level.loc["erfaren", ["n", "over", "red"]].tolist() == [3, 1, 1]  # S1: 32
    assert by_level["over"].sum() == 3 and by_level["red"].sum() == 2
    assert by_level.loc["erfaren", "share_red"] == pytest.approx(1 / 3)
    assert masked["red"].isna().all() and masked["share_red"].isna().all()  # groups under five people


def test_a_month_without_a_round_reads_the_latest_round_and_names_it(wstore):
    with session_scope(wstore) as s:
        may = workload.workload_over(s, _month(5))
        card = catalogue.compute(s, "WORKLOAD_OVER", _month(9))
        march = workload.workload_over(s, _month(3))
    assert (may.numerator, may.denominator, may.value) == (3, 5, 0.6)
    assert may.note.startswith("mätning 15 apr")
    assert (card.value, card.note) == (0.6, "mätning 15 apr · i rött 40\u00a0% (2 av 5)")  # 30 Mar ≤ 15 Apr
    assert march.value is None and march.note == ""  # no round on or before 31 March


def test_a_round_older_than_six_months_is_not_read(wstore):
    with session_scope(wstore) as s:
        october = workload.workload_over(s, _month(10))  # the window starts 30 April
        last_day = workload.workload_over(s, Filters(Period(D(2024, 10, 1), D(2024, 10, 15), "")))
        too_old = workload.workload_over(s, Filters(Period(D(2024, 10, 1), D(2024, 10, 16), "")))
        card = catalogue.compute(s, "WORKLOAD_OVER", _month(10))
    assert october.value is None and card.value is None and card.note == ""
    assert last_day.value == 0.6  # exactly six months: 15 April ≥ 15 October − 6 months
    assert too_old.value is None


def test_the_note_gives_the_year_when_the_round_is_from_another_year(wstore):
    with session_scope(wstore) as s:
        workload.record_round(s, D(2024, 11, 15), [workload.RoundEntry("S1", {"utredning": (14, 0)}, 4)], operator("chef"))
    with session_scope(wstore) as s:
        january = workload.workload_over(s, _month(1, 2025))
        december = workload.workload_over(s, _month(12))
    assert (january.numerator, january.denominator) == (1, 1)  # 28 points, above 26 but not above 30
    assert january.note == "mätning 15 nov 2024 · i rött 0\u00a0% (0 av 1)"
    assert december.note == "mätning 15 nov · i rött 0\u00a0% (0 av 1)"


def test_a_later_round_takes_over_from_an_earlier_one(wstore):
    with session_scope(wstore) as s:
        workload.record_round(s, D(2024, 6, 15), [workload.RoundEntry("S1", {"utredning": (5, 0)}, 2)], operator("chef"))
    with session_scope(wstore) as s:
        may = workload.workload_over(s, _month(5))
        june = workload.workload_over(s, _month(6))
        year = workload.workload_over(s, Filters(period(2024, "T2")))
        rounds = workload.rounds(s, _month(7))
    assert may.note.startswith("mätning 15 apr") and (may.numerator, may.denominator) == (3, 5)
    assert june.note.startswith("mätning 15 jun") and (june.numerator, june.denominator) == (0, 1)
    assert year.note.startswith("mätning 15 jun")
    assert rounds == []  # the page's list of rounds stays the rounds in the period


def test_the_monthly_series_follows_the_same_rule_as_the_kpi(wstore):
    with session_scope(wstore) as s:
        workload.record_round(s, D(2024, 6, 15), [workload.RoundEntry("S1", {"utredning": (5, 0)}, 2)], operator("chef"))
    filters = Filters(Period(D(2024, 1, 1), D(2025, 3, 31), ""))
    with session_scope(wstore) as s:
        series = workload.workload_over_by_month(s, filters)
        alone = {m: workload.workload_over(s, filters.with_period(Period(m, month_end(m), ""))).total for m in filters.period.months}
        catalogue_series = catalogue.monthly_values(s, "WORKLOAD_OVER", filters)
    assert series == alone
    assert {m: p.value for m, p in series.items()} == catalogue_series
    values = {m.month if m.year == 2024 else m.month + 12: p.value for m, p in series.items()}
    # Jan–Mar: no round yet; Apr–May: April's; Jun–Nov: June's; December's window starts 30 June
    assert [values[m] for m in range(1, 16)] == [None, None, None, 0.6, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                                                None, None, None, None]


def test_the_arbetstyngd_page_shows_the_kpi_round_and_the_share_in_red_beside_it(wstore, monkeypatch):
    from conftest import TEST_PASSWORD
    from test_pages import choose, open_app, texts

    from services.access import auth

    # an app on a store without intakes loads the sample instead
    assert import_path(wstore, Path(__file__).parent / "fixtures" / "kpi" / "intakes.csv").ok
    with session_scope(wstore) as s:
        auth.create_user(s, "t_chef", "enhetschef", ["BOU", "FAM"], TEST_PASSWORD, display_name="t_chef")
    at = open_app(monkeypatch, wstore.url.render_as_string(hide_password=False), script="pages/arbetstyngd.py")
    choose(at, 2024, "månad", 5, unit="Barn- och ungdomsenheten")  # May: no round of its own
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Andel över rimlig arbetstyngd (senaste mätningen)"] == "60\u00a0%"
    assert metrics["Andel i rött (över gränsen)"] == "40\u00a0%"
    shown = texts(at)
    assert "3 av 5" in shown and "2 av 5 · mätning 15 apr" in shown
    choose(at, 2024, "månad", 4)
    trend_table = next(d.value for d in at.dataframe if "Mätdatum" in d.value.columns)
    assert {"Andel över rimlig nivå", "Andel i rött"} <= set(trend_table.columns)
    choose(at, 2024, "månad", 10)  # the April round is more than six months old
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Andel över rimlig arbetstyngd (senaste mätningen)"] == "–"
    assert metrics["Andel i rött (över gränsen)"] == "–"
