"""Every page of the base and the class pages: axe-clean and 375 px wide at most.

These tests change nothing: they share the worker's demo centre.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import (
    DIRECTOR,
    PHONE,
    RCNV,
    SECOND_YEAR,
    TRAINER,
    check_page,
    log_in,
    screenshot,
)

pytestmark = pytest.mark.e2e


def test_the_login_and_error_pages(page: Page, shared_centre: DemoCentre) -> None:
    page.goto(f"{shared_centre.url}/connexion")
    check_page(page)
    page.goto(f"{shared_centre.url}/nulle-part")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    check_page(page)


def test_the_director_s_pages(page: Page, shared_centre: DemoCentre) -> None:
    log_in(page, shared_centre.url, DIRECTOR)
    check_page(page)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Classes"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classes")
    check_page(page)
    page.get_by_role("link", name=SECOND_YEAR).click()
    expect(page.get_by_role("heading", name="Matières")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Relation client et animation de réseaux").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("animation de réseaux")
    check_page(page)
    page.get_by_role("link", name="Mot de passe").click()
    check_page(page)


def test_the_trainer_s_pages(page: Page, shared_centre: DemoCentre) -> None:
    log_in(page, shared_centre.url, TRAINER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    check_page(page)
    screenshot(page, "mes-classes.png")
    page.get_by_role("link", name=RCNV).first.click()
    expect(page).to_have_url(re.compile(r"/classes/\d+/matieres/\d+$"))
    check_page(page)
    screenshot(page, "classe.png")
    page.get_by_role("link", name="Nouvelle évaluation").click()
    check_page(page)
    page.go_back()
    page.get_by_role("row").nth(1).get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Réglages")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="NDRC").first.click()
    check_page(page)


def test_a_locked_assessment_page(page: Page, shared_centre: DemoCentre) -> None:
    log_in(page, shared_centre.url, TRAINER)
    page.get_by_role("link", name=RCNV).first.click()
    locked = page.get_by_role("row").filter(has_text="Verrouillée").first
    locked.get_by_role("link").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("^Lecture seule"))
    ).to_be_visible()
    expect(page.get_by_label("Intitulé")).to_be_disabled()
    check_page(page)
    screenshot(page, "evaluation-verrouillee.png")


def test_the_student_s_home(page: Page, shared_centre: DemoCentre) -> None:
    log_in(page, shared_centre.url, shared_centre.email_of("apprenti"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes notes")
    # Every grade stays visible at 375 px: the tables reflow, no column is hidden.
    page.set_viewport_size(PHONE)
    expect(page.locator("td[data-label=Note]").first).to_be_visible()
    check_page(page)
