"""T45: a student's personal data holds every row about them and no one else's.

On the demo centre, the director's export of each student is compared with what
a query of every table finds linked to that student (directly, through their
account, registrations or CCF situations). The student's own export applies R7.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Table, select

from service.demo import DEMO_PASSWORD
from service.extensions import Base, db
from service.models import CcfSituation, Student

#: Tables reached through a parent of the student's, by the column naming it.
THROUGH = {"registration_id": "registrations", "situation_id": "ccf_situations"}
HISTORY_OF = {
    "grade": "grades",
    "ccf_situation": "ccf_situations",
    "exam_unit_grade": "exam_unit_grades",
    "attendance_mark": "attendance_marks",
}


@pytest.fixture
def demo(app: Flask, runner: FlaskCliRunner) -> Flask:
    """The demo centre with four apprentices per class."""
    assert runner.invoke(args=["carnet", "demo", "--students", "4"]).exit_code == 0
    return app


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    body = {"email": email, "password": DEMO_PASSWORD}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200
    return client


def _ids(table: Table, column: str, values: set[Any]) -> set[int]:
    rows = db.session.execute(select(table.c.id).where(table.c[column].in_(values)))
    return {row.id for row in rows}


def linked_rows(student: Student) -> dict[str, set[int]]:
    """The ids of every row about ``student``, by table, found from the schema."""
    tables = Base.metadata.tables
    user = {student.user_id} - {None}
    found = {
        "students": {student.id},
        "users": user,
        "api_tokens": _ids(tables["api_tokens"], "user_id", user),
        "audit_events": _ids(tables["audit_events"], "actor_id", user),
    }
    for name, table in tables.items():
        if "student_id" in table.c and name not in found:
            found[name] = _ids(table, "student_id", {student.id})
    for name, table in tables.items():
        for column, parent in THROUGH.items():
            if column in table.c and name not in found:
                found[name] = _ids(table, column, found[parent])
    history = tables["grade_history"]
    found["grade_history"] = {
        row.id
        for row in db.session.execute(select(history))
        if row.entity_id in found[HISTORY_OF[row.entity]]
    }
    return found


def test_the_directors_export_holds_every_row_about_each_student(
    demo: Flask,
) -> None:
    director = _login(demo, "directrice@carnet.test")
    with demo.app_context():
        students = list(db.session.scalars(select(Student)))
        expected = {s.id: linked_rows(s) for s in students}
    assert len(students) >= 12
    for student in students:
        response = director.get(f"/api/v1/students/{student.id}/personal-data")
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        body = response.get_json()
        assert body["complete"] is True
        exported = {
            name: {r["id"] for r in rows} for name, rows in body["tables"].items()
        }
        wanted = {name: ids for name, ids in expected[student.id].items() if ids}
        assert {n: ids for n, ids in exported.items() if ids} == wanted
        assert "password_hash" not in str(body)


def test_a_student_gets_their_own_data_under_r7_and_no_one_elses(
    demo: Flask,
) -> None:
    with demo.app_context():
        student = db.session.scalar(
            select(Student).where(
                Student.user_id.is_not(None),
                Student.id.in_(select(CcfSituation.student_id)),
            )
        )
        assert student is not None
        email, own = student.email, student.id
        other = db.session.scalar(select(Student.id).where(Student.id != own))
    url = f"/api/v1/students/{own}/personal-data"
    director = _login(demo, "directrice@carnet.test").get(url).get_json()["tables"]
    assert director["ccf_situations"]  # proposed, not yet published
    client = _login(demo, str(email))
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_json()["complete"] is False
    tables = response.get_json()["tables"]
    assert tables["ccf_situations"] == tables["ccf_evaluators"] == []
    entities = {h["entity"] for h in tables["grade_history"]}
    assert entities - {"attendance_mark"} == {"grade"}  # marks: no R7 secret
    assert {row["student_id"] for row in tables["grades"]} == {own}
    assert client.get(f"/api/v1/students/{other}/personal-data").status_code == 404
