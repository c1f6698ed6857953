"""Input the store cannot hold, workbooks built to exhaust the machine, and files the parser chokes on:
each is refused before anything is written, with a Swedish message naming file, row, column and value,
the same on SQLite and PostgreSQL, and never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from models import (
    BudgetLine,
    ImportLog,
    Intake,
    Investigation,
    Team,
    Unit,
    WorkloadMeasurement,
)
from services.core.db import session_scope
from services.importer import import_files, import_path
from services.importer import workbook as xlsx
from services.importer.storage import limits
from tests.conftest import CONTRACT
from tests.helpers import rewrite, snapshot


def refused(store, target: Path) -> list[str]:
    before = snapshot(store)
    result = import_path(store, target)
    assert not result.ok
    assert snapshot(store) == before
    assert not any("Traceback" in e or "Error:" in e for e in result.errors), result.errors
    return result.errors


def last_log(store) -> ImportLog:
    with session_scope(store) as s:
        log = s.scalars(select(ImportLog).order_by(ImportLog.id.desc())).first()
        s.expunge(log)
        return log


# --- D: what the schema forbids ------------------------------------------------------------


def test_text_lengths_come_from_the_models():
    assert limits("intakes")["intake_id"].max_length == Intake.__table__.c.intake_id.type.length == 60
    assert limits("teams")["unit_name"].max_length == Unit.__table__.c.unit_name.type.length
    assert limits("teams")["team_name"].max_length == Team.__table__.c.team_name.type.length
    assert limits("teams")["unit_code"].max_length == 40  # Team.unit_code is a foreign key: its type is units.unit_code's


def test_text_longer_than_its_column_is_refused_and_as_long_as_it_is_accepted(store, contract_dir):
    long_unit = "B" * 201
    rewrite(contract_dir / "teams.csv", "MOT;Mottagningsgruppen;BOU;Barn- och ungdomsenheten;",
            f"MOT;Mottagningsgruppen;BOU;{long_unit};")
    rewrite(contract_dir / "intakes.csv", "A2;P2;", f"A2;{'P' * 61};")
    assert refused(store, contract_dir) == [
        f'teams.csv, rad 2, kolumn unit_name: texten är för lång (201 tecken, högst 200): "{"B" * 79}…".',
        f'intakes.csv, rad 3, kolumn person_key: texten är för lång (61 tecken, högst 60): "{"P" * 61}".',
    ]
    (contract_dir / "teams.csv").write_bytes((CONTRACT / "teams.csv").read_bytes())
    rewrite(contract_dir / "intakes.csv", f"A2;{'P' * 61};", f"A2;{'P' * 60};")
    assert import_path(store, contract_dir).ok
    with session_scope(store) as s:
        assert s.get(Intake, "A2").person_key == "P" * 60


@pytest.mark.parametrize("count", ["99999999999999999999", "2147483648"])
def test_an_integer_the_store_cannot_hold_is_refused(store, contract_dir, count):
    rewrite(contract_dir / "workload.csv", "2024-02-15;K001;31;4;14", f"2024-02-15;K001;31;4;{count}")
    assert refused(store, contract_dir) == [
        (f'workload.csv, rad 3, kolumn case_count: talet "{count}" är för stort för att kunna sparas '
        "(tillåtet -2 147 483 648 till 2 147 483 647).")
    ]
    assert "case_count" in last_log(store).message


def test_the_largest_integer_the_store_holds_is_accepted(store, contract_dir):
    rewrite(contract_dir / "workload.csv", "2024-02-15;K001;31;4;14", "2024-02-15;K001;31;4;2147483647")
    assert import_path(store, contract_dir).ok
    with session_scope(store) as s:
        assert s.get(WorkloadMeasurement, (dt.date(2024, 2, 15), "K001")).case_count == 2147483647


@pytest.mark.parametrize("amount", ["9" * 400, "1000000000000000", "-100000000000000", "99999999999999,995"])
def test_an_amount_the_store_cannot_hold_is_refused(store, contract_dir, amount):
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;-2 500 000;;", f"BOU;2024-02;personal;{amount};;")
    shown = amount if len(amount) <= 80 else amount[:79] + "…"
    assert refused(store, contract_dir) == [
        (f'budget.csv, rad 4, kolumn budget: talet "{shown}" har för många siffror för att kunna sparas '
        "(högst 14 före decimaltecknet).")
    ]


def test_the_largest_amount_the_store_holds_is_accepted(store, contract_dir):
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;-2 500 000;;", "BOU;2024-02;personal;-99 999 999 999 999,99;;")
    assert import_path(store, contract_dir).ok
    with session_scope(store) as s:
        assert s.get(BudgetLine, ("BOU", dt.date(2024, 2, 1), "personal")).budget == pytest.approx(-99999999999999.99)


def test_a_decimal4_column_refuses_a_hundred_million(store, contract_dir):
    rewrite(contract_dir / "absence.csv", "MOT;2024-01;825,5;", "MOT;2024-01;100 000 000;")
    assert refused(store, contract_dir) == [
        ('absence.csv, rad 2, kolumn scheduled_hours: talet "100 000 000" har för många siffror för att kunna sparas '
        "(högst 8 före decimaltecknet).")
    ]


def test_a_nul_byte_in_text_is_refused_with_its_row_and_the_log_can_store_the_message(store, contract_dir):
    rewrite(contract_dir / "teams.csv", "UTR1;Utredningsgrupp 1;", "UTR1;Utredningsgrupp\x001;")
    assert refused(store, contract_dir) == [
        ('teams.csv, rad 3, kolumn team_name: värdet innehåller ett NUL-tecken (byte 0), som inte kan sparas: '
        '"Utredningsgrupp\u24001".')
    ]
    log = last_log(store)
    assert log.outcome == "avvisad" and "\x00" not in log.message


def test_a_nul_in_a_code_or_an_ignored_header_never_reaches_the_log(store, contract_dir):
    rewrite(contract_dir / "teams.csv", ";mottagning\n", ";mottag\x00ning\n")
    rewrite(contract_dir / "teams.csv", "function\n", "function;anm\x00\n")
    errors = refused(store, contract_dir)
    assert errors[0].startswith("teams.csv, rad 2, kolumn function: okänd kod") and errors[0].endswith('"mottag\u2400ning".')
    assert "\x00" not in last_log(store).message


# --- F: precise Swedish messages ---------------------------------------------------------------


def test_year_zero_is_an_invalid_date_with_row_and_column(store, contract_dir):
    rewrite(contract_dir / "intakes.csv", "A2;P2;MOT;2024-01-10 14:00;", "A2;P2;MOT;0000-01-01;")
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;", "BOU;0000-02;personal;")
    assert refused(store, contract_dir) == [
        'intakes.csv, rad 3, kolumn received_date: ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "0000-01-01".',
        'budget.csv, rad 4, kolumn month: ogiltig månad (förväntat ÅÅÅÅ-MM): "0000-02".',
    ]
    assert last_log(store).outcome == "avvisad"


def test_the_calendars_last_day_as_a_start_date_does_not_crash_the_deadline(store, contract_dir):
    rewrite(contract_dir / "investigations.csv", ";2024-01-15;;2024-05-10;", ";9999-12-31;;;")
    result = import_path(store, contract_dir)
    assert result.ok, result.errors
    with session_scope(store) as s:
        assert s.get(Investigation, "U1").due_date == dt.date(9999, 12, 31)


def test_an_invalid_byte_in_a_utf8_file_with_bom_names_the_encoding_and_the_row(store, contract_dir):
    path = contract_dir / "intakes.csv"
    data = path.read_bytes().replace(b"A2;P2;MOT", b"A2;P2\xff;MOT")
    path.write_bytes(b"\xef\xbb\xbf" + data)
    assert refused(store, contract_dir) == [
        ("intakes.csv, rad 3: filen är inte giltig UTF-8: den börjar som UTF-8 (med BOM) men byten 0xFF på raden är "
        "inte UTF-8. Rätta tecknet eller spara filen som CSV UTF-8 i Excel.")
    ]


@pytest.mark.parametrize("before", ["", 'X1;"flera\nrader";BOU;Barn- och ungdomsenheten;Testby stadsdel;mottagning\n'],
                         ids=["plain", "after-a-quoted-line-break"])
def test_an_unclosed_quote_names_the_row_where_it_opens(store, contract_dir, before):
    path = contract_dir / "teams.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("PLA;Placeringsgruppen", 'PLA;"Placeringsgruppen')
    path.write_text(lines[0] + before + "".join(lines[1:]), encoding="utf-8")
    row = 4 + (1 if before else 0)
    assert refused(store, contract_dir) == [
        (f'teams.csv, rad {row}: ett citattecken (") öppnas på raden men stängs aldrig, så resten av filen blir ett enda '
        "fält. Ta bort citattecknet eller lägg till det som stänger.")
    ]


def test_a_fault_while_checking_is_a_swedish_refusal_not_a_traceback(store, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("year 0 is out of range")

    monkeypatch.setattr("services.importer.validate_table", broken)
    before = snapshot(store)
    result = import_path(store, CONTRACT)
    assert not result.ok and snapshot(store) == before
    assert result.errors == ["Importen avbröts och ingenting sparades: ett oväntat fel när filerna kontrollerades (ValueError)."]
    log = last_log(store)
    assert log.outcome == "fel" and "ValueError" in log.message  # the details are kept for whoever reads the log


def test_a_single_nul_in_a_text_file_is_not_taken_for_utf16(store):
    text = (CONTRACT / "teams.csv").read_text(encoding="utf-8")
    result = import_files(store, [("teams.csv", text.replace("Testby", "Test\x00by", 1).encode("utf-8"))])
    assert result.errors == [
        'teams.csv, rad 2, kolumn district: värdet innehåller ett NUL-tecken (byte 0), som inte kan sparas: "Test\u2400by stadsdel".']
    utf16 = import_files(store, [("teams.csv", text.encode("utf-16"))])
    assert utf16.errors == [("teams.csv: filen är inte en textfil i UTF-8 eller Windows-1252 (den kan vara UTF-16 eller binär). "
                            "Spara den som CSV UTF-8 i Excel.")]


# --- E: workbooks that would exhaust the machine ----------------------------------------------------


def contract_workbook(path: Path) -> Path:
    with pd.ExcelWriter(path) as writer:
        for csv in sorted(CONTRACT.glob("*.csv")):
            pd.read_csv(csv, sep=";", dtype=str, keep_default_na=False).to_excel(writer, sheet_name=csv.stem, index=False)
    return path


def rezip(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> Path:
    """The same workbook with some parts' bytes replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a sheet, as openpyxl names them (sheet1.xml … in the order written)."""
    names = sorted(csv.stem for csv in CONTRACT.glob("*.csv"))
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def test_a_workbook_still_imports_through_the_guards(store, tmp_path):
    result = import_path(store, contract_workbook(tmp_path / "extrakt.xlsx"))
    assert result.ok, result.errors
    assert result.counts["extrakt.xlsx, blad intakes"].inserted == 3


def test_a_workbook_declaring_16_million_cells_is_refused_at_once(store, tmp_path):
    book = contract_workbook(tmp_path / "stor.xlsx")
    part = sheet_part(book, "intakes")
    xml = zipfile.ZipFile(book).read(part)
    xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:P1048576"', xml)
    rezip(book, {part: xml})
    started = time.monotonic()
    errors = refused(store, book)
    assert time.monotonic() - started < 5
    assert errors == [
        ("stor.xlsx: arbetsboken är för stor: bladen omfattar 16 777 436 celler (högst 10 000 000); bladet intakes är "
        "A1:P1048576, 1 048 576 rader × 16 kolumner. Ta bort tomma rader och kolumner eller spara bladen som CSV.")
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(store, tmp_path):
    book = contract_workbook(tmp_path / "bomb.xlsx")
    part = sheet_part(book, "teams")
    xml = zipfile.ZipFile(book).read(part)
    padded = xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 << 20), 1)  # 60 MB of spaces pack into some 60 kB
    rezip(book, {part: padded})
    assert book.stat().st_size < 1 << 20
    started = time.monotonic()
    errors = refused(store, book)
    assert time.monotonic() - started < 5
    assert len(errors) == 1 and errors[0].startswith(
        "bomb.xlsx: arbetsboken packas upp till orimligt mycket: delen xl/worksheets/sheet9.xml är ")
    assert "zip-bomb" in errors[0]


def test_a_workbook_larger_than_the_cap_once_unpacked_is_refused(store, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 1 << 20)
    book = rezip(contract_workbook(tmp_path / "stor.xlsx"), {}, add={"xl/media/bild.bin": bytes(range(256)) * 8192})
    errors = refused(store, book)
    assert errors == [("stor.xlsx: arbetsboken är för stor uppackad (2 MB, högst 1 MB). Den kan vara skadad eller en "
                      "zip-bomb; dela upp den eller spara bladen som CSV.")]


def test_a_workbook_understating_its_size_is_stopped_by_its_cells(store, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 40)  # the contract's sheets hold some 170 cells in all
    book = contract_workbook(tmp_path / "liten.xlsx")
    parts = {}
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                parts[name] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', archive.read(name))
    rezip(book, parts)
    assert refused(store, book) == ["liten.xlsx: arbetsboken har för många celler (över 40). Dela upp den eller spara bladen som CSV."]
    monkeypatch.setattr(xlsx, "_check_cells", lambda *args: None)  # and while reading, should the count miss some
    assert refused(store, book) == ["liten.xlsx: arbetsboken har för många celler (över 40). Dela upp den eller spara bladen som CSV."]


def test_a_workbook_row_is_numbered_as_excel_shows_it(store, tmp_path):
    assert import_path(store, CONTRACT / "teams.csv").ok
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "teams"
    sheet.append(["team_code", "team_name", "unit_code", "unit_name", "function"])
    sheet.append(["MOT", "Mottagningsgruppen", "BOU", "Barn- och ungdomsenheten", "mottagning"])
    sheet.append([])
    sheet.append([])
    sheet.append(["FHV", "Familjehem", "BOU", "Barn- och ungdomsenheten", "fosterhem"])
    path = tmp_path / "org.xlsx"
    book.save(path)
    errors = refused(store, path)
    assert errors == [('org.xlsx, blad teams, rad 5, kolumn function: okänd kod (tillåtna: mottagning, utredning, familjevard, '
                      'placering, oppenvard, ovrigt): "fosterhem".')]


def test_two_first_imports_at_once_into_an_empty_store_give_results_not_tracebacks(store):
    """Two operators load the first extract at the same moment: each gets an ImportResult, the store one copy."""
    from concurrent.futures import ThreadPoolExecutor

    from services.importer import import_path

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: import_path(store, CONTRACT), range(2)))
    assert all(r.ok or (r.errors and all(isinstance(e, str) for e in r.errors)) for r in results)
    assert any(r.ok for r in results)
    again = import_path(store, CONTRACT)
    assert again.ok and all(c.inserted == 0 for c in again.counts.values())  # one copy, not two
