"""Issue 18 §8: the handläggare of an aktualisering (intakes.csv's optional staff_code).

The column is optional: an older extract without it imports as before and leaves what the store
holds; a file with it stores it, an unknown code is refused as in investigations.csv; the schema
of a freshly migrated store equals the models; the open-intake warning list on Tidsfrister and its
Excel download show the handläggare, the name only where the role sees that staff member's team.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, select

from models import Base, Intake
from services.access import auth
from services.core.db import get_engine, migrate, session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.flow import early_warnings
from services.importer import import_path
from tests.conftest import KPI_FIXTURE, TEST_PASSWORD, store_url
from tests.helpers import choose, open_app, rewrite, snapshot

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "tests" / "fixtures" / "contract"
OLD_HEADER = ("intake_id;person_key;team_code;received_date;intake_type;reporter;reason;gender;birth_year;"
              "assessment_date;assessment_outcome;investigation_id")


def stored(store) -> dict[str, str | None]:
    with session_scope(store) as s:
        return dict(s.execute(select(Intake.intake_id, Intake.staff_code).order_by(Intake.intake_id)).all())


def write(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# --- the schema ---------------------------------------------------------------------------------


def test_a_freshly_migrated_store_equals_the_models(tmp_path):
    engine = get_engine(store_url("t_intake_schema", tmp_path))
    migrate(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == "0012"  # the newest migration
    engine.dispose()


# --- the import ---------------------------------------------------------------------------------


def test_an_intakes_file_without_the_column_imports_as_before(store):
    result = import_path(store, CONTRACT)
    assert result.ok, result.errors
    assert result.counts["intakes.csv"].inserted == 3
    assert not any("staff_code" in notice or "personal_kod" in notice for notice in result.notices)
    assert stored(store) == {"A1": None, "A2": None, "A3": None}


def test_the_column_is_stored_updated_by_a_newer_extract_and_kept_when_left_out(store, tmp_path):
    assert import_path(store, CONTRACT).ok
    assigned = write(tmp_path / "intakes.csv", OLD_HEADER + ";personal_kod",
                     "A1;P1;MOT;2024-01-03 09:15;anmalan;skola;vald;flicka;2012;2024-01-15;inleds;U1;H001",
                     "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;;;;K001")
    result = import_path(store, assigned)
    assert result.ok, result.errors
    assert result.summary_lines() == ["intakes.csv: 0 nya, 2 uppdaterade, 0 oförändrade rader"]
    assert stored(store) == {"A1": "H001", "A2": None, "A3": "K001"}

    again = import_path(store, assigned)  # the same extract twice changes nothing
    assert again.summary_lines() == ["intakes.csv: 0 nya, 0 uppdaterade, 2 oförändrade rader"]

    without = write(tmp_path / "intakes.csv", OLD_HEADER,  # an older extract's shape: the column left out
                    "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;2024-02-20;inleds_ej;")
    assert import_path(store, without).ok
    assert stored(store) == {"A1": "H001", "A2": None, "A3": "K001"}

    reassigned = write(tmp_path / "intakes.csv", OLD_HEADER + ";staff_code",
                       "A1;P1;MOT;2024-01-03 09:15;anmalan;skola;vald;flicka;2012;2024-01-15;inleds;U1;",
                       "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;2024-02-20;inleds_ej;;H003")
    assert import_path(store, reassigned).ok  # present but empty: the extract is the newest truth
    assert stored(store) == {"A1": None, "A2": None, "A3": "H003"}


def test_a_handlaggare_from_the_same_imports_staff_file_is_known(store, tmp_path):
    folder = tmp_path / "extrakt"
    folder.mkdir()
    for name in ("teams.csv", "staff.csv"):
        (folder / name).write_bytes((CONTRACT / name).read_bytes())
    write(folder / "intakes.csv", OLD_HEADER + ";staff_code",
          "A7;P7;MOT;2024-03-01;anmalan;skola;vald;pojke;2013;;;;H001")
    result = import_path(store, folder)
    assert result.ok, result.errors
    assert stored(store) == {"A7": "H001"}


def test_an_unknown_handlaggare_is_refused_as_in_investigations(store, contract_dir):
    rewrite(contract_dir / "investigations.csv", "U1;P1;UTR1;H002;", "U1;P1;UTR1;H999;")
    intakes = contract_dir / "intakes.csv"
    rewrite(intakes, "investigation_id;serious_talk\n", "investigation_id;serious_talk;personal_kod\n")
    rewrite(intakes, ";inleds;U1;\n", ";inleds;U1;;H001\n")
    rewrite(intakes, ";2024-01-11 10:00\n", ";2024-01-11 10:00;\n")
    rewrite(intakes, "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;;;;;\n",
            "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;;;;;;H998\n")
    before = snapshot(store)
    result = import_path(store, contract_dir)
    assert not result.ok
    assert result.errors == [
        'intakes.csv, rad 4, kolumn personal_kod: okänd personal (saknas i staff.csv och i databasen): "H998".',
        'investigations.csv, rad 2, kolumn staff_code: okänd personal (saknas i staff.csv och i databasen): "H999".',
    ]
    assert snapshot(store) == before


def test_a_first_load_and_an_update_write_the_column_in_bulk(store, tmp_path):
    """No statement per row: a first load is one bulk insert, an update one executemany."""
    assert import_path(store, CONTRACT / "teams.csv").ok
    assert import_path(store, CONTRACT / "staff.csv").ok
    rows = [f"B{n};P{n};MOT;2024-03-01;anmalan;skola;vald;pojke;2013;;;;{'H001' if n % 3 else ''}" for n in range(300)]
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split()[0].upper() + (" many" if executemany else ""))

    event.listen(store, "before_cursor_execute", seen)
    try:
        assert import_path(store, write(tmp_path / "intakes.csv", OLD_HEADER + ";staff_code", *rows)).ok
        first = len(statements)
        changed = [row.replace(";H001", ";H003") if n % 2 else row for n, row in enumerate(rows)]
        assert import_path(store, write(tmp_path / "intakes.csv", OLD_HEADER + ";staff_code", *changed)).ok
    finally:
        event.remove(store, "before_cursor_execute", seen)
    assert first < 40 and len(statements) - first < 40
    values = stored(store)
    assert sum(v == "H001" for v in values.values()) == 100 and sum(v == "H003" for v in values.values()) == 100
    assert sum(v is None for v in values.values()) == 100


# --- the warning list ---------------------------------------------------------------------------


def test_a_handlaggare_without_a_name_is_shown_by_code(store, tmp_path):
    assert import_path(store, CONTRACT).ok
    assert import_path(store, write(tmp_path / "intakes.csv", OLD_HEADER + ";staff_code",
                                    "A3;P1;MOT;2024-02-01;ansokan;privatperson;ovrigt;flicka;2012;;;;K001")).ok
    with session_scope(store) as session:
        listed = early_warnings.open_intakes(session, Filters(period(2024, "helår")), dt.date(2024, 2, 20))
    assert list(zip(listed["intake_id"], listed["staff"], listed["days"])) == [("A3", "K001", 19)]


def _page_as(monkeypatch, store, user: str):
    at = open_app(monkeypatch, store.url.render_as_string(hide_password=False), user=user, script="pages/tidsfrister.py")
    return choose(at, 2024, "månad", 2, unit="Barn- och ungdomsenheten")  # the lists as of 29 Feb 2024


def _open_intakes_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Aktualisering" in d.value.columns)


@pytest.fixture
def fresh_cache():
    """The test store's URL is shared by many tests, and its import ids start over: no cached list from another."""
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_tidsfrister_lists_open_intakes_with_the_handlaggare_and_the_excel_says_the_same(store, monkeypatch, fresh_cache):
    from ui.widgets import excel

    assert import_path(store, KPI_FIXTURE).ok
    with session_scope(store) as s:
        auth.create_user(s, "t_chef", "enhetschef", ["BOU", "FAM"], TEST_PASSWORD, display_name="t_chef")
        auth.create_user(s, "t_bitr_mot", "bitr_enhetschef", ["MOT"], TEST_PASSWORD, display_name="t_bitr_mot")
    books: list[bytes] = []
    real_download = excel.download

    def keep(label, sheets, file_name, key=None):  # the workbook a click would write (it is deferred to the click)
        books.append(excel.workbook(sheets))
        return real_download(label, sheets, file_name, key)

    monkeypatch.setattr(excel, "download", keep)
    at = _page_as(monkeypatch, store, "t_chef")
    assert any(t.label == "Öppna aktualiseringar ≥ 10 dagar (4)" for t in at.tabs)
    table = _open_intakes_table(at)
    assert list(table.columns) == ["Aktualisering", "Person", "Arbetsgrupp", "Handläggare", "Inkom", "Typ", "Anmälare",
                                   "Dagar", "Läge"]
    assert list(zip(table["Aktualisering"], table["Handläggare"], table["Dagar"])) == [
        ("A3", "Eva Holm", 40), ("A5", "Ej fördelad", 19), ("A6", "Sara Ek", 17), ("A7", "Eva Holm", 15)]
    sheet = pd.read_excel(io.BytesIO(books[-1]), sheet_name="Öppna aktualiseringar ≥ 10 daga")
    assert list(zip(sheet["Aktualisering"], sheet["Handläggare"])) == [
        ("A3", "Eva Holm"), ("A5", "Ej fördelad"), ("A6", "Sara Ek"), ("A7", "Eva Holm")]

    # The mottagning's biträdande enhetschef: her team's list, a colleague from Utredningsgrupp 1 by code.
    at = _page_as(monkeypatch, store, "t_bitr_mot")
    table = _open_intakes_table(at)
    assert list(zip(table["Aktualisering"], table["Handläggare"])) == [
        ("A3", "Eva Holm"), ("A5", "Ej fördelad"), ("A6", "S1"), ("A7", "Eva Holm")]
    sheet = pd.read_excel(io.BytesIO(books[-1]), sheet_name="Öppna aktualiseringar ≥ 10 daga")
    assert list(sheet["Handläggare"]) == ["Eva Holm", "Ej fördelad", "S1", "Eva Holm"]


def test_the_investigation_lists_name_a_handlaggare_by_the_same_rule(store, tmp_path):
    """A biträdande enhetschef for UTR2 sees an UTR2 investigation handled by a UTR1 colleague by code only;
    the enhetschef, who sees every team of her unit in detail, sees the name."""
    import shutil

    from services.core.scope import Access

    files = tmp_path / "kpi"
    shutil.copytree(KPI_FIXTURE, files)
    with (files / "investigations.csv").open("a", encoding="utf-8") as f:
        f.write("U9;P9;UTR2;S1;2024-01-10;;;;nej;pojke;2012\n")
    assert import_path(store, files).ok
    as_of = dt.date(2024, 5, 1)
    shown = {}
    for who, access in (("bitr", Access(units=frozenset({"BOU"}), detail_teams=frozenset({"UTR2"}))),
                        ("chef", Access(units=frozenset({"BOU"}), detail_teams=None))):
        with session_scope(store) as session:
            frame = early_warnings.investigations_near_limit(session, Filters(period(2024, "T1"), access=access), as_of)
        row = frame[frame["investigation_id"] == "U9"].iloc[0]
        shown[who] = (row["staff_code"], row["staff_name"])
    assert shown == {"bitr": ("S1", None), "chef": ("S1", "Sara Ek")}
