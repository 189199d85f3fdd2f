"""SQLite settings (D7). These tests always use their own SQLite file."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event, text

from service.app import create_app
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


def test_transactions_begin_immediate(sqlite_app: Flask) -> None:
    statements: list[str] = []
    with sqlite_app.app_context():
        with db.engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.commit()
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *args: statements.append(args[2]),
        )
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
    assert statements[0] == "BEGIN IMMEDIATE"


def test_concurrent_read_modify_write_transactions_never_hit_a_locked_database(
    sqlite_app: Flask,
) -> None:
    with sqlite_app.app_context():
        engine = db.engine
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
            connection.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[Exception] = []

    def increment(times: int) -> None:
        for _ in range(times):
            try:
                with engine.begin() as connection:
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
