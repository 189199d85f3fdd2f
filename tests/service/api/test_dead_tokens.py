"""Tokens stay dead: reactivating an account revives no token issued before its
deactivation; the account works again only with a new token or a new login."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.admin_helpers import PASSWORD, problem, set_password
from tests.service.api.conftest import World


def _set_active(client: FlaskClient, world: World, user_id: int, active: bool) -> None:
    response = client.patch(
        f"/api/v1/users/{user_id}",
        json={"active": active},
        headers=world.headers(world.director),
    )
    assert (response.status_code, response.get_json()["active"]) == (200, active)


def test_reactivation_does_not_revive_a_token_issued_before_deactivation(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.trainer_a)
    old = world.headers(world.trainer_a)
    assert client.get("/api/v1/me", headers=old).status_code == 200
    _set_active(client, world, world.trainer_a, False)
    _set_active(client, world, world.trainer_a, True)
    problem(client.get("/api/v1/me", headers=old), 401)
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "formateur.a@carnet.test", "password": PASSWORD},
    )
    assert login.status_code == 200
    assert client.get("/api/v1/me").status_code == 200
