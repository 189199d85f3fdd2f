import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from importers.cells import BAD_INE
from importers.records import CellError, RosterRow, file_error
from importers.roster import read_roster
from importers.tabular import MOJIBAKE

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
        ("D4", "INE déjà présent ligne 3."),
        ("E4", "Courriel déjà présent ligne 3."),
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
