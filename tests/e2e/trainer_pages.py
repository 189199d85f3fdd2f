"""Helpers of the trainer pages' browser tests: login, axe scan, phone width, shots.

Local to these tests until ``conftest.py`` offers shared ones.
"""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from service.demo import DEMO_PASSWORD
from service.demo.context import ascii_slug

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
PHONE_WIDTH = 375
SECOND_YEAR = "NDRC 2025–2027"
#: Demo trainers: RCNV (U4) and the Atelier; RCAR (U6).
U4_TRAINER = "julien.moreau@carnet.test"
RCNV = "Relation client et négociation vente"
BLOCKING = ("serious", "critical")


def log_in(page: Page, base_url: str, email: str) -> None:
    """Log in through the form with the demo password."""
    page.goto(f"{base_url}/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("input[name=password]")).to_have_count(0)


def open_class(page: Page, base_url: str, subject: str) -> None:
    """From « Mes classes », open the second-year class of ``subject``."""
    page.goto(f"{base_url}/")
    link = page.get_by_role("link", name=subject, exact=True)
    page.get_by_role("row").filter(has_text=SECOND_YEAR).filter(has=link).get_by_role(
        "link", name=subject, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(subject)


def student_email(full_name: str) -> str:
    """The demo account of « NOM Prénom » (demo names have no spaces)."""
    last, first = full_name.split(" ", 1)
    return f"{ascii_slug(first)}.{ascii_slug(last)}@apprenti.carnet.test"


def csrf_token(page: Page) -> str:
    """The session's CSRF token, from the page's logout form."""
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert token
    return token


def assert_accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page."""
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not blocking, "\n".join(blocking)


def assert_fits_phone(page: Page) -> None:
    """At 375 px wide the page scrolls only vertically."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{page.url}: {width} px wide at 375 px"
    finally:
        if size:
            page.set_viewport_size(size)


def screenshot(page: Page, name: str) -> None:
    """Save the page for docs/user-guide.md."""
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_IMAGES / name), full_page=True)
