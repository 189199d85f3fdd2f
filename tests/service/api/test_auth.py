"""Logging in, out, and personal tokens: who the API believes the caller is."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from service.extensions import db
from service.models import ApiToken, utc_now
from tests.service.api.admin_helpers import (
    PASSWORD,
    login,
    problem,
    rows,
    session_copy,
    set_password,
)
from tests.service.api.conftest import World

WRONG_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def test_a_login_opens_a_session_and_gives_its_csrf_token(
    app: Flask, world: World
) -> None:
    set_password(app, world.trainer_a)
    browser = app.test_client()
    response = browser.post(
        "/api/v1/auth/login",
        json={"email": "Formateur.A@carnet.test", "password": PASSWORD},
    )
    body = response.get_json()
    assert response.status_code == 200
    assert (body["id"], body["role"]) == (world.trainer_a, "trainer")
    assert len(body["csrf_token"]) >= 24
    assert browser.get("/api/v1/me").get_json()["id"] == world.trainer_a


def test_wrong_password_unknown_e_mail_and_inactive_account_answer_alike(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.trainer_b)
    client.patch(
        f"/api/v1/users/{world.trainer_b}",
        json={"active": False},
        headers=world.headers(world.director),
    )
    set_password(app, world.trainer_a)
    attempts = [
        {"email": "formateur.a@carnet.test", "password": "pas le bon"},
        {"email": "personne@carnet.test", "password": PASSWORD},
        {"email": "formateur.b@carnet.test", "password": PASSWORD},
    ]
    bodies = [
        problem(client.post("/api/v1/auth/login", json=attempt), 401)
        for attempt in attempts
    ]
    assert [body["detail"] for body in bodies] == [WRONG_CREDENTIALS] * 3
    assert bodies[0] == bodies[1] == bodies[2]


def test_logout_kills_every_copy_of_the_session_cookie(
    app: Flask, world: World
) -> None:
    set_password(app, world.alice)
    browser = app.test_client()
    csrf = login(browser, "alice@carnet.test")
    copy = session_copy(app, browser)
    assert copy.get("/api/v1/me").status_code == 200
    response = browser.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    for _ in range(20):
        problem(copy.get("/api/v1/me"), 401)
    problem(browser.get("/api/v1/me"), 401)


def test_cookie_writes_need_the_csrf_header_and_refusals_change_nothing(
    app: Flask, world: World
) -> None:
    set_password(app, world.trainer_a)
    browser = app.test_client()
    csrf = login(browser, "formateur.a@carnet.test")
    before = rows(app, "api_tokens")
    for headers in ({}, {"X-CSRF-Token": "faux"}):
        response = browser.post("/api/v1/tokens", json={"name": "x"}, headers=headers)
        problem(response, 403)
        problem(browser.post("/api/v1/auth/logout", headers=headers), 403)
    assert rows(app, "api_tokens") == before
    assert browser.get("/api/v1/me").status_code == 200
    created = browser.post(
        "/api/v1/tokens", json={"name": "script"}, headers={"X-CSRF-Token": csrf}
    )
    assert created.status_code == 201


def test_bearer_writes_need_no_csrf_header(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/tokens", json={"name": "cron"}, headers=world.headers(world.alice)
    )
    assert response.status_code == 201


def test_a_new_token_is_shown_once_then_listed_without_its_secret(
    client: FlaskClient, world: World
) -> None:
    created = client.post(
        "/api/v1/tokens",
        json={"name": "export nocturne", "expires_in_days": 7},
        headers=world.headers(world.director),
    ).get_json()
    secret = created["token"]
    assert secret.startswith("carnet_")
    assert secret.startswith(created["prefix"])
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.get_json()["id"] == world.director
    listed = client.get("/api/v1/tokens", headers=world.headers(world.director))
    names = [token["name"] for token in listed.get_json()]
    assert names == ["export nocturne", "tests"]
    assert all("token" not in token for token in listed.get_json())
    assert secret not in listed.get_data(as_text=True)


def test_a_revoked_token_stops_working_at_once(
    client: FlaskClient, world: World
) -> None:
    created = client.post(
        "/api/v1/tokens", json={"name": "jetable"}, headers=world.headers(world.alice)
    ).get_json()
    bearer = {"Authorization": f"Bearer {created['token']}"}
    revoked = client.delete(f"/api/v1/tokens/{created['id']}", headers=bearer)
    assert revoked.status_code == 204
    for _ in range(20):
        problem(client.get("/api/v1/me", headers=bearer), 401)
    assert (
        client.get("/api/v1/me", headers=world.headers(world.alice)).status_code == 200
    )


def test_an_expired_token_is_refused(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == world.bruno)
            .values(expires_at=utc_now() - timedelta(seconds=1))
        )
        db.session.commit()
    problem(client.get("/api/v1/me", headers=world.headers(world.bruno)), 401)


def test_someone_elses_token_cannot_be_revoked(
    app: Flask, client: FlaskClient, world: World
) -> None:
    created = client.post(
        "/api/v1/tokens", json={"name": "à moi"}, headers=world.headers(world.alice)
    ).get_json()
    before = rows(app, "api_tokens")
    response = client.delete(
        f"/api/v1/tokens/{created['id']}", headers=world.headers(world.bruno)
    )
    assert problem(response, 404)["detail"] == "Jeton introuvable."
    # Only Bruno's own token moved (its last use); Alice's is untouched.
    changed = set(rows(app, "api_tokens")) ^ set(before)
    assert {row[1] for row in changed} == {world.bruno}


def test_unknown_or_query_string_tokens_are_refused(
    client: FlaskClient, world: World
) -> None:
    secret = world.tokens[world.director]
    problem(client.get("/api/v1/me", headers={"Authorization": "Bearer faux"}), 401)
    problem(client.get(f"/api/v1/me?access_token={secret}"), 401)
    problem(client.get("/api/v1/me", headers={"Authorization": f"Basic {secret}"}), 401)
