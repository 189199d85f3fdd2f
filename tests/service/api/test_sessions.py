"""Exam sessions and registrations: CRUD, life cycle, engine checks and warnings."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from service.models import Dispense, KeptBenefit, Registration
from tests.service.api.conftest import World
from tests.service.api.session_helpers import count, create_session, register

SESSIONS = "/api/v1/sessions"


def test_the_director_opens_lists_edits_and_deletes_a_session(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    created = create_session(client, world)
    assert created["state"] == "open"
    assert created["regulation_id"] == "bts-ndrc"
    listed = client.get(SESSIONS, headers=headers).get_json()
    assert [s["year"] for s in listed] == [2027]
    one = f"{SESSIONS}/{created['id']}"
    edited = client.patch(one, json={"jury_date": "2027-07-05"}, headers=headers)
    assert edited.get_json()["jury_date"] == "2027-07-05"
    assert client.delete(one, headers=headers).status_code == 204
    assert client.get(one, headers=headers).status_code == 404


def test_one_session_per_year_and_a_known_regulation(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    create_session(client, world)
    again = client.post(SESSIONS, json={"year": 2027}, headers=headers)
    assert again.status_code == 409
    unknown = client.post(
        SESSIONS, json={"year": 2028, "regulation_id": "bts-xyz"}, headers=headers
    )
    assert unknown.status_code == 422
    assert "regulation_id" in unknown.get_json()["errors"]


def test_trainers_and_students_cannot_manage_sessions(
    client: FlaskClient, world: World
) -> None:
    for user in (world.trainer_a, world.alice):
        response = client.post(
            SESSIONS, json={"year": 2027}, headers=world.headers(user)
        )
        assert response.status_code == 403
        assert client.get(SESSIONS, headers=world.headers(user)).status_code == 403


def test_illegal_transitions_answer_409(client: FlaskClient, world: World) -> None:
    session = create_session(client, world)
    headers = world.headers(world.director)
    for action in ("publish", "lock", "reopen"):
        response = client.post(f"{SESSIONS}/{session['id']}/{action}", headers=headers)
        assert response.status_code == 409, action
    assert (
        client.get(f"{SESSIONS}/{session['id']}", headers=headers).get_json()["state"]
        == "open"
    )


def test_registration_keeps_a_benefit_and_a_dispense(
    app: Flask, client: FlaskClient, world: World
) -> None:
    session = create_session(client, world)
    response = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        benefits=[
            {
                "unit": "U3",
                "grade": "13.5",
                "origin": "session",
                "origin_session_year": 2025,
                "obtained_on": "2025-07-04",
            }
        ],
        dispenses=[{"unit": "U1", "justification": "Titulaire du BTS MCO (2023)"}],
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["warnings"] == []
    registration = body["registration"]
    assert registration["form"] == "globale"
    assert registration["benefits"][0]["grade"] == "13.50"
    assert registration["dispenses"][0]["unit"] == "U1"
    again = register(
        client, world, session["id"], student_id=world.student_ids["alice"]
    )
    assert again.status_code == 409
    assert count(app, Registration) == 1


def test_a_benefit_expiring_before_the_jury_is_warned(
    client: FlaskClient, world: World
) -> None:
    session = create_session(client, world)
    benefit = {
        "unit": "U2",
        "grade": 14,
        "origin": "previous_school",
        "origin_session_year": 2021,
        "obtained_on": "2021-07-06",
    }
    response = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["bruno"],
        benefits=[benefit],
    )
    assert response.status_code == 201
    warnings = response.get_json()["warnings"]
    assert [(w["code"], w["unit"]) for w in warnings] == [("benefit_expired", "U2")]
    assert "2026" in warnings[0]["message"]  # valid through session 2021 + 5 (R4)
    registration_id = response.get_json()["registration"]["id"]
    read = client.get(
        f"/api/v1/registrations/{registration_id}",
        headers=world.headers(world.director),
    )
    assert read.get_json()["warnings"] == warnings


def test_the_engine_refuses_dispensing_u4_naming_the_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    session = create_session(client, world)
    response = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        dispenses=[
            {"unit": "U1", "justification": "Licence"},
            {"unit": "U4", "justification": "Expérience"},
        ],
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["dispenses.1.unit"]
    assert "R6" in response.get_json()["errors"]["dispenses.1.unit"][0]
    assert count(app, Registration) == 0
    assert count(app, Dispense) == 0


def test_a_grade_below_10_cannot_be_kept_in_forme_globale(
    app: Flask, client: FlaskClient, world: World
) -> None:
    session = create_session(client, world)
    low = {
        "unit": "U1",
        "grade": "9.5",
        "origin": "session",
        "origin_session_year": 2025,
        "obtained_on": "2025-07-04",
    }
    response = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        benefits=[low],
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["benefits.0.grade"]
    assert count(app, KeptBenefit) == 0
    progressive = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        form="progressive",
        benefits=[low],
    )
    assert progressive.status_code == 201  # R5: forme progressive may carry it


def test_bad_values_are_refused_by_field(client: FlaskClient, world: World) -> None:
    session = create_session(client, world)
    response = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        benefits=[
            {
                "unit": "U3",
                "grade": "12.345",
                "origin_session_year": 2025,
                "obtained_on": "2025-07-04",
            }
        ],
        dispenses=[{"unit": "U1", "justification": "  "}],
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {
        "benefits.0.grade",
        "dispenses.0.justification",
    }


def test_registration_edit_replaces_lists(client: FlaskClient, world: World) -> None:
    session = create_session(client, world)
    created = register(
        client,
        world,
        session["id"],
        student_id=world.student_ids["alice"],
        dispenses=[{"unit": "U1", "justification": "Licence"}],
    ).get_json()["registration"]
    url = f"/api/v1/registrations/{created['id']}"
    headers = world.headers(world.director)
    edited = client.patch(
        url,
        json={"dispenses": [{"unit": "U3", "justification": "BTS MCO, CEJM validée"}]},
        headers=headers,
    )
    assert edited.status_code == 200
    assert [d["unit"] for d in edited.get_json()["registration"]["dispenses"]] == ["U3"]
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
