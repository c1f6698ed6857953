"""Exports for a unit and period: the tertial report (docx, pdf), the APT deck (pptx) and the tables (xlsx).

Everything a document shows comes from services.kpis.report (`collect`), so the four formats
cannot disagree. No Streamlit here: the command line (`cli.py export`) and the Mål page both
call `export`.
"""

from __future__ import annotations

from importlib import import_module

from services.core.scope import Filters
from services.kpis.report import collect

FORMATS = ("docx", "pdf", "pptx", "xlsx")
# The builders load on the first export, not with every page that has a download button:
# matplotlib, python-docx and python-pptx are about 1 s of a page's first visit after a start.
BUILDERS = {"docx": "docx_report", "pdf": "pdf_report", "pptx": "pptx_deck", "xlsx": "workbook"}


def export(session, kind: str, filters: Filters, unit_code: str, author: str = "") -> bytes:
    """The document as bytes: kind is docx, pdf, pptx or xlsx; `author` (the signed-in user) goes in its properties."""
    data = collect(session, filters, unit_code)
    data.author = author
    if kind not in BUILDERS:
        raise ValueError(f"Okänt format '{kind}'; välj {', '.join(FORMATS)}.")
    return import_module(f"{__name__}.{BUILDERS[kind]}").build(data)
