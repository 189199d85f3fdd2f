"""Connection settings: SQLite (D7: WAL, foreign keys, BEGIN IMMEDIATE) and, on both
databases, how long a write waits for a lock before the request gives up (503).
"""

import sqlite3
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

#: PostgreSQL SQLSTATEs of a lost race that a retry may win: serialization
#: failure, deadlock detected, lock not available (lock_timeout).
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def configure_engine(engine: Engine, lock_timeout_ms: int) -> None:
    """Attach the settings of ``engine``'s database."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_on_sqlite_connect, lock_timeout_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", partial(_on_postgres_connect, lock_timeout_ms))


def is_lock_contention(error: DBAPIError) -> bool:
    """Tell whether a database error is a lock wait that ran out (retryable)."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return str(original).startswith(("database is locked", "database is busy"))
    return getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES


def _on_sqlite_connect(
    lock_timeout_ms: int, dbapi_connection: Any, connection_record: Any
) -> None:
    # pysqlite would otherwise issue its own deferred BEGIN; we emit ours in _on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_ms)}")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # A deferred BEGIN that later writes fails with SQLITE_BUSY_SNAPSHOT under
    # concurrency whatever the busy timeout; IMMEDIATE takes the write lock up front.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _on_postgres_connect(
    lock_timeout_ms: int, dbapi_connection: Any, connection_record: Any
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
    finally:
        cursor.close()
    dbapi_connection.commit()  # psycopg opened a transaction for the SET
