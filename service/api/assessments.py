"""Formative assessments: list, create, edit, publish, lock, unlock (R7, R8, T07)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import Caller, current_caller
from service.access.rules import DIRECTOR_ONLY, EVERYONE_SCOPED, STAFF, Ownership
from service.access.scope import (
    assessment_in_reach,
    not_found,
    reachable_assessments,
    teaches,
)
from service.access.visibility import assessment_published
from service.api.pagination import SelectPage
from service.api.schemas.assessments import (
    AssessmentPatchSchema,
    AssessmentQuerySchema,
    AssessmentSchema,
    UnlockSchema,
)
from service.extensions import db
from service.models import Assessment, Cohort, Subject
from service.operations import assessments as operations

blp = Blueprint(
    "assessments", __name__, url_prefix="/api/v1", description="Évaluations formatives"
)

RULES = {
    "assessments.list_assessments": EVERYONE_SCOPED,
    "assessments.create_assessment": STAFF,
    "assessments.get_assessment": EVERYONE_SCOPED,
    "assessments.edit_assessment": STAFF,
    "assessments.publish_assessment": STAFF,
    "assessments.lock_assessment": STAFF,
    "assessments.unlock_assessment": DIRECTOR_ONLY,
}

ONE = "/assessments/<int:assessment_id>"


@blp.get("/assessments")
@blp.arguments(AssessmentQuerySchema, location="query")
@blp.response(200, AssessmentSchema(many=True))
@blp.paginate(SelectPage)
def list_assessments(query: dict[str, Any]) -> Any:
    """List the assessments in reach; students see published ones only (R7)."""
    statement = reachable_assessments(current_caller())
    for name in ("cohort_id", "subject_id", "period_id"):
        if name in query:
            statement = statement.where(getattr(Assessment, name) == query[name])
    if "published" in query:
        published = assessment_published()
        statement = statement.where(published if query["published"] else ~published)
    return statement.order_by(Assessment.held_on.desc(), Assessment.id.desc())


@blp.post("/assessments")
@blp.arguments(AssessmentSchema)
@blp.response(201, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
def create_assessment(data: dict[str, Any]) -> Any:
    """Create an assessment for a cohort × subject the caller teaches."""
    caller = current_caller()
    _check_teaching(caller, data["cohort_id"], data["subject_id"])
    assessment = operations.create_assessment(caller.user.id, data)
    db.session.commit()
    return assessment


@blp.get(ONE)
@blp.response(200, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_assessment(assessment_id: int) -> Any:
    """Return one assessment in reach."""
    return assessment_in_reach(current_caller(), assessment_id)


@blp.patch(ONE)
@blp.arguments(AssessmentPatchSchema)
@blp.response(200, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def edit_assessment(changes: dict[str, Any], assessment_id: int) -> Any:
    """Change an assessment; locked ones refuse (409, audited)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    operations.edit_assessment(assessment, caller.user.id, changes)
    db.session.commit()
    return assessment


@blp.post(f"{ONE}/publish")
@blp.response(200, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def publish_assessment(assessment_id: int) -> Any:
    """Publish an assessment: its students see it and their grades (R7)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    operations.publish_assessment(assessment, caller.user.id)
    db.session.commit()
    return assessment


@blp.post(f"{ONE}/lock")
@blp.response(200, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
def lock_assessment(assessment_id: int) -> Any:
    """Lock an assessment: every later write is refused and audited."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    operations.lock_assessment(assessment, caller.user.id)
    db.session.commit()
    return assessment


@blp.post(f"{ONE}/unlock")
@blp.arguments(UnlockSchema)
@blp.response(200, AssessmentSchema)
@blp.alt_response(404, "NOT_FOUND")
def unlock_assessment(data: dict[str, str], assessment_id: int) -> Any:
    """Reopen a locked assessment (director); the reason is audited (T07)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    operations.unlock_assessment(assessment, caller.user.id, data["reason"])
    db.session.commit()
    return assessment


def _check_teaching(caller: Caller, cohort_id: int, subject_id: int) -> None:
    """404 unless the cohort and subject exist and the caller teaches them."""
    if db.session.get(Cohort, cohort_id) is None:
        raise not_found("Cohorte")
    if db.session.get(Subject, subject_id) is None:
        raise not_found("Matière")
    if caller.ownership is Ownership.ASSIGNMENTS and not teaches(
        caller.user, cohort_id, subject_id
    ):
        raise not_found("Cohorte")
