"""Alembic environment: runs migrations on the Flask app's engine."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from alembic.operations.ops import MigrationScript
from flask import current_app
from sqlalchemy import Connection, MetaData

from service.models.types import Hundredths, UtcDateTime

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def target_metadata() -> MetaData:
    """The models' metadata, as Flask-SQLAlchemy holds it."""
    metadata: MetaData = current_app.extensions["migrate"].db.metadata
    return metadata


def render_item(
    type_: str, obj: Any, autogen_context: AutogenContext
) -> str | Literal[False]:
    """Render Carnet's column types as their plain storage types.

    Migrations must not import the application, so Hundredths becomes Integer
    and UtcDateTime becomes DateTime.
    """
    if type_ == "type" and isinstance(obj, Hundredths):
        return "sa.Integer()"
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


def skip_empty_revision(
    migration_context: Any, revision: Any, directives: list[MigrationScript]
) -> None:
    """Write no file when autogenerate finds nothing to do."""
    if getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    """Run the migrations on a connection of the app's engine."""
    engine = current_app.extensions["migrate"].db.engine
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", skip_empty_revision)
    with engine.connect() as connection, _sqlite_foreign_keys_off(connection):
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            render_item=render_item,
            **options,
        )
        with context.begin_transaction():
            context.run_migrations()
            _check_foreign_keys(connection)


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, run the migrations with foreign keys off (SQLite's own recipe).

    Rebuilding a table (Alembic's batch mode, or by hand) drops it: with foreign
    keys on, that fails when rows point at it, or silently deletes them through
    ``ON DELETE CASCADE``. The pragma is ignored inside a transaction, so it is
    set on the driver's connection before the migrations' transaction begins.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw: Any = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        # Never hand this connection back to the pool: new ones get the pragma on.
        connection.rollback()  # nothing is left to roll back once committed
        connection.invalidate()


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit migrations that left a row pointing at nothing (SQLite)."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration broke foreign keys: {broken}")


if context.is_offline_mode():
    raise SystemExit("Carnet runs migrations online only (flask carnet init).")
run_migrations_online()
