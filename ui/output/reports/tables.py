"""The report's tables as text rows, shared by the Word, PDF and Excel exports.

Every number is written by ui/output/format with a real minus sign (U+2212), dates the Swedish way
('1 feb 2026'), so no hyphen stands before a digit anywhere in a report.
"""

from __future__ import annotations

import pandas as pd

from services.core.periods import Period
from services.goals.goals import ACTIVITY_STATUSES, GRADES
from services.kpis import catalogue
from ui.output import format as fmt
from ui.output.kpi_text import INDICATOR_COLUMNS, indicator_table

ECONOMY_COLUMNS = ["Kategori", "Budget hittills", "Utfall hittills", "Avvikelse", "Avvikelse %"]
ACTIVITY_COLUMNS = ["Aktivitet", "Start", "Slut", "Status"]


def indicator_header(p: Period) -> list[str]:
    """The units' own indicator table: the result and the comparison column say which period they are."""
    year = str(p.end.year)
    before = p.label.replace(year, str(p.end.year - 1)) if year in p.label else fmt.day(p.year_earlier().end)
    return ["Indikator", f"Resultat {p.label}", "Pojkar", "Flickor", f"Föregående period {before}", "Årsmål",
            "KF:s årsmål", "Status"]


def indicator_rows(rows) -> list[list[str]]:
    """services.goals.IndicatorRow in (a goal's indicators or an area's KPIs), the table's text out."""
    return [[fmt.minus(cells[c]) for c in INDICATOR_COLUMNS] for cells in indicator_table(rows)]


def economy_rows(economy: pd.DataFrame) -> list[list[str]]:
    """Utfall, budget and deviation per category, year to date (positive deviation = better than budget)."""
    return [[row["label"], fmt.minus(fmt.sek(row["budget_ytd"])), fmt.minus(fmt.sek(row["actual_ytd"])),
             fmt.minus(fmt.sek(row["dev_ytd"])), fmt.signed_share(row["dev_ytd_share"], 1)] for _, row in economy.iterrows()]


def grade_line(view) -> str:
    grade = GRADES[view.grade.grade] if view.grade else "Ej bedömt"
    computed = GRADES[view.computed_grade] if view.computed_grade else "–"
    flag = " (skiljer sig från indikatorerna)" if view.disagrees else ""
    return f"Bedömning: {grade}{flag}. Enligt indikatorerna: {computed}."


def activity_rows(view) -> list[list[str]]:
    return [[a.title, fmt.day(a.start), fmt.day(a.end), ACTIVITY_STATUSES[a.status]] for a in view.activities]


def comment_line(comment) -> tuple[str, str]:
    """A KPI's comment for the period: ('Förhandsbedömning inom 14 dagar: ', 'text (t_chef, 3 nov 2026)')."""
    return f"{catalogue.get(comment.kpi_code).name}: ", f"{comment.text} ({comment.author_name}, {fmt.day(comment.written_at.date())})"


def period_line(data) -> str:
    """'Period 1 okt 2026 – 31 okt 2026 · Data t.o.m. 31 okt 2026 · Sammanställd av Anna Chef'."""
    p = data.filters.period
    parts = [f"Period {fmt.day(p.start)} – {fmt.day(p.end)}"]
    if data.data_date:
        parts.append(f"Data t.o.m. {fmt.day(data.data_date)}")
    if data.author:
        parts.append(f"Sammanställd av {data.author}")
    return " · ".join(parts)


def data_line(data) -> str:
    return f"Data t.o.m. {fmt.day(data.data_date)}" if data.data_date else "Enhetskollen"


NO_ECONOMY = "Ingen budget eller utfall för perioden."
AREA_INTRO = "Alla nyckeltal för enheten. Andelar visas med antalet bakom; föregående period är samma period året innan."
