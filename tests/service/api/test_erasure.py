"""T48: erasing a student ends the account for good and empties the optional
fields, while the exam records stay, flagged with their legal basis.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.extensions import db
from service.models import AuditEvent, Grade, Student
from service.operations.erasure import OPTIONAL_FIELDS, RETENTION_BASIS
from tests.service.api.admin_helpers import PASSWORD, login, session_copy, set_password
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import add_assessment, add_grade


def test_an_erased_student_cannot_log_in_and_keeps_only_exam_records(
    app: Flask, client: FlaskClient, world: World
) -> None:
    alice = world.student_ids["alice"]
    add_grade(app, add_assessment(app, world), alice, Decimal(14))
    with app.app_context():
        record = db.session.get(Student, alice)
        assert record is not None
        record.email, record.employer, record.tutor_name = (
            "a@x.fr",
            "Librairie",
            "M. Roux",
        )
        db.session.commit()
    set_password(app, world.alice)
    browser = app.test_client()
    login(browser, "alice@carnet.test")
    copy = session_copy(app, browser)
    director = world.headers(world.director)
    assert (
        client.post(
            f"/api/v1/students/{alice}/erase", headers=world.headers(world.trainer_a)
        ).status_code
        == 403
    )
    erased = client.post(f"/api/v1/students/{alice}/erase", headers=director)
    assert erased.status_code == 200
    body = erased.get_json()
    assert [body[name] for name in OPTIONAL_FIELDS] == [None] * len(OPTIONAL_FIELDS)
    assert (body["last_name"], body["retention_basis"]) == ("Martin", RETENTION_BASIS)
    assert body["erased_at"] is not None
    assert copy.get("/api/v1/me").status_code == 401
    assert browser.get("/api/v1/me").status_code == 401
    token = world.headers(world.alice)
    assert client.get(f"/api/v1/students/{alice}", headers=token).status_code == 401
    again = {"email": "alice@carnet.test", "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=again).status_code == 401
    with app.app_context():
        grades = db.session.scalar(
            select(func.count()).select_from(Grade).where(Grade.student_id == alice)
        )
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert grades == 1
    assert actions == ["student.erase"]
    export = client.get(f"/api/v1/students/{alice}/personal-data", headers=director)
    (row,) = export.get_json()["tables"]["students"]
    assert row["retention_basis"] == RETENTION_BASIS
    assert export.get_json()["tables"]["tutor_links"] == []  # her tutor follows no more
    progress = f"/api/v1/students/{alice}/progress"
    assert client.get(progress, headers=world.headers(world.tutor)).status_code == 404
    assert (
        client.post(f"/api/v1/students/{alice}/erase", headers=director).status_code
        == 409
    )
