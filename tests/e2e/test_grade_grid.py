"""The grade grid in a real browser: keyboard entry, pasting, conflicts, phones.

The demo centre here has 12 apprentices per class, so that a pasted column of 10
grades fits in one column.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from tests.e2e.helpers import (
    DIRECTOR,
    FIRST_YEAR,
    SECOND_YEAR,
    TRAINER,
    assert_fits_phone,
    check_page,
    log_in,
    own_tab,
    screenshot,
)

pytestmark = pytest.mark.e2e

STUDENTS = 12
SAVED = "Toutes les notes sont enregistrées."


@pytest.fixture(scope="module")
def demo_students() -> int:
    """12 apprentices per class: a pasted column of 10 fits (see conftest.py)."""
    return STUDENTS


def open_grid(page: Page, base_url: str, cohort: str, code: str, period: str) -> str:
    """Open the grid of a subject and period; return its address."""
    answer = page.request.get(f"{base_url}/api/v1/cohorts")
    assert answer.ok, answer.text()
    cohort_id = next(c["id"] for c in answer.json() if c["name"] == cohort)
    answer = page.request.get(f"{base_url}/api/v1/subjects")
    assert answer.ok, answer.text()
    subject = next(s["id"] for s in answer.json() if s["code"] == code)
    url = f"{base_url}/classes/{cohort_id}/matieres/{subject}/notes?periode={period}"
    page.goto(url)
    expect(page.locator("table.grade-grid")).to_be_visible()
    return url


def cell(page: Page, row: int, column: int = 0) -> Locator:
    """The input of one cell (rows and columns counted from 0)."""
    return page.locator("tbody tr").nth(row).locator("input.cell").nth(column)


def column_values(page: Page, rows: int, column: int = 0) -> list[str]:
    return [cell(page, row, column).input_value() for row in range(rows)]


def enter(page: Page, row: int, typed: str) -> None:
    """Type ``typed`` in the first column's cell of ``row`` and press Enter."""
    cell(page, row).focus()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def test_a_trainer_enters_five_grades_with_the_keyboard_and_finds_them_again(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_grid(page, live_server, FIRST_YEAR, "RCNV", "S1")
    sixth = cell(page, 5).input_value()
    cell(page, 0).focus()
    keyboard = page.keyboard
    for typed, key in (
        ("12,5", "Enter"),
        ("abs", "Tab"),
        ("14", "ArrowDown"),
        ("8.5", "Enter"),
        ("17", "Enter"),
    ):
        keyboard.type(typed)
        keyboard.press(key)
    keyboard.type("3")  # typing replaces the sixth value; Escape restores it
    expect(page.locator("td.unsaved")).to_have_count(1)
    keyboard.press("Escape")
    expect(cell(page, 5)).to_have_value(sixth)
    expect(page.locator("#grid-status")).to_have_text(SAVED)
    expect(page.locator("td.unsaved")).to_have_count(0)
    expect(cell(page, 3)).to_have_value("8,5")

    page.reload()
    assert column_values(page, 5) == ["12,5", "ABS", "14", "8,5", "17"]
    expect(page.locator("td.row-mean").first).to_have_text("12,5")
    check_page(page)


def test_a_column_pasted_from_a_spreadsheet_fills_ten_cells_down(
    browser: Browser, live_server: str
) -> None:
    clipboard = ("clipboard-read", "clipboard-write")
    with own_tab(browser, permissions=clipboard) as page:
        log_in(page, live_server, TRAINER)
        open_grid(page, live_server, FIRST_YEAR, "ATP", "S1")
        untouched = column_values(page, STUDENTS)[10:]
        pasted = ["11", "12,5", "13.25", "ABS", "9", "10", "15,5", "ABJ", "18", "7"]
        page.evaluate(
            "text => navigator.clipboard.writeText(text)",
            "\r\n".join(pasted) + "\r\n",
        )
        cell(page, 0).focus()
        page.keyboard.press("Control+V")
        expect(page.locator("#grid-status")).to_have_text(SAVED, timeout=15_000)
        page.reload()
        shown = ["11", "12,5", "13,25", "ABS", "9", "10", "15,5", "ABJ", "18", "7"]
        assert column_values(page, STUDENTS) == shown + untouched


def test_a_cell_changed_in_another_browser_shows_both_values_and_lets_me_choose(
    page: Page, browser: Browser, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    url = open_grid(page, live_server, SECOND_YEAR, "RCNV", "S3")
    with own_tab(browser) as director:
        log_in(director, live_server, DIRECTOR)
        director.goto(url)
        enter(director, 0, "15")
        expect(director.locator("#grid-status")).to_have_text(SAVED)

        enter(page, 0, "9")
        note = page.locator("td.cell-conflict .cell-note")
        expect(note).to_contain_text("Votre saisie : 9")
        expect(note).to_contain_text("enregistrée par Sophie Lefèvre : 15")
        expect(cell(page, 0)).to_have_value("9")
        expect(page.locator("#grid-status")).to_contain_text(
            "1 case modifiée entre-temps : choisissez la note à garder."
        )
        screenshot(page, "grille-notes-conflit.png")

        note.get_by_role("button", name="Garder 9").click()
        expect(page.locator("#grid-status")).to_have_text(SAVED)
        director.reload()
        expect(cell(director, 0)).to_have_value("9")


def test_leaving_with_an_unsaved_cell_warns(page: Page, live_server: str) -> None:
    log_in(page, live_server, TRAINER)
    open_grid(page, live_server, SECOND_YEAR, "ATP", "S3")
    cell(page, 1).focus()
    page.keyboard.type("16")  # still in the cell: not saved yet
    expect(page.locator("td.unsaved")).to_have_count(1)
    dialogs: list[str] = []

    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_the_grid_reads_on_a_phone_and_is_shot_for_the_guide(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    open_grid(page, live_server, SECOND_YEAR, "RCNV", "S1")
    expect(page.locator("p.locked-reason").first).to_contain_text("verrouillée")
    expect(cell(page, 0)).to_have_attribute("readonly", "")
    assert_fits_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_grid(page, live_server, FIRST_YEAR, "RCNV", "S1")
    enter(page, 6, "13,75")
    expect(page.locator("#grid-status")).to_have_text(SAVED)
    enter(page, 7, "25")
    expect(page.locator("td.cell-refused .cell-note")).to_contain_text(
        "La note doit être comprise entre 0 et 20"
    )
    screenshot(page, "grille-notes.png")
