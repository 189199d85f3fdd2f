"""A trainer uploads a gradebook sheet with one bad cell and reads that cell's
error, then a good one and imports it, then undoes the import."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.helpers import RCNV, TRAINER, check_page, log_in, open_class, screenshot

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetsPage:
    """The sheets page of the trainer's RCNV class and an assessment still open."""

    url: str
    #: The open assessment, as the API lists it, and its period's code (« S3 »).
    assessment: dict[str, Any]
    period: str


def _open_sheets(page: Page, base_url: str) -> SheetsPage:
    """Log in as the trainer and open the RCNV class's sheets page."""
    log_in(page, base_url, TRAINER)
    open_class(page, base_url, RCNV)
    page.get_by_role("link", name="Feuilles de notes (tableur)").click()
    found = re.search(r"/classes/(\d+)/matieres/(\d+)/feuilles$", page.url)
    assert found, page.url
    cohort, subject = int(found[1]), int(found[2])
    answer = page.request.get(
        f"{base_url}/api/v1/assessments?cohort_id={cohort}&subject_id={subject}"
    )
    assert answer.ok, answer.text()
    assessment: dict[str, Any] = next(a for a in answer.json() if not a["locked"])
    periods = page.request.get(f"{base_url}/api/v1/cohorts/{cohort}/periods")
    assert periods.ok, periods.text()
    code = next(p["code"] for p in periods.json() if p["id"] == assessment["period_id"])
    return SheetsPage(page.url, assessment, code)


def _download(page: Page, period: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(f"^Feuille {period} ")).click()
    return Path(download.value.path()).read_bytes()


def _typed(data: bytes, title: str, value: str) -> tuple[bytes, str]:
    """Type ``value`` in the first student's cell of the assessment; return its A1."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Notes"]
    column = next(c for c in sheet[4] if str(c.value).startswith(f"{title} (/"))
    cell = f"{column.column_letter}5"
    sheet[cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), cell


def _upload(page: Page, kind: str, name: str, mime: str, data: bytes) -> None:
    """Choose the file's ``kind`` (« Feuille de notes Carnet »), send it for a check."""
    page.get_by_label(kind).check()
    file: FilePayload = {"name": name, "mimeType": mime, "buffer": data}
    page.set_input_files("#file", files=[file])
    page.get_by_role("button", name="Vérifier le fichier").click()


def _upload_sheet(page: Page, data: bytes) -> None:
    _upload(page, "Feuille de notes Carnet", "notes.xlsx", XLSX, data)


def test_a_bad_cell_is_read_then_a_good_sheet_imported_then_undone(
    page: Page, live_server: str
) -> None:
    sheets = _open_sheets(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feuilles de notes")
    check_page(page)

    sheet = _download(page, sheets.period)
    title = sheets.assessment["title"]
    bad, cell = _typed(sheet, title, "vingt")
    _upload_sheet(page, bad)
    errors = page.get_by_role("table", name="Erreurs du fichier, cellule par cellule")
    row = errors.get_by_role("row").filter(has_text=cell)
    expect(row).to_contain_text("« vingt » n'est pas un nombre")
    expect(page.get_by_role("alert")).to_contain_text("aucune note n'a été importée")
    expect(page.get_by_role("button", name="Importer ces notes")).to_have_count(0)
    check_page(page)
    screenshot(page, "feuilles-import.png")

    page.goto(sheets.url)
    good, _ = _typed(sheet, title, "13,75")
    _upload_sheet(page, good)
    expect(page.get_by_role("row").filter(has_text=cell)).to_contain_text("13,75")
    check_page(page)
    page.get_by_role("button", name="Importer ces notes").click()
    expect(page.get_by_role("status")).to_contain_text("Import terminé")

    page.get_by_role("button", name="Annuler l'import").click()
    expect(page.get_by_role("status")).to_contain_text("remise(s) comme avant")
    page.goto(sheets.url)
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
    sheets = _open_sheets(page, live_server)
    data = _moodle_export(_download(page, sheets.period))

    _upload(page, "Export de notes Moodle", "NDRC Notes.csv", "text/csv", data)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export Moodle")
    check_page(page)
    page.locator(f"#column-{sheets.assessment['id']}").select_option("Devoir : Quiz")
    page.get_by_label("Note maximale dans Moodle").fill("100")
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.get_by_text("sur 100, ramenées exactement")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="E2")).to_contain_text("11,2")
    check_page(page)
    page.get_by_role("button", name="Abandonner").click()
    expect(page.get_by_role("status")).to_contain_text("Import abandonné")
