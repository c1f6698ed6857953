"""How a schema upgrade runs: in one transaction on every store, so a killed upgrade leaves the old schema.

Here in models/ (beside the migrations) so that both the app (services.core.db.migrate) and the
`alembic` command (models/migrations/env.py) use it, without migrations reaching up into services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event


def _begin_immediate(connection: Connection) -> None:
    # IMMEDIATE: the write lock at once, so a second process starting at the same time waits (busy_timeout)
    # and then finds the schema upgraded, instead of failing when its read turns into a write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection on which the whole upgrade is one transaction, on SQLite too: all of it or none of it.

    pysqlite (Python's sqlite3) begins a transaction only before INSERT/UPDATE/DELETE and runs CREATE, ALTER
    and DROP outside any, so an upgrade killed halfway left tables without the alembic version that says
    they exist ("table import_log already exists" at every start). SQLite's DDL is transactional; the
    SQLAlchemy 2 pysqlite recipe hands transactions to SQLAlchemy: the driver's own handling off
    (isolation_level=None) and BEGIN emitted when SQLAlchemy begins – here for this connection only, and
    put back before it returns to the pool.
    """
    with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        dbapi_connection = connection.connection.dbapi_connection
        previous = dbapi_connection.isolation_level
        dbapi_connection.isolation_level = None
        event.listen(connection, "begin", _begin_immediate)
        try:
            with connection.begin():
                yield connection
        finally:
            event.remove(connection, "begin", _begin_immediate)
            dbapi_connection.isolation_level = previous
