"""The import log and the accounts that later issues build sign-in on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ImportLog(Base):
    """Who imported what, when, how many rows, and whether it was accepted."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default="import")  # import | exempeldata
    files: Mapped[str] = mapped_column(Text, default="")  # JSON: {file: {inserted, updated, unchanged}}
    outcome: Mapped[str] = mapped_column(String(20))  # ok | avvisad | fel
    message: Mapped[str | None] = mapped_column(Text)


class Role(Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class UserSession(Base):
    """A signed-in browser: only the SHA-256 of its cookie's random token is stored, never the token.

    Valid while the account is active with the same role, not revoked, and seen within the idle
    timeout; every app process on the same database accepts it (see services/access/sessions.py).
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_code: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_why: Mapped[str | None] = mapped_column(String(40))


class UserScope(Base):
    """A unit or team a user may see; none means what the role allows by default."""

    __tablename__ = "user_scopes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    scope_code: Mapped[str] = mapped_column(String(40), primary_key=True)


class Setting(Base):
    """A unit- or app-wide setting (JSON value), e.g. the budget traffic-light thresholds."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class AuditEvent(Base):
    """Who did what and when: sign-ins, imports, exports, changes and views of lists with ids.

    Written by services/audit.py only; never updated or deleted by the app.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
