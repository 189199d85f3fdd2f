"""Concurrent saves of the same grades lose nothing (D6), on a real database.

The database is a SQLite file (or PostgreSQL when CARNET_TEST_DATABASE_URL is set);
each thread uses its own test client, so every request runs in its own app context,
session and connection. The app holds at most WORKERS connections, like a server
with that many worker processes: 20 threads then queue for a connection instead of
all waiting on SQLite's write lock, where the GIL can starve one past the busy
timeout.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.app import create_app
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    grade_table,
    history_rows,
)
from tests.service.conftest import DatabaseSetup, base_config, dispose, empty_schema

THREADS = 20
SAVES_PER_THREAD = 50
OK = 200
STALE = 412
#: Connections the app may hold at once (a server's worker processes).
WORKERS = 4


@pytest.fixture
def app(test_database: DatabaseSetup, tmp_path: Path) -> Iterator[Flask]:
    """The app on a clean database, with a pool of WORKERS connections."""
    pool = {"pool_size": WORKERS, "max_overflow": 0, "pool_timeout": 60}
    if test_database.template is not None:
        path = tmp_path / "carnet.db"
        shutil.copyfile(test_database.template, path)
        config = base_config(f"sqlite:///{path}", pool)
    else:
        options = test_database.engine_options | pool
        config = base_config(test_database.url, options)
    app = create_app(config)
    yield app
    dispose(app)
    if test_database.template is None:
        empty_schema(test_database)


@dataclass
class Storm:
    """What the threads saw: statuses, and the value of every accepted save."""

    statuses: Counter[int] = field(default_factory=Counter)
    accepted: dict[int, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def save_once(app: Flask, world: World, grade: int, score: Decimal) -> int:
    """GET the grade's ETag, then PUT a new score with If-Match; return the status."""
    client = app.test_client()
    headers = world.headers(world.trainer_a)
    read = client.get(f"/api/v1/grades/{grade}", headers=headers)
    if read.status_code != OK:
        return read.status_code
    response = client.put(
        f"/api/v1/grades/{grade}",
        json={"score": str(score)},
        headers=headers | {"If-Match": read.headers["ETag"]},
    )
    return response.status_code


def storm(app: Flask, world: World, grades: list[int]) -> Storm:
    """Run THREADS × SAVES_PER_THREAD saves spread over a few hot grades."""
    result = Storm(accepted={grade: [] for grade in grades})
    start = threading.Barrier(THREADS)

    def worker(thread: int) -> None:
        start.wait()
        for attempt in range(SAVES_PER_THREAD):
            grade = grades[(thread + attempt) % len(grades)]
            # A distinct score per attempt: no save is ever a no-op.
            score = Decimal(thread * SAVES_PER_THREAD + attempt).scaleb(-2)
            status = save_once(app, world, grade, score)
            with result.lock:
                result.statuses[status] += 1
                if status == OK:
                    result.accepted[grade].append(f"{score:.2f}")

    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(worker, n) for n in range(THREADS)]:
            future.result()
    return result


def test_two_saves_of_the_same_version_give_one_200_and_one_412(
    app: Flask, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(10))
    start = threading.Barrier(2)

    def put(score: int) -> int:
        client = app.test_client()
        start.wait()
        return client.put(
            f"/api/v1/grades/{grade}",
            json={"score": score},
            headers=world.headers(world.trainer_a) | {"If-Match": '"1"'},
        ).status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(put, (11, 12)))
    assert statuses == [OK, STALE]
    assert grade_table(app)[0][5] == 2
    assert len(history_rows(app)) == 1


def race(
    app: Flask, world: World, assessment: int, grids: list[list[Any]]
) -> list[int]:
    """PUT two grids at the same instant; return the sorted statuses."""
    start = threading.Barrier(len(grids))

    def put(rows: list[Any]) -> int:
        client = app.test_client()
        start.wait()
        return client.put(
            f"/api/v1/assessments/{assessment}/grades",
            json={"grades": rows},
            headers=world.headers(world.trainer_a),
        ).status_code

    with ThreadPoolExecutor(len(grids)) as pool:
        return sorted(pool.map(put, grids))


def test_two_grid_saves_in_opposite_orders_give_one_200_and_one_412(
    app: Flask, world: World
) -> None:
    assessment = add_assessment(app, world)
    students = [world.student_ids["alice"], world.student_ids["bruno"]]
    for student in students:
        add_grade(app, assessment, student, Decimal(10))
    for attempt in range(5):
        version = 1 + attempt
        rows = [
            {"student_id": s, "score": 11 + attempt, "version": version}
            for s in students
        ]
        other = [row | {"score": 15 + attempt} for row in reversed(rows)]
        assert race(app, world, assessment, [rows, other]) == [OK, STALE]
    assert {row[5] for row in grade_table(app)} == {6}
    assert len(history_rows(app)) == 10


def test_two_grid_saves_creating_the_same_grade_give_one_200_and_one_412(
    app: Flask, world: World
) -> None:
    assessment = add_assessment(app, world)
    alice = world.student_ids["alice"]
    grids = [[{"student_id": alice, "score": score}] for score in (12, 13)]
    assert race(app, world, assessment, grids) == [OK, STALE]
    assert len(grade_table(app)) == 1
    assert len(history_rows(app)) == 1


def test_twenty_threads_saving_hot_grades_lose_no_update(
    app: Flask, world: World
) -> None:
    first = add_assessment(app, world)
    second = add_assessment(app, world, subject="CEF")
    grades = [
        add_grade(app, first, world.student_ids["alice"], Decimal(10)),
        add_grade(app, first, world.student_ids["bruno"], Decimal(10)),
        add_grade(app, second, world.student_ids["alice"], Decimal(10)),
    ]
    result = storm(app, world, grades)
    assert set(result.statuses) <= {OK, STALE}, result.statuses
    assert sum(result.statuses.values()) == THREADS * SAVES_PER_THREAD
    history = history_rows(app)
    assert len(history) == result.statuses[OK]
    rows = {row[0]: row for row in grade_table(app)}
    for grade in grades:
        accepted = result.accepted[grade]
        assert accepted, "every hot grade was saved at least once"
        assert rows[grade][5] == 1 + len(accepted)
        chain = [h for h in history if h.entity_id == grade]
        # 0 lost updates: each change starts from the value the previous one wrote.
        assert [h.old["score"] for h in chain[1:]] == [
            h.new["score"] for h in chain[:-1]
        ]
        assert sorted(h.new["score"] for h in chain) == sorted(accepted)
        assert f"{rows[grade][2]:.2f}" == chain[-1].new["score"]
