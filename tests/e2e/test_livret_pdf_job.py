"""The livret PDF prepared as a job from the exports page, in a browser: the
button, the progress bar moved by job-progress.js to 100 %, then the download."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import DIRECTOR, SECOND_YEAR, check_page, log_in
from tests.service.exports.test_pdf_exports import pdf_text

pytestmark = pytest.mark.e2e

#: Seconds the job may take on the demo cohort before the test fails.
JOB_TIMEOUT_MS = 60_000


def test_the_livret_pdf_is_prepared_then_downloaded(
    page: Page, demo_centre: DemoCentre, live_server: str, tmp_path: Path
) -> None:
    apprentice = demo_centre.login_of(f"apprenti·e {SECOND_YEAR}").name
    log_in(page, live_server, DIRECTOR)
    page.goto(f"{live_server}/exports")
    check_page(page)

    page.get_by_role(
        "button", name=f"Préparer le PDF : livret de la classe {SECOND_YEAR}"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Livret scolaire (PDF) de {SECOND_YEAR}"
    )
    progress = page.get_by_role("progressbar", name="Progression")
    expect(progress).to_have_attribute("value", "100", timeout=JOB_TIMEOUT_MS)
    # HTML, styles, the summary and 6 apprentices' pages, then the PDF.
    expect(page.locator("#job-progress-text")).to_have_text("100 % · 10 sur 10 étapes")
    expect(page.locator("#job-state")).to_have_text("Terminé")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger « Livret scolaire").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    assert saved.name == f"Livret scolaire - {SECOND_YEAR}.pdf"
    words, pages = pdf_text(saved.read_bytes(), tmp_path)
    assert pages == 7
    assert apprentice in words
