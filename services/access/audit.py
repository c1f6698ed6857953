"""The audit log: who signed in, imported, exported, changed settings or viewed lists with ids.

Child-welfare data falls under OSL and GDPR art. 9: the förvaltning must be able to
answer who saw or changed what. Events are appended, never changed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent

ACTIONS = {
    "inloggning": "Inloggning",
    "inloggning_nekad": "Nekad inloggning",
    "utloggning": "Utloggning",
    "import": "Import",
    "export": "Export",
    "andring": "Ändring",
    "visning": "Visning av lista med id",
    "konto": "Kontoändring",
    "aterstallning": "Återställning från säkerhetskopia",
}


def record(session: Session, username: str, action: str, target: str = "", detail: str = "") -> None:
    """Append one event; `action` is a key of ACTIONS."""
    if action not in ACTIONS:
        raise ValueError(f"okänd händelse: {action}")
    session.add(AuditEvent(at=dt.datetime.now().replace(microsecond=0), username=username[:100],
                           action=action, target=target[:200], detail=detail))


def recent(session: Session, limit: int = 500, username: str | None = None, action: str | None = None) -> pd.DataFrame:
    """The newest events first, for the admin's log view."""
    query = select(AuditEvent.at, AuditEvent.username, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
    if username:
        query = query.where(AuditEvent.username == username)
    if action:
        query = query.where(AuditEvent.action == action)
    rows = session.execute(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    frame = pd.DataFrame(rows, columns=["at", "username", "action", "target", "detail"])
    frame["action"] = frame["action"].map(lambda a: ACTIONS.get(a, a))
    return frame
