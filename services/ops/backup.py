"""Backup and restore of the embedded SQLite store, while the app may be running.

SQLite's online backup API copies a consistent snapshot page by page, so a backup
never catches a half-written import. PostgreSQL is backed up with its own tools
(pg_dump / pg_restore, see README): a copy made by the app would be neither faster
nor safer than those.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from services.access import audit
from services.core.db import session_scope


class BackupError(RuntimeError):
    """A Swedish message for the person running the backup or restore."""


def _sqlite_file(engine: Engine) -> Path:
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "Säkerhetskopiering med cli.py gäller den inbyggda SQLite-databasen. För PostgreSQL: använd "
            "pg_dump (se README, avsnittet om säkerhetskopiering)."
        )
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup(engine: Engine, out: Path) -> Path:
    """Write a consistent copy of the store to `out` (refuses to overwrite an existing file)."""
    source = _sqlite_file(engine)
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} finns redan; välj ett nytt filnamn så att ingen tidigare kopia skrivs över.")
    out.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, out)
    return out


def _revision(path: Path) -> str | None:
    probe = create_engine(f"sqlite:///{path}")
    try:
        if "alembic_version" not in inspect(probe).get_table_names():
            return None
        with probe.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        probe.dispose()


def _events_after(target: Path, source: Path) -> tuple[int, str | None, str | None]:
    """The audit events the store has beyond the backup's last one: how many, first and last time."""
    with sqlite3.connect(source) as theirs:
        last_id = theirs.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
    with sqlite3.connect(target) as ours:
        tables = {row[0] for row in ours.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "audit_log" not in tables:
            return 0, None, None
        return ours.execute("SELECT COUNT(*), MIN(at), MAX(at) FROM audit_log WHERE id > ?", (last_id,)).fetchone()


def restore(engine: Engine, source: Path, username: str = "cli") -> int:
    """Replace the store's content with a backup made by `backup` (the same schema version).

    The audit log comes back as it was in the backup, so the restore itself is logged in the restored
    store – by whom, from which file, and how many events logged after the backup it dropped (and from
    when to when). Returns that number.
    """
    target = _sqlite_file(engine)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} finns inte.")
    try:
        theirs = _revision(source)
    except Exception as error:  # not an SQLite file at all
        raise BackupError(f"{source} är inte en Enhetskollen-databas ({type(error).__name__}).") from error
    if theirs is None:
        raise BackupError(f"{source} är inte en Enhetskollen-databas (ingen schemaversion).")
    ours = _revision(target)
    if ours is not None and theirs != ours:
        raise BackupError(f"{source} har schemaversion {theirs} men databasen har {ours}; "
                          "återställ med samma version av Enhetskollen som gjorde kopian.")
    engine.dispose()  # no pooled connection may keep the old content open
    dropped, first, last = _events_after(target, source)
    _copy(source, target)
    engine.dispose()
    detail = f"från {source.name}: {dropped} loggade händelser efter säkerhetskopian finns inte längre i loggen"
    if dropped:
        detail += f" ({str(first)[:16]} – {str(last)[:16]})"
    with session_scope(engine) as session:
        audit.record(session, username, "aterstallning", str(source)[:200], detail)
    return dropped
