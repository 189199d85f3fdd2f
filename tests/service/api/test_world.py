"""The API fixtures give each role the access its rules promise."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import ApiToken
from tests.service.api.conftest import World


def test_each_account_is_recognised_by_its_token(
    client: FlaskClient, world: World
) -> None:
    answers = {
        user_id: client.get("/api/v1/me", headers=world.headers(user_id)).get_json()
        for user_id in (world.director, world.trainer_a, world.alice)
    }
    assert [answer["role"] for answer in answers.values()] == [
        "director",
        "trainer",
        "student",
    ]


def test_a_request_without_credentials_gets_a_401_problem(client: FlaskClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 401


def test_a_token_used_for_a_read_remembers_when_it_was_used(
    app: Flask, client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/me", headers=world.headers(world.alice))
    assert response.status_code == 200
    with app.app_context():
        mine = select(ApiToken).where(ApiToken.user_id == world.alice)
        token = db.session.scalar(mine)
        assert token is not None
        assert token.last_used_at is not None


def test_a_body_that_is_not_json_gets_a_415_problem(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/tokens",
        data='{"name": "cli"}',
        content_type="text/plain",
        headers=world.headers(world.alice),
    )
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
