"""Charts in Swedish and colours that mean one thing: hover texts, per-cent ticks, month axes, status colours."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from services.core.kpi import KpiResult
from tests.helpers import choose, open_app
from ui.output import format as fmt
from ui.output import palette
from ui.output.status import STATUS, colour_key
from ui.widgets import charts, tables

NB = "\u00a0"
MONTHS = [dt.date(2025, 10, 1) + pd.DateOffset(months=i) for i in range(13)]  # okt 2025 … okt 2026


def test_chart_values_are_written_the_swedish_way():
    assert fmt.chart_value(0.82, is_share=True) == f"82{NB}%"
    assert fmt.chart_value(0.075, is_share=True) == f"7,5{NB}%"
    assert fmt.chart_value(-0.05, is_share=True) == f"−5{NB}%"
    assert fmt.chart_value(1234.5) == f"1{NB}234,5"
    assert fmt.chart_value(-12000) == f"−12{NB}000"
    assert fmt.chart_value(None) == "–"
    assert fmt.chart_value(float("nan")) == "–"
    assert fmt.signed_sek(-2450001) == f"−2{NB}450{NB}001{NB}kr"


def test_hover_texts_are_swedish_months_and_numbers():
    months = [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    fig = go.Figure([go.Bar(x=months, y=[0.82, 0.075], name="I år"),
                     go.Scatter(x=months, y=[0.9, None], name="I fjol", hovertemplate="%{x|%b %Y}: %{y:.0%}")])
    fig.update_yaxes(tickformat=".0%")
    charts.swedish_hover(fig)
    assert list(fig.data[0].hovertext) == [f"sep 2026 · I år: 82{NB}%", f"okt 2026 · I år: 7,5{NB}%"]
    assert list(fig.data[1].hovertext) == [f"sep 2026 · I fjol: 90{NB}%", "okt 2026 · I fjol: –"]
    assert fig.data[0].hovertemplate == fig.data[1].hovertemplate == "%{hovertext}<extra></extra>"


def test_a_hover_of_prepared_swedish_text_is_kept_and_bar_text_is_reused():
    fig = go.Figure([go.Bar(x=["Budget helår"], y=[-1.5], customdata=["okt 2026: 82 %"], hovertemplate="%{customdata}"),
                     go.Waterfall(x=["Budget", "Köpt vård"], y=[10, -1.5], text=["10,0 mnkr", "−1,5 mnkr"])])
    charts.swedish_hover(fig)
    assert fig.data[0].hovertemplate == "%{customdata}" and fig.data[0].hovertext is None
    assert list(fig.data[1].hovertext) == ["Budget: 10,0 mnkr", "Köpt vård: −1,5 mnkr"]  # no "Initial", no "trace 1"


def test_plotly_express_hovers_and_thousands_get_the_swedish_text():
    frame = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-10-01"]), "cost": [1234567.0, -2500.5],
                          "label": ["Familjehem", "HVB"]})
    fig = charts.swedish_hover(px.bar(frame, x="month", y="cost", color="label"))
    assert [list(t.hovertext) for t in fig.data] == [[f"okt 2026 · Familjehem: 1{NB}234{NB}567"],
                                                    [f"okt 2026 · HVB: −2{NB}500,5"]]


def test_a_per_cent_axis_left_to_plotly_gets_swedish_ticks():
    fig = go.Figure(go.Bar(y=["A", "B"], x=[0.5, 0.9], orientation="h"))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.3])
    charts.swedish_share_ticks(fig)
    assert list(fig.layout.xaxis.ticktext) == [f"0{NB}%", f"50{NB}%", f"100{NB}%"]
    small = go.Figure(go.Bar(x=["jan"], y=[0.043]))
    small.update_yaxes(tickformat=".0%")
    assert list(charts.swedish_share_ticks(small).layout.yaxis.ticktext) == [f"{v}{NB}%" for v in range(5)]


def test_every_month_is_labelled_the_last_one_too_slanted_to_end_at_its_bar():
    fig = charts.month_axis(go.Figure(go.Bar(x=MONTHS, y=[1] * 13)), MONTHS)
    assert len(fig.layout.xaxis.tickvals) == 13
    assert list(fig.layout.xaxis.ticktext)[0] == "okt 2025" and list(fig.layout.xaxis.ticktext)[-1] == "okt 2026"
    assert fig.layout.xaxis.tickangle == -30  # up to the left: the last label ends at its bar, inside the chart
    assert fig.layout.xaxis.automargin is True and fig.layout.margin.l == charts.SLANT_ROOM  # room for the first
    few = charts.month_axis(go.Figure(go.Bar(x=MONTHS[:6], y=[1] * 6)), MONTHS[:6])
    assert few.layout.xaxis.tickangle is None and list(few.layout.xaxis.ticktext) == [
        "okt 2025", "nov 2025", "dec 2025", "jan 2026", "feb 2026", "mar 2026"]


def result(target: float | None, better: str = "higher", warn: float | None = None) -> KpiResult:
    return KpiResult("ASSESS_14D", "x", better, None, None, None, target=target, warn=warn)


def test_bars_against_a_target_have_the_status_colours_and_the_caption_says_them():
    bars = charts.against_target([0.95, 0.85, 0.7, None], result(0.9, warn=0.8))
    assert bars == [STATUS["uppfyllt"].colour, STATUS["delvis"].colour, STATUS["ej_uppfyllt"].colour,
                    STATUS["saknar_varde"].colour]
    assert colour_key(charts.statuses([0.95, 0.7], result(0.9))) == "grönt = uppfyllt · rött = ej uppfyllt"
    lower = charts.against_target([0.04, 0.06], result(0.05, better="lower"))
    assert lower == [STATUS["uppfyllt"].colour, STATUS["ej_uppfyllt"].colour]
    assert charts.against_target([0.5], result(None)) == [palette.PALETTE[0]]


def close(a: str, b: str, limit: int = 60) -> bool:
    ra, ga, ba = (int(a[i:i + 2], 16) for i in (1, 3, 5))
    rb, gb, bb = (int(b[i:i + 2], 16) for i in (1, 3, 5))
    return abs(ra - rb) + abs(ga - gb) + abs(ba - bb) < limit


def hue_is_status_like(colour: str) -> bool:
    """Green, orange, yellow or red: a hue a reader takes for a traffic light."""
    import colorsys

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    return saturation > 0.3 and (hue * 360 < 170 or hue * 360 > 345)


def test_the_series_palette_has_no_status_colour():
    assert [c for c in palette.PALETTE if hue_is_status_like(c)] == []
    assert not any(close(c, s.colour) for c in palette.PALETTE for s in STATUS.values() if s.colour != "#5F6B76")
    assert len(set(palette.PALETTE)) == len(palette.PALETTE) == 8


def test_summary_tables_and_chart_tables_write_negative_amounts_with_a_real_minus():
    frame = pd.DataFrame({"Kategori": ["Köpt vård"], "Avvikelse": [-1234567.0], "Andel": [-0.0525]})
    shown = tables.swedish(frame, money=("Avvikelse",), shares=("Andel",))
    assert shown.values.tolist() == [["Köpt vård", f"−1{NB}234{NB}567", f"−5,2{NB}%"]]
    fig = go.Figure(go.Bar(x=["Köpt vård"], y=[-4.25], name="mnkr"))
    assert charts.figure_table(fig).values.tolist() == [["Köpt vård", "−4,2"]]


@pytest.mark.slow
def test_the_pages_charts_in_swedish_with_colours_that_mean_status(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/tidsfrister.py").run()
    choose(at, 2026, "månad", month=10)
    assert not at.exception
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    months = [f for f in figures if f["layout"].get("xaxis", {}).get("ticktext", [""])[-1:] == ["okt 2026"]]
    assert len(months) == 4  # the four legal clocks, each with every month labelled, the current one too
    for figure in months:
        assert len(figure["layout"]["xaxis"]["ticktext"]) == len(figure["data"][0]["x"]) == 13
        assert figure["layout"]["xaxis"]["tickangle"] == -30
        assert set(figure["data"][0]["marker"]["color"]) <= {s.colour for s in STATUS.values()}
        assert all(text.endswith(")") and f"{NB}%" in text and " av " in text for text in figure["data"][0]["customdata"])
    captions = " ".join(c.value for c in at.caption)
    assert "orange = under målet" not in captions and "rött = ej uppfyllt" in captions
    teams = next(f for f in figures if f["data"][0].get("orientation") == "h")
    assert teams["layout"]["xaxis"]["ticktext"] == [f"0{NB}%", f"50{NB}%", f"100{NB}%"]
    hovers = [h for f in figures for t in f["data"] for h in (t.get("hovertext") or [])]
    assert hovers and not any("%" in h and f"{NB}%" not in h for h in hovers)

    at.switch_page("pages/ekonomi.py").run()
    assert not at.exception
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    waterfall = next(f for f in figures if f["data"][0]["type"] == "waterfall")
    assert waterfall["layout"]["title"]["text"] == "Från budget till prognos helår"  # fits a half-width chart
    assert "Nettokostnad i mnkr · rött = dyrare än budget, grönt = billigare" in [c.value for c in at.caption]
    deviation = next(m for m in at.metric if m.label == "Avvikelse ackumulerat")
    assert deviation.value.startswith("−") and deviation.proto.delta.startswith("−")
    assert deviation.proto.delta.endswith("✖ Över budget")  # the sample's net is over budget: red, arrow down
    assert (deviation.proto.color, deviation.proto.direction) == (MetricProto.MetricColor.RED,
                                                                         MetricProto.MetricDirection.DOWN)
    assert waterfall["data"][0]["increasing"]["marker"]["color"] == STATUS["ej_uppfyllt"].colour
    assert waterfall["data"][0]["decreasing"]["marker"]["color"] == STATUS["uppfyllt"].colour
    assert not any(str(t).startswith("-") for t in waterfall["data"][0]["text"])
    shown = [str(v) for d in at.dataframe for column in d.value.columns for v in d.value[column]]
    assert not [v for v in shown if v.startswith("-")]  # negative amounts with "−"
    assert any(v.startswith("−") for v in shown)
