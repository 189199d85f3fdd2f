"""The grade cells an import would write, checked against the database (D5).

Every reader's output becomes ``CellGrade`` rows; ``check_cells`` adds the
service's own errors (student outside the assessment's class, score above the
maximum, assessment out of reach); ``preview_of`` compares them with the stored
grades: new, changed, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from importers.records import CellError, GradeCode, GradeValue
from service.extensions import db
from service.models import Assessment, Grade, GradeStatus, Student
from service.operations.grades import GradeValues

FIRST_ROWS = 20
NOT_IN_CLASS = "Cet étudiant n'est pas dans la classe de l'évaluation « {title} »."
ABOVE_MAX = "La note {value} dépasse le maximum de l'évaluation ({maximum})."


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value was read: a sheet and an A1 cell."""

    sheet: str
    cell: str

    def error(self, message: str) -> CellError:
        """Return an error reported at this place."""
        return CellError(self.sheet, self.cell, message)


@dataclass(frozen=True, slots=True)
class CellGrade:
    """One non-blank grade read from a file, for one student and assessment."""

    assessment_id: int
    student_id: int
    score: Decimal | None
    status: GradeStatus | None
    sheet: str
    cell: str
    #: Version of the grade when the sheet was exported (None: no grade then).
    seen: int | None

    @classmethod
    def of(
        cls,
        assessment_id: int,
        student_id: int,
        value: GradeValue,
        where: Place,
        seen: int | None,
    ) -> CellGrade:
        """Build a row from a reader's value (a Decimal or a code)."""
        score = value if isinstance(value, Decimal) else None
        status = GradeStatus(value.value) if isinstance(value, GradeCode) else None
        return cls(
            assessment_id, student_id, score, status, where.sheet, where.cell, seen
        )

    def as_json(self) -> dict[str, Any]:
        """Return the row as kept in the batch (numbers as strings)."""
        return {
            "assessment_id": self.assessment_id,
            "student_id": self.student_id,
            "score": None if self.score is None else f"{self.score:.2f}",
            "status": None if self.status is None else str(self.status),
            "sheet": self.sheet,
            "cell": self.cell,
            "seen": self.seen,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CellGrade:
        """Rebuild a row kept in a batch."""
        score, status = data["score"], data["status"]
        return cls(
            data["assessment_id"],
            data["student_id"],
            None if score is None else Decimal(score),
            None if status is None else GradeStatus(status),
            data["sheet"],
            data["cell"],
            data["seen"],
        )


@dataclass(frozen=True, slots=True)
class StoredGrade:
    """A grade as stored now."""

    id: int
    version: int
    values: GradeValues


def stored_grades(assessment_ids: Iterable[int]) -> dict[tuple[int, int], StoredGrade]:
    """Return the stored grades of the assessments by (student id, assessment id)."""
    rows = db.session.execute(
        select(
            Grade.id,
            Grade.assessment_id,
            Grade.student_id,
            Grade.version,
            Grade.score,
            Grade.status,
            Grade.comment,
        ).where(Grade.assessment_id.in_(list(assessment_ids)))
    )
    return {
        (row.student_id, row.assessment_id): StoredGrade(
            row.id, row.version, GradeValues.of(row)
        )
        for row in rows
    }


def check_cells(
    cells: Sequence[CellGrade], assessments: dict[int, Assessment]
) -> list[CellError]:
    """Return the service's errors: class of the student, maximum of the assessment."""
    cohorts = {a.cohort_id for a in assessments.values()}
    cohort_of = {
        row.id: row.cohort_id
        for row in db.session.execute(
            select(Student.id, Student.cohort_id).where(Student.cohort_id.in_(cohorts))
        )
    }
    errors = []
    for cell in cells:
        assessment = assessments[cell.assessment_id]
        if cohort_of.get(cell.student_id) != assessment.cohort_id:
            message = NOT_IN_CLASS.format(title=assessment.title)
            errors.append(CellError(cell.sheet, cell.cell, message))
        elif cell.score is not None and cell.score > assessment.max_score:
            message = ABOVE_MAX.format(value=cell.score, maximum=assessment.max_score)
            errors.append(CellError(cell.sheet, cell.cell, message))
    return errors


def preview_of(
    cells: Sequence[CellGrade], errors: Sequence[CellError]
) -> dict[str, Any]:
    """Count new, changed and unchanged grades; list the first rows and every error."""
    stored = stored_grades({cell.assessment_id for cell in cells})
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    first: list[dict[str, Any]] = []
    stale: list[str] = []
    for cell in cells:
        before = stored.get((cell.student_id, cell.assessment_id))
        state = _state(cell, before)
        counts[state] += 1
        if state != "unchanged" and is_stale(cell, before):
            stale.append(cell.cell)
        if len(first) < FIRST_ROWS:
            first.append(cell.as_json() | {"state": state, "before": _before(before)})
    return counts | {
        "errors": [
            {"sheet": e.sheet, "cell": e.cell, "message": e.message} for e in errors
        ],
        "first_rows": first,
        "stale_cells": stale,
    }


def values_of(cell: CellGrade, before: StoredGrade | None) -> GradeValues:
    """Return the values a cell writes; the stored comment is kept."""
    comment = None if before is None else before.values.comment
    return GradeValues(cell.score, cell.status, comment)


def is_stale(cell: CellGrade, before: StoredGrade | None) -> bool:
    """Tell whether the grade changed since the sheet was exported (Moodle's rule)."""
    return cell.seen != (None if before is None else before.version)


def _state(cell: CellGrade, before: StoredGrade | None) -> str:
    if before is None:
        return "new"
    return "unchanged" if values_of(cell, before) == before.values else "changed"


def _before(before: StoredGrade | None) -> dict[str, Any] | None:
    return None if before is None else before.values.as_history()
