"""Fixtures: one app per pytest-xdist worker, on a database reset after every test.

``create_app`` costs ~0.3 s (most of it the OpenAPI document), so ``app`` is the
worker's app, built once. After each test its database goes back to the migrated
state, its settings and login counters to what they were.

CARNET_TEST_DATABASE_URL empty: SQLite; a template is built once by ``alembic
upgrade head`` and copied back over the worker's file after each test (the sealed
history refuses DELETE, T40). Set to a PostgreSQL URL: each worker gets its own
schema, migrated once, whose tables are emptied after each test.

A test that needs an app of its own gets one, on the same database: through the
``app_settings`` fixture (settings added to the defaults) or the ``own_app``
marker (the test adds routes or access rules).
"""

import os
import shutil
import tempfile
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
from service.throttle import install_login_throttle
from tests.service.factories import committed
from tests.service.world import World, build_world

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
#: The worker's justification documents (never the instance folder's).
JUSTIFICATION_DIR = Path(tempfile.mkdtemp(prefix="carnet-test-")) / "justifications"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``own_app`` marker (pytest runs with --strict-markers)."""
    config.addinivalue_line(
        "markers", "own_app: the test gets an app of its own (it adds routes or rules)"
    )


@dataclass(frozen=True)
class DatabaseSetup:
    """Where the tests' schema lives and how to reset it."""

    url: str
    #: SQLite: the migrated template file copied for each app.
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

    def config(self, sqlite_file: Path) -> dict[str, Any]:
        """The base settings of an app on this database (SQLite: ``sqlite_file``)."""
        if self.template is None:
            return base_config(self.url, self.engine_options)
        copy_template(self.template, sqlite_file)
        return base_config(f"sqlite:///{sqlite_file}")


def base_config(
    url: str, engine_options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The mapping every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "PASSWORD_HASH_PROFILE": "fast",
        "JUSTIFICATION_DIR": str(JUSTIFICATION_DIR),
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


def copy_template(template: Path, target: Path) -> None:
    """Put a fresh copy of the migrated template at ``target``.

    The copy replaces the file (a new inode), so a connection left open on the old
    one cannot corrupt it; the old write-ahead log goes too.
    """
    draft = target.with_name(target.name + ".draft")
    shutil.copyfile(template, draft)
    os.replace(draft, target)
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)


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


def reset_database(app: Flask, database: DatabaseSetup) -> None:
    """Bring ``app``'s database back to its freshly migrated state (ids restart)."""
    dispose(app)
    if database.template is None:
        empty_schema(database)
        return
    with app.app_context():
        path = db.engine.url.database
    assert path, "the test apps' SQLite databases are files"
    copy_template(database.template, Path(path))


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


@pytest.fixture(scope="session")
def worker_app(
    test_database: DatabaseSetup, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The worker's app, built once and shared by its tests through ``app``."""
    sqlite_file = tmp_path_factory.mktemp("worker") / "carnet.db"
    app = create_app(test_database.config(sqlite_file))
    yield app
    dispose(app)


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Settings a test module adds to its apps' (override the fixture to set some)."""
    return {}


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    test_database: DatabaseSetup,
    app_settings: dict[str, Any],
) -> Iterator[Flask]:
    """The app on a clean, migrated database: the worker's, or one of its own."""
    if app_settings or request.node.get_closest_marker("own_app"):
        tmp_path: Path = request.getfixturevalue("tmp_path")
        app = create_app(test_database.config(tmp_path / "carnet.db") | app_settings)
        yield app
        dispose(app)
        if test_database.template is None:
            empty_schema(test_database)
        return
    app = request.getfixturevalue("worker_app")
    settings = app.config.copy()
    yield app
    app.config.clear()
    app.config.update(settings)
    install_login_throttle(app)  # fresh counters, as a new app would have
    reset_database(app, test_database)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def world(app: Flask) -> World:
    """The small centre of tests/service/world.py, committed, a token per account."""
    with committed(app):
        return build_world()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """``db.session`` inside an app context, for tests that work on models."""
    with app.app_context():
        yield db.session()
