"""Formative grades: the grid of an assessment, single saves, history (D6, D8, R8).

Every write checks the version the writer read (``UPDATE … WHERE version = :seen``)
and adds its history row in the same transaction. A locked assessment refuses
every write (409, audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial
from http import HTTPStatus
from typing import Any

from sqlalchemy import Select, bindparam, select, update

from importers.cells import format_points
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

    @classmethod
    def from_history(cls, record: dict[str, Any]) -> GradeValues:
        """Return the values a history record holds (the inverse of ``as_history``)."""
        score, status = record["score"], record["status"]
        return cls(
            None if score is None else Decimal(score),
            None if status is None else GradeStatus(status),
            record["comment"],
        )

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
class GradeUpdate:
    """One grade of a bulk update: the version it must still be at, its new values."""

    grade_id: int
    version: int
    values: GradeValues


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
        return [f"La note doit être comprise entre 0 et {format_points(maximum)}."]
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


def update_grades(
    updates: Sequence[GradeUpdate], context: ChangeContext, at: datetime
) -> bool:
    """Write many grades in one executemany ``UPDATE … WHERE id AND version`` (D6).

    Return False when a grade was no longer at its version: the caller refuses the
    whole batch and the request rolls back. History rows are the caller's.
    """
    if not updates:
        return True
    statement = (
        update(GRADES)
        .where(
            GRADES.c.id == bindparam("b_id"),
            GRADES.c.version == bindparam("b_version"),
        )
        .values(
            score=bindparam("b_score", type_=GRADES.c.score.type),
            status=bindparam("b_status", type_=GRADES.c.status.type),
            comment=bindparam("b_comment"),
            version=GRADES.c.version + 1,
            updated_by_id=context.actor_id,
            updated_at=at,
        )
    )
    params = [
        {
            "b_id": change.grade_id,
            "b_version": change.version,
            "b_score": change.values.score,
            "b_status": change.values.status,
            "b_comment": change.values.comment,
        }
        for change in updates
    ]
    result = db.session.connection().execute(statement, params)
    return result.rowcount == len(params)


def history_of(entity: HistoryEntity, entity_id: int) -> Select[GradeHistory]:
    """Return the changes of one grade, CCF situation or exam grade, oldest first."""
    return (
        select(GradeHistory)
        .where(GradeHistory.entity == entity, GradeHistory.entity_id == entity_id)
        .order_by(GradeHistory.id)
    )
