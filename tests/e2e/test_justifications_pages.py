"""Justifications and the contracts register in a browser: the director attaches a
certificate to an absence and records a contract; every page is axe-clean and
fits 375 px; the apprentice downloads the certificate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    DIRECTOR,
    FIRST_YEAR,
    check_page,
    log_in,
    own_tab,
    screenshot,
    student_email,
)
from tests.service.test_justifications import PDF

pytestmark = pytest.mark.e2e


def test_the_director_enters_a_justification_with_its_certificate(
    page: Page, browser: Browser, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/justificatifs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Justificatifs d'absence")
    check_page(page)
    page.get_by_role("link", name="Saisir un justificatif").click()
    check_page(page)
    apprentice = page.get_by_label("Apprenti·e")
    name = apprentice.locator("option").nth(1).inner_text().split(" · ")[0]
    apprentice.select_option(index=1)
    page.get_by_label("Premier jour").fill("2026-11-16")
    page.get_by_label("Dernier jour").fill("2026-11-17")
    page.get_by_label("Motif").fill("Hospitalisation")
    page.get_by_label("Statut").select_option("justified")
    page.get_by_label("Document").set_input_files(
        files=[{"name": "bulletin.pdf", "mimeType": "text/html", "buffer": PDF}]
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text(f"Justificatif de {name}")
    row = page.get_by_role("row").filter(has_text="Hospitalisation")
    expect(row).to_contain_text("du 16/11/2026 au 17/11/2026")
    check_page(page)
    screenshot(page, "justificatifs.png")
    with own_tab(browser) as tab:
        log_in(tab, live_server, student_email(name))
        href = row.get_by_role("link", name="bulletin.pdf").get_attribute("href")
        with tab.expect_download() as download:
            tab.evaluate(f"window.location.href = {href!r}")
        assert download.value.suggested_filename == "bulletin.pdf"


def test_the_director_records_a_contract(page: Page, live_server: str) -> None:
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/administration/comptes")
    tabs = page.get_by_role("navigation", name="Administration")
    tabs.get_by_role("link", name="Contrats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrats en alternance")
    page.get_by_role("combobox", name=re.compile("^Classe")).select_option(
        label=FIRST_YEAR
    )
    page.get_by_role("button", name="Afficher").click()
    check_page(page)
    page.get_by_role("link", name=re.compile("^Ajouter|^Contrat d")).first.click()
    page.get_by_label("Début du contrat").fill("2026-09-01")
    page.get_by_label("Fin du contrat").fill("2028-08-31")
    page.get_by_label("Employeur").fill("Maison Vidal")
    page.get_by_label("Financeur (OPCO)").fill("OPCO EP")
    check_page(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Contrat de")
    expect(page.get_by_role("row").filter(has_text="Maison Vidal")).to_contain_text(
        "du 01/09/2026 au 31/08/2028"
    )
    check_page(page)
