"""Exports for a unit and period: the tertial report (docx, pdf), the APT deck (pptx) and the tables (xlsx).

Everything a document shows comes from services.kpis.report (`collect`), so the four formats
cannot disagree. No Streamlit here: the command line (`cli.py export`) and the Mål page both
call `export`.
"""

from __future__ import annotations

from services.core.scope import Filters
from services.kpis.report import collect

FORMATS = ("docx", "pdf", "pptx", "xlsx")


# The builders load on the first export, not with every page that has a download button:
# matplotlib, python-docx and python-pptx are about 1 s of a page's first visit after a start.
def _docx(data) -> bytes:
    from ui.output.reports import docx_report
    return docx_report.build(data)


def _pdf(data) -> bytes:
    from ui.output.reports import pdf_report
    return pdf_report.build(data)


def _pptx(data) -> bytes:
    from ui.output.reports import pptx_deck
    return pptx_deck.build(data)


def _xlsx(data) -> bytes:
    from ui.output.reports import workbook
    return workbook.build(data)


BUILDERS = {"docx": _docx, "pdf": _pdf, "pptx": _pptx, "xlsx": _xlsx}


def export(session, kind: str, filters: Filters, unit_code: str, author: str = "") -> bytes:
    """The document as bytes: kind is docx, pdf, pptx or xlsx; `author` (the signed-in user) goes in its properties."""
    data = collect(session, filters, unit_code)
    data.author = author
    if kind not in BUILDERS:
        raise ValueError(f"Okänt format '{kind}'; välj {', '.join(FORMATS)}.")
    return BUILDERS[kind](data)
