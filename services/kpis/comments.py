"""The month's comments: a short text per KPI and month (or tertial), written by the unit's own managers.

Stored with author and time, written to the audit log, shown on the card and carried into the
monthly and tertial reports; on the shared screen only when she has marked it for the APT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import KpiComment, User
from services.access import audit
from services.access.roles import MANAGER_ROLES
from services.core.periods import Period
from services.kpis import catalogue

MAX_LENGTH = 1000


class CommentError(ValueError):
    """A Swedish message for the manager: why the comment was not saved."""


@dataclass(frozen=True)
class Comment:
    kpi_code: str
    text: str
    for_apt: bool
    author: str  # the account's user name, as stored
    written_at: dt.datetime
    author_name: str = ""  # her name as the card and the reports show it (the account's display name)


def period_key(p: Period) -> str:
    """'YYYY-MM' for a month, 'T1', 'T2' or 'helår' for the tertial and year periods (partial ones too)."""
    end = p.nominal_end
    if p.start.month == end.month and p.start.year == end.year:
        return p.start.strftime("%Y-%m")
    return {4: "T1", 8: "T2"}.get(end.month, "helår")


def may_comment(user, unit_code: str | None) -> bool:
    """Only the unit's own enhetschef or biträdande enhetschef, and only for a unit in her scope."""
    return (unit_code is not None and user.role in MANAGER_ROLES
            and user.access.units is not None and unit_code in user.access.units)


def save(session: Session, user, unit_code: str, kpi_code: str, period: Period, text: str, for_apt: bool) -> None:
    """Write (or with an empty text remove) her comment for the KPI and period; audited."""
    if not may_comment(user, unit_code):
        raise CommentError("Bara enhetens egen enhetschef eller biträdande enhetschef kan skriva kommentarer här.")
    if kpi_code not in catalogue.codes():
        raise CommentError(f"Okänt nyckeltal '{kpi_code}'.")
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise CommentError(f"Kommentaren är {len(text)} tecken; högst {MAX_LENGTH} får plats.")
    key = (unit_code, kpi_code, period.nominal_end.year, period_key(period))
    row = session.get(KpiComment, key)
    if not text:
        if row is not None:
            session.delete(row)
            audit.record(session, user.username, "andring", f"kommentar {kpi_code} {unit_code}", f"{key[3]} {key[2]} borttagen")
        return
    if row is None:
        row = KpiComment(unit_code=unit_code, kpi_code=kpi_code, year=key[2], period=key[3])
        session.add(row)
    row.text, row.for_apt, row.author, row.written_at = text, bool(for_apt), user.username, dt.datetime.now()
    audit.record(session, user.username, "andring", f"kommentar {kpi_code} {unit_code}",
                 f"{key[3]} {key[2]}{' · APT' if for_apt else ''}")


def for_period(session: Session, unit_code: str | None, period: Period, apt_only: bool = False) -> dict[str, Comment]:
    """The unit's comments for the period, by KPI code (none for 'all units')."""
    if unit_code is None:
        return {}
    name = func.coalesce(User.display_name, KpiComment.author)  # an account removed since: the stored user name
    query = (select(KpiComment, name).outerjoin(User, User.username == KpiComment.author)
             .where(KpiComment.unit_code == unit_code, KpiComment.year == period.nominal_end.year,
                    KpiComment.period == period_key(period)))
    if apt_only:
        query = query.where(KpiComment.for_apt.is_(True))
    return {r.kpi_code: Comment(r.kpi_code, r.text, r.for_apt, r.author, r.written_at, shown)
            for r, shown in session.execute(query)}
