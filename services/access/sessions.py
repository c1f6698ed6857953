"""Server-side sign-in sessions: what lets a reload, a new tab or a second app process keep her signed in.

The browser holds a random token in a cookie; the store holds only its SHA-256, so a copy of the
database opens nobody's session. A session is valid while its account is active with the role it
was opened for, it is not revoked, and it was seen within the idle timeout (the same setting that
signs an open page out). Sign-out revokes it; a password change or "Logga ut överallt" revokes
every session of the account. Every app process on the same database accepts the same sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import User, UserSession
from services.access import settings
from services.access.roles import ROLES

COOKIE = "enhetskollen_session"
TOUCH_EVERY = dt.timedelta(seconds=60)  # how often a page run moves last_seen (not one write per click)
KEEP_REVOKED = dt.timedelta(days=1)  # expired and revoked rows are removed after this


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def idle_timeout(session: Session) -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.get(session, "session_timeout_minutes")))


def open_session(session: Session, username: str, now: dt.datetime | None = None) -> str:
    """A new session for a person who has just proved who she is; returns the token for her cookie only."""
    now = now or _now()
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LookupError(username)
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(token), user_id=user.id, role_code=user.role_code,
                            created_at=now, last_seen_at=now))
    _remove_stale(session, now)
    return token


def resume(session: Session, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The user name a cookie's token stands for, or None; a valid session's last_seen moves on.

    None for an unknown token, a revoked or idle-expired session, an account that is gone, inactive
    or has another role than the session was opened for.
    """
    if not token:
        return None
    now = now or _now()
    row = session.execute(
        select(UserSession.id, UserSession.role_code, UserSession.last_seen_at, UserSession.revoked_at,
               User.username, User.role_code, User.active)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    session_id, opened_as, last_seen, revoked_at, username, role, active = row
    if revoked_at is not None or not active or role != opened_as or role not in ROLES:
        return None
    if now - last_seen > idle_timeout(session):
        session.execute(update(UserSession).where(UserSession.id == session_id)
                        .values(revoked_at=now, revoked_why="tidsgräns"))
        return None
    if now - last_seen >= TOUCH_EVERY:
        session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now))
    return username


def revoke(session: Session, token: str | None, why: str = "utloggning", now: dt.datetime | None = None) -> None:
    """End this browser's session (sign-out, timeout)."""
    if token:
        session.execute(update(UserSession).where(UserSession.token_hash == _digest(token),
                                                  UserSession.revoked_at.is_(None))
                        .values(revoked_at=now or _now(), revoked_why=why))


def revoke_all(session: Session, username: str, why: str, now: dt.datetime | None = None) -> int:
    """End every session of the account (password change, "Logga ut överallt", role change); returns how many."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        return 0
    return session.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                     UserSession.revoked_at.is_(None))
                           .values(revoked_at=now or _now(), revoked_why=why)).rowcount


def open_sessions(session: Session, username: str, now: dt.datetime | None = None) -> int:
    """How many browsers are signed in to the account now (for her account page)."""
    now = now or _now()
    seen_after = now - idle_timeout(session)
    rows = session.scalars(select(UserSession.id).join(User, User.id == UserSession.user_id)
                           .where(User.username == username, UserSession.revoked_at.is_(None),
                                  UserSession.last_seen_at >= seen_after)).all()
    return len(rows)


def _remove_stale(session: Session, now: dt.datetime) -> None:
    """Drop rows nobody can use any more, so the table stays the size of the people signed in."""
    cutoff = now - max(idle_timeout(session), dt.timedelta(0)) - KEEP_REVOKED
    session.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff))
