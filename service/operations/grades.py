"""Formative grades: the grid of an assessment, single saves, history (D6, D8, R8).

Every write checks the version the writer read (``UPDATE … WHERE version = :seen``)
and adds its history row in the same transaction. A locked assessment refuses
every write (409, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from http import HTTPStatus
from typing import Any

from sqlalchemy import Select, select

from service.extensions import db
from service.models import (
    Assessment,
    Grade,
    GradeHistory,
    GradeStatus,
    HistoryEntity,
    Student,
)
from service.operations.assessments import ensure_writable
from service.operations.history import ChangeContext
from service.operations.versioned import Kind, Target, write_versioned
from service.problems import Problem

GRADES = Grade.metadata.tables[Grade.__tablename__]
GRADE_ROWS = Kind(GRADES, HistoryEntity.GRADE)


@dataclass(frozen=True, slots=True)
class GradeValues:
    """What a grade holds: a score or a status (never both), and a comment."""

    score: Decimal | None
    status: GradeStatus | None
    comment: str | None

    @classmethod
    def of(cls, grade: Any) -> GradeValues:
        """Return the values of a grade row (ORM object or result row)."""
        return cls(grade.score, grade.status, grade.comment)

    def columns(self) -> dict[str, Any]:
        """Return the values by column name."""
        return {"score": self.score, "status": self.status, "comment": self.comment}

    def as_history(self) -> dict[str, Any]:
        """Return the values as a history record (numbers as strings)."""
        return {
            "score": None if self.score is None else f"{self.score:.2f}",
            "status": None if self.status is None else str(self.status),
            "comment": self.comment,
        }


@dataclass(frozen=True, slots=True)
class GridRow:
    """A student of the cohort and their grade, if any."""

    student: Student
    grade: Grade | None


def grid_rows(assessment: Assessment) -> list[GridRow]:
    """Return every student of the assessment's cohort with their grade or None."""
    students = db.session.scalars(
        select(Student)
        .where(Student.cohort_id == assessment.cohort_id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    grades = {
        grade.student_id: grade
        for grade in db.session.scalars(
            select(Grade).where(Grade.assessment_id == assessment.id)
        )
    }
    return [GridRow(student, grades.get(student.id)) for student in students]


def score_errors(values: GradeValues, maximum: Decimal) -> list[str]:
    """Return why a score is refused (0 ≤ score ≤ the assessment's maximum)."""
    if values.score is not None and not Decimal(0) <= values.score <= maximum:
        return [f"La note doit être comprise entre 0 et {maximum}."]
    return []


def save_grade(
    grade: Grade, context: ChangeContext, seen: int, values: GradeValues
) -> int:
    """Write one grade if it is still at version ``seen``; return its new version.

    A locked assessment refuses the write (409, audited, T07).
    """
    actor_id = context.actor_id
    assert actor_id is not None
    target = Target(
        GRADE_ROWS,
        grade,
        GradeValues.of(grade),
        refuse=partial(
            ensure_writable,
            grade.assessment,
            actor_id,
            "grade.write",
            {"grade_id": grade.id},
        ),
        check=partial(check_score, maximum=grade.max_score),
    )
    return write_versioned(target, context, seen, values)


def check_score(values: GradeValues, maximum: Decimal) -> None:
    """Answer 422 naming the score unless 0 ≤ score ≤ ``maximum``."""
    if errors := score_errors(values, maximum):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, errors[0], errors={"score": errors}
        )


def history_of(entity: HistoryEntity, entity_id: int) -> Select[GradeHistory]:
    """Return the changes of one grade, CCF situation or exam grade, oldest first."""
    return (
        select(GradeHistory)
        .where(GradeHistory.entity == entity, GradeHistory.entity_id == entity_id)
        .order_by(GradeHistory.id)
    )
