"""Plain records that the spreadsheet readers return and the writers take."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class SpreadsheetError(Exception):
    """Base class of the exceptions raised by ``importers``."""


class RejectedFileError(SpreadsheetError):
    """The uploaded file failed a safety gate; ``message`` is French, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GradeCode(StrEnum):
    """Codes a trainer may type instead of a grade."""

    ABS = "ABS"  # unjustified absence
    ABJ = "ABJ"  # justified absence (force majeure)
    DISP = "DISP"  # dispensed
    NN = "NN"  # not graded (non noté)


#: A grade cell holds a number of points or a code.
GradeValue = Decimal | GradeCode


class IdentityKind(StrEnum):
    """How a row names its student."""

    CARNET_ID = "carnet_id"
    INE = "ine"
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class CellError:
    """One problem in an uploaded file: sheet, A1 cell and a French message.

    ``sheet`` and ``cell`` are empty for a problem with the whole file.
    """

    sheet: str
    cell: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What a reader found: the records and every error."""

    errors: tuple[CellError, ...] = ()

    @property
    def ok(self) -> bool:
        """Tell whether the file can be used as is."""
        return not self.errors


def file_error(message: str) -> CellError:
    """Build an error that concerns the whole file."""
    return CellError(sheet="", cell="", message=message)


# --- gradebook sheet (export then import) ---------------------------------


@dataclass(frozen=True)
class SheetAssessment:
    """One assessment, i.e. one grade column of a gradebook sheet."""

    id: int
    title: str
    max_points: Decimal


@dataclass(frozen=True)
class SheetStudent:
    """A student row of a gradebook sheet; ``id`` is the Carnet student id."""

    id: int
    ine: str | None
    last_name: str
    first_name: str


@dataclass(frozen=True)
class SheetGrade:
    """A grade already in Carnet, with its data version (reliability D6)."""

    student_id: int
    assessment_id: int
    value: GradeValue
    version: int


@dataclass(frozen=True)
class GradebookSheet:
    """Everything needed to write a gradebook sheet."""

    title: str
    assessments: tuple[SheetAssessment, ...]
    students: tuple[SheetStudent, ...]
    grades: tuple[SheetGrade, ...]
    exported_at: datetime


@dataclass(frozen=True)
class KnownStudent:
    """A student the import may name, found by Carnet id or INE."""

    id: int
    ine: str | None


@dataclass(frozen=True)
class GradeCell:
    """A non-blank grade read from a file, with where it came from."""

    student_id: int
    assessment_id: int
    value: GradeValue
    sheet: str
    cell: str


@dataclass(frozen=True)
class StampedVersion:
    """The version a grade had when the sheet was exported."""

    student_id: int
    assessment_id: int
    version: int


@dataclass(frozen=True)
class GradebookStamp:
    """What the hidden stamp sheet says about the export."""

    title: str
    assessments: tuple[SheetAssessment, ...]
    versions: tuple[StampedVersion, ...]
    exported_at: datetime

    def version_map(self) -> dict[tuple[int, int], int]:
        """Map (student id, assessment id) to the exported version of each grade."""
        return {(v.student_id, v.assessment_id): v.version for v in self.versions}


@dataclass(frozen=True)
class GradebookImport(ImportResult):
    """A read gradebook sheet: non-blank grades (blank = unchanged) and the stamp."""

    grades: tuple[GradeCell, ...] = ()
    stamp: GradebookStamp | None = None
    rows_read: int = 0


# --- other formats -----------------------------------------------------------


@dataclass(frozen=True)
class ImportedGrade:
    """A grade of a Moodle or generic sheet for one column; None when blank."""

    column: str
    value: GradeValue | None


@dataclass(frozen=True)
class MoodleItem:
    """A grade column of a Moodle export, e.g. ``Devoir : Essai 1 (Réel)``."""

    column: str
    name: str
    display_type: str


@dataclass(frozen=True)
class MoodleRow:
    """One student of a Moodle export, identified by email or ID number."""

    row: int
    email: str | None
    id_number: str | None
    last_name: str | None
    first_name: str | None
    grades: tuple[ImportedGrade, ...]


@dataclass(frozen=True)
class MoodleGradebook(ImportResult):
    """A read Moodle grade export."""

    sheet: str = ""
    items: tuple[MoodleItem, ...] = ()
    rows: tuple[MoodleRow, ...] = ()
    exported_at: datetime | None = None


@dataclass(frozen=True)
class SheetPreview(ImportResult):
    """Headers and first rows of a generic sheet, for the column-mapping step."""

    sheet: str = ""
    headers: tuple[str, ...] = ()
    sample_rows: tuple[tuple[str, ...], ...] = ()
    total_rows: int = 0


@dataclass(frozen=True)
class GradeColumnMapping:
    """A grade column of a generic sheet mapped onto an assessment."""

    header: str
    assessment_id: int
    max_points: Decimal


@dataclass(frozen=True)
class ColumnMapping:
    """Which header holds what in a generic sheet (remembered per trainer)."""

    identity: IdentityKind
    identity_header: str
    grades: tuple[GradeColumnMapping, ...]
    last_name_header: str | None = None
    first_name_header: str | None = None


@dataclass(frozen=True)
class RowGrade:
    """A non-blank grade of a generic sheet row, for one mapped assessment."""

    assessment_id: int
    value: GradeValue
    cell: str


@dataclass(frozen=True)
class GenericRow:
    """One student row of a generic sheet."""

    row: int
    identity: IdentityKind
    identifier: str
    last_name: str | None
    first_name: str | None
    grades: tuple[RowGrade, ...]


@dataclass(frozen=True)
class GenericGradebook(ImportResult):
    """A generic sheet read through a ``ColumnMapping``."""

    rows: tuple[GenericRow, ...] = ()


@dataclass(frozen=True)
class RosterRow:
    """One student of a roster file."""

    row: int
    last_name: str
    first_name: str
    birth_date: date | None = None
    ine: str | None = None
    email: str | None = None
    employer: str | None = None
    tutor: str | None = None
    student_number: str | None = None


@dataclass(frozen=True)
class Roster(ImportResult):
    """A read roster: students and every error."""

    rows: tuple[RosterRow, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    #: 0-based column of each field found in the header line.
    columns: Mapping[str, int] = field(default_factory=dict)


def errors_tuple(errors: Sequence[CellError]) -> tuple[CellError, ...]:
    """Sort errors by sheet then reading order (row, then column)."""
    return tuple(sorted(errors, key=_reading_order))


def _reading_order(error: CellError) -> tuple[str, int, int, str]:
    letters = error.cell.rstrip("0123456789")
    digits = error.cell[len(letters) :]
    row = int(digits) if digits else 0
    return (error.sheet, row, len(letters), letters)
