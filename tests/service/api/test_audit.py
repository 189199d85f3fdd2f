"""The audit trail: refusals survive their request's rollback; the director reads it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.access.guard import EXTENSION_KEY
from service.access.rules import PUBLIC
from service.extensions import db
from service.models import Assessment, Grade
from service.operations.audit import AuditOutcome, AuditRecord, RefusedWrite
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    audit_rows,
    grade_table,
)

URL = "/api/v1/audit"


@pytest.mark.own_app  # adds a route and its rule
def test_a_refusal_is_kept_while_the_work_of_its_request_is_discarded(
    app: Flask, world: World
) -> None:
    assessment_id = add_assessment(app, world)

    def write_then_refuse() -> str:
        assessment = db.session.get(Assessment, assessment_id)
        db.session.add(
            Grade(
                assessment=assessment,
                student_id=world.student_ids["alice"],
                score=Decimal(12),
            )
        )
        db.session.flush()
        record = AuditRecord(
            world.trainer_a,
            "grade.write",
            "assessment",
            assessment_id,
            AuditOutcome.REFUSED_LOCKED,
            {"rows": 1},
        )
        raise RefusedWrite("Verrouillée.", record)

    app.add_url_rule(
        "/api/probe/refusal", view_func=write_then_refuse, methods=["POST"]
    )
    app.extensions[EXTENSION_KEY].add({"write_then_refuse": PUBLIC})
    response = app.test_client().post("/api/probe/refusal")
    assert response.status_code == 409
    assert grade_table(app) == []
    (event,) = audit_rows(app)
    assert (event.action, event.outcome, event.detail) == (
        "grade.write",
        "refused_locked",
        {"rows": 1},
    )


def test_the_director_lists_and_filters_the_audit_trail(
    app: Flask, client: FlaskClient, world: World
) -> None:
    locked = add_assessment(app, world, locked=True)
    grade = add_grade(app, locked, world.student_ids["alice"], Decimal(9))
    for user in (world.trainer_a, world.director):
        response = client.put(
            f"/api/v1/grades/{grade}",
            json={"score": 10},
            headers=world.headers(user) | {"If-Match": '"1"'},
        )
        assert response.status_code == 409
    director = world.headers(world.director)
    every = client.get(URL, headers=director)
    assert every.status_code == 200
    assert [(e["actor_id"], e["action"]) for e in every.get_json()] == [
        (world.director, "grade.write"),
        (world.trainer_a, "grade.write"),
    ]
    mine = client.get(f"{URL}?actor_id={world.trainer_a}", headers=director)
    assert [e["actor_id"] for e in mine.get_json()] == [world.trainer_a]
    other = client.get(f"{URL}?action=assessment.unlock", headers=director)
    assert other.get_json() == []


def test_only_the_director_reads_the_audit_trail(
    client: FlaskClient, world: World
) -> None:
    for user in (world.trainer_a, world.alice):
        response = client.get(URL, headers=world.headers(user))
        assert response.status_code == 403
