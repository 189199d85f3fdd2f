"""Sessions, registrations and CCF rows for the exam-session API tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.extensions import db
from tests.service.api.conftest import World
from tests.service.factories import committed, make_ccf_situation

JURY_DATE = "2027-07-02"
SESSION_YEAR = 2027


def create_session(
    client: FlaskClient, world: World, year: int = SESSION_YEAR
) -> dict[str, Any]:
    """Open a session through the API and return its body."""
    response = client.post(
        "/api/v1/sessions",
        json={"year": year, "jury_date": JURY_DATE},
        headers=world.headers(world.director),
    )
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def register(client: FlaskClient, world: World, session_id: int, **fields: Any) -> Any:
    """POST a registration; return the response."""
    return client.post(
        f"/api/v1/sessions/{session_id}/registrations",
        json=fields,
        headers=world.headers(world.director),
    )


def add_situations(
    app: Flask, student_id: int, unit: str, grades: list[str]
) -> list[int]:
    """Add a student's CCF situations of a unit with proposed grades."""
    with committed(app):
        return [
            make_ccf_situation(student_id, unit=unit, number=n, grade=Decimal(g)).id
            for n, g in enumerate(grades, start=1)
        ]


def count(app: Flask, model: type[Any]) -> int:
    """Return the number of rows of a model."""
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def enter(
    client: FlaskClient, world: World, registration_id: int, **fields: Any
) -> Any:
    """POST an exam unit grade; return the response."""
    return client.post(
        f"/api/v1/registrations/{registration_id}/exam-grades",
        json=fields,
        headers=world.headers(world.director),
    )
