"""The director in the browser: the dashboard to an at-risk apprentice's record, a
new account that logs in, and a password reset through the one-time link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    DIRECTOR,
    check_page,
    log_in,
    own_tab,
    screenshot,
    submit_login,
)

pytestmark = pytest.mark.e2e

NEW_EMAIL = "ines.garnier@carnet.test"
FIRST_PASSWORD = "mot de passe initial"
SECOND_PASSWORD = "un mot de passe choisi"


def test_the_director_follows_an_at_risk_apprentice_to_the_record(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    heatmap = page.get_by_role("region", name=re.compile("Notes projetées")).first
    expect(heatmap).to_be_visible()
    expect(page.get_by_text("12 et plus").first).to_be_visible()
    check_page(page)
    screenshot(page, "tableau-de-bord.png")
    screenshot(page, "tableau-de-bord-375.png", phone=True)
    risks = page.locator("ul.risks li")
    expect(risks.first).to_contain_text("projetée à")
    name = risks.first.get_by_role("link").inner_text()
    risks.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split()[-1])
    assert re.search(r"/apprentis/\d+$", page.url), page.url


def test_the_director_creates_an_account_that_logs_in(
    page: Page, browser: Browser, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Administration"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptes")
    page.get_by_label("Nom affiché").fill("Inès Garnier")
    page.get_by_label("Adresse e-mail").fill(NEW_EMAIL)
    page.get_by_label("Rôle", exact=True).select_option(label="Formateur·rice")
    page.get_by_label("Mot de passe initial").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("status")).to_contain_text("Compte de Inès Garnier créé")
    check_page(page)
    screenshot(page, "administration-comptes.png")
    with own_tab(browser) as tab:
        log_in(tab, live_server, NEW_EMAIL, FIRST_PASSWORD)
        expect(tab.get_by_role("heading", level=1)).to_be_visible()


def test_a_password_is_reset_through_the_one_time_link(
    page: Page, browser: Browser, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/administration/comptes?q=garnier")
    row = page.get_by_role("row").filter(has_text=NEW_EMAIL)
    row.get_by_role("button", name=re.compile("Lien de mot de passe")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inès Garnier")
    link = page.get_by_label("Lien à transmettre").input_value()
    check_page(page)
    screenshot(page, "lien-mot-de-passe.png")
    with own_tab(browser) as tab:
        tab.goto(link)
        expect(tab.get_by_role("heading", level=1)).to_have_text(
            "Choisir un nouveau mot de passe"
        )
        check_page(tab)
        tab.get_by_label("Nouveau mot de passe").fill(SECOND_PASSWORD)
        tab.get_by_label("Confirmation").fill(SECOND_PASSWORD)
        tab.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(tab.get_by_role("status")).to_contain_text("Mot de passe enregistré")
        tab.goto(link)
        expect(tab.get_by_role("heading", level=1)).not_to_have_text(
            "Choisir un nouveau mot de passe"
        )
        submit_login(tab, live_server, NEW_EMAIL, FIRST_PASSWORD)
        expect(tab.get_by_role("alert")).to_contain_text("incorrect")
        log_in(tab, live_server, NEW_EMAIL, SECOND_PASSWORD)


def test_every_people_page_is_accessible_and_fits_a_phone(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/administration/comptes")
    tabs = page.get_by_role("navigation", name="Administration")
    for tab in ("Classes", "Apprentis", "Affectations", "Tuteurs", "Import de liste"):
        tabs.get_by_role("link", name=tab).click()
        expect(tabs.get_by_role("link", name=tab)).to_have_attribute(
            "aria-current", "page"
        )
        check_page(page)
    page.goto(f"{live_server}/administration/classes")
    page.get_by_role("link", name=re.compile("Dates des périodes")).first.click()
    expect(page.get_by_label("Début de S1")).not_to_be_empty()
    check_page(page)
    page.goto(f"{live_server}/administration/import-apprentis")
    page.get_by_role("button", name="Lire le fichier").click()
    expect(page.get_by_role("alert")).to_contain_text("Le fichier n'est pas lu")
    check_page(page)
    page.goto(f"{live_server}/administration/apprentis")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_label("Nom", exact=True)).not_to_be_empty()
    check_page(page)
    page.get_by_label("INE").fill("123")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("INE : 11 caractères")).to_be_visible()
    check_page(page)
    screenshot(page, "administration-apprenti.png")
