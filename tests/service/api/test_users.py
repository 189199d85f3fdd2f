"""The director manages accounts; every account changes its own password."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.operations import users as accounts
from service.passwords import check_password
from tests.service.api.admin_helpers import (
    PASSWORD,
    account,
    login,
    problem,
    rows,
    set_password,
    snapshot,
)
from tests.service.api.conftest import World

USER_FIELDS = {"id", "email", "display_name", "role", "active", "created_at"}
NEW_USER = {
    "email": "Nouveau.Formateur@Carnet.test",
    "display_name": "Nouveau Formateur",
    "role": "trainer",
    "password": "douze-caract",
}


def test_the_director_pages_through_the_accounts_without_password_hashes(
    client: FlaskClient, world: World
) -> None:
    response = client.get(
        "/api/v1/users?page=2&page_size=4", headers=world.headers(world.director)
    )
    assert response.status_code == 200
    assert json.loads(response.headers["X-Pagination"])["total"] == 7
    names = [user["display_name"] for user in response.get_json()]
    assert names == ["Formateur A", "Formateur B", "Tutrice Alice"]
    assert all(set(user) == USER_FIELDS for user in response.get_json())


def test_accounts_are_filtered_by_role_active_flag_and_name_or_email(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    client.patch(
        f"/api/v1/users/{world.bruno}", json={"active": False}, headers=headers
    )

    def names(query: str) -> list[str]:
        response = client.get(f"/api/v1/users?{query}", headers=headers)
        assert response.status_code == 200
        return [user["display_name"] for user in response.get_json()]

    assert names("role=trainer") == ["Formateur A", "Formateur B"]
    assert names("active=false") == ["Bruno Petit"]
    assert names("q=CHLO") == ["Chloé Durand"]
    assert names("q=formateur.b@") == ["Formateur B"]
    assert names("q=%25") == []


def test_the_director_creates_an_account_with_a_hashed_password(
    app: Flask, client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/users", json=NEW_USER, headers=world.headers(world.director)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == USER_FIELDS
    assert body["email"] == "nouveau.formateur@carnet.test"
    assert (body["role"], body["active"]) == ("trainer", True)
    stored = account(app, body["id"])
    assert stored.password_hash.startswith("$argon2id$")
    with app.app_context():
        assert check_password(stored.password_hash, "douze-caract")[0]


def test_an_e_mail_already_used_in_any_case_is_a_conflict(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = rows(app, "users")
    taken = NEW_USER | {"email": "Formateur.A@carnet.test"}
    response = client.post(
        "/api/v1/users", json=taken, headers=world.headers(world.director)
    )
    assert problem(response, 409)["errors"] == {
        "email": ["Un compte existe déjà pour cette adresse e-mail."]
    }
    assert rows(app, "users") == before


def test_an_e_mail_taken_by_a_concurrent_request_is_a_conflict_not_a_500(
    app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other request commits between our check and our insert: the unique
    # index has the last word, and the answer is the same 409.
    monkeypatch.setattr(accounts, "email_taken", lambda email: False)
    before = rows(app, "users")
    taken = NEW_USER | {"email": "formateur.a@carnet.test"}
    response = client.post(
        "/api/v1/users", json=taken, headers=world.headers(world.director)
    )
    assert list(problem(response, 409)["errors"]) == ["email"]
    assert rows(app, "users") == before


def test_extra_fields_are_refused_and_change_nothing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    before = snapshot(app)
    for extra in ({"password_hash": "x"}, {"active": False}, {"session_epoch": 9}):
        response = client.post("/api/v1/users", json=NEW_USER | extra, headers=headers)
        assert list(problem(response, 422)["errors"]) == list(extra)
    patch = client.patch(
        f"/api/v1/users/{world.trainer_a}", json={"email": "x@y.fr"}, headers=headers
    )
    assert list(problem(patch, 422)["errors"]) == ["email"]
    assert snapshot(app) == before


def test_a_missing_account_is_a_404_problem(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/users/999999", headers=world.headers(world.director))
    assert problem(response, 404)["detail"] == "Compte introuvable."


def test_the_director_renames_and_changes_a_role(
    client: FlaskClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{world.director}",
        json={"display_name": "  Mme la Directrice  "},
        headers=world.headers(world.director),
    )
    assert response.get_json()["display_name"] == "Mme la Directrice"
    created = client.post(
        "/api/v1/users", json=NEW_USER, headers=world.headers(world.director)
    ).get_json()
    promoted = client.patch(
        f"/api/v1/users/{created['id']}",
        json={"role": "director"},
        headers=world.headers(world.director),
    )
    assert (promoted.status_code, promoted.get_json()["role"]) == (200, "director")


def test_deactivation_ends_sessions_and_tokens_at_once(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.trainer_a)
    browser = app.test_client()
    login(browser, "formateur.a@carnet.test")
    epoch = account(app, world.trainer_a).session_epoch
    response = client.patch(
        f"/api/v1/users/{world.trainer_a}",
        json={"active": False},
        headers=world.headers(world.director),
    )
    assert (response.status_code, response.get_json()["active"]) == (200, False)
    assert account(app, world.trainer_a).session_epoch == epoch + 1
    problem(browser.get("/api/v1/me"), 401)
    problem(client.get("/api/v1/me", headers=world.headers(world.trainer_a)), 401)
    again = client.post(
        "/api/v1/auth/login",
        json={"email": "formateur.a@carnet.test", "password": PASSWORD},
    )
    problem(again, 401)


def test_the_director_can_neither_deactivate_nor_demote_themself(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    for change in ({"active": False}, {"role": "trainer"}):
        response = client.patch(
            f"/api/v1/users/{world.director}",
            json=change,
            headers=world.headers(world.director),
        )
        problem(response, 409)
    assert snapshot(app) == before


def test_a_role_holding_rows_cannot_change(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    for user_id, field in ((world.trainer_a, "role"), (world.alice, "role")):
        response = client.patch(
            f"/api/v1/users/{user_id}",
            json={"role": "director"},
            headers=world.headers(world.director),
        )
        assert list(problem(response, 409)["errors"]) == [field]
    assert snapshot(app) == before


def test_trainers_and_students_are_refused_the_account_list(
    client: FlaskClient, world: World
) -> None:
    for user_id in (world.trainer_a, world.alice):
        response = client.get("/api/v1/users", headers=world.headers(user_id))
        problem(response, 403)


def test_a_browser_session_writes_accounts_only_with_its_csrf_token(
    app: Flask, world: World
) -> None:
    set_password(app, world.director)
    browser = app.test_client()
    csrf = login(browser, "directrice@carnet.test")
    url = f"/api/v1/users/{world.trainer_b}"
    before = snapshot(app)
    problem(browser.patch(url, json={"display_name": "B."}), 403)
    assert snapshot(app) == before
    accepted = browser.patch(
        url, json={"display_name": "B."}, headers={"X-CSRF-Token": csrf}
    )
    assert accepted.get_json()["display_name"] == "B."
