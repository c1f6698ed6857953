"""The report and deck downloads where the work is: made when clicked, named as a manager files them."""

from __future__ import annotations

import streamlit as st

from services.core.scope import Filters
from services.goals.goals import period_key
from ui.output import reports
from ui.shell import frame
from ui.shell.data import fresh

KINDS = {"T1": "Tertialrapport", "T2": "Tertialrapport", "helår": "Verksamhetsberättelse"}
BUTTONS = {"pdf": "{report} (PDF)", "docx": "{report} (Word)", "pptx": "APT-presentation"}
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def report_word(filters: Filters) -> str:
    return KINDS.get(period_key(filters.period), "Månadsrapport")


def file_name(filters: Filters, unit_name: str, kind: str) -> str:
    """'Tertialrapport T2 2026 · Barn- och ungdomsenheten.docx', 'APT-presentation oktober 2026 · ….pptx'."""
    what = "APT-presentation" if kind == "pptx" else report_word(filters)
    label = filters.period.label.removeprefix("helår ") if what == "Verksamhetsberättelse" else filters.period.label
    return f"{what} {label} · {unit_name}.{kind}"


def export_buttons(filters: Filters, unit_code: str, unit_name: str) -> None:
    """Report (PDF, Word) and APT deck for the chosen unit and period; each file is made on the click."""
    report = report_word(filters)
    author = frame.current_user().display_name  # the Word and PDF files' author: who made them
    for column, (kind, label) in zip(st.columns(len(BUTTONS)), BUTTONS.items()):
        name = file_name(filters, unit_name, kind)
        column.download_button(
            label.format(report=report),
            data=lambda kind=kind: fresh(reports.export, kind, filters, unit_code, author=author),
            file_name=name, mime=MIME[kind], on_click=frame.log_export, args=(name,), key=f"export_{kind}",
            icon=":material/download:", width="stretch")
