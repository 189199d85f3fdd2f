"""Browser tests: the demo centre served on a free port, driven in Debian's Chromium.

Playwright drives the Chromium of the machine (``apt-get install chromium``, done by
``.ci/run``); it never downloads a browser of its own.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from service.app import create_app
from service.demo import DemoLogin, load_demo
from service.extensions import db

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class DemoCentre:
    """The served demo centre: its base URL and the accounts to log in with."""

    url: str
    logins: tuple[DemoLogin, ...]

    def login_of(self, role: str) -> DemoLogin:
        """The first demo account whose role starts with ``role`` (« apprenti »)."""
        return next(login for login in self.logins if login.role.startswith(role))

    def email_of(self, role: str) -> str:
        """The e-mail of ``login_of(role)``."""
        return self.login_of(role).email


@pytest.fixture(scope="module")
def demo_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoCentre]:
    """Serve a small demo centre on 127.0.0.1 (6 students a cohort)."""
    database = Path(tmp_path_factory.mktemp("e2e")) / "carnet.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
            "PASSWORD_HASH_PROFILE": "fast",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        }
    )
    with app.app_context():
        upgrade()
        logins = tuple(load_demo(students_per_cohort=6))
        db.session.commit()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield DemoCentre(f"http://127.0.0.1:{server.server_port}", logins)
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def live_server(demo_centre: DemoCentre) -> str:
    """The demo centre's base URL."""
    return demo_centre.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium."""
    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: apt-get install chromium (see .ci/run)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab (its own cookies)."""
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()
