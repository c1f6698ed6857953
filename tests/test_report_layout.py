"""The monthly and tertial report in the units' own layout, on the hand-built fixture with a small budget
for BOU: the indicator table per area (exact header and cells in Word and in the PDF's text layer),
real minus signs, Swedish per cent and dates, "Sida 1 av N", the data date, and the Excel tables."""

from __future__ import annotations

import datetime as dt
import io
import re

import matplotlib
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.goals import goals
from services.importer import import_path
from ui.output.charts import mpl_chart
from ui.output.charts.definition import Chart, ChartSeries
from ui.output.reports import export

# BOU spends 25 000 kr a month more on staff than budgeted, January to April 2024.
BUDGET = """unit_code,month,category,budget,actual,forecast_year
BOU,2024-01,intakter,50000,50000,
BOU,2024-01,personal,-500000,-525000,
BOU,2024-02,intakter,50000,50000,
BOU,2024-02,personal,-500000,-525000,
BOU,2024-03,intakter,50000,50000,
BOU,2024-03,personal,-500000,-525000,
BOU,2024-04,intakter,50000,50000,
BOU,2024-04,personal,-500000,-525000,-2100000
"""


@pytest.fixture
def report_store(goal_store, tmp_path):
    store, unit_goal, _ = goal_store
    (tmp_path / "budget.csv").write_text(BUDGET, encoding="utf-8")
    assert import_path(store, tmp_path / "budget.csv").ok
    with session_scope(store) as session:
        goals.set_grade(session, unit_goal, 2024, "T1", "delvis", "Analysen för T1 skriven av chefen.", operator("anna"))
    return store


def _export(store, kind: str, chosen=None, author: str = "Anna Chef") -> bytes:
    with session_scope(store) as session:
        return export(session, kind, Filters(chosen or period(2024, "T1")), "BOU", author=author)


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


HEADER = ["Indikator", "Resultat T1 2024", "Pojkar", "Flickor", "Föregående period T1 2023", "Årsmål", "KF:s årsmål", "Status"]
ASSESS_ROW = ["Förhandsbedömning inom 14 dagar", "67\u00a0% (2 av 3)", "0\u00a0%", "100\u00a0%", "–", "60\u00a0%", "90\u00a0%",
              "✔ Uppfyllt"]


def test_the_word_report_has_an_indicator_table_per_area_and_the_goals_in_the_same_layout(report_store):
    document = Document(io.BytesIO(_export(report_store, "docx")))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Mål och indikatorer", "Skydd snabbt", "Inflöde och tidsfrister", "Placeringar",
                        "Personal och arbetstyngd", "Ekonomi", "Budget och utfall hittills i år"]  # a tertial report: goals first
    goal, activities, flow, placements, staffing, economy, budget = tables
    assert goal[0] == HEADER and goal[1] == ASSESS_ROW
    assert goal[2] == ["Nöjdhet", "85\u00a0% (n = 40)", "80\u00a0%", "90\u00a0%", "70\u00a0%", "80\u00a0%", "–", "✔ Uppfyllt"]
    assert activities == [["Aktivitet", "Start", "Slut", "Status"], ["Veckogenomgång", "8 jan 2024", "30 jun 2024", "Pågår"]]
    assert flow[0] == HEADER and flow[2] == ASSESS_ROW  # the same KPI, the same cells, in its area's table
    assert flow[6] == ["Utredningstid (median, dagar)", "82 dagar", "43 dagar", "121 dagar", "121 dagar", "100 dagar",
                       "100 dagar", "✔ Uppfyllt"]
    assert placements[1] == ["Pågående placeringar", "1", "0", "1", "–", "–", "–", "– Inget mål"]
    assert [row[0] for row in staffing[1:]] == ["Utredningar per socialsekreterare", "Sjukfrånvaro", "Personalomsättning",
                                                 "Vakanser (tjänster)", "Andel över rimlig arbetstyngd"]
    assert economy[1] == ["Budgetavvikelse", "\u22126\u00a0% (utfall \u22121,9\u00a0mnkr mot budget \u22121,8\u00a0mnkr)",
                          "–", "–", "–", "–", "–", "– Inget mål"]
    assert budget[2] == ["Personal", "\u22122\u00a0000\u00a0000\u00a0kr", "\u22122\u00a0100\u00a0000\u00a0kr",
                         "\u2212100\u00a0000\u00a0kr", "\u22125,0\u00a0%"]
    first = document.tables[0].rows[0]._tr.xml
    assert "<w:tblHeader/>" in first and "<w:cantSplit/>" in first  # the header repeats, no row splits over a page
    assert document.core_properties.author == "Anna Chef"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Period 1 jan 2024 – 30 apr 2024 · Data t.o.m. 20 jan 2026 · Sammanställd av Anna Chef" in text
    assert not re.search(r"-\d", text + str(tables))


def test_the_pdf_is_set_in_an_embedded_font_with_real_minus_signs_and_swedish_numbers(report_store):
    data = _export(report_store, "pdf")
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages).replace("\u00a0", " ")
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all(font.endswith("DejaVuSans") or font.endswith("DejaVuSans-Bold") for font in fonts), fonts  # subset, embedded
    assert "Tertialrapport 1 2024 · Barn- och ungdomsenheten\nPeriod 1 jan 2024 – 30 apr 2024 · Data t.o.m. 20 jan 2026" in text
    # the indicator table's header row and one row, cell by cell, in the text layer
    assert ("Indikator\nResultat T1 2024\nPojkar\nFlickor\nFöregående period\nT1 2023\nÅrsmål\nKF:s årsmål\nStatus\n"
            "Förhandsbedömning inom 14 dagar\n67 % (2 av 3)\n0 %\n100 %\n–\n60 %\n90 %\n✔ Uppfyllt\n") in text
    # a negative amount with a real minus (the amounts are right-aligned: the text layer puts a space before them)
    assert "Personal\n −2 000 000 kr\n −2 100 000 kr\n −100 000 kr\n −5,0 %\n" in text
    assert "Budgetavvikelse\n−6 % (utfall −1,9 mnkr mot\nbudget −1,8 mnkr)" in text
    assert "Analysen för T1 skriven av chefen." in text and "Veckogenomgång\n8 jan 2024\n30 jun 2024\nPågår" in text
    assert not re.search(r"-\d", text), re.findall(r".{20}-\d.{5}", text)  # no hyphen for a minus, no ISO date
    assert len(pages) == 6
    assert [page.rstrip().rsplit("\n", 1)[-1] for page in pages] == [f"Sida {n} av 6" for n in range(1, 7)]
    assert all("Tertialrapport 1 2024 · Barn- och ungdomsenheten · Data t.o.m. 20 jan 2026" in page for page in pages)


def test_the_monthly_report_leads_with_the_kpis_and_names_its_month(report_store):
    pages = _pdf_pages(_export(report_store, "pdf", period(2024, "månad", 3)))
    text = "\n".join(pages).replace("\u00a0", " ")
    assert text.startswith("Månadsrapport mars 2024 · Barn- och ungdomsenheten\n"
                           "Period 1 mar 2024 – 31 mar 2024 · Data t.o.m. 20 jan 2026 · Sammanställd av Anna Chef\n")
    assert "Indikator\nResultat mars 2024\nPojkar\nFlickor\nFöregående period\nmars 2023\n" in text
    assert text.index("Inflöde och tidsfrister") < text.index("Mål och indikatorer")
    assert "Personal\n −1 500 000 kr\n −1 575 000 kr\n −75 000 kr\n −5,0 %\n" in text
    assert pages[0].rstrip().endswith(f"Sida 1 av {len(pages)}")
    docx = Document(io.BytesIO(_export(report_store, "docx", period(2024, "månad", 3))))
    assert docx.paragraphs[0].text == "Månadsrapport mars 2024 · Barn- och ungdomsenheten"
    assert [c.text for c in docx.tables[0].rows[0].cells] == ["Indikator", "Resultat mars 2024", "Pojkar", "Flickor",
                                                              "Föregående period mars 2023", "Årsmål", "KF:s årsmål", "Status"]


def test_a_comment_stands_under_its_area_table_in_both_reports(report_store):
    from services.kpis import comments

    with session_scope(report_store) as session:
        from services.access import auth

        auth.create_user(session, "anna_chef", "enhetschef", ["BOU"], "ett-långt-lösenord-12", display_name="Anna Chef")
        comments.save(session, auth.signed_in(session, "anna_chef"), "BOU", "PLACEMENTS", period(2024, "T1"),
                      "En ny placering i familjehem.", False)
    text = "\n".join(_pdf_pages(_export(report_store, "pdf")))
    today = dt.date.today()
    written = f"{today.day} {['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'][today.month - 1]} {today.year}"
    assert f"– Inget mål\nPågående placeringar: En ny placering i familjehem. (Anna Chef, {written})\n" in text
    words = [p.text for p in Document(io.BytesIO(_export(report_store, "docx"))).paragraphs]
    assert words[words.index("Placeringar") + 1] == f"Pågående placeringar: En ny placering i familjehem. (Anna Chef, {written})"


def test_the_workbook_has_one_sheet_per_table_numbers_as_numbers_and_a_frozen_header(report_store):
    book = load_workbook(io.BytesIO(_export(report_store, "xlsx")))
    assert book.sheetnames == ["Nyckeltal inflöde och frister", "Nyckeltal placeringar", "Nyckeltal personal",
                               "Nyckeltal ekonomi", "Mål 1", "Ekonomi", "Inflöde",
                               "Förhandsbedömningar inom 14 dag", "Utredningar inom 4 månader", "Placeringar",
                               "Personal och arbetstyngd"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    flow = book["Nyckeltal inflöde och frister"]
    assert [c.value for c in flow[1]] == ["Indikator", "Resultat T1 2024", "Underlag", "Pojkar", "Flickor",
                                          "Föregående period T1 2023", "Årsmål", "KF:s årsmål", "Status"]
    cells = lambda row: [(c.value, c.number_format) for c in row]  # noqa: E731
    assert cells(flow[3]) == [("Förhandsbedömning inom 14 dagar", "General"), (2 / 3, "0 %"), ("2 av 3", "General"),
                              (0, "0 %"), (1, "0 %"), (None, "General"), (0.6, "0 %"), (0.9, "0 %"), ("✔ Uppfyllt", "General")]
    assert cells(flow[7])[:2] == [("Utredningstid (median, dagar)", "General"), (82, "#,##0")]  # days, in the same column
    assert cells(book["Mål 1"][3])[:3] == [("Nöjdhet", "General"), (0.85, "0 %"), ("n = 40", "General")]
    budget = book["Ekonomi"]
    assert [c.value for c in budget[1]] == ["Kategori", "Budget hittills (kr)", "Utfall hittills (kr)", "Avvikelse (kr)",
                                            "Avvikelse %"]
    assert cells(budget[3]) == [("Personal", "General"), (-2_000_000, "#,##0"), (-2_100_000, "#,##0"), (-100_000, "#,##0"),
                                (-0.05, "0.0 %")]
    months = book["Inflöde"]
    assert (months["A2"].value, months["A2"].number_format) == (dt.datetime(2024, 1, 1), "yyyy-mm-dd")
    kinds = book["Placeringar"]
    assert [[c.value for c in row] for row in kinds.iter_rows()] == [["Indelning", "Pågående placeringar"], ["Familjehem", "<5"]]


def test_matplotlib_writes_a_real_minus_sign_on_the_axis_and_at_the_bars():
    chart = Chart("hbar", "amount", ["Personal", "Köpt vård"], [ChartSeries("Avvikelse", [2_100_000, -12_600_000])])
    with matplotlib.rc_context(mpl_chart.RC):
        fig = mpl_chart.figure(chart)
        fig.canvas.draw()
        ax = fig.axes[0]
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        labels = [t.get_text() for t in ax.texts]
    assert ticks == ["\u221215", "\u221210", "\u22125", "0"]
    assert labels == ["2,1\u00a0mnkr", "\u221212,6\u00a0mnkr"]
    assert matplotlib.rcParams["axes.unicode_minus"] in (True, False)  # the context is left as it was


def test_the_goal_page_offers_the_monthly_report_for_a_month_made_by_the_signed_in_user(monkeypatch, sample_store):
    from tests.helpers import choose, open_app

    at = open_app(monkeypatch, sample_store, script="pages/mal.py")
    choose(at, 2026, "månad", 10, unit="Barn- och ungdomsenheten")
    radio = at.radio(key="export_kind")
    assert radio.options == ["Månadsrapport (Word)", "Månadsrapport (PDF)", "APT-presentation (PowerPoint)",
                             "Alla tabeller (Excel)"]
    radio.set_value("pdf").run()
    next(b for b in at.button if b.label == "Skapa filen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    kind, data = at.session_state["export_file"]
    reader = PdfReader(io.BytesIO(data))
    assert kind == "pdf" and reader.metadata.author == "t_chef"  # the signed-in user made it
    assert reader.pages[0].extract_text().startswith("Månadsrapport oktober 2026 · Barn- och ungdomsenheten\n")


@pytest.mark.parametrize("rows, room_cm, counts", [
    (30, 14.0, [0, 28, 2]),  # 29 fit on a page: one is moved over, so the last page has two, not one
    (29, 14.0, [0, 29]),  # room for one row under the header (a plain table: [1, 28]): it starts on the next page
    (29, 13.5, [2, 27]),  # room for two: it breaks there, the header repeated on the next page
])
def test_a_long_pdf_table_never_leaves_a_single_row_alone_on_a_page(rows, room_cm, counts):
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from ui.output.reports import pdf_report

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=pdf_report.PAGE).build(
        [Spacer(1, room_cm * cm), pdf_report._table(["Kolumn", "Värde"], [[f"Rad {i}", "x"] for i in range(1, rows + 1)])])
    pages = _pdf_pages(buffer.getvalue())
    assert [page.count("Rad ") for page in pages] == counts
    assert all(page.startswith("Kolumn\nVärde\n") for page in pages if "Rad " in page)  # the header on every page


def test_a_word_table_keeps_its_rows_together_when_short_and_its_ends_when_long():
    from ui.output.reports import docx_report

    document = Document()
    docx_report._table(document, ["Kolumn", "Värde"], [[f"Rad {i}", "x"] for i in range(1, 4)])
    docx_report._table(document, ["Kolumn", "Värde"], [[f"Rad {i}", "x"] for i in range(1, 31)])
    short, long = ([row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in t.rows] for t in document.tables)
    assert short == [True, True, True, False]
    assert [n for n, kept in enumerate(long) if kept] == [0, 1, 29]  # header + first row, and the last two rows


def test_without_a_budget_the_economy_section_says_so(goal_store):
    store, _, _ = goal_store
    words = [p.text for p in Document(io.BytesIO(_export(store, "docx"))).paragraphs]
    assert words[words.index("Ekonomi") + 1] == "Ingen budget eller utfall för perioden."
    text = "\n".join(_pdf_pages(_export(store, "pdf")))
    assert "Prognosavvikelse helår\n–\n–\n–\n–\n–\n–\n– Inget mål\nIngen budget eller utfall för perioden.\n" in text
