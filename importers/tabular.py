"""Rows of cell values from a checked xlsx, an .ods or a CSV file, with A1 positions.

``read_table`` picks the reader: CSV by name (``csv_table``), OpenDocument by
name or content (``ods``), else xlsx through the safety gates. In an xlsx it
reads the sheet named « Notes », else the first visible sheet holding a header
row (a first sheet of instructions is passed over), else the first visible one.

A formula saved without its computed value reads as ``None`` through
``data_only=True``. Rather than loading the workbook twice, the safety scan
notes which parts contain ``<f>`` at all (usually none); only those parts are
streamed once more with ``iterparse`` (safe: the DTD gate already ran) to list
the cells that have a formula and no ``<v>``. Readers see ``UNCACHED_FORMULA``
there instead of ``None``.
"""

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from typing import BinaryIO
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from importers.cells import UNCACHED_FORMULA
from importers.csv_table import BAD_CSV, MOJIBAKE, NOT_TEXT, is_csv, read_csv
from importers.headers import DATA_SHEET, is_data_sheet, text_header_index
from importers.ods import is_ods, read_ods
from importers.records import RejectedFileError
from importers.safety import (
    DAMAGED,
    DEFAULT_LIMITS,
    CheckedWorkbook,
    ImportLimits,
    check_xlsx,
    read_capped,
)
from importers.table import Table, a1, check_size, long_texts, trim

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TOO_MANY_SHEETS = "Le classeur a {count} feuilles (limite {limit})."
MISSING_SHEET = "La feuille « {title} » est introuvable dans le classeur."
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
__all__ = [
    "BAD_CSV",
    "MISSING_SHEET",
    "MOJIBAKE",
    "NOT_TEXT",
    "TOO_MANY_SHEETS",
    "Table",
    "a1",
    "is_csv",
    "read_sheets",
    "read_table",
]


def read_table(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> Table:
    """Read the first sheet of an xlsx or .ods, or a CSV file, after the gates."""
    data = read_capped(source, limits)
    if is_csv(filename):
        return read_csv(data, filename, limits)
    if is_ods(filename, data):
        return read_ods(data, limits)
    checked = check_xlsx(data, filename, limits)
    return read_sheets(checked, limits, None)[0]


def read_sheets(
    checked: CheckedWorkbook, limits: ImportLimits, titles: Sequence[str] | None
) -> tuple[Table, ...]:
    """Read the named sheets (when ``titles`` is None, the data sheet alone)."""
    try:
        return _read_sheets(checked, limits, titles)
    except RejectedFileError:
        raise
    except Exception as error:  # openpyxl's exception zoo, reliability §2.1
        raise RejectedFileError(DAMAGED) from error


def _read_sheets(
    checked: CheckedWorkbook, limits: ImportLimits, titles: Sequence[str] | None
) -> tuple[Table, ...]:
    workbook = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    try:
        if len(workbook.sheetnames) > limits.max_sheets:
            raise RejectedFileError(
                TOO_MANY_SHEETS.format(
                    count=len(workbook.sheetnames), limit=limits.max_sheets
                )
            )
        parts = _sheet_parts(checked) if checked.formula_parts else {}
        if titles is None:
            return (_data_sheet(workbook, checked, parts, limits),)
        return tuple(
            _read_sheet(workbook[title], checked, parts.get(title), limits)
            for title in titles
            if _present(title, workbook.sheetnames)
        )
    finally:
        workbook.close()


def _data_sheet(
    workbook: Workbook,
    checked: CheckedWorkbook,
    parts: dict[str, str],
    limits: ImportLimits,
) -> Table:
    """The sheet named « Notes », else the first visible one holding a header."""
    sheets = workbook.worksheets
    named = [s for s in sheets if is_data_sheet(s.title)]
    visible = [s for s in sheets if s.sheet_state == "visible"]
    first: Table | None = None
    for sheet in named or visible or sheets[:1]:
        table = _read_sheet(sheet, checked, parts.get(sheet.title), limits)
        if named or text_header_index(table) is not None:
            return table
        first = first or table
    if first is None:
        raise RejectedFileError(MISSING_SHEET.format(title=DATA_SHEET.title()))
    return first


def _present(title: str, sheetnames: list[str]) -> bool:
    if title not in sheetnames:
        raise RejectedFileError(MISSING_SHEET.format(title=title))
    return True


def _read_sheet(
    sheet: object, checked: CheckedWorkbook, part: str | None, limits: ImportLimits
) -> Table:
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise RejectedFileError(MISSING_SHEET.format(title=str(sheet)))
    sheet.reset_dimensions()  # never trust <dimension>: read what is there
    formulas = _uncached_formulas(checked, part) if part else {}
    rows: list[tuple[object, ...]] = []
    # The stubs type iter_rows for Worksheet only; ReadOnlyWorksheet shares it.
    cells = sheet.iter_rows(min_row=1, min_col=1, values_only=True)  # type: ignore[misc]
    for values in cells:
        row = tuple(_unescape(value) for value in trim(values))
        check_size(len(rows), row, limits)
        if columns := formulas.get(len(rows) + 1):
            row = _mark_formulas(row, columns)
        rows.append(row)
    title = sheet.title
    return Table(title, tuple(rows), long_texts(title, rows, limits))


def _unescape(value: object) -> object:
    """Decode OOXML's ``_xHHHH_`` escapes (``_x000D_``: a carriage return) that
    openpyxl leaves in text; ``_x005F_`` escapes a literal underscore."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPE.sub(lambda found: chr(int(found[1], 16)), value)
    return value


def _mark_formulas(row: tuple[object, ...], columns: set[int]) -> tuple[object, ...]:
    padded = row + (None,) * (max(columns) + 1 - len(row))
    return tuple(
        UNCACHED_FORMULA if value is None and index in columns else value
        for index, value in enumerate(padded)
    )


def _sheet_parts(checked: CheckedWorkbook) -> dict[str, str]:
    """Map sheet titles to their part names, from workbook.xml and its rels."""
    with zipfile.ZipFile(io.BytesIO(checked.data)) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in rels.iter(f"{_PKG_REL}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id", ""), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def _uncached_formulas(checked: CheckedWorkbook, part: str) -> dict[int, set[int]]:
    """Map row numbers to the 0-based columns of formulas without a value."""
    found: dict[int, set[int]] = {}
    if part not in checked.formula_parts:
        return found
    row, column = 0, -1
    with (
        zipfile.ZipFile(io.BytesIO(checked.data)) as archive,
        archive.open(part) as stream,
    ):
        for event, element in ElementTree.iterparse(stream, ("start", "end")):
            if event == "start" and element.tag == f"{_MAIN}row":
                row, column = int(element.get("r") or row + 1), -1
            elif event == "end" and element.tag == f"{_MAIN}c":
                column = _cell_column(element.get("r"), column)
                if _lacks_value(element):
                    found.setdefault(row, set()).add(column)
                element.clear()
    return found


def _cell_column(ref: str | None, previous: int) -> int:
    if not ref:
        return previous + 1
    letters, _row = coordinate_from_string(ref)
    return column_index_from_string(letters) - 1


def _lacks_value(cell: ElementTree.Element) -> bool:
    value = cell.find(f"{_MAIN}v")
    has_formula = cell.find(f"{_MAIN}f") is not None
    return has_formula and (value is None or not value.text)
