"""Reading import files into tables of text cells, whatever Excel or a case system wrote.

Everything comes back as strings (one DataFrame per contract file, index = the
row number the user sees in Excel, header = row 1), so validation has one path for
CSV and XLSX. Problems that make a file unreadable become Swedish messages.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from services.importer.problems import ImportProblem
from services.importer.spec import SPECS
from services.importer.workbook import Refused, read_workbook

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
    problems: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def refuse(self, file: str, message: str, row: int | None = None, value: str | None = None) -> None:
        self.problems.append(ImportProblem(str(file), row, None, value, message))


def read_path(path: Path) -> ReadResult:
    """A folder of CSVs, one .xlsx workbook, or one CSV file."""
    result = ReadResult()
    try:
        if not path.exists():
            result.refuse(str(path), "filen eller mappen finns inte.")
            return result
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
            if not files:
                result.refuse(path.name, "mappen innehåller inga CSV- eller XLSX-filer.")
            for file in files:
                _read_file(file.name, file.read_bytes(), result, in_folder=True)
            return result
        _read_file(path.name, path.read_bytes(), result, in_folder=False)
    except OSError as error:  # no permission, a broken disk …
        reason = "behörighet saknas" if isinstance(error, PermissionError) else "läsfel"
        result.refuse(Path(error.filename).name if error.filename else str(path), f"filen eller mappen kan inte läsas ({reason}).")
    return result


def read_upload(name: str, data: bytes) -> ReadResult:
    """The same as read_path for a file that arrives as bytes (an upload in the app)."""
    result = ReadResult()
    _read_file(name, data, result, in_folder=False)
    return result


def _read_file(name: str, data: bytes, result: ReadResult, in_folder: bool) -> None:
    try:
        _read_one(name, data, result, in_folder)
    except Exception as error:  # whatever a file does to the reader, the user gets Swedish, never a traceback
        result.refuse(name, f"filen kan inte läsas (oväntat fel: {type(error).__name__}).")


def _read_one(name: str, data: bytes, result: ReadResult, in_folder: bool) -> None:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        _read_workbook(name, data, result)
        return
    if suffix != ".csv":
        result.refuse(name, "okänd filtyp, förväntade .csv eller .xlsx.")
        return
    table = Path(name).stem.lower()
    if table not in SPECS:
        message = f"okänt filnamn, förväntade ett av {', '.join(s.file_name for s in SPECS.values())}."
        if in_folder:
            result.notices.append(f"{name}: {message} Filen ignoreras.")
        else:
            result.refuse(name, message)
        return
    encoding = _encoding(name, data, result)
    if encoding is None:
        return
    frame = _parse_csv(name, data, encoding, result)
    if frame is not None:
        result.tables.append(RawTable(table, name, frame))


def _looks_binary(data: bytes) -> bool:
    """UTF-16 (a BOM, or every other byte NUL) or a binary file; a stray NUL in a text file is a cell's problem."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    sample = data[:4096]
    return sample.count(b"\x00") * 8 > len(sample)


def _encoding(name: str, data: bytes, result: ReadResult) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; a mix of both is refused.

    Returns the encoding, not the text: the parser reads the bytes itself, so a city's 150 MB
    file is not held a second time as text.
    """
    if _looks_binary(data):
        result.refuse(
            name,
            "filen är inte en textfil i UTF-8 eller Windows-1252 (den kan vara UTF-16 eller binär). "
            "Spara den som CSV UTF-8 i Excel.",
        )
        return None
    try:
        _check_utf8(data)
        return "utf-8-sig"
    except UnicodeDecodeError as utf8_error:
        row = data[: utf8_error.start].count(b"\n") + 1
        byte = f"0x{data[utf8_error.start]:02X}"
        if data.startswith(codecs.BOM_UTF8):  # the file says it is UTF-8: reading it as Windows-1252 would only hide the fault
            result.refuse(
                name,
                f"filen är inte giltig UTF-8: den börjar som UTF-8 (med BOM) men byten {byte} på raden är inte UTF-8. "
                "Rätta tecknet eller spara filen som CSV UTF-8 i Excel.",
                row=row,
                value=byte,
            )
            return None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            result.refuse(
                name,
                "ogiltig teckenkodning (varken UTF-8 eller Windows-1252). Spara filen som CSV UTF-8 i Excel.",
                row=row,
            )
            return None
        if _MOJIBAKE.search(text):
            result.refuse(
                name,
                "blandad teckenkodning (både UTF-8 och Windows-1252 i samma fil). Spara filen som CSV UTF-8 i Excel.",
                row=row,
            )
            return None
        return "cp1252"


def _check_utf8(data: bytes, block: int = 1 << 20) -> None:
    """Decode block by block (never the whole file as one string); raises with the position in the file."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0  # positions count from the file's first byte
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(bom, len(data), block):
        try:
            decoder.decode(view[start : start + block], final=start + block >= len(data))
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(error.encoding, data, start + error.start, start + error.end, error.reason) from None
    decoder.decode(b"", final=True)


def _parse_csv(name: str, data: bytes, encoding: str, result: ReadResult) -> pd.DataFrame | None:
    start = data[:1_000_000].decode(encoding, errors="ignore")  # enough for the header, whatever the file's size
    header = next((line for line in io.StringIO(start) if line.strip()), "")
    if not header:
        result.refuse(name, "filen är tom.")
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
        row, message = _swedish_parser_error(str(error))
        result.refuse(name, message, row=row)
        return None
    except Exception:  # the parser's other complaints (a broken file, a value it cannot hold): never a traceback
        result.refuse(name, "filen kan inte tolkas som CSV. Kontrollera avgränsare och citattecken.")
        return None
    return _number_rows(frame)


def _swedish_parser_error(message: str) -> tuple[int | None, str]:
    """pandas' parser error as (Excel row, Swedish text). pandas counts records, as Excel shows rows."""
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = match.groups()
        return int(line), f"fel antal fält (förväntade {expected}, fann {saw}). Kontrollera avgränsare och citattecken."
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match:  # pandas numbers the records from 0 (the header): Excel's row is one more
        return int(match.group(1)) + 1, (
            "ett citattecken (\") öppnas på raden men stängs aldrig, så resten av filen blir ett enda fält. "
            "Ta bort citattecknet eller lägg till det som stänger."
        )
    match = re.search(r"\bline (\d+)", message)
    return (int(match.group(1)) if match else None), "filen kan inte tolkas som CSV. Kontrollera avgränsare och citattecken."


def _read_workbook(name: str, data: bytes, result: ReadResult) -> None:
    try:
        sheets = read_workbook(name, data)
    except Refused as refused:
        result.problems.append(refused.problem)
        return
    for sheet in sheets:
        table = sheet.name.strip().lower()
        if table not in SPECS:
            result.notices.append(f"{name}, blad {sheet.name}: okänt bladnamn, bladet ignoreras.")
            continue
        result.tables.append(RawTable(table, f"{name}, blad {sheet.name}", sheet.frame))
    if not result.tables and not result.problems:
        result.refuse(name, f"arbetsboken har inget blad med ett känt namn ({', '.join(SPECS)}).")


def _finish_frame(frame: pd.DataFrame, number_rows: bool = True) -> pd.DataFrame:
    """Strip cells, drop empty rows, number rows as Excel does (header = 1)."""
    frame = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    return _number_rows(frame) if number_rows else frame


def _number_rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame[(frame != "").any(axis=1)]
