"""A chart defined once, drawn three ways: Plotly (screen), matplotlib (PDF/Word) and python-pptx.

`Chart` says what the chart is (series, kind, unit, target and its direction, a status per point,
what secrecy hid); `theme` says how every renderer writes numbers (decimal comma, space between
thousands, "82 %", mnkr for amounts over a million, a real minus sign) and which colours mean a
status. The renderers (`plotly_chart`, `mpl_chart`, `pptx_chart`) only draw what they are given.
No Streamlit here.
"""

from ui.output.charts.definition import Chart, ChartSeries  # noqa: F401
