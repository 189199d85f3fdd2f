"""The README's gunicorn command (gunicorn.conf.py), served for real on 127.0.0.1:
the app, not gunicorn, answers a very long URL; several workers refuse to start
without a shared login store; with Redis, two workers hold the login limits at
their documented numbers (the 11th, 21st and 101st attempt get 429, T12)."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.security import HEADERS
from tests.service.conftest import DatabaseSetup
from tests.service.gunicorn_server import (
    ROOT,
    Server,
    command,
    environment,
    flask_command,
    free_port,
    migrated_sqlite,
    served,
)

REDIS = "redis://127.0.0.1:6379/0"
EMAIL = "formatrice@cfa.test"
PASSWORD = "un-mot-de-passe-solide"
LONG = "/connexion?q=" + "x" * 6000  # under gunicorn's 8190, over the app's 4096


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _login(url: str, email: str, address: str) -> int:
    request = urllib.request.Request(
        url + "/api/v1/auth/login",
        data=json.dumps({"email": email, "password": "pas le bon"}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture(scope="module")
def redis_server(
    tmp_path_factory: pytest.TempPathFactory, test_database: DatabaseSetup
) -> Iterator[Server]:
    """Two workers sharing their login counts in Redis, behind one trusted proxy.

    Passwords use the tests' fast hash: the counts, not argon2, are under test.
    """
    folder = tmp_path_factory.mktemp("gunicorn")
    env = environment(
        folder,
        {
            "CARNET_LOGIN_LIMIT_STORAGE": REDIS,
            "CARNET_LOGIN_LIMIT_NAMESPACE": f"carnet-test-{uuid.uuid4().hex}",
            "CARNET_TRUSTED_PROXIES": "1",
            "CARNET_TESTING": "true",
            "CARNET_PASSWORD_HASH_PROFILE": "fast",
        },
    )
    migrated_sqlite(test_database, folder, env)
    flask_command(
        env, "create-user", "--email", EMAIL, "--name", "F. Martin",
        "--role", "trainer", "--password", PASSWORD,
    )  # fmt: skip
    with served(env, folder, workers=2) as server:
        yield server


def test_a_very_long_url_gets_the_apps_french_414_with_the_security_headers(
    redis_server: Server,
) -> None:
    status, headers, body = _get(redis_server.url + LONG)
    assert status == 414
    assert "Adresse trop longue" in body
    assert "<html" in body.lower()
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    status, headers, body = _get(redis_server.url + "/api/v1/me?q=" + "x" * 6000)
    assert (status, headers["Content-Type"]) == (414, "application/problem+json")
    assert json.loads(body)["detail"].startswith("Adresse trop longue")


def _statuses(server: Server, attempts: list[tuple[str, str]]) -> list[int]:
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(lambda a: _login(server.url, *a), attempts))


def test_two_workers_hold_the_three_login_limits(redis_server: Server) -> None:
    one_address = _statuses(redis_server, [(EMAIL, "203.0.113.1")] * 14)
    assert (one_address.count(401), one_address.count(429)) == (10, 4)
    rotating = [(EMAIL, f"198.51.100.{n}") for n in range(30)]
    statuses = _statuses(redis_server, rotating)
    # The account already had 10 attempts: 10 more are checked, then 429.
    assert (statuses.count(401), statuses.count(429)) == (10, 20)
    unknown = [(f"inconnu{n}@cfa.test", "192.0.2.50") for n in range(110)]
    statuses = _statuses(redis_server, unknown)
    assert (statuses.count(401), statuses.count(429)) == (100, 10)
    assert len(redis_server.pids()) == 2  # both workers answered


def test_several_workers_refuse_to_start_on_the_memory_store(tmp_path: Path) -> None:
    env = environment(tmp_path, {"CARNET_LOGIN_LIMIT_STORAGE": "memory://"})
    run = subprocess.run(
        command(free_port(), 2, tmp_path / "access.log"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0
    assert "Carnet refuse de démarrer" in run.stderr
    assert "LOGIN_LIMIT_STORAGE=memory://" in run.stderr
