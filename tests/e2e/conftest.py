"""Browser tests: the demo centre served on a free port, driven in Debian's Chromium.

Playwright drives the Chromium of the machine (``apt-get install chromium``, done by
``.ci/run``); it never downloads a browser of its own.

Servers (one function builds them all, ``serve_demo``):

- ``demo_centre`` / ``live_server``: a fresh centre per module, for tests that write
  (grades, assessments, imports); a module wanting another size overrides the
  ``demo_students`` fixture (apprentices per cohort, 6 by default);
- ``shared_centre``: one centre per worker for the tests that only read, so that
  they do not pay for a server each (and their screenshots show the demo as
  loaded).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from service.app import create_app
from service.demo import DemoLogin, load_demo
from service.extensions import db
from tests.e2e.helpers import own_tab

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Apprentices per cohort of the demo centre unless a module says otherwise.
DEMO_STUDENTS = 6


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


@contextmanager
def serve_demo(folder: Path, students_per_cohort: int) -> Iterator[DemoCentre]:
    """Serve a demo centre (its SQLite file in ``folder``) on 127.0.0.1."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
            "PASSWORD_HASH_PROFILE": "fast",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'carnet.db'}",
            "JUSTIFICATION_DIR": str(folder / "justifications"),
        }
    )
    with app.app_context():
        upgrade()
        logins = tuple(load_demo(students_per_cohort=students_per_cohort))
        db.session.commit()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DemoCentre(f"http://127.0.0.1:{server.server_port}", logins)
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def demo_students() -> int:
    """Apprentices per cohort of the module's centre (override to change)."""
    return DEMO_STUDENTS


@pytest.fixture(scope="module")
def demo_centre(
    tmp_path_factory: pytest.TempPathFactory, demo_students: int
) -> Iterator[DemoCentre]:
    """A fresh demo centre for the module, which may write to it."""
    with serve_demo(tmp_path_factory.mktemp("e2e"), demo_students) as centre:
        yield centre


@pytest.fixture(scope="module")
def live_server(demo_centre: DemoCentre) -> str:
    """The module's demo centre's base URL."""
    return demo_centre.url


@pytest.fixture(scope="session")
def shared_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoCentre]:
    """One demo centre per worker, for tests that change nothing in it."""
    with serve_demo(tmp_path_factory.mktemp("shared"), DEMO_STUDENTS) as centre:
        yield centre


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, one per worker (each test has its own context)."""
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
    with own_tab(browser) as tab:
        yield tab


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    """A tab whose scripts are off: pages must work without them."""
    with own_tab(browser, javascript=False) as tab:
        yield tab
