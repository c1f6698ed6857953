"""The importer's problems as data (file, row, column, value, message), named as the file names its
columns, and never a personnummer echoed or stored: in a message, the import log or the audit log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from models import AuditEvent, ImportLog, Intake
from services.core.db import session_scope
from services.importer import ImportProblem, import_files, import_path, report_table
from services.importer.personnummer import looks_like_personnummer, mask_personnummer
from tests.conftest import CONTRACT
from tests.helpers import rewrite, snapshot


def refused(store, target: Path):
    """Import something that must be refused; nothing may be written; returns the result."""
    before = snapshot(store)
    result = import_path(store, target)
    assert not result.ok
    assert snapshot(store) == before
    return result


def logs(store) -> tuple[list[ImportLog], list[AuditEvent]]:
    with session_scope(store) as s:
        imports = list(s.scalars(select(ImportLog).order_by(ImportLog.id)))
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "import").order_by(AuditEvent.id)))
        s.expunge_all()
        return imports, events


# --- A: problems as data ----------------------------------------------------------------


def test_a_refused_file_gives_its_problems_with_file_row_column_and_value(store, contract_dir):
    rewrite(contract_dir / "intakes.csv", "A3;P1;MOT;2024-02-01;", "A3;P1;MOT;2024-02-30;")
    rewrite(contract_dir / "staff.csv", "H003;Cia Björk;PLA;bitr_enhetschef;tillsvidare;1;", "H003;Cia Björk;XYZ;bitr_enhetschef;tillsvidare;1,5;")
    result = refused(store, contract_dir)
    assert result.problems == [
        ImportProblem("staff.csv", 5, "fte", "1,5", 'värdet "1,5" ligger utanför det tillåtna (0–1).'),
        ImportProblem("staff.csv", 5, "team_code", "XYZ", 'okänd arbetsgrupp (saknas i teams.csv och i databasen): "XYZ".'),
        ImportProblem("intakes.csv", 4, "received_date", "2024-02-30",
                      'ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "2024-02-30".'),
    ]
    # The messages are the problems as text, exactly as before problems were data.
    assert result.errors == [
        'staff.csv, rad 5, kolumn fte: värdet "1,5" ligger utanför det tillåtna (0–1).',
        'staff.csv, rad 5, kolumn team_code: okänd arbetsgrupp (saknas i teams.csv och i databasen): "XYZ".',
        'intakes.csv, rad 4, kolumn received_date: ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "2024-02-30".',
    ]
    assert [str(p) for p in result.problems] == result.errors
    imports, _ = logs(store)
    assert imports[-1].message == "\n".join(result.errors)


def test_problems_about_the_whole_file_or_its_header_have_no_column(store, contract_dir):
    frame = pd.read_csv(contract_dir / "investigations.csv", sep=";", dtype=str, keep_default_na=False)
    frame.drop(columns=["start_date"]).to_csv(contract_dir / "investigations.csv", sep=";", index=False)
    assert refused(store, contract_dir).problems == [
        ImportProblem("investigations.csv", 1, None, None, "obligatorisk kolumn saknas: start_date [inledd].")]

    path = contract_dir / "teams.csv"
    path.write_bytes(path.read_bytes().replace(b"Testby", b"Test\x81by", 1))
    (contract_dir / "investigations.csv").write_bytes((CONTRACT / "investigations.csv").read_bytes())
    assert refused(store, contract_dir).problems == [ImportProblem(
        "teams.csv", 2, None, None,
        "ogiltig teckenkodning (varken UTF-8 eller Windows-1252). Spara filen som CSV UTF-8 i Excel.")]


def test_a_duplicate_key_and_a_date_order_problem_carry_the_value(store, contract_dir):
    with (contract_dir / "intakes.csv").open("a", encoding="utf-8") as f:
        f.write("a1;P9;MOT;2024-03-01;anmalan;skola;vald;pojke;2015;2024-02-01 10:00;;;;\n")
    problems = refused(store, contract_dir).problems
    assert problems == [
        ImportProblem("intakes.csv", 5, "intake_id", "a1", 'nyckeln "a1" finns redan på rad 2.'),
        ImportProblem("intakes.csv", 5, "protection_assessed", "2024-02-01 10:00",
                      '"2024-02-01 10:00" är före received_date "2024-03-01".'),
    ]


def test_the_data_page_table_is_built_from_the_problems(store, contract_dir):
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;", "BOU;2024-13;personal;")
    (contract_dir / "teams.csv").write_bytes((contract_dir / "teams.csv").read_bytes() + b"\xfe\n")
    result = refused(store, contract_dir)
    table = report_table(result.problems)
    assert list(table.columns) == ["Fil", "Rad", "Kolumn", "Värde", "Fel"]
    assert table.to_dict("records") == [
        {"Fil": p.file, "Rad": p.row, "Kolumn": p.column or "", "Värde": p.value or "", "Fel": p.message}
        for p in result.problems
    ]
    assert "budget.csv" not in set(table["Fil"])  # the unreadable teams.csv stops the import before budget.csv is checked
    assert table.iloc[0]["Fil"] == "teams.csv" and table.iloc[0]["Rad"] == 6
    empty = report_table([])
    assert list(empty.columns) == ["Fil", "Rad", "Kolumn", "Värde", "Fel"] and empty.empty


def test_the_data_page_no_longer_parses_messages_back():
    source = (Path(__file__).resolve().parent.parent / "pages/data.py").read_text(encoding="utf-8")
    assert "report_table(result.problems)" in source
    assert "re.compile" not in source


# --- B: columns named as the file names them ---------------------------------------------


SWEDISH_INTAKES = (
    "Aktualisering_id;Person_id;Arbetsgrupp_kod; Inkom ;Typ;Anmälare;Orsak;Kön;Födelseår;"
    "Förhandsbedömning_klar;Beslut;Utredning_id\n"
)


def test_problems_name_the_swedish_header_the_file_uses(store, tmp_path):
    assert import_path(store, CONTRACT / "teams.csv").ok
    intakes = tmp_path / "intakes.csv"
    intakes.write_text(
        SWEDISH_INTAKES.replace("\n", ";Skyddsbedömning\n")
        + "A1;P1;MOT;2024-02-30;anmalan;skola;vald;flicka;2012;;;;\n"
        + "A2;P2;XYZ;2024-01-10;anmälan;polis;brott;pojke;2009;2024-01-05;inleds_ej;;2024-01-05 08:00\n"
        + f"{'A' * 61};P3;MOT;2024-01-10;anmälan;polis;brott;pojke;99999999999;;;;\n",
        encoding="utf-8",
    )
    problems = refused(store, intakes).problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "Inkom", "2024-02-30"),
        (3, "Arbetsgrupp_kod", "XYZ"),
        (3, "Skyddsbedömning", "2024-01-05 08:00"),  # an assessment before receipt is accepted (quality report)
        (4, "Aktualisering_id", "A" * 61),
        (4, "Födelseår", "99999999999"),
    ]
    assert str(problems[0]) == (
        'intakes.csv, rad 2, kolumn Inkom: ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "2024-02-30".')
    assert problems[2].message == '"2024-01-05 08:00" är före Inkom "2024-01-10".'
    assert problems[3].message == f'texten är för lång (61 tecken, högst 60): "{"A" * 61}".'
    text = "\n".join(str(p) for p in problems)
    for canonical in ("received_date", "team_code", "assessment_date", "intake_id", "birth_year"):
        assert canonical not in text


def test_a_workbook_with_swedish_headers_is_named_as_written(store, tmp_path):
    assert import_path(store, CONTRACT / "teams.csv").ok
    workbook = tmp_path / "extrakt.xlsx"
    headers = [h.strip() for h in SWEDISH_INTAKES.strip().split(";")]
    frame = pd.DataFrame([["A1", "P1", "MOT", "2024-13-01", "anmalan", "skola", "vald", "flicka", 2012, None, None, None]],
                         columns=headers)
    frame.to_excel(workbook, sheet_name="intakes", index=False)
    assert refused(store, workbook).problems == [ImportProblem(
        "extrakt.xlsx, blad intakes", 2, "Inkom", "2024-13-01",
        'ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): "2024-13-01".')]


# --- C: personnummer never echoed nor stored ---------------------------------------------


@pytest.mark.parametrize("number", ["121212 1212", "19121212 1212", "P191212121212", "121212\u00a01212"])
def test_a_personnummer_with_a_space_or_a_letter_in_front_rejects_the_file(store, contract_dir, number):
    rewrite(contract_dir / "intakes.csv", "A2;P2;", f"A2;{number};")
    result = refused(store, contract_dir)
    assert result.errors == [
        ("intakes.csv, rad 3, kolumn person_key: värdet ser ut som ett personnummer eller samordningsnummer. "
        "Filen tas inte emot: pseudonymisera den först (ersätt personnummer med en person_id-kod).")
    ]
    assert result.problems[0].value == mask_personnummer(number) and "1212" not in result.problems[0].value[6:]
    imports, _ = logs(store)
    assert all("121212 1212" not in (log.message or "") and "1212121212" not in (log.message or "") for log in imports)


def test_personnummer_recognition_with_space_and_letter():
    for number in ("121212 1212", "19121212 1212", "P191212121212", "P121212-1212x", "811218 9876"):
        assert looks_like_personnummer(number), number
    for ordinary in ("121212 1213", "P191212121213", "19121212 12120", "2024 1234", "1 234 567", "A2023-000123",
                     "-2450000", "121212121", "D03-S012"):
        assert not looks_like_personnummer(ordinary), ordinary


def test_mask_keeps_the_date_of_birth_and_hides_the_rest():
    assert mask_personnummer("19121212-1212") == "121212-****"
    assert mask_personnummer("se 121212 1212 och 8112189876") == "se 121212-**** och 811218-****"
    assert mask_personnummer("P191212121212") == "P121212-****"
    assert mask_personnummer("121212-1213 2024-01-03") == "121212-1213 2024-01-03"  # not a personnummer: as it was


def test_a_refused_value_that_is_a_personnummer_is_masked_in_the_message_and_the_log(store, contract_dir):
    rewrite(contract_dir / "intakes.csv", "A1;P1;MOT;2024-01-03 09:15;", "A1;P1;MOT;19121212-1212;")
    rewrite(contract_dir / "budget.csv", "BOU;2024-02;personal;", "BOU;121212 1212;personal;")
    result = refused(store, contract_dir)
    assert 'budget.csv, rad 4, kolumn month: ogiltig månad (förväntat ÅÅÅÅ-MM): "121212-****".' in result.errors
    assert ('intakes.csv, rad 2, kolumn received_date: ogiltigt datum (förväntat ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM): '
            '"121212-****".') in result.errors
    imports, _ = logs(store)
    for text in (*result.errors, *(p.value or "" for p in result.problems), imports[-1].message):
        assert "1212-1212" not in text and "1212 1212" not in text and "121212121" not in text, text
    assert "121212-****" in imports[-1].message


def test_a_personnummer_in_a_folder_or_file_name_is_not_stored(store, tmp_path):
    folder = tmp_path / "191212121212 extrakt"
    shutil.copytree(CONTRACT, folder)
    assert import_path(store, folder).ok
    broken = tmp_path / "121212-1212"
    shutil.copytree(CONTRACT, broken)
    rewrite(broken / "budget.csv", "BOU;2024-02;personal;", "BOU;2024-13;personal;")
    assert not import_path(store, broken).ok
    upload = import_files(store, [("19121212-1212.csv", b"a;b\n1;2\n"), ("intakes.csv", (CONTRACT / "intakes.csv").read_bytes())])
    assert not upload.ok
    assert upload.errors[0].startswith("121212-****.csv: okänt filnamn")
    workbook = tmp_path / "P191212121212.xlsx"
    pd.DataFrame({"x": [1]}).to_excel(workbook, sheet_name="okänt", index=False)
    assert not import_path(store, workbook).ok

    imports, events = logs(store)
    assert len(imports) == len(events) == 4
    stored = [log.source for log in imports] + [event.target for event in events] + [log.message or "" for log in imports]
    stored += [log.files for log in imports]
    for text in stored:
        assert "1212121212" not in text and "121212-1212" not in text and "1212 1212" not in text, text
    assert imports[0].source.endswith("121212-**** extrakt")
    assert imports[1].source.endswith("121212-****") and imports[2].source.startswith("121212-****.csv, intakes.csv")
    assert imports[3].source.endswith("P121212-****.xlsx") and events[3].target.endswith("P121212-****.xlsx")
    with session_scope(store) as s:
        assert s.get(Intake, "A1") is not None  # the first folder was imported
