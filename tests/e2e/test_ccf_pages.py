"""A trainer enters a CCF proposal that the student's pages do not show (R7)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    RCNV,
    TRAINER,
    check_page,
    log_in,
    open_class,
    own_tab,
    screenshot,
    student_email,
)

pytestmark = pytest.mark.e2e

#: Demo proposals are in half points: a quarter cannot come from elsewhere.
PROPOSAL = "17,25"
COMMENT = "Argumentaire solide, proposition confidentielle au jury"


def test_a_ccf_proposal_is_entered_and_no_student_page_shows_it(
    page: Page, browser: Browser, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_class(page, live_server, RCNV)
    page.get_by_role("link", name="Situations de CCF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Situations de CCF")
    expect(page.get_by_role("heading", name=re.compile("^U4 ·"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^U6 ·"))).to_have_count(0)
    check_page(page)

    enter = page.get_by_role("link", name=re.compile(r"^Saisir la situation 2 de "))
    name = (enter.first.text_content() or "").split(" de ", 1)[1].strip()
    enter.first.click()
    expect(page.get_by_text("Masquée aux apprenti·es").first).to_be_visible()
    expect(page.get_by_label("Professionnel·le : nom")).not_to_have_value("")
    check_page(page)
    page.get_by_label("Date de la situation").fill("2026-12-14")
    page.get_by_label("Note proposée sur 20").fill(PROPOSAL)
    page.get_by_label("Commentaire").fill(COMMENT)
    page.get_by_role("button", name="Enregistrer la proposition").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Situation 2 de U4 enregistrée pour {name}."
    )
    row = page.get_by_role("row").filter(has_text=COMMENT)
    expect(row).to_contain_text(f"{PROPOSAL} / 20")
    expect(row).to_contain_text("Masquée aux apprenti·es")
    screenshot(page, "ccf.png")

    with own_tab(browser) as student:
        log_in(student, live_server, student_email(name))
        expect(student.get_by_role("heading", level=1)).to_be_visible()
        for url in [student.url, *own_links(student, live_server)]:
            student.goto(url)
            text = student.locator("body").inner_text()
            assert PROPOSAL not in text, url
            assert COMMENT not in text, url


def own_links(page: Page, base_url: str) -> list[str]:
    """Every link of the student's home page to one of Carnet's pages."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return sorted(
        {
            href
            for href in hrefs
            if href.startswith(base_url) and "/api/" not in href and "#" not in href
        }
    )
