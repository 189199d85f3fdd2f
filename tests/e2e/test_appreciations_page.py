"""A trainer writes an appreciation in the grid, its counter following the typing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import RCNV, TRAINER, check_page, log_in, open_class, screenshot

pytestmark = pytest.mark.e2e


TEXT = "Progrès nets en négociation ; doit préparer davantage ses relances."


def test_a_trainer_writes_an_appreciation_and_finds_it_after_a_reload(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_class(page, live_server, RCNV)
    page.get_by_role("link", name="Appréciations").click()
    choose_period(page, "S3")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Appréciations · {RCNV}")
    check_page(page)

    box = page.get_by_role("textbox").first
    name = box.get_attribute("id")
    box.fill("")
    box.press_sequentially(TEXT[:20])
    counter = page.locator(f"#{box.get_attribute('data-counter')}")
    expect(counter).to_have_text("20 / 1000 caractères")
    box.fill(TEXT)
    expect(counter).to_have_text(f"{len(TEXT)} / 1000 caractères")
    page.get_by_role("button", name="Enregistrer les appréciations").click()

    expect(page.get_by_role("status")).to_contain_text(
        "1 appréciation enregistrée pour S3."
    )
    page.reload()
    expect(page.locator(f"#{name}")).to_have_value(TEXT)
    expect(page.get_by_role("row").filter(has_text=TEXT)).to_contain_text(
        "Julien Moreau, le "
    )
    screenshot(page, "appreciations.png")


def test_the_counter_and_the_limit_hold_without_javascript(
    page_without_js: Page, live_server: str
) -> None:
    page = page_without_js
    log_in(page, live_server, TRAINER)
    open_class(page, live_server, RCNV)
    page.get_by_role("link", name="Appréciations").click()
    choose_period(page, "S2")
    box = page.get_by_role("textbox").first
    assert box.get_attribute("maxlength") == "1000"
    box.fill("Sans script.")
    page.get_by_role("button", name="Enregistrer les appréciations").click()
    expect(page.get_by_role("status")).to_contain_text("pour S2.")
    box = page.get_by_role("textbox").first
    expect(box).to_have_value("Sans script.")
    counter = page.locator(f"#{box.get_attribute('data-counter')}")
    expect(counter).to_have_text("12 / 1000 caractères")


def choose_period(page: Page, code: str) -> None:
    """Switch the grid to another period with the « Période » list."""
    page.get_by_label("Période").select_option(code)
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(f"periode={code}"))
