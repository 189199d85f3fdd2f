"""A trainer uploads a gradebook sheet with one bad cell and reads that cell's
error, then a good one and imports it, then undoes the import."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.helpers import TRAINER, check_page, log_in, screenshot
from tests.e2e.trainer_pages import RCNV, open_class

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _open_assessment(page: Page, base_url: str, cohort: int, subject: int) -> dict:
    """An assessment of the class that is still open (not locked)."""
    answer = page.request.get(
        f"{base_url}/api/v1/assessments?cohort_id={cohort}&subject_id={subject}"
    )
    assert answer.ok, answer.text()
    found: dict = next(a for a in answer.json() if not a["locked"])
    return found


def _download(page: Page, period: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(f"^Feuille {period} ")).click()
    return Path(download.value.path()).read_bytes()


def _typed(data: bytes, title: str, value: object) -> tuple[bytes, str]:
    """Type ``value`` in the first student's cell of the assessment; return its A1."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Notes"]
    column = next(c for c in sheet[4] if str(c.value).startswith(f"{title} (/"))
    cell = f"{column.column_letter}5"
    sheet[cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), cell


def _upload(page: Page, data: bytes) -> None:
    page.get_by_label("Feuille de notes Carnet").check()
    page.set_input_files(
        "#file", files=[{"name": "notes.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()


def test_a_bad_cell_is_read_then_a_good_sheet_imported_then_undone(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_class(page, live_server, RCNV)
    page.get_by_role("link", name="Feuilles de notes (tableur)").click()
    found = re.search(r"/classes/(\d+)/matieres/(\d+)/feuilles$", page.url)
    assert found, page.url
    cohort, subject = int(found.group(1)), int(found.group(2))
    assessment = _open_assessment(page, live_server, cohort, subject)
    sheets_url = page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feuilles de notes")
    check_page(page)

    periods = page.request.get(f"{live_server}/api/v1/cohorts/{cohort}/periods")
    code = next(p["code"] for p in periods.json() if p["id"] == assessment["period_id"])
    sheet = _download(page, code)
    bad, cell = _typed(sheet, assessment["title"], "vingt")
    _upload(page, bad)
    errors = page.get_by_role("table", name="Erreurs du fichier, cellule par cellule")
    row = errors.get_by_role("row").filter(has_text=cell)
    expect(row).to_contain_text("« vingt » n'est pas un nombre")
    expect(page.get_by_role("alert")).to_contain_text("aucune note n'a été importée")
    expect(page.get_by_role("button", name="Importer ces notes")).to_have_count(0)
    check_page(page)
    screenshot(page, "feuilles-import.png")

    page.goto(sheets_url)
    good, _ = _typed(sheet, assessment["title"], "13,75")
    _upload(page, good)
    expect(page.get_by_role("row").filter(has_text=cell)).to_contain_text("13,75")
    check_page(page)
    page.get_by_role("button", name="Importer ces notes").click()
    expect(page.get_by_role("status")).to_contain_text("Import terminé")

    page.get_by_role("button", name="Annuler l'import").click()
    expect(page.get_by_role("status")).to_contain_text("remise(s) comme avant")
    page.goto(sheets_url)
    expect(page.get_by_role("table").filter(has_text="notes.xlsx")).to_contain_text(
        "Annulé"
    )


def _moodle_export(sheet: bytes) -> bytes:
    """A Moodle text export on 100 naming two students of the sheet by INE."""
    notes = load_workbook(io.BytesIO(sheet))["Notes"]
    ines = [notes[f"B{row}"].value for row in (5, 6)]
    lines = [
        "Prénom,Nom,Numéro d'identification,Adresse de courriel,"
        "Devoir : Quiz (Réel),Total du cours (Réel),"
        "Dernier téléchargement depuis ce cours",
        *(
            f"A,B,{ine},,{grade},{grade},1767603600"
            for ine, grade in zip(ines, ("56", "75"), strict=True)
        ),
    ]
    return "\n".join(lines).encode()


def test_a_moodle_export_on_100_is_mapped_and_previewed_rescaled(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_class(page, live_server, RCNV)
    page.get_by_role("link", name="Feuilles de notes (tableur)").click()
    found = re.search(r"/classes/(\d+)/matieres/(\d+)/feuilles$", page.url)
    assert found, page.url
    assessment = _open_assessment(page, live_server, int(found[1]), int(found[2]))
    periods = page.request.get(f"{live_server}/api/v1/cohorts/{found[1]}/periods")
    code = next(p["code"] for p in periods.json() if p["id"] == assessment["period_id"])
    data = _moodle_export(_download(page, code))

    page.get_by_label("Export de notes Moodle").check()
    page.set_input_files(
        "#file",
        files=[{"name": "NDRC Notes.csv", "mimeType": "text/csv", "buffer": data}],
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export Moodle")
    check_page(page)
    page.locator(f"#column-{assessment['id']}").select_option("Devoir : Quiz")
    page.get_by_label("Note maximale dans Moodle").fill("100")
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.get_by_text("sur 100, ramenées exactement")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="E2")).to_contain_text("11,2")
    check_page(page)
    page.get_by_role("button", name="Abandonner").click()
    expect(page.get_by_role("status")).to_contain_text("Import abandonné")
