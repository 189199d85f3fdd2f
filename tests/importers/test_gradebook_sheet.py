import io
import time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

from importers.gradebook_sheet import read_gradebook_sheet, write_gradebook_sheet
from importers.gradebook_stamp import NOT_CARNET
from importers.records import CellError, GradeCell, GradeCode, KnownStudent, file_error
from tests.importers.export_checks import convert
from tests.importers.fixtures.make_fixtures import BOOK, KNOWN

FIXTURES = Path(__file__).parent / "fixtures"


def _edit(**cells: str | int | None) -> bytes:
    workbook = load_workbook(io.BytesIO(write_gradebook_sheet(BOOK)))
    sheet = workbook["Notes"]
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_untouched_sheet_gives_back_the_current_grades_and_versions() -> None:
    result = read_gradebook_sheet(write_gradebook_sheet(BOOK), "notes.xlsx", KNOWN)
    assert result.ok
    assert result.grades == (
        GradeCell(1, 41, Decimal("12.5"), "Notes", "E5"),
        GradeCell(2, 41, GradeCode.ABJ, "Notes", "E6"),
    )
    assert result.rows_read == 3
    assert result.stamp is not None
    assert result.stamp.version_map() == {(1, 41): 2, (2, 41): 1}


def test_a_blank_cell_leaves_the_grade_unchanged() -> None:
    result = read_gradebook_sheet(_edit(E5=None, E7="14,75"), "notes.xlsx", KNOWN)
    assert result.ok
    assert [(g.student_id, g.value) for g in result.grades] == [
        (2, GradeCode.ABJ),
        (3, Decimal("14.75")),
    ]


def test_every_error_is_reported_at_once_with_its_cell() -> None:
    data = _edit(E5="12.345", E6=21, E7="douze", A7=None, B7=None)
    result = read_gradebook_sheet(data, "notes.xlsx", KNOWN)
    assert [error.cell for error in result.errors] == ["E5", "E6", "A7", "E7"]
    assert "plus de deux décimales" in result.errors[0].message
    assert "de 0 à 20" in result.errors[1].message
    assert result.errors[2].message.startswith("Élève non identifié")
    assert "n'est pas un nombre" in result.errors[3].message
    assert not result.ok


def test_a_student_is_found_by_ine_when_the_id_is_cleared() -> None:
    result = read_gradebook_sheet(_edit(A6=None, E6=9), "notes.xlsx", KNOWN)
    assert result.ok
    assert GradeCell(2, 41, Decimal(9), "Notes", "E6") in result.grades


def test_an_ine_that_contradicts_the_id_is_an_error() -> None:
    result = read_gradebook_sheet(_edit(B5="9999999999Z"), "notes.xlsx", KNOWN)
    assert result.errors == (
        CellError(
            "Notes",
            "B5",
            "L'INE 9999999999Z ne correspond pas à l'élève d'identifiant 1.",
        ),
    )


def test_students_outside_the_known_list_are_errors() -> None:
    known = [KnownStudent(1, "1234567890A"), KnownStudent(3, None)]
    result = read_gradebook_sheet(write_gradebook_sheet(BOOK), "notes.xlsx", known)
    assert result.errors == (
        CellError(
            "Notes",
            "A6",
            "Élève inconnu (identifiant 2) : il n'est pas dans ce groupe.",
        ),
    )


def test_a_changed_header_is_reported_and_no_grade_is_read() -> None:
    result = read_gradebook_sheet(_edit(E4="Autre"), "notes.xlsx", KNOWN)
    assert result.grades == ()
    assert result.errors[0].cell == "E4"
    assert "« Synthèse n°1 (/20) » attendu" in result.errors[0].message


def test_a_workbook_not_exported_by_carnet_is_refused() -> None:
    workbook = Workbook()
    workbook.worksheets[0].title = "Notes"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_gradebook_sheet(buffer.getvalue(), "notes.xlsx", KNOWN)
    assert result.errors == (file_error(NOT_CARNET),)


def test_the_written_sheet_protects_identities_and_validates_grades() -> None:
    workbook = load_workbook(io.BytesIO(write_gradebook_sheet(BOOK)))
    sheet = workbook["Notes"]
    assert sheet.protection.sheet
    assert sheet["A5"].protection.locked
    assert sheet["C5"].protection.locked
    assert not sheet["E5"].protection.locked
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "custom"
    assert str(validation.sqref) == "E5:E7"
    assert "E5>=0,E5<=20" in (validation.formula1 or "")
    assert 'E5="ABS"' in (validation.formula1 or "")
    assert workbook["_carnet"].sheet_state == "veryHidden"
    assert workbook["Mode d'emploi"]["B6"].value == "Absence justifiée (force majeure)"


def test_a_formula_without_cached_value_is_an_error_not_a_blank() -> None:
    data = (FIXTURES / "formula_without_value.xlsx").read_bytes()
    started = time.perf_counter()
    result = read_gradebook_sheet(data, "formula_without_value.xlsx", KNOWN)
    assert time.perf_counter() - started < 5
    (error,) = result.errors
    assert (error.sheet, error.cell) == ("Notes", "E6")
    assert error.message.startswith("Formule sans valeur calculée")


def test_a_duplicate_student_row_is_an_error() -> None:
    data = (FIXTURES / "duplicate_student.xlsx").read_bytes()
    started = time.perf_counter()
    result = read_gradebook_sheet(data, "duplicate_student.xlsx", KNOWN)
    assert time.perf_counter() - started < 5
    assert result.errors == (
        CellError("Notes", "A8", "Élève en double : il figure déjà ligne 5."),
    )


def test_an_unknown_student_row_is_an_error() -> None:
    data = (FIXTURES / "unknown_student.xlsx").read_bytes()
    started = time.perf_counter()
    result = read_gradebook_sheet(data, "unknown_student.xlsx", KNOWN)
    assert time.perf_counter() - started < 5
    assert result.errors == (
        CellError(
            "Notes",
            "A8",
            "Élève inconnu (identifiant 999) : il n'est pas dans ce groupe.",
        ),
    )


def test_a_sheet_saved_by_libreoffice_reads_back_with_computed_formulas(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in" / "notes.xlsx"
    source.parent.mkdir()
    source.write_bytes(_edit(E6="=12+1.5"))
    done = convert([source], "xlsx", tmp_path)
    assert done.returncode == 0, done.stderr
    result = read_gradebook_sheet(
        (tmp_path / "notes.xlsx").read_bytes(), "n.xlsx", KNOWN
    )
    assert result.errors == ()
    assert [(g.cell, g.value) for g in result.grades] == [
        ("E5", Decimal("12.5")),
        ("E6", Decimal("13.5")),
    ]
    assert result.stamp is not None
    assert result.stamp.version_map() == {(1, 41): 2, (2, 41): 1}
