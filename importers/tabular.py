"""Rows of cell values from a checked xlsx or a CSV file, with A1 positions.

A formula saved without its computed value reads as ``None`` through
``data_only=True``. Rather than loading the workbook twice, the safety scan
notes which parts contain ``<f>`` at all (usually none); only those parts are
streamed once more with ``iterparse`` (safe: the DTD gate already ran) to list
the cells that have a formula and no ``<v>``. Readers see ``UNCACHED_FORMULA``
there instead of ``None``.
"""

import csv
import io
import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from importers.cells import UNCACHED_FORMULA
from importers.records import CellError, RejectedFileError, file_error
from importers.safety import (
    DAMAGED,
    DEFAULT_LIMITS,
    CheckedWorkbook,
    ImportLimits,
    check_xlsx,
    read_capped,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MOJIBAKE = ("Ã©", "Ã¨", "Ã§", "Ã ", "Ã´")
_DELIMITERS = (";", ",", "\t")

TOO_MANY_SHEETS = "Le classeur a {count} feuilles (limite {limit})."
TOO_MANY_ROWS = "Le fichier dépasse {limit} lignes : découpez-le en plusieurs fichiers."
TOO_MANY_COLUMNS = "La ligne {row} dépasse {limit} colonnes."
TOO_LONG = "Texte trop long ({length} caractères, limite {limit})."
MISSING_SHEET = "La feuille « {title} » est introuvable dans le classeur."
MOJIBAKE = (
    "Les accents sont mal encodés (« Ã© » au lieu de « é ») : enregistrez le "
    "fichier en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) », puis "
    "réessayez."
)
BAD_CSV = (
    "Le fichier CSV est mal formé (guillemet non fermé ou cellule démesurée) : "
    "enregistrez-le de nouveau depuis votre tableur, puis réessayez."
)
NOT_TEXT = "Ce fichier CSV n'est pas un texte lisible (ni UTF-8 ni Windows-1252)."


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


def is_csv(filename: str) -> bool:
    """Tell whether a file name asks for the CSV reader."""
    return filename.lower().endswith((".csv", ".txt"))


def read_table(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> Table:
    """Read the first sheet of an xlsx, or a CSV file, after the safety gates."""
    if is_csv(filename):
        return read_csv(read_capped(source, limits), filename, limits)
    checked = check_xlsx(source, filename, limits)
    return read_sheets(checked, limits, None)[0]


def read_sheets(
    checked: CheckedWorkbook, limits: ImportLimits, titles: Sequence[str] | None
) -> tuple[Table, ...]:
    """Read the named sheets (the first one when ``titles`` is None)."""
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
        wanted = titles if titles is not None else workbook.sheetnames[:1]
        parts = _sheet_parts(checked) if checked.formula_parts else {}
        return tuple(
            _read_sheet(workbook[title], checked, parts.get(title), limits)
            for title in wanted
            if _present(title, workbook.sheetnames)
        )
    finally:
        workbook.close()


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
        if len(rows) >= limits.max_rows:
            raise RejectedFileError(TOO_MANY_ROWS.format(limit=limits.max_rows))
        row = _trim(values)
        if len(row) > limits.max_columns:
            raise RejectedFileError(
                TOO_MANY_COLUMNS.format(row=len(rows) + 1, limit=limits.max_columns)
            )
        if columns := formulas.get(len(rows) + 1):
            row = _mark_formulas(row, columns)
        rows.append(row)
    title = sheet.title
    return Table(title, tuple(rows), _long_texts(title, rows, limits))


def _trim(values: tuple[object, ...]) -> tuple[object, ...]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


def _mark_formulas(row: tuple[object, ...], columns: set[int]) -> tuple[object, ...]:
    padded = row + (None,) * (max(columns) + 1 - len(row))
    return tuple(
        UNCACHED_FORMULA if value is None and index in columns else value
        for index, value in enumerate(padded)
    )


def _long_texts(
    sheet: str, rows: list[tuple[object, ...]], limits: ImportLimits
) -> tuple[CellError, ...]:
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


def read_csv(data: bytes, filename: str, limits: ImportLimits) -> Table:
    """Decode a CSV (UTF-8 with or without BOM, else cp1252) and split its cells."""
    text, encoding = _decode(data)
    delimiter = _sniff(text)
    try:
        rows = _csv_rows(text, delimiter, limits)
    except csv.Error:
        raise RejectedFileError(BAD_CSV) from None
    errors = list(_long_texts(filename, rows, limits))
    if any(marker in text for marker in _MOJIBAKE):
        errors.insert(0, file_error(MOJIBAKE))
    return Table(filename, tuple(rows), tuple(errors), encoding, delimiter)


def _csv_rows(
    text: str, delimiter: str, limits: ImportLimits
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(rows) >= limits.max_rows:
            raise RejectedFileError(TOO_MANY_ROWS.format(limit=limits.max_rows))
        row = _trim(tuple(value if value.strip() else None for value in values))
        if len(row) > limits.max_columns:
            raise RejectedFileError(
                TOO_MANY_COLUMNS.format(row=len(rows) + 1, limit=limits.max_columns)
            )
        rows.append(row)
    return rows


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _strict(data, "cp1252"), "cp1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise RejectedFileError(NOT_TEXT) from None


def _sniff(text: str) -> str:
    first = next(_non_empty_lines(text), "")
    return max(_DELIMITERS, key=first.count)


def _non_empty_lines(text: str) -> Iterator[str]:
    return (line for line in text.splitlines() if line.strip())
