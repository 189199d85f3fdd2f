"""`carnet restore FILE` (SQLite): bring back a `carnet backup` file, checked first.

The file is copied beside the live database with SQLite's backup API (a consistent
copy, the backup's write-ahead log included), and that copy must pass
``PRAGMA integrity_check``, carry the schema revision this version of Carnet runs
(Alembic head), and pass verify-audit (T40). A file that fails is refused and the
live database is not touched. Otherwise a safety copy of the live database is taken
(``<database>.avant-restauration-<time>``), then the checked copy is written into
the live database by the backup API in one step, under its write lock: other
connections see the restored database at their next transaction, never half of it.
PostgreSQL is restored with its own tools (``pg_restore``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from service.backup import (
    BackupError,
    BackupReport,
    backup_sqlite,
    inspect_copy,
    read_only,
)
from service.extensions import db
from service.operations.audit_check import verify_history
from service.operations.history import current_sealer

SQLITE_HEADER = b"SQLite format 3\x00"


class RestoreError(Exception):
    """The file cannot be restored; the live database is unchanged."""


@dataclass(frozen=True)
class RestoreReport:
    """What was restored, and where the replaced database was kept."""

    restored: BackupReport
    safety_copy: Path


def restore_sqlite(source: Path, lock_timeout_ms: int) -> RestoreReport:
    """Check ``source``, then replace the live SQLite database with it."""
    engine = db.engine
    live = _live_path(engine)
    if not _is_sqlite_file(source):
        raise RestoreError(f"{source} n'est pas une base SQLite.")
    if source.resolve() == live.resolve():
        raise RestoreError(f"{source} est la base en service.")
    staged = live.with_name(live.name + ".restauration")
    try:
        _copy(source, staged, lock_timeout_ms, "DELETE")
        report = _checked(staged)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        safety = live.with_name(f"{live.name}.avant-restauration-{stamp}")
        backup_sqlite(engine, safety, lock_timeout_ms)
        engine.dispose()  # no pooled connection keeps the old database's pages
        _copy(staged, live, lock_timeout_ms, "WAL")  # D7
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    return RestoreReport(report, safety)


def _live_path(engine: Engine) -> Path:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        raise RestoreError(
            "Restauration intégrée réservée à SQLite : pour PostgreSQL, "
            "utilisez pg_restore."
        )
    return Path(engine.url.database)


def _is_sqlite_file(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _copy(source: Path, target: Path, lock_timeout_ms: int, journal: str) -> None:
    """Copy a whole database with the backup API, in one step (one write lock)."""
    try:
        with (
            closing(sqlite3.connect(read_only(source), uri=True)) as origin,
            closing(sqlite3.connect(target)) as copy,
        ):
            copy.execute(f"PRAGMA busy_timeout = {int(lock_timeout_ms)}")
            origin.backup(copy)
            copy.execute(f"PRAGMA journal_mode={journal}")
    except sqlite3.DatabaseError as error:
        raise RestoreError(
            f"Sauvegarde refusée : {source} illisible ({error})."
        ) from None


def _checked(staged: Path) -> BackupReport:
    """Integrity, schema revision and sealed history of the staged copy."""
    try:
        report = inspect_copy(staged)
    except (BackupError, sqlite3.DatabaseError) as error:
        raise RestoreError(f"Sauvegarde refusée : {error}") from None
    head = ScriptDirectory.from_config(
        current_app.extensions["migrate"].migrate.get_config()
    ).get_current_head()
    with closing(sqlite3.connect(read_only(staged), uri=True)) as copy:
        (revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision != head:
        raise RestoreError(
            f"Sauvegarde refusée : schéma {revision}, cette version de Carnet "
            f"attend {head}."
        )
    with _session_on(create_engine(f"sqlite:///{staged}")):
        audit = verify_history(current_sealer())
    if not audit.ok:
        found = len(audit.broken_seals) + len(audit.unreplayed)
        raise RestoreError(
            "Sauvegarde refusée : l'historique des notes a été altéré "
            f"({found} anomalies, voir carnet verify-audit)."
        )
    return report


@contextmanager
def _session_on(engine: Engine) -> Iterator[None]:
    """Make ``db.session`` a session on ``engine`` for the block (verify-audit).

    A plain session: Flask-SQLAlchemy's would pick the app's engine for the models.
    """
    previous = db.session.registry()
    with Session(engine) as session:
        db.session.registry.set(cast(Any, session))
        try:
            yield
        finally:
            db.session.registry.set(previous)
    engine.dispose()
