"""Shared helpers of the browser tests: log in, axe scan, phone width, screenshots.

- ``log_in(page, base_url, email)``: the login form with the demo password
  (``carnet-demo``; accounts in README.md, students through ``DemoCentre`` or
  ``student_email``); ``submit_login`` only fills and sends it;
- ``open_class(page, base_url, subject)``: a second-year class from « Mes classes »;
- ``assert_accessible(page)``: axe-core (shipped by axe-playwright-python) finds no
  serious or critical violation;
- ``assert_fits_phone(page)``: at 375 × 800 the page does not scroll sideways;
- ``check_page(page)``: both checks at once;
- ``screenshot(page, name)``: a PNG in docs/img/ for docs/user-guide.md;
- ``own_tab(browser)``: a tab with cookies of its own, for a second user.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from service.demo import DEMO_PASSWORD
from service.demo.context import ascii_slug

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
PHONE: ViewportSize = {"width": 375, "height": 800}
BLOCKING = frozenset({"serious", "critical"})

DIRECTOR = "directrice@carnet.test"
#: Teaches RCNV (U4) and the Atelier in both cohorts of the demo.
TRAINER = "julien.moreau@carnet.test"
RCNV = "Relation client et négociation vente"
FIRST_YEAR = "NDRC 2026–2028"
SECOND_YEAR = "NDRC 2025–2027"


def submit_login(page: Page, base_url: str, email: str, password: str) -> None:
    """Fill the login form and send it, whatever the answer."""
    page.goto(f"{base_url}/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def log_in(
    page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD
) -> None:
    """Log in through the form and wait for the home page."""
    submit_login(page, base_url, email, password)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


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


@contextmanager
def own_tab(
    browser: Browser, *, javascript: bool = True, permissions: Sequence[str] = ()
) -> Iterator[Page]:
    """A tab in a browser context of its own (its own cookies), closed afterwards."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=javascript)
    if permissions:
        context.grant_permissions(list(permissions))
    try:
        yield context.new_page()
    finally:
        context.close()


def blocking_violations(page: Page) -> list[str]:
    """The serious and critical axe-core violations of the page, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page: Page) -> None:
    """axe-core finds 0 serious or critical violation on the page."""
    found = blocking_violations(page)
    assert not found, f"{page.url}:\n" + "\n".join(found)


def page_width(page: Page) -> int:
    """``document.documentElement.scrollWidth`` at 375 × 800 (then back)."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        if size:
            page.set_viewport_size(size)
    assert isinstance(width, int)
    return width


def assert_fits_phone(page: Page) -> None:
    """At 375 px wide the page scrolls only vertically."""
    width = page_width(page)
    assert width <= PHONE["width"], f"{page.url}: {width} px wide at 375 px"


def check_page(page: Page) -> None:
    """The two checks every page passes: axe clean, and no sideways scroll."""
    assert_accessible(page)
    assert_fits_phone(page)


def screenshot(
    page: Page, name: str, *, phone: bool = False, whole: bool = True
) -> Path:
    """Save the page as docs/img/``name`` (at 375 px with ``phone``); the whole
    page, or only its first screen when it is very long (``whole=False``)."""
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    path = DOCS_IMAGES / name
    size = page.viewport_size
    if phone:
        page.set_viewport_size(PHONE)
    try:
        page.screenshot(path=str(path), full_page=whole)
    finally:
        if phone and size:
            page.set_viewport_size(size)
    return path
