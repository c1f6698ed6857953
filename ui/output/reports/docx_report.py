"""The tertial report as a Word document (python-docx): goals with indicator tables, grades and
analyses, activities, key charts and the economy table."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from services.kpis import catalogue
from services.kpis.report import ReportData
from ui.output import format as fmt
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


def _swedish(document: Document) -> None:
    """Spelling, hyphenation and dates in Swedish: the language on the document's default run style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    for style in [document.styles["Normal"]]:
        rpr_style = style.element.get_or_add_rPr()
        for target in (rpr, rpr_style):
            if target is None:
                continue
            lang = target.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                target.append(lang)
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attribute), "sv-SE")


def _page_numbers(section, data_line: str) -> None:
    """'Sida 3 av 7 · Data t.o.m. 30 apr 2024' in the footer (Word fields, so they stay right)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""

    def field(code: str) -> None:
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    paragraph.add_run("Sida ")
    field("PAGE")
    paragraph.add_run(" av ")
    field("NUMPAGES")
    paragraph.add_run(f" · {data_line}")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def build(data: ReportData) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # the indicator table's eight columns
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(1.8)
    _swedish(document)
    document.core_properties.title = data.title
    document.core_properties.author = data.author or data.unit_name
    document.core_properties.last_modified_by = data.author or data.unit_name
    document.core_properties.language = "sv-SE"
    document.core_properties.comments = ""
    data_line = f"Data t.o.m. {fmt.day(data.data_date)}" if data.data_date else "Enhetskollen"
    _page_numbers(section, data_line)
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"Period {data.filters.period.start} – {data.filters.period.end}. {data_line}. Siffrorna är "
                           "hämtade ur Enhetskollen; andelar visas med antalet bakom.")
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
    if data.comments:
        document.add_heading("Månadens kommentarer", level=1)
        for code, comment in data.comments.items():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{catalogue.get(code).name}: ").bold = True
            paragraph.add_run(f"{comment.text} ({comment.author}, {fmt.date(comment.written_at.date())})")
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
