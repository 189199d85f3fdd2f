"""A write kept waiting past the lock timeout: 503, Retry-After, nothing written.

Another connection holds the lock: on SQLite the database's write lock
(``lock_for_writing``: BEGIN IMMEDIATE), on PostgreSQL an exclusive lock on the
cohorts table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, func, select, text

from service.database import lock_for_writing
from service.extensions import db
from service.models import Cohort
from tests.service.api.conftest import World

COHORT = {"name": "BTS NDRC 2026", "start_year": 2026, "exam_session_year": 2028}


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Wait 100 ms for a lock instead of 5 s."""
    return {"LOCK_TIMEOUT_MS": 100}


@pytest.fixture
def blocker(app: Flask, world: World) -> Iterator[Connection]:
    """A connection holding the lock a cohort insert needs, until closed."""
    with app.app_context():  # left before the test: requests push their own
        engine = db.engine
    with engine.connect() as connection:
        connection.begin()
        if connection.dialect.name == "postgresql":
            connection.execute(text("LOCK TABLE cohorts IN ACCESS EXCLUSIVE MODE"))
        else:
            lock_for_writing(connection)
        yield connection


def _cohorts(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Cohort)) or 0


def test_a_write_blocked_past_the_lock_timeout_answers_503(
    app: Flask, client: FlaskClient, world: World, blocker: Connection
) -> None:
    before = blocker.scalar(select(func.count()).select_from(Cohort))
    headers = world.headers(world.director)
    response = client.post("/api/v1/cohorts", json=COHORT, headers=headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"].startswith("Service momentanément")
    blocker.rollback()
    blocker.close()
    assert _cohorts(app) == before
    retried = client.post("/api/v1/cohorts", json=COHORT, headers=headers)
    assert retried.status_code == 201
    assert _cohorts(app) == before + 1
