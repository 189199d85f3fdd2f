"""SQLite connection settings (D7): WAL, foreign keys, busy timeout, BEGIN IMMEDIATE."""

from typing import Any

from sqlalchemy import Connection, Engine, event

BUSY_TIMEOUT_MS = 5000


def configure_sqlite(engine: Engine) -> None:
    """Attach the D7 settings to ``engine`` when it is a SQLite engine."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # pysqlite would otherwise issue its own deferred BEGIN; we emit ours in _on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    # A deferred BEGIN that later writes fails with SQLITE_BUSY_SNAPSHOT under
    # concurrency whatever the busy timeout; IMMEDIATE takes the write lock up front.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
