"""One cell of the exam grade grid: what was typed, saved at the version read (D6).

The grid's codes are the trainer grid's (``grid_cells.read_entry``): ABS is an
unjustified absence, ABJ an absence for force majeure, DISP a dispensed unit; NN
has no meaning at the exam. « 12 + 14 » gives U5's two parts. A new entry is
created by ``exam_grades``; an existing one is replaced at the version read (412
otherwise), so the rules of both stay there (the engine's check of the entry, the
session's state: R1, R2, R6).
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import (
    ExamUnitGrade,
    ExamUnitStatus,
    GradeStatus,
    Registration,
    User,
)
from service.operations import exam_grades
from service.operations.exam_grades import ExamValues
from service.operations.grid_cells import read_entry
from service.operations.history import ChangeContext
from service.problems import Problem, stale

#: The grid's codes → the exam's statuses (NN is not one of them).
EXAM_CODES = {
    GradeStatus.ABS: ExamUnitStatus.ABSENT,
    GradeStatus.ABJ: ExamUnitStatus.ABSENT_FORCE_MAJEURE,
    GradeStatus.DISP: ExamUnitStatus.DISPENSED,
}
#: The exam's statuses → the codes the grid shows.
SHOWN_CODES = {status: code.value for code, status in EXAM_CODES.items()}
HINT = "Tapez une note (12,5) ou un code : ABS, ABJ (force majeure), DISP."
PARTS_HINT = "U5 par parties : l'écrit puis le pratique, « 12 + 14 »."
NO_ERASE = "Une note d'examen enregistrée ne s'efface pas : tapez ABS, ABJ ou DISP."


@dataclass(frozen=True, slots=True)
class StoredExam:
    """A cell as stored: its values, version and last writer."""

    values: ExamValues
    version: int
    by: str | None


def read_exam_entry(text: str) -> ExamValues | None:
    """Return what a typed cell means, or None when blank (422 if unreadable).

    « 12 + 14 » gives U5's written and practical parts (R1; the engine says
    which units have parts).
    """
    if "+" in text:
        written, _, practical = text.partition("+")
        first, second = read_entry(written), read_entry(practical)
        if first is None or second is None or first.status or second.status:
            raise Problem(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                PARTS_HINT,
                errors={"grade": [PARTS_HINT]},
            )
        return ExamValues(written=first.score, practical=second.score)
    entry = read_entry(text)
    if entry is None:
        return None
    if entry.status is None:
        return ExamValues(grade=entry.score)
    status = EXAM_CODES.get(entry.status)
    if status is None:
        message = f"{entry.status.value} n'existe pas à l'examen. {HINT}"
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"grade": [message]}
        )
    return ExamValues(status=status)


def exam_row(registration_id: int, unit: str) -> ExamUnitGrade | None:
    """Return the stored entry of a unit, if any."""
    return db.session.scalar(
        select(ExamUnitGrade).where(
            ExamUnitGrade.registration_id == registration_id,
            ExamUnitGrade.unit == unit,
        )
    )


def save_exam_cell(
    registration: Registration,
    unit: str,
    context: ChangeContext,
    seen: int | None,
    text: str,
) -> int | None:
    """Save one typed cell read at version ``seen``; return its new version.

    A blank cell that holds nothing stays empty (None); a cell read empty but
    filled meanwhile is a conflict (412), like a stale version.
    """
    values = read_exam_entry(text)
    row = exam_row(registration.id, unit)
    if row is None:
        if values is None:
            return None
        if seen is not None:
            raise stale()
        created = exam_grades.create_exam_grade(registration, context, unit, values)
        return created.version
    if seen is None:
        raise stale()
    if values is None:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, NO_ERASE, errors={"grade": [NO_ERASE]}
        )
    return exam_grades.save_exam_grade(row, context, seen, values)


def stored_exam(registration_id: int, unit: str) -> StoredExam | None:
    """Return a cell as the database holds it now (for a conflict's answer)."""
    row = exam_row(registration_id, unit)
    if row is None:
        return None
    writer = db.session.get(User, row.updated_by_id) if row.updated_by_id else None
    by = writer.display_name if writer else None
    return StoredExam(ExamValues.of(row), row.version, by)
