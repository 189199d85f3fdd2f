"""One cell of the grade grid: what was typed, saved at the version read (D6).

A cell holds a score (« 12,5 » or « 12.5 », parsed by the importers' own
``parse_decimal``) or a code (ABS, ABJ, DISP, NN). An existing grade is saved by
``save_grade``; a new one by ``save_grid`` with one row. Both check the range and
the lock themselves; a stale version answers 412 and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus

from sqlalchemy import select

from importers.cells import CellValueError, parse_decimal
from service.extensions import db
from service.models import Assessment, Grade, GradeStatus, User
from service.operations.grade_grid import RowInput, save_grid
from service.operations.grades import GradeValues, save_grade
from service.operations.history import ChangeContext
from service.problems import Problem

CODES = {status.value: status for status in GradeStatus}
HINT = "Tapez une note (12,5) ou un code : ABS, ABJ, DISP, NN."
NO_ERASE = (
    "Une note enregistrée ne s'efface pas : tapez NN (non noté) ou un autre code."
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What a cell's text means: a score or a status."""

    score: Decimal | None
    status: GradeStatus | None


@dataclass(frozen=True, slots=True)
class Stored:
    """A cell as the database holds it: values, version and last writer."""

    score: Decimal | None
    status: GradeStatus | None
    version: int
    by: str | None


def read_entry(text: str) -> Entry | None:
    """Return what a typed cell means, or None when it is blank (422 if unreadable)."""
    typed = text.strip()
    if not typed:
        return None
    code = CODES.get(typed.upper())
    if code is not None:
        return Entry(None, code)
    try:
        return Entry(parse_decimal(typed), None)
    except CellValueError as error:
        message = f"{error} {HINT}"
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"score": [message]}
        ) from None


def save_cell(
    assessment: Assessment,
    student_id: int,
    context: ChangeContext,
    seen: int | None,
    text: str,
) -> int | None:
    """Save one typed cell read at version ``seen``; return its new version.

    A blank cell that holds no grade stays empty (None).
    """
    entry = read_entry(text)
    grade = db.session.scalar(
        select(Grade).where(
            Grade.assessment_id == assessment.id, Grade.student_id == student_id
        )
    )
    if grade is None:
        return _create(assessment, student_id, context, seen, entry)
    if entry is None:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, NO_ERASE, errors={"score": [NO_ERASE]}
        )
    values = GradeValues(entry.score, entry.status, grade.comment)
    # Versions start at 1: a cell read empty (None) is stale once a grade exists.
    return save_grade(grade, context, seen or 0, values)


def _create(
    assessment: Assessment,
    student_id: int,
    context: ChangeContext,
    seen: int | None,
    entry: Entry | None,
) -> int | None:
    if entry is None:
        return None
    values = GradeValues(entry.score, entry.status, None)
    save_grid(assessment, context, [RowInput(0, student_id, values, seen)])
    return 1


def stored_cell(assessment_id: int, student_id: int) -> Stored | None:
    """Return what a cell holds now, with the name of its last writer."""
    row = db.session.execute(
        select(Grade.score, Grade.status, Grade.version, User.display_name)
        .outerjoin(User, User.id == Grade.updated_by_id)
        .where(Grade.assessment_id == assessment_id, Grade.student_id == student_id)
    ).first()
    return None if row is None else Stored(*row)


def first_error(problem: Problem) -> str:
    """Return the first message of a refused save (the field's, else the detail)."""
    for messages in (problem.errors or {}).values():
        if messages:
            return str(messages[0])
    return str(problem.description)
