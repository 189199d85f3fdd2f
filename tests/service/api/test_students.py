"""Student records: enrolled by the director, read within each role's reach."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.admin_helpers import problem, rows, snapshot
from tests.service.api.conftest import World


def new_student(world: World, **changes: Any) -> dict[str, Any]:
    """A valid student record for cohort A."""
    return {
        "student_number": "E100",
        "cohort_id": world.cohort_a,
        "last_name": "Leroy",
        "first_name": "Diane",
        "ine": "123456789ab",
    } | changes


def listed(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[str]:
    """Return the first names of the students listed for a caller."""
    response = client.get(f"/api/v1/students?{query}", headers=headers)
    assert response.status_code == 200
    return [student["first_name"] for student in response.get_json()]


def test_each_role_lists_the_students_it_reaches(
    client: FlaskClient, world: World
) -> None:
    assert listed(client, world.headers(world.director)) == ["Chloé", "Alice", "Bruno"]
    assert listed(client, world.headers(world.trainer_a)) == ["Alice", "Bruno"]
    assert listed(client, world.headers(world.trainer_b)) == ["Chloé"]
    assert listed(client, world.headers(world.alice)) == ["Alice"]
    assert (
        listed(client, world.headers(world.alice), f"cohort_id={world.cohort_b}") == []
    )


def test_the_student_list_is_paginated_and_filtered(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    client.post("/api/v1/students", json=new_student(world), headers=headers)
    page = client.get("/api/v1/students?page=2&page_size=3", headers=headers)
    assert json.loads(page.headers["X-Pagination"])["total"] == 4
    assert [s["first_name"] for s in page.get_json()] == ["Bruno"]
    assert listed(client, headers, f"cohort_id={world.cohort_b}") == ["Chloé"]
    assert listed(client, headers, "q=peti") == ["Bruno"]
    assert listed(client, headers, "ine=123456789AB") == ["Diane"]
    assert listed(client, headers, "ine=123456789ab") == ["Diane"]
    problem(client.get("/api/v1/students?ine=123", headers=headers), 422)


def test_another_students_record_answers_like_a_missing_one(
    client: FlaskClient, world: World
) -> None:
    cases = [
        (world.alice, world.student_ids["bruno"], world.student_ids["alice"]),
        (world.trainer_a, world.student_ids["chloe"], world.student_ids["bruno"]),
    ]
    for user_id, foreign, own in cases:
        headers = world.headers(user_id)
        other = client.get(f"/api/v1/students/{foreign}", headers=headers)
        missing = client.get("/api/v1/students/999999", headers=headers)
        assert problem(other, 404) == problem(missing, 404)
        assert client.get(f"/api/v1/students/{own}", headers=headers).status_code == 200


def test_the_director_enrols_a_student_with_a_normalised_ine(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/students",
        json=new_student(world),
        headers=world.headers(world.director),
    )
    body = response.get_json()
    assert response.status_code == 201
    assert body["ine"] == "123456789AB"
    assert body["full_name"] == "LEROY Diane"
    assert (body["candidate_category"], body["exam_form"]) == (
        "cfa_habilite",
        "globale",
    )
    assert body["user_id"] is None


def test_bad_student_records_are_refused_naming_the_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    before = snapshot(app)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"ine": "12345678AB"}, 422, "ine"),
        ({"ine": "1234567890AB"}, 422, "ine"),
        ({"cohort_id": 999999}, 422, "cohort_id"),
        ({"user_id": world.trainer_a}, 422, "user_id"),
        ({"user_id": world.alice}, 409, "user_id"),
        ({"student_number": "E001"}, 409, "student_number"),
        ({"last_name": "Le\u0000roy"}, 422, "last_name"),
        ({"tutor_email": "pas-une-adresse"}, 422, "tutor_email"),
        ({"exam_form": "mixte"}, 422, "exam_form"),
    ]
    for change, status, field in cases:
        response = client.post(
            "/api/v1/students", json=new_student(world, **change), headers=headers
        )
        assert list(problem(response, status)["errors"]) == [field], change
    assert snapshot(app) == before


def test_an_ine_already_held_is_a_conflict(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    client.post("/api/v1/students", json=new_student(world), headers=headers)
    before = rows(app, "students")
    again = new_student(world, student_number="E101", ine="123456789AB")
    response = client.post("/api/v1/students", json=again, headers=headers)
    assert problem(response, 409)["errors"] == {"ine": ["Un étudiant a déjà cet INE."]}
    patch = client.patch(
        f"/api/v1/students/{world.student_ids['alice']}",
        json={"ine": "123456789ab"},
        headers=headers,
    )
    assert list(problem(patch, 409)["errors"]) == ["ine"]
    assert rows(app, "students") == before


def test_the_director_updates_the_candidate_file(
    client: FlaskClient, world: World
) -> None:
    url = f"/api/v1/students/{world.student_ids['chloe']}"
    headers = world.headers(world.director)
    changes = {
        "candidate_category": "cfa_non_habilite",
        "exam_form": "progressive",
        "contract": "apprentissage",
        "employer": "Librairie du Port",
        "tutor_name": "M. Roux",
        "tutor_email": "roux@librairie.test",
    }
    response = client.patch(url, json=changes, headers=headers)
    assert response.status_code == 200
    assert {key: response.get_json()[key] for key in changes} == changes
    cleared = client.patch(
        url, json={"employer": None, "user_id": None}, headers=headers
    )
    assert (cleared.get_json()["employer"], cleared.get_json()["user_id"]) == (
        None,
        None,
    )
    relinked = client.patch(url, json={"user_id": world.chloe}, headers=headers)
    assert relinked.get_json()["user_id"] == world.chloe


def test_a_student_record_keeps_its_number_and_cohort(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    for field, value in (("student_number", "E999"), ("cohort_id", world.cohort_b)):
        response = client.patch(
            f"/api/v1/students/{world.student_ids['alice']}",
            json={field: value},
            headers=world.headers(world.director),
        )
        assert list(problem(response, 422)["errors"]) == [field]
    assert snapshot(app) == before


def test_only_the_director_writes_student_records(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    for user_id in (world.trainer_a, world.alice):
        headers = world.headers(user_id)
        created = client.post(
            "/api/v1/students", json=new_student(world), headers=headers
        )
        problem(created, 403)
        changed = client.patch(
            f"/api/v1/students/{world.student_ids['alice']}",
            json={"employer": "Moi"},
            headers=headers,
        )
        problem(changed, 403)
    assert snapshot(app) == before
