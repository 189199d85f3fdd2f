"""Reads never wait for writes (issue 10): while an import commits, other users read.

The import's commit is held in the middle of its writes (it holds the write lock
then, on SQLite the database's, on PostgreSQL its rows'), and the lock timeout is
short: a read that queued behind it would answer 503. Every read must answer 200
at once; then the import finishes. The speed of those reads is measured by
``bench/reads_during_import.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from service.extensions import db
from tests.service.factories import make_assessment, saved
from tests.service.imports.conftest import export, fill, upload
from tests.service.world import World

ROUNDS = 5


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """A lock wait runs out after 200 ms (instead of 5 s): a queued read would 503."""
    return {"LOCK_TIMEOUT_MS": 200}


class HeldCommit:
    """Pause one thread at its first write of a grade, until released."""

    def __init__(self, app: Flask) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        self.thread: threading.Thread | None = None
        with app.app_context():
            self.engine = db.engine

    def hook(self, *args: Any) -> None:
        statement: str = args[2]
        writing_grades = statement.startswith("INSERT INTO grades")
        if threading.current_thread() is self.thread and writing_grades:
            self.reached.set()
            self.release.wait(30)

    def __enter__(self) -> HeldCommit:
        event.listen(self.engine, "before_cursor_execute", self.hook)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        event.remove(self.engine, "before_cursor_execute", self.hook)


@pytest.fixture
def held(app: Flask) -> Iterator[HeldCommit]:
    """The commit-pausing hook on the app's engine."""
    with HeldCommit(app) as hold:
        yield hold


def test_reads_answer_while_an_import_commits(
    app: Flask, world: World, held: HeldCommit
) -> None:
    client = app.test_client()
    trainer = world.headers(world.trainer_a)
    assessment = saved(app, make_assessment, world.cohort_a, title="Prospection")
    sheet = fill(export(client, world, assessment), {"E5": 12, "E6": 15})
    batch = upload(client, trainer, sheet).get_json()["id"]
    # Each reader used its token within the last 5 minutes, as a reader does: a
    # token's first use of the period notes it (a write), see identity.py.
    assert _reads(app, world, assessment) == [200, 200, 200]
    committed: list[int] = []

    def commit() -> None:
        response = app.test_client().post(
            f"/api/v1/imports/{batch}/commit", headers=trainer
        )
        committed.append(response.status_code)

    held.thread = threading.Thread(target=commit)
    held.thread.start()
    assert held.reached.wait(30), "the import never reached its writes"
    statuses = [
        status for _ in range(ROUNDS) for status in _reads(app, world, assessment)
    ]
    held.release.set()
    held.thread.join(30)
    assert statuses == [200] * len(statuses)
    assert committed == [200]


def _reads(app: Flask, world: World, assessment: int) -> list[int]:
    """A student's progress, and the other trainer's and the importer's grids."""
    client: FlaskClient = app.test_client()
    alice = world.student_ids["alice"]
    calls = [
        (f"/api/v1/students/{alice}/progress", world.alice),
        ("/api/v1/assessments", world.trainer_b),
        (f"/api/v1/assessments/{assessment}/grades", world.trainer_a),
    ]
    return [
        client.get(url, headers=world.headers(user)).status_code for url, user in calls
    ]
