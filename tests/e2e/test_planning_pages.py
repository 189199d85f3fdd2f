"""The director's planning pages in the browser: axe-clean and 375 px wide.

They change nothing: they share the worker's demo centre.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import DIRECTOR, FIRST_YEAR, check_page, log_in, screenshot

pytestmark = pytest.mark.e2e


def test_the_planning_its_generation_form_and_a_half_day(
    page: Page, shared_centre: DemoCentre
) -> None:
    log_in(page, shared_centre.url, DIRECTOR)
    page.goto(f"{shared_centre.url}/classes")
    page.get_by_role("link", name=FIRST_YEAR).first.click()
    page.get_by_role("link", name="Planning des demi-journées").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Planning de {FIRST_YEAR}"
    )
    expect(page.get_by_role("heading", name="Heures par matière")).to_be_visible()
    check_page(page)
    screenshot(page, "planning.png", whole=False)  # a year of half-days
    page.get_by_role("link", name="Générer le planning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Générer le planning de {FIRST_YEAR}"
    )
    check_page(page)
    screenshot(page, "planning-generer.png")
    page.go_back()
    page.get_by_role("link", name="Modifier la demi-journée").first.click()
    expect(page.get_by_role("button", name="Enregistrer")).to_be_visible()
    check_page(page)
