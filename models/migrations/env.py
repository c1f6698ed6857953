"""Alembic environment: runs on the connection the app hands it, or on DATABASE_URL.

Run from the command line (`alembic upgrade head`) it reads DATABASE_URL itself, with the same
SQLite default as the app, so models never reach up into services.
"""

import os
from pathlib import Path

from alembic import context
from sqlalchemy import create_engine

from models import Base
from models.transactions import migration_connection

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # `alembic upgrade head`: the same one-transaction upgrade as the app's (also on SQLite)
        default = Path(__file__).resolve().parents[2] / "data" / "enhetskollen.db"
        url = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{default}"
        with migration_connection(create_engine(url)) as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
