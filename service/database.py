"""Connection settings: SQLite (D7: WAL, foreign keys, reads that never wait for
writes) and, on both databases, how long a write waits for a lock before the request
gives up (503).

SQLite transactions begin DEFERRED: a read takes no lock and, in WAL mode, never
waits for a writer. The write lock is taken at the transaction's first write
statement (or by ``lock_for_writing``), after the request has parsed and checked
its input, and held only until its commit. A deferred transaction that has read
cannot upgrade itself to a writer while another writer is busy (SQLite answers
SQLITE_BUSY at once, without the busy timeout), so the upgrade ends the read
snapshot (nothing was written in it) and opens ``BEGIN IMMEDIATE``, which queues on
the busy timeout. Reads made before that point are therefore as fresh as PostgreSQL's
READ COMMITTED ones: writes that depend on them are checked by version (D6) or by
constraints, as on PostgreSQL. A transaction that must read under the lock what it
is about to write calls ``lock_for_writing`` first.
"""

import sqlite3
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError, OperationalError

#: PostgreSQL SQLSTATEs of a lost race that a retry may win: serialization
#: failure, deadlock detected, lock not available (lock_timeout).
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
#: ``connection.info`` key: False in a SQLite transaction that has not written yet,
#: True once it holds the write lock, absent outside a transaction.
WRITING = "carnet_sqlite_writing"
#: First words of the statements that need the write lock (a savepoint too: the
#: lock must be taken before it, since taking it ends the transaction's snapshot).
WRITE_VERBS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT"}
)


def configure_engine(engine: Engine, lock_timeout_ms: int) -> None:
    """Attach the settings of ``engine``'s database."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_on_sqlite_connect, lock_timeout_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "before_cursor_execute", _on_sqlite_statement, named=True)
        event.listen(engine, "commit", _on_sqlite_end)
        event.listen(engine, "rollback", _on_sqlite_end)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", partial(_on_postgres_connect, lock_timeout_ms))


def lock_for_writing(connection: Connection) -> None:
    """Take the write lock now, waiting up to the lock timeout (SQLite).

    ``connection`` must be in a transaction (``db.session.connection()`` is). For a
    transaction that must read, under the lock, what it is about to write.
    Call it before those reads: it ends the transaction's read snapshot. On
    PostgreSQL writes lock their rows themselves, and this does nothing.
    """
    if connection.info.get(WRITING) is False:
        try:
            _take_write_lock(connection)
        except sqlite3.OperationalError as error:  # as a statement's error would be
            raise OperationalError("BEGIN IMMEDIATE", None, error) from error


def is_lock_contention(error: DBAPIError) -> bool:
    """Tell whether a database error is a lock wait that ran out (retryable)."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return str(original).startswith(("database is locked", "database is busy"))
    return getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES


def _on_sqlite_connect(
    lock_timeout_ms: int, dbapi_connection: Any, connection_record: Any
) -> None:
    # pysqlite would otherwise issue its own BEGIN; we emit ours in _on_sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_ms)}")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        connection.info.pop(WRITING, None)  # each statement on its own
        return
    connection.info[WRITING] = False
    connection.exec_driver_sql("BEGIN")  # deferred: reads take no lock


def _on_sqlite_statement(**event_args: Any) -> None:
    connection: Connection = event_args["conn"]
    # is_crud also catches a compiled write that starts with WITH (a CTE).
    crud = getattr(event_args["context"], "is_crud", False)
    if connection.info.get(WRITING) is False and (
        crud or _writes(event_args["statement"])
    ):
        _take_write_lock(connection)


def _on_sqlite_end(connection: Connection) -> None:
    connection.info.pop(WRITING, None)


def _writes(statement: str) -> bool:
    words = statement.split(None, 1)
    return bool(words) and words[0].upper() in WRITE_VERBS


def _take_write_lock(connection: Connection) -> None:
    # Straight on the driver's connection: no statement events, no recursion. The
    # COMMIT ends a snapshot that wrote nothing; the error of a BEGIN IMMEDIATE whose
    # wait ran out reaches the caller as "database is locked" (503).
    raw = connection.connection.driver_connection
    assert raw is not None
    if raw.in_transaction:
        raw.execute("COMMIT")
    raw.execute("BEGIN IMMEDIATE")
    connection.info[WRITING] = True


def _on_postgres_connect(
    lock_timeout_ms: int, dbapi_connection: Any, connection_record: Any
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
    finally:
        cursor.close()
    dbapi_connection.commit()  # psycopg opened a transaction for the SET
