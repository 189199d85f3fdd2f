"""The director writes a livret avis with the keyboard during a class council.

From the demo's open 2027 session: the « Avis pour le livret » list, the first
candidate without an avis filled with the keyboard only, « Enregistrer et
suivant » to the next one, then the list with the cotation de la classe. Every
page is checked at 1280 px and at 375 px (``check_page``); the list illustrates
docs/user-guide.md.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DIRECTOR, check_page, log_in, screenshot

pytestmark = pytest.mark.e2e

ENGAGEMENT = "Force de proposition en agence, assidue."


def test_the_director_fills_an_avis_with_the_keyboard(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/sessions")
    page.get_by_role("link", name="Session 2027").click()
    page.get_by_role("link", name="Avis pour le livret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Avis pour le livret · session 2027"
    )
    check_page(page)

    first = page.get_by_role("link", name="Saisir le premier avis manquant")
    name = (first.text_content() or "").split("(", 1)[1].rstrip(")")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Avis pour le livret : {name}"
    )
    check_page(page)

    # Keyboard only: the first choice, down to « Favorable », then the texts.
    page.get_by_role("radio", name="Très favorable").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Favorable", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Commentaire (appréciation générale)")).to_be_focused()
    page.keyboard.type("Travail régulier.")
    page.keyboard.press("Tab")
    page.keyboard.type(ENGAGEMENT)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer et suivant")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".flash")).to_contain_text(f"Avis de {name} enregistré.")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        f"Avis pour le livret : {name}"
    )
    page.get_by_role("link", name="Tous les avis de la session").click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("Favorable")
    expect(row).to_contain_text(ENGAGEMENT)
    # The cotation of her class counts her « Favorable » (no other avis yet).
    favorable = page.get_by_role("rowheader", name="Favorable", exact=True)
    rows = page.locator("table.cotation tr", has=favorable)
    counts = [rows.nth(i).locator("td").first.text_content() for i in range(2)]
    assert sorted(counts) == ["0", "1"]  # her cohort's, the re-sitting one's
    check_page(page)
    screenshot(page, "livret-avis.png")
