"""Passwords: the director sets them, every account changes its own (T13, D1)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.admin_helpers import (
    PASSWORD,
    login,
    problem,
    rows,
    session_copy,
    set_password,
)
from tests.service.api.conftest import World

NEW_USER = {
    "email": "nouveau.formateur@carnet.test",
    "display_name": "Nouveau Formateur",
    "role": "trainer",
    "password": "douze-caract",
}


def test_a_password_of_eleven_characters_is_refused_and_twelve_accepted(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    before = rows(app, "users")
    short = client.post(
        "/api/v1/users", json=NEW_USER | {"password": "onze-caract"}, headers=headers
    )
    assert list(problem(short, 422)["errors"]) == ["password"]
    assert rows(app, "users") == before
    accepted = client.post(
        "/api/v1/users", json=NEW_USER | {"password": "x" * 12}, headers=headers
    )
    assert accepted.status_code == 201


def test_a_password_reset_replaces_the_password_and_ends_sessions(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.alice)
    browser = app.test_client()
    login(browser, "alice@carnet.test")
    response = client.put(
        f"/api/v1/users/{world.alice}/password",
        json={"password": "nouveau mot de passe"},
        headers=world.headers(world.director),
    )
    assert response.status_code == 204
    problem(browser.get("/api/v1/me"), 401)
    old = {"email": "alice@carnet.test", "password": PASSWORD}
    problem(client.post("/api/v1/auth/login", json=old), 401)
    login(app.test_client(), "alice@carnet.test", "nouveau mot de passe")


def test_a_reset_for_a_missing_account_is_a_404(
    client: FlaskClient, world: World
) -> None:
    response = client.put(
        "/api/v1/users/999999/password",
        json={"password": "nouveau mot de passe"},
        headers=world.headers(world.director),
    )
    problem(response, 404)


def test_anyone_changes_their_own_password_and_every_session_ends(
    app: Flask, world: World
) -> None:
    set_password(app, world.bruno)
    browser = app.test_client()
    csrf = login(browser, "bruno@carnet.test")
    copy = session_copy(app, browser)
    response = browser.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "un autre secret"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 204
    problem(copy.get("/api/v1/me"), 401)
    problem(browser.get("/api/v1/me"), 401)
    login(app.test_client(), "bruno@carnet.test", "un autre secret")


def test_a_wrong_current_password_changes_nothing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.trainer_b)
    before = rows(app, "users")
    response = client.put(
        "/api/v1/me/password",
        json={"current_password": "pas le bon", "new_password": "un autre secret"},
        headers=world.headers(world.trainer_b),
    )
    assert list(problem(response, 422)["errors"]) == ["current_password"]
    assert rows(app, "users") == before


def test_a_token_holder_changes_their_password_too(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.trainer_b)
    response = client.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "un autre secret"},
        headers=world.headers(world.trainer_b),
    )
    assert response.status_code == 204
    login(app.test_client(), "formateur.b@carnet.test", "un autre secret")


def test_long_passwords_are_kept_whole(
    app: Flask, client: FlaskClient, world: World
) -> None:
    for length in (64, 128):
        password = "é" + "p" * (length - 2) + "z"
        email = f"long{length}@carnet.test"
        created = client.post(
            "/api/v1/users",
            json=NEW_USER | {"email": email, "password": password},
            headers=world.headers(world.director),
        )
        assert created.status_code == 201
        login(app.test_client(), email, password)
        altered = {"email": email, "password": password[:-1] + "y"}
        problem(client.post("/api/v1/auth/login", json=altered), 401)
