"""Writing validated tables: derived columns, idempotent upserts and the person register.

Runs inside the caller's transaction; it never commits, so a multi-file import is
all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from models import Base, Intake, Person, Unit
from services.core.periods import shift_months
from services.importer.storage import TABLES
from services.importer.validate import ParsedTable

MODELS: dict[str, type[Base]] = {name: tables[0] for name, tables in TABLES.items()}  # the file's own table
CHUNK = 500  # keys per IN (…) lookup
BATCH = 50_000  # rows converted to Python values and written at a time
BUILD_INDEXES_AFTER = 100_000  # a first load this large builds the table's indexes after the rows


@dataclass
class FileCount:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: FileCount) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


def write_table(session: Session, table: ParsedTable) -> FileCount:
    """Upsert one validated file and keep what depends on it current."""
    name = table.spec.name
    model = MODELS[name]
    frame = table.frame.copy(deep=False)  # derived columns are added to this view, the file's stay shared
    derive = DERIVATIONS.get(name)
    if derive:
        derive(frame)
    if name == "teams":
        columns = _columns(frame, model)
        _upsert(session, Unit, _units_from_teams(columns), ("unit_code",))
        frame = frame[[c for c in ("team_code", "team_name", "unit_code", "function") if c in frame]]
    count = FileCount()
    first_load = _is_empty(session, model, table.spec.key)
    as_text = _sqlite_date_columns(session, model, frame) if first_load else set()
    with _indexes_built_after(session, model, len(frame) if first_load else 0):
        for start in range(0, len(frame), BATCH):  # Python values for one batch at a time: memory stays flat
            batch = frame.iloc[start : start + BATCH]
            if first_load:  # nothing stored to compare with: straight in
                insert_rows(session, model, _columns(batch, model, as_text), prepared=as_text)
                count.inserted += len(batch)
            else:
                count.add(_upsert(session, model, _columns(batch, model), table.spec.key))
    if name == "intakes":
        refresh_persons(session, set(frame["person_key"].unique()))
    if name == "workload":
        from services.staffing.workload import (
            assign_models,  # the model version valid on each round's day
        )

        assign_models(session)
    return count


@contextmanager
def _indexes_built_after(session: Session, model: type[Base], new_rows: int) -> Iterator[None]:
    """A first load of many rows into an empty table: its secondary indexes are dropped and built once
    at the end, a sort instead of millions of B-tree inserts. In the import's transaction, so a failed
    import leaves them as they were."""
    indexes = list(model.__table__.indexes) if new_rows >= BUILD_INDEXES_AFTER else []
    connection = session.connection()
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)


def _columns(frame: pd.DataFrame, model: type[Base], as_text: set[str] = frozenset()) -> dict[str, list]:
    """Columns (the file's and the derived ones) as lists of Python values, None for empty.

    Columns named in `as_text` come as the text SQLite stores for them (see _sqlite_text).
    """
    types = {c.name: c.type for c in model.__table__.columns}
    return {
        name: _sqlite_text(frame[name], isinstance(types[name], DateTime)) if name in as_text
        else _python_values(frame[name], types.get(name))
        for name in frame.columns
    }


def _is_empty(session: Session, model: type[Base], key: tuple[str, ...]) -> bool:
    return session.execute(select(*[getattr(model, k) for k in key]).limit(1)).first() is None


def _sqlite_date_columns(session: Session, model: type[Base], frame: pd.DataFrame) -> set[str]:
    """Date and time columns that can be written as SQLite text made column-wise (on SQLite only)."""
    if session.get_bind().dialect.name != "sqlite":
        return set()
    types = {c.name: c.type for c in model.__table__.columns}
    return {
        name for name in frame.columns
        if isinstance(types.get(name), (Date, DateTime)) and pd.api.types.is_datetime64_any_dtype(frame[name])
    }


def _sqlite_text(series: pd.Series, with_time: bool) -> list:
    """SQLite keeps dates as text, 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS.ffffff' (SQLAlchemy's format).

    Made by numpy for the whole column: SQLAlchemy's own converter, value by value, was a third of
    a million-row import. tests/test_importer.py holds the two to the same text.
    """
    text = np.datetime_as_string(series.to_numpy(dtype="datetime64[us]"), unit="us" if with_time else "D").tolist()
    if with_time:
        text = [value.replace("T", " ", 1) for value in text]
    return _with_none(text, series.isna().to_numpy())


def _with_none(values: list, missing: np.ndarray) -> list:
    if not missing.any():
        return values
    return [None if gone else value for value, gone in zip(values, missing.tolist())]


def _python_values(series: pd.Series, column_type: object) -> list:
    """One column as the Python values the database driver takes (date, datetime, int, float, str, bool)."""
    missing = series.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.date.tolist() if not isinstance(column_type, DateTime) else series.array.to_pydatetime().tolist()
    elif isinstance(column_type, Integer) and pd.api.types.is_numeric_dtype(series):
        values = series.fillna(0).astype("int64").tolist()
    elif isinstance(column_type, (Float, Numeric)) and pd.api.types.is_numeric_dtype(series):
        values = series.astype(float).tolist()
    else:
        values = series.tolist()
    return _with_none(values, missing)


def _units_from_teams(columns: dict[str, list]) -> dict[str, list]:
    units: dict[str, dict] = {}
    for r in _rows(columns):
        units[r["unit_code"]] = {"unit_code": r["unit_code"], "unit_name": r["unit_name"]}
        if "district" in r:
            units[r["unit_code"]]["district"] = r["district"]
    rows = list(units.values())
    return {name: [r[name] for r in rows] for name in (rows[0] if rows else {})}


def _rows(columns: dict[str, list]) -> list[dict]:
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def _month_start(days: pd.Series) -> pd.Series:
    return days.dt.to_period("M").dt.to_timestamp()


def _hours_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Elapsed hours; a date given without time counts as 'that day', never negative."""
    return ((later - earlier).dt.total_seconds() / 3600).clip(lower=0.0)


def _derive_intake(f: pd.DataFrame) -> None:
    received = f["received_date"]
    f["received_at"] = received
    f["received_date"] = received.dt.normalize()
    f["received_month"] = _month_start(received)
    if "assessment_date" in f:
        assessed = f["assessment_date"]
        f["assessment_month"] = _month_start(assessed)
        f["assessment_days"] = (assessed - f["received_date"]).dt.days
    if "protection_assessed" in f:
        f["protection_hours"] = _hours_between(f["protection_assessed"], received)
    if "serious_talk" in f:
        f["serious_talk_hours"] = _hours_between(f["serious_talk"], received)
    if "birth_year" in f:
        f["age"] = received.dt.year - f["birth_year"]


def _derive_investigation(f: pd.DataFrame) -> None:
    f["due_date"] = pd.to_datetime(pd.Series([_four_months_later(d) for d in f["start_date"].dt.date], index=f.index))
    if "end_date" in f:
        end = f["end_date"]
        f["end_month"] = _month_start(end)
        f["duration_days"] = (end - f["start_date"]).dt.days


_LAST_SHIFTABLE = dt.date(9999, 8, 31)


def _four_months_later(day: dt.date) -> dt.date:
    """The utredning's legal deadline; a start in the calendar's last months (a placeholder date) keeps the last day."""
    return shift_months(day, 4) if day <= _LAST_SHIFTABLE else dt.date.max


def _derive_target(f: pd.DataFrame) -> None:
    f["scope"] = f["scope"].fillna("") if "scope" in f else ""
    f["period"] = f["period"].fillna("").str.upper() if "period" in f else ""


DERIVATIONS = {
    "intakes": _derive_intake,
    "investigations": _derive_investigation,
    "targets": _derive_target,
}


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def _existing(session: Session, model: type[Base], key: tuple[str, ...], keys: list[tuple], columns: list[str]) -> dict:
    """The stored rows for the keys in this file, keyed like the file."""
    found: dict[tuple, dict] = {}
    attrs = [getattr(model, c) for c in columns]
    key_attrs = [getattr(model, k) for k in key]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        if len(key) == 1:
            condition = key_attrs[0].in_([k[0] for k in chunk])
        else:
            condition = tuple_(*key_attrs).in_(chunk)
        for row in session.execute(select(*attrs).where(condition)):
            values = dict(zip(columns, row))
            found[tuple(values[k] for k in key)] = values
    return found


def _upsert(session: Session, model: type[Base], columns: dict[str, list], key: tuple[str, ...]) -> FileCount:
    """Insert new keys, update changed rows, leave identical rows alone; never delete."""
    count = FileCount()
    names = list(columns)
    if not names or not columns[names[0]]:
        return count
    keys = list(zip(*(columns[k] for k in key)))
    existing = _existing(session, model, key, keys, names)
    new_rows, changed_rows = [], []
    for row_key, row in zip(keys, zip(*columns.values())):
        stored = existing.get(row_key)
        if stored is None:
            new_rows.append(row)
        elif all(_same(value, stored[c]) for c, value in zip(names, row)):
            count.unchanged += 1
        else:
            changed_rows.append(dict(zip(names, row)))
    if new_rows:
        insert_rows(session, model, dict(zip(names, (list(c) for c in zip(*new_rows)))))
    if changed_rows:
        session.execute(update(model), changed_rows)
    count.inserted, count.updated = len(new_rows), len(changed_rows)
    return count


def insert_rows(session: Session, model: type[Base], columns: dict[str, list], prepared: set[str] = frozenset()) -> None:
    """Bulk insert in the session's transaction: COPY on PostgreSQL, one prepared executemany on SQLite.

    The ORM's bulk insert spends most of a million-row import on per-row bookkeeping; this goes
    straight to the driver, with each value converted by its column's own SQLAlchemy type, so the
    stored text (SQLite's dates) is exactly what the ORM would have written. `prepared`: columns
    already in that stored form.
    """
    table = model.__table__
    columns = dict(columns)
    rows_count = len(next(iter(columns.values())))
    for column in table.columns:  # scalar Python defaults the ORM would have filled in
        if column.name not in columns and column.default is not None and column.default.is_scalar:
            columns[column.name] = [column.default.arg] * rows_count
    connection = session.connection()
    dialect = connection.dialect
    for name, values in columns.items():
        process = None if name in prepared else table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            columns[name] = [process(v) for v in values]
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    rows = zip(*columns.values())
    if dialect.name == "postgresql":
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", list(rows))


FULL_REFRESH = 20_000  # more persons than this in one import: rebuild the register in one statement


def refresh_persons(session: Session, person_keys: set[str]) -> None:
    """Gender and birth year per person from the latest intake (the contract's fallback rule).

    Done in the database (INSERT … SELECT), never through Python: a monthly file touches a few
    thousand persons (chunks by key), a first load of a city several hundred thousand (one rebuild).
    """
    if len(person_keys) > FULL_REFRESH:
        session.execute(delete(Person))
        session.execute(_insert_latest(None))
        return
    keys = sorted(person_keys)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        session.execute(delete(Person).where(Person.person_key.in_(chunk)))
        session.execute(_insert_latest(chunk))


def _insert_latest(keys: list[str] | None):
    """INSERT INTO persons the latest intake's gender and birth year of each person (all, or those keys)."""
    latest = select(
        Intake.person_key,
        Intake.gender,
        Intake.birth_year,
        Intake.received_at,
        func.row_number()
        .over(partition_by=Intake.person_key, order_by=(Intake.received_at.desc(), Intake.intake_id.desc()))
        .label("rank"),
    )
    if keys is not None:
        latest = latest.where(Intake.person_key.in_(keys))
    latest = latest.subquery()
    chosen = select(latest.c.person_key, latest.c.gender, latest.c.birth_year, latest.c.received_at).where(latest.c.rank == 1)
    return insert(Person).from_select(["person_key", "gender", "birth_year", "latest_received"], chosen)
