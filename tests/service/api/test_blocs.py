"""The blocs ledger: written at publication, valid five years (R4), own record only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.models import BlocSource
from tests.service.api.conftest import World
from tests.service.api.session_helpers import (
    add_situations,
    create_session,
    enter,
    register,
)
from tests.service.factories import make_bloc, saved


def publish_alice(app: Flask, client: FlaskClient, world: World) -> int:
    """Run a session where Alice gets U4 (13) and U5 (10) but not U2; publish it."""
    session = create_session(client, world)["id"]
    alice = world.student_ids["alice"]
    registration = register(client, world, session, student_id=alice).get_json()[
        "registration"
    ]["id"]
    add_situations(app, alice, "U4", ["12", "14"])
    enter(client, world, registration, unit="U2", grade=8)
    enter(client, world, registration, unit="U5", written=9, practical=11)
    headers = world.headers(world.director)
    assert (
        client.post(f"/api/v1/sessions/{session}/compute", headers=headers).status_code
        == 200
    )
    assert (
        client.post(f"/api/v1/sessions/{session}/publish", headers=headers).status_code
        == 200
    )
    return alice


def blocs(
    client: FlaskClient, world: World, user: int, student: int, on: str = ""
) -> TestResponse:
    """GET the ledger of a student as ``user``."""
    query = f"?on={on}" if on else ""
    return client.get(
        f"/api/v1/students/{student}/blocs{query}", headers=world.headers(user)
    )


def test_publication_writes_the_blocs_acquired_with_their_validity(
    app: Flask, client: FlaskClient, world: World
) -> None:
    alice = publish_alice(app, client, world)
    response = blocs(client, world, world.alice, alice, "2028-01-10")
    assert response.status_code == 200
    body = response.get_json()
    assert body["on"] == "2028-01-10"
    assert [
        (b["unit"], b["grade"], b["source"], b["valid_through_session"], b["valid"])
        for b in body["blocs"]
    ] == [
        ("U4", "13.00", "session", 2032, True),
        ("U5", "10.00", "session", 2032, True),
    ]
    assert body["blocs"][0]["valid_until"] == "2032-07-02"


def test_a_bloc_is_no_longer_valid_after_session_n_plus_5(
    app: Flask, client: FlaskClient, world: World
) -> None:
    alice = publish_alice(app, client, world)
    last_day = blocs(client, world, world.director, alice, "2032-12-31").get_json()
    after = blocs(client, world, world.director, alice, "2033-01-01").get_json()
    assert {b["valid"] for b in last_day["blocs"]} == {True}
    assert [(b["unit"], b["valid"]) for b in after["blocs"]] == [
        ("U4", False),
        ("U5", False),
    ]


def test_blocs_from_elsewhere_are_listed_with_their_source(
    app: Flask, client: FlaskClient, world: World
) -> None:
    bruno = world.student_ids["bruno"]
    saved(
        app,
        make_bloc,
        bruno,
        "U1",
        grade=Decimal("12.5"),
        source=BlocSource.VAE,
        obtained_on=date(2024, 6, 28),
        valid_until=date(2029, 6, 28),
    )
    (bloc,) = blocs(client, world, world.bruno, bruno, "2026-03-01").get_json()["blocs"]
    assert (bloc["unit"], bloc["source"], bloc["valid"]) == ("U1", "vae", True)


def test_only_the_student_their_trainers_and_the_director_see_the_ledger(
    app: Flask, client: FlaskClient, world: World
) -> None:
    alice = publish_alice(app, client, world)
    missing = blocs(client, world, world.bruno, 999999)
    for user in (world.bruno, world.chloe, world.trainer_b):
        response = blocs(client, world, user, alice)
        assert response.status_code == 404
        assert response.get_json()["detail"] == missing.get_json()["detail"]
    for user in (world.alice, world.trainer_a, world.director):
        assert blocs(client, world, user, alice).status_code == 200


def test_warning_at_registration_for_a_ledger_bloc_expiring_before_the_jury(
    app: Flask, client: FlaskClient, world: World
) -> None:
    bruno = world.student_ids["bruno"]
    saved(
        app,
        make_bloc,
        bruno,
        "U3",
        grade=Decimal(11),
        obtained_session_year=2021,
        obtained_on=date(2021, 7, 6),
        valid_through_session=2026,
        valid_until=date(2026, 7, 6),
    )
    session = create_session(client, world)["id"]
    response = register(client, world, session, student_id=bruno)
    assert response.status_code == 201
    (warning,) = response.get_json()["warnings"]
    assert (warning["code"], warning["unit"]) == ("benefit_expires", "U3")
