"""A trainer's own sheet: preview its columns, then read it through a mapping.

The headers are the first non-empty row; headers are matched without case,
accents or extra spaces, so a mapping remembered per trainer survives small
changes. Matching rows to students is the service's job (by INE, email or
Carnet id; by name only if its policy allows).
"""

from collections.abc import Sequence
from typing import BinaryIO

from importers.cells import (
    UNCACHED_FORMULA,
    CellValueError,
    check_email,
    check_ine,
    parse_grade,
    parse_text,
)
from importers.headers import cell_of, header_index, header_key
from importers.records import (
    CellError,
    ColumnMapping,
    GenericGradebook,
    GenericRow,
    IdentityKind,
    RejectedFileError,
    RowGrade,
    SheetPreview,
    errors_tuple,
    file_error,
)
from importers.safety import DEFAULT_LIMITS, ImportLimits
from importers.tabular import Table, a1, read_table

SAMPLE_ROWS = 5

EMPTY_SHEET = "La première feuille est vide : aucune ligne d'en-têtes trouvée."
DUPLICATE_HEADER = "En-tête en double « {header} » : renommez l'une des colonnes."
MISSING_HEADER = "Colonne « {header} » introuvable dans la ligne d'en-têtes."
NO_IDENTITY = "Identité manquante ({what})."
BAD_ID = "Identifiant Carnet invalide « {value} » : un nombre entier est attendu."
DUPLICATE_STUDENT = "Élève en double : il figure déjà ligne {row}."
_WHAT = {
    IdentityKind.CARNET_ID: "identifiant Carnet",
    IdentityKind.INE: "INE",
    IdentityKind.EMAIL: "adresse de courriel",
    IdentityKind.NAME: "nom et prénom",
}


def preview_sheet(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> SheetPreview:
    """Return the headers and first rows of a sheet, for the mapping step."""
    try:
        table = read_table(source, filename, limits)
        start = _header_row(table)
    except RejectedFileError as rejected:
        return SheetPreview(errors=(file_error(rejected.message),))
    headers = tuple(_show(value) for value in table.rows[start])
    data = [row for row in table.rows[start + 1 :] if _filled(row)]
    samples = tuple(
        tuple(_show(cell_of(row, i)) for i in range(len(headers)))
        for row in data[:SAMPLE_ROWS]
    )
    errors = [*table.errors, *_duplicate_headers(table, start)]
    return SheetPreview(
        errors=errors_tuple(errors),
        sheet=table.sheet,
        headers=headers,
        sample_rows=samples,
        total_rows=len(data),
    )


def read_generic_sheet(
    source: bytes | BinaryIO,
    filename: str,
    mapping: ColumnMapping,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> GenericGradebook:
    """Read every row of a sheet through ``mapping``; blank grades are left out."""
    try:
        table = read_table(source, filename, limits)
        start = _header_row(table)
    except RejectedFileError as rejected:
        return GenericGradebook(errors=(file_error(rejected.message),))
    columns, header_errors = _columns(table, start, mapping)
    if header_errors:
        return GenericGradebook(errors=errors_tuple([*table.errors, *header_errors]))
    reader = _RowReader(table.sheet, mapping, columns)
    rows = tuple(
        row
        for number, values in enumerate(table.rows[start + 1 :], start=start + 2)
        if _filled(values) and (row := reader.read(number, values)) is not None
    )
    return GenericGradebook(
        errors=errors_tuple([*table.errors, *reader.errors]), rows=rows
    )


def _header_row(table: Table) -> int:
    start = header_index(table)
    if start is None:
        raise RejectedFileError(EMPTY_SHEET)
    return start


def _columns(
    table: Table, start: int, mapping: ColumnMapping
) -> tuple[dict[str, int], list[CellError]]:
    keys = [header_key(value) for value in table.rows[start]]
    errors = _duplicate_headers(table, start)
    wanted = [mapping.identity_header, *(g.header for g in mapping.grades)]
    wanted += [h for h in (mapping.last_name_header, mapping.first_name_header) if h]
    columns: dict[str, int] = {}
    for header in wanted:
        if header_key(header) in keys:
            columns[header] = keys.index(header_key(header))
        else:
            message = MISSING_HEADER.format(header=header)
            errors.append(CellError(table.sheet, a1(start + 1, 0), message))
    return columns, errors


def _duplicate_headers(table: Table, start: int) -> list[CellError]:
    seen: set[str] = set()
    errors: list[CellError] = []
    for index, value in enumerate(table.rows[start]):
        key = header_key(value)
        if key and key in seen:
            message = DUPLICATE_HEADER.format(header=_show(value))
            errors.append(CellError(table.sheet, a1(start + 1, index), message))
        seen.add(key)
    return errors


class _RowReader:
    """Read each row's identity and mapped grades, collecting errors."""

    def __init__(
        self, sheet: str, mapping: ColumnMapping, columns: dict[str, int]
    ) -> None:
        self.sheet = sheet
        self.errors: list[CellError] = []
        self._mapping = mapping
        self._columns = columns
        self._seen: dict[str, int] = {}

    def read(self, number: int, row: tuple[object, ...]) -> GenericRow | None:
        """Read one row; None when its student cannot be identified."""
        last = self._text(number, row, self._mapping.last_name_header)
        first = self._text(number, row, self._mapping.first_name_header)
        identifier = self._identifier(number, row, last, first)
        grades = tuple(self._grades(number, row))
        if identifier is None:
            return None
        kind = self._mapping.identity
        return GenericRow(number, kind, identifier, last, first, grades)

    def _identifier(
        self, number: int, row: tuple[object, ...], last: str | None, first: str | None
    ) -> str | None:
        kind = self._mapping.identity
        index = self._columns[self._mapping.identity_header]
        raw = self._text(number, row, self._mapping.identity_header)
        if kind is IdentityKind.NAME:
            raw = f"{last} {first}" if raw and first else None
        try:
            identifier = _check_identity(kind, raw)
        except CellValueError as error:
            self._error(number, index, str(error))
            return None
        key = identifier.casefold()
        if (seen := self._seen.setdefault(key, number)) != number:
            self._error(number, index, DUPLICATE_STUDENT.format(row=seen))
            return None
        return identifier

    def _grades(self, number: int, row: tuple[object, ...]) -> list[RowGrade]:
        grades: list[RowGrade] = []
        for mapped in self._mapping.grades:
            index = self._columns[mapped.header]
            try:
                value = parse_grade(cell_of(row, index), mapped.max_points)
            except CellValueError as error:
                self._error(number, index, str(error))
                continue
            if value is not None:
                cell = a1(number, index)
                grades.append(RowGrade(mapped.assessment_id, value, cell))
        return grades

    def _text(
        self, number: int, row: tuple[object, ...], header: str | None
    ) -> str | None:
        if header is None:
            return None
        index = self._columns[header]
        try:
            return parse_text(cell_of(row, index))
        except CellValueError as error:
            self._error(number, index, str(error))
            return None

    def _error(self, number: int, index: int, message: str) -> None:
        self.errors.append(CellError(self.sheet, a1(number, index), message))


def _check_identity(kind: IdentityKind, raw: str | None) -> str:
    if not raw:
        raise CellValueError(NO_IDENTITY.format(what=_WHAT[kind]))
    if kind is IdentityKind.INE:
        return check_ine(raw)
    if kind is IdentityKind.EMAIL:
        return check_email(raw)
    if kind is IdentityKind.CARNET_ID and not raw.isdigit():
        raise CellValueError(BAD_ID.format(value=raw))
    return raw


def _filled(row: Sequence[object]) -> bool:
    return any(value is not None for value in row)


def _show(value: object) -> str:
    if value is UNCACHED_FORMULA:
        return "(formule sans valeur)"
    return "" if value is None else str(value)
