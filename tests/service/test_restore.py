"""`carnet restore FILE` (T41): a checked backup comes back; a bad file is refused and
the live database is left as it was. On PostgreSQL the command points to pg_restore
(checked by the ``backup`` fixture, which then gives None).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update

from service.backup import inspect_copy
from service.extensions import db
from service.models import Grade, User


@pytest.fixture(autouse=True)
def _no_file_left(app: Flask) -> Iterator[None]:
    """Remove the safety copies: the worker's database folder outlives the test."""
    yield
    for left in _live(app).parent.glob("carnet.db.*restauration*"):
        left.unlink()


@pytest.fixture
def backup(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> Path | None:
    """A backup of the demo centre; on PostgreSQL, None once restore was refused.

    Its name has characters a URI would misread (read-only opening escapes them).
    """
    target = tmp_path / "sauvegarde #1 ?.db"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        target.write_bytes(b"")
        refused = runner.invoke(args=["carnet", "restore", str(target)])
        assert refused.exit_code == 1
        assert "pg_restore" in refused.output
        return None
    assert runner.invoke(args=["carnet", "demo", "--students", "3"]).exit_code == 0
    made = runner.invoke(args=["carnet", "backup", str(target)])
    assert made.exit_code == 0, made.output
    return target


def _live(app: Flask) -> Path:
    with app.app_context():
        path = db.engine.url.database
    assert path
    return Path(path)


def _users(app: Flask) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(User)) or 0
        db.session.remove()
    return count


def _add_user(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            *("carnet", "create-user", "--email", "nouveau@cfa.test", "--name", "N"),
            *("--role", "trainer", "--password", "un-mot-de-passe-long"),
        ]
    )
    assert result.exit_code == 0, result.output


def test_a_backup_comes_back_checked_and_the_replaced_base_is_kept(
    app: Flask, runner: FlaskCliRunner, backup: Path | None
) -> None:
    if backup is None:
        return  # PostgreSQL: refused by the fixture, pointing to pg_restore
    before = _users(app)
    _add_user(runner)
    with app.app_context():
        db.session.execute(update(Grade).values(comment="changé après la sauvegarde"))
        db.session.commit()
    result = runner.invoke(args=["carnet", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert _users(app) == before
    assert inspect_copy(_live(app)).grades_sha256 == inspect_copy(backup).grades_sha256
    assert runner.invoke(args=["carnet", "verify-audit"]).exit_code == 0
    [safety] = _live(app).parent.glob("carnet.db.*restauration*")
    assert inspect_copy(safety).rows["users"] == before + 1
    assert f"Ancienne base conservée : {safety}" in result.output


def _tamper_history(copy: Path) -> None:
    """Change a grade behind the history's back, as an edit of the file would."""
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("UPDATE grades SET comment = 'retouché' WHERE id = 1")
        connection.commit()


def _old_revision(copy: Path) -> None:
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'a1b2c3d4e5f6'")
        connection.commit()


def _not_a_database(copy: Path) -> None:
    copy.write_text("nom;note\nAlice;12\n", encoding="utf-8")


def _truncated(copy: Path) -> None:
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_tamper_history, "l'historique des notes a été altéré"),
        (_old_revision, "schéma a1b2c3d4e5f6"),
        (_not_a_database, "n'est pas une base SQLite"),
        (_truncated, "Sauvegarde refusée"),
    ],
)
def test_a_bad_backup_is_refused_and_the_live_base_is_untouched(
    app: Flask,
    runner: FlaskCliRunner,
    backup: Path | None,
    damage: Callable[[Path], None],
    message: str,
) -> None:
    if backup is None:
        return  # PostgreSQL: refused by the fixture, pointing to pg_restore
    damage(backup)
    _add_user(runner)
    live = inspect_copy(_live(app))
    result = runner.invoke(args=["carnet", "restore", str(backup)])
    assert result.exit_code == 1
    assert message in result.output
    assert inspect_copy(_live(app)) == live
    assert list(_live(app).parent.glob("carnet.db.*restauration*")) == []
