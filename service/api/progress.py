"""A student's progress: formative averages, class statistics, projection, blocs.

R7: a student sees only published assessments, and no CCF grade — nor any
average, rank or projection using one — before the results are published.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED
from service.access.scope import student_in_reach
from service.access.visibility import visibility_for
from service.api.schemas.progress import ProgressSchema
from service.operations.student_progress import student_progress

blp = Blueprint(
    "progress", __name__, url_prefix="/api/v1", description="Progression des étudiants"
)

RULES = {"progress.get_progress": EVERYONE_SCOPED}


@blp.get("/students/<int:student_id>/progress")
@blp.response(200, ProgressSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_progress(student_id: int) -> Any:
    """Return a student's progress: averages, class figures, projection, blocs."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    return student_progress(student, visibility_for(caller, student.cohort))
