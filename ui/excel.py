"""Excel downloads of the tables on a page (one sheet per table)."""

from __future__ import annotations

import io

import pandas as pd

_NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table; sheet names cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            sheet = name.translate(_NOT_IN_SHEET_NAMES)[:31].strip() or "Tabell"  # Excel's rules for sheet names
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2
                worksheet.set_column(i, i, min(width, 45))
    return buffer.getvalue()


MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(label: str, sheets: dict[str, pd.DataFrame], file_name: str, key: str | None = None) -> None:
    """A download button for the page's tables; every download is written to the audit log."""
    import streamlit as st

    from ui import frame

    st.download_button(label, workbook(sheets), file_name=file_name, mime=MIME, on_click=frame.log_export,
                       args=(file_name,), key=key)
