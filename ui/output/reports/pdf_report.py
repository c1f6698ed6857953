"""The tertial report as PDF (reportlab, pure Python: no office suite on the server)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.kpis.report import ReportData
from ui.output import format as fmt
from ui.output.kpi_text import INDICATOR_COLUMNS
from ui.output.reports.docx_report import CHART_AREAS
from ui.output.reports.images import slide_png
from ui.output.reports.tables import (
    ECONOMY_COLUMNS,
    activity_rows,
    economy_rows,
    grade_line,
    indicator_rows,
)

STYLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")), ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9AA5B1")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def _pdf_text(text: str) -> str:
    """The standard PDF fonts lack the status symbols (✔ ◐ ✖); the status word says it alone."""
    return text.lstrip("✔◐✖– ") if text[:1] in "✔◐✖" else text


def _table(header: list[str], rows: list[list[str]], styles) -> Table:
    cell = styles["BodyText"].clone("cell", fontSize=7.5, leading=9)
    body = [[Paragraph(escape(_pdf_text(text)), cell) for text in row] for row in [header, *rows]]
    table = Table(body, repeatRows=1)
    table.setStyle(STYLE)
    return table


def build(data: ReportData) -> bytes:
    styles = getSampleStyleSheet()
    text = lambda t, s="BodyText": Paragraph(escape(t), styles[s])  # noqa: E731 - data is escaped, never markup
    dated = f" Data t.o.m. {fmt.day(data.data_date)}." if data.data_date else ""
    story = [text(data.title, "Title"), text(f"Period {data.filters.period.start} – {data.filters.period.end}.{dated}"),
             text("Mål och indikatorer", "Heading1")]
    if not data.goals:
        story.append(text("Inga enhetsmål är registrerade för året."))
    for view in data.goals:
        rows = indicator_rows(view)
        block = [text(view.goal.title, "Heading2"), _table(INDICATOR_COLUMNS, rows, styles), Spacer(1, 4), text(grade_line(view))]
        if view.grade and view.grade.analysis:
            block.append(text(view.grade.analysis))
        if view.activities:
            block.append(_table(["Aktivitet", "Start", "Slut", "Status"], activity_rows(view), styles))
        # A goal with small tables stays on one page (no orphaned rows or analysis); a long one breaks with
        # its header row repeated (repeatRows=1).
        story += [KeepTogether(block)] if len(rows) + len(view.activities) <= 16 else block
    heading = [text("Nyckeltal i diagram", "Heading1")]  # kept with the first chart, never alone at a page's foot
    for slide in data.slides:
        if slide.area in CHART_AREAS:
            story.append(KeepTogether([*heading, text(slide.message),
                                       Image(io.BytesIO(slide_png(slide)), width=22 * cm, height=9.5 * cm)]))
            heading = []
    story += heading
    story.append(text("Ekonomi", "Heading1"))
    story.append(_table(ECONOMY_COLUMNS, economy_rows(data.economy), styles) if not data.economy.empty
                 else text("Ingen budget eller utfall för perioden."))
    data_line = f"Data t.o.m. {fmt.day(data.data_date)}" if data.data_date else "Enhetskollen"

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(1.5 * cm, 0.9 * cm, f"{data.title} · {data_line}")
        canvas.drawRightString(document.pagesize[0] - 1.5 * cm, 0.9 * cm, f"Sida {document.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), title=data.title, author=data.author or data.unit_name,
                      subject=data_line, creator="Enhetskollen", lang="sv-SE",
                      leftMargin=1.5 * cm, rightMargin=1.5 * cm, bottomMargin=1.6 * cm).build(story, onFirstPage=footer,
                                                                                        onLaterPages=footer)
    return buffer.getvalue()
