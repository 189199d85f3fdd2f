"""Ids are never reused: no history attaches to a row it does not describe (#10).

The sequence that raised the false alarm: import new grades, commit, undo (which
deletes them), then a grid save. On SQLite without AUTOINCREMENT the saved grade
took a deleted grade's id, its history showed the deleted grade's rows, and
``carnet verify-audit`` exited 1.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from service.app import MIGRATIONS_DIR, create_app
from service.demo import load_demo
from service.extensions import Base, db
from service.models import Grade, GradeHistory, HistoryEntity
from tests.service.conftest import base_config, dispose
from tests.service.factories import make_assessment, saved
from tests.service.imports.conftest import export, fill, upload
from tests.service.world import World

REVISION = MIGRATIONS_DIR / "versions" / "20261206_e2b3c4d5e6f7_ids_never_reused.py"


def test_import_commit_undo_then_a_grid_save_keeps_the_history_verifiable(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, world: World
) -> None:
    headers = world.headers(world.trainer_a)
    assessment = saved(app, make_assessment, world.cohort_a, title="Prospection")
    sheet = fill(export(client, world, assessment), {"E5": 12, "E6": 15})
    batch = upload(client, headers, sheet).get_json()["id"]
    assert (
        client.post(f"/api/v1/imports/{batch}/commit", headers=headers).status_code
        == 200
    )
    imported = _grade_ids(app)
    assert len(imported) == 2
    undone = client.post(f"/api/v1/imports/{batch}/undo", headers=headers)
    assert undone.status_code == 200
    assert _grade_ids(app) == []  # the undo deleted the imported grades
    grid = {"grades": [{"student_id": world.student_ids["alice"], "score": 9}]}
    saved_grid = client.put(
        f"/api/v1/assessments/{assessment}/grades", json=grid, headers=headers
    )
    assert saved_grid.status_code == 200, saved_grid.get_json()
    [new_id] = _grade_ids(app)
    assert new_id > max(imported)
    assert _history_of(app, new_id) == [(None, {"score": "9.00"})]
    result = runner.invoke(args=["carnet", "verify-audit"])
    assert result.exit_code == 0, result.output
    assert "Aucune altération détectée." in result.output


def _grade_ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Grade.id).order_by(Grade.id)))


def _history_of(app: Flask, grade_id: int) -> list[tuple[object, object]]:
    """The (old, new) scores of a grade's history rows, in order."""
    with app.app_context():
        rows = db.session.execute(
            select(GradeHistory.old, GradeHistory.new)
            .where(
                GradeHistory.entity == HistoryEntity.GRADE,
                GradeHistory.entity_id == grade_id,
            )
            .order_by(GradeHistory.id)
        )
        return [
            (old, None if new is None else {"score": new["score"]}) for old, new in rows
        ]


def test_the_migration_keeps_every_row_and_starts_past_every_id_ever_held(
    tmp_path: Path,
) -> None:
    """On SQLite data already there: rows, their children, ids past deleted ones.

    The revision's own downgrade and upgrade run on a demo base at head (through
    Alembic's operations), so the revisions after it play no part.
    """
    app = create_app(base_config(f"sqlite:///{tmp_path / 'carnet.db'}"))
    with app.app_context():
        upgrade()
        load_demo(students_per_cohort=3)
        db.session.commit()
        highest = db.session.scalar(select(func.max(Grade.id)))
        db.session.execute(text("DELETE FROM grades WHERE id = :id"), {"id": highest})
        db.session.commit()
        before = _counts()
        db.session.remove()  # no read snapshot held across the migrations
        _run_revision("downgrade")
        assert "AUTOINCREMENT" not in _create_statement("grades")
        db.session.remove()
        _run_revision("upgrade")
        assert "AUTOINCREMENT" in _create_statement("grades")
        assert _counts() == before
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        next_id = db.session.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'grades'")
        ).scalar()
    dispose(app)
    assert next_id == highest  # the deleted grade's id is never handed out again


def _run_revision(step: str) -> None:
    """Run the ids revision's ``upgrade`` or ``downgrade`` on the app's database."""
    spec = importlib.util.spec_from_file_location("ids_never_reused", REVISION)
    assert spec is not None
    assert spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    with db.engine.connect() as connection:
        # As service/migrations/env.py does: foreign keys off, one transaction.
        raw: Any = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        with (
            connection.begin(),
            Operations.context(MigrationContext.configure(connection)),
        ):
            getattr(revision, step)()
        connection.invalidate()


def _counts() -> dict[str, int]:
    """Rows per table, the users' cascading children included."""
    return {
        table: int(
            db.session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() or 0
        )
        for table in sorted(Base.metadata.tables)
    }


def _create_statement(table: str) -> str:
    return str(
        db.session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
        ).scalar()
    )
