"""Import of case-system, HR and finance extracts (shared/spec/DATA_CONTRACT.md).

read -> validate every file -> (only if all are valid) upsert all in one transaction -> log.
The command line and the app's upload page both call `import_path` / `import_files`.
"""

from __future__ import annotations

import datetime as dt
import json
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models import ImportLog, Staff, Team, Unit
from services.access import audit
from services.core.db import bulk_write, refresh_statistics, session_scope
from services.importer.problems import ImportProblem, report_table, safe_text
from services.importer.reader import ReadResult, read_path, read_upload
from services.importer.spec import SPECS
from services.importer.validate import (
    ParsedTable,
    References,
    find_column,
    validate_table,
)
from services.importer.writer import FileCount, write_table

__all__ = ["SPECS", "ImportProblem", "ImportResult", "import_files", "import_path", "report_table"]


@dataclass
class ImportResult:
    """What an import did. `problems` say why it was refused (file, row, column, value, message);
    `errors` are the same as the Swedish lines the command line prints and the import log keeps."""

    ok: bool
    problems: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, FileCount] = field(default_factory=dict)  # label -> counts
    log_id: int | None = None

    @property
    def errors(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def summary_lines(self) -> list[str]:
        """One Swedish line per file: what the import did to the store."""
        return [
            f"{label}: {c.inserted} nya, {c.updated} uppdaterade, {c.unchanged} oförändrade rader"
            for label, c in self.counts.items()
        ]


def import_path(engine: Engine, path: Path, username: str = "okänd", kind: str = "import") -> ImportResult:
    """Import a folder of CSVs, an .xlsx workbook or a single CSV."""
    return _import(engine, read_path(Path(path)), str(path), username, kind)


def import_files(engine: Engine, files: list[tuple[str, bytes]], username: str = "okänd") -> ImportResult:
    """Import uploaded files (name, bytes) as one all-or-nothing batch."""
    read = ReadResult()
    for name, data in files:
        part = read_upload(name, data)
        read.tables += part.tables
        read.problems += part.problems
        read.notices += part.notices
    return _import(engine, read, ", ".join(name for name, _ in files), username, "import")


def _import(engine: Engine, read: ReadResult, source: str, username: str, kind: str) -> ImportResult:
    started = dt.datetime.now()
    result = ImportResult(ok=False, problems=list(read.problems), notices=list(read.notices))
    try:
        parsed = _validate(engine, read, source, result)
    except Exception as error:  # a fault in the checking itself: refuse in Swedish, keep the details for the log
        result.problems.append(ImportProblem("", None, None, None, "Importen avbröts och ingenting sparades: "
                                             f"ett oväntat fel när filerna kontrollerades ({type(error).__name__})."))
        result.notices = [safe_text(n) for n in result.notices]
        result.log_id = _log(engine, started, username, source, kind, "fel", {}, [traceback.format_exc(limit=3)])
        return result
    result.notices = [safe_text(n) for n in result.notices]
    if result.problems:
        result.log_id = _log(engine, started, username, source, kind, "avvisad", {}, result.errors)
        return result
    try:
        with session_scope(engine) as session, bulk_write(session):
            for table in parsed:
                result.counts[table.label] = write_table(session, table)
            result.log_id = _add_log(session, started, username, source, kind, "ok", result.counts, [])
    except Exception as error:  # the transaction rolled back: record why, keep the store as it was
        result.counts = {}
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""  # the driver's first line, not its SQL
        result.problems.append(ImportProblem("", None, None, None,
                                             f"Importen avbröts och ingenting sparades: {type(error).__name__}: {reason}"))
        result.log_id = _log(engine, started, username, source, kind, "fel", {}, [traceback.format_exc(limit=3)])
        return result
    refresh_statistics(engine)
    result.ok = True
    return result


def _validate(engine: Engine, read: ReadResult, source: str, result: ImportResult) -> list[ParsedTable]:
    """Check every file; the problems go to result, the parsed tables come back (all or none are written)."""
    _check_one_per_table(read, result)
    parsed: list[ParsedTable] = []
    if result.problems:
        return parsed
    with session_scope(engine) as session:
        refs = _references(session, read)
    for raw in sorted(read.tables, key=lambda t: list(SPECS).index(t.table)):
        table, problems = validate_table(raw, SPECS[raw.table], refs, result.notices)
        result.problems += problems
        if table is not None:
            parsed.append(table)
    if not read.tables and not result.problems:
        result.problems.append(ImportProblem(source, None, None, None, "inget att importera."))
    for raw in read.tables:  # the text cells are parsed now: let them go before the writing
        raw.frame = raw.frame.iloc[:0]
    return parsed


def _check_one_per_table(read: ReadResult, result: ImportResult) -> None:
    seen: dict[str, str] = {}
    for raw in read.tables:
        if raw.table in seen:
            result.problems.append(ImportProblem(
                raw.label, None, None, None, f"{raw.table} finns redan i importen ({seen[raw.table]}); importera en i taget."))
        seen[raw.table] = raw.label


def _references(session: Session, read: ReadResult) -> References:
    """What files may refer to: the store's codes plus those the same import brings."""
    refs = References(
        teams=set(session.scalars(select(Team.team_code))),
        staff=set(session.scalars(select(Staff.staff_code))),
        units=set(session.scalars(select(Unit.unit_code))),
    )
    for raw in read.tables:
        spec = SPECS[raw.table]
        if raw.table == "teams":
            for name, known in (("team_code", refs.teams), ("unit_code", refs.units)):
                cells = find_column(raw, spec, name)
                if cells is not None:
                    known.update(v for v in cells if v)
        if raw.table == "staff":
            cells = find_column(raw, spec, "staff_code")
            if cells is not None:
                refs.staff.update(v for v in cells if v)
    return refs


def _log(engine: Engine, started, username, source, kind, outcome, counts, messages) -> int:
    with session_scope(engine) as session:
        return _add_log(session, started, username, source, kind, outcome, counts, messages)


def _add_log(session: Session, started, username, source, kind, outcome, counts, messages) -> int:
    """The import log and the audit event. Whatever they keep is safe_text: no personnummer (a folder or file
    can be named with one), no NUL byte (PostgreSQL's text refuses it)."""
    source = safe_text(source)
    entry = ImportLog(
        started_at=started,
        finished_at=dt.datetime.now(),
        username=safe_text(username)[:100],
        source=source[:500],
        kind=kind,
        files=json.dumps({safe_text(label): c.as_dict() for label, c in counts.items()}, ensure_ascii=False),
        outcome=outcome,
        message=safe_text("\n".join(messages))[:20000] or None,
    )
    session.add(entry)
    session.flush()
    audit.record(session, safe_text(username), "import", source, f"{kind}: {outcome}")
    return entry.id
