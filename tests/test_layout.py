"""The layering a newcomer relies on, held by a test: imports run one way, every service area is a folder."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ["app.py", "cli.py", "pages", "ui", "services", "models", "sample_data"]


def python_files(*places: str) -> list[Path]:
    files = []
    for place in places:
        path = ROOT / place
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def imported(path: Path) -> set[str]:
    """Top-level package names a file imports, anywhere in it (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def offenders(places: list[str], forbidden: set[str]) -> list[str]:
    return sorted(f"{p.relative_to(ROOT)} → {name}" for p in python_files(*places) for name in imported(p)
                  if name.split(".")[0] in forbidden)


def test_services_and_models_never_import_upward():
    assert offenders(["services", "models"], {"sample_data", "ui", "pages", "streamlit"}) == []


def test_ui_and_pages_reach_the_store_only_through_services():
    assert offenders(["ui", "pages"], {"models", "sqlalchemy", "sqlite3"}) == []


def test_no_frame_inspection_and_no_string_dispatch():
    hits = []
    for path in python_files(*APP_CODE):
        text = path.read_text(encoding="utf-8")
        for word in ("sys._getframe", "importlib", "__import__("):
            if word in text:
                hits.append(f"{path.relative_to(ROOT)}: {word}")
    assert hits == []


def test_every_service_area_is_a_folder():
    loose = sorted(p.name for p in (ROOT / "services").glob("*.py"))
    assert loose == ["__init__.py"]
    areas = sorted(p.name for p in (ROOT / "services").iterdir() if p.is_dir() and p.name != "__pycache__")
    assert areas == ["access", "core", "economy", "flow", "goals", "importer", "kpis", "ops", "placements", "staffing"]
