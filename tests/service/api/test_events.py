"""T21: security events are logged, one line each, in UTC, and never a secret."""

from __future__ import annotations

import io
import logging

import pytest
from flask import Flask
from flask.logging import default_handler
from flask.testing import FlaskClient

from tests.service.api.admin_helpers import PASSWORD, set_password
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import add_assessment
from tests.service.test_web import csrf_from


def _events(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("event=")
    ]


def test_logins_refusals_and_rejected_imports_are_logged_without_secrets(
    app: Flask, client: FlaskClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    set_password(app, world.alice)
    wrong = {"email": "alice@carnet.test", "password": "pas le bon mot de passe"}
    client.post("/api/v1/auth/login", json=wrong)
    right = {"email": "alice@carnet.test", "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=right).status_code == 200
    student = world.headers(world.alice)
    assert client.get("/api/v1/users", headers=student).status_code == 403
    locked = add_assessment(app, world, locked=True)
    row = {"student_id": world.student_ids["alice"], "score": "12", "version": None}
    refused = client.put(
        f"/api/v1/assessments/{locked}/grades",
        json={"grades": [row]},
        headers=world.headers(world.trainer_a),
    )
    assert refused.status_code == 409
    upload = client.post(
        "/api/v1/imports",
        data={"kind": "gradebook", "file": (io.BytesIO(b"x"), "n.xlsx")},
        content_type="multipart/form-data",
        headers=world.headers(world.trainer_a),
    )
    assert upload.get_json()["state"] == "failed"
    names = [event.split()[0] for event in _events(caplog)]
    for expected in (
        "event=login.failure",
        "event=login.success",
        "event=access.denied",
        "event=write.refused",
        "event=import.rejected",
    ):
        assert expected in names
    secrets = [PASSWORD, wrong["password"], world.tokens[world.alice]]
    assert not [s for s in secrets if s in caplog.text]


def test_a_name_with_a_line_break_stays_on_one_line(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    forged = "eve@x.fr\r\nevent=login.success user=1"
    form = {"csrf_token": csrf_from(client.get("/connexion"))}
    client.post("/connexion", data=form | {"email": forged, "password": "x" * 12})
    (event,) = [e for e in _events(caplog) if "eve@x.fr" in e]
    assert "\n" not in event
    assert "\r" not in event
    assert event.count("event=") == 2  # the forged text, quoted inside the email


def test_log_times_are_utc(app: Flask) -> None:
    record = logging.LogRecord("carnet", logging.INFO, __file__, 1, "m", None, None)
    record.created = 0.0
    formatter = default_handler.formatter
    assert formatter is not None
    assert formatter.format(record).startswith("1970-01-01T00:00:00Z INFO")
