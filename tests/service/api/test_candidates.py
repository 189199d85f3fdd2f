"""How a registration becomes the engine input: CCF situations, grid grade, policies."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import CandidateCategory, Student
from tests.service.api.conftest import World
from tests.service.api.session_helpers import (
    add_situations,
    create_session,
    enter,
    register,
)


def registered(client: FlaskClient, world: World, name: str = "alice") -> int:
    """Open a session, register a student, return the registration id."""
    session = create_session(client, world)["id"]
    response = register(client, world, session, student_id=world.student_ids[name])
    registration: int = response.get_json()["registration"]["id"]
    return registration


def candidate(client: FlaskClient, world: World, registration: int) -> Any:
    """GET the engine input of a registration."""
    return client.get(
        f"/api/v1/registrations/{registration}/candidate",
        headers=world.headers(world.director),
    ).get_json()


def test_ccf_units_come_from_the_situations_once_each_is_graded(
    app: Flask, client: FlaskClient, world: World
) -> None:
    registration = registered(client, world)
    alice = world.student_ids["alice"]
    add_situations(app, alice, "U4", ["12", "15.5"])
    add_situations(app, alice, "U6", ["11"])  # the second situation is not held yet
    document = candidate(client, world, registration)
    assert document["units"] == {"U4": {"situations": ["12.00", "15.50"]}}
    assert document["category"] == "cfa_habilite"
    assert document["policy"] == {"rounding": "ceil_half", "validity": "session"}
    assert document["session"] == {"year": 2027, "jury_date": "2027-07-02"}


def test_a_grid_grade_overrides_the_situations(
    app: Flask, client: FlaskClient, world: World
) -> None:
    registration = registered(client, world)
    add_situations(app, world.student_ids["alice"], "U4", ["12", "14"])
    assert (
        enter(client, world, registration, unit="U4", grade="13.75").status_code == 201
    )
    assert candidate(client, world, registration)["units"] == {"U4": {"grade": "13.75"}}


def test_a_candidate_outside_ccf_takes_u4_as_an_entered_grade(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        student = db.session.get(Student, world.student_ids["bruno"])
        assert student is not None
        student.candidate_category = CandidateCategory.DISTANCE
        db.session.commit()
    registration = registered(client, world, "bruno")
    add_situations(app, world.student_ids["bruno"], "U4", ["18", "18"])
    assert candidate(client, world, registration)["units"] == {}  # R1: no CCF
    assert enter(client, world, registration, unit="U4", grade=11).status_code == 201
    document = candidate(client, world, registration)
    assert document["category"] == "non_habilite"
    assert document["units"] == {"U4": {"grade": "11.00"}}


def test_the_configured_policies_reach_the_engine(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["ROUNDING_POLICY"] = "exact"
    app.config["CCF_WEIGHTS"] = {"U6": [1, 3]}
    registration = registered(client, world)
    add_situations(app, world.student_ids["alice"], "U6", ["9", "10.5"])
    document = candidate(client, world, registration)
    assert document["policy"]["rounding"] == "exact"
    session = client.get(
        f"/api/v1/registrations/{registration}", headers=world.headers(world.director)
    ).get_json()["registration"]["session_id"]
    (result,) = client.post(
        f"/api/v1/sessions/{session}/compute", headers=world.headers(world.director)
    ).get_json()
    # (1 × 9 + 3 × 10.5) / 4 = 10.125, kept exact: no rounding to 10.5 (R2 policy).
    assert result["explanation"]["units"]["U6"]["grade"] == 10.125
    assert result["decision"] == "incomplet"
