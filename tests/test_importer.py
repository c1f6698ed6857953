"""The importer against good files and every kind of bad input in the data contract."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from models import (
    Absence,
    BudgetLine,
    ImportLog,
    Intake,
    Intervention,
    Investigation,
    Person,
    Staff,
    Target,
    Unit,
)
from services.core.db import session_scope
from services.importer import import_files, import_path
from services.importer.personnummer import looks_like_personnummer
from tests.helpers import rewrite, snapshot

ROOT = Path(__file__).resolve().parent.parent


def rejected(store, folder: Path) -> list[str]:
    """Import something that must be refused; assert nothing was written; return the messages."""
    before = snapshot(store)
    result = import_path(store, folder)
    assert not result.ok
    assert snapshot(store) == before
    return result.errors


# --- good input -----------------------------------------------------------------


def test_contract_folder_imports_with_counts_and_parsed_values(store):
    result = import_path(store, ROOT / "tests/fixtures/contract", username="anna")
    assert result.ok, result.errors
    assert result.summary_lines()[0] == "teams.csv: 4 nya, 0 uppdaterade, 0 oförändrade rader"
    assert {label: c.inserted for label, c in result.counts.items()} == {
        "teams.csv": 4, "staff.csv": 4, "positions.csv": 2, "absence.csv": 2, "intakes.csv": 3,
        "investigations.csv": 1, "interventions.csv": 2, "workload.csv": 2, "budget.csv": 3, "targets.csv": 2,
    }
    with session_scope(store) as s:
        assert {u.unit_code: u.unit_name for u in s.scalars(select(Unit))} == {
            "BOU": "Barn- och ungdomsenheten", "FAM": "Familjeenheten"}
        assert s.get(Staff, "H002").fte == 0.8
        assert s.get(Staff, "H002").end_date == dt.date(2024, 2, 29)
        assert s.get(Absence, ("UTR1", dt.date(2024, 1, 1))).scheduled_hours == 1072.0
        assert s.get(Absence, ("UTR1", dt.date(2024, 1, 1))).sick_hours_short is None
        a1 = s.get(Intake, "A1")
        assert a1.received_at == dt.datetime(2024, 1, 3, 9, 15)
        assert a1.received_month == dt.date(2024, 1, 1)
        assert a1.assessment_days == 12
        assert a1.protection_hours == pytest.approx(1.75)
        assert a1.age == 12
        assert s.get(Intake, "A2").serious_talk_hours == pytest.approx(20.0)
        assert s.get(Intake, "A3").assessment_date is None
        u1 = s.get(Investigation, "U1")
        assert (u1.due_date, u1.duration_days, u1.lvu_application) == (dt.date(2024, 5, 15), 116, False)
        assert s.get(Intervention, "I1").daily_cost == 2450.0
        assert s.get(Intervention, "I2").start_date is None
        line = s.get(BudgetLine, ("BOU", dt.date(2024, 1, 1), "personal"))
        assert (line.budget, line.actual, line.forecast_year) == (-2500000.0, -2450000.5, -30000000.0)
        assert s.get(BudgetLine, ("BOU", dt.date(2024, 2, 1), "personal")).actual is None
        assert s.get(Target, ("ASSESS_14D", "", 2024, "")).warn == 0.8
        assert s.get(Person, "P1").gender == "flicka"
        log = s.get(ImportLog, result.log_id)
        assert (log.username, log.outcome, log.kind) == ("anna", "ok", "import")
        assert json.loads(log.files)["intakes.csv"] == {"inserted": 3, "updated": 0, "unchanged": 0}


def test_reimport_changes_nothing(store):
    assert import_path(store, ROOT / "tests/fixtures/contract").ok
    before = snapshot(store)
    again = import_path(store, ROOT / "tests/fixtures/contract")
    assert again.ok
    assert all(c.inserted == 0 and c.updated == 0 for c in again.counts.values())
    assert again.counts["intakes.csv"].unchanged == 3
    assert snapshot(store) == before


def test_newer_extract_updates_rows_and_keeps_absent_ones(store, tmp_path):
    assert import_path(store, ROOT / "tests/fixtures/contract").ok
    newer = tmp_path / "intakes.csv"
    newer.write_text(
        "intake_id;person_key;team_code;received_date;intake_type;reporter;reason;gender;birth_year;"
        "assessment_date;assessment_outcome;investigation_id\n"
        "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;2024-02-20;inleds_ej;\n",
        encoding="utf-8",
    )
    result = import_path(store, newer)
    assert result.ok, result.errors
    assert result.summary_lines() == ["intakes.csv: 0 nya, 1 uppdaterade, 0 oförändrade rader"]
    with session_scope(store) as s:
        assert s.get(Intake, "A3").assessment_days == 19
        assert s.get(Intake, "A1") is not None  # absent from the new extract, kept
        assert s.get(Intake, "A1").protection_hours == pytest.approx(1.75)  # column left out: not blanked


@pytest.mark.parametrize("rebuild_whole", [False, True], ids=["by-chunks", "whole-register"])
def test_person_register_follows_the_latest_intake(store, tmp_path, monkeypatch, rebuild_whole):
    """A monthly file updates the persons it names by chunks; a city's first load rebuilds the register whole."""
    from services.importer import writer

    if rebuild_whole:
        monkeypatch.setattr(writer, "FULL_REFRESH", 0)
    assert import_path(store, ROOT / "tests/fixtures/contract").ok
    newer = tmp_path / "intakes.csv"
    newer.write_text(
        "intake_id;person_key;team_code;received_date;intake_type;reporter;reason;gender;birth_year;"
        "assessment_date;assessment_outcome;investigation_id\n"
        "A9;P1;MOT;2024-06-01 10:00;anmalan;skola;ovrigt;pojke;2011;;;\n",
        encoding="utf-8",
    )
    assert import_path(store, newer).ok
    with session_scope(store) as s:
        p1 = s.get(Person, "P1")
        assert (p1.gender, p1.birth_year, p1.latest_received) == ("pojke", 2011, dt.datetime(2024, 6, 1, 10, 0))
        persons = set(s.scalars(select(Person.person_key)))
        assert persons == set(s.scalars(select(Intake.person_key)))


def test_workbook_with_one_sheet_per_file_gives_the_same_store(store, tmp_path):
    workbook = tmp_path / "extrakt.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        for csv in sorted((ROOT / "tests/fixtures/contract").glob("*.csv")):
            frame = pd.read_csv(csv, sep=";", dtype=str, keep_default_na=False)
            for column in frame.columns:  # Excel cells hold real dates and numbers
                if column.endswith("_date") and column != "received_date":
                    frame[column] = pd.to_datetime(frame[column].replace("", None))
            frame.to_excel(writer, sheet_name=csv.stem, index=False)
    result = import_path(store, workbook)
    assert result.ok, result.errors
    from_xlsx = snapshot(store)
    assert result.counts["extrakt.xlsx, blad intakes"].inserted == 3
    from tests.conftest import empty

    empty(store)
    assert import_path(store, ROOT / "tests/fixtures/contract").ok
    assert snapshot(store) == from_xlsx


def test_comma_separator_windows_1252_swedish_headers_and_extra_column(store, tmp_path):
    assert import_path(store, ROOT / "tests/fixtures/contract/teams.csv").ok
    staff = tmp_path / "staff.csv"
    staff.write_bytes(
        (
            "Personal_kod, Namn ,arbetsgrupp_kod,Roll,Anställning,Sysselsättningsgrad,Startdatum,Slutdatum,Yrkesstart,Lön\n"
            'H900,Åsa Öberg,MOT,Socialsekreterare,Tillsvidare,"0,75",2023-05-01,,2020-01-01,35000\n'
        ).encode("cp1252")
    )
    result = import_path(store, staff)
    assert result.ok, result.errors
    assert result.notices == ['staff.csv: kolumnen "Lön" ingår inte i formatet och ignoreras.']
    with session_scope(store) as s:
        person = s.get(Staff, "H900")
        assert (person.display_name, person.role, person.employment, person.fte) == (
            "Åsa Öberg", "socialsekreterare", "tillsvidare", 0.75)


def test_utf8_bom_and_codes_with_swedish_letters(store, tmp_path):
    assert import_path(store, ROOT / "tests/fixtures/contract/teams.csv").ok
    teams = tmp_path / "teams.csv"
    teams.write_bytes("team_code;team_name;unit_code;unit_name;funktion\nFHV;Familjehemsgruppen;BOU;Barn- och ungdomsenheten;Familjevård\n".encode("utf-8-sig"))
    result = import_path(store, teams)
    assert result.ok, result.errors
    with session_scope(store) as s:
        from models import Team

        assert s.get(Team, "FHV").function == "familjevard"


def test_upload_of_several_files_is_one_batch(store):
    files = [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests/fixtures/contract").glob("*.csv"))]
    result = import_files(store, files, username="uppladdning")
    assert result.ok, result.errors
    assert result.counts["intakes.csv"].inserted == 3


# --- bad input: exact messages, nothing written ------------------------------------


def test_wrong_date(store, contract_dir):
    rewrite(contract_dir / "intakes.csv", "A3;P1;MOT;2024-02-01;", "A3;P1;MOT;2024-02-30;")
    assert rejected(store, contract_dir) == [
        'intakes.csv, rad 4, kolumn received_date: ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "2024-02-30".'
    ]


def test_unknown_code(store, contract_dir):
    rewrite(contract_dir / "interventions.csv", ";placering;familjehem;", ";placering;fosterhem;")
    errors = rejected(store, contract_dir)
    assert errors == [
        'interventions.csv, rad 2, kolumn kind: okänd kod (tillåtna: familjehem, natverkshem, jourhem, hvb, sis, '
        'stodboende, traningslagenhet, skyddat_boende, familjebehandling, kontaktperson, kontaktfamilj, stodsamtal, ovrig): "fosterhem".'
    ]


def test_missing_required_column(store, contract_dir):
    path = contract_dir / "investigations.csv"
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False).drop(columns=["start_date"])
    frame.to_csv(path, sep=";", index=False)
    assert rejected(store, contract_dir) == [
        "investigations.csv, rad 1: obligatorisk kolumn saknas: start_date [inledd]."
    ]


def test_duplicate_key(store, contract_dir):
    with (contract_dir / "intakes.csv").open("a", encoding="utf-8") as f:
        f.write("a1;P9;MOT;2024-03-01;anmalan;skola;vald;pojke;2015;;;;;\n")
    assert rejected(store, contract_dir) == ['intakes.csv, rad 5, kolumn intake_id: nyckeln "a1" finns redan på rad 2.']


def test_end_before_start(store, contract_dir):
    rewrite(contract_dir / "investigations.csv", ";2024-01-15;;2024-05-10;", ";2024-01-15;;2024-01-10;")
    assert rejected(store, contract_dir) == [
        'investigations.csv, rad 2, kolumn end_date: "2024-01-10" är före start_date "2024-01-15".'
    ]


def test_personnummer_rejects_file_without_echoing_it(store, contract_dir):
    rewrite(contract_dir / "intakes.csv", "A2;P2;", "A2;19811218-9876;")
    errors = rejected(store, contract_dir)
    assert errors == [
        "intakes.csv, rad 3, kolumn person_key: värdet ser ut som ett personnummer eller samordningsnummer. "
        "Filen tas inte emot: pseudonymisera den först (ersätt personnummer med en person_id-kod)."
    ]
    assert "9876" not in " ".join(errors)
    with session_scope(store) as s:  # nor does the import log keep it
        assert all("9876" not in (log.message or "") for log in s.scalars(select(ImportLog)))


def test_personnummer_in_an_extra_column_also_rejects(store, contract_dir):
    rewrite(contract_dir / "staff.csv", "profession_start\n", "profession_start;anteckning\n")
    rewrite(contract_dir / "staff.csv", "2015-06-01\n", "2015-06-01;se 8112189876\n")
    errors = rejected(store, contract_dir)
    assert errors[0].startswith("staff.csv, rad 2, kolumn anteckning: värdet ser ut som ett personnummer")


def test_broken_encoding(store, contract_dir):
    path = contract_dir / "teams.csv"
    data = path.read_bytes().replace(b"Testby", b"Test\x81by", 1)  # 0x81 is undefined in both encodings
    path.write_bytes(data)
    assert rejected(store, contract_dir) == [
        "teams.csv, rad 2: ogiltig teckenkodning (varken UTF-8 eller Windows-1252). Spara filen som CSV UTF-8 i Excel."
    ]


def test_mixed_encoding_is_refused(store, contract_dir):
    path = contract_dir / "teams.csv"
    text = path.read_text(encoding="utf-8") + "FHV;Familjehemsgruppen;BOU;Barn- och ungdomsenheten;Testby;familjev"
    path.write_bytes(text.encode("utf-8") + "ård\n".encode("cp1252"))
    assert rejected(store, contract_dir) == [
        "teams.csv, rad 6: blandad teckenkodning (både UTF-8 och Windows-1252 i samma fil). Spara filen som CSV UTF-8 i Excel."
    ]


def test_unknown_team_reference_and_bad_number(store, contract_dir):
    rewrite(contract_dir / "staff.csv", "H003;Cia Björk;PLA;bitr_enhetschef;tillsvidare;1;", "H003;Cia Björk;XYZ;bitr_enhetschef;tillsvidare;1,5;")
    assert rejected(store, contract_dir) == [
        'staff.csv, rad 5, kolumn fte: värdet "1,5" ligger utanför det tillåtna (0–1).',
        'staff.csv, rad 5, kolumn team_code: okänd arbetsgrupp (saknas i teams.csv och i databasen): "XYZ".',
    ]


def test_one_bad_file_rejects_the_whole_batch(store, contract_dir):
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;-2 500 000;;", "BOU;2024-13;personal;-2 500 000;;")
    errors = rejected(store, contract_dir)
    assert errors == ['budget.csv, rad 4, kolumn month: ogiltig månad (förväntat ÅÅÅÅ-MM): "2024-13".']
    with session_scope(store) as s:
        log = s.scalars(select(ImportLog)).one()
        assert log.outcome == "avvisad"
        assert "2024-13" in log.message


def test_a_crash_while_writing_leaves_the_store_as_it_was(store, monkeypatch):
    assert import_path(store, ROOT / "tests/fixtures/contract/teams.csv").ok
    before = snapshot(store)
    from services.importer import writer

    real = writer.write_table

    def crash_on_budget(session, table):
        if table.spec.name == "budget":
            raise RuntimeError("strömavbrott")
        return real(session, table)

    monkeypatch.setattr("services.importer.write_table", crash_on_budget)
    result = import_path(store, ROOT / "tests/fixtures/contract")
    assert not result.ok
    assert result.errors == ["Importen avbröts och ingenting sparades: RuntimeError: strömavbrott"]
    assert snapshot(store) == before


def test_personnummer_recognition():
    assert looks_like_personnummer("811218-9876")
    assert looks_like_personnummer("198112189876")
    assert looks_like_personnummer("701063-2391")  # samordningsnummer: day 63 = 3rd + 60
    assert not looks_like_personnummer("811218-9875")  # wrong check digit
    assert not looks_like_personnummer("A2023-000123")
    assert not looks_like_personnummer("-2450000")


# --- command line -----------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_cli_import_exit_codes_and_messages(store, contract_dir):
    url = store.url.render_as_string(hide_password=False)
    ok = run_cli("import", str(ROOT / "tests/fixtures/contract"), "--database-url", url)
    assert ok.returncode == 0, ok.stderr
    assert "intakes.csv: 3 nya, 0 uppdaterade, 0 oförändrade rader" in ok.stdout
    rewrite(contract_dir / "intakes.csv", "A3;P1;MOT;2024-02-01;ansokan", "A3;P1;MOT;2024-02-01;ansökningar")
    before = snapshot(store)
    bad = run_cli("import", str(contract_dir), "--database-url", url)
    assert bad.returncode == 1
    assert 'intakes.csv, rad 4, kolumn intake_type: okänd kod (tillåtna: anmalan, ansokan, ovrigt): "ansökningar".' in bad.stderr
    assert snapshot(store) == before


def test_dates_written_in_bulk_are_the_text_sqlalchemy_would_store():
    """The first-load fast path formats SQLite's date text itself; it must match the ORM's, or ranges break."""
    from sqlalchemy import Date, DateTime
    from sqlalchemy.dialects import sqlite

    from services.importer.writer import _sqlite_text

    moments = [dt.datetime(2024, 1, 3, 9, 15), dt.datetime(2016, 2, 29, 23, 59, 59, 123456), None]
    series = pd.to_datetime(pd.Series(moments))
    dialect = sqlite.dialect()
    for column_type, values in ((DateTime(), moments), (Date(), [m and m.date() for m in moments])):
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        assert _sqlite_text(series, isinstance(column_type, DateTime)) == [process(v) for v in values]


@pytest.mark.parametrize("crash", [False, True], ids=["imported", "crashed-while-indexes-dropped"])
def test_a_large_first_load_builds_the_indexes_after_the_rows(store, monkeypatch, crash):
    """Dropped and rebuilt inside the import's transaction: after success or a crash every index is there."""
    from sqlalchemy import inspect

    from services.importer import writer

    monkeypatch.setattr(writer, "BUILD_INDEXES_AFTER", 1)
    real = writer.insert_rows

    def crash_on_intakes(session, model, columns, prepared=frozenset()):
        if crash and model is Intake:  # the indexes are dropped at this moment
            raise RuntimeError("strömavbrott")
        return real(session, model, columns, prepared)

    monkeypatch.setattr(writer, "insert_rows", crash_on_intakes)
    result = import_path(store, ROOT / "tests/fixtures/contract")
    assert result.ok is not crash
    for table in (Intake.__table__, Investigation.__table__, Intervention.__table__):
        assert {i["name"] for i in inspect(store).get_indexes(table.name)} == {i.name for i in table.indexes}
    with session_scope(store) as s:
        assert len(s.scalars(select(Intake)).all()) == (0 if crash else 3)
