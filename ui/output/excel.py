"""Excel files of tables (one sheet per table), for page downloads and the reports.

Every text cell is written as text: a name from the data that begins with '=' never becomes a live
formula, and 'http://…' never becomes a link (xlsxwriter's strings_to_formulas and strings_to_urls are
off). Text that Excel would read as a formula if someone edits the cell – a leading = + - @, tab or
carriage return (OWASP, CSV/formula injection) – gets a leading ' as well, except a number formatted
as the pages show it ('-2 450 001 kr', '-3,5 %'), which cannot call anything.
"""

from __future__ import annotations

import io
import re

import pandas as pd

_NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMATTED_NUMBER = re.compile(r"[-+]\d[\d\u00a0 ]*(,\d+)?(\u00a0?(%|kr|mnkr))?")
WRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def cell_text(value: object) -> object:
    """A value as it may go into a cell: text that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _FORMATTED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _inert(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.rename(columns=lambda c: cell_text(str(c)) if isinstance(c, str) else c)
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if text_columns:
        frame = frame.copy()
        for column in text_columns:
            frame[column] = frame[column].map(cell_text)
    return frame


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table; sheet names cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": WRITER_OPTIONS}) as writer:
        for name, frame in sheets.items():
            sheet = name.translate(_NOT_IN_SHEET_NAMES)[:31].strip() or "Tabell"  # Excel's rules for sheet names
            frame = _inert(frame)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2
                worksheet.set_column(i, i, min(width, 45))
    return buffer.getvalue()


MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
