"""T40: the grade history is complete, append-only and tamper-evident.

After grid saves, a single update, an import and its undo, every grade replays
from its history and every seal verifies. The database refuses UPDATE and DELETE
of history rows. Then ten direct edits of grades or history, drawn at random
(fixed seed) from the ways someone with database access could cheat, are each
made in a transaction, caught by the verification, and rolled back.
"""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from service.extensions import db
from service.models import Grade, GradeHistory
from service.operations.audit_check import AuditReport, verify_history
from service.operations.history import current_sealer
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import add_assessment
from tests.service.imports.conftest import export, fill, upload


@pytest.fixture
def worked(app: Flask, client: FlaskClient, world: World) -> int:
    """Grades written every way the service writes them; yields the assessment id."""
    assessment = add_assessment(app, world)
    headers = world.headers(world.trainer_a)
    rows = [
        {"student_id": world.student_ids["alice"], "score": "12", "version": None},
        {"student_id": world.student_ids["bruno"], "status": "ABS", "version": None},
    ]
    grid = client.put(
        f"/api/v1/assessments/{assessment}/grades",
        json={"grades": rows},
        headers=headers,
    )
    assert grid.status_code == 200, grid.get_json()
    with app.app_context():
        alice = db.session.scalar(
            select(Grade.id).where(Grade.student_id == world.student_ids["alice"])
        )
    read = client.get(f"/api/v1/grades/{alice}", headers=headers)
    single = client.put(
        f"/api/v1/grades/{alice}",
        json={"score": "14"},
        headers=headers | {"If-Match": read.headers["ETag"]},
    )
    assert single.status_code == 200, single.get_json()
    sheet = fill(export(client, world, assessment), {"E5": 15, "E6": 9})
    batch = upload(client, headers, sheet).get_json()["id"]
    assert (
        client.post(f"/api/v1/imports/{batch}/commit", headers=headers).status_code
        == 200
    )
    assert (
        client.post(f"/api/v1/imports/{batch}/undo", headers=headers).status_code == 200
    )
    return assessment


def _verify() -> AuditReport:
    return verify_history(current_sealer())


def test_every_grade_replays_from_its_sealed_history(app: Flask, worked: int) -> None:
    with app.app_context():
        report = _verify()
        versions = db.session.scalar(select(func.sum(Grade.version)))
    assert report.ok, report
    assert (report.replayed["grade"], report.rows) == (2, versions)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE grade_history SET actor_id = NULL", "DELETE FROM grade_history"],
)
def test_the_database_refuses_to_change_the_history(
    app: Flask, worked: int, statement: str
) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(GradeHistory))
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        after = db.session.scalar(select(func.count()).select_from(GradeHistory))
    assert before == after


def _drop_guard() -> None:
    """What an intruder with database access does first: remove the triggers."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ALTER TABLE grade_history DISABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER grade_history_no_update"))
        db.session.execute(text("DROP TRIGGER grade_history_no_delete"))


#: Direct edits, each of one row of the table named first (``:row_id``).
TAMPERINGS = {
    "score changed": ("grades", "UPDATE grades SET score = 100, status = NULL"),
    "status changed": ("grades", "UPDATE grades SET score = NULL, status = 'ABJ'"),
    "version bumped": ("grades", "UPDATE grades SET version = version + 1"),
    "comment added": ("grades", "UPDATE grades SET comment = 'revu'"),
    "grade deleted": ("grades", "DELETE FROM grades"),
    "history value": ("grade_history", "UPDATE grade_history SET new = NULL"),
    "history actor": ("grade_history", "UPDATE grade_history SET actor_id = NULL"),
    "history date": ("grade_history", "UPDATE grade_history SET at = '2020-01-01'"),
    "history row deleted": ("grade_history", "DELETE FROM grade_history"),
    "history row forged": (
        "grade_history",
        "INSERT INTO grade_history (entity, entity_id, actor_id, source, old, new, "
        "at, seal) SELECT entity, entity_id, actor_id, source, new, new, at, seal "
        "FROM grade_history",
    ),
}


def test_ten_random_direct_edits_are_all_detected(app: Flask, worked: int) -> None:
    draw = random.Random(40)
    detected = []
    with app.app_context():
        ids = {
            "grades": list(db.session.scalars(select(Grade.id))),
            "grade_history": list(db.session.scalars(select(GradeHistory.id))),
        }
        for name in draw.sample(sorted(TAMPERINGS), 10):
            table, statement = TAMPERINGS[name]
            _drop_guard()
            row = {"row_id": draw.choice(ids[table])}
            db.session.execute(text(f"{statement} WHERE id = :row_id"), row)
            if not _verify().ok:
                detected.append(name)
            db.session.rollback()
        assert _verify().ok  # every edit was rolled back
    assert sorted(detected) == sorted(TAMPERINGS)


def test_the_command_reports_an_intact_history_then_an_edit(
    app: Flask, runner: FlaskCliRunner, worked: int
) -> None:
    intact = runner.invoke(args=["carnet", "verify-audit"])
    assert intact.exit_code == 0, intact.output
    assert "Aucune altération détectée." in intact.output
    with app.app_context():
        db.session.execute(text("UPDATE grades SET comment = 'revu'"))
        db.session.commit()
    edited = runner.invoke(args=["carnet", "verify-audit"])
    assert edited.exit_code == 1
    assert (
        "Lignes que l'historique ne retrouve pas : 2 — grade 1, grade 2"
        in edited.output
    )


def test_history_written_before_the_seals_is_sealed_by_the_migration(
    app: Flask, world: World
) -> None:
    with app.app_context():
        downgrade(revision="a1b2c3d4e5f6")
        db.session.execute(
            text(
                "INSERT INTO grade_history (entity, entity_id, actor_id, source, "
                "old, new, at) VALUES ('grade', 1, :actor, 'api', NULL, :new, :at), "
                "('grade', 1, :actor, 'api', :new, NULL, :at)"
            ),
            {
                "actor": world.trainer_a,
                "new": '{"score": "12.00", "status": null, "comment": null}',
                "at": datetime(2026, 1, 5, 9, 30, 15, 250000),
            },
        )
        db.session.commit()
        upgrade()
        report = _verify()
    assert report.rows == 2
    assert report.broken_seals == []
