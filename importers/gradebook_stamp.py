"""The hidden stamp sheet of a gradebook sheet: what it is for, versions, time.

Layout (one key per row, then one row per student)::

    carnet-gradebook | 1
    title            | <title>
    exported_at      | <ISO 8601 with offset>
    assessment       | <id> | <title> | <max as text> | <column> | <header>
    ...
    versions         | <assessment id> | <assessment id> ...
    <student id>     | <version or blank> | ...
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from importers.records import (
    GradebookSheet,
    GradebookStamp,
    RejectedFileError,
    SheetAssessment,
    StampedVersion,
)
from importers.text import safe_text

STAMP_SHEET = "_carnet"
KIND = "carnet-gradebook"
FORMAT = 1

NOT_CARNET = (
    "Ce classeur n'est pas une feuille de notes exportée par Carnet (ou sa "
    "feuille de contrôle a été modifiée). Exportez une nouvelle feuille depuis "
    "Carnet, saisissez-y les notes, puis importez-la."
)


def write_stamp(
    sheet: Worksheet, book: GradebookSheet, columns: Sequence[tuple[str, str]]
) -> None:
    """Fill the stamp of ``book``; ``columns`` gives each grade column and header."""
    sheet.append([KIND, FORMAT])
    sheet.append(["title", safe_text(book.title)])
    sheet.append(["exported_at", book.exported_at.isoformat()])
    for assessment, (column, header) in zip(book.assessments, columns, strict=True):
        sheet.append(
            [
                "assessment",
                assessment.id,
                safe_text(assessment.title),
                str(assessment.max_points),
                column,
                header,
            ]
        )
    sheet.append(["versions", *(assessment.id for assessment in book.assessments)])
    versions = {(g.student_id, g.assessment_id): g.version for g in book.grades}
    for student in book.students:
        sheet.append(
            [
                student.id,
                *(versions.get((student.id, a.id)) for a in book.assessments),
            ]
        )


def read_stamp(
    rows: Sequence[tuple[object, ...]],
) -> tuple[GradebookStamp, tuple[tuple[str, str], ...]]:
    """Parse the stamp rows; return the stamp and each grade column and header."""
    try:
        return _read_stamp(rows)
    except (IndexError, ValueError, TypeError, InvalidOperation):
        raise RejectedFileError(NOT_CARNET) from None


def _read_stamp(
    rows: Sequence[tuple[object, ...]],
) -> tuple[GradebookStamp, tuple[tuple[str, str], ...]]:
    if tuple(rows[0][:2]) != (KIND, FORMAT):
        raise ValueError("not a Carnet stamp")
    title = str(rows[1][1] or "")
    exported_at = datetime.fromisoformat(str(rows[2][1]))
    assessments: list[SheetAssessment] = []
    columns: list[tuple[str, str]] = []
    index = 3
    while rows[index][0] == "assessment":
        _key, ident, name, points, column, header = rows[index][:6]
        assessments.append(
            SheetAssessment(_int(ident), str(name or ""), Decimal(str(points)))
        )
        column_index_from_string(str(column))  # raises ValueError when not a column
        columns.append((str(column), str(header)))
        index += 1
    if rows[index][0] != "versions" or not assessments:
        raise ValueError("no versions row")
    versions = _versions(rows[index + 1 :], assessments)
    stamp = GradebookStamp(title, tuple(assessments), versions, exported_at)
    return stamp, tuple(columns)


def _versions(
    rows: Sequence[tuple[object, ...]], assessments: Sequence[SheetAssessment]
) -> tuple[StampedVersion, ...]:
    found: list[StampedVersion] = []
    for row in rows:
        if not row:
            continue
        student = _int(row[0])
        for assessment, version in zip(assessments, row[1:], strict=False):
            if version is not None:
                found.append(StampedVersion(student, assessment.id, _int(version)))
    return tuple(found)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError("not an integer")
    number = Decimal(str(value))
    if number != number.to_integral_value():
        raise ValueError("not an integer")
    return int(number)
