"""Fuzzing the importer: random bytes, random CSV and valid-looking rows with wrong values.

Whatever arrives, the importer answers with a result (never a traceback) and a rejected
import writes nothing. Example counts are kept small so the suite stays quick in CI.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Base
from services.core.db import session_scope
from services.importer import import_files
from services.importer.spec import SPECS
from tests.conftest import CONTRACT

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FILES = sorted(spec.file_name for spec in SPECS.values())


def _counts(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
                if t.name not in ("import_log", "audit_log")}


def _import_and_check(engine, files: list[tuple[str, bytes]]) -> None:
    before = _counts(engine)
    result = import_files(engine, files, username="fuzz")  # must not raise
    assert isinstance(result.errors, list)
    if not result.ok:
        assert result.errors and all(isinstance(e, str) and e for e in result.errors)
        assert _counts(engine) == before, "ett avvisat import skrev ändå"


@pytest.fixture
def loaded(store):
    files = [(p.name, p.read_bytes()) for p in sorted(CONTRACT.iterdir())]
    assert import_files(store, files).ok
    return store


@FUZZ
@given(name=st.sampled_from(FILES + ["okand.csv", "bok.xlsx", "data.txt"]), data=st.binary(max_size=2000))
def test_random_bytes_never_crash_and_never_write(loaded, name, data):
    _import_and_check(loaded, [(name, data)])


cell = st.text(alphabet=string.printable + "åäöÅÄÖé€;\"", max_size=12)


@FUZZ
@given(name=st.sampled_from(FILES), rows=st.lists(st.lists(cell, min_size=0, max_size=16), max_size=6),
       separator=st.sampled_from([";", ","]))
def test_random_csv_under_a_real_header_never_crashes(loaded, name, rows, separator):
    header = (CONTRACT / name).read_text(encoding="utf-8").splitlines()[0].replace(";", separator)
    text = "\n".join([header, *(separator.join(r) for r in rows)])
    _import_and_check(loaded, [(name, text.encode("utf-8"))])


@FUZZ
@given(name=st.sampled_from(FILES), column=st.integers(min_value=0, max_value=20),
       value=st.one_of(cell, st.sampled_from(["", "2024-02-30", "-1", "1e309", "NaN", "19121212-1212", "x" * 300])))
def test_a_valid_file_with_one_wrong_value_is_refused_or_accepted_cleanly(loaded, name, column, value):
    lines = (CONTRACT / name).read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[column % len(cells)] = value.replace(";", "").replace("\n", "")
    lines[1] = ";".join(cells)
    _import_and_check(loaded, [(name, "\n".join(lines).encode("utf-8"))])


def test_a_header_only_file_is_accepted_as_empty(loaded):
    """Found by the fuzzing above: a file with a header and no rows used to crash the duplicate check."""
    header = (CONTRACT / "absence.csv").read_text(encoding="utf-8").splitlines()[0]
    before = _counts(loaded)
    result = import_files(loaded, [("absence.csv", header.encode("utf-8"))])
    assert result.ok, result.errors
    assert _counts(loaded) == before
