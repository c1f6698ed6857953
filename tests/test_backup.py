"""Backup and restore of the SQLite store through cli.py: back up, change, restore, and it is as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Intake
from services.core.db import get_engine, migrate, session_scope
from services.importer import import_path
from tests.conftest import CONTRACT, on_postgres

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def intakes(url: str) -> int:
    with session_scope(get_engine(url)) as session:
        return session.scalar(select(func.count()).select_from(Intake))


def test_backup_then_restore_brings_back_what_was_there(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = get_engine(url)
    migrate(engine)
    assert import_path(engine, CONTRACT).ok
    before = intakes(url)
    copy = tmp_path / "kopior" / "enhetskollen.db"
    done = cli("backup", "--out", str(copy), "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert "Säkerhetskopian är skriven" in done.stdout
    with session_scope(engine) as session:  # something goes wrong after the backup
        session.query(Intake).delete()
    assert intakes(url) == 0
    done = cli("restore", "--from", str(copy), "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert intakes(url) == before > 0


def test_backup_never_overwrites_and_restore_refuses_what_is_not_a_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate(get_engine(url))
    existing = tmp_path / "finns.db"
    existing.write_bytes(b"")
    done = cli("backup", "--out", str(existing), "--database-url", url)
    assert done.returncode == 1 and "finns redan" in done.stderr
    junk = tmp_path / "skrap.db"
    junk.write_bytes(b"inte en databas")
    done = cli("restore", "--from", str(junk), "--database-url", url)
    assert done.returncode == 1 and "är inte en Enhetskollen-databas" in done.stderr


@pytest.mark.skipif(not on_postgres(), reason="gäller PostgreSQL")
def test_on_postgresql_the_backup_points_to_pg_dump(tmp_path):
    import os

    done = cli("backup", "--out", str(tmp_path / "x.db"), "--database-url", os.environ["TEST_DATABASE_URL"])
    assert done.returncode == 1 and "pg_dump" in done.stderr
