"""The roll call in a real browser (issue 14): a trainer takes a half-day's roll
call with the keyboard only and closes it, then the apprentice marked absent sees
the absence on their phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import (
    TRAINER,
    check_page,
    log_in,
    own_tab,
    screenshot,
    student_email,
)

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 375, "height": 812}


def presence(row: int, value: str) -> str:
    """The radio of ``row`` (from 0) for « present » or « absent »."""
    return f"tbody tr:nth-child({row + 1}) input[type=radio][value={value}]"


def open_a_sheet_to_do(page: Page, base: str) -> str:
    """From the menu, open a sheet nobody has taken (today's, else a past day's);
    return its title (« lundi 23 novembre 2026, matin »)."""
    log_in(page, base, TRAINER)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Émargement"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Émargement")
    check_page(page)
    screenshot(page, "roll-call-list.png")
    to_do = page.locator("table.roll-calls tbody tr").filter(has_text="À faire")
    to_do.first.get_by_role("link").focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Appel du")
    return heading.inner_text().removeprefix("Appel du ")


def take_with_the_keyboard(page: Page, rows: Locator) -> None:
    """Everyone present (T), 15 min late on row 2, row 3 absent (A), then save."""
    keyboard = page.keyboard
    count = rows.count()
    page.locator(presence(0, "present")).focus()
    keyboard.press("t")  # « Tous présents »
    expect(page.locator("input[type=radio][value=present]:checked")).to_have_count(
        count
    )
    keyboard.press("ArrowDown")
    keyboard.press("ArrowRight")  # row 2, minutes late
    keyboard.type("15")
    keyboard.press("Enter")  # row 3, same column
    keyboard.press("ArrowLeft")  # row 3, presence
    keyboard.press("a")
    expect(page.locator(presence(2, "absent"))).to_be_checked()
    expect(page.locator(presence(2, "absent"))).to_be_focused()
    expect(page.locator("#roll-call-status")).to_contain_text("lignes modifiées")
    screenshot(page, "roll-call-sheet.png")
    page.get_by_role("button", name="Enregistrer l'appel").focus()
    keyboard.press("Enter")
    expect(page.locator(".flash-info")).to_contain_text(
        f"Appel enregistré : {count} marques modifiées."
    )
    expect(page.locator(presence(2, "absent"))).to_be_checked()
    expect(rows.nth(1).locator("input.minutes").first).to_have_value("15")
    check_page(page)


def close_with_the_keyboard(page: Page) -> None:
    """« Clôturer la feuille… », then confirm."""
    page.get_by_role("link", name="Clôturer la feuille…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clôturer l'appel")
    expect(page.locator("main")).to_contain_text("1 absent·e, 1 en retard")
    check_page(page)
    screenshot(page, "roll-call-close.png")
    page.get_by_role("button", name="Clôturer la feuille").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#closed-note")).to_contain_text(
        re.compile(r"Feuille close le .+ par Julien Moreau ; seule la direction")
    )
    expect(page.locator(presence(0, "present"))).to_be_disabled()
    check_page(page)
    screenshot(page, "roll-call-closed.png")


def test_a_trainer_takes_the_roll_call_with_the_keyboard_then_the_apprentice_sees_it(
    page: Page, browser: Browser, demo_centre: DemoCentre
) -> None:
    base = demo_centre.url
    title = open_a_sheet_to_do(page, base)
    rows = page.locator("table.roll-call tbody tr")
    absent_name = rows.nth(2).locator("th").inner_text()
    absent_id = rows.nth(2).get_attribute("data-s")
    take_with_the_keyboard(page, rows)
    close_with_the_keyboard(page)

    with own_tab(browser) as phone:
        phone.set_viewport_size(PHONE)
        log_in(phone, base, student_email(absent_name))
        phone.goto(f"{base}/apprentis/{absent_id}/assiduite")
        table = phone.locator("table").filter(
            has=phone.locator("caption", has_text="Absences et retards")
        )
        row = table.locator("tbody tr").filter(has_text=title)
        expect(row).to_contain_text("Absent·e")
        check_page(phone)
        screenshot(phone, "attendance-phone.png", phone=True)


def test_without_javascript_everyone_present_saves_the_sheet(
    page_without_js: Page, demo_centre: DemoCentre
) -> None:
    page = page_without_js
    log_in(page, demo_centre.url, TRAINER)
    page.goto(f"{demo_centre.url}/emargement")
    to_do = page.locator("table.roll-calls tbody tr").filter(has_text="À faire")
    to_do.first.get_by_role("link").click()
    rows = page.locator("table.roll-call tbody tr")
    count = rows.count()
    page.get_by_role("button", name="Tous présents").click()
    expect(page.locator(".flash-info")).to_contain_text(
        f"Appel enregistré : {count} marques modifiées."
    )
    expect(page.locator("input[type=radio][value=present]:checked")).to_have_count(
        count
    )
