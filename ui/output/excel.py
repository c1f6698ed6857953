"""Excel files of tables (one sheet per table), for page downloads and the reports.

Every text cell is written as text: a name from the data that begins with '=' never becomes a live
formula, and 'http://…' never becomes a link (xlsxwriter's strings_to_formulas and strings_to_urls are
off). Text that Excel would read as a formula if someone edits the cell – a leading = + - @, tab or
carriage return (OWASP, CSV/formula injection) – gets a leading ' as well, except a number formatted
as the pages show it ('-2 450 001 kr', '-3,5 %'), which cannot call anything.
"""

from __future__ import annotations

import datetime as dt
import io
import numbers
import re

import numpy as np
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


# Excel stores format codes in its own (US) notation and shows them in the reader's locale: in a Swedish
# Excel '#,##0' reads "1 234" and '0.0 %' reads "5,3 %". Numbers stay numbers, dates stay dates.
FORMATS = {"int": "#,##0", "float": "#,##0.0", "share": "0 %", "share1": "0.0 %", "date": "yyyy-mm-dd"}


def _kind(series: pd.Series) -> str | None:
    values = series.dropna()
    if values.empty:
        return None
    if pd.api.types.is_datetime64_any_dtype(series) or all(isinstance(v, (dt.date, dt.datetime)) for v in values):
        return "date"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "int" if all(float(v).is_integer() for v in values) else "float"
    return None


def workbook(sheets: dict[str, pd.DataFrame], shares: dict[str, set[str]] | None = None,
             cell_formats: dict[str, dict[str, list[str | None]]] | None = None) -> bytes:
    """An .xlsx with one sheet per table (names cut to Excel's 31 characters), the header row frozen.

    `shares` names, per sheet, the columns that hold shares (0.82): they get a per cent format.
    `cell_formats` gives, per sheet and column, a format (a key of FORMATS) for each row, for a column
    whose rows are of different kinds (a report's indicator table: a share, then days, then a count).
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", date_format=FORMATS["date"], datetime_format=FORMATS["date"],
                        engine_kwargs={"options": WRITER_OPTIONS}) as writer:
        book = writer.book
        formats = {kind: book.add_format({"num_format": code}) for kind, code in FORMATS.items()}
        for name, frame in sheets.items():
            sheet = name.translate(_NOT_IN_SHEET_NAMES)[:31].strip() or "Tabell"  # Excel's rules for sheet names
            frame = _inert(frame)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            worksheet.freeze_panes(1, 0)
            for column, kinds in (cell_formats or {}).get(name, {}).items():
                at = list(frame.columns).index(cell_text(column))
                for row, (value, kind) in enumerate(zip(frame[cell_text(column)], kinds), start=1):
                    if kind and isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and value == value:
                        worksheet.write_number(row, at, float(value), formats[kind])
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2
                kind = _kind(frame[column])
                if kind in ("int", "float") and column in (shares or {}).get(name, set()):
                    kind = "share" if kind == "int" or all(round(v * 100, 6).is_integer() for v in frame[column].dropna()) else "share1"
                worksheet.set_column(i, i, min(max(width, 12 if kind == "date" else 0), 45), formats.get(kind))
    return buffer.getvalue()


MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
