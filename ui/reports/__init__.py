"""Exports for a unit and period: the tertial report (docx, pdf), the APT deck (pptx) and the tables (xlsx).

Everything a document shows is gathered once here from the services (`collect`), so the
four formats cannot disagree with each other or with the pages. No Streamlit here: the
command line (`cli.py export`) and the Mål page both call `export`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Unit
from services.core.scope import Filters
from services.economy import budget
from services.goals import goals
from services.kpis import presentation

FORMATS = ("docx", "pdf", "pptx", "xlsx")


@dataclass
class ReportData:
    unit_code: str
    unit_name: str
    filters: Filters
    goals: list[goals.GoalView]
    economy: pd.DataFrame
    slides: list[presentation.Slide]

    @property
    def title(self) -> str:
        kind = {"T1": "Tertialrapport 1", "T2": "Tertialrapport 2", "helår": "Verksamhetsberättelse"}.get(
            goals.period_key(self.filters.period), "Månadsrapport")
        return f"{kind} {self.filters.period.label} – {self.unit_name}"


def collect(session: Session, filters: Filters, unit_code: str) -> ReportData:
    unit_name = session.scalar(select(Unit.unit_name).where(Unit.unit_code == unit_code))
    if unit_name is None:
        raise ValueError(f"Okänd enhet '{unit_code}'.")
    unit = filters.for_unit(unit_code)
    return ReportData(unit_code, unit_name, unit, goals.unit_goals(session, unit, unit_code),
                      budget.by_category(session, unit), presentation.slides(session, unit))


def export(session: Session, kind: str, filters: Filters, unit_code: str) -> bytes:
    """The document as bytes: kind is docx, pdf, pptx or xlsx."""
    from ui.reports import docx_report, pdf_report, pptx_deck, workbook

    data = collect(session, filters, unit_code)
    builders = {"docx": docx_report.build, "pdf": pdf_report.build, "pptx": pptx_deck.build, "xlsx": workbook.build}
    if kind not in builders:
        raise ValueError(f"Okänt format '{kind}'; välj {', '.join(FORMATS)}.")
    return builders[kind](data)
