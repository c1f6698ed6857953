"""Every chart's text alternative: the numbers read back from the figure."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from ui.widgets import charts


def test_months_down_series_across_with_swedish_numbers_and_dashes_for_gaps():
    months = [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    fig = go.Figure([go.Bar(x=months, y=[1200, 4.5], name="I år"), go.Scatter(x=months, y=[2, None], name="I fjol")])
    table = charts.figure_table(fig)
    assert table.columns.tolist() == ["", "I år", "I fjol"]
    assert table.values.tolist() == [["jan 2026", "1\u00a0200", "2"], ["feb 2026", "4,5", "–"]]


def test_horizontal_bars_on_a_share_axis_read_as_percentages():
    fig = go.Figure(go.Bar(y=["Grupp A", "Grupp B"], x=[0.5, 0.255], orientation="h", name="Andel"))
    fig.update_xaxes(tickformat=".0%")
    assert charts.figure_table(fig).values.tolist() == [["Grupp A", "50,0\u00a0%"], ["Grupp B", "25,5\u00a0%"]]


def test_a_scatter_of_repeated_values_becomes_one_row_per_point():
    fig = go.Figure(go.Scatter(x=[10, 10], y=[3, 4], name="Poäng"))
    assert charts.figure_table(fig).values.tolist() == [["Poäng", "10: 3"], ["Poäng", "10: 4"]]


def test_text_typed_by_a_person_is_inert_in_markdown():
    from ui.output import format as fmt

    typed = "![x](https://example.org/track.png) **fet** <b>html</b> [länk](javascript:alert(1))"
    escaped = fmt.plain(typed)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped and "<b>" not in escaped
    assert escaped.replace("\\", "") == typed  # nothing lost, only made literal


def test_the_default_theme_is_merged_once_and_equals_the_joined_templates():
    import plotly.io as pio

    assert "+" not in pio.templates.default
    merged = pio.templates.merge_templates(pio.templates["plotly_white"], pio.templates["enhetskollen"])
    assert pio.templates[pio.templates.default].to_plotly_json() == merged.to_plotly_json()
