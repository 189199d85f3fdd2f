"""Finding and matching the header row of a table read from a user's file."""

import unicodedata

from importers.table import Table

_HEADER_SEARCH = 20
#: The sheet read when a workbook has several (compared without case or spaces).
DATA_SHEET = "notes"


def header_index(table: Table) -> int | None:
    """Return the index of the header row, None for an empty sheet.

    The headers are the first row with two or more cells, all text, among the
    first 20 rows (titles above them are skipped); else the first non-empty row.
    """
    found = text_header_index(table)
    filled = _filled(table)
    return found if found is not None else next(iter(filled), None)


def text_header_index(table: Table) -> int | None:
    """Return the index of the first row of two or more cells, all text, among
    the first 20 filled rows; None when the sheet has no such row."""
    for index in _filled(table)[:_HEADER_SEARCH]:
        cells = [value for value in table.rows[index] if value is not None]
        if len(cells) >= 2 and all(isinstance(value, str) for value in cells):
            return index
    return None


def _filled(table: Table) -> list[int]:
    return [i for i, row in enumerate(table.rows) if any(v is not None for v in row)]


def is_data_sheet(title: str) -> bool:
    """Tell the sheet named « Notes », read first whatever its place."""
    return title.strip().casefold() == DATA_SHEET


def header_key(value: object) -> str:
    """Normalise a header for matching: no accents, case or extra spaces."""
    text = unicodedata.normalize("NFKD", str(value or "")).replace("’", "'")
    plain = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def cell_of(row: tuple[object, ...], index: int) -> object:
    """Return the value at a 0-based column, None past the end of the row."""
    return row[index] if index < len(row) else None
