"""A student's progress: formative averages, class statistics, projection, blocs.

R7: a student sees only published assessments, and no CCF grade — nor any
average, rank or projection using one — before the results are published.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import Caller, current_caller
from service.access.rules import EVERYONE_SCOPED, Ownership
from service.access.scope import student_in_reach
from service.api.schemas.progress import ProgressSchema
from service.extensions import db
from service.models import Cohort, Subject, TeachingAssignment
from service.operations.progress import Visibility
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


def visibility_for(caller: Caller, cohort: Cohort) -> Visibility:
    """Return what the caller may see of the cohort's grades (R7)."""
    if caller.ownership is Ownership.ALL:
        return Visibility(published_only=False)
    if caller.ownership is Ownership.ASSIGNMENTS:
        return Visibility(False, taught_units(caller, cohort))
    return Visibility(published_only=True)


def taught_units(caller: Caller, cohort: Cohort) -> frozenset[str]:
    """Return the units of the subjects the trainer teaches to the cohort.

    The same reach as the CCF routes (``scope.teaches_unit``): a subject's own unit.
    """
    units = db.session.scalars(
        select(Subject.unit)
        .join(TeachingAssignment, TeachingAssignment.subject_id == Subject.id)
        .where(
            TeachingAssignment.trainer_id == caller.user.id,
            TeachingAssignment.cohort_id == cohort.id,
            Subject.unit.is_not(None),
        )
    )
    return frozenset(unit for unit in units if unit is not None)
