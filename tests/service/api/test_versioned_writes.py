"""Grades, CCF proposals and exam grades answer a write in one order (D6, D8, T07).

A locked or published target refuses first (409, audited), then a stale version
(412), then refused values (422); an unchanged save writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import ExamSession, SessionState
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    add_situation,
    audit_rows,
    history_rows,
)
from tests.service.api.session_helpers import create_session, enter, register


def test_a_locked_assessment_refuses_before_the_version_is_checked(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, locked=True)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(10))
    auth = world.headers(world.trainer_a)
    response = client.put(
        f"/api/v1/grades/{grade}",
        json={"score": 12},
        headers=auth | {"If-Match": '"7"'},
    )
    assert response.status_code == 409
    (event,) = audit_rows(app)
    assert (event.action, event.outcome) == ("grade.write", "refused_locked")
    assert event.detail == {"grade_id": grade}


def test_a_grade_checks_its_version_then_its_score_and_skips_an_unchanged_save(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(10))
    url = f"/api/v1/grades/{grade}"
    auth = world.headers(world.trainer_a)
    stale = client.put(url, json={"score": 25}, headers=auth | {"If-Match": '"2"'})
    assert stale.status_code == 412
    wrong = client.put(url, json={"score": 25}, headers=auth | {"If-Match": '"1"'})
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == {
        "score": ["La note doit être comprise entre 0 et 20."]
    }
    same = client.put(url, json={"score": 10}, headers=auth | {"If-Match": '"1"'})
    assert (same.status_code, same.headers["ETag"]) == (200, '"1"')
    assert history_rows(app) == []


def test_a_published_ccf_grade_refuses_before_the_version_is_checked(
    app: Flask, client: FlaskClient, world: World
) -> None:
    situation = add_situation(
        app, world.student_ids["alice"], grade=Decimal(12), published=True
    )
    response = client.put(
        f"/api/v1/ccf-situations/{situation}/grade",
        json={"proposed_grade": 13},
        headers=world.headers(world.trainer_a) | {"If-Match": '"9"'},
    )
    assert response.status_code == 409
    (event,) = audit_rows(app)
    assert (event.action, event.outcome) == ("ccf.write", "refused_published")


def test_an_exam_grade_answers_in_the_same_order(
    app: Flask, client: FlaskClient, world: World
) -> None:
    session = create_session(client, world)["id"]
    registration = register(
        client, world, session, student_id=world.student_ids["alice"]
    ).get_json()["registration"]["id"]
    created = enter(client, world, registration, unit="U4", grade=12)
    assert created.status_code == 201, created.get_json()
    url = f"/api/v1/exam-grades/{created.get_json()['id']}"
    auth = world.headers(world.director)
    dispensed = {"status": "dispensed"}  # R6: U4 cannot be dispensed
    stale = client.put(url, json=dispensed, headers=auth | {"If-Match": '"2"'})
    assert stale.status_code == 412
    refused = client.put(url, json=dispensed, headers=auth | {"If-Match": '"1"'})
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["status"]
    same = client.put(url, json={"grade": 12}, headers=auth | {"If-Match": '"1"'})
    assert (same.status_code, same.headers["ETag"]) == (200, '"1"')
    assert len(history_rows(app)) == 1  # the entry only
    with app.app_context():
        row = db.session.get(ExamSession, session)
        assert row is not None
        row.state = SessionState.LOCKED
        db.session.commit()
    locked = client.put(url, json={"grade": 13}, headers=auth | {"If-Match": '"5"'})
    assert locked.status_code == 409
    assert [(e.action, e.outcome) for e in audit_rows(app)][-1] == (
        "exam_grade.write",
        "refused_locked",
    )
