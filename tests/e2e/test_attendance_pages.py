"""The attendance pages in a browser (R8): the director's figures, a cohort's hours
per subject, an apprentice's page; axe-clean and 375 px wide at most.

These tests change nothing: they share the worker's demo centre.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import DIRECTOR, SECOND_YEAR, check_page, log_in, screenshot

pytestmark = pytest.mark.e2e


def test_the_director_follows_attendance_from_the_menu(
    page: Page, shared_centre: DemoCentre
) -> None:
    log_in(page, shared_centre.url, DIRECTOR)
    expect(
        page.get_by_role("heading", name="Assiduité sous le seuil").first
    ).to_be_visible()
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Assiduité"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assiduité")
    check_page(page)
    screenshot(page, "assiduite.png")
    cohort = page.get_by_role("region", name=SECOND_YEAR)
    cohort.get_by_role("link", name="Heures par matière").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Assiduité — {SECOND_YEAR}"
    )
    expect(
        page.get_by_role("row", name=re.compile("Relation client et négociation"))
    ).to_be_visible()
    check_page(page)
    screenshot(page, "assiduite-classe.png")
    page.get_by_role("region", name=re.compile("Présence par apprenti")).get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assiduité — ")
    expect(page.get_by_role("heading", name="Heures par matière")).to_be_visible()
    check_page(page)
    screenshot(page, "assiduite-apprenti.png", phone=True)
