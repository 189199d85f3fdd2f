"""`carnet backup` (T41): a consistent, checked copy while grades are being written.

The copy is opened by a second app: its history must verify, which it would not
if the snapshot had caught a grade without its history row. On PostgreSQL the
command points to pg_dump instead.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from service.app import create_app
from service.extensions import db
from service.models import Assessment, ChangeSource, Grade, Role, User
from service.operations.audit_check import verify_history
from service.operations.grades import GradeValues, save_grade
from service.operations.history import ChangeContext, current_sealer
from tests.service.conftest import base_config, dispose


def _keep_writing(app: Flask, stop: threading.Event, saved: list[int]) -> None:
    """Comment demo grades one at a time, each with its history, until told to stop."""
    with app.app_context():
        director = db.session.scalar(select(User.id).where(User.role == Role.DIRECTOR))
        context = ChangeContext(director, ChangeSource.CLI)
        writable = select(Grade.id).join(Grade.assessment).where(~Assessment.locked)
        for grade_id in list(db.session.scalars(writable)):
            if stop.is_set():
                break
            grade = db.session.get(Grade, grade_id)
            assert grade is not None
            values = GradeValues(grade.score, grade.status, f"revu {len(saved)}")
            save_grade(grade, context, grade.version, values)
            db.session.commit()
            saved.append(grade_id)
        db.session.remove()


def test_a_backup_taken_during_writes_is_consistent_and_checked(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["carnet", "demo", "--students", "6"]).exit_code == 0
    target = tmp_path / "copie.db"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        refused = runner.invoke(args=["carnet", "backup", str(target)])
        assert refused.exit_code == 1
        assert "pg_dump" in refused.output
        return
    stop, saved = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(app, stop, saved))
    writer.start()
    deadline = time.monotonic() + 10
    while len(saved) < 5 and writer.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)  # the backup starts while grades are being written
    result = runner.invoke(args=["carnet", "backup", str(target)])
    writing = writer.is_alive()
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert "intégrité : ok" in result.output
    assert writing  # the backup ran beside the writes
    copy = create_app(base_config(f"sqlite:///{target}"))
    with copy.app_context():
        report = verify_history(current_sealer())
        grades = db.session.scalar(select(func.count()).select_from(Grade))
    dispose(copy)
    assert report.ok, report
    assert f"notes : {grades}," in result.output
    again = runner.invoke(args=["carnet", "backup", str(target)])
    assert again.exit_code == 1
    assert "existe déjà" in again.output
