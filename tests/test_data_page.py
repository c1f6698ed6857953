"""The Data page: uploads give the command line's results and messages; roles; the quality report on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Intake
from services.core.db import session_scope
from services.importer import import_files
from tests.conftest import CONTRACT
from tests.helpers import open_app, texts

ROOT = Path(__file__).resolve().parent.parent


def _broken(tmp_path: Path) -> Path:
    folder = tmp_path / "trasig"
    folder.mkdir()
    text = (CONTRACT / "intakes.csv").read_text(encoding="utf-8").replace("2024-01-10 14:00", "2024-13-10 14:00")
    (folder / "intakes.csv").write_text(text, encoding="utf-8")
    (folder / "teams.csv").write_text((CONTRACT / "teams.csv").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_an_upload_is_refused_with_the_same_messages_as_the_command_line(store, tmp_path):
    folder = _broken(tmp_path)
    uploaded = import_files(store, [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())], username="t_admin")
    done = subprocess.run([sys.executable, "cli.py", "import", str(folder), "--database-url", str(store.url.render_as_string(hide_password=False))],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and not uploaded.ok
    printed = [line.strip() for line in done.stderr.splitlines()[1:] if line.strip()]
    assert uploaded.errors == printed
    assert any("intakes.csv, rad 3, kolumn received_date" in e for e in uploaded.errors), uploaded.errors
    with session_scope(store) as session:
        assert session.scalar(select(func.count()).select_from(Intake)) == 0


def test_a_good_upload_counts_like_the_command_line(store):
    files = [(p.name, p.read_bytes()) for p in sorted(CONTRACT.iterdir())]
    first = import_files(store, files, username="t_admin")
    again = import_files(store, files, username="t_admin")
    assert first.ok and again.ok
    assert all(c.inserted == 0 and c.updated == 0 for c in again.counts.values())


def test_admin_sees_upload_history_and_quality_enhetschef_only_quality(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_admin", script="pages/data.py")
    assert not at.exception
    shown = texts(at)
    assert "Läs in filer" in shown and "Importhistorik" in shown and "Datakvalitet" in shown
    history = next(d.value for d in at.dataframe if "Resultat" in d.value.columns)
    assert "ok" in set(history["Resultat"])
    labels = [e.label for e in at.expander]
    assert any(label.startswith(("✔ Aktualiseringar utan förhandsbedömning", "⚠ Aktualiseringar utan förhandsbedömning"))
               for label in labels)
    at = open_app(monkeypatch, sample_store, user="t_chef", script="pages/data.py")
    shown = texts(at)
    assert "Datakvalitet" in shown and "Läs in filer" not in shown


@pytest.mark.parametrize("user", ["t_ledning", "t_bitr"])
def test_other_roles_do_not_reach_the_data_page(monkeypatch, sample_store, user):
    at = open_app(monkeypatch, sample_store, user=user, script="pages/data.py")
    assert "Datakvalitet" not in texts(at)
