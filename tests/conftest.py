"""Test stores: SQLite files by default, PostgreSQL when TEST_DATABASE_URL is set.

On PostgreSQL each kind of store lives in its own schema of the test database
(selected with libpq's `options=-csearch_path=…`), so the same URL can be handed
to the app under test exactly as DATABASE_URL would be in production.

Hypothesis runs under the profile named by HYPOTHESIS_PROFILE: "ci" (the default, so the
README's `python -m pytest -q` is deterministic: fixed seed per test, no example database)
or "dev" (random examples, failures remembered in .hypothesis/ and tried first next time).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, delete, text
from sqlalchemy.engine import make_url

from models import Base, Role
from services.core.db import get_engine, migrate

FIXTURES = Path(__file__).parent / "fixtures"
CONTRACT = FIXTURES / "contract"
KPI_FIXTURE = FIXTURES / "kpi"
SAMPLE_TODAY = dt.date(2026, 11, 22)

FUZZ_EXAMPLES = 40  # per property; kept small so the suite stays quick
settings.register_profile("ci", max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                          print_blob=True)
settings.register_profile("dev", max_examples=FUZZ_EXAMPLES, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def on_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))


def store_url(name: str, tmp_dir: Path) -> str:
    """A fresh, empty store called `name`: a schema on PostgreSQL, a file on SQLite."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_dir / (name + '.db')}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def engine(tmp_path_factory) -> Engine:
    """One migrated store for the whole run; `store` empties it before each test."""
    url = store_url("t_unit", tmp_path_factory.mktemp("db"))
    eng = get_engine(url)
    migrate(eng)
    return eng


# Rows the migrations seed (roles, workload model version 1) survive between tests.
SEEDED = {"workload_models": "id", "workload_model_categories": "model_id", "workload_model_levels": "model_id",
          "workload_model_scale": "model_id"}


def empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == Role.__tablename__:
                continue
            if table.name in SEEDED:
                conn.execute(delete(table).where(table.c[SEEDED[table.name]] != 1))
            else:
                conn.execute(delete(table))


@pytest.fixture
def store(engine: Engine) -> Engine:
    empty(engine)
    return engine


@pytest.fixture
def goal_store(store):
    """The hand-built KPI fixture with one cascade for BOU: a KPI indicator and a survey index."""
    from services.access.permissions import operator
    from services.core.db import session_scope
    from services.goals import goals
    from services.importer import import_path

    assert import_path(store, KPI_FIXTURE).ok
    with session_scope(store) as session:
        anna = operator("anna")  # the services' own tests act as the operator; roles: tests/test_security.py
        kf = goals.add_goal(session, 2024, "kf", "Goda uppväxtvillkor", actor=anna)
        board = goals.add_goal(session, 2024, "namnd", "Rättssäkra insatser", kf, actor=anna)
        unit_goal = goals.add_goal(session, 2024, "enhet", "Skydd snabbt", board, "BOU", actor=anna)
        goals.add_indicator(session, unit_goal, kpi_code="ASSESS_14D", actor=anna)
        survey = goals.add_indicator(session, unit_goal, name="Nöjdhet", target=0.8, is_share=True, actor=anna)
        goals.set_manual_value(session, survey, 2024, "T1", 0.85, 0.8, 0.9, 40, anna)
        goals.set_manual_value(session, survey, 2023, "T1", 0.7, None, None, 35, anna)
        goals.add_activity(session, unit_goal, "Veckogenomgång", dt.date(2024, 1, 8), dt.date(2024, 6, 30), "pagar",
                           actor=anna)
    return store, unit_goal, survey


@pytest.fixture
def contract_dir(tmp_path: Path) -> Path:
    """A private copy of the good contract fixture, for tests that break it."""
    target = tmp_path / "contract"
    shutil.copytree(CONTRACT, target)
    return target


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> str:
    """A store loaded with the sample municipality (as of SAMPLE_TODAY); returns its URL."""
    from sample_data.load import load_sample

    url = store_url("t_sample", tmp_path_factory.mktemp("sample_db"))
    eng = get_engine(url)
    migrate(eng)
    result = load_sample(eng, tmp_path_factory.mktemp("sample_files"), seed=42, today=SAMPLE_TODAY)
    assert result.ok, result.errors[:5]
    create_test_accounts(eng)
    return url


# One account per role on the sample store, all with this password (tests sign in as them).
TEST_PASSWORD = "provlösenord-för-test"
TEST_ACCOUNTS = {
    "t_admin": ("admin", []),
    "t_chef": ("enhetschef", ["BOU", "FAM"]),
    "t_chef_fam": ("enhetschef", ["FAM"]),
    "t_bitr": ("bitr_enhetschef", ["UTR1"]),
    "t_ledning": ("ledning", []),
    "t_pres": ("presentation", ["BOU"]),
}


def create_test_accounts(eng: Engine) -> None:
    from services.access import auth
    from services.core.db import session_scope

    with session_scope(eng) as session:
        for name, (role, scopes) in TEST_ACCOUNTS.items():
            auth.create_user(session, name, role, scopes, TEST_PASSWORD, display_name=name)
