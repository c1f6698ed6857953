"""The report's tables as text rows, shared by the Word, PDF and Excel exports."""

from __future__ import annotations

import pandas as pd

from services.goals.goals import ACTIVITY_STATUSES, GRADES
from ui.output import format as fmt
from ui.output.kpi_text import INDICATOR_COLUMNS, indicator_table

ECONOMY_COLUMNS = ["Kategori", "Budget hittills", "Utfall hittills", "Avvikelse", "Avvikelse %"]


def economy_rows(economy: pd.DataFrame) -> list[list[str]]:
    """Utfall, budget and deviation per category, year to date (positive deviation = better than budget)."""
    return [[row["label"], fmt.sek(row["budget_ytd"]), fmt.sek(row["actual_ytd"]), fmt.sek(row["dev_ytd"]),
             fmt.share(row["dev_ytd_share"], 1)] for _, row in economy.iterrows()]


def indicator_rows(view) -> list[list[str]]:
    return [[cells[c] for c in INDICATOR_COLUMNS] for cells in indicator_table(view.indicators)]


def grade_line(view) -> str:
    grade = GRADES[view.grade.grade] if view.grade else "Ej bedömt"
    computed = GRADES[view.computed_grade] if view.computed_grade else "–"
    flag = " (skiljer sig från indikatorerna)" if view.disagrees else ""
    return f"Bedömning: {grade}{flag}. Enligt indikatorerna: {computed}."


def activity_rows(view) -> list[list[str]]:
    return [[a.title, fmt.date(a.start), fmt.date(a.end), ACTIVITY_STATUSES[a.status]] for a in view.activities]
