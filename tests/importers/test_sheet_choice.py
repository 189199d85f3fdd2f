"""Which sheet of a workbook is read, and files that are not workbooks at all."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from importers.records import RejectedFileError
from importers.roster import read_roster
from importers.safety import HTML_RENAMED, check_xlsx
from importers.tabular import read_table
from tests.importers import hostile

INSTRUCTIONS = (
    ("Mode d'emploi",),
    ("Remplissez la feuille suivante, une ligne par apprenti.",),
)
STUDENTS = (("Nom", "Prénom"), ("Dupont", "Léa"))


def _book(*sheets: tuple[str, tuple[tuple[object, ...], ...], str]) -> bytes:
    """An xlsx of (title, rows, state) sheets, in order."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_first_sheet_of_instructions_is_passed_over() -> None:
    data = _book(
        ("Consignes", INSTRUCTIONS, "visible"), ("Apprentis", STUDENTS, "visible")
    )
    roster = read_roster(data, "liste.xlsx")
    assert roster.errors == ()
    assert roster.sheet == "Apprentis"
    assert [(r.last_name, r.first_name) for r in roster.rows] == [("Dupont", "Léa")]


def test_the_sheet_named_notes_is_read_wherever_it_is() -> None:
    data = _book(
        ("Consignes", INSTRUCTIONS, "visible"),
        ("Brouillon", (("Nom", "Prénom"), ("Martin", "Zoé")), "visible"),
        (" notes ", STUDENTS, "visible"),
    )
    assert read_table(data, "a.xlsx").rows == STUDENTS


def test_a_hidden_sheet_is_passed_over() -> None:
    data = _book(
        ("Ancienne liste", (("Nom", "Prénom"), ("Martin", "Zoé")), "hidden"),
        ("Consignes", INSTRUCTIONS, "visible"),
        ("Apprentis", STUDENTS, "visible"),
    )
    assert read_table(data, "a.xlsx").sheet == "Apprentis"


def test_without_any_header_the_first_visible_sheet_is_read() -> None:
    data = _book(
        ("Cachée", (("x",),), "hidden"),
        ("Consignes", INSTRUCTIONS, "visible"),
        ("Autre", (("y",),), "visible"),
    )
    assert read_table(data, "a.xlsx").sheet == "Consignes"


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><body><table><tr><td>Nom</td></tr></table>",
        b'\xef\xbb\xbf\r\n<html xmlns:o="urn:schemas-microsoft-com:office:office">',
        "<?xml version='1.0'?><!-- export --><HTML>".encode("utf-16"),
        b"  <table border=1><tr><th>Nom</th><th>Pr\xe9nom</th></tr></table>",
    ],
)
def test_an_html_page_renamed_xlsx_is_called_html(page: bytes) -> None:
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(page, "liste.xlsx")
    assert caught.value.message == HTML_RENAMED.format(extension=".xlsx")
    assert "HTML" in caught.value.message


@pytest.mark.parametrize(
    ("name", "extension"), [("liste.xls", ".xls"), ("a.ods", ".ods")]
)
def test_the_message_names_the_extension_the_html_page_was_given(
    name: str, extension: str
) -> None:
    roster = read_roster(b"<html><body>Liste</body></html>", name)
    assert [e.message for e in roster.errors] == [
        HTML_RENAMED.format(extension=extension)
    ]


def test_a_csv_renamed_xlsx_is_still_called_text() -> None:
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(b"Nom;Pr\xc3\xa9nom\nDupont;L\xc3\xa9a\n", "liste.xlsx")
    assert "CSV" in caught.value.message


def _ods(*tables: tuple[str, tuple[tuple[str, ...], ...], bool]) -> bytes:
    """An .ods of (name, rows of text, visible) tables, in order."""
    hidden = (
        b'<style:style style:name="cachee" style:family="table">'
        b'<style:table-properties table:display="false"/></style:style>'
    )
    xml = b"".join(
        b'<table:table table:name="%s"%s>'
        % (name.encode(), b"" if shown else b' table:style-name="cachee"')
        + b"".join(
            b"<table:table-row>"
            + b"".join(
                b"<table:table-cell><text:p>%s</text:p></table:table-cell>"
                % value.encode()
                for value in row
            )
            + b"</table:table-row>"
            for row in rows
        )
        + b"</table:table>"
        for name, rows, shown in tables
    )
    return hostile.ods(styles=hidden, tables=xml)


def test_an_ods_is_read_from_its_first_visible_table_holding_a_header() -> None:
    data = _ods(
        ("Ancienne liste", (("Nom", "Prénom"), ("Martin", "Zoé")), False),
        ("Consignes", (("Mode d'emploi",), ("Une ligne par apprenti.",)), True),
        ("Apprentis", (("Nom", "Prénom"), ("Dupont", "Léa")), True),
    )
    assert read_table(data, "a.ods").rows == STUDENTS


def test_an_ods_is_read_from_its_notes_table_wherever_it_is() -> None:
    data = _ods(
        ("Brouillon", (("Nom", "Prénom"), ("Martin", "Zoé")), True),
        ("Notes", (("Nom", "Prénom"), ("Dupont", "Léa")), True),
    )
    assert read_table(data, "a.ods").sheet == "Notes"
