"""Named styles survive the style-array shortcut: every cell keeps its own style."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from importers.xlsx_style import (
    GRADE,
    HEADER,
    TEXT,
    new_workbook,
    put,
    put_box,
    to_bytes,
)


def test_cells_keep_the_named_style_they_were_given_across_workbooks() -> None:
    written = []
    for _ in range(2):  # a second workbook must not reuse the first one's arrays
        book = new_workbook()
        sheet = book.create_sheet("Feuille")
        for row in range(1, 4):
            put(sheet, row, 1, f"Titre {row}", HEADER)
            put(sheet, row, 2, Decimal("12.5"), GRADE)
            put(sheet, row, 3, "texte", TEXT)
        put_box(sheet, (5, 1), (2, 3), "Une appréciation longue.")
        written.append(to_bytes(book))
    for data in written:
        sheet = load_workbook(io.BytesIO(data))["Feuille"]
        assert [sheet.cell(r, c).style for r in (1, 3) for c in (1, 2, 3)] == [
            HEADER,
            GRADE,
            TEXT,
        ] * 2
        assert sheet["A1"].font.bold
        assert not sheet["C3"].font.bold
        assert sheet["B2"].number_format == sheet["B3"].number_format != "General"
        assert sheet["A5"].alignment.wrap_text
