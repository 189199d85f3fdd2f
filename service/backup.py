"""Online backup of the embedded SQLite database (T41), checked before it is trusted.

SQLite's backup API copies a consistent snapshot while the app keeps writing
(copying the file itself can lose the WAL's recent transactions). The copy is then
opened on its own: ``PRAGMA integrity_check`` must answer ``ok``, and the row
counts and a digest of the grades are reported so that a restore can be checked.
PostgreSQL is backed up with its own tools (``pg_dump``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from service.extensions import Base

#: Pages copied per step: the app's writers get the lock between steps.
PAGES_PER_STEP = 1024
GRADE_DUMP = (
    "SELECT id, assessment_id, student_id, score, status, comment, version "
    "FROM grades ORDER BY id"
)


class BackupError(Exception):
    """The backup could not be made, or the copy does not check out."""


@dataclass(frozen=True)
class BackupReport:
    """What the copy holds."""

    path: Path
    integrity: str
    rows: dict[str, int]
    grades_sha256: str


def backup_sqlite(engine: Engine, target: Path, lock_timeout_ms: int) -> BackupReport:
    """Copy the SQLite database of ``engine`` to ``target`` and check the copy."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        raise BackupError(
            "Sauvegarde intégrée réservée à SQLite : pour PostgreSQL, utilisez pg_dump."
        )
    if target.exists():
        raise BackupError(f"{target} existe déjà : choisissez un autre fichier.")
    with (
        closing(sqlite3.connect(engine.url.database)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.execute(f"PRAGMA busy_timeout = {int(lock_timeout_ms)}")
        source.backup(copy, pages=PAGES_PER_STEP)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    return inspect_copy(target)


def read_only(path: Path) -> str:
    """The URI that opens ``path`` read-only (any character in its name escaped)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def inspect_copy(path: Path) -> BackupReport:
    """Open a backup read-only and report its integrity, counts and grade digest."""
    with closing(sqlite3.connect(read_only(path), uri=True)) as copy:
        integrity = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
        if integrity != "ok":
            raise BackupError(f"La copie est corrompue : {integrity}")
        rows = {
            name: int(copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in sorted(Base.metadata.tables)
        }
        digest = hashlib.sha256()
        for row in copy.execute(GRADE_DUMP):
            digest.update(repr(row).encode())
    return BackupReport(path, integrity, rows, digest.hexdigest())
