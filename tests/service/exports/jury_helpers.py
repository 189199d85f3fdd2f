"""A session with one refused candidate (Bruno) and one admitted (Alice)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.conftest import World
from tests.service.api.session_helpers import (
    add_situations,
    create_session,
    enter,
    register,
)

#: Exam grades entered for each candidate, by unit (U5 has two parts).
GOOD = {"U1": "14", "U2": "15", "U3": "12.5"}
POOR = {"U1": "4", "U2": "5", "U3": "3.5"}


@dataclass
class Deliberation:
    """Ids of a computed session: Alice admitted, Bruno refused."""

    session: int
    registrations: dict[str, int]


def candidate(
    app: Flask,
    client: FlaskClient,
    world: World,
    session: int,
    name: str,
    *,
    grades: dict[str, str],
) -> int:
    """Register a student with every unit graded; return the registration id."""
    student = world.student_ids[name]
    response = register(client, world, session, student_id=student)
    assert response.status_code == 201, response.get_json()
    registration: int = response.get_json()["registration"]["id"]
    for unit, grade in grades.items():
        entered = enter(client, world, registration, unit=unit, grade=grade)
        assert entered.status_code == 201, entered.get_json()
    part = grades["U1"]
    assert (
        enter(
            client, world, registration, unit="U5", written=part, practical=part
        ).status_code
        == 201
    )
    add_situations(app, student, "U4", [part, part])
    add_situations(app, student, "U6", [part, part])
    return registration


def deliberate(app: Flask, client: FlaskClient, world: World) -> Deliberation:
    """Open a session, register Alice and Bruno, compute the results."""
    session: int = create_session(client, world)["id"]
    registrations = {
        "alice": candidate(app, client, world, session, "alice", grades=GOOD),
        "bruno": candidate(app, client, world, session, "bruno", grades=POOR),
    }
    computed = post(client, world, f"/sessions/{session}/compute")
    assert computed.status_code == 200, computed.get_json()
    decisions = {r["student_name"]: r["decision"] for r in computed.get_json()}
    assert sorted(decisions.values()) == ["admis", "refuse"], decisions
    return Deliberation(session, registrations)


def post(client: FlaskClient, world: World, path: str, **body: Any) -> Any:
    """POST as the director."""
    return client.post(
        f"/api/v1{path}", json=body, headers=world.headers(world.director)
    )
