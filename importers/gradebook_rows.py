"""Check the rows of a gradebook sheet and collect its grades and errors."""

from collections.abc import Iterator, Sequence

from openpyxl.utils.cell import column_index_from_string

from importers.cells import CellValueError, parse_grade, parse_text
from importers.gradebook_layout import HEADER_ROW, IDENTITY_HEADERS
from importers.records import (
    CellError,
    GradebookStamp,
    GradeCell,
    KnownStudent,
)
from importers.tabular import a1

HEADER_CHANGED = "En-tête modifié : « {expected} » attendu. Réexportez la feuille."
UNKNOWN_STUDENT = "Élève inconnu (identifiant {ident}) : il n'est pas dans ce groupe."
UNKNOWN_INE = "Élève inconnu (INE {ine}) : il n'est pas dans ce groupe."
NO_IDENTITY = "Élève non identifié : l'identifiant Carnet ou l'INE est obligatoire."
INE_MISMATCH = "L'INE {ine} ne correspond pas à l'élève d'identifiant {ident}."
DUPLICATE = "Élève en double : il figure déjà ligne {row}."
BAD_ID = "Identifiant Carnet invalide « {value} » : ne modifiez pas cette colonne."
_ID, _INE = 0, 1


class GradebookRowReader:
    """Walk the data rows once, matching students by id or INE."""

    def __init__(
        self,
        sheet: str,
        stamp: GradebookStamp,
        columns: Sequence[tuple[str, str]],
        known: Sequence[KnownStudent],
    ) -> None:
        self.sheet = sheet
        self.errors: list[CellError] = []
        self.rows_read = 0
        self._columns = tuple(
            (column_index_from_string(letter) - 1, assessment)
            for (letter, _header), assessment in zip(
                columns, stamp.assessments, strict=True
            )
        )
        self._headers = tuple(
            (column_index_from_string(letter) - 1, header) for letter, header in columns
        )
        self._by_id = {student.id: student for student in known}
        self._by_ine = {s.ine.upper(): s for s in known if s.ine}
        self._seen: dict[int, int] = {}

    def read(self, rows: Sequence[tuple[object, ...]]) -> Iterator[GradeCell]:
        """Yield every non-blank grade; errors pile up in ``errors``."""
        if len(rows) < HEADER_ROW or not self._headers_match(rows[HEADER_ROW - 1]):
            return
        for number, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
            if any(value is not None for value in row):
                self.rows_read += 1
                yield from self._read_row(number, row)

    def _headers_match(self, header: tuple[object, ...]) -> bool:
        expected = [(i, text) for i, text in enumerate(IDENTITY_HEADERS)]
        expected += list(self._headers)
        before = len(self.errors)
        for index, text in expected:
            found = header[index] if index < len(header) else None
            if found != text:
                self._error(HEADER_ROW, index, HEADER_CHANGED.format(expected=text))
        return len(self.errors) == before

    def _read_row(self, number: int, row: tuple[object, ...]) -> Iterator[GradeCell]:
        student = self._student(number, row)
        for index, assessment in self._columns:
            value = row[index] if index < len(row) else None
            try:
                grade = parse_grade(value, assessment.max_points)
            except CellValueError as error:
                self._error(number, index, str(error))
                continue
            if grade is not None and student is not None:
                cell = a1(number, index)
                yield GradeCell(student, assessment.id, grade, self.sheet, cell)

    def _student(self, number: int, row: tuple[object, ...]) -> int | None:
        """Return the Carnet id of the row's student, or None after an error."""
        ident = ine = None
        before = len(self.errors)
        try:
            ident = _carnet_id(row[_ID] if row else None)
        except CellValueError as error:
            self._error(number, _ID, str(error))
        try:
            ine = parse_text(row[_INE] if len(row) > _INE else None)
        except CellValueError as error:
            self._error(number, _INE, str(error))
        if len(self.errors) > before:
            return None
        student = self._match(number, ident, ine)
        if student is None:
            return None
        if (first := self._seen.setdefault(student.id, number)) != number:
            self._error(number, _ID, DUPLICATE.format(row=first))
            return None
        return student.id

    def _match(
        self, number: int, ident: int | None, ine: str | None
    ) -> KnownStudent | None:
        if ident is not None:
            student = self._by_id.get(ident)
            if student is None:
                self._error(number, _ID, UNKNOWN_STUDENT.format(ident=ident))
            elif ine and (student.ine or "").upper() != ine.upper():
                self._error(number, _INE, INE_MISMATCH.format(ine=ine, ident=ident))
                return None
            return student
        if ine is None:
            self._error(number, _ID, NO_IDENTITY)
            return None
        student = self._by_ine.get(ine.upper())
        if student is None:
            self._error(number, _INE, UNKNOWN_INE.format(ine=ine))
        return student

    def _error(self, number: int, index: int, message: str) -> None:
        self.errors.append(CellError(self.sheet, a1(number, index), message))


def _carnet_id(value: object) -> int | None:
    text = parse_text(value)
    if text is None:
        return None
    if not text.isdigit():
        raise CellValueError(BAD_ID.format(value=text))
    return int(text)
