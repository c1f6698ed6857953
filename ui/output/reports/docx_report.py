"""The monthly and tertial report as a Word document (python-docx), in the same layout as the PDF:
an indicator table per area, the month's comments under the KPIs, the same charts as on screen, the
enhetsmål with grade, analysis and activities. A4 landscape, sv-SE, the signed-in user as author."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from services.kpis import catalogue
from services.kpis.report import ReportData
from ui.output.reports.images import slide_png
from ui.output.reports.pdf_report import INDICATOR_WIDTHS, SMALL_TABLE
from ui.output.reports.tables import (
    ACTIVITY_COLUMNS,
    AREA_INTRO,
    ECONOMY_COLUMNS,
    NO_ECONOMY,
    activity_rows,
    comment_line,
    data_line,
    economy_rows,
    grade_line,
    indicator_header,
    indicator_rows,
    period_line,
)


def _flag(element, tag: str) -> None:
    child = OxmlElement(tag)
    element.append(child)


def _table(document: Document, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
    """A table whose header row repeats on every page and whose rows never split; a short one is kept on one page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.autofit = widths is None
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    last = len(table.rows) - 1

    def kept(number: int) -> bool:
        """A row kept with the next: every row of a short table; of a long one the header and first row and the
        last but one, so no page holds a single row of it."""
        if number == last:
            return False
        return len(rows) <= SMALL_TABLE or number in (0, 1, last - 1)

    for number, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        _flag(properties, "w:cantSplit")
        if number == 0:
            _flag(properties, "w:tblHeader")
        for index, cell in enumerate(row.cells):
            if widths:
                cell.width = Cm(widths[index])
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = kept(number)
                for run in paragraph.runs:
                    run.font.size = Pt(8)
                    run.bold = number == 0 or None


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


def _page_numbers(section, footer_text: str) -> None:
    """'Sida 3 av 7 · Månadsrapport … · Data t.o.m. 31 okt 2026' in the footer (Word fields, so they stay right)."""
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
    paragraph.add_run(f" · {footer_text}")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _comments(document: Document, data: ReportData, codes: list[str]) -> None:
    for code in codes:
        if code in data.comments:
            name, rest = comment_line(data.comments[code])
            paragraph = document.add_paragraph()
            paragraph.add_run(name).bold = True
            paragraph.add_run(rest)


def _areas(document: Document, data: ReportData) -> None:
    header = indicator_header(data.filters.period)
    for area, rows in data.areas.items():
        document.add_heading(catalogue.AREAS[area], level=1)
        _table(document, header, indicator_rows(rows), INDICATOR_WIDTHS)
        _comments(document, data, [r.kpi_code for r in rows])
        if area == "economy" and data.economy.empty:
            document.add_paragraph(NO_ECONOMY)
        elif area == "economy":
            document.add_heading("Budget och utfall hittills i år", level=2)
            _table(document, ECONOMY_COLUMNS, economy_rows(data.economy), [8.0, 4.5, 4.5, 4.5, 3.0])
        for slide in data.slides:
            if slide.kpi_area == area:
                message = document.add_paragraph()
                message.add_run(slide.message).bold = True
                message.paragraph_format.keep_with_next = True
                document.add_picture(io.BytesIO(slide_png(slide, 6.5, 2.6)), width=Cm(21))
                if slide.note:
                    document.add_paragraph(slide.note)


def _goals(document: Document, data: ReportData) -> None:
    document.add_heading("Mål och indikatorer", level=1)
    if not data.goals:
        document.add_paragraph("Inga enhetsmål är registrerade för året.")
    header = indicator_header(data.filters.period)
    for view in data.goals:
        document.add_heading(view.goal.title, level=2)
        _table(document, header, indicator_rows(view.indicators), INDICATOR_WIDTHS)
        document.add_paragraph(grade_line(view))
        if view.grade and view.grade.analysis:
            document.add_paragraph(view.grade.analysis)
        if view.activities:
            _table(document, ACTIVITY_COLUMNS, activity_rows(view), [13.0, 3.5, 3.5, 3.5])


def build(data: ReportData) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # the indicator table's eight columns
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    _swedish(document)
    document.core_properties.title = data.title
    document.core_properties.author = data.author or data.unit_name
    document.core_properties.last_modified_by = data.author or data.unit_name
    document.core_properties.language = "sv-SE"
    document.core_properties.comments = ""
    _page_numbers(section, f"{data.title} · {data_line(data)}")
    document.add_heading(data.title, level=0)
    document.add_paragraph(period_line(data))
    document.add_paragraph(AREA_INTRO)
    if data.is_tertial:
        _goals(document, data)
        _areas(document, data)
    else:
        _areas(document, data)
        _goals(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
