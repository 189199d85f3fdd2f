"""Grades: the grid of an assessment, single saves with If-Match, history (D6, D8)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED, STAFF
from service.access.scope import assessment_in_reach, grade_in_reach, reachable_grades
from service.api.concurrency import IF_MATCH_PARAMETER, etag, expected_version
from service.api.pagination import SelectPage
from service.api.schemas.grades import (
    GradeQuerySchema,
    GradeSchema,
    GradeValueSchema,
    GridSavedSchema,
    GridSaveSchema,
    GridSchema,
    HistorySchema,
)
from service.extensions import db
from service.models import Assessment, ChangeSource, Grade, HistoryEntity
from service.operations import grade_grid
from service.operations.grades import GradeValues, grid_rows, history_of, save_grade
from service.operations.history import ChangeContext

blp = Blueprint("grades", __name__, url_prefix="/api/v1", description="Notes")

RULES = {
    "grades.get_grid": STAFF,
    "grades.save_grid": STAFF,
    "grades.list_grades": EVERYONE_SCOPED,
    "grades.get_grade": EVERYONE_SCOPED,
    "grades.put_grade": STAFF,
    "grades.get_history": STAFF,
}

GRID = "/assessments/<int:assessment_id>/grades"
ONE = "/grades/<int:grade_id>"


@blp.get(GRID)
@blp.response(200, GridSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_grid(assessment_id: int) -> Any:
    """Return every student of the cohort with their grade (or null) and version."""
    assessment = assessment_in_reach(current_caller(), assessment_id)
    return _grid(assessment)


@blp.put(GRID)
@blp.arguments(GridSaveSchema)
@blp.response(200, GridSavedSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(412, "PRECONDITION_FAILED")
def save_grid(data: dict[str, Any], assessment_id: int) -> Any:
    """Save many grades at once: all rows or none; a stale row refuses the batch."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    context = ChangeContext(caller.user.id, ChangeSource.API)
    rows = grade_grid.row_inputs(data["grades"])
    outcome = grade_grid.save_grid(assessment, context, rows)
    db.session.commit()
    counts = {"created": outcome.created, "updated": outcome.updated}
    return _grid(assessment) | counts | {"unchanged": outcome.unchanged}


@blp.get("/grades")
@blp.arguments(GradeQuerySchema, location="query")
@blp.response(200, GradeSchema(many=True))
@blp.paginate(SelectPage)
def list_grades(query: dict[str, Any]) -> Any:
    """List grades in reach; a student sees their own, of published assessments."""
    statement = reachable_grades(current_caller())
    for name in ("assessment_id", "student_id"):
        if name in query:
            statement = statement.where(getattr(Grade, name) == query[name])
    return statement.order_by(Assessment.held_on.desc(), Grade.id)


@blp.get(ONE)
@blp.response(200, GradeSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_grade(grade_id: int) -> Any:
    """Return one grade; its ETag is the version to send back in If-Match."""
    grade = grade_in_reach(current_caller(), grade_id)
    return grade, etag(grade.version)


@blp.put(ONE)
@blp.arguments(GradeValueSchema)
@blp.response(200, GradeSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(412, "PRECONDITION_FAILED")
@blp.alt_response(428, "PRECONDITION_REQUIRED")
def put_grade(data: dict[str, Any], grade_id: int) -> Any:
    """Replace one grade if unchanged since read (If-Match: 428 absent, 412 stale)."""
    caller = current_caller()
    grade = grade_in_reach(caller, grade_id, write=True)
    seen = expected_version()
    values = GradeValues(data["score"], data["status"], data["comment"])
    context = ChangeContext(caller.user.id, ChangeSource.API)
    version = save_grade(grade, context, seen, values)
    db.session.commit()
    return grade, etag(version)


@blp.get(f"{ONE}/history")
@blp.response(200, HistorySchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.paginate(SelectPage)
def get_history(grade_id: int) -> Any:
    """List the changes of one grade, oldest first (who, source, before, after)."""
    grade = grade_in_reach(current_caller(), grade_id)
    return history_of(HistoryEntity.GRADE, grade.id)


def _grid(assessment: Assessment) -> dict[str, Any]:
    return {"assessment": assessment, "rows": grid_rows(assessment)}
