"""A newcomer's first minutes, in a real browser: log in, look around, log out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from service.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DIRECTOR = "directrice@carnet.test"


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Fill the login form and submit it."""
    page.goto(f"{base_url}/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_the_director_logs_in_and_opens_a_cohort(page: Page, live_server: str) -> None:
    log_in(page, live_server, DIRECTOR, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Classes du centre")).to_be_visible()
    cohort = page.locator("a.card.tile").first
    name = cohort.locator("h2").inner_text()
    cohort.click()
    expect(page).to_have_url(re.compile(r"/classes/\d+$"))
    expect(page.get_by_text(name).first).to_be_visible()


def test_a_wrong_password_keeps_the_visitor_on_the_login_page(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR, "pas le bon mot de passe")
    expect(page.locator("input[name=password]")).to_be_visible()
    assert "/connexion" in page.url


def test_pages_need_a_login(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    assert "/connexion" in page.url


def test_the_api_documentation_renders_under_the_content_security_policy(
    page: Page, live_server: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/api/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() > 50
    assert not [e for e in errors if "Content Security Policy" in e], errors
