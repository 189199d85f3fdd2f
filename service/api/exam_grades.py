"""Exam unit grades of a registration (the director's): ETag / If-Match, history."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.api.concurrency import IF_MATCH_PARAMETER, etag, expected_version
from service.api.exam_sessions import load_registration
from service.api.pagination import SelectPage
from service.api.schemas.exam_grades import (
    CandidateInputSchema,
    ExamGradeCreateSchema,
    ExamGradeSchema,
    ExamHistorySchema,
    ExamValueSchema,
)
from service.extensions import db
from service.models import ChangeSource, ExamUnitGrade, HistoryEntity
from service.operations import exam_grades as operations
from service.operations.exam_grades import ExamValues
from service.operations.grades import history_of
from service.operations.history import ChangeContext
from service.operations.results import candidate_input

blp = Blueprint(
    "exam_grades", __name__, url_prefix="/api/v1", description="Notes d'examen"
)

RULES = {
    f"exam_grades.{name}": DIRECTOR_ONLY
    for name in (
        "list_exam_grades",
        "create_exam_grade",
        "get_exam_grade",
        "put_exam_grade",
        "get_exam_grade_history",
        "get_candidate_input",
    )
}

LIST = "/registrations/<int:registration_id>/exam-grades"
ONE = "/exam-grades/<int:grade_id>"


def load_exam_grade(grade_id: int) -> ExamUnitGrade:
    """Return an exam unit grade or answer 404."""
    row = db.session.get(ExamUnitGrade, grade_id)
    if row is None:
        raise not_found("Note d'examen")
    return row


def _values(data: dict[str, Any]) -> ExamValues:
    return ExamValues(data["grade"], data["written"], data["practical"], data["status"])


@blp.get(LIST)
@blp.response(200, ExamGradeSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
def list_exam_grades(registration_id: int) -> Any:
    """List the unit grades entered for a registration."""
    registration = load_registration(registration_id)
    return db.session.scalars(
        select(ExamUnitGrade)
        .where(ExamUnitGrade.registration_id == registration.id)
        .order_by(ExamUnitGrade.unit)
    ).all()


@blp.post(LIST)
@blp.arguments(ExamGradeCreateSchema)
@blp.response(201, ExamGradeSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def create_exam_grade(data: dict[str, Any], registration_id: int) -> Any:
    """Enter a unit's grade; its ETag is the version to send back in If-Match."""
    registration = load_registration(registration_id)
    context = ChangeContext(current_caller().user.id, ChangeSource.API)
    unit = data.pop("unit")
    row = operations.create_exam_grade(registration, context, unit, _values(data))
    db.session.commit()
    return row, etag(row.version)


@blp.get(ONE)
@blp.response(200, ExamGradeSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_exam_grade(grade_id: int) -> Any:
    """Return one unit grade with its ETag (the version)."""
    row = load_exam_grade(grade_id)
    return row, etag(row.version)


@blp.put(ONE)
@blp.arguments(ExamValueSchema)
@blp.response(200, ExamGradeSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(412, "PRECONDITION_FAILED")
@blp.alt_response(428, "PRECONDITION_REQUIRED")
def put_exam_grade(data: dict[str, Any], grade_id: int) -> Any:
    """Replace a unit's entry if unchanged since read (428 without If-Match, 412)."""
    row = load_exam_grade(grade_id)
    seen = expected_version()
    context = ChangeContext(current_caller().user.id, ChangeSource.API)
    version = operations.save_exam_grade(row, context, seen, _values(data))
    db.session.commit()
    return row, etag(version)


@blp.get(f"{ONE}/history")
@blp.response(200, ExamHistorySchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.paginate(SelectPage)
def get_exam_grade_history(grade_id: int) -> Any:
    """List the changes of one unit grade, oldest first."""
    return history_of(HistoryEntity.EXAM_UNIT_GRADE, load_exam_grade(grade_id).id)


@blp.get("/registrations/<int:registration_id>/candidate")
@blp.response(200, CandidateInputSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_candidate_input(registration_id: int) -> Any:
    """Return the engine's input for this registration (POST it to /simulations).

    CCF units come from the student's situations (R2), unless a unit grade row or
    a jury adjustment gives the unit grade directly.
    """
    return candidate_input(load_registration(registration_id))
