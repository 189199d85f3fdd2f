import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook

from importers.generic import preview_sheet, read_generic_sheet
from importers.records import (
    CellError,
    ColumnMapping,
    GradeCode,
    GradeColumnMapping,
    IdentityKind,
    RowGrade,
)

HEADERS = ["Nom", "Prénom", "INE", "Courriel", "Oral 1", "Écrit (sur 40)"]


def _xlsx(*rows: Sequence[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Groupe A"
    sheet.append(["Relevé du groupe A"])
    sheet.append([])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAPPING = ColumnMapping(
    identity=IdentityKind.INE,
    identity_header="ine",
    grades=(
        GradeColumnMapping("ORAL 1", 7, Decimal(20)),
        GradeColumnMapping("ecrit (sur 40)", 8, Decimal(40)),
    ),
    last_name_header="Nom",
    first_name_header="Prenom",
)


def test_the_preview_skips_titles_and_shows_headers_samples_and_count() -> None:
    rows = [["Dupont", "Léa", "1234567890A", "lea@x.fr", 12.5, 30]] * 7
    preview = preview_sheet(_xlsx(HEADERS, *rows), "notes.xlsx")
    assert preview.ok
    assert preview.sheet == "Groupe A"
    assert preview.headers == tuple(HEADERS)
    assert len(preview.sample_rows) == 5
    assert preview.sample_rows[0] == (
        "Dupont",
        "Léa",
        "1234567890A",
        "lea@x.fr",
        "12.5",
        "30",
    )
    assert preview.total_rows == 7


def test_a_sheet_is_read_through_a_mapping_with_headers_matched_loosely() -> None:
    data = _xlsx(
        HEADERS,
        ["Dupont", "Léa", "1234567890a", "lea@x.fr", "12,5", None],
        ["N'Diaye", "Émile", "2345678901B", "", "abs", 38.25],
    )
    result = read_generic_sheet(data, "notes.xlsx", MAPPING)
    assert result.ok, result.errors
    first, second = result.rows
    assert (first.row, first.identifier, first.first_name) == (4, "1234567890A", "Léa")
    assert first.grades == (RowGrade(7, Decimal("12.5"), "E4"),)
    assert second.grades == (
        RowGrade(7, GradeCode.ABS, "E5"),
        RowGrade(8, Decimal("38.25"), "F5"),
    )


def test_every_bad_cell_and_duplicate_is_reported() -> None:
    data = _xlsx(
        HEADERS,
        ["Dupont", "Léa", "12345", "", 21, "39,999"],
        ["Martin", "Zoé", "2345678901B", "", 10, 10],
        ["Martin", "Zoé", "2345678901b", "", 10, 10],
    )
    result = read_generic_sheet(data, "notes.xlsx", MAPPING)
    assert [error.cell for error in result.errors] == ["C4", "E4", "F4", "C6"]
    assert result.errors[0].message.startswith("INE invalide « 12345 »")
    assert result.errors[3] == CellError(
        "Groupe A", "C6", "Élève en double : il figure déjà ligne 5."
    )


def test_a_missing_mapped_header_stops_the_read() -> None:
    data = _xlsx(
        ["Nom", "Prénom", "INE", "Oral 1"], ["Dupont", "Léa", "1234567890A", 9]
    )
    result = read_generic_sheet(data, "notes.xlsx", MAPPING)
    assert result.rows == ()
    assert result.errors == (
        CellError(
            "Groupe A",
            "A3",
            "Colonne « ecrit (sur 40) » introuvable dans la ligne d'en-têtes.",
        ),
    )


def test_csv_with_semicolons_and_decimal_commas_is_read_too() -> None:
    text = "Courriel;Note\r\nlea@x.fr;12,5\r\nzoe@x.fr;\r\n"
    mapping = ColumnMapping(
        IdentityKind.EMAIL, "courriel", (GradeColumnMapping("note", 3, Decimal(20)),)
    )
    result = read_generic_sheet(text.encode("cp1252"), "notes.csv", mapping)
    assert result.ok
    assert [(r.identifier, r.grades) for r in result.rows] == [
        ("lea@x.fr", (RowGrade(3, Decimal("12.5"), "B2"),)),
        ("zoe@x.fr", ()),
    ]
