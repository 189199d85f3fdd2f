"""The director's exports page, a whole-centre export job and the journal, in a browser.

Each page is checked at 1280 px and 375 px (axe-core, no sideways scroll); the
screenshots illustrate docs/user-guide.md.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from service.web.history import PARIS
from tests.e2e.helpers import DIRECTOR, SECOND_YEAR, check_page, log_in, screenshot

pytestmark = pytest.mark.e2e

#: Seconds a job may take on the demo centre before the test fails.
JOB_TIMEOUT_MS = 60_000


def open_exports(page: Page, base_url: str) -> None:
    """Log in as the director and open « Exports » from the menu."""
    log_in(page, base_url, DIRECTOR)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Exports"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")


def test_the_livret_downloads_from_the_exports_page(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    open_exports(page, live_server)
    check_page(page)
    screenshot(page, "director-exports.png")

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Livret scolaire de {SECOND_YEAR}").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    assert saved.name == f"Livret scolaire - {SECOND_YEAR}.xlsx"
    workbook = load_workbook(saved)
    assert workbook.sheetnames[0] == "Synthèse"
    assert len(workbook.sheetnames) > 1
    page.reload()
    history = page.get_by_role("table", name="Qui a exporté quel fichier, et quand")
    expect(history.get_by_role("row").nth(1)).to_contain_text(saved.name)


def test_a_whole_centre_export_runs_to_100_percent(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    open_exports(page, live_server)

    page.get_by_role("button", name="Lancer l'export complet").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Export complet")
    progress = page.get_by_role("progressbar", name="Progression")
    expect(progress).to_have_attribute("value", "100", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#job-progress-text")).to_contain_text("100 %")
    expect(page.locator("#job-state")).to_have_text("Terminé")
    check_page(page)
    screenshot(page, "director-export-job.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger « Export du centre").click()
    saved = tmp_path / "centre.zip"
    download.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert f"{SECOND_YEAR}/Livret scolaire - {SECOND_YEAR}.xlsx" in names
    assert "LISEZMOI.txt" in names


def test_the_journal_filters_by_kind_person_and_date(
    page: Page, live_server: str
) -> None:
    open_exports(page, live_server)
    with page.expect_download():
        page.get_by_role("link", name=f"Carnet de notes de {SECOND_YEAR}").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Journal"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")

    page.get_by_label("Type").select_option(label="Exports")
    page.get_by_label("Personne").select_option(label="Sophie Lefèvre")
    page.get_by_label("Du").fill(datetime.now(PARIS).date().isoformat())
    page.get_by_role("button", name="Filtrer").click()

    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Carnet de notes").first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "Sophie Lefèvre" in text
        assert "Acceptée" in text
    expect(page.get_by_label("Type")).to_have_value("exports")
    check_page(page)
    screenshot(page, "director-journal.png")

    page.get_by_label("Type").select_option(label="Effacements")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#journal-count")).to_have_text("0 opération")
