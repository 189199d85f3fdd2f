"""SQLite settings (D7). These tests always use their own SQLite file."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, text

from service.app import create_app
from service.database import lock_for_writing
from service.extensions import db
from tests.service.conftest import base_config, dispose


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh SQLite file, whatever CARNET_TEST_DATABASE_URL says."""
    app = create_app(base_config(f"sqlite:///{tmp_path / 'carnet.db'}"))
    yield app
    dispose(app)


def test_every_connection_uses_wal_foreign_keys_and_a_busy_timeout(
    sqlite_app: Flask,
) -> None:
    with sqlite_app.app_context(), db.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def test_a_read_never_waits_for_a_writer(sqlite_app: Flask) -> None:
    with sqlite_app.app_context():
        engine = db.engine
        _create_counter(engine)
        with engine.connect() as writer, engine.connect() as reader:
            writer.begin()
            lock_for_writing(writer)
            writer.execute(text("UPDATE counter SET n = 1"))
            with reader.begin():  # BEGIN IMMEDIATE here would time out
                seen = reader.execute(text("SELECT n FROM counter")).scalar_one()
            writer.commit()
    assert seen == 0  # the last committed value, without waiting


def test_a_transaction_that_read_then_writes_queues_for_the_lock(
    sqlite_app: Flask,
) -> None:
    """A deferred transaction upgraded in place would fail at once (SQLITE_BUSY)."""
    with sqlite_app.app_context():
        engine = db.engine
        _create_counter(engine)
        holding, reading = threading.Event(), threading.Event()

        def hold_the_lock() -> None:
            with engine.begin() as connection:
                lock_for_writing(connection)
                holding.set()
                reading.wait(5)
                connection.execute(text("UPDATE counter SET n = n + 1"))

        holder = threading.Thread(target=hold_the_lock)
        holder.start()
        holding.wait(5)
        with engine.begin() as connection:
            connection.execute(text("SELECT n FROM counter")).scalar_one()
            reading.set()  # the holder commits while this transaction waits
            connection.execute(text("UPDATE counter SET n = n + 10"))
        holder.join()
        with engine.connect() as connection:
            total = connection.execute(text("SELECT n FROM counter")).scalar_one()
    assert total == 11


def test_read_modify_write_under_lock_for_writing_loses_nothing(
    sqlite_app: Flask,
) -> None:
    with sqlite_app.app_context():
        engine = db.engine
        _create_counter(engine)
    errors: list[Exception] = []

    def increment(times: int) -> None:
        for _ in range(times):
            try:
                with engine.begin() as connection:
                    lock_for_writing(connection)
                    n = connection.execute(text("SELECT n FROM counter")).scalar_one()
                    connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            except Exception as error:  # collected, asserted below
                errors.append(error)

    threads = [threading.Thread(target=increment, args=(100,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        total = connection.execute(text("SELECT n FROM counter")).scalar_one()
    assert errors == []
    assert total == 200


def _create_counter(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))


def test_an_autocommit_connection_writes_each_statement_on_its_own(
    sqlite_app: Flask,
) -> None:
    """Alembic's autocommit_block (PRAGMA foreign_keys) needs no open transaction."""
    with sqlite_app.app_context():
        engine = db.engine
        _create_counter(engine)
        with engine.connect() as used:  # a pooled connection that held a transaction
            used.execute(text("SELECT n FROM counter"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
            auto.execute(text("UPDATE counter SET n = 5"))
            open_transaction = auto.connection.driver_connection.in_transaction  # type: ignore[union-attr]
        with engine.connect() as connection:
            total = connection.execute(text("SELECT n FROM counter")).scalar_one()
    assert (open_transaction, total) == (False, 5)
