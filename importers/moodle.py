"""Moodle's grade export (formats.md §4.1), whatever the site's language.

Moodle writes the same columns as xlsx, ODS or text (CSV). Headers are
localised, so the structure is detected: grade columns hold numbers or ``-``;
their headers are ``<name> (<display type>)`` (``Real``, ``Réel``…: the type
most numeric columns share is kept) or, in older exports and Moodle's own test
fixture, the bare item name. Profile columns (names, ID number, institution…)
are never grades. The last column is the export's Unix time; students are
named by email (a column of addresses) or ID number. Moodle exports no maximum:
the service checks or rescales each grade against the assessment it maps onto.
"""

import re
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from typing import BinaryIO

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from importers.cells import CellValueError, is_blank, parse_decimal, parse_text
from importers.headers import cell_of, header_key
from importers.moodle_columns import (
    FIRST_NAME_HEADERS,
    ID_NUMBER_HEADERS,
    LAST_NAME_HEADERS,
    PROFILE_HEADERS,
)
from importers.records import (
    CellError,
    ImportedGrade,
    MoodleGradebook,
    MoodleItem,
    MoodleRow,
    RejectedFileError,
    errors_tuple,
    file_error,
)
from importers.safety import DEFAULT_LIMITS, ImportLimits
from importers.tabular import Table, a1, read_table

_ITEM = re.compile(r"^(?P<name>.+) \((?P<kind>[^()]+)\)$")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_YEAR_2000 = 946_684_800  # an export time is a Unix time after this
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
NOT_MOODLE = (
    "Ce fichier ne ressemble pas à un export de notes Moodle : {reason} "
    "Exportez les notes depuis Moodle (Notes > Exporter > Fichier Excel, "
    "Feuille de calcul OpenDocument ou Fichier texte), puis importez le fichier "
    "sans le modifier."
)
NO_EPOCH = "la dernière colonne (date du téléchargement) est absente ou modifiée."
NO_ITEMS = (
    "aucune colonne de notes (des nombres ou « - ») n'a été trouvée entre les "
    "colonnes de l'étudiant et la date du téléchargement."
)
NO_IDENTITY = (
    "il faut la colonne de l'adresse de courriel ou du numéro d'identification."
)
ROW_WITHOUT_IDENTITY = (
    "Ni adresse de courriel ni numéro d'identification sur cette ligne."
)
DUPLICATE = "Étudiant en double : il figure déjà ligne {row}."
NEGATIVE = "Note négative refusée."


def read_moodle_gradebook(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> MoodleGradebook:
    """Read a Moodle grade export: its grade items, its students and the epoch."""
    try:
        table = read_table(source, filename, limits)
        return _read(table)
    except RejectedFileError as rejected:
        return MoodleGradebook(errors=(file_error(rejected.message),))


def _read(table: Table) -> MoodleGradebook:
    if len(table.rows) < 2 or len(table.rows[0]) < 2:
        raise RejectedFileError(NOT_MOODLE.format(reason=NO_EPOCH))
    headers = tuple(str(value or "") for value in table.rows[0])
    data = [row for row in table.rows[1:] if any(v is not None for v in row)]
    if _ITEM.match(headers[-1].strip()):
        raise RejectedFileError(NOT_MOODLE.format(reason=NO_EPOCH))
    exported_at = _epoch(data, len(headers) - 1)
    email, id_number = _identity_columns(headers, data)
    profile = {i for i, h in enumerate(headers) if header_key(h) in PROFILE_HEADERS}
    profile |= {i for i in (email, id_number) if i is not None}
    items = _items(headers[:-1], data, profile)
    reader = _RowReader(table.sheet, items, email, id_number, headers)
    rows = tuple(
        row
        for number, values in enumerate(table.rows[1:], start=2)
        if any(v is not None for v in values)
        and (row := reader.read(number, values)) is not None
    )
    return MoodleGradebook(
        errors=errors_tuple([*table.errors, *reader.errors]),
        sheet=table.sheet,
        items=items,
        rows=rows,
        exported_at=exported_at,
    )


def _epoch(data: list[tuple[object, ...]], index: int) -> datetime:
    values = {_text_or_none(cell_of(row, index)) for row in data}
    value = values.pop() if len(values) == 1 else None
    if not value or not value.isdigit() or int(value) < _YEAR_2000:
        raise RejectedFileError(NOT_MOODLE.format(reason=NO_EPOCH))
    return datetime.fromtimestamp(int(value), UTC)


def _items(
    headers: tuple[str, ...], data: list[tuple[object, ...]], profile: set[int]
) -> tuple[MoodleItem, ...]:
    """Grade columns: those of the display type most numeric columns share.

    Without display types (most numeric columns have a bare header), every
    numeric column is an item named by its whole header.
    """
    numeric = [
        index
        for index in range(len(headers))
        if index not in profile and _numeric_column(data, index)
    ]
    kinds = Counter(_kind(headers[index]) for index in numeric)
    if not kinds:
        raise RejectedFileError(NOT_MOODLE.format(reason=NO_ITEMS))
    kind = max(kinds, key=lambda k: (kinds[k], k != ""))
    if not kind:
        return tuple(
            MoodleItem(get_column_letter(i + 1), headers[i].strip(), "")
            for i in numeric
        )
    return tuple(
        MoodleItem(get_column_letter(index + 1), match["name"], kind)
        for index, header in enumerate(headers)
        if index not in profile
        and (match := _ITEM.match(header.strip()))
        and match["kind"] == kind
    )


def _kind(header: str) -> str:
    match = _ITEM.match(header.strip())
    return match["kind"] if match else ""


def _numeric_column(data: list[tuple[object, ...]], index: int) -> bool:
    """Numbers (any decimals: the rows report a bad one) or ``-`` only."""
    values = [cell_of(row, index) for row in data]
    filled = [value for value in values if not is_blank(value)]
    return bool(filled) and all(_looks_numeric(value) for value in filled)


def _looks_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and bool(_NUMBER.fullmatch(value.strip()))


def _identity_columns(
    headers: tuple[str, ...], data: list[tuple[object, ...]]
) -> tuple[int | None, int | None]:
    keys = [header_key(header) for header in headers]
    id_number = next(
        (i for i, key in enumerate(keys) if key in ID_NUMBER_HEADERS), None
    )
    email = next(
        (index for index in range(len(headers) - 1) if _email_column(data, index)),
        None,
    )
    if email is None and id_number is None:
        raise RejectedFileError(NOT_MOODLE.format(reason=NO_IDENTITY))
    return email, id_number


def _email_column(data: list[tuple[object, ...]], index: int) -> bool:
    values = [_text_or_none(cell_of(row, index)) for row in data]
    filled = [value for value in values if value]
    return bool(filled) and all(_EMAIL.match(value) for value in filled)


class _RowReader:
    """Turn each student row into a ``MoodleRow``, collecting errors."""

    def __init__(
        self,
        sheet: str,
        items: tuple[MoodleItem, ...],
        email: int | None,
        id_number: int | None,
        headers: tuple[str, ...],
    ) -> None:
        self.sheet = sheet
        self.errors: list[CellError] = []
        self._items = items
        self._email = email
        self._id_number = id_number
        keys = [header_key(header) for header in headers]
        self._first = next(
            (i for i, k in enumerate(keys) if k in FIRST_NAME_HEADERS), None
        )
        self._last = next(
            (i for i, k in enumerate(keys) if k in LAST_NAME_HEADERS), None
        )
        self._seen: dict[str, int] = {}
        self._identity_column = next(
            (i for i in (email, id_number) if i is not None), 0
        )

    def read(self, number: int, row: tuple[object, ...]) -> MoodleRow | None:
        """Read one row; None when it cannot be used (the error is recorded)."""
        email = self._text(row, self._email)
        id_number = self._text(row, self._id_number)
        grades = tuple(self._grade(number, row, item) for item in self._items)
        identity = (email or "").casefold() or f"#{id_number}"
        if not email and not id_number:
            self._error(number, self._identity_column, ROW_WITHOUT_IDENTITY)
            return None
        if (first := self._seen.setdefault(identity, number)) != number:
            self._error(number, self._identity_column, DUPLICATE.format(row=first))
            return None
        last_name, first_name = (
            self._text(row, self._last),
            self._text(row, self._first),
        )
        return MoodleRow(number, email, id_number, last_name, first_name, grades)

    def _grade(
        self, number: int, row: tuple[object, ...], item: MoodleItem
    ) -> ImportedGrade:
        index = _column_index(item.column)
        value = cell_of(row, index)
        if is_blank(value):
            return ImportedGrade(item.column, None)
        try:
            points = parse_decimal(value)
        except CellValueError as error:
            self._error(number, index, str(error))
            return ImportedGrade(item.column, None)
        if points < 0:
            self._error(number, index, NEGATIVE)
        return ImportedGrade(item.column, points)

    def _text(self, row: tuple[object, ...], index: int | None) -> str | None:
        return None if index is None else _text_or_none(cell_of(row, index))

    def _error(self, number: int, index: int, message: str) -> None:
        self.errors.append(CellError(self.sheet, a1(number, index), message))


def _column_index(letters: str) -> int:
    return column_index_from_string(letters) - 1


def _text_or_none(value: object) -> str | None:
    try:
        return parse_text(value)
    except CellValueError:
        return None
