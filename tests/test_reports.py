"""The exports open and hold the right numbers for the hand-built fixture; the APT deck has native
charts, no staff name and no count from 1 to 4."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.goals import goals
from ui.output.reports import export

ROOT = Path(__file__).resolve().parent.parent
STAFF_NAMES = ["Sara Ek", "Per Ås", "Lena Berg", "Omar Lind"]  # tests/fixtures/kpi/staff.csv


@pytest.fixture
def graded(goal_store):
    store, unit_goal, _ = goal_store
    with session_scope(store) as session:
        goals.set_grade(session, unit_goal, 2024, "T1", "delvis", "Analysen för T1 skriven av chefen.", operator("anna"))
    return store


def _export(store, kind: str) -> bytes:
    with session_scope(store) as session:
        return export(session, kind, Filters(period(2024, "T1")), "BOU")


def test_the_word_report_has_the_indicator_table_the_grade_and_the_analysis(graded):
    document = Document(io.BytesIO(_export(graded, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tertialrapport 1 2024 · Barn- och ungdomsenheten" in text  # not "Tertialrapport 1 T1 2024"
    assert "Analysen för T1 skriven av chefen." in text
    assert "Bedömning: Uppfylls delvis (skiljer sig från indikatorerna). Enligt indikatorerna: Uppfylls helt." in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Indikator", "Resultat T1 2024", "Pojkar", "Flickor", "Föregående period T1 2023", "Årsmål",
                       "KF:s årsmål", "Status"]
    assert rows[1][:2] == ["Förhandsbedömning inom 14 dagar", "67\u00a0% (2 av 3)"]
    assert rows[1][5:] == ["60\u00a0%", "90\u00a0%", "✔ Uppfyllt"]
    assert rows[2][:2] == ["Nöjdhet", "85\u00a0% (n = 40)"]
    assert document.inline_shapes, "the key charts are in the report"


def test_the_pdf_holds_the_same_numbers(graded):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(_export(graded, "pdf"))).pages)
    assert "Tertialrapport 1 2024" in text
    assert "67\u00a0% (2 av 3)" in text or "67 % (2 av 3)" in text
    assert "Analysen för T1 skriven av chefen." in text


def test_the_apt_deck_has_native_charts_no_names_and_no_small_counts(graded):
    deck = Presentation(io.BytesIO(_export(graded, "pptx")))
    slides = list(deck.slides)
    assert slides[0].shapes.title.text == "APT – Barn- och ungdomsenheten"
    texts = []
    for slide in slides[1:]:
        has_chart = any(shape.has_chart for shape in slide.shapes)
        assert has_chart or "Inga uppgifter för perioden." in [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert not any(shape.shape_type == 13 for shape in slide.shapes)  # no pictures
        texts.append(slide.shapes.title.text)
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_chart:
                for series in shape.chart.plots[0].series:
                    counts = [v for v in series.values if v is not None and float(v).is_integer()]
                    assert not [v for v in counts if 1 <= v <= 4], (slide.shapes.title.text, series.name, counts)
    everything = "\n".join(texts)
    assert not [name for name in STAFF_NAMES if name in everything]
    assert texts[0].startswith("7 aktualiseringar T1 2024")  # BOU's T1 inflow in the fixture
    assert any("Färre än 5, visas inte" in t for t in texts)  # the monthly counts are all under 5


def test_the_workbook_has_every_table(graded):
    workbook = load_workbook(io.BytesIO(_export(graded, "xlsx")))
    assert {"Mål 1", "Ekonomi", "Inflöde"} <= set(workbook.sheetnames)
    # the value as a number that a Swedish Excel shows as "67 %", the counts behind it beside
    assert (workbook["Mål 1"]["B2"].value, workbook["Mål 1"]["B2"].number_format) == (2 / 3, "0 %")
    assert workbook["Mål 1"]["C2"].value == "2 av 3"


@pytest.mark.slow
def test_cli_export_writes_the_file_and_refuses_an_unknown_unit(graded, tmp_path):
    url = graded.url.render_as_string(hide_password=False)
    out = tmp_path / "apt.pptx"
    done = subprocess.run([sys.executable, "cli.py", "export", "pptx", "--unit", "BOU", "--year", "2024", "--period", "T1",
                           "-o", str(out), "--database-url", url], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert Presentation(str(out)).slides[0].shapes.title.text == "APT – Barn- och ungdomsenheten"
    done = subprocess.run([sys.executable, "cli.py", "export", "docx", "--unit", "XYZ", "--year", "2024", "-o",
                           str(tmp_path / "x.docx"), "--database-url", url], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Okänd enhet 'XYZ'" in done.stderr
