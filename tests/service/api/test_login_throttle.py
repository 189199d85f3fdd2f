"""T12: password guessing is cut short, for every worker, and never locks anyone out.

Passwords actually checked are counted with a spy on ``check_password``. The
shared-store test runs two apps (two gunicorn workers) on one Redis at
127.0.0.1:6379, each test under its own key namespace.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.operations import login
from tests.service.api.admin_helpers import PASSWORD, set_password
from tests.service.api.conftest import World
from tests.service.conftest import dispose
from tests.service.test_web import csrf_from

ALICE = "alice@carnet.test"
WRONG = {"email": ALICE, "password": "pas le bon mot de passe"}
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords the login really verified (argon2 called)."""
    calls: list[str] = []
    real = login.check_password

    def spy(stored: str, password: str) -> tuple[bool, str | None]:
        calls.append(password)
        return real(stored, password)

    monkeypatch.setattr(login, "check_password", spy)
    return calls


def _attempt(client: FlaskClient, address: str, body: dict[str, str]) -> Any:
    return client.post(
        "/api/v1/auth/login", json=body, environ_base={"REMOTE_ADDR": address}
    )


def test_a_hundred_guesses_from_one_address_check_ten_passwords(
    app: Flask, client: FlaskClient, world: World, checked: list[str]
) -> None:
    set_password(app, world.alice)
    statuses = [_attempt(client, "203.0.113.7", WRONG).status_code for _ in range(100)]
    assert statuses.count(401) == 10
    assert statuses.count(429) == 90
    assert len(checked) == 10
    refused = _attempt(client, "203.0.113.7", WRONG)
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert refused.get_json()["detail"].startswith("Trop de tentatives")


def test_rotating_addresses_check_twenty_passwords_per_account(
    app: Flask, client: FlaskClient, world: World, checked: list[str]
) -> None:
    set_password(app, world.alice)
    for guess in range(100):
        _attempt(client, f"198.51.100.{guess % 10}", WRONG)
    assert len(checked) == 20
    form = {"csrf_token": csrf_from(client.get("/connexion"))}
    web = client.post(
        "/connexion",
        data=form | {"email": ALICE, "password": "encore faux"},
        environ_base={"REMOTE_ADDR": "192.0.2.1"},
    )
    assert web.status_code == 429
    assert "Retry-After" in web.headers


@pytest.mark.parametrize(
    "app_settings",
    [{"LOGIN_LIMITS": {"account_address": "3 per 1 second", "account": "5 per 1 second",
                       "address": "50 per 1 second"}}],
)  # fmt: skip
def test_after_the_window_the_real_user_logs_in_at_the_first_try(
    app: Flask, client: FlaskClient, world: World
) -> None:
    set_password(app, world.alice)
    for _ in range(10):
        _attempt(client, "203.0.113.7", WRONG)
    right = {"email": ALICE, "password": PASSWORD}
    assert _attempt(client, "203.0.113.7", right).status_code == 429
    time.sleep(1.1)
    assert _attempt(client, "203.0.113.7", right).status_code == 200


@pytest.fixture
def workers(app: Flask, world: World) -> Iterator[list[FlaskClient]]:
    """Two apps on the same database sharing a Redis store, as two workers would."""
    set_password(app, world.alice)
    settings = dict(app.config) | {
        "LOGIN_LIMIT_STORAGE": REDIS,
        "LOGIN_LIMIT_NAMESPACE": f"carnet-test-{uuid.uuid4().hex}",
    }
    apps = [create_app(settings) for _ in range(2)]
    yield [worker.test_client() for worker in apps]
    for worker in apps:
        dispose(worker)


def test_the_workers_share_the_counts(
    workers: list[FlaskClient], checked: list[str]
) -> None:
    for guess in range(40):
        _attempt(workers[guess % 2], "203.0.113.9", WRONG)
    assert len(checked) == 10


@pytest.mark.parametrize(
    "app_settings", [{"LOGIN_LIMIT_STORAGE": "redis://127.0.0.1:1/0"}]
)
def test_a_redis_store_that_is_down_makes_the_login_answer_503_not_500(
    client: FlaskClient, world: World, checked: list[str]
) -> None:
    api = _attempt(client, "203.0.113.7", WRONG)
    assert (api.status_code, api.mimetype) == (503, "application/problem+json")
    assert api.headers["Retry-After"] == "5"
    assert api.get_json()["detail"].startswith("Connexion momentanément impossible")
    form = {"csrf_token": csrf_from(client.get("/connexion"))}
    web = client.post("/connexion", data=form | WRONG)
    assert web.status_code == 503
    assert "Connexion momentanément impossible" in web.get_data(as_text=True)
    assert checked == []  # no password checked without the counts
