import io

import pytest
from openpyxl import Workbook

from importers.cells import UNCACHED_FORMULA
from importers.records import CellError, RejectedFileError
from importers.safety import ImportLimits
from importers.tabular import BAD_CSV, read_table
from tests.importers.fixtures.make_fixtures import minimal_xlsx

_HEAD = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>'
)


def _sheet(rows: bytes) -> bytes:
    return minimal_xlsx(sheet=_HEAD + rows + b"</sheetData></worksheet>")


def _xlsx(rows: int, columns: int, text: str = "x") -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for _ in range(rows):
        sheet.append([text] * columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_formulas_without_value_are_marked_even_without_cell_references() -> None:
    rows = (
        b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"><f>A1+1</f></c></row>'
        b"<row><c><f>A1*2</f><v>2</v></c><c><f>A1*3</f><v></v></c></row>"
    )
    table = read_table(_sheet(rows), "a.xlsx")
    assert table.rows == ((1, None, UNCACHED_FORMULA), (2, UNCACHED_FORMULA))


def test_a_lying_dimension_does_not_hide_cells() -> None:
    rows = b'<row r="1"><c r="A1"><v>1</v></c><c r="E1"><v>5</v></c></row>'
    assert read_table(_sheet(rows), "a.xlsx").rows == ((1, None, None, None, 5),)


def test_row_and_column_caps_stop_the_read() -> None:
    with pytest.raises(RejectedFileError, match="dépasse 3 lignes"):
        read_table(_xlsx(4, 1), "a.xlsx", ImportLimits(max_rows=3))
    with pytest.raises(RejectedFileError, match="La ligne 1 dépasse 2 colonnes"):
        read_table(_xlsx(1, 3), "a.xlsx", ImportLimits(max_columns=2))


def test_overlong_text_is_a_cell_error() -> None:
    table = read_table(_xlsx(1, 2, "é" * 11), "a.xlsx", ImportLimits(max_text_chars=10))
    assert table.errors == (
        CellError("Sheet", "A1", "Texte trop long (11 caractères, limite 10)."),
        CellError("Sheet", "B1", "Texte trop long (11 caractères, limite 10)."),
    )


def test_csv_separator_is_sniffed_from_the_header_line() -> None:
    table = read_table("Nom\tNote\nDupont, Léa\t12,5\n".encode(), "a.csv")
    assert table.delimiter == "\t"
    assert table.rows == (("Nom", "Note"), ("Dupont, Léa", "12,5"))


def test_a_csv_that_is_not_text_is_refused() -> None:
    with pytest.raises(RejectedFileError, match="pas un texte lisible"):
        read_table(b"\xef\xbb\xbfNom;\xff\xfe", "a.csv")


def test_a_malformed_csv_is_refused_with_a_french_message() -> None:
    data = b'Nom;Prenom\n"' + b"a" * 200_000 + b'";x\n'
    with pytest.raises(RejectedFileError) as caught:
        read_table(data, "a.csv")
    assert caught.value.message == BAD_CSV
