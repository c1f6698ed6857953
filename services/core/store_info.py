"""What the store holds: organisation, time span, row counts and the latest import."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from models import (
    Absence,
    BudgetLine,
    ImportLog,
    Intake,
    Intervention,
    Investigation,
    Staff,
    Team,
    Unit,
    WorkloadMeasurement,
)
from services.core.db import session_scope
from services.core.scope import FULL_ACCESS, Access, team_label

SAMPLE_KIND = "exempeldata"  # the import kind of the fictional sample municipality


@dataclass
class LastImport:
    at: dt.datetime
    username: str
    kind: str
    outcome: str
    files: dict


@dataclass
class StoreSummary:
    units: list[dict]  # unit_code, unit_name, district, teams
    counts: dict[str, int]  # Swedish label -> rows
    first_intake: dt.date | None
    last_intake: dt.date | None
    last_import: LastImport | None


def units(session: Session, access: Access = FULL_ACCESS) -> list[tuple[str, str]]:
    """(code, name) of every unit the user may see, by name."""
    query = select(Unit.unit_code, Unit.unit_name).order_by(Unit.unit_name)
    if access.units is not None:
        query = query.where(Unit.unit_code.in_(sorted(access.units)))
    return [tuple(r) for r in session.execute(query)]


def unit_name(session: Session, unit_code: str) -> str | None:
    return session.scalar(select(Unit.unit_name).where(Unit.unit_code == unit_code))


ALL_UNITS = "Alla enheter"


def scope_label(session: Session, filters) -> str:
    """'Barn- och ungdomsenheten › Utredningsgrupp 1' for page captions, 'Alla enheter' for all."""
    unit = (unit_name(session, filters.unit_code) or filters.unit_code) if filters.unit_code else ""
    if filters.team_code:
        team = session.scalar(select(Team.team_name).where(Team.team_code == filters.team_code))
        return f"{unit} › {team or filters.team_code}".lstrip(" ›")
    return unit or ALL_UNITS


def teams(session: Session, unit_code: str | None = None, access: Access = FULL_ACCESS) -> list[tuple[str, str]]:
    """(code, name) of the teams of a unit (or all) the user may choose, by name.

    A user who sees only some teams in detail (biträdande enhetschef) chooses among those;
    her unit's other teams reach her only in the unit's totals.
    """
    name = team_label(unit_code, access)
    query = select(Team.team_code, name).order_by(name)
    if unit_code:
        query = query.where(Team.unit_code == unit_code)
    if access.units is not None:
        query = query.where(Team.unit_code.in_(sorted(access.units)))
    if access.detail_teams:
        query = query.where(Team.team_code.in_(sorted(access.detail_teams)))
    return [tuple(r) for r in session.execute(query)]


def data_date(session: Session) -> dt.date | None:
    """The newest day the case data covers: the latest intake, assessment, investigation start or end,
    or decision in the store. Every period that ends after it is counted as of this day.

    Dates after today (a typo in an extract) are ignored, so one wrong row cannot move it forward.
    Each maximum is read through an index that exists for the KPIs (every page's header and the
    re-referral KPI ask for this day): the intakes by their month, the investigation starts and the
    decisions by team. A plain max() over the dates read all 1.1 million intakes of the city store.
    """
    today = dt.date.today()
    found = [_latest_intake_day(session, today),
             session.scalar(select(func.max(Intake.assessment_date)).where(Intake.assessment_date <= today)),
             _latest_by_team(session, Investigation.start_date, Investigation.team_code, today),
             session.scalar(select(func.max(Investigation.end_date)).where(Investigation.end_date <= today)),
             _latest_by_team(session, Intervention.decision_date, Intervention.team_code, today)]
    found = [day for day in found if day is not None]
    return max(found) if found else None


def _latest_intake_day(session: Session, today: dt.date) -> dt.date | None:
    """max(received_date) up to today, from the newest month that has such a day (the month index, then one month)."""
    month = session.scalar(select(func.max(Intake.received_month)).where(Intake.received_month <= today))
    while month is not None:
        day = session.scalar(select(func.max(Intake.received_date))
                             .where(Intake.received_month == month, Intake.received_date <= today))
        if day is not None:
            return day
        month = session.scalar(select(func.max(Intake.received_month)).where(Intake.received_month < month))
    return None


def _latest_by_team(session: Session, day, team_column, today: dt.date) -> dt.date | None:
    """max(day) up to today as the largest of each team's: one seek in the (team_code, day) index per team."""
    per_team = (select(func.max(day)).where(team_column == Team.team_code, day <= today)
                .correlate(Team).scalar_subquery())
    return session.scalar(select(func.max(per_team)).select_from(Team))


def data_months(session: Session) -> tuple[dt.date | None, dt.date | None]:
    """First and last month with data (intakes, closed budget months, absence): the span the period picker offers."""
    spans = [
        session.execute(select(func.min(Intake.received_month), func.max(Intake.received_month))).one(),
        session.execute(select(func.min(BudgetLine.month), func.max(BudgetLine.month)).where(BudgetLine.actual.is_not(None))).one(),
        session.execute(select(func.min(Absence.month), func.max(Absence.month))).one(),
        session.execute(select(func.min(Intervention.decision_date), func.max(Intervention.decision_date))).one(),
    ]
    firsts = [f for f, _ in spans if f is not None]
    lasts = [last for _, last in spans if last is not None]
    if not firsts:
        return None, None
    return min(firsts).replace(day=1), max(lasts).replace(day=1)


def summary(session: Session, access: Access = FULL_ACCESS) -> StoreSummary:
    """Start's figures, limited to the units the user may see (names, codes, team counts, volumes, time span).

    The latest import is the store's: one import carries every unit's files.
    """
    def visible(query: Select, unit_column) -> Select:
        return query if access.units is None else query.where(unit_column.in_(sorted(access.units)))

    def in_teams(query: Select, team_column) -> Select:
        if access.units is None:
            return query
        return query.where(team_column.in_(visible(select(Team.team_code), Team.unit_code).scalar_subquery()))

    team_counts = dict(session.execute(visible(select(Team.unit_code, func.count()), Team.unit_code).group_by(Team.unit_code)).all())
    unit_rows = [
        {"unit_code": code, "unit_name": name, "district": district, "teams": team_counts.get(code, 0)}
        for code, name, district in session.execute(
            visible(select(Unit.unit_code, Unit.unit_name, Unit.district), Unit.unit_code).order_by(Unit.unit_name)
        )
    ]
    staff_team = select(Staff.team_code).where(Staff.staff_code == WorkloadMeasurement.staff_code).scalar_subquery()
    counted = {
        "Aktualiseringar": in_teams(select(func.count()).select_from(Intake), Intake.team_code),
        "Utredningar": in_teams(select(func.count()).select_from(Investigation), Investigation.team_code),
        "Insatser": in_teams(select(func.count()).select_from(Intervention), Intervention.team_code),
        "Personal": in_teams(select(func.count()).select_from(Staff), Staff.team_code),
        "Arbetstyngdsmätningar": in_teams(select(func.count()).select_from(WorkloadMeasurement), staff_team),
        "Budgetrader": visible(select(func.count()).select_from(BudgetLine), BudgetLine.unit_code),
    }
    counts = {label: session.scalar(query) or 0 for label, query in counted.items()}
    first, last = session.execute(
        in_teams(select(func.min(Intake.received_date), func.max(Intake.received_date)), Intake.team_code)).one()
    log = session.scalars(
        select(ImportLog).where(ImportLog.outcome == "ok").order_by(ImportLog.started_at.desc(), ImportLog.id.desc()).limit(1)
    ).first()
    last_import = (
        LastImport(log.finished_at or log.started_at, log.username, log.kind, log.outcome, json.loads(log.files or "{}"))
        if log
        else None
    )
    return StoreSummary(unit_rows, counts, first, last, last_import)


def import_history(session: Session, limit: int = 50) -> pd.DataFrame:
    """The newest imports first: when, who, what, and how it went (the Data page's history)."""
    rows = session.execute(
        select(ImportLog.started_at, ImportLog.username, ImportLog.kind, ImportLog.source, ImportLog.outcome, ImportLog.files)
        .order_by(ImportLog.id.desc()).limit(limit)
    ).all()
    frame = pd.DataFrame(rows, columns=["at", "username", "kind", "source", "outcome", "files"])
    frame["rows"] = [
        sum(c.get("inserted", 0) + c.get("updated", 0) for c in json.loads(f or "{}").values()) for f in frame["files"]
    ]
    return frame.drop(columns="files")


def data_version(session: Session) -> int:
    """The id of the latest accepted import: changes whenever the store's data changes."""
    return session.scalar(select(func.max(ImportLog.id)).where(ImportLog.outcome == "ok")) or 0


def store_is_empty(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Intake)) == 0


def holds_only_sample(engine: Engine) -> bool:
    """True while every accepted import was the sample: the app then labels itself Exempeldata."""
    with session_scope(engine) as session:
        kinds = set(session.scalars(select(ImportLog.kind).where(ImportLog.outcome == "ok")))
    return kinds == {SAMPLE_KIND}
