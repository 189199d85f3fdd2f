"""T19: production refuses development settings. T20: errors show an incident
reference, never a trace, and the log holds the trace under the same reference.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.production import UnsafeConfigurationError
from tests.service.conftest import dispose

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k2Jx9QvN3mWc7LpR5tYh8ZsA4dFg6HjU1eXo0bVi"


def _production(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "PRODUCTION": True,
        "SECRET_KEY": STRONG_KEY,
        "SESSION_COOKIE_SECURE": True,
        "TRUSTED_HOSTS": ["carnet.cfa.example"],
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"DEBUG": True}, "DEBUG est activé"),
        ({"TESTING": True}, "TESTING est activé"),
        ({"SECRET_KEY": None}, "SECRET_KEY manque"),
        ({"SECRET_KEY": "trop-courte"}, "moins de 32 octets"),
        (
            {"SECRET_KEY": "test-secret-key-0123456789abcdef0123"},
            "clé de développement",
        ),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE"),
        ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS manque"),
    ],
)
def test_a_development_setting_refuses_to_start(
    tmp_path: Path, overrides: dict[str, Any], problem: str
) -> None:
    with pytest.raises(UnsafeConfigurationError, match=problem):
        create_app(_production(tmp_path, **overrides))


def test_a_production_app_serves_only_its_host_and_no_console(tmp_path: Path) -> None:
    app = create_app(_production(tmp_path))
    client = app.test_client()
    served = client.get("/connexion", base_url="https://carnet.cfa.example")
    assert served.status_code == 200
    assert client.get("/connexion", base_url="https://evil.example").status_code == 400
    assert (
        client.get("/console", base_url="https://carnet.cfa.example").status_code == 404
    )
    dispose(app)


def test_the_wsgi_entry_point_exits_with_an_error(tmp_path: Path) -> None:
    environment = os.environ | {
        "CARNET_PRODUCTION": "true",
        "SECRET_KEY": "trop-courte",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.db'}",
    }
    started = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "Configuration refusée en production" in started.stderr


FORBIDDEN_IN_BODY = ("Traceback", "sqlalchemy", "/home/", '.py"', "SELECT ", "boom")


def test_a_page_error_shows_a_reference_found_in_the_log(
    app: Flask,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise RuntimeError("boom SELECT secret")

    monkeypatch.setitem(app.view_functions, "health.healthz", broken)
    response = client.get("/healthz")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Une erreur est survenue" in body
    assert not [word for word in FORBIDDEN_IN_BODY if word in body]
    incident = re.search(r"<strong>([0-9a-f]{12})</strong>", body)
    assert incident is not None
    logged = [r for r in caplog.records if incident.group(1) in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info is not None


def test_an_api_error_gives_its_reference_in_the_problem(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "auth.login", broken)
    response = client.post("/api/v1/auth/login", json={})
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert re.fullmatch(
        r"Erreur interne : l'incident [0-9a-f]{12} est enregistré\.",
        response.get_json()["detail"],
    )
