"""Exports for a unit and period: the tertial report (docx, pdf), the APT deck (pptx) and the tables (xlsx).

Everything a document shows comes from services.kpis.report (`collect`), so the four formats
cannot disagree. No Streamlit here: the command line (`cli.py export`) and the Mål page both
call `export`.
"""

from __future__ import annotations

from services.core.scope import Filters
from services.kpis.report import collect
from ui.output.reports import docx_report, pdf_report, pptx_deck, workbook

FORMATS = ("docx", "pdf", "pptx", "xlsx")


def export(session, kind: str, filters: Filters, unit_code: str, author: str = "") -> bytes:
    """The document as bytes: kind is docx, pdf, pptx or xlsx; `author` (the signed-in user) goes in its properties."""
    data = collect(session, filters, unit_code)
    data.author = author
    builders = {"docx": docx_report.build, "pdf": pdf_report.build, "pptx": pptx_deck.build, "xlsx": workbook.build}
    if kind not in builders:
        raise ValueError(f"Okänt format '{kind}'; välj {', '.join(FORMATS)}.")
    return builders[kind](data)
