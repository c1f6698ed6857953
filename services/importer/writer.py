"""Writing validated tables: derived columns, idempotent upserts and the person register.

Runs inside the caller's transaction; it never commits, so a multi-file import is
all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from models import (
    Absence,
    Base,
    BudgetLine,
    Intake,
    Intervention,
    Investigation,
    Person,
    Position,
    Staff,
    Target,
    Team,
    Unit,
    WorkloadMeasurement,
)
from services.importer.validate import ParsedTable
from services.periods import shift_months

MODELS: dict[str, type[Base]] = {
    "teams": Team,
    "staff": Staff,
    "positions": Position,
    "absence": Absence,
    "intakes": Intake,
    "investigations": Investigation,
    "interventions": Intervention,
    "workload": WorkloadMeasurement,
    "budget": BudgetLine,
    "targets": Target,
}
CHUNK = 500


@dataclass
class FileCount:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


def write_table(session: Session, table: ParsedTable) -> FileCount:
    """Upsert one validated file and keep what depends on it current."""
    name = table.spec.name
    records = _records(table)
    if name == "teams":
        _upsert(session, Unit, _units_from_teams(records), ("unit_code",))
        records = [{k: r[k] for k in ("team_code", "team_name", "unit_code", "function") if k in r} for r in records]
    count = _upsert(session, MODELS[name], records, table.spec.key)
    if name == "intakes":
        refresh_persons(session, {r["person_key"] for r in records})
    if name == "workload":
        from services.workload import assign_models  # the model version valid on each round's day

        assign_models(session)
    return count


def _records(table: ParsedTable) -> list[dict]:
    frame = table.frame
    spec = table.spec
    out: dict[str, list] = {}
    for col in spec.columns:
        if col.name not in frame:
            continue
        series = frame[col.name]
        if col.kind == "date" or col.kind == "month":
            out[col.name] = [None if pd.isna(v) else v.date() for v in series]
        elif col.kind == "datetime":
            out[col.name] = [None if pd.isna(v) else v.to_pydatetime() for v in series]
        elif col.kind == "integer":
            out[col.name] = [None if pd.isna(v) else int(v) for v in series]
        elif col.kind == "number":
            out[col.name] = [None if pd.isna(v) else float(v) for v in series]
        else:
            out[col.name] = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in series]
    records = [dict(zip(out, values)) for values in zip(*out.values())]
    derive = DERIVATIONS.get(spec.name)
    if derive:
        for record in records:
            derive(record)
    return records


def _units_from_teams(records: list[dict]) -> list[dict]:
    units: dict[str, dict] = {}
    for r in records:
        units[r["unit_code"]] = {"unit_code": r["unit_code"], "unit_name": r["unit_name"]}
        if "district" in r:
            units[r["unit_code"]]["district"] = r["district"]
    return list(units.values())


def _hours_between(later: dt.datetime | None, earlier: dt.datetime) -> float | None:
    """Elapsed hours; a date given without time counts as 'that day', never negative."""
    if later is None:
        return None
    return max(0.0, (later - earlier).total_seconds() / 3600)


def _month_start(day: dt.date | None) -> dt.date | None:
    return None if day is None else day.replace(day=1)


def _derive_intake(r: dict) -> None:
    received = r["received_date"]
    r["received_at"] = received
    r["received_date"] = received.date()
    r["received_month"] = _month_start(r["received_date"])
    if "assessment_date" in r:
        assessed = r["assessment_date"]
        r["assessment_month"] = _month_start(assessed)
        r["assessment_days"] = None if assessed is None else (assessed - r["received_date"]).days
    if "protection_assessed" in r:
        r["protection_hours"] = _hours_between(r["protection_assessed"], received)
    if "serious_talk" in r:
        r["serious_talk_hours"] = _hours_between(r["serious_talk"], received)
    if "birth_year" in r:
        r["age"] = None if r["birth_year"] is None else received.year - r["birth_year"]


def _derive_investigation(r: dict) -> None:
    r["due_date"] = shift_months(r["start_date"], 4)
    if "end_date" in r:
        end = r["end_date"]
        r["end_month"] = _month_start(end)
        r["duration_days"] = None if end is None else (end - r["start_date"]).days


def _derive_target(r: dict) -> None:
    r["scope"] = r.get("scope") or ""
    r["period"] = (r.get("period") or "").upper()


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


def _existing(session: Session, model: type[Base], key: tuple[str, ...], records: list[dict], columns: list[str]) -> dict:
    """The stored rows for the keys in this file, keyed like the file."""
    found: dict[tuple, dict] = {}
    attrs = [getattr(model, c) for c in columns]
    key_attrs = [getattr(model, k) for k in key]
    keys = [tuple(r[k] for k in key) for r in records]
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


def _upsert(session: Session, model: type[Base], records: list[dict], key: tuple[str, ...]) -> FileCount:
    """Insert new keys, update changed rows, leave identical rows alone; never delete."""
    count = FileCount()
    if not records:
        return count
    columns = list(records[0])
    existing = _existing(session, model, key, records, columns)
    new_rows, changed_rows = [], []
    for record in records:
        stored = existing.get(tuple(record[k] for k in key))
        if stored is None:
            new_rows.append(record)
        elif all(_same(record[c], stored[c]) for c in columns):
            count.unchanged += 1
        else:
            changed_rows.append(record)
    for start in range(0, len(new_rows), 5000):
        session.execute(insert(model), new_rows[start : start + 5000])
    if changed_rows:
        session.execute(update(model), changed_rows)
    count.inserted, count.updated = len(new_rows), len(changed_rows)
    return count


def refresh_persons(session: Session, person_keys: set[str]) -> None:
    """Gender and birth year per person from the latest intake (the contract's fallback rule)."""
    keys = sorted(person_keys)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        latest = (
            select(
                Intake.person_key,
                Intake.gender,
                Intake.birth_year,
                Intake.received_at,
                func.row_number()
                .over(partition_by=Intake.person_key, order_by=(Intake.received_at.desc(), Intake.intake_id.desc()))
                .label("rank"),
            )
            .where(Intake.person_key.in_(chunk))
            .subquery()
        )
        rows = session.execute(
            select(latest.c.person_key, latest.c.gender, latest.c.birth_year, latest.c.received_at).where(latest.c.rank == 1)
        ).all()
        session.execute(delete(Person).where(Person.person_key.in_(chunk)))
        if rows:
            session.execute(
                insert(Person),
                [{"person_key": k, "gender": g, "birth_year": b, "latest_received": r} for k, g, b, r in rows],
            )
