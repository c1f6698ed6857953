"""Reading an .xlsx workbook without letting it exhaust the machine.

An .xlsx is a zip of XML parts. Before any XML is parsed the zip's own directory is checked
(the uncompressed size of all parts, and how much each part grows when unpacked: a zip bomb
packs gigabytes into a few kilobytes), then each sheet's declared size (its <dimension>) and
the cells it really holds (counted in the unpacked bytes, which is fast). Only then is the
workbook read, in openpyxl's streaming mode, with the same cell cap while it reads, so a
workbook that lies about its size is stopped too. Each refusal is one Swedish message
naming the file.

The caps are far above a real extract: ten million cells is a sheet of 700 000 intakes with
every column filled. Larger extracts come as CSV, which is read in chunks.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

from services.importer.problems import ImportProblem

MAX_UNCOMPRESSED = 1 << 30  # bytes, all parts together once unpacked (1 GB)
MAX_CELLS = 10_000_000  # in the whole workbook
MAX_RATIO = 100  # how many times larger than packed a large part may become
RATIO_FROM = 20 << 20  # parts smaller than this (20 MB unpacked) are not judged by their ratio
_HEAD = 64 << 10  # bytes of a sheet's XML read to find its <dimension>
_CHUNK = 4 << 20
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(r"^\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})?\$?(\d+)?)?$")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ")  # a cell element, also with a namespace prefix (<x:c r=…>)
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*[\"']([^\"']*)[\"']")


@dataclass
class Sheet:
    name: str
    frame: pd.DataFrame  # every cell as stripped text, index = the Excel row number


class Refused(Exception):
    """The workbook is not read: the problem says why."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_workbook(name: str, data: bytes) -> list[Sheet]:
    """Every sheet of the workbook as text cells, or Refused with a Swedish message."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise Refused(ImportProblem(name, None, None, None, f"arbetsboken kan inte läsas ({type(error).__name__}).")) from None
    with archive:
        try:
            _check_parts(name, archive)
            sheets = _sheet_parts(archive)
            _check_dimensions(name, archive, sheets)
            _check_cells(name, archive, sheets)
        except Refused:
            raise
        except Exception as error:  # a part that cannot be unpacked (bad CRC, unknown compression …)
            raise _refuse(name, f"arbetsboken kan inte läsas ({type(error).__name__}).") from None
    return _read(name, data)


def _mb(size: float) -> str:
    return f"{size / (1 << 20):,.0f}".replace(",", " ")


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _refuse(name: str, message: str) -> Refused:
    return Refused(ImportProblem(name, None, None, None, message))


def _check_parts(name: str, archive: zipfile.ZipFile) -> None:
    """The zip's directory only: nothing is unpacked yet."""
    parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(name, f"arbetsboken är för stor uppackad ({_mb(total)} MB, högst {_mb(MAX_UNCOMPRESSED)} MB). "
                            "Den kan vara skadad eller en zip-bomb; dela upp den eller spara bladen som CSV.")
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _refuse(name, f"arbetsboken packas upp till orimligt mycket: delen {part.filename} är "
                                f"{_grouped(part.compress_size)} byte packad men {_mb(part.file_size)} MB uppackad. "
                                "Så ser ingen vanlig arbetsbok ut (den kan vara en zip-bomb); filen tas inte emot.")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip part of each worksheet -> the sheet's name (the part's name when the workbook does not say)."""
    names = archive.namelist()
    parts = [n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
    labels = {part: part.rsplit("/", 1)[-1] for part in parts}
    try:
        workbook = _head(archive, "xl/workbook.xml", 1 << 20)
        rels = _head(archive, "xl/_rels/workbook.xml.rels", 1 << 20)
    except KeyError:
        return labels
    targets = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[attributes.get(b"Id", b"")] = target if target.startswith("xl/") else f"xl/{target}"
    for tag in _SHEET.findall(workbook):
        attributes = {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(tag)}
        part = targets.get(attributes.get(b"id", b""))
        if part in labels:
            labels[part] = attributes.get(b"name", b"").decode("utf-8", "replace") or labels[part]
    return labels


def _head(archive: zipfile.ZipFile, part: str, size: int) -> bytes:
    with archive.open(part) as stream:
        return stream.read(size)


def _dimension(head: bytes) -> tuple[str, int, int] | None:
    """The sheet's declared size from <dimension ref="A1:N5000">: (ref, rows, columns)."""
    data_start = _SHEET_DATA.search(head)
    match = _DIMENSION.search(head, 0, data_start.start() if data_start else len(head))
    if not match:
        return None
    ref = match.group(1).decode("ascii", "replace").strip().upper()
    parts = _REF.match(ref)
    if not parts:
        return None
    first_col, first_row, last_col, last_row = parts.groups()
    first_col, last_col = _column_number(first_col or "A"), _column_number(last_col or first_col or "A")
    first_row, last_row = int(first_row or 1), int(last_row or first_row or 1)
    return ref, abs(last_row - first_row) + 1, abs(last_col - first_col) + 1


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_dimensions(name: str, archive: zipfile.ZipFile, sheets: dict[str, str]) -> None:
    """What each sheet says it holds, from the first kilobytes of its XML."""
    total, largest = 0, None
    for part, label in sheets.items():
        found = _dimension(_head(archive, part, _HEAD))
        if found is None:
            continue
        ref, rows, columns = found
        total += rows * columns
        if largest is None or rows * columns > largest[1] * largest[2]:
            largest = (label, rows, columns, ref)
    if total > MAX_CELLS and largest is not None:
        label, rows, columns, ref = largest
        raise _refuse(name, f"arbetsboken är för stor: bladen omfattar {_grouped(total)} celler (högst {_grouped(MAX_CELLS)}); "
                            f"bladet {label} är {ref}, {_grouped(rows)} rader × {_grouped(columns)} kolumner. "
                            "Ta bort tomma rader och kolumner eller spara bladen som CSV.")


def _check_cells(name: str, archive: zipfile.ZipFile, sheets: dict[str, str]) -> None:
    """The cells the sheets really hold, counted in the unpacked XML (a workbook can understate its <dimension>)."""
    total = 0
    for part in sheets:
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                total += sum(window.count(tag) - tail.count(tag) for tag in _CELL_TAGS)
                tail = window[-2:]
                if total > MAX_CELLS:
                    raise _refuse(name, f"arbetsboken har för många celler (över {_grouped(MAX_CELLS)}). "
                                        "Dela upp den eller spara bladen som CSV.")


def _read(name: str, data: bytes) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise _refuse(name, f"arbetsboken kan inte läsas ({type(error).__name__}).") from None
    sheets, cells = [], 0
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # rows as they are in the file, not padded to a declared size
            header: list[str] | None = None
            first_row = 0
            rows: list[list[str]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells += len(values)
                if cells > MAX_CELLS:
                    raise _refuse(name, f"arbetsboken har för många celler (över {_grouped(MAX_CELLS)}). "
                                        "Dela upp den eller spara bladen som CSV.")
                texts = [_cell_text(value) for value in values]
                if header is None:
                    if any(texts):
                        header, first_row = texts, number
                    continue
                rows.append(texts)
            sheets.append(Sheet(str(sheet.title), _frame(header or [], rows, first_row + 1)))
    except Refused:
        raise
    except Exception as error:  # a cell openpyxl cannot convert, a broken part …
        raise _refuse(name, f"arbetsboken kan inte läsas ({type(error).__name__}).") from None
    finally:
        book.close()
    return sheets


def _frame(header: list[str], rows: list[list[str]], first: int) -> pd.DataFrame:
    """Rows under the header as a frame of text, index = Excel row, columns named as pandas names them."""
    width = max([len(header), *(len(r) for r in rows)])
    names: list[str] = []
    used: set[str] = set()
    for i in range(width):
        base = header[i] if i < len(header) and header[i] else f"Unnamed: {i}"
        label, repeat = base, 0
        while label in used:  # a repeated header as pandas names it: team_code, team_code.1 …
            repeat += 1
            label = f"{base}.{repeat}"
        names.append(label)
        used.add(label)
    if not rows:
        return pd.DataFrame({n: pd.Series([], dtype=str) for n in names})
    padded = [r + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=names, index=pd.RangeIndex(first, first + len(rows)), dtype=str)
    return frame[(frame != "").any(axis=1)]


def _cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export would hold (stripped)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        if value.hour == 0 and value.minute == 0 and value.second == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        if not math.isfinite(value):  # NaN or Inf: not a value a CSV export would hold
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()
