"""The KPI card's sparkline as inline SVG (ui/output/sparkline.py): the drawing and the words."""

from __future__ import annotations

import datetime as dt

from ui.output import sparkline

MONTHS = [dt.date(2026, month, 1) for month in range(7, 11)]


def test_the_points_span_the_drawing_with_the_lowest_value_at_the_foot():
    assert sparkline.points([0.8, None, 0.9, 0.85]) == [(5.0, 55.0), None, (198.3, 5.0), (295.0, 30.0)]
    assert sparkline.points([None, None]) == [None, None]
    assert sparkline.points([3, 3]) == [(5.0, 55.0), (295.0, 55.0)]  # a flat line


def test_the_words_are_swedish_months_and_numbers():
    assert sparkline.label([0.8, None, 0.9, 0.853], MONTHS, True) == "jul 2026: 80\u00a0% · sep 2026: 90\u00a0% · okt 2026: 85,3\u00a0%"
    assert sparkline.label([1234, 13.5, None, -2], MONTHS, False) == "jul 2026: 1\u00a0234 · aug 2026: 13,5 · okt 2026: −2"


def test_a_gap_breaks_the_line_and_the_last_value_is_marked():
    markup = sparkline.svg([0.8, None, 0.9, 0.85], MONTHS, True)
    assert markup.count("<polyline") == 1  # sep–okt; jul stands alone as a dot
    assert '<circle cx="5.0" cy="55.0" r="2"' in markup
    assert '<circle cx="295.0" cy="30.0" r="3.5"' in markup
    assert "<title>jul 2026: 80\u00a0% · sep 2026: 90\u00a0% · okt 2026: 85\u00a0%</title>" in markup
    assert 'aria-label="Utveckling: jul 2026: 80\u00a0% · sep 2026: 90\u00a0% · okt 2026: 85\u00a0%"' in markup
