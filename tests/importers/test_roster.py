import io
import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from importers.cells import BAD_INE
from importers.records import CellError, RosterRow, file_error
from importers.roster import SAME_STUDENT, read_roster
from importers.tabular import MOJIBAKE
from tests.importers import hostile

LEA = RosterRow(
    row=2,
    last_name="Dupont",
    first_name="Léa",
    birth_date=date(2006, 3, 14),
    ine="1234567890A",
    email="lea@example.fr",
    employer="Boulangerie Éclair, SARL",
    tutor="M. Hervé",
)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ";"),
        ("utf-8", ";"),
        ("cp1252", ";"),
        ("cp1252", ","),
        ("utf-8", "\t"),
    ],
)
def test_csv_rosters_in_each_encoding_and_separator(
    encoding: str, delimiter: str
) -> None:
    lines = [
        [
            "NOM",
            "Prénom",
            "Date de naissance",
            "N° INE",
            "Courriel",
            "Employeur",
            "Tuteur",
        ],
        [
            "Dupont",
            "Léa",
            "14/03/2006",
            "1234567890a",
            "lea@example.fr",
            "Boulangerie Éclair, SARL",
            "M. Hervé",
        ],
    ]
    text = "\r\n".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in line)
        for line in lines
    )
    result = read_roster(text.encode(encoding), "classe.csv")
    assert result.ok, result.errors
    assert result.rows == (LEA,)
    assert result.delimiter == delimiter
    assert result.encoding == encoding


def test_an_xlsx_roster_with_a_title_row_and_date_cells() -> None:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["Liste de la classe NDRC1"])
    sheet.append(
        [
            "Nom",
            "Prénom",
            "Né(e) le",
            "INE",
            "E-mail",
            "Entreprise",
            "Maître d'apprentissage",
        ]
    )
    sheet.append(
        [
            "Dupont",
            "Léa",
            datetime(2006, 3, 14),
            "1234567890A",
            "lea@example.fr",
            "Boulangerie Éclair, SARL",
            "M. Hervé",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_roster(buffer.getvalue(), "classe.xlsx")
    assert result.ok, result.errors
    (row,) = result.rows
    assert row == replace(LEA, row=3)


def test_every_bad_cell_is_reported_with_its_row_and_column() -> None:
    text = (
        "Nom;Prénom;Date de naissance;INE;Courriel\n"
        "Dupont;;31/02/2006;123;lea@\n"
        "Martin;Zoé;01/01/1850;2345678901B;zoe@example.fr\n"
        "Petit;Jean;;2345678901b;ZOE@example.fr\n"
    )
    result = read_roster(text.encode(), "classe.csv")
    assert [(e.cell, e.message) for e in result.errors] == [
        ("B2", "Prénom obligatoire."),
        ("C2", "« 31/02/2006 » n'est pas une date (jj/mm/aaaa)."),
        ("D2", BAD_INE.format(value="123")),
        ("E2", "Adresse de courriel invalide « lea@ »."),
        ("C3", "Date de naissance invraisemblable (01/01/1850)."),
        ("D4", "INE déjà présent en D3."),
        ("E4", "Courriel déjà présent en E3."),
    ]
    assert result.rows == ()


def test_a_roster_without_the_name_columns_is_refused() -> None:
    result = read_roster("Élève;INE\nDupont;1234567890A\n".encode(), "classe.csv")
    assert result.errors == (
        CellError(
            "classe.csv", "A1", "Colonne « Nom » introuvable dans la ligne d'en-têtes."
        ),
        CellError(
            "classe.csv",
            "A1",
            "Colonne « Prénom » introuvable dans la ligne d'en-têtes.",
        ),
    )


def test_double_encoded_accents_are_refused() -> None:
    text = "Nom;Prénom\nDupont;Léa\n".encode().decode("cp1252").encode()
    result = read_roster(text, "classe.csv")
    assert result.errors[0] == file_error(MOJIBAKE)


def test_escapes_excel_writes_in_names_are_decoded() -> None:
    strings = (
        b"<si><t>Nom</t></si><si><t>Pr\xc3\xa9nom</t></si><si><t>Dupont_x000D_</t></si>"
    )
    rows = (
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="A2" t="s"><v>2</v></c>'
        b'<c r="B2" t="inlineStr"><is><t>L_x00E9_a_x000D__x000A_Marie</t></is></c>'
        b"</row>"
    )
    result = read_roster(hostile.workbook(rows, strings), "classe.xlsx")
    assert result.errors == ()
    assert [(r.last_name, r.first_name) for r in result.rows] == [
        ("Dupont", "Léa Marie")
    ]


def test_a_name_typed_in_another_unicode_form_is_read_in_one_form() -> None:
    text = "Nom;Prénom\nLefèvre;Zoé\n"
    result = read_roster(unicodedata.normalize("NFD", text).encode(), "classe.csv")
    assert [(r.last_name, r.first_name) for r in result.rows] == [("Lefèvre", "Zoé")]


def test_the_same_student_twice_is_an_error_naming_both_cells() -> None:
    text = (
        "Nom;Prénom;Date de naissance\n"
        "Lefèvre;Zoé;01/02/2006\n"
        "Martin;Jean;\n"
        + unicodedata.normalize("NFD", "LEFÈVRE;zoé;01/02/2006\n")
        + "Martin;Jean;03/04/2005\n"
        + "Lefèvre;Zoé;05/06/2007\n"
    )
    result = read_roster(text.encode(), "classe.csv")
    assert [(e.cell, e.message) for e in result.errors] == [
        ("A4", SAME_STUDENT.format(name="LEFÈVRE zoé", cell="A2")),
        ("A5", SAME_STUDENT.format(name="Martin Jean", cell="A3")),
    ]
    assert "A2" in result.errors[0].message
    # Same name, another birth date: two students (row 6 is kept).
    assert [r.row for r in result.rows] == [2, 3, 6]
