"""The director runs an exam session end to end in a real browser.

Registrations (a whole class, then a dispense), exam grades typed in the grid with
the keyboard, compute, an adjustment refused without its reason then made with
it, the contrôle, publish and lock behind their confirmations. Every page is
checked at 1280 px and at 375 px (axe-core, no sideways scroll: ``check_page``);
the screenshots illustrate docs/user-guide.md.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import DIRECTOR, FIRST_YEAR, check_page, log_in, screenshot

pytestmark = pytest.mark.e2e

SAVED = "Toutes les notes sont enregistrées."
#: U1 to U6: 186 points out of 21 coefficients, professional average 11 (R3.5).
TO_CONTROL = ("6", "6", "6", "11", "11", "11")
PASSING = ("12", "13", "12,5", "14", "12", "13")


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def flash(page: Page, text: str) -> None:
    expect(page.locator(".flash").filter(has_text=text)).to_be_visible()


def type_row(page: Page, row: int, grades: tuple[str, ...]) -> None:
    """Type a candidate's grades from U1 rightwards, with the keyboard only."""
    page.locator("tbody tr").nth(row).locator("input.cell").first.focus()
    for grade in grades:
        page.keyboard.type(grade)
        page.keyboard.press("ArrowRight")


def open_session(page: Page) -> str:
    """From the menu, open the 2028 session; return its address."""
    # A new session, its page and its next step.
    page.get_by_label("Année de la session").fill("2028")
    page.get_by_label("Date du jury").fill("2028-07-06")
    page.get_by_role("button", name="Ouvrir la session").click()
    heading(page, "Session 2028")
    flash(page, "Session 2028 ouverte.")
    expect(page.locator("#etape ~ p").first).to_contain_text("Inscrivez les candidats")
    check_page(page)
    return page.url


def register_class(page: Page) -> None:
    """Register the class sitting in 2028, then dispense one candidate."""
    # Registrations: the class whose exam is in 2028, all at once.
    page.get_by_role("link", name="Inscriptions (0)").click()
    expect(page.get_by_label("Classe")).to_have_value(
        page.get_by_role("option", name=FIRST_YEAR).get_attribute("value") or ""
    )
    check_page(page)
    page.get_by_role("button", name="Inscrire les apprenti·es cochés").click()
    flash(page, "6 candidats inscrits.")
    screenshot(page, "session-inscriptions.png")
    check_page(page)

    # The last candidate is dispensed of U1 (R6); U4 cannot be (the engine says).
    page.locator("tbody tr").last.get_by_role("link").click()
    page.get_by_label("Dispense : justification").nth(3).fill("Titulaire du BTS MCO")
    page.get_by_role("button", name="Enregistrer l'inscription").click()
    expect(page.locator(".field-error")).to_contain_text("U4")
    check_page(page)
    page.get_by_label("Dispense : justification").nth(3).fill("")
    page.get_by_label("Dispense : justification").first.fill("Licence LEA (2024)")
    page.get_by_role("button", name="Enregistrer l'inscription").click()
    flash(page, "enregistrée")


def type_grades(page: Page, session_url: str) -> None:
    """Type two candidates' grades in the grid."""
    # Exam grades typed in the grid, saved cell by cell.
    page.goto(session_url)
    page.get_by_role("link", name="Grille des notes d'examen").click()
    heading(page, "Notes d'examen")
    type_row(page, 0, TO_CONTROL)
    type_row(page, 1, PASSING)
    expect(page.locator("#grid-status")).to_have_text(SAVED)
    expect(page.locator("tbody tr").last.locator("input.cell").first).to_have_value(
        "DISP"
    )
    screenshot(page, "session-grille.png")
    check_page(page)
    page.reload()
    first_row = page.locator("tbody tr").first.locator("input.cell")
    expect(first_row.nth(3)).to_have_value("11")


def compute_and_read(page: Page, session_url: str) -> None:
    """Compute, then open the first candidate's result."""
    # Compute, then read a candidate's result and its explanation.
    page.goto(session_url)
    page.get_by_role("button", name="Calculer les résultats").click()
    flash(page, "Résultats calculés pour 6 candidats.")
    page.get_by_role("link", name="Résultats et jury").click()
    heading(page, "Résultats")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Autorisé·e au contrôle")
    expect(page.get_by_role("row").nth(2)).to_contain_text("Admis·e")
    screenshot(page, "session-resultats.png")
    check_page(page)
    page.get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.locator("ol.explanation li").first).to_be_visible()
    check_page(page)


def adjust_and_control(page: Page) -> None:
    """Adjust U4 (a reason required), then enter the contrôle."""
    # An adjustment: refused without its reason, made with it.
    page.get_by_label("Unité").select_option("U4")
    page.get_by_label("Nouvelle note /20").fill("12")
    page.get_by_role("button", name="Ajuster et recalculer").click()
    expect(page.locator("#e-adjust-reason")).to_contain_text("Raison obligatoire")
    check_page(page)
    page.get_by_label("Raison (obligatoire)").fill("Situation 2 réévaluée par le jury")
    page.get_by_role("button", name="Ajuster et recalculer").click()
    flash(page, "U4 ajustée par le jury")
    expect(page.locator("#ajustements ~ ul").first).to_contain_text("U4 : 11 → 12")

    # The contrôle: two orals, the better grade counts.
    page.get_by_label("U1 : note de contrôle /20").fill("14")
    page.get_by_label("U3 : note de contrôle /20").fill("14")
    page.get_by_role("button", name="Enregistrer le contrôle et recalculer").click()
    expect(page.locator(".facts")).to_contain_text("Admis·e après contrôle")
    screenshot(page, "session-candidat.png")
    check_page(page)


def publish_and_lock(page: Page, session_url: str) -> None:
    """Publish, then lock, each behind its confirmation."""
    # Publish, behind a confirmation naming what it changes.
    page.goto(session_url)
    page.get_by_role("link", name="Publier les résultats…").click()
    expect(page.locator(".notice")).to_contain_text("6 candidats verront leur résultat")
    expect(page.locator(".notice")).to_contain_text(
        "les propositions de CCF deviennent visibles"
    )
    screenshot(page, "session-publier.png")
    check_page(page)
    page.get_by_role("button", name="Publier les résultats").click()
    flash(page, "Session 2028 publiée")
    expect(page.locator(".facts")).to_contain_text("publiée")

    # Lock, behind its own confirmation.
    page.get_by_role("link", name="Verrouiller la session…").click()
    expect(page.locator(".notice")).to_contain_text("définitif")
    check_page(page)
    page.get_by_role("button", name="Verrouiller la session").click()
    expect(page.locator(".facts")).to_contain_text("verrouillée")
    check_page(page)


def test_the_director_runs_a_session_end_to_end(page: Page, live_server: str) -> None:
    log_in(page, live_server, DIRECTOR)
    page.get_by_role("link", name="Sessions d'examen").click()
    heading(page, "Sessions d'examen")
    check_page(page)
    session_url = open_session(page)
    register_class(page)
    type_grades(page, session_url)
    compute_and_read(page, session_url)
    adjust_and_control(page)
    publish_and_lock(page, session_url)


def test_the_demo_s_locked_session_reads_everywhere(
    page: Page, shared_centre: DemoCentre
) -> None:
    log_in(page, shared_centre.url, DIRECTOR)
    page.goto(f"{shared_centre.url}/sessions")
    page.get_by_role("link", name="Session 2025").click()
    expect(page.locator(".facts")).to_contain_text("verrouillée")
    page.get_by_role("link", name="Résultats").click()
    check_page(page)
    page.get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.locator("ol.explanation li").first).to_be_visible()
    expect(page.get_by_role("button", name="Ajuster et recalculer")).to_have_count(0)
    check_page(page)
    page.get_by_role("link", name="Session 2025").click()
    page.get_by_role("link", name="Inscriptions").click()
    expect(page.locator(".notice")).to_contain_text("se lisent seulement")
    check_page(page)
    page.goto(page.url.replace("/inscriptions", "/notes"))
    cells = page.locator("input.cell")
    expect(cells.first).to_have_attribute("readonly", "")
    expect(page.locator("input.cell[value*='+']").first).to_be_visible()  # U5 parts
    check_page(page)
