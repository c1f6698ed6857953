"""Early-warning lists: what is about to pass a legal limit, or already has.

Lists carry pseudonymous ids and the responsible team and handläggare; they are
small (open cases only), so days are counted in Python on the fetched rows.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from models import Intake, Intervention, Investigation, Staff, Team
from models import codes as code_lists
from services.core.scope import Filters, in_detail, restrict_detail
from services.flow.decisions import not_carried_conditions

OPEN_INTAKE_MIN_DAYS = 10
INVESTIGATION_WARN_DAYS = 30
UNASSIGNED = "Ej fördelad"  # an intake without a handläggare yet


def _shown_name(filters: Filters):
    """A handläggare's name where the user sees the staff member's team in detail (scope.in_detail), else
    nothing (the list shows the pseudonymous code): the same for every list that names a handläggare."""
    return case((in_detail(Staff.team_code, filters), Staff.display_name), else_=None)


def open_intakes(session: Session, filters: Filters, as_of: dt.date, min_days: int = OPEN_INTAKE_MIN_DAYS) -> pd.DataFrame:
    """Intakes without a förhandsbedömning on `as_of`, received at least `min_days` earlier.

    `staff` is the handläggare as the list shows it: the name where the user sees the staff member's
    team in detail (scope.in_detail) and the name is known, otherwise the pseudonymous code;
    UNASSIGNED when the intake has none yet.
    """
    staff = func.coalesce(_shown_name(filters), Intake.staff_code, literal(UNASSIGNED))
    query = restrict_detail(
        select(Intake.intake_id, Intake.person_key, Team.team_name, staff, Intake.received_date, Intake.intake_type,
               Intake.reporter)
        .join(Team, Team.team_code == Intake.team_code)
        .outerjoin(Staff, Staff.staff_code == Intake.staff_code)
        .where(
            Intake.received_date <= as_of - dt.timedelta(days=min_days),
            or_(Intake.assessment_date.is_(None), Intake.assessment_date > as_of),
        )
        .order_by(Intake.received_date),
        Intake.team_code, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["intake_id", "person_key", "team", "staff", "received", "type", "reporter"])
    frame["days"] = [(as_of - d).days for d in frame["received"]]
    frame["type"] = frame["type"].map(lambda c: code_lists.label(code_lists.INTAKE_TYPES, c))
    frame["reporter"] = frame["reporter"].map(lambda c: code_lists.label(code_lists.REPORTERS, c))
    frame["status"] = ["Passerad (över 14 dagar)" if d > 14 else "Nära 14 dagar" for d in frame["days"]]
    return frame


def _ongoing_investigations(session: Session, filters: Filters, as_of: dt.date, extra) -> pd.DataFrame:
    query = restrict_detail(
        select(
            Investigation.investigation_id, Investigation.person_key, Team.team_name, Investigation.staff_code,
            _shown_name(filters), Investigation.start_date, Investigation.due_date, Investigation.extended_until,
        )
        .join(Team, Team.team_code == Investigation.team_code)
        .outerjoin(Staff, Staff.staff_code == Investigation.staff_code)
        .where(Investigation.start_date <= as_of, or_(Investigation.end_date.is_(None), Investigation.end_date > as_of), *extra)
        .order_by(Investigation.due_date),
        Investigation.team_code, filters,
    )
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["investigation_id", "person_key", "team", "staff_code", "staff_name", "start", "due", "extended_until"],
    )
    frame["days_running"] = [(as_of - d).days for d in frame["start"]]
    frame["days_left"] = [(d - as_of).days for d in frame["due"]]
    return frame


def investigations_near_limit(session: Session, filters: Filters, as_of: dt.date, within_days: int = INVESTIGATION_WARN_DAYS) -> pd.DataFrame:
    """Ongoing investigations with at most `within_days` left to the 4-month limit, or past it."""
    frame = _ongoing_investigations(
        session, filters, as_of, [Investigation.due_date <= as_of + dt.timedelta(days=within_days)]
    )
    frame["status"] = [
        ("Förlängd" if ext is not None and left < 0 else "Passerad") if left < 0 else f"{left} dagar kvar"
        for left, ext in zip(frame["days_left"], frame["extended_until"])
    ]
    return frame


def extended_investigations(session: Session, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """Ongoing investigations with a documented decision to extend past 4 months."""
    return _ongoing_investigations(session, filters, as_of, [Investigation.extended_until.is_not(None)])


def decisions_not_carried_out(session: Session, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """The quarterly IVO list: decisions older than 3 months not carried out on `as_of`."""
    query = restrict_detail(
        select(
            Intervention.intervention_id, Intervention.person_key, Team.team_name, Intervention.category,
            Intervention.kind, Intervention.legal_basis, Intervention.decision_date,
        )
        .join(Team, Team.team_code == Intervention.team_code)
        .where(Intervention.decision_date <= as_of, *not_carried_conditions(as_of))
        .order_by(Intervention.decision_date),
        Intervention.team_code, filters,
    )
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["intervention_id", "person_key", "team", "category", "kind", "legal_basis", "decision_date"],
    )
    frame["days_waiting"] = [(as_of - d).days for d in frame["decision_date"]]
    frame["category"] = frame["category"].map(lambda c: code_lists.label(code_lists.INTERVENTION_CATEGORIES, c))
    frame["kind"] = frame["kind"].map(lambda c: code_lists.label(code_lists.INTERVENTION_KINDS, c))
    return frame
