"""The tertial report as a Word document (python-docx): goals with indicator tables, grades and
analyses, activities, key charts and the economy table."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Cm, Pt

from services.kpis.report import ReportData
from ui.output.kpi_text import INDICATOR_COLUMNS
from ui.output.reports.images import slide_png
from ui.output.reports.tables import (
    ECONOMY_COLUMNS,
    activity_rows,
    economy_rows,
    grade_line,
    indicator_rows,
)

CHART_AREAS = ("Inflöde", "Förhandsbedömningar inom 14 dagar", "Placeringar", "Ekonomi")


def _table(document: Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def build(data: ReportData) -> bytes:
    document = Document()
    document.core_properties.title = data.title
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"Period {data.filters.period.start} – {data.filters.period.end}. Siffrorna är hämtade ur "
                           "Enhetskollen; andelar visas med antalet bakom.")
    document.add_heading("Mål och indikatorer", level=1)
    if not data.goals:
        document.add_paragraph("Inga enhetsmål är registrerade för året.")
    for view in data.goals:
        document.add_heading(view.goal.title, level=2)
        _table(document, INDICATOR_COLUMNS, indicator_rows(view))
        document.add_paragraph(grade_line(view))
        if view.grade and view.grade.analysis:
            document.add_paragraph(view.grade.analysis)
        if view.activities:
            _table(document, ["Aktivitet", "Start", "Slut", "Status"], activity_rows(view))
    document.add_heading("Nyckeltal i diagram", level=1)
    for slide in data.slides:
        if slide.area in CHART_AREAS:
            document.add_paragraph(slide.message)
            document.add_picture(io.BytesIO(slide_png(slide)), width=Cm(16))
    document.add_heading("Ekonomi", level=1)
    if data.economy.empty:
        document.add_paragraph("Ingen budget eller utfall för perioden.")
    else:
        _table(document, ECONOMY_COLUMNS, economy_rows(data.economy))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
