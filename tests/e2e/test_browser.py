"""A newcomer's first minutes, in a real browser: log in, look around, log out.

These tests change nothing: they share the worker's demo centre.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import DIRECTOR, log_in, submit_login

pytestmark = pytest.mark.e2e


def test_the_director_logs_in_and_opens_a_cohort(
    page: Page, shared_centre: DemoCentre
) -> None:
    log_in(page, shared_centre.url, DIRECTOR)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Classes").click()
    expect(page.get_by_role("heading", name="Classes", exact=True)).to_be_visible()
    cohort = page.locator("table a").first
    name = cohort.inner_text()
    cohort.click()
    expect(page).to_have_url(re.compile(r"/classes/\d+$"))
    expect(page.get_by_text(name).first).to_be_visible()


def test_a_wrong_password_keeps_the_visitor_on_the_login_page(
    page: Page, shared_centre: DemoCentre
) -> None:
    submit_login(page, shared_centre.url, DIRECTOR, "pas le bon mot de passe")
    expect(page.locator("input[name=password]")).to_be_visible()
    assert "/connexion" in page.url


def test_pages_need_a_login(page: Page, shared_centre: DemoCentre) -> None:
    page.goto(f"{shared_centre.url}/")
    assert "/connexion" in page.url


def test_the_api_documentation_renders_under_the_content_security_policy(
    page: Page, shared_centre: DemoCentre
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{shared_centre.url}/api/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() > 50
    assert not [e for e in errors if "Content Security Policy" in e], errors
