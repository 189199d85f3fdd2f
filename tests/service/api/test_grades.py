"""The grade grid of an assessment: read, save all-or-nothing, versions (D5, D6, D8)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event

from service.extensions import db
from service.models import ChangeSource, Cohort, GradeStatus, HistoryEntity
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    audit_rows,
    grade_table,
    history_rows,
)
from tests.service.factories import make_student


def grid_url(assessment_id: int) -> str:
    """The grid of an assessment."""
    return f"/api/v1/assessments/{assessment_id}/grades"


def save(
    client: FlaskClient, world: World, assessment: int, rows: list[dict[str, Any]]
) -> Any:
    """PUT a grid as trainer A."""
    return client.put(
        grid_url(assessment),
        json={"grades": rows},
        headers=world.headers(world.trainer_a),
    )


def test_the_grid_lists_every_student_of_the_cohort(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["bruno"], Decimal("14.5"))
    response = client.get(grid_url(assessment), headers=world.headers(world.trainer_a))
    assert response.status_code == 200
    body = response.get_json()
    assert body["assessment"]["id"] == assessment
    rows = {row["first_name"]: row for row in body["rows"]}
    assert sorted(rows) == ["Alice", "Bruno"]
    assert rows["Alice"]["grade"] is None
    assert rows["Bruno"]["grade"]["id"] == grade
    assert rows["Bruno"]["grade"]["score"] == "14.50"
    assert rows["Bruno"]["grade"]["version"] == 1


def test_the_grid_is_for_staff_in_reach_only(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, published=True)
    outsider = client.get(grid_url(assessment), headers=world.headers(world.trainer_b))
    missing = client.get(grid_url(999999), headers=world.headers(world.trainer_b))
    assert outsider.status_code == missing.status_code == 404
    assert outsider.get_json() == missing.get_json()
    student = client.get(grid_url(assessment), headers=world.headers(world.alice))
    assert student.status_code == 403


def test_a_save_creates_and_updates_with_one_history_row_each(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    bruno = add_grade(app, assessment, world.student_ids["bruno"], Decimal(9))
    rows = [
        {"student_id": world.student_ids["alice"], "score": "12.5", "comment": "Bien"},
        {"student_id": world.student_ids["bruno"], "status": "ABJ", "version": 1},
    ]
    response = save(client, world, assessment, rows)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 1, 0)
    grades = {row["first_name"]: row["grade"] for row in body["rows"]}
    assert grades["Alice"]["score"] == "12.50"
    assert grades["Alice"]["comment"] == "Bien"
    assert (grades["Bruno"]["status"], grades["Bruno"]["version"]) == ("ABJ", 2)
    history = history_rows(app)
    assert [(h.entity, h.actor_id, h.source) for h in history] == [
        (HistoryEntity.GRADE, world.trainer_a, ChangeSource.API)
    ] * 2
    by_grade = {h.entity_id: h for h in history}
    assert by_grade[bruno].old == {"score": "9.00", "status": None, "comment": None}
    assert by_grade[bruno].new == {"score": None, "status": "ABJ", "comment": None}
    alice = grades["Alice"]["id"]
    assert by_grade[alice].old is None
    assert by_grade[alice].new == {"score": "12.50", "status": None, "comment": "Bien"}


def test_unchanged_rows_write_nothing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    add_grade(app, assessment, world.student_ids["alice"], Decimal(15))
    before = grade_table(app)
    rows = [{"student_id": world.student_ids["alice"], "score": 15, "version": 1}]
    response = save(client, world, assessment, rows)
    assert response.status_code == 200
    assert response.get_json()["unchanged"] == 1
    assert grade_table(app) == before
    assert history_rows(app) == []


def test_every_bad_row_is_named_by_its_index_and_nothing_is_written(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    schema_errors = save(
        client,
        world,
        assessment,
        [
            {"student_id": alice, "score": "12.345"},
            {"student_id": bruno, "score": "douze"},
            {"student_id": alice, "score": 12, "status": "ABS"},
            {"student_id": bruno, "status": "ABSENT"},
            {"student_id": bruno},
        ],
    )
    assert schema_errors.status_code == 422
    assert sorted(schema_errors.get_json()["errors"]) == [
        "grades.0.score",
        "grades.1.score",
        "grades.2.score",
        "grades.3.status",
        "grades.4.score",
    ]
    row_errors = save(
        client,
        world,
        assessment,
        [
            {"student_id": alice, "score": 12},
            {"student_id": bruno, "score": "20.01"},
            {"student_id": world.student_ids["chloe"], "score": 10},
            {"student_id": alice, "score": 11},
        ],
    )
    assert row_errors.status_code == 422
    assert row_errors.get_json()["errors"] == {
        "grades.1.score": ["La note doit être comprise entre 0 et 20."],
        "grades.2.student_id": [
            "Étudiant introuvable dans la cohorte de cette évaluation."
        ],
        "grades.3.student_id": ["Étudiant en double."],
    }
    assert grade_table(app) == []
    assert history_rows(app) == []


def test_one_stale_row_refuses_the_whole_batch(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    bruno = world.student_ids["bruno"]
    add_grade(app, assessment, bruno, Decimal(8))
    moved_on = save(
        client, world, assessment, [{"student_id": bruno, "score": 9, "version": 1}]
    )
    assert moved_on.status_code == 200
    before = grade_table(app)
    for stale_row in (
        {"student_id": bruno, "score": 10, "version": 1},
        {"student_id": bruno, "score": 10},
    ):
        rows = [{"student_id": world.student_ids["alice"], "score": 17}, stale_row]
        response = save(client, world, assessment, rows)
        assert response.status_code == 412
        assert list(response.get_json()["errors"]) == ["grades.1.version"]
    assert grade_table(app) == before
    assert len(history_rows(app)) == 1


def test_a_locked_assessment_refuses_the_grid_and_the_refusal_is_audited(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, locked=True)
    add_grade(app, assessment, world.student_ids["alice"], Decimal(11))
    before = grade_table(app)
    rows = [{"student_id": world.student_ids["alice"], "score": 19, "version": 1}]
    response = save(client, world, assessment, rows)
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert "verrouillée" in response.get_json()["detail"]
    assert grade_table(app) == before
    (event,) = audit_rows(app)
    assert (event.action, event.target_kind, event.target_id) == (
        "grade.bulk_write",
        "assessment",
        assessment,
    )
    assert (event.outcome, event.actor_id) == ("refused_locked", world.trainer_a)
    assert event.detail == {"rows": 1}


def test_a_trainer_outside_the_assignment_changes_nothing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    add_grade(app, assessment, world.student_ids["alice"], Decimal(11))
    before = grade_table(app)
    rows = [{"student_id": world.student_ids["alice"], "score": 3, "version": 1}]
    response = client.put(
        grid_url(assessment),
        json={"grades": rows},
        headers=world.headers(world.trainer_b),
    )
    assert response.status_code == 404
    assert grade_table(app) == before
    assert history_rows(app) == []


def test_a_statuses_only_grid_keeps_statuses(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    rows = [
        {"student_id": world.student_ids[name], "status": status.value}
        for name, status in (("alice", GradeStatus.DISP), ("bruno", GradeStatus.NN))
    ]
    response = save(client, world, assessment, rows)
    assert response.status_code == 200
    assert sorted(row[3] for row in grade_table(app)) == [
        GradeStatus.DISP,
        GradeStatus.NN,
    ]


def test_a_large_grid_is_saved_with_a_constant_number_of_statements(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_a)
        assert cohort is not None
        for n in range(40):
            make_student(cohort, first_name=f"Élève{n}", student_number=f"G{n:03d}")
        db.session.commit()
        students = sorted(s.id for s in cohort.students)
    assessment = add_assessment(app, world)
    first = [{"student_id": s, "score": 10} for s in students]
    second = [{"student_id": s, "score": 11, "version": 1} for s in students]
    writes = []
    for rows in (first, second):
        with app.app_context(), count_statements(db.engine) as statements:
            response = save(client, world, assessment, rows)
        assert response.status_code == 200
        writes.append(
            [s.split()[0] for s in statements if "grade" in s and "SELECT" not in s]
        )
    assert len(grade_table(app)) == len(students) == 42
    assert len(history_rows(app)) == 2 * len(students)
    # One statement for the grades, one for their history, whatever the grid size.
    assert writes == [["INSERT", "INSERT"], ["UPDATE", "INSERT"]]


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL statements sent through ``engine`` meanwhile."""
    statements: list[str] = []

    def collect(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)
