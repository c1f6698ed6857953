"""The monthly and tertial report as PDF (reportlab, pure Python: no office suite on the server).

Laid out as the units write their reports: an indicator table per area (Indikator · Resultat ·
Pojkar · Flickor · Föregående period · Årsmål · KF:s årsmål · Status), the month's comments under
the KPIs, the same charts as on screen, and the enhetsmål with grade and analysis. All text is set
in DejaVu Sans, embedded, which has the minus sign (U+2212) and the status icons the standard PDF
fonts lack. The footer says "Sida 1 av N" and how far the data goes.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.kpis import catalogue
from services.kpis.report import ReportData
from ui.output.reports.images import slide_png
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

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE = landscape(A4)
MARGIN = 1.5 * cm
INDICATOR_WIDTHS = [5.6, 4.9, 2.1, 2.1, 3.3, 2.3, 2.3, 4.1]  # cm, the page's 26,7 cm
SMALL_TABLE = 16  # rows; a table this short is kept on one page, a longer one breaks with its header repeated


@lru_cache(maxsize=1)
def _fonts() -> None:
    """DejaVu Sans from matplotlib's own files (already a dependency), registered once and embedded."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = getSampleStyleSheet()
    return {
        "Title": base["Title"].clone("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=4),
        "Meta": base["BodyText"].clone("meta", fontName=FONT, fontSize=8.5, leading=11, textColor=colors.HexColor("#44535F")),
        "Heading1": base["Heading1"].clone("h1", fontName=BOLD, fontSize=14, leading=17, spaceBefore=8, spaceAfter=5),
        "Heading2": base["Heading2"].clone("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=6, spaceAfter=4),
        "Chart": base["BodyText"].clone("chart", fontName=BOLD, fontSize=9, leading=12, spaceBefore=6),
        "BodyText": base["BodyText"].clone("body", fontName=FONT, fontSize=8.5, leading=11),
        "Comment": base["BodyText"].clone("comment", fontName=FONT, fontSize=8, leading=10.5, leftIndent=8,
                                          textColor=colors.HexColor("#1F2A33")),
        "Cell": base["BodyText"].clone("cell", fontName=FONT, fontSize=7.5, leading=9.2),
        "Head": base["BodyText"].clone("head", fontName=BOLD, fontSize=7.5, leading=9.2),
        "CellRight": base["BodyText"].clone("cell_right", fontName=FONT, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "HeadRight": base["BodyText"].clone("head_right", fontName=BOLD, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
    }


TABLE_STYLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 7.5),  # the cells are paragraphs in DejaVu; the table itself would say Helvetica
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")), ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9AA5B1")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
])


def _text(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(text), _styles()[style])  # data is escaped, never markup


class KeptTable(Table):
    """A table that breaks over pages only between rows that leave two or more body rows on each side:
    no single row alone under its header at a page's foot or top (the header repeats on the next page)."""

    MIN_ROWS = 2

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        before, after = len(parts[0]._cellvalues) - head, len(parts[1]._cellvalues) - head
        if before < self.MIN_ROWS:
            return []  # the whole table starts on the next page
        if after < self.MIN_ROWS:
            give = sum(self._rowHeights[head + before - (self.MIN_ROWS - after):head + before])
            if before - (self.MIN_ROWS - after) < self.MIN_ROWS:
                return []
            return super().split(availWidth, availHeight - give)  # move rows over, so the next page has two
        return parts


def _table(header: list[str], rows: list[list[str]], widths: list[float] | None = None, right: int | None = None) -> Table:
    """A table of text cells; columns from index `right` on (amounts) are right-aligned."""
    styles = _styles()

    def cell(text: str, column: int, kind: str) -> Paragraph:
        return Paragraph(escape(text), styles[kind + ("Right" if right is not None and column >= right else "")])

    body = [[cell(t, i, "Head") for i, t in enumerate(header)]]
    body += [[cell(t, i, "Cell") for i, t in enumerate(row)] for row in rows]
    table = KeptTable(body, colWidths=[w * cm for w in widths] if widths else None, repeatRows=1, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return table


def _kept(block: list, rows: int) -> list:
    """A short block stays on one page (no orphaned rows, no heading alone at a page's foot); a long one flows."""
    return [KeepTogether(block)] if rows <= SMALL_TABLE else block


def _comments(data: ReportData, codes: list[str]) -> list:
    out = []
    for code in codes:
        if code in data.comments:
            name, rest = comment_line(data.comments[code])
            out.append(Paragraph(f"<b>{escape(name)}</b>{escape(rest)}", _styles()["Comment"]))
    return [Spacer(1, 3), *out] if out else []


def _chart(slide) -> list:
    parts = [_text(slide.message, "Chart"), Image(io.BytesIO(slide_png(slide, 6.5, 2.5)), width=19.5 * cm, height=7.5 * cm)]
    if slide.note:
        parts.append(_text(slide.note, "Meta"))
    return [KeepTogether(parts)]


def _areas(data: ReportData) -> list:
    story: list = []
    header = indicator_header(data.filters.period)
    for area, rows in data.areas.items():
        codes = [r.kpi_code for r in rows]
        block = [_text(catalogue.AREAS[area], "Heading1"), _table(header, indicator_rows(rows), INDICATOR_WIDTHS),
                 *_comments(data, codes)]
        story += _kept(block, len(rows))
        if area == "economy" and data.economy.empty:
            story.append(_text(NO_ECONOMY))
        elif area == "economy":
            story += _kept([_text("Budget och utfall hittills i år", "Heading2"),
                            _table(ECONOMY_COLUMNS, economy_rows(data.economy), [8.0, 4.5, 4.5, 4.5, 3.0], right=1)],
                           len(data.economy))
        for slide in data.slides:
            if slide.kpi_area == area:
                story += _chart(slide)
    return story


def _goals(data: ReportData) -> list:
    heading = [_text("Mål och indikatorer", "Heading1")]  # kept with the first goal, never alone at a page's foot
    if not data.goals:
        return [KeepTogether([*heading, _text("Inga enhetsmål är registrerade för året.")])]
    header = indicator_header(data.filters.period)
    story: list = []
    for view in data.goals:
        rows = indicator_rows(view.indicators)
        block = [*heading, _text(view.goal.title, "Heading2"), _table(header, rows, INDICATOR_WIDTHS), Spacer(1, 4),
                 _text(grade_line(view))]
        if view.grade and view.grade.analysis:
            block.append(_text(view.grade.analysis))
        if view.activities:
            block += [Spacer(1, 4), _table(ACTIVITY_COLUMNS, activity_rows(view), [13.0, 3.5, 3.5, 3.5])]
        story += _kept(block, len(rows) + len(view.activities))
        heading = []
    return story


def _numbered_canvas(left: str):
    """A canvas that holds its pages until the end, so each footer can say 'Sida 2 av 7'."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#44535F"))
                self.drawString(MARGIN, 0.9 * cm, left)
                self.drawRightString(PAGE[0] - MARGIN, 0.9 * cm, f"Sida {self._pageNumber} av {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def build(data: ReportData) -> bytes:
    _fonts()
    story = [_text(data.title, "Title"), _text(period_line(data), "Meta"), Spacer(1, 2), _text(AREA_INTRO, "Meta")]
    story += _goals(data) + _areas(data) if data.is_tertial else _areas(data) + _goals(data)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=PAGE, title=data.title, author=data.author or data.unit_name,
                                 subject=data_line(data), creator="Enhetskollen", lang="sv-SE", leftMargin=MARGIN,
                                 rightMargin=MARGIN, topMargin=1.3 * cm, bottomMargin=1.6 * cm,
                                 initialFontName=FONT, initialFontSize=8.5)  # not Helvetica, even on an empty page
    document.build(story, canvasmaker=_numbered_canvas(f"{data.title} · {data_line(data)}"))
    return buffer.getvalue()
