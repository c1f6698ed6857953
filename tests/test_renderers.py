"""One chart definition, three renderers: what each one writes, on the hand-built fixture and on a small
chart built here. PPTX: Swedish number formats and a target series; PDF: Swedish numbers in the text
layer; DOCX: A4, sv-SE, the author; Excel: numbers as numbers, dates as dates, frozen header."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Image, SimpleDocTemplate

from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from ui.output.charts import mpl_chart, pptx_chart
from ui.output.charts.definition import Chart, ChartSeries
from ui.output.reports import export

SHARE = Chart("hbar", "share", ["Barn- och ungdomsenheten", "Familjeenheten"],
              [ChartSeries("Förhandsbedömning inom 14 dagar", [0.82, 0.7], ["82\u00a0% (41 av 50)", ""],
                           ["delvis", "ej_uppfyllt"])], target=0.9)
COUNTS = Chart("bar", "count", [dt.date(2026, 9, 1), dt.date(2026, 10, 1)], [ChartSeries("Aktualiseringar", [1234, 987])],
               current=1)


def _chart_xml(chart: Chart) -> str:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    frame = pptx_chart.add(slide.shapes, chart, Inches(0.5), Inches(0.5), Inches(9), Inches(5))
    return frame.chart._chartSpace.xml


def test_pptx_chart_has_swedish_number_formats_and_a_target_series():
    xml = _chart_xml(SHARE)
    assert 'formatCode="0&quot; %&quot;"' in xml  # 82 -> "82 %"
    assert "<c:v>Mål</c:v>" in xml  # the target as a series of its own
    assert "<c:v>90.0</c:v>" in xml  # in per cent, like the values
    assert "Mål ≥ 90\u00a0%" in xml  # its value written at the line
    counts = _chart_xml(COUNTS)
    assert 'formatCode="# ##0"' in counts and "<c:v>1234</c:v>" in counts and "okt 2026" in counts


def test_matplotlib_chart_in_a_pdf_has_swedish_numbers_in_its_picture_and_text(tmp_path):
    png = mpl_chart.png(SHARE)
    assert png[:4] == b"\x89PNG"
    out = tmp_path / "chart.pdf"
    SimpleDocTemplate(str(out), pagesize=A4).build([Image(io.BytesIO(png), width=400, height=170)])
    assert out.stat().st_size > 1000


@pytest.fixture
def exported(goal_store):  # noqa: F811
    store, _, _ = goal_store

    def make(kind: str, author: str = "") -> bytes:
        with session_scope(store) as session:
            return export(session, kind, Filters(period(2024, "T1")), "BOU", author=author)
    return make


def test_the_pdf_text_layer_has_swedish_numbers_page_numbers_and_the_data_date(exported):
    pages = PdfReader(io.BytesIO(exported("pdf"))).pages
    text = "\n".join(page.extract_text() for page in pages).replace("\u00a0", " ")
    assert "67 % (2 av 3)" in text and "90 %" in text
    assert "Sida 1" in text and "Data t.o.m." in text
    assert "Tertialrapport 1 2024 · Barn- och ungdomsenheten" in text and "Tertialrapport 1 T1" not in text
    width, height = pages[0].mediabox.width, pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4 landscape


def test_the_word_report_is_a4_swedish_and_made_by_the_signed_in_user(exported):
    document = Document(io.BytesIO(exported("docx", author="Anna Chef")))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    assert document.core_properties.author == "Anna Chef" and document.core_properties.author != "python-docx"
    assert 'w:val="sv-SE"' in document.styles.element.xml
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "Data t.o.m." in footer
    unsigned = Document(io.BytesIO(exported("docx")))
    assert unsigned.core_properties.author == "Barn- och ungdomsenheten"


def test_the_workbook_keeps_numbers_and_dates_and_freezes_the_header(exported):
    workbook = load_workbook(io.BytesIO(exported("xlsx")))
    sheet = workbook["Inflöde"]
    assert sheet.freeze_panes == "A2" and workbook["Mål 1"].freeze_panes == "A2"
    assert sheet["A2"].value == dt.datetime(2024, 1, 1) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].value == "<5"  # the fixture's monthly counts are all under 5: masked, as text


def test_excel_numbers_are_numbers_with_formats_a_swedish_excel_shows_as_1_234_and_82_percent():
    import pandas as pd

    from ui.output.excel import workbook

    frame = pd.DataFrame({"Månad": [dt.date(2026, 10, 1)], "Antal": [1234], "Andel": [0.82], "Snitt": [3.25]})
    sheet = load_workbook(io.BytesIO(workbook({"T": frame}, {"T": {"Andel"}})))["T"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == dt.datetime(2026, 10, 1) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert (sheet["B2"].value, sheet["B2"].number_format) == (1234, "#,##0")
    assert (sheet["C2"].value, sheet["C2"].number_format) == (0.82, "0 %")
    assert (sheet["D2"].value, sheet["D2"].number_format) == (3.25, "#,##0.0")

