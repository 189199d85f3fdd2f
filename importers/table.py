"""One sheet as rows of cell values, whatever the file format, and its shared caps."""

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils.cell import get_column_letter

from importers.census import TOO_MANY_ROWS
from importers.records import CellError, RejectedFileError
from importers.safety import ImportLimits

TOO_MANY_COLUMNS = "La ligne {row} dépasse {limit} colonnes."
TOO_LONG = "Texte trop long ({length} caractères, limite {limit})."


@dataclass(frozen=True)
class Table:
    """The values of one sheet; row ``i`` of ``rows`` is spreadsheet row ``i + 1``."""

    sheet: str
    rows: tuple[tuple[object, ...], ...]
    errors: tuple[CellError, ...] = ()
    encoding: str = ""
    delimiter: str = ""


def a1(row: int, column: int) -> str:
    """Return the A1 reference of a 1-based row and 0-based column index."""
    return f"{get_column_letter(column + 1)}{row}"


def trim(values: Sequence[object]) -> tuple[object, ...]:
    """Drop the empty cells at the end of a row."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return tuple(values[:end])


def check_size(rows_before: int, row: Sequence[object], limits: ImportLimits) -> None:
    """Refuse a row past the row cap, or one wider than the column cap."""
    if rows_before >= limits.max_rows:
        raise RejectedFileError(TOO_MANY_ROWS.format(limit=limits.max_rows))
    if len(row) > limits.max_columns:
        raise RejectedFileError(
            TOO_MANY_COLUMNS.format(row=rows_before + 1, limit=limits.max_columns)
        )


def long_texts(
    sheet: str, rows: Sequence[Sequence[object]], limits: ImportLimits
) -> tuple[CellError, ...]:
    """Return an error for each text cell longer than the cap."""
    return tuple(
        CellError(
            sheet,
            a1(number, index),
            TOO_LONG.format(length=len(value), limit=limits.max_text_chars),
        )
        for number, row in enumerate(rows, start=1)
        for index, value in enumerate(row)
        if isinstance(value, str) and len(value) > limits.max_text_chars
    )
