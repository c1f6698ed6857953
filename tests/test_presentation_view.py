"""The ledningsgrupp view and the APT slides as the room sees them: one bar per unit, the target as a
vertical line with its value, the counts behind a share, small counts masked, Swedish numbers."""

from __future__ import annotations

import datetime as dt

from services.core.kpi import KpiResult
from services.kpis.presentation import Series, Slide
from ui.output.charts import plotly_chart, theme
from ui.output.charts.build import board_chart, slide_chart
from ui.output.charts.definition import Chart, ChartSeries


def result(value, numerator=None, denominator=None, target=0.9, status="uppfyllt", code="ASSESS_14D"):
    return KpiResult(code, "x", "higher", value, numerator, denominator, target=target, status=status)


UNITS = [
    ("Familjeenheten", result(0.70, 35, 50, status="ej_uppfyllt")),
    ("Barn- och ungdomsenheten", result(0.82, 41, 50, status="delvis")),
    ("Mottagningen", result(2 / 3, 2, 3, status="ej_uppfyllt")),  # 3 cases: masked
    ("Vuxenenheten", result(0.95, 3, 60, status="uppfyllt")),  # 3 of 60: the share shows, the 3 does not
]


def annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_the_board_has_each_unit_once_sorted_best_first_with_value_counts_and_status_word():
    chart = board_chart("ASSESS_14D", UNITS)
    assert chart.categories == ["Vuxenenheten", "Barn- och ungdomsenheten", "Familjeenheten", "Mottagningen"]
    assert chart.series[0].labels == ["95\u00a0% (<5 av 60)", "82\u00a0% (41 av 50)", "70\u00a0% (35 av 50)", "<5 ärenden"]
    assert chart.series[0].values[3] is None and chart.series[0].statuses[3] is None
    fig = plotly_chart.figure(chart, big=True)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and list(bars[0].y) == [0, 1, 2, 3]
    assert list(fig.layout.yaxis.ticktext) == chart.categories  # each unit's name once
    texts = annotations(fig)
    assert "82\u00a0% (41 av 50)  ◐ Delvis" in texts
    assert "95\u00a0% (<5 av 60)  ✔ Uppfyllt" in texts
    assert "<5 ärenden" in texts
    assert "Mål ≥ 90\u00a0%" in texts


def test_the_target_is_a_vertical_line_and_the_axis_is_percent_from_zero():
    fig = plotly_chart.figure(board_chart("ASSESS_14D", UNITS))
    line = [s for s in fig.layout.shapes if s.type == "line"][0]
    assert line.x0 == line.x1 == 0.9 and line.yref.endswith("domain")  # vertical, across every bar
    assert fig.layout.xaxis.range[0] == 0
    assert list(fig.layout.xaxis.ticktext)[:3] == ["0\u00a0%", "20\u00a0%", "40\u00a0%"]


def test_bar_colours_come_from_the_status_table_only():
    from ui.output.status import STATUS

    fig = plotly_chart.figure(board_chart("ASSESS_14D", UNITS))
    colours = list(fig.data[0].marker.color)
    assert colours[:3] == [STATUS["uppfyllt"].colour, STATUS["delvis"].colour, STATUS["ej_uppfyllt"].colour]


def test_each_units_own_target_is_a_marker_when_the_targets_differ():
    units = [("A", result(0.8, 40, 50, target=0.9)), ("B", result(0.7, 35, 50, target=0.75))]
    fig = plotly_chart.figure(board_chart("ASSESS_14D", units))
    markers = [t for t in fig.data if t.type == "scatter"]
    assert len(markers) == 1 and list(markers[0].x) == [0.9, 0.75]
    assert not [s for s in fig.layout.shapes if s.type == "line"]  # no one line pretending to be everybody's
    assert list(markers[0].customdata) == ["A: Mål ≥ 90\u00a0%", "B: Mål ≥ 75\u00a0%"]


def test_a_count_of_one_to_four_is_masked_on_the_board():
    units = [("A", result(3, code="INFLOW", target=None, status="saknar_mal")),
             ("B", result(12, code="INFLOW", target=None, status="saknar_mal"))]
    chart = board_chart("INFLOW", units)
    assert chart.series[0].labels == ["12", "<5"]
    assert chart.series[0].values == [12, None]


def test_amounts_are_in_mnkr_with_a_real_minus_sign():
    chart = Chart("hbar", "amount", ["Personal", "Köpt vård"], [ChartSeries("Avvikelse", [4_000_000, -16_600_000])])
    fig = plotly_chart.figure(chart)
    assert annotations(fig) == ["4,0\u00a0mnkr", "\u221216,6\u00a0mnkr"]
    assert "\u221215" in list(fig.layout.xaxis.ticktext) and fig.layout.xaxis.title.text == "mnkr"
    assert not [t for t in fig.layout.xaxis.ticktext if "M" in t or "-" in t]


def test_the_sick_leave_slide_shows_the_movement_with_the_titles_decimals():
    months = [dt.date(2026, m, 1) for m in range(1, 5)]
    slide = Slide("Personal", "Personal: sjukfrånvaro 5,3 %", months, [Series("Sjukfrånvaro", [0.061, 0.053, 0.021, 0.053])],
                  kind="line", is_share=True, target=0.06, decimals=1, better="lower", zoom=True, current=3)
    fig = plotly_chart.figure(slide_chart(slide), big=True)
    low, high = fig.layout.yaxis.range
    assert 0 < low < 0.021 and 0.061 < high < 0.2  # not 0–100 %
    assert "5,3\u00a0%" in annotations(fig) and "Mål ≤ 6,0\u00a0%" in annotations(fig)
    assert fig.layout.xaxis.ticktext[3] == "apr 2026"  # the current month is labelled (plain text: labels pass charts.inert)
    assert min(fig.layout.xaxis.tickfont.size, fig.layout.yaxis.tickfont.size) >= 18


def test_the_screen_has_no_toolbar_and_swedish_separators():
    assert plotly_chart.CONFIG["displayModeBar"] is False
    fig = plotly_chart.figure(Chart("bar", "count", ["a"], [ChartSeries("n", [1234])]))
    assert fig.layout.separators == ", "
    assert fig.data[0].text == ("1\u00a0234",)
    assert theme.value(Chart("bar", "share", [], []), -0.05) == "\u22125\u00a0%"


def test_a_deadline_title_with_one_to_four_cases_says_only_that_they_were_few(goal_store):  # noqa: F811
    from services.core.db import session_scope
    from services.core.periods import period
    from services.core.scope import Filters
    from services.kpis import catalogue, presentation

    store, _, _ = goal_store
    with session_scope(store) as session:
        filters = Filters(period(2024, "T1")).for_unit("BOU")
        assessed = catalogue.compute(session, "ASSESS_14D", filters)
        slide = presentation.deadline_slide(session, filters, "ASSESS_14D", "Förhandsbedömningar",
                                             ("förhandsbedömningar", "förhandsbedömningarna"))
    assert assessed.denominator == 3  # the hand-built fixture: 2 of 3 in time
    assert slide.message == "Färre än 5 förhandsbedömningar T1 2024 – andelen visas inte"
    assert "67" not in slide.message


def test_the_ledningsgrupp_board_with_three_units_from_a_store(store, tmp_path):  # noqa: F811
    """The hand-built KPI fixture with a third unit (Vuxenenheten) and a municipal inflow ceiling of 8:
    2024's aktualiseringar per unit are BOU 7, FAM 1 + 5 = 6, VUX 9."""
    import shutil

    from services.core.db import session_scope
    from services.core.periods import period
    from services.core.scope import Filters
    from services.importer import import_path
    from services.kpis import overview
    from tests.conftest import KPI_FIXTURE
    from ui.output.status import STATUS

    folder = tmp_path / "kpi"
    shutil.copytree(KPI_FIXTURE, folder)
    with open(folder / "teams.csv", "a", encoding="utf-8") as teams:
        teams.write("VMO;Vuxenmottagningen;VUX;Vuxenenheten;mottagning\n")
    with open(folder / "intakes.csv", "a", encoding="utf-8") as intakes:
        for n in range(5):
            intakes.write(f"F{n};Q{n};FUT;2024-0{n + 3}-05;anmalan;skola;vald;flicka;2012;;;;;\n")
        for n in range(9):
            intakes.write(f"V{n};R{n};VMO;2024-0{n + 1}-10;anmalan;polis;brott;pojke;2010;;;;;\n")
    with open(folder / "targets.csv", "a", encoding="utf-8") as targets:
        targets.write("INFLOW;;2024;;8;\n")
    assert import_path(store, folder).ok
    with session_scope(store) as session:
        units = overview.units_side_by_side(session, Filters(period(2024, "helår")))
    assert [u.unit_name for u in units] == ["Barn- och ungdomsenheten", "Familjeenheten", "Vuxenenheten"]
    board = board_chart("INFLOW", [(u.unit_name, u.results["INFLOW"]) for u in units])
    # each once, best first: inflow has no direction, its target is a ceiling, so the fewest first (as the status)
    assert board.categories == ["Familjeenheten", "Barn- och ungdomsenheten", "Vuxenenheten"]
    assert board.series[0].values == [6, 7, 9]
    assert board.series[0].labels == ["6", "7", "9"]
    assert board.series[0].statuses == ["uppfyllt", "uppfyllt", "ej_uppfyllt"]
    assert board.line_target == 8 and board.own_targets is None
    fig = plotly_chart.figure(board, big=True)
    assert list(fig.layout.yaxis.ticktext) == board.categories and list(fig.data[0].y) == [0, 1, 2]
    assert list(fig.data[0].marker.color) == [STATUS["uppfyllt"].colour, STATUS["uppfyllt"].colour,
                                              STATUS["ej_uppfyllt"].colour]
    line = [s for s in fig.layout.shapes if s.type == "line"][0]
    assert line.x0 == line.x1 == 8
    assert "Mål ≤ 8" in annotations(fig)
    assert [a for a in annotations(fig) if a.startswith(("9", "7", "6"))] == ["6  ✔ Uppfyllt", "7  ✔ Uppfyllt",
                                                                             "9  ✖ Ej uppfyllt"]
    assert fig.layout.height == 140 + 90 * 3
