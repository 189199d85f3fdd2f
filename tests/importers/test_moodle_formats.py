"""Moodle's exports as Moodle writes them: text (CSV), xlsx and ODS; with or
without the display type in the grade headers (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from importers.moodle import read_moodle_gradebook
from importers.records import CellError, ImportedGrade, MoodleGradebook, MoodleItem
from tests.importers.export_checks import convert
from tests.importers.moodle_samples import (
    EPOCH,
    FIXTURE_HEADERS,
    FIXTURE_ROWS,
    moodle_csv,
    moodle_ods,
    moodle_xlsx,
)

FIXTURE = [FIXTURE_HEADERS, *FIXTURE_ROWS]
FRENCH = [
    "Prénom",
    "Nom",
    "Numéro d'identification",
    "Adresse de courriel",
    "Devoir : Essai 1 (Réel)",
    "Devoir : Essai 1 (Pourcentage)",
    "Devoir : Essai 1 (Commentaires)",
    "Total du cours (Réel)",
    "Dernier téléchargement depuis ce cours",
]
FRENCH_ROW = [
    "Léa",
    "Dupont",
    "20231",
    "lea@example.fr",
    "12,50",
    "62,50 %",
    "Bien, continuez : oui",
    "12,50",
    EPOCH,
]


def _check_fixture(result: MoodleGradebook) -> None:
    assert result.ok, result.errors
    assert result.items == (
        MoodleItem("G", "Assignment: Assignment for grape group", ""),
        MoodleItem("I", "Course total", ""),
    )
    assert result.exported_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert [(r.row, r.email, r.last_name, r.first_name) for r in result.rows] == [
        (2, "student7@example.com", "Able", "Anne"),
        (3, "student5@example.com", "Bunce", "Bobby"),
    ]
    assert [r.grades for r in result.rows] == [
        (ImportedGrade("G", Decimal(56)), ImportedGrade("I", Decimal(56))),
        (ImportedGrade("G", Decimal(75)), ImportedGrade("I", Decimal(75))),
    ]


def test_moodles_own_fixture_as_a_text_export_is_accepted() -> None:
    _check_fixture(read_moodle_gradebook(moodle_csv(FIXTURE), "C1 Grades.csv"))


def test_moodles_own_fixture_as_an_excel_export_is_accepted() -> None:
    _check_fixture(read_moodle_gradebook(moodle_xlsx(FIXTURE), "C1 Grades.xlsx"))


def test_moodles_own_fixture_as_an_ods_export_is_accepted() -> None:
    result = read_moodle_gradebook(moodle_ods(FIXTURE), "C1 Grades.ods")
    _check_fixture(result)
    assert result.sheet == "Grades"


def test_an_ods_saved_by_libreoffice_reads_like_the_xlsx(tmp_path: Path) -> None:
    source = tmp_path / "notes.xlsx"
    source.write_bytes(moodle_xlsx(FIXTURE))
    done = convert([source], "ods", tmp_path)
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "notes.ods").read_bytes()
    _check_fixture(read_moodle_gradebook(data, "notes.ods"))


@pytest.mark.parametrize("delimiter", [",", ";", "\t", ":"])
def test_every_separator_of_moodles_text_export(delimiter: str) -> None:
    data = moodle_csv([FRENCH, FRENCH_ROW], delimiter)
    result = read_moodle_gradebook(data, "NDRC1 Notes.csv")
    assert result.ok, result.errors
    assert result.items == (
        MoodleItem("E", "Devoir : Essai 1", "Réel"),
        MoodleItem("H", "Total du cours", "Réel"),
    )
    (row,) = result.rows
    assert (row.email, row.id_number) == ("lea@example.fr", "20231")
    assert row.grades[0] == ImportedGrade("E", Decimal("12.5"))


def test_a_numeric_profile_column_is_never_a_grade_column() -> None:
    headers = ["Prénom", "Nom", "Numéro d'identification", "Département", "Quiz 1"]
    rows = [
        [*headers, "Dernier téléchargement depuis ce cours"],
        ["Léa", "Dupont", "20231", "75", "14", EPOCH],
    ]
    result = read_moodle_gradebook(moodle_csv(rows), "notes.csv")
    assert result.ok, result.errors
    assert result.items == (MoodleItem("E", "Quiz 1", ""),)
    assert result.rows[0].grades == (ImportedGrade("E", Decimal(14)),)


def test_a_bad_grade_in_a_text_export_names_its_cell() -> None:
    rows = [FIXTURE_HEADERS, FIXTURE_ROWS[0], [*FIXTURE_ROWS[1]]]
    rows[2][6] = "75,125"
    result = read_moodle_gradebook(moodle_csv(rows), "C1 Grades.csv")
    assert result.errors == (
        CellError(
            "C1 Grades.csv",
            "G3",
            "75,125 a plus de deux décimales : arrondissez vous-même la note "
            "(elle n'est jamais arrondie à l'import).",
        ),
    )


def test_an_export_with_no_grade_column_says_what_is_missing() -> None:
    rows = [
        ["First name", "Email address", "Last downloaded from this course"],
        ["Anne", "student7@example.com", EPOCH],
    ]
    result = read_moodle_gradebook(moodle_csv(rows), "C1 Grades.csv")
    (error,) = result.errors
    assert "aucune colonne de notes (des nombres ou « - »)" in error.message
    assert "Feuille de calcul OpenDocument ou Fichier texte" in error.message
