"""Subjects of the curriculum and teaching assignments."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import TeachingAssignment
from tests.service.api.admin_helpers import problem, rows, snapshot
from tests.service.api.conftest import World

CURRICULUM_CODES = ["CEF", "LV1", "CEJM", "RCNV", "RCDD", "RCAR", "ATP", "EVP"]
NEW_SUBJECT = {"code": "LV2", "name": "Langue vivante 2", "hours_per_year": 36}


def assignment_id(app: Flask, trainer_id: int, cohort_id: int, subject_id: int) -> int:
    """Return the id of one teaching assignment."""
    with app.app_context():
        found = db.session.scalar(
            select(TeachingAssignment.id).where(
                TeachingAssignment.trainer_id == trainer_id,
                TeachingAssignment.cohort_id == cohort_id,
                TeachingAssignment.subject_id == subject_id,
            )
        )
        assert found is not None
        return found


def test_every_account_reads_the_curriculum_in_order(
    client: FlaskClient, world: World
) -> None:
    for user_id in (world.director, world.trainer_b, world.chloe):
        response = client.get("/api/v1/subjects", headers=world.headers(user_id))
        assert [s["code"] for s in response.get_json()] == CURRICULUM_CODES
    one = client.get(
        f"/api/v1/subjects/{world.subjects['ATP']}", headers=world.headers(world.alice)
    )
    assert (one.get_json()["unit"], one.get_json()["hours_per_year"]) == (None, 71)


def test_the_director_adds_a_subject_after_the_others(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/subjects", json=NEW_SUBJECT, headers=world.headers(world.director)
    )
    assert response.status_code == 201
    assert response.get_json() == NEW_SUBJECT | {
        "id": response.get_json()["id"],
        "unit": None,
        "position": 9,
    }


def test_bad_subjects_are_refused_naming_the_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"code": "RCNV"}, 409, "code"),
        ({"code": "lv2"}, 422, "code"),
        ({"unit": "U9"}, 422, "unit"),
        ({"hours_per_year": -1}, 422, "hours_per_year"),
        ({"hours_per_year": "36"}, 422, "hours_per_year"),
    ]
    for change, status, field in cases:
        response = client.post(
            "/api/v1/subjects",
            json=NEW_SUBJECT | change,
            headers=world.headers(world.director),
        )
        assert list(problem(response, status)["errors"]) == [field], change
    assert snapshot(app) == before


def test_the_director_changes_a_subject(
    app: Flask, client: FlaskClient, world: World
) -> None:
    url = f"/api/v1/subjects/{world.subjects['ATP']}"
    headers = world.headers(world.director)
    response = client.patch(
        url, json={"hours_per_year": 80, "unit": "U4"}, headers=headers
    )
    assert (response.get_json()["hours_per_year"], response.get_json()["unit"]) == (
        80,
        "U4",
    )
    before = snapshot(app)
    problem(client.patch(url, json={"code": "EVP"}, headers=headers), 409)
    problem(client.patch(url, json={"unit": "U7"}, headers=headers), 422)
    problem(client.patch("/api/v1/subjects/999999", json={}, headers=headers), 404)
    for user_id in (world.trainer_a, world.alice):
        refused = client.patch(url, json={"name": "X"}, headers=world.headers(user_id))
        problem(refused, 403)
        created = client.post(
            "/api/v1/subjects", json=NEW_SUBJECT, headers=world.headers(user_id)
        )
        problem(created, 403)
    assert snapshot(app) == before


def test_the_director_lists_every_assignment_and_a_trainer_their_own(
    client: FlaskClient, world: World
) -> None:
    def listed(user_id: int, query: str = "") -> list[tuple[str, str, str]]:
        response = client.get(
            f"/api/v1/assignments?{query}", headers=world.headers(user_id)
        )
        assert response.status_code == 200
        return [
            (a["trainer_name"], a["cohort_name"], a["subject_code"])
            for a in response.get_json()
        ]

    assert listed(world.director) == [
        ("Formateur A", "NDRC 2025–2027", "CEF"),
        ("Formateur A", "NDRC 2025–2027", "RCNV"),
        ("Formateur B", "NDRC 2026–2028", "RCNV"),
    ]
    assert listed(world.director, f"cohort_id={world.cohort_b}") == [
        ("Formateur B", "NDRC 2026–2028", "RCNV")
    ]
    assert listed(world.trainer_b) == [("Formateur B", "NDRC 2026–2028", "RCNV")]
    assert listed(world.trainer_b, f"trainer_id={world.trainer_a}") == []
    problem(client.get("/api/v1/assignments", headers=world.headers(world.alice)), 403)


def test_a_new_assignment_opens_the_cohort_to_its_trainer(
    client: FlaskClient, world: World
) -> None:
    body = {
        "trainer_id": world.trainer_b,
        "cohort_id": world.cohort_a,
        "subject_id": world.subjects["CEJM"],
    }
    student_url = f"/api/v1/students/{world.student_ids['alice']}"
    problem(client.get(student_url, headers=world.headers(world.trainer_b)), 404)
    response = client.post(
        "/api/v1/assignments", json=body, headers=world.headers(world.director)
    )
    assert response.status_code == 201
    assert response.get_json()["trainer_name"] == "Formateur B"
    seen = client.get(student_url, headers=world.headers(world.trainer_b))
    assert seen.status_code == 200


def test_bad_assignments_are_refused(
    app: Flask, client: FlaskClient, world: World
) -> None:
    valid = {
        "trainer_id": world.trainer_b,
        "cohort_id": world.cohort_a,
        "subject_id": world.subjects["CEJM"],
    }
    before = snapshot(app)
    cases: list[tuple[dict[str, Any], int, str | None]] = [
        ({"trainer_id": world.alice}, 422, "trainer_id"),
        ({"trainer_id": world.director}, 422, "trainer_id"),
        ({"cohort_id": 999999}, 422, "cohort_id"),
        ({"subject_id": 999999}, 422, "subject_id"),
        ({"subject_id": 2**31}, 422, "subject_id"),
        (
            {"trainer_id": world.trainer_a, "subject_id": world.subjects["CEF"]},
            409,
            None,
        ),
    ]
    for change, status, field in cases:
        response = client.post(
            "/api/v1/assignments",
            json=valid | change,
            headers=world.headers(world.director),
        )
        body = problem(response, status)
        assert list(body.get("errors", {})) == ([field] if field else []), change
    problem(
        client.post(
            "/api/v1/assignments", json=valid, headers=world.headers(world.trainer_a)
        ),
        403,
    )
    assert snapshot(app) == before


def test_ending_an_assignment_closes_the_cohort_to_its_trainer(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    for code in ("CEF", "RCNV"):
        ended = assignment_id(
            app, world.trainer_a, world.cohort_a, world.subjects[code]
        )
        if code == "CEF":
            refused = client.delete(
                f"/api/v1/assignments/{ended}", headers=world.headers(world.trainer_a)
            )
            problem(refused, 403)
        response = client.delete(f"/api/v1/assignments/{ended}", headers=headers)
        assert response.status_code == 204
    assert len(rows(app, "teaching_assignments")) == 1
    students = client.get("/api/v1/students", headers=world.headers(world.trainer_a))
    assert students.get_json() == []
    problem(client.delete("/api/v1/assignments/999999", headers=headers), 404)
