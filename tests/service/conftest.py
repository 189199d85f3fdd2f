"""Fixtures: an app on a clean database per test (SQLite file or PostgreSQL schema).

CARNET_TEST_DATABASE_URL empty: each test gets a copy of a SQLite template built once
by ``alembic upgrade head``. Set to a PostgreSQL URL: each pytest-xdist worker gets
its own schema, migrated once; every table is emptied after each test.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from service.app import create_app
from service.extensions import Base, db

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"


@dataclass(frozen=True)
class DatabaseSetup:
    """Where the tests' schema lives and how to reset it."""

    url: str
    #: SQLite: the migrated template file copied for each test.
    template: Path | None = None
    #: PostgreSQL: the worker's schema and an engine to truncate it.
    schema: str | None = None
    admin_engine: Engine | None = None

    @property
    def engine_options(self) -> dict[str, Any]:
        """Engine options that point connections at the worker's schema."""
        if self.schema is None:
            return {}
        return {"connect_args": {"options": f"-csearch_path={self.schema}"}}


def base_config(
    url: str, engine_options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The mapping every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "PASSWORD_HASH_PROFILE": "fast",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options or {},
    }


def dispose(app: Flask) -> None:
    """Close the app's session and every pooled connection."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def migrate_to_head(url: str, engine_options: dict[str, Any]) -> None:
    """Run every migration on ``url``."""
    app = create_app(base_config(url, engine_options))
    with app.app_context():
        upgrade()
    dispose(app)


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseSetup]:
    """Build the schema once per worker."""
    url = os.environ.get("CARNET_TEST_DATABASE_URL", "")
    if not url:
        template = tmp_path_factory.mktemp("template") / "template.db"
        migrate_to_head(f"sqlite:///{template}", {})
        yield DatabaseSetup(url="", template=template)
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # The pid keeps two runs on one server from dropping each other's schema.
    schema = f"carnet_test_{worker}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    # Under CI=true an unreachable server must fail the run: this raises, never skips.
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = DatabaseSetup(url=url, schema=schema, admin_engine=admin)
    migrate_to_head(url, database.engine_options)
    yield database
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def empty_schema(database: DatabaseSetup) -> None:
    """Empty every Carnet table of the worker's schema and restart its ids.

    DELETE plus setval in one round trip: TRUNCATE of every table costs ~0.5 s a test.
    """
    assert database.admin_engine is not None
    tables = [f'"{database.schema}"."{t.name}"' for t in Base.metadata.sorted_tables]
    # Replica mode skips triggers, grade_history's append-only one included.
    statements = ["SET session_replication_role = replica"]
    statements += [f"DELETE FROM {table}" for table in reversed(tables)]
    statements += [
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)"
        for table, model_table in zip(tables, Base.metadata.sorted_tables, strict=True)
        if "id" in model_table.c
    ]
    with database.admin_engine.connect() as connection:
        connection.exec_driver_sql(";\n".join(statements))


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Settings a test module adds to its apps' (override the fixture to set some)."""
    return {}


@pytest.fixture
def app(
    test_database: DatabaseSetup, tmp_path: Path, app_settings: dict[str, Any]
) -> Iterator[Flask]:
    """The app on a clean, migrated database."""
    if test_database.template is not None:
        path = tmp_path / "carnet.db"
        shutil.copyfile(test_database.template, path)
        config = base_config(f"sqlite:///{path}")
    else:
        config = base_config(test_database.url, test_database.engine_options)
    app = create_app(config | app_settings)
    yield app
    dispose(app)
    if test_database.template is None:
        empty_schema(test_database)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """``db.session`` inside an app context, for tests that work on models."""
    with app.app_context():
        yield db.session()
