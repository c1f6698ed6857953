"""The APT deck (python-pptx) with native, editable charts: a title slide, then one slide per area,
each with its one message as the title. The slides come from services.presentation, so the rules
for a shared screen hold here too: no names, no ids, counts 1–4 shown as "<5"."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from services.kpis.report import ReportData
from ui.output import format as fmt
from ui.widgets.charts import PALETTE

CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS, "hbar": XL_CHART_TYPE.BAR_CLUSTERED}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def build(data: ReportData) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = f"APT – {data.unit_name}"
    title.placeholders[1].text = f"{data.filters.period.label} · siffror ur Enhetskollen · små antal visas som <5"
    for slide in data.slides:
        page = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        page.shapes.title.text = slide.message
        page.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        if not slide.categories:
            box = page.shapes.add_textbox(Inches(0.7), Inches(2), Inches(11.9), Inches(1))
            box.text_frame.text = "Inga uppgifter för perioden."
            continue
        chart_data = CategoryChartData(number_format="0%" if slide.is_share else "#,##0")
        categories = [fmt.month(c) if hasattr(c, "year") else str(c) for c in slide.categories]
        chart_data.categories = categories
        for series in slide.series:
            chart_data.add_series(series.name, series.values)
        frame = page.shapes.add_chart(CHART_TYPES[slide.kind], Inches(0.7), Inches(1.6), Inches(11.9), Inches(5.2), chart_data)
        chart = frame.chart
        chart.has_legend = len(slide.series) > 1
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.font.size = Pt(14)
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0%" if slide.is_share else "#,##0"
        plot.data_labels.number_format_is_linked = False
        for index, series in enumerate(plot.series):
            fill = series.format.line if slide.kind == "line" else series.format.fill
            if slide.kind != "line":
                fill.solid()
                fill.fore_color.rgb = _rgb(PALETTE[index % len(PALETTE)])
            else:
                fill.color.rgb = _rgb(PALETTE[index % len(PALETTE)])
        masked = sorted({c for s in slide.series for c, label in zip(categories, s.labels) if label.startswith("<")})
        notes = [slide.note] if slide.note else []
        if masked:
            notes.append(f"Färre än 5, visas inte: {', '.join(masked)}")
        if slide.target is not None:
            notes.append("Mål: " + (fmt.share(slide.target) if slide.is_share else fmt.number(slide.target, 1)))
        if notes:
            box = page.shapes.add_textbox(Inches(0.7), Inches(6.85), Inches(11.9), Inches(0.5))
            box.text_frame.text = " · ".join(notes)
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
