"""The attendance exports (R8): the cohort's monthly sign-in sheet and the
funder's proof of a contract, read back with openpyxl and opened by LibreOffice.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from importers.attendance_proof import (
    HALF_DAYS_TITLE,
    NOT_TAKEN,
    PROOF_TITLE,
    write_funder_proof,
)
from importers.attendance_sheet import write_sign_in_sheet
from importers.page_fit import MIN_PRINTED_POINTS
from tests.importers import report_samples as samples
from tests.importers.attendance_samples import (
    FULL_WEEK,
    MARKS,
    MONTH,
    WEEK,
    D,
    funder_proof,
    long_proof,
    sign_in_sheet,
)
from tests.importers.export_checks import (
    exact,
    find,
    formula_parts,
    load,
    pdf_words,
    printed_sizes,
    round_trip,
    texts,
)


def test_the_sign_in_sheet_has_a_column_per_half_day_and_a_code_per_mark() -> None:
    workbook = load(write_sign_in_sheet(sign_in_sheet(WEEK)))
    assert workbook.sheetnames == ["novembre 2026"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Feuille d'émargement — NDRC 2026–2028 — novembre 2026"
    assert sheet["A2"].value == "CFA Carnet — du 02/11/2026 au 04/11/2026"
    assert [c.value for c in sheet[4]][:4] == [
        "Apprenti·e",
        "lun. 02/11",
        "lun. 02/11",
        "mar. 03/11",
    ]
    assert [c.value for c in sheet[5]][1:3] == ["matin", "après-midi"]
    assert sheet["B6"].value == "8\u00a0h\u00a030 – 12\u00a0h"
    assert sheet["B7"].value == "Julien Moreau"
    assert sheet["C7"].value == "Nadia Benali, Thomas Garnier"
    assert sheet["H4"].value == "Signature de l'apprenti·e"
    assert sheet["A8"].value == "MARTIN Léa"
    assert [c.value for c in sheet[8]][1:8] == [
        "P",
        "ABS",
        "R 15",
        "D 30",
        "R 10 D 20",
        None,  # not taken: blank
        None,  # the apprentice's signature
    ]
    signatures = find(sheet, "Signature du formateur·rice")
    assert signatures == (11, 1)
    assert sheet.row_dimensions[11].height >= 30


def test_the_sign_in_sheet_prints_on_a4_with_its_headers_repeated() -> None:
    sheet = load(write_sign_in_sheet(sign_in_sheet(WEEK, apprentices=24))).worksheets[0]
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToHeight == 1  # the week of 24 fits one page
    assert sheet.print_title_rows == "$4:$7"


def test_a_full_week_of_24_apprentices_fits_one_landscape_page() -> None:
    sheet = load(write_sign_in_sheet(sign_in_sheet(FULL_WEEK, 24))).worksheets[0]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToHeight == 1
    assert sheet.row_dimensions[8].height == 15  # the shortest row to sign in
    few = load(write_sign_in_sheet(sign_in_sheet(WEEK, 10))).worksheets[0]
    assert few.row_dimensions[8].height == 20  # room to spare: taller rows


def test_a_month_too_wide_for_a_page_gets_one_sheet_per_week() -> None:
    workbook = load(write_sign_in_sheet(sign_in_sheet(MONTH, apprentices=24)))
    assert workbook.sheetnames == [
        "semaine du 02-11",
        "semaine du 09-11",
        "semaine du 16-11",
    ]
    second = workbook["semaine du 09-11"]
    assert second["A1"].value.endswith("— novembre 2026")
    assert second["A2"].value == "CFA Carnet — du 09/11/2026 au 11/11/2026"
    assert second["B4"].value == "lun. 09/11"
    # The week's marks are its own columns of the month's lines.
    assert second["B8"].value == MARKS[6 % len(MARKS)].code  # type: ignore[union-attr]
    assert all(sheet.page_setup.fitToHeight == 1 for sheet in workbook.worksheets)


def test_a_sign_in_sheet_keeps_its_half_days_in_its_month_and_in_order() -> None:
    sheet = sign_in_sheet(WEEK)
    with pytest.raises(ValueError, match="month"):
        replace(sheet, month=date(2026, 12, 1))
    with pytest.raises(ValueError, match="order"):
        replace(sheet, half_days=sheet.half_days[::-1])
    with pytest.raises(ValueError, match="one mark per half-day"):
        replace(sheet, half_days=sheet.half_days[:2])
    with pytest.raises(ValueError, match="at least one"):
        replace(sheet, half_days=(), lines=())


def test_the_proof_gives_the_contract_and_the_hours_by_month() -> None:
    workbook = load(write_funder_proof(funder_proof()))
    assert workbook.sheetnames == [PROOF_TITLE, HALF_DAYS_TITLE]
    sheet = workbook[PROOF_TITLE]
    assert sheet["A1"].value == "Attestation d'assiduité"
    assert sheet["A3"].value == (
        "Je soussigné(e), Sophie Lefèvre, directrice du CFA, atteste que :"
    )
    assert "du 01/09/2026 au 20/11/2026" in sheet["A4"].value
    assert (sheet["B6"].value, sheet["F6"].value) == ("Martin", "Léa")
    assert (sheet["B8"].value, sheet["F8"].value) == (
        "Contrat d'apprentissage",
        "OPCO EP",
    )
    assert sheet["B9"].value.date() == date(2026, 9, 1)
    assert sheet["F10"].value == "Mme Anne Roux"
    row, _ = find(sheet, "octobre 2026")
    october = [exact(cell.value) for cell in sheet[row][1:8]]
    assert october == [D("7"), D("3.25"), D("3.5"), 0, 0, D("0.25"), 0]
    total, _ = find(sheet, "Total")
    assert total == row + 2
    assert exact(sheet.cell(total, 2).value) == D("10.5")
    assert sheet.cell(total, 2).number_format == "0.00"
    place = find(sheet, "Fait à")
    assert sheet.cell(place[0], 2).value == "Lyon"


def test_the_proof_lists_every_half_day_with_its_mark() -> None:
    sheet = load(write_funder_proof(funder_proof()))[HALF_DAYS_TITLE]
    assert sheet["A1"].value == "Demi-journées — MARTIN Léa"
    rows = [[c.value for c in sheet[r]] for r in (4, 5, 6)]
    assert rows[0][1:] == ["lun.", "matin", "RCNV", 3.5, 3.25, "R 15", None]
    assert rows[1][2:] == ["après-midi", "CEJM, LV1", 3.5, 0, "ABS", "justifiée"]
    assert rows[2][6] == NOT_TAKEN
    assert sheet["A7"].value == "Total"
    assert (sheet["E7"].value, sheet["F7"].value) == (10.5, 3.25)
    assert sheet.print_title_rows == "$3:$3"


def test_a_long_list_of_half_days_prints_portrait_with_its_header_repeated() -> None:
    sheet = load(write_funder_proof(long_proof()))[HALF_DAYS_TITLE]
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToHeight == 0  # as many pages as it needs
    assert sheet.print_title_rows == "$3:$3"


def test_attendance_exports_keep_hostile_names_as_text() -> None:
    proof = replace(funder_proof(), apprentice=samples.HOSTILE)
    for data in (write_sign_in_sheet(sign_in_sheet(WEEK)), write_funder_proof(proof)):
        assert formula_parts(data) == []
        values = texts(load(data))
        assert any(text.upper().startswith("'=HYPERLINK") for text in values)
        assert not any(text.startswith(("=", "+", "-", "@")) for text in values)


@pytest.fixture(scope="module")
def attendance_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("attendance")
    made = {
        "emargement-semaine": write_sign_in_sheet(sign_in_sheet(WEEK, 24)),
        "emargement-cinq-jours": write_sign_in_sheet(sign_in_sheet(FULL_WEEK, 24)),
        "emargement-mois": write_sign_in_sheet(sign_in_sheet(MONTH, 30)),
        "attestation-assiduite": write_funder_proof(funder_proof()),
        "attestation-longue": write_funder_proof(long_proof()),
    }
    paths = []
    for name, data in made.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_libreoffice_prints_the_attendance_exports_at_8_points_or_more(
    attendance_files: list[Path], tmp_path: Path
) -> None:
    for name, (size, word) in printed_sizes(attendance_files, tmp_path).items():
        assert size >= MIN_PRINTED_POINTS, (name, word, size)
    proof = " ".join(w for w, _ in pdf_words(tmp_path / "attestation-assiduite.pdf"))
    assert "Fait à Lyon" in proof
    assert "Boulangeries Rhône SA" in proof


def test_libreoffice_opens_the_attendance_exports_as_written(
    attendance_files: list[Path], tmp_path: Path
) -> None:
    saved = round_trip(attendance_files, tmp_path)
    week = saved["emargement-semaine.xlsx"].worksheets[0]
    assert week["D8"].value == "R 15"
