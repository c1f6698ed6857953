"""A `Chart` as a native, editable python-pptx chart: Swedish number formats, the target as its own series."""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt

from ui.output.charts import theme
from ui.output.charts.definition import Chart

CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS, "hbar": XL_CHART_TYPE.BAR_CLUSTERED}
TARGET_SERIES = "Mål"


def number_format(chart: Chart) -> str:
    """The Excel/PowerPoint format: '0 %', '0,0 %', '# ##0', amounts in mnkr ('# ##0,0 "mnkr"' on millions)."""
    if chart.unit == "share":
        return '0,0" %"' if chart.decimals else '0" %"'
    if chart.unit == "amount" and theme.is_mnkr(chart):
        return '# ##0,0" mnkr"'
    return "# ##0,0" if chart.decimals else "# ##0"


def _scaled(chart: Chart, value: float | None) -> float | None:
    """Shares are written as per cent (82, not 0,82) and amounts as mnkr, so the format needs no '%' scaling."""
    if value is None:
        return None
    if chart.unit == "share":
        return round(value * 100, 4)
    if chart.unit == "amount" and theme.is_mnkr(chart):
        return round(value / 1_000_000, 4)
    return value


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def add(shapes, chart: Chart, left, top, width, height):
    """Add the chart to a slide's shapes; the target is a series of its own named 'Mål' (a line on line charts)."""
    data = CategoryChartData(number_format=number_format(chart))
    data.categories = [theme.category(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(series.name, [_scaled(chart, v) for v in series.values])
    target = chart.line_target
    targets = chart.own_targets or ([target] * len(chart.categories) if target is not None else None)
    if targets is not None:
        data.add_series(TARGET_SERIES, [_scaled(chart, t) for t in targets])
    frame = shapes.add_chart(CHART_TYPES[chart.kind], left, top, width, height, data)
    drawn = frame.chart
    drawn.font.size = Pt(14)
    drawn.has_legend = len(chart.series) > 1 or targets is not None
    if drawn.has_legend:
        drawn.legend.position, drawn.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    plot = drawn.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format(chart)
    plot.data_labels.number_format_is_linked = False
    value_axis = drawn.value_axis
    value_axis.tick_labels.number_format = number_format(chart)
    value_axis.tick_labels.number_format_is_linked = False
    if chart.unit == "share" and chart.value_range is None:
        value_axis.minimum_scale = 0
    elif chart.value_range is not None:
        value_axis.minimum_scale, value_axis.maximum_scale = (_scaled(chart, v) for v in chart.value_range)
    for index, drawn_series in enumerate(plot.series):
        if index < len(chart.series):
            source = chart.series[index]
            colour = theme.colour(None, source.compare)
            if chart.kind == "line":
                drawn_series.format.line.color.rgb = _rgb(colour)
            else:
                drawn_series.format.fill.solid()
                drawn_series.format.fill.fore_color.rgb = _rgb(colour)
                for point, status in enumerate(source.statuses):
                    if status:
                        fill = drawn_series.points[point].format.fill
                        fill.solid()
                        fill.fore_color.rgb = _rgb(theme.colour(status))
        else:  # the target series: a dark thin mark, no data labels on every point
            drawn_series.data_labels.show_value = False
            last = next((i for i in range(len(targets) - 1, -1, -1) if targets[i] is not None), None)
            if last is not None:  # the target's value written once, at its last point
                drawn_series.points[last].data_label.text_frame.text = theme.target_text(chart, targets[last])
            if chart.kind == "line":
                drawn_series.format.line.color.rgb = _rgb(theme.TARGET)
                drawn_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                drawn_series.marker.style = XL_MARKER_STYLE.NONE
                drawn_series.smooth = False
            else:
                drawn_series.format.fill.solid()
                drawn_series.format.fill.fore_color.rgb = _rgb(theme.TARGET)
    return frame
