import io
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import Workbook

from importers.moodle import NO_EPOCH, NOT_MOODLE, read_moodle_gradebook
from importers.records import CellError, ImportedGrade, MoodleItem, file_error

EPOCH = "1767603600"
FRENCH = [
    "Prénom",
    "Nom",
    "Numéro d'identification",
    "Institution",
    "Département",
    "Adresse de courriel",
    "Devoir : Essai 1 (Réel)",
    "Devoir : Essai 1 (Pourcentage)",
    "Devoir : Essai 1 (Commentaires)",
    "Total du cours (Réel)",
    "Dernier téléchargement depuis ce cours",
]


def _xlsx(*rows: Sequence[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Notes"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(email: str, essay: object, total: object, idnumber: str = "") -> list[object]:
    return [
        "Léa",
        "Dupont",
        idnumber,
        "CFA",
        "NDRC",
        email,
        essay,
        "62.50 %",
        "Bien",
        total,
        EPOCH,
    ]


def test_a_french_moodle_export_is_detected_by_its_structure() -> None:
    data = _xlsx(
        FRENCH,
        _row("lea@example.fr", 12.5, 12.5, "A001"),
        _row("emile@example.fr", "-", "-"),
    )
    result = read_moodle_gradebook(data, "NDRC1 Notes.xlsx")
    assert result.ok
    assert result.items == (
        MoodleItem("G", "Devoir : Essai 1", "Réel"),
        MoodleItem("J", "Total du cours", "Réel"),
    )
    assert result.exported_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    first, second = result.rows
    assert (first.email, first.id_number, first.last_name) == (
        "lea@example.fr",
        "A001",
        "Dupont",
    )
    assert first.grades == (
        ImportedGrade("G", Decimal("12.5")),
        ImportedGrade("J", Decimal("12.5")),
    )
    assert second.grades == (ImportedGrade("G", None), ImportedGrade("J", None))


def test_an_english_export_identified_by_id_number_only() -> None:
    headers = [
        "First name",
        "Last name",
        "ID number",
        "Quiz: Test 2 (Real)",
        "Last downloaded from this course",
    ]
    data = _xlsx(headers, ["Zoé", "Martin", "B7", "15.00", EPOCH])
    result = read_moodle_gradebook(data, "Grades.xlsx")
    assert result.ok
    (row,) = result.rows
    assert (row.email, row.id_number, row.first_name) == (None, "B7", "Zoé")
    assert row.grades == (ImportedGrade("D", Decimal(15)),)


def test_bad_grades_and_duplicate_students_are_all_reported() -> None:
    data = _xlsx(
        FRENCH,
        _row("lea@example.fr", "12.345", 12),
        _row("LEA@example.fr", 10, -1),
    )
    result = read_moodle_gradebook(data, "Notes.xlsx")
    assert [(e.cell, e.message[:30]) for e in result.errors] == [
        ("G2", "12,345 a plus de deux décimale"),
        ("F3", "Étudiant en double : il figure"),
        ("J3", "Note négative refusée."),
    ]
    assert result.errors[1] == CellError(
        "Notes", "F3", "Étudiant en double : il figure déjà ligne 2."
    )


def test_a_sheet_without_the_export_time_is_not_a_moodle_export() -> None:
    data = _xlsx(FRENCH[:-1], _row("lea@example.fr", 12, 12)[:-1])
    result = read_moodle_gradebook(data, "Notes.xlsx")
    assert result.errors == (file_error(NOT_MOODLE.format(reason=NO_EPOCH)),)
