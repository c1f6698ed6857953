"""Reading import files into tables of text cells, whatever Excel or a case system wrote.

Everything comes back as strings (one DataFrame per contract file, index = the
row number the user sees in Excel, header = row 1), so validation has one path for
CSV and XLSX. Problems that make a file unreadable become Swedish messages.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from services.importer.spec import SPECS

# What a UTF-8 file looks like when it is wrongly read as Windows-1252.
CSV_CHUNK_ROWS = 100_000
_MOJIBAKE = re.compile("Ã[¤¥¶„…–©]")


@dataclass
class RawTable:
    table: str  # contract name, e.g. "intakes"
    label: str  # what the user calls it in messages, e.g. "intakes.csv" or "data.xlsx, blad intakes"
    frame: pd.DataFrame  # all cells as str, index = Excel row number


@dataclass
class ReadResult:
    tables: list[RawTable] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_path(path: Path) -> ReadResult:
    """A folder of CSVs, one .xlsx workbook, or one CSV file."""
    result = ReadResult()
    if not path.exists():
        result.errors.append(f"{path}: filen eller mappen finns inte.")
        return result
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
        if not files:
            result.errors.append(f"{path.name}: mappen innehåller inga CSV- eller XLSX-filer.")
        for file in files:
            _read_file(file.name, file.read_bytes(), result, in_folder=True)
        return result
    _read_file(path.name, path.read_bytes(), result, in_folder=False)
    return result


def read_upload(name: str, data: bytes) -> ReadResult:
    """The same as read_path for a file that arrives as bytes (an upload in the app)."""
    result = ReadResult()
    _read_file(name, data, result, in_folder=False)
    return result


def _read_file(name: str, data: bytes, result: ReadResult, in_folder: bool) -> None:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        _read_workbook(name, data, result)
        return
    if suffix != ".csv":
        result.errors.append(f"{name}: okänd filtyp, förväntade .csv eller .xlsx.")
        return
    table = Path(name).stem.lower()
    if table not in SPECS:
        message = f"{name}: okänt filnamn, förväntade ett av {', '.join(s.file_name for s in SPECS.values())}."
        if in_folder:
            result.notices.append(message + " Filen ignoreras.")
        else:
            result.errors.append(message)
        return
    encoding = _encoding(name, data, result)
    if encoding is None:
        return
    frame = _parse_csv(name, data, encoding, result)
    if frame is not None:
        result.tables.append(RawTable(table, name, frame))


def _encoding(name: str, data: bytes, result: ReadResult) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; a mix of both is refused.

    Returns the encoding, not the text: the parser reads the bytes itself, so a city's 150 MB
    file is not held a second time as text.
    """
    if b"\x00" in data[:4096]:
        result.errors.append(
            f"{name}: filen är inte en textfil i UTF-8 eller Windows-1252 (den kan vara UTF-16 eller binär). "
            "Spara den som CSV UTF-8 i Excel."
        )
        return None
    try:
        _check_utf8(data)
        return "utf-8-sig"
    except UnicodeDecodeError as utf8_error:
        row = data[: utf8_error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            result.errors.append(
                f"{name}, rad {row}: ogiltig teckenkodning (varken UTF-8 eller Windows-1252). "
                "Spara filen som CSV UTF-8 i Excel."
            )
            return None
        if _MOJIBAKE.search(text):
            result.errors.append(
                f"{name}, rad {row}: blandad teckenkodning (både UTF-8 och Windows-1252 i samma fil). "
                "Spara filen som CSV UTF-8 i Excel."
            )
            return None
        return "cp1252"


def _check_utf8(data: bytes, block: int = 1 << 20) -> None:
    """Decode block by block (never the whole file as one string); raises with the position in the file."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(data)
    for start in range(0, len(data), block):
        try:
            decoder.decode(view[start : start + block], final=start + block >= len(data))
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(error.encoding, data, start + error.start, start + error.end, error.reason) from None
    decoder.decode(b"", final=True)


def _parse_csv(name: str, data: bytes, encoding: str, result: ReadResult) -> pd.DataFrame | None:
    start = data[:1_000_000].decode(encoding, errors="ignore")  # enough for the header, whatever the file's size
    header = next((line for line in io.StringIO(start) if line.strip()), "")
    if not header:
        result.errors.append(f"{name}: filen är tom.")
        return None
    try:
        separator = csv.Sniffer().sniff(header, delimiters=";,\t").delimiter
    except csv.Error:
        separator = ";"
    try:
        chunks = pd.read_csv(
            io.BytesIO(data),
            encoding=encoding,
            sep=separator,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=CSV_CHUNK_ROWS,  # the parser's Python strings for one chunk at a time, not a million rows
        )
        frame = pd.concat([_finish_frame(chunk, number_rows=False) for chunk in chunks], ignore_index=True)
    except pd.errors.ParserError as error:
        result.errors.append(f"{name}, {_swedish_parser_error(str(error))}")
        return None
    return _number_rows(frame)


def _swedish_parser_error(message: str) -> str:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = match.groups()
        return f"rad {line}: fel antal fält (förväntade {expected}, fann {saw}). Kontrollera avgränsare och citattecken."
    return f"rad ?: filen kan inte tolkas som CSV ({message})."


def _read_workbook(name: str, data: bytes, result: ReadResult) -> None:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        result.errors.append(f"{name}: arbetsboken kan inte läsas ({type(error).__name__}).")
        return
    for sheet_name, frame in sheets.items():
        table = str(sheet_name).strip().lower()
        if table not in SPECS:
            result.notices.append(f"{name}, blad {sheet_name}: okänt bladnamn, bladet ignoreras.")
            continue
        cells = frame.map(_cell_text)
        cells.columns = [str(c) for c in frame.columns]
        result.tables.append(RawTable(table, f"{name}, blad {sheet_name}", _finish_frame(cells)))
    if not result.tables and not result.errors:
        result.errors.append(f"{name}: arbetsboken har inget blad med ett känt namn ({', '.join(SPECS)}).")


def _cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export would hold."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        if value.hour == 0 and value.minute == 0 and value.second == 0:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _finish_frame(frame: pd.DataFrame, number_rows: bool = True) -> pd.DataFrame:
    """Strip cells, drop empty rows, number rows as Excel does (header = 1)."""
    frame = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    return _number_rows(frame) if number_rows else frame


def _number_rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame[(frame != "").any(axis=1)]
