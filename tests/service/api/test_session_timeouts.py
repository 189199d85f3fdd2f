"""T11: a browser session ends after 30 minutes without a request, and 8 hours after
its login however active. The clock the session checks read is the test's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.models import utc_now
from tests.service.api.admin_helpers import login, set_password
from tests.service.api.conftest import World

#: Every module that reads the time to open or check a session.
CLOCK_READERS = (
    "service.api.auth",
    "service.access.guard",
    "service.web.auth",
    "service.web.session",
)


@dataclass
class Clock:
    """A settable now."""

    now: datetime

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Replace the session checks' clock with one the test moves."""
    clock = Clock(utc_now())
    for module in CLOCK_READERS:
        monkeypatch.setattr(f"{module}.utc_now", lambda: clock.now)
    return clock


@pytest.fixture
def browser(app: Flask, world: World, clock: Clock) -> FlaskClient:
    """Alice's browser, logged in at the clock's time."""
    set_password(app, world.alice)
    client = app.test_client()
    login(client, "alice@carnet.test")
    return client


def test_thirty_idle_minutes_end_the_session(
    browser: FlaskClient, clock: Clock
) -> None:
    clock.advance(minutes=29, seconds=59)
    assert browser.get("/api/v1/me").status_code == 200
    clock.advance(minutes=30)  # 30 minutes since that request: still alive
    assert browser.get("/api/v1/me").status_code == 200
    clock.advance(minutes=30, seconds=1)
    assert browser.get("/api/v1/me").status_code == 401
    clock.advance(seconds=1)
    assert browser.get("/api/v1/me").status_code == 401  # ended, not merely idle


def test_eight_hours_after_login_the_session_ends_however_active(
    browser: FlaskClient, clock: Clock
) -> None:
    for _ in range(8 * 3):
        clock.advance(minutes=20)
        assert browser.get("/api/v1/me").status_code == 200
    clock.advance(seconds=1)
    assert browser.get("/api/v1/me").status_code == 401


def test_an_idle_web_page_sends_back_to_the_login_form(
    browser: FlaskClient, clock: Clock
) -> None:
    assert browser.get("/").status_code == 200
    clock.advance(minutes=31)
    response = browser.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion")


@pytest.mark.parametrize("app_settings", [{"SESSION_IDLE_TIMEOUT": 60}])
def test_the_idle_timeout_is_a_setting_in_seconds(
    browser: FlaskClient, clock: Clock
) -> None:
    clock.advance(seconds=60)
    assert browser.get("/api/v1/me").status_code == 200
    clock.advance(seconds=61)
    assert browser.get("/api/v1/me").status_code == 401
